//! src/ is grouped by concern: lib.rs only declares the folders and
//! re-exports the public API, and each module imports what it uses from the
//! module that defines it, never through the crate root's re-exports. The
//! folders are layers: the table's API (code) imports nothing from the
//! others, the bodies Zalo answers (response) only from code, and the
//! sender's decisions from both; and no two modules import each other, so
//! each can be read before the one that uses it.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

/// The crate's folders, each one concern, lowest layer first: a folder may
/// import from itself and the folders before it.
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

/// A module's path from the crate root (`["sender", "oa", "hold"]`) for a
/// file under src/.
fn module_path(file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src()).unwrap().with_extension("");
    let mut path: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if path
        .last()
        .is_some_and(|last| last == "mod" || last == "lib")
    {
        path.pop();
    }
    path
}

/// The file that defines the module `path`, or the longest prefix of it
/// that is a file (the rest names items): `None` for the crate root.
fn defining_file(path: &[String]) -> Option<PathBuf> {
    (1..=path.len()).rev().find_map(|len| {
        let base = path[..len].iter().fold(src(), |dir, part| dir.join(part));
        let file = base.with_extension("rs");
        let dir_module = base.join("mod.rs");
        if file.is_file() {
            Some(file)
        } else if dir_module.is_file() {
            Some(dir_module)
        } else {
            None
        }
    })
}

/// The files a file of src/ imports: every `crate::…` and `super::…` path in
/// its code (a `use` line or a path written in place), and every `use` of
/// one of its own child modules, resolved to the file that defines it.
/// Paths within the file itself (an inline module's `super::`) are left out.
fn imports_of(file: &Path, text: &str) -> BTreeSet<PathBuf> {
    let module = module_path(file);
    let children: BTreeSet<String> = text
        .lines()
        .filter_map(|line| {
            let code = code_of(line).trim();
            let code = code.strip_prefix("pub(crate) ").unwrap_or(code);
            let code = code.strip_prefix("pub ").unwrap_or(code);
            code.strip_prefix("mod ")?
                .strip_suffix(';')
                .map(str::to_owned)
        })
        .collect();
    // The indentation of each inline module open at this line (rustfmt
    // closes one with a `}` at its own indentation).
    let mut inline: Vec<usize> = Vec::new();
    let mut found = BTreeSet::new();
    for line in text.lines() {
        let code = code_of(line);
        let indent = code.len() - code.trim_start().len();
        let trimmed = code.trim();
        if trimmed == "}" && inline.last() == Some(&indent) {
            inline.pop();
            continue;
        }
        if trimmed.ends_with('{')
            && trimmed
                .trim_start_matches("pub(crate) ")
                .trim_start_matches("pub ")
                .starts_with("mod ")
        {
            inline.push(indent);
            continue;
        }
        let mut targets: Vec<Vec<String>> = Vec::new();
        for (at, _) in code.match_indices("crate::") {
            if code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_' || c == '$') {
                continue;
            }
            targets.push(segments(&code[at + "crate::".len()..]));
        }
        for (at, _) in code.match_indices("super::") {
            if code[..at].ends_with("super::")
                || code[..at].ends_with(|c: char| c.is_alphanumeric() || c == '_')
            {
                continue;
            }
            let mut rest = &code[at..];
            let mut ups: usize = 0;
            while let Some(after) = rest.strip_prefix("super::") {
                ups += 1;
                rest = after;
            }
            // `super` out of an inline module stays in this file.
            let Some(beyond) = ups.checked_sub(inline.len()).filter(|&up| up > 0) else {
                continue;
            };
            let Some(base) = module.len().checked_sub(beyond) else {
                continue;
            };
            let mut target = module[..base].to_vec();
            target.extend(segments(rest));
            targets.push(target);
        }
        if inline.is_empty() {
            if let Some(path) = trimmed
                .trim_start_matches("pub ")
                .strip_prefix("use ")
                .map(segments)
                .filter(|path| path.first().is_some_and(|head| children.contains(head)))
            {
                let mut target = module.clone();
                target.extend(path);
                targets.push(target);
            }
        }
        for target in targets {
            if let Some(defining) = defining_file(&target).filter(|f| f != file) {
                found.insert(defining);
            }
        }
    }
    found
}

/// The leading `a::b::c` of a path, as segments (up to a brace, a glob, a
/// type's generics or the end of the path).
fn segments(path: &str) -> Vec<String> {
    path.split("::")
        .map(|part| {
            part.chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect::<String>()
        })
        .take_while(|part| !part.is_empty())
        .collect()
}

/// Every file of src/ (but lib.rs) and the files it imports.
fn import_graph() -> BTreeMap<PathBuf, BTreeSet<PathBuf>> {
    let mut files = Vec::new();
    rust_files(&src(), &mut files);
    files
        .into_iter()
        .filter(|f| !f.ends_with("lib.rs"))
        .map(|file| {
            let text = std::fs::read_to_string(&file).unwrap();
            let imports = imports_of(&file, &text);
            (file, imports)
        })
        .collect()
}

/// The layer of a file: its folder's place in [`FOLDERS`].
fn layer(file: &Path) -> usize {
    let folder = module_path(file)[0].clone();
    FOLDERS.iter().position(|f| *f == folder).unwrap()
}

fn shown(file: &Path) -> String {
    file.strip_prefix(src()).unwrap().display().to_string()
}

/// The problems of a graph: an import from a higher layer, or two files
/// importing each other.
fn layering_problems(graph: &BTreeMap<PathBuf, BTreeSet<PathBuf>>) -> Vec<String> {
    let mut problems = Vec::new();
    for (file, imports) in graph {
        for imported in imports {
            if layer(imported) > layer(file) {
                problems.push(format!(
                    "src/{} imports src/{}: {} may import only from {}",
                    shown(file),
                    shown(imported),
                    FOLDERS[layer(file)],
                    FOLDERS[..=layer(file)].join(", ")
                ));
            }
            if file < imported && graph.get(imported).is_some_and(|back| back.contains(file)) {
                problems.push(format!(
                    "src/{} and src/{} import each other: move what one needs of the other \
                     into a module both can import, or above them",
                    shown(file),
                    shown(imported)
                ));
            }
        }
    }
    problems
}

#[test]
fn each_folder_imports_only_from_itself_and_the_layers_below() {
    let problems = layering_problems(&import_graph());
    assert!(
        problems.is_empty(),
        "the folders of src/ are layers ({}), and no two modules import each other:\n{}",
        FOLDERS.join(" < "),
        problems.join("\n")
    );
}

#[test]
fn the_import_graph_sees_what_a_module_uses() {
    // The graph this test holds: if it missed the imports, the test above
    // could not fail. These are imports the crate has on purpose.
    let graph = import_graph();
    let imports = |from: &str, of: &str| graph[&src().join(from)].contains(&src().join(of));
    assert!(imports("sender/decide.rs", "code/table.rs"));
    assert!(imports("sender/decide.rs", "sender/policy.rs"));
    assert!(
        imports("sender/oa/mod.rs", "sender/oa/circuit.rs"),
        "a child by `use`"
    );
    assert!(
        imports("sender/oa/circuit.rs", "sender/oa/window.rs"),
        "`super::`"
    );
    assert!(
        imports("sender/oa/stored.rs", "sender/oa/mod.rs"),
        "`super::` to the parent"
    );
    assert!(
        !imports("sender/oa/hold.rs", "sender/oa/mod.rs"),
        "`super::` from an inline module stays in its file"
    );
}

#[test]
fn an_import_of_the_sender_from_the_table_fails_the_layering() {
    // Planted: code/error_code.rs importing the sender, and policy.rs and
    // next_step.rs importing each other, as 0.4 did.
    let mut graph = import_graph();
    let file = src().join("code/error_code.rs");
    let planted = "use crate::sender::attempts::Attempts;\nfn f(_: Attempts) {}\n";
    graph
        .get_mut(&file)
        .unwrap()
        .extend(imports_of(&file, planted));
    let next_step = src().join("sender/next_step.rs");
    graph.get_mut(&next_step).unwrap().extend(imports_of(
        &next_step,
        "use crate::sender::policy::Policy;\n",
    ));
    let problems = layering_problems(&graph);
    assert_eq!(
        problems,
        [
            "src/code/error_code.rs imports src/sender/attempts.rs: code may import only from code",
            "src/sender/next_step.rs and src/sender/policy.rs import each other: move what one \
             needs of the other into a module both can import, or above them",
        ],
    );
}
