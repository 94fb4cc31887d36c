//! The public API on particular codes of the real table.

use zalo_zns_errors::{Category, ErrorCode, Failure, Retry, codes};

#[test]
fn codes_are_usable_in_const_contexts() {
    const CODE: Option<ErrorCode> = ErrorCode::from_code(-124);
    const TEXT: &str = match CODE {
        Some(code) => code.description(),
        None => "",
    };
    assert_eq!(TEXT, "Access token invalid");
    assert_eq!(zalo_zns_errors::codes::ACCESS_TOKEN_INVALID, -124);
}

#[test]
fn display_shows_code_and_description() {
    assert_eq!(
        ErrorCode::PhoneNumberInvalid.to_string(),
        "-108 Phone number invalid"
    );
    assert_eq!(
        format!("{:?}", ErrorCode::PhoneNumberInvalid),
        "PhoneNumberInvalid"
    );
    assert_eq!(Category::Recipient.to_string(), "recipient");
    assert_eq!(Retry::AfterNightWindow.to_string(), "after_night_window");
}

#[test]
fn the_page_quirks_are_kept() {
    // -1123 follows -112 on the page and in ALL.
    let after_112 = ErrorCode::ALL
        .iter()
        .position(|&c| c == ErrorCode::TemplateDataInvalid)
        .unwrap();
    assert_eq!(
        ErrorCode::ALL[after_112 + 1].code(),
        codes::QR_CODE_GENERATION_FAILED
    );
    // The stray space of "N ội dung" on the page was mended.
    assert_eq!(
        ErrorCode::CharacterLimitExceeded.info_vi(),
        Some("Nội dung mẫu ZNS vượt quá giới hạn kí tự")
    );
    // Multi-line remedies keep their lines and markers.
    let steps = ErrorCode::AccessTokenInvalid.remedy_vi().unwrap();
    assert_eq!(steps.lines().count(), 5);
    assert!(steps.contains("\n1. Lấy access token từ refresh token\n2. "));
}

#[test]
fn failures_keep_unknown_codes_and_show_the_remedy_on_request() {
    let known = Failure::new(codes::ACCESS_TOKEN_INVALID, "Access token is invalid");
    assert_eq!(known.error_code(), Some(ErrorCode::AccessTokenInvalid));
    assert_eq!(known.category(), Category::Auth);
    assert_eq!(known.retry(), Retry::RefreshToken);
    let alternate = format!("{known:#}");
    assert!(alternate.starts_with("-124 Access token invalid: Access token is invalid\nRemedy: Check / get the access token again"));
    assert!(alternate.contains("\nHướng dẫn xử lý: Kiểm tra/ lấy lại access token"));

    let unknown = Failure::new(-4242, "New in 2027");
    assert_eq!(
        (unknown.code(), unknown.error_code(), unknown.message()),
        (-4242, None, "New in 2027")
    );
    assert_eq!(
        (unknown.category(), unknown.retry()),
        (Category::Internal, Retry::AfterFix)
    );
    assert_eq!(format!("{unknown:#}"), "-4242 unknown code: New in 2027");
    let boxed: Box<dyn std::error::Error + Send + Sync> = unknown.into();
    assert!(boxed.to_string().contains("-4242"));
}
