//! The API guard. tests/released_api.txt records, at each release, the
//! version and every code's number, variant name, constant name and labels
//! (category, retry, scope). The table is held to it:
//!
//! - every released code must still exist with the same number, variant name
//!   and constant name: removing or renaming one breaks the programs that use
//!   it;
//! - a new code, or a changed text, is a patch release, which `cargo update`
//!   brings: a version that does not know a code gives it `FixFirst`, the
//!   most careful answer, so a new code's labels can only let a sender act
//!   where it held before. A changed label of a released code changes what
//!   a sender already does with that number (a known code's labels may say
//!   `never`, stop sending ZNS to the recipient): it waits for a minor
//!   release, which `cargo update` does not bring. Once Cargo.toml names a
//!   version other than the recorded one (the next release), that version
//!   must be above it, and a minor one above it if a released code's label
//!   changed; while it still names the recorded release, nothing is released
//!   and nothing fails;
//! - once CHANGELOG.md dates the release of the version in Cargo.toml, the
//!   file must record that version.
//!
//! At each release, record the table's API and labels with:
//!
//! ```sh
//! cargo xtask released-api
//! ```

use std::path::Path;

use zalo_zns_errors::ErrorCode;

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

fn labels_of(code: ErrorCode) -> [String; 3] {
    [
        code.category().to_string(),
        code.retry().to_string(),
        code.scope().to_string(),
    ]
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

/// A version's numbers, for ordering: major, minor and patch (a
/// pre-release or build suffix is ignored).
fn numbers(version: &str) -> (u64, u64, u64) {
    let mut parts = version.split(['.', '-', '+']).map(|p| p.parse().ok());
    match (
        parts.next().flatten(),
        parts.next().flatten(),
        parts.next().flatten(),
    ) {
        (Some(major), Some(minor), Some(patch)) => (major, minor, patch),
        _ => panic!("{version:?} is not a version"),
    }
}

/// A code as the table has it now: its number, name and labels.
struct Current {
    code: i32,
    name: String,
    labels: [String; 3],
}

fn current() -> Vec<Current> {
    ErrorCode::ALL
        .iter()
        .map(|&code| Current {
            code: code.code(),
            name: code.name().to_owned(),
            labels: labels_of(code),
        })
        .collect()
}

/// What keeps `version` (Cargo.toml's) from being released after `recorded`,
/// given the table now; empty when it may be. While Cargo.toml still names
/// the recorded release, nothing is released and nothing is asked.
///
/// The rule, for 0.x: a new code or a changed text is a patch release,
/// which `cargo update` brings (a version that does not know a code gives
/// it `FixFirst`, the most careful answer, so a new code's labels can only
/// let a sender act where it held before); a changed label of a released
/// code changes what a sender already does with that number, and waits for
/// a minor release, which `cargo update` does not bring.
fn release_problems(
    recorded: &str,
    released: &[Released],
    version: &str,
    now: &[Current],
) -> Vec<String> {
    if version == recorded {
        return Vec::new();
    }
    let (major, minor, patch) = numbers(recorded);
    let next_patch = format!("{major}.{minor}.{}", patch + 1);
    let next_minor = format!("{major}.{}.0", minor + 1);
    if numbers(version) <= numbers(recorded) {
        return vec![format!(
            "Cargo.toml names version {version}, which is not above the last release, \
             {recorded} (recorded in {RELEASED}). Fix: set `version = \"{next_patch}\"` (a new \
             code or a changed text) or `version = \"{next_minor}\"` (a changed label or a \
             breaking change of the API)."
        )];
    }
    let (major_now, minor_now, _) = numbers(version);
    if (major_now, minor_now) > (major, minor) {
        // A minor (or major) release may change anything but a released name.
        return Vec::new();
    }
    let mut changed = Vec::new();
    for code in now {
        let Some(was) = released.iter().find(|r| r.code == code.code.to_string()) else {
            continue;
        };
        if was.labels != code.labels {
            let columns = LABELS
                .iter()
                .zip(&was.labels)
                .zip(&code.labels)
                .filter(|((_, was), now)| was != now)
                .map(|((column, was), now)| format!("{column} was {was}, now {now}"));
            changed.push(format!(
                "- {} {}: {}",
                code.code,
                code.name,
                columns.collect::<Vec<_>>().join("; ")
            ));
        }
    }
    if changed.is_empty() {
        return Vec::new();
    }
    vec![format!(
        "data/zns_error_codes.csv changes what a sender already does with these codes, \
         compared with version {recorded} (recorded in {RELEASED}):\n{}\n\
         A changed category, retry or scope of a released code must come in a minor release, \
         which `cargo update` does not bring by itself (a new code or a changed text is a patch \
         release, which it brings); Cargo.toml names {version}, a patch release.\n\
         Fix: in Cargo.toml, change the package's `version = \"{version}\"` to \
         `version = \"{next_minor}\"` (Cargo.lock follows at the next build: commit both), and \
         list the change in CHANGELOG.md under \"### Changed labels\". \
         If a label was changed by mistake, put back the value above instead.",
        changed.join("\n")
    )]
}

#[test]
fn a_changed_label_waits_for_a_minor_release() {
    let (recorded, released) = released();
    let problems = release_problems(&recorded, &released, VERSION, &current());
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}

/// A released code, as [`released`] reads one.
fn released_code(code: &str, labels: [&str; 3]) -> Released {
    Released {
        code: code.to_owned(),
        variant: format!("Code{}", code.trim_start_matches('-')),
        constant: format!("CODE_{}", code.trim_start_matches('-')),
        labels: labels.map(str::to_owned),
    }
}

fn current_code(code: i32, labels: [&str; 3]) -> Current {
    Current {
        code,
        name: format!("Code{}", code.unsigned_abs()),
        labels: labels.map(str::to_owned),
    }
}

const HELD: [&str; 3] = ["template", "after_fix", "template"];
const WAITS: [&str; 3] = ["quota", "next_day", "template"];

#[test]
fn between_releases_an_editor_never_fails_the_rule() {
    let released = [released_code("-131", HELD)];
    let now = [current_code(-131, WAITS), current_code(-9001, HELD)];
    assert!(release_problems("0.5.0", &released, "0.5.0", &now).is_empty());
}

#[test]
fn a_new_code_is_a_patch_release() {
    let released = [released_code("-131", HELD)];
    let now = [current_code(-131, HELD), current_code(-9001, WAITS)];
    assert!(release_problems("0.5.0", &released, "0.5.1", &now).is_empty());
    assert!(release_problems("0.5.0", &released, "0.6.0", &now).is_empty());
}

#[test]
fn a_changed_label_at_a_patch_release_is_refused_with_the_fix() {
    let released = [released_code("-131", HELD), released_code("-132", HELD)];
    let now = [current_code(-131, WAITS), current_code(-132, HELD)];
    let problems = release_problems("0.5.0", &released, "0.5.1", &now);
    let [problem] = &problems[..] else {
        panic!("{problems:?}")
    };
    assert!(
        problem.contains(
            "- -131 Code131: category was template, now quota; retry was after_fix, now next_day"
        ) && !problem.contains("-132")
            && problem
                .contains("change the package's `version = \"0.5.1\"` to `version = \"0.6.0\"`"),
        "{problem}"
    );
    // A minor step, or a major one, takes it.
    assert!(release_problems("0.5.0", &released, "0.6.0", &now).is_empty());
    assert!(release_problems("0.5.3", &released, "1.0.0", &now).is_empty());
}

#[test]
fn a_version_that_does_not_go_up_is_refused() {
    let released = [released_code("-131", HELD)];
    let now = [current_code(-131, HELD)];
    for older in ["0.4.9", "0.5.0-rc.1"] {
        let problems = release_problems("0.5.0", &released, older, &now);
        assert!(
            problems.len() == 1 && problems[0].contains("`version = \"0.5.1\"`"),
            "{older}: {problems:?}"
        );
    }
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
