//! Explains a ZNS error code: `cargo run --example explain -- -108`.
//!
//! Takes a code (`-108`), a variant name (`PhoneNumberInvalid`) or a constant
//! name (`PHONE_NUMBER_INVALID`), or `--all` for the whole table. Exits with 1
//! for an unknown code, 2 for a wrong command line.

use std::process::ExitCode;

use zalo_zns_errors::ErrorCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let (output, status) = run(&args);
    if status == 0 {
        print!("{output}");
    } else {
        eprint!("{output}");
    }
    ExitCode::from(status)
}

/// What to print for these arguments, and the exit status.
pub fn run(args: &[String]) -> (String, u8) {
    match args {
        [flag] if flag == "--all" => {
            let all: Vec<String> = ErrorCode::ALL.iter().map(|&code| explain(code)).collect();
            (all.join("\n"), 0)
        }
        [query] => match query.parse::<ErrorCode>() {
            Ok(code) => (explain(code), 0),
            Err(error) => (
                format!("{error}. Run with --all to list every code this version knows.\n"),
                1,
            ),
        },
        _ => (
            "usage: explain <code | VariantName | CONSTANT_NAME> | explain --all\n".to_owned(),
            2,
        ),
    }
}

/// Everything the table says of a code, one field a line; multi-line texts
/// are indented under their label.
pub fn explain(code: ErrorCode) -> String {
    let mut out = String::new();
    let mut field = |label: &str, text: &str| {
        out.push_str(&format!(
            "{:<13}{}\n",
            format!("{label}:"),
            text.replace('\n', "\n             ")
        ));
    };
    field("code", &code.code().to_string());
    field(
        "variant",
        &format!("{} ({})", code.name(), code.constant_name()),
    );
    field("description", code.description());
    field("category", code.category().as_str());
    field("retry", code.retry().as_str());
    field("scope", code.scope().as_str());
    for (label, text) in [
        ("info (vi)", code.info_vi()),
        ("info (en)", code.info_en()),
        ("remedy (vi)", code.remedy_vi()),
        ("remedy (en)", code.remedy_en()),
    ] {
        if let Some(text) = text {
            field(label, text);
        }
    }
    out
}
