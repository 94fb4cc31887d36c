//! The API guard: every code of the released API must still exist with the
//! same number, variant name and constant name. Removing or renaming one
//! breaks the programs that use it; adding codes is fine.
//!
//! At release time, record the table's current API with:
//!
//! ```sh
//! cargo xtask released-api
//! ```

use std::path::Path;

use zalo_zns_errors::ErrorCode;

const RELEASED: &str = "tests/released_api.txt";

#[test]
fn no_released_code_was_removed_or_renamed() {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(RELEASED);
    let released = std::fs::read_to_string(&path).unwrap();
    let mut broken = Vec::new();
    for line in released
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty())
    {
        let fields: Vec<&str> = line.split('\t').collect();
        let [code, variant, constant] = fields[..] else {
            panic!("{RELEASED}: malformed line {line:?}");
        };
        let now = ErrorCode::from_name(variant).filter(|c| c.name() == variant);
        match now {
            None => broken.push(format!(
                "- {code} {variant} {constant}: the variant is gone{}",
                code.parse().ok().and_then(ErrorCode::from_code).map_or(
                    String::new(),
                    |c| format!(" (code {code} is now {} {})", c.name(), c.constant_name())
                )
            )),
            Some(now) if now.code().to_string() != code || now.constant_name() != constant => {
                broken.push(format!(
                    "- {code} {variant} {constant}\n+ {} {} {}",
                    now.code(),
                    now.name(),
                    now.constant_name()
                ))
            }
            Some(_) => {}
        }
    }
    assert!(
        broken.is_empty(),
        "data/zns_error_codes.csv removes or renames codes of the released API (a breaking change):\n{}\n\
         Restore these rows' `code` and `variant`. If the break is intended for a new major version, \
         record the API with: cargo xtask released-api",
        broken.join("\n")
    );
}
