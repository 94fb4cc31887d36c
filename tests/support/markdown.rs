//! Reading the tables of the project's Markdown files in tests.

/// The first cells (backticks taken off) of the table in `doc` whose
/// header row starts with `| label |`.
pub fn first_column(doc: &str, label: &str) -> Vec<String> {
    let header = format!("\n| {label} |");
    let start = doc
        .find(&header)
        .unwrap_or_else(|| panic!("no table headed {header:?}"));
    doc[start + 1..]
        .lines()
        .skip(2)
        .take_while(|l| l.starts_with('|'))
        .map(|l| {
            l.split('|')
                .nth(1)
                .unwrap_or_default()
                .trim()
                .trim_matches('`')
                .to_owned()
        })
        .collect()
}
