//! Every row of data/zns_error_codes.csv, read here independently of the
//! generator, comes back through the public API with identical text; codes
//! around the known ones are unknown. Nothing here names a row, so the tests
//! hold for any valid table (tests/table_edits.rs runs them on other tables).

use std::collections::{HashMap, HashSet};
use std::str::FromStr;

use zalo_zns_errors::{ErrorCode, UnknownCode};

/// The table as the file has it: each row's cells by column name.
fn csv_rows() -> Vec<HashMap<String, String>> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/zns_error_codes.csv");
    let mut reader = csv::Reader::from_path(path).expect("the table opens");
    let header: Vec<String> = reader
        .headers()
        .expect("the table has a header")
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    reader
        .records()
        .map(|record| {
            let record = record.expect("the table reads");
            // The build reads a spreadsheet's CRLF inside a cell as a line break.
            let cells = record.iter().map(|c| c.replace("\r\n", "\n"));
            header.iter().cloned().zip(cells).collect()
        })
        .collect()
}

/// An optional cell as the CSV spells it; an empty cell must read as `None`.
fn optional(text: Option<&str>) -> String {
    assert_ne!(
        text,
        Some(""),
        "an empty cell reads as None, not Some(\"\")"
    );
    text.unwrap_or_default().to_owned()
}

/// What the API gives for a column of the table, as the CSV spells it.
fn through_the_api(code: ErrorCode, column: &str) -> String {
    match column {
        "code" => code.code().to_string(),
        "variant" => code.name().to_owned(),
        "description" => code.description().to_owned(),
        "info_vi" => optional(code.info_vi()),
        "remedy_vi" => optional(code.remedy_vi()),
        "info_en" => optional(code.info_en()),
        "remedy_en" => optional(code.remedy_en()),
        "category" => code.category().to_string(),
        "retry" => code.retry().to_string(),
        "scope" => code.scope().to_string(),
        "dropped_on" => optional(code.dropped_on()),
        other => panic!("tests/table.rs does not know the column `{other}`: add its accessor here"),
    }
}

#[test]
fn every_row_comes_back_through_the_api() {
    let rows = csv_rows();
    assert_eq!(rows.len(), ErrorCode::ALL.len());
    for (row, &code) in rows.iter().zip(ErrorCode::ALL) {
        for (column, cell) in row {
            assert_eq!(
                &through_the_api(code, column),
                cell,
                "column {column} of {}",
                row["variant"]
            );
        }
        assert_eq!(ErrorCode::from_code(code.code()), Some(code));
        assert_eq!(format!("{code:?}"), row["variant"]);
        assert_eq!(
            code.to_string(),
            format!("{} {}", row["code"], row["description"])
        );
    }
}

/// The codes next to each known code that the table does not have.
fn neighbours() -> Vec<i32> {
    let known: HashSet<i32> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
    let mut out: Vec<i32> = ErrorCode::ALL
        .iter()
        .flat_map(|c| [c.code().checked_sub(1), c.code().checked_add(1)])
        .flatten()
        .chain([i32::MIN, i32::MAX, 0, -1, 1])
        .filter(|c| !known.contains(c))
        .collect();
    out.sort_unstable();
    out.dedup();
    out
}

#[test]
fn codes_on_both_sides_of_each_known_one_are_unknown() {
    for number in neighbours() {
        assert_eq!(ErrorCode::from_code(number), None, "{number}");
        assert_eq!(
            ErrorCode::try_from(number).map_err(UnknownCode::code),
            Err(number)
        );
    }
}

#[test]
fn every_code_round_trips_through_every_conversion() {
    for &code in ErrorCode::ALL {
        let number = code.code();
        assert_eq!(ErrorCode::try_from(number), Ok(code));
        assert_eq!(i32::from(code), number);
        assert_eq!(ErrorCode::from_str(&number.to_string()), Ok(code));
        assert_eq!(ErrorCode::from_str(code.name()), Ok(code));
        assert_eq!(ErrorCode::from_str(code.constant_name()), Ok(code));
        assert_eq!(ErrorCode::from_name(code.name()), Some(code));
        assert_eq!(
            ErrorCode::from_name(&code.name().to_ascii_lowercase()),
            Some(code)
        );
        assert_eq!(
            ErrorCode::from_name(&code.name().to_ascii_uppercase()),
            Some(code)
        );
        assert_eq!(ErrorCode::from_name(code.constant_name()), Some(code));
        assert_eq!(
            ErrorCode::from_name(&code.constant_name().to_ascii_lowercase()),
            Some(code)
        );
        // The constant name is the variant name in SCREAMING_SNAKE_CASE.
        assert_eq!(
            code.constant_name().replace('_', ""),
            code.name().to_ascii_uppercase()
        );
    }
}

#[test]
fn names_and_codes_are_unique() {
    let names: HashSet<String> = ErrorCode::ALL
        .iter()
        .map(|c| c.name().to_ascii_lowercase())
        .collect();
    let codes: HashSet<i32> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
    assert_eq!(names.len(), ErrorCode::ALL.len());
    assert_eq!(codes.len(), ErrorCode::ALL.len());
}

#[test]
fn unknown_codes_are_kept_not_lost() {
    for number in neighbours() {
        assert_eq!(ErrorCode::from_code(number), None);
        let unknown: UnknownCode = ErrorCode::try_from(number).unwrap_err();
        assert_eq!(unknown.code(), number);
        assert_eq!(
            unknown.to_string(),
            format!("unknown ZNS error code {number}")
        );
        let parsed = ErrorCode::from_str(&number.to_string()).unwrap_err();
        assert_eq!(parsed.unknown_code(), Some(unknown));
        let boxed: Box<dyn std::error::Error> = Box::new(unknown);
        assert!(boxed.to_string().contains(&number.to_string()));
    }
}

#[test]
fn text_that_is_not_a_code_is_refused_with_a_reason() {
    for text in [
        "",
        "-",
        "+",
        "Phone_NumberInvalid",
        "PhoneNumberInvalidX",
        " -108",
        "99999999999",
        "-1.08e2",
    ] {
        let error = ErrorCode::from_str(text).unwrap_err();
        assert_eq!(error.unknown_code(), None, "{text:?}");
        assert!(
            error
                .to_string()
                .starts_with(&format!("{text:?} is not a ZNS error code")),
            "{error}"
        );
    }
    assert_eq!(ErrorCode::from_name(""), None);
    assert_eq!(ErrorCode::from_name("Số"), None);
}
