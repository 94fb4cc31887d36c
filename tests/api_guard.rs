//! The API guard. tests/released_api.txt records, at each release, the
//! version and every code's number, variant name, constant name and labels
//! (category, retry, scope). The table is held to it:
//!
//! - every released code must still exist with the same number, variant name
//!   and constant name: removing or renaming one breaks the programs that use
//!   it;
//! - a new code, or a changed label of a released code, changes what an
//!   unattended sender does with that number (a code a version does not know
//!   gets `FixFirst`; a known code's labels may say `never`, stop sending ZNS
//!   to the recipient): `cargo update` must not bring it, so it waits for a
//!   minor release. Once Cargo.toml names a version other than the recorded
//!   one (the next release), that version must be a minor one above it;
//!   while it still names the recorded release, nothing is released and
//!   nothing fails;
//! - once CHANGELOG.md dates the release of the version in Cargo.toml, the
//!   file must record that version.
//!
//! At each release, record the table's API and labels with:
//!
//! ```sh
//! cargo xtask released-api
//! ```

use std::path::Path;

use zalo_zns_errors::{ErrorCode, Failure};

const RELEASED: &str = "tests/released_api.txt";
/// The version being built, from Cargo.toml.
const VERSION: &str = env!("CARGO_PKG_VERSION");

/// One line of the file: a code as a release had it.
struct Released {
    code: String,
    variant: String,
    constant: String,
    /// Category, retry and scope, as the table spells them.
    labels: [String; 3],
}

/// The recorded version and codes.
fn released() -> (String, Vec<Released>) {
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join(RELEASED);
    let text = std::fs::read_to_string(&path).unwrap();
    let mut lines = text
        .lines()
        .filter(|l| !l.starts_with('#') && !l.is_empty());
    let version = match lines.next().map(|l| l.split('\t').collect::<Vec<_>>()) {
        Some(fields) if fields.len() == 2 && fields[0] == "version" => fields[1].to_owned(),
        _ => panic!(
            "{RELEASED}: the first line after the header should be `version<TAB>X.Y.Z`; \
             write the file with: cargo xtask released-api"
        ),
    };
    let codes = lines
        .map(|line| {
            let fields: Vec<&str> = line.split('\t').collect();
            let [code, variant, constant, category, retry, scope] = fields[..] else {
                panic!(
                    "{RELEASED}: malformed line {line:?}; write the file with: cargo xtask released-api"
                );
            };
            Released {
                code: code.to_owned(),
                variant: variant.to_owned(),
                constant: constant.to_owned(),
                labels: [category, retry, scope].map(str::to_owned),
            }
        })
        .collect();
    (version, codes)
}

/// The table's label columns, in the order of the file.
const LABELS: [&str; 3] = ["category", "retry", "scope"];

/// `category X, retry Y, scope Z`.
fn named(labels: &[String; 3]) -> String {
    LABELS
        .iter()
        .zip(labels)
        .map(|(column, value)| format!("{column} {value}"))
        .collect::<Vec<_>>()
        .join(", ")
}

fn labels_of(code: ErrorCode) -> [String; 3] {
    [
        code.category().to_string(),
        code.retry().to_string(),
        code.scope().to_string(),
    ]
}

/// Major and minor: what a version that `cargo update` may not bring differs in.
fn major_minor(version: &str) -> (u64, u64) {
    let mut parts = version.split(['.', '-', '+']).map(|p| p.parse().ok());
    match (parts.next().flatten(), parts.next().flatten()) {
        (Some(major), Some(minor)) => (major, minor),
        _ => panic!("{version:?} is not a version"),
    }
}

#[test]
fn no_released_code_was_removed_or_renamed() {
    let (_, released) = released();
    let mut broken = Vec::new();
    for Released {
        code,
        variant,
        constant,
        ..
    } in &released
    {
        let now = ErrorCode::from_name(variant).filter(|c| c.name() == variant);
        match now {
            None => broken.push(format!(
                "- {code} {variant} {constant}: the variant is gone{}",
                code.parse().ok().and_then(ErrorCode::from_code).map_or(
                    String::new(),
                    |c| format!(" (code {code} is now {} {})", c.name(), c.constant_name())
                )
            )),
            Some(now) if now.code().to_string() != *code || now.constant_name() != constant => {
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

#[test]
fn a_new_code_or_a_changed_label_waits_for_a_minor_release() {
    let (version, released) = released();
    if VERSION == version {
        // The recorded release itself: what changed since is not released
        // yet, and the next release must set a new version, which this test
        // then holds to the rule. An editor's change never fails here.
        return;
    }
    if major_minor(VERSION) > major_minor(&version) {
        // Cargo.toml already announces a minor (or major) release.
        return;
    }
    let unknown = Failure::new(i32::MIN, "");
    assert!(unknown.error_code().is_none(), "i32::MIN is no code");
    let unknown = [
        unknown.category().to_string(),
        unknown.retry().to_string(),
        unknown.scope().to_string(),
    ];
    let mut changed = Vec::new();
    for code in ErrorCode::ALL {
        let now = labels_of(*code);
        let was = released.iter().find(|r| r.code == code.code().to_string());
        match was {
            None => changed.push(format!(
                "- {} {}: a new code. Version {version} handles it as an unknown code ({}); \
                 the table gives {}",
                code.code(),
                code.name(),
                named(&unknown),
                named(&now)
            )),
            Some(was) if was.labels != now => {
                let columns = LABELS
                    .iter()
                    .zip(&was.labels)
                    .zip(&now)
                    .filter(|((_, was), now)| was != now)
                    .map(|((column, was), now)| format!("{column} was {was}, now {now}"));
                changed.push(format!(
                    "- {} {}: {}",
                    code.code(),
                    code.name(),
                    columns.collect::<Vec<_>>().join("; ")
                ))
            }
            Some(_) => {}
        }
    }
    let (major, minor) = major_minor(&version);
    let next = format!("{major}.{}.0", minor + 1);
    assert!(
        changed.is_empty(),
        "data/zns_error_codes.csv changes what a sender does with these codes, compared with \
         version {version} (recorded in {RELEASED}):\n{}\n\
         A new code, or a changed category, retry or scope, must come in a minor release, which \
         `cargo update` does not bring by itself (a changed text alone is a patch release).\n\
         Fix: in Cargo.toml, change the package's `version = \"{VERSION}\"` to `version = \"{next}\"` \
         (Cargo.lock follows at the next build: commit both), and list the change in CHANGELOG.md \
         under [Unreleased]. Leave {RELEASED} as it is: when {next} is released, \
         `cargo xtask released-api` records it.\n\
         If a label was changed by mistake, put back the value above instead.",
        changed.join("\n")
    );
}

#[test]
fn the_released_api_is_recorded_for_the_last_release() {
    let (version, _) = released();
    // A copy of the crate that tests build has no CHANGELOG.md.
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("CHANGELOG.md");
    let Ok(changelog) = std::fs::read_to_string(path) else {
        return;
    };
    let released = changelog
        .lines()
        .any(|l| l.starts_with(&format!("## [{VERSION}] - ")));
    assert!(
        !released || version == VERSION,
        "CHANGELOG.md dates the release of {VERSION}, but {RELEASED} records version {version}. \
         Record {VERSION}'s API and labels with: cargo xtask released-api"
    );
}
