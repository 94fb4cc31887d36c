//! examples/explain.rs, the README's first command.

#[allow(dead_code, reason = "the example's main is not called by the tests")]
#[path = "../examples/explain.rs"]
mod explain;

use explain::run;
use zalo_zns_errors::ErrorCode;

fn args(list: &[&str]) -> Vec<String> {
    list.iter().map(|s| s.to_string()).collect()
}

/// The lines `explain` prints for a field: the label padded to 13
/// characters, multi-line text indented under it.
fn field(label: &str, text: &str) -> String {
    format!(
        "{:<13}{}\n",
        format!("{label}:"),
        text.replace('\n', "\n             ")
    )
}

#[test]
fn a_code_or_a_name_explains_every_field() {
    for &code in ErrorCode::ALL {
        let (output, status) = run(&args(&[&code.code().to_string()]));
        assert_eq!(status, 0);
        let mut expected = [
            field("code", &code.code().to_string()),
            field(
                "variant",
                &format!("{} ({})", code.name(), code.constant_name()),
            ),
            field("description", code.description()),
            field("category", code.category().as_str()),
            field("retry", code.retry().as_str()),
            field("scope", code.scope().as_str()),
        ]
        .concat();
        for (label, text) in [
            ("info (vi)", code.info_vi()),
            ("info (en)", code.info_en()),
            ("remedy (vi)", code.remedy_vi()),
            ("remedy (en)", code.remedy_en()),
        ] {
            if let Some(text) = text {
                expected.push_str(&field(label, text));
            }
        }
        assert_eq!(output, expected);
        for query in [
            code.name().to_owned(),
            code.constant_name().to_owned(),
            code.constant_name().to_ascii_lowercase(),
        ] {
            assert_eq!(run(&args(&[&query])), (output.clone(), 0), "{query}");
        }
    }
}

#[test]
fn multi_line_remedies_are_indented_under_their_label() {
    let code = ErrorCode::ALL
        .iter()
        .find(|c| c.remedy_vi().is_some_and(|r| r.contains('\n')))
        .expect("a code with a multi-line remedy");
    let (output, _) = run(&args(&[code.name()]));
    let second_line = code.remedy_vi().unwrap().lines().nth(1).unwrap();
    assert!(
        output.contains(&format!("\n             {second_line}\n")),
        "{output}"
    );
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
    // A code below every known one: unknown, whatever rows the table holds.
    let unknown = ErrorCode::ALL.iter().map(|c| c.code()).min().unwrap() - 25;
    assert_eq!(
        run(&args(&[&unknown.to_string()])),
        (
            format!(
                "unknown ZNS error code {unknown}. Run with --all to list every code this version knows.\n"
            ),
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
