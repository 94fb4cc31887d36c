//! Explains a ZNS error code: `cargo run --example explain -- -108`.
//!
//! Takes a code (`-108`), a variant name (`PhoneNumberInvalid`) or a constant
//! name (`PHONE_NUMBER_INVALID`), or `--all` for the whole table. Exits with 1
//! for an unknown code, 2 for a wrong command line.

use std::process::ExitCode;

use zalo_zns_errors::ErrorCode;

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    match args.as_slice() {
        [flag] if flag == "--all" => {
            for (i, &code) in ErrorCode::ALL.iter().enumerate() {
                if i > 0 {
                    println!();
                }
                print!("{}", explain(code));
            }
            ExitCode::SUCCESS
        }
        [query] => match query.parse::<ErrorCode>() {
            Ok(code) => {
                print!("{}", explain(code));
                ExitCode::SUCCESS
            }
            Err(error) => {
                eprintln!("{error}. Run with --all to list every code this version knows.");
                ExitCode::from(1)
            }
        },
        _ => {
            eprintln!("usage: explain <code | VariantName | CONSTANT_NAME> | explain --all");
            ExitCode::from(2)
        }
    }
}

fn explain(code: ErrorCode) -> String {
    let mut out = format!(
        "code:        {}\nvariant:     {} ({})\ndescription: {}\ncategory:    {}\nretry:       {}\n",
        code.code(),
        code.name(),
        code.constant_name(),
        code.description(),
        code.category(),
        code.retry(),
    );
    for (label, text) in [
        ("info (vi)", code.info_vi()),
        ("info (en)", code.info_en()),
        ("remedy (vi)", code.remedy_vi()),
        ("remedy (en)", code.remedy_en()),
    ] {
        if let Some(text) = text {
            out.push_str(&format!(
                "{label}:{}{}\n",
                " ".repeat(13 - label.len() - 1),
                text.replace('\n', "\n             ")
            ));
        }
    }
    out
}
