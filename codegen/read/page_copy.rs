//! The copy of Zalo's page that data/ keeps beside the table
//! (data/zns_error_page.txt): the date it was saved, which the crate's
//! documentation shows.

/// The official page the table follows: the tools read it, the copy's
/// notes and the crate's documentation name it.
pub const OFFICIAL_PAGE: &str = "https://zalo.cloud/zns/guidelines/handle-error-code";

/// The copy's path in the repository, beside the table.
pub const PATH: &str = "data/zns_error_page.txt";

/// The copy's file name: beside the table, wherever the table is.
pub fn file_name() -> &'static str {
    PATH.rsplit('/').next().unwrap_or(PATH)
}

/// The date a copy says it was saved on (`# saved on YYYY-MM-DD. …`).
pub fn saved_on(text: &str) -> Option<&str> {
    let line = text.lines().find(|l| l.starts_with("# saved on "))?;
    let date = line.strip_prefix("# saved on ")?.split('.').next()?.trim();
    super::super::date::is_date(date).then_some(date)
}

/// The sentence of the documentation that dates the table.
pub fn compared_note(saved_on: &str) -> String {
    format!(
        "The table was last compared with Zalo's page <{OFFICIAL_PAGE}> as \
         saved on {saved_on} (`{PATH}`).\n\n"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_date_is_read_from_the_notes() {
        let copy = "# Zalo's page …,\n# saved on 2026-11-30. data/… follows this copy.\n\nMã lỗi\n";
        assert_eq!(saved_on(copy), Some("2026-11-30"));
        assert_eq!(saved_on("# saved on yesterday.\n"), None);
        assert_eq!(saved_on("Mã lỗi\n"), None);
        assert!(compared_note("2026-11-30").contains("as saved on 2026-11-30"));
        assert_eq!(file_name(), "zns_error_page.txt");
        let notes = crate::codegen_tools::page_copy_notes("2027-01-15");
        assert_eq!(saved_on(&notes), Some("2027-01-15"));
    }
}
