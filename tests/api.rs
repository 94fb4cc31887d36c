//! The public API beyond the table's texts: const use, comparisons with raw
//! codes, the labels' spellings, `Failure`'s display. Nothing here depends on
//! a row's text, so an editor's valid change to the table cannot break it.

use zalo_zns_errors::{Category, ErrorCode, Failure, ParseLabelError, Retry, Scope, codes};

#[test]
fn codes_are_usable_in_const_contexts() {
    const CODE: Option<ErrorCode> = ErrorCode::from_code(codes::ACCESS_TOKEN_INVALID);
    const TEXT: &str = match CODE {
        Some(code) => code.description(),
        None => "",
    };
    assert_eq!(TEXT, ErrorCode::AccessTokenInvalid.description());
    assert_eq!(
        codes::ACCESS_TOKEN_INVALID,
        ErrorCode::AccessTokenInvalid.code()
    );
}

#[test]
fn a_code_compares_with_a_raw_number_both_ways() {
    for &code in ErrorCode::ALL {
        let raw: i32 = code.code();
        assert_eq!(code, raw);
        assert_eq!(raw, code);
        assert_ne!(code, raw.wrapping_add(1));
        assert_ne!(raw.wrapping_add(1), code);
    }
}

#[test]
fn display_and_debug() {
    for &code in ErrorCode::ALL {
        assert_eq!(
            code.to_string(),
            format!("{} {}", code.code(), code.description())
        );
        assert_eq!(format!("{code:?}"), code.name());
    }
}

/// Each value and its spelling, written out here rather than read from the
/// crate's `as_str`, so a changed spelling fails.
const CATEGORIES: &[(Category, &str)] = &[
    (Category::Success, "success"),
    (Category::Application, "application"),
    (Category::Auth, "auth"),
    (Category::Request, "request"),
    (Category::Template, "template"),
    (Category::Recipient, "recipient"),
    (Category::Permission, "permission"),
    (Category::Billing, "billing"),
    (Category::Quota, "quota"),
    (Category::Schedule, "schedule"),
    (Category::Encryption, "encryption"),
    (Category::Journey, "journey"),
    (Category::Internal, "internal"),
];
const RETRIES: &[(Retry, &str)] = &[
    (Retry::NotNeeded, "not_needed"),
    (Retry::Backoff, "backoff"),
    (Retry::RefreshToken, "refresh_token"),
    (Retry::AfterNightWindow, "after_night_window"),
    (Retry::NextDay, "next_day"),
    (Retry::AfterFix, "after_fix"),
    (Retry::Never, "never"),
    (Retry::OtherChannel, "other_channel"),
];
const SCOPES: &[(Scope, &str)] = &[
    (Scope::Nothing, "nothing"),
    (Scope::Message, "message"),
    (Scope::Recipient, "recipient"),
    (Scope::Template, "template"),
    (Scope::Sender, "sender"),
];

fn check_spellings<T>(pairs: &[(T, &str)], all: &[T], kind: &str)
where
    T: Copy
        + PartialEq
        + std::fmt::Debug
        + std::fmt::Display
        + std::str::FromStr<Err = ParseLabelError>,
{
    assert_eq!(pairs.iter().map(|p| p.0).collect::<Vec<_>>(), all);
    let allowed: Vec<&str> = pairs.iter().map(|p| p.1).collect();
    for &(value, spelling) in pairs {
        assert_eq!(value.to_string(), spelling);
        assert_eq!(spelling.parse::<T>(), Ok(value));
        let shouted = spelling.to_ascii_uppercase();
        let error = shouted.parse::<T>().unwrap_err();
        assert_eq!(error.text(), shouted);
        assert_eq!(
            error.to_string(),
            format!(
                "{shouted:?} is not a {kind}; expected one of: {}",
                allowed.join(", ")
            )
        );
    }
    assert!("".parse::<T>().is_err());
}

#[test]
fn labels_parse_from_and_print_their_csv_spelling() {
    check_spellings(CATEGORIES, Category::ALL, "ZNS error category");
    check_spellings(RETRIES, Retry::ALL, "ZNS retry policy");
    check_spellings(SCOPES, Scope::ALL, "ZNS failure scope");
    for (value, spelling) in CATEGORIES {
        assert_eq!(value.as_str(), *spelling);
    }
}

#[test]
fn a_failure_shows_the_servers_message_once() {
    for &code in ErrorCode::ALL {
        let description = code.description();
        // The message says what the description says: shown once.
        for same in [
            description.to_owned(),
            description.to_uppercase(),
            format!("  {}. ", description.replace(' ', "  ")),
        ] {
            assert_eq!(
                Failure::new(code.code(), same).to_string(),
                code.to_string()
            );
        }
        assert_eq!(Failure::new(code.code(), "").to_string(), code.to_string());
        assert_eq!(
            Failure::new(code.code(), "Tham số <otp> sai").to_string(),
            format!("{code}: Tham số <otp> sai")
        );
    }
}

#[test]
fn the_alternate_display_adds_the_remedies() {
    for &code in ErrorCode::ALL {
        let shown = format!("{:#}", Failure::new(code.code(), "server says"));
        let mut expected = format!("{code}: server says");
        if let Some(remedy) = code.remedy_en() {
            expected.push_str(&format!("\nRemedy: {remedy}"));
        }
        if let Some(remedy) = code.remedy_vi() {
            expected.push_str(&format!("\nHướng dẫn xử lý: {remedy}"));
        }
        assert_eq!(shown, expected);
    }
}

/// A code the table does not have, whatever rows it holds: below every
/// known code.
fn unknown_code() -> i32 {
    ErrorCode::ALL.iter().map(|c| c.code()).min().unwrap_or(0) - 25
}

#[test]
fn failures_keep_unknown_codes() {
    let code = unknown_code();
    let unknown = Failure::new(code, "New in 2027");
    assert_eq!(
        (unknown.code(), unknown.error_code(), unknown.message()),
        (code, None, "New in 2027")
    );
    assert_eq!(
        (unknown.category(), unknown.retry(), unknown.scope()),
        (Category::Internal, Retry::AfterFix, Scope::Message)
    );
    assert_eq!(
        format!("{unknown:#}"),
        format!("{code} unknown code: New in 2027")
    );
    assert_eq!(
        Failure::new(code, "").to_string(),
        format!("{code} unknown code")
    );
    let boxed: Box<dyn std::error::Error + Send + Sync> = unknown.into();
    assert!(boxed.to_string().contains(&code.to_string()));
}

/// What a report that walks `source()` (as anyhow and eyre do) prints.
fn report(error: &(dyn std::error::Error + 'static)) -> String {
    let mut lines = vec![error.to_string()];
    let mut cause = error.source();
    while let Some(error) = cause {
        lines.push(format!("Caused by: {error}"));
        cause = error.source();
    }
    lines.join("\n")
}

#[test]
fn a_parse_error_says_its_cause_once() {
    let code = unknown_code();
    let error = code.to_string().parse::<ErrorCode>().unwrap_err();
    assert_eq!(error.unknown_code().map(|u| u.code()), Some(code));
    let report = report(&error);
    assert_eq!(report.matches(&code.to_string()).count(), 1, "{report}");
    for text in ["99999999999", "NoSuchCode"] {
        let error = text.parse::<ErrorCode>().unwrap_err();
        assert_eq!(error.unknown_code(), None);
        let report = self::report(&error);
        assert_eq!(report.matches(text).count(), 1, "{report}");
    }
}
