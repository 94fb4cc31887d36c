//! Every row of data/zns_error_codes.csv, read here independently of the
//! generator, comes back through the public API with identical text.

use std::collections::HashSet;
use std::str::FromStr;

use serde::Deserialize;
use zalo_zns_errors::{Category, ErrorCode, Retry, UnknownCode};

#[derive(Debug, Deserialize)]
struct CsvRow {
    code: i32,
    variant: String,
    description: String,
    info_vi: String,
    remedy_vi: String,
    category: String,
    retry: String,
    info_en: String,
    remedy_en: String,
}

fn csv_rows() -> Vec<CsvRow> {
    let path = concat!(env!("CARGO_MANIFEST_DIR"), "/data/zns_error_codes.csv");
    csv::Reader::from_path(path)
        .expect("the table opens")
        .deserialize()
        .collect::<Result<_, _>>()
        .expect("the table reads")
}

fn optional(text: &str) -> Option<&str> {
    if text.is_empty() { None } else { Some(text) }
}

#[test]
fn every_row_comes_back_through_the_api() {
    let rows = csv_rows();
    assert_eq!(rows.len(), ErrorCode::ALL.len());
    for (row, &code) in rows.iter().zip(ErrorCode::ALL) {
        assert_eq!(
            ErrorCode::from_code(row.code),
            Some(code),
            "row {}",
            row.variant
        );
        assert_eq!(code.code(), row.code);
        assert_eq!(code.name(), row.variant);
        assert_eq!(format!("{code:?}"), row.variant);
        assert_eq!(code.description(), row.description);
        assert_eq!(code.info_vi(), optional(&row.info_vi));
        assert_eq!(code.remedy_vi(), optional(&row.remedy_vi));
        assert_eq!(code.info_en(), optional(&row.info_en));
        assert_eq!(code.remedy_en(), optional(&row.remedy_en));
        assert_eq!(code.category().as_str(), row.category);
        assert_eq!(code.retry().as_str(), row.retry);
        assert_eq!(
            code.to_string(),
            format!("{} {}", row.code, row.description)
        );
    }
}

#[test]
fn the_table_is_the_pages_table() {
    let rows = csv_rows();
    assert_eq!(rows.len(), 55, "Zalo's page lists 55 codes");
    let codes: Vec<i32> = rows.iter().map(|r| r.code).collect();
    let mut expected: Vec<i32> = vec![0];
    expected.extend((100..=112).map(|c| -c));
    expected.push(-1123); // the page lists it right after -112
    expected.extend((113..=152).map(|c| -c));
    assert_eq!(codes, expected);
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
    let known: HashSet<i32> = ErrorCode::ALL.iter().map(|c| c.code()).collect();
    for number in [
        i32::MIN,
        -100_000,
        -1124,
        -1122,
        -153,
        -99,
        -1,
        1,
        200,
        i32::MAX,
    ] {
        assert!(!known.contains(&number));
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

#[test]
fn success_is_the_only_success() {
    let successes: Vec<ErrorCode> = ErrorCode::ALL
        .iter()
        .copied()
        .filter(|c| c.is_success())
        .collect();
    assert_eq!(successes.len(), 1);
    assert_eq!(successes[0].category(), Category::Success);
    assert_eq!(successes[0].retry(), Retry::NotNeeded);
    assert!(
        ErrorCode::ALL
            .iter()
            .filter(|c| !c.is_success())
            .all(|c| c.retry() != Retry::NotNeeded)
    );
}
