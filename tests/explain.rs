//! examples/explain.rs, the README's first command.

#[allow(dead_code)]
#[path = "../examples/explain.rs"]
mod explain;

use explain::run;
use zalo_zns_errors::ErrorCode;

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

#[test]
fn a_code_or_a_name_explains_every_field() {
    let (output, status) = run(&args(&["-108"]));
    assert_eq!(status, 0);
    assert!(output.starts_with(
        "code:        -108\nvariant:     PhoneNumberInvalid (PHONE_NUMBER_INVALID)\ndescription: Phone number invalid\n\
         category:    request\nretry:       after_fix\ninfo (vi):   Số điện thoại không hợp lệ\ninfo (en):   The phone number is invalid\n"
    ), "{output}");
    assert!(
        output.contains("remedy (vi): Kiểm tra lại thông tin"),
        "{output}"
    );
    assert!(
        output.contains("\n             - 84xxxx\n"),
        "multi-line remedies are indented: {output}"
    );
    for query in [
        "PhoneNumberInvalid",
        "PHONE_NUMBER_INVALID",
        "phone_number_invalid",
    ] {
        assert_eq!(run(&args(&[query])), (output.clone(), 0), "{query}");
    }
}

#[test]
fn all_lists_every_code() {
    let (output, status) = run(&args(&["--all"]));
    assert_eq!(status, 0);
    assert_eq!(output.matches("\ncode:").count() + 1, ErrorCode::ALL.len());
    for code in ErrorCode::ALL {
        assert!(output.contains(&format!(
            "variant:     {} ({})\n",
            code.name(),
            code.constant_name()
        )));
    }
}

#[test]
fn an_unknown_code_fails_with_a_clear_line() {
    assert_eq!(
        run(&args(&["-4242"])),
        (
            "unknown ZNS error code -4242. Run with --all to list every code this version knows.\n"
                .to_owned(),
            1
        )
    );
    let (output, status) = run(&args(&["Nope"]));
    assert_eq!(status, 1);
    assert!(
        output.starts_with("\"Nope\" is not a ZNS error code"),
        "{output}"
    );
    let (output, status) = run(&args(&[]));
    assert_eq!(status, 2);
    assert!(output.starts_with("usage: explain"), "{output}");
}
