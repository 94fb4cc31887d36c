//! src/ is grouped by concern: lib.rs only declares the folders and
//! re-exports the public API, and each module imports what it uses from the
//! module that defines it, never through the crate root's re-exports.

use std::path::{Path, PathBuf};

/// The crate's folders, each one concern.
const FOLDERS: [&str; 3] = ["code", "response", "sender"];

fn rust_files(dir: &Path, found: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            rust_files(&path, found);
        } else if path.extension().is_some_and(|e| e == "rs") {
            found.push(path);
        }
    }
}

fn src() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("src")
}

/// A line's code, without a comment (a doc comment included).
fn code_of(line: &str) -> &str {
    line.find("//").map_or(line, |at| &line[..at])
}

#[test]
fn src_holds_lib_rs_and_one_folder_per_concern() {
    let mut top: Vec<String> = std::fs::read_dir(src())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    top.sort();
    let mut expected: Vec<String> = FOLDERS.iter().map(|f| f.to_string()).collect();
    expected.push("lib.rs".to_owned());
    expected.sort();
    assert_eq!(top, expected);
}

#[test]
fn lib_rs_only_declares_and_re_exports() {
    let lib = std::fs::read_to_string(src().join("lib.rs")).unwrap();
    let mut declared = Vec::new();
    for (number, line) in lib.lines().enumerate() {
        let code = code_of(line).trim();
        if let Some(module) = code.strip_prefix("mod ").and_then(|m| m.strip_suffix(';')) {
            declared.push(module.to_owned());
        }
        for item in ["fn ", "impl ", "enum ", "const ", "static ", "trait "] {
            assert!(
                !code.starts_with(item) && !code.starts_with(&format!("pub {item}")),
                "src/lib.rs:{}: {line}",
                number + 1
            );
        }
    }
    assert_eq!(declared, FOLDERS);
}

#[test]
fn no_module_imports_through_the_crate_root() {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    let mut through_root = Vec::new();
    for file in files.iter().filter(|f| !f.ends_with("lib.rs")) {
        let text = std::fs::read_to_string(file).unwrap();
        for (number, line) in text.lines().enumerate() {
            for piece in code_of(line).split("crate::").skip(1) {
                let head: String = piece
                    .chars()
                    .take_while(|c| c.is_alphanumeric() || *c == '_')
                    .collect();
                if !FOLDERS.contains(&head.as_str()) {
                    through_root.push(format!(
                        "{}:{}: {}",
                        file.strip_prefix(src()).unwrap().display(),
                        number + 1,
                        line.trim()
                    ));
                }
            }
        }
    }
    assert!(
        through_root.is_empty(),
        "import from the defining module, not the crate root:\n{}",
        through_root.join("\n")
    );
}
