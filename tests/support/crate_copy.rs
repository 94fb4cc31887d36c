//! Copies of the crate that tests and benches build with other tables.

use std::path::Path;

/// Copies the crate's `dirs` and `files` from `root` into `copy` (emptied
/// first), and writes `manifest` as its Cargo.toml, made its own workspace
/// (the repository's workspace, with the maintainers' tools, stays behind).
pub fn copy_crate(root: &Path, copy: &Path, dirs: &[&str], files: &[&str], manifest: &str) {
    let _ = std::fs::remove_dir_all(copy);
    for dir in dirs {
        copy_dir(&root.join(dir), &copy.join(dir));
    }
    for file in files {
        std::fs::copy(root.join(file), copy.join(file)).unwrap();
    }
    std::fs::write(
        copy.join("Cargo.toml"),
        format!(
            "{}\n[workspace]\n",
            without_section(manifest, "[workspace]")
        ),
    )
    .unwrap();
}

/// The crate's manifest for a copy that builds the library and runs
/// tests/table.rs and tests/api_guard.rs: the dev-dependencies cut down to
/// the two they use, no benches, and no profile settings. The repository
/// optimises the parser crates for the tests that parse thousands of
/// tables; a copy's build script generates one small table per build, for
/// which an unoptimised syn, compiled in a third of the time, is as quick.
pub fn light_manifest(root: &Path) -> String {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    let mut out = String::new();
    let mut section = String::new();
    for line in manifest.lines() {
        if line.starts_with('[') {
            section = line.to_owned();
        }
        let keep = match section.as_str() {
            "[dev-dependencies]" => {
                line.starts_with('[') || line.starts_with("csv ") || line.starts_with("serde ")
            }
            "[[bench]]" => false,
            profile if profile.starts_with("[profile.") => false,
            _ => true,
        };
        if keep {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

/// The manifest without the table `header` and its keys.
fn without_section(manifest: &str, header: &str) -> String {
    let mut out = String::new();
    let mut skipping = false;
    for line in manifest.lines() {
        if line.starts_with('[') {
            skipping = line.trim() == header;
        }
        if !skipping {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
