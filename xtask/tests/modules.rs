//! The tools' modules depend on each other one way: no module uses, through
//! others or directly, a module that uses it. (diff.rs and split.rs once
//! used each other; TableRow, which both need, now lives in table_row.rs.)

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// The source without its comments (line comments, doc comments included),
/// so that a comment naming `crate::x` is no use of it.
fn without_comments(source: &str) -> String {
    source
        .lines()
        .map(|line| match line.find("//") {
            Some(at) => &line[..at],
            None => line,
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The items of a `use crate::{…}` group: the first name of each part at the
/// group's top level (`a::{b, c}` gives `a`).
fn group_heads(group: &str) -> Vec<String> {
    let mut heads = Vec::new();
    let (mut depth, mut start) = (0, 0);
    for (at, c) in group.char_indices() {
        match c {
            '{' => depth += 1,
            '}' => depth -= 1,
            ',' if depth == 0 => {
                heads.push(group[start..at].to_owned());
                start = at + 1;
            }
            _ => {}
        }
    }
    heads.push(group[start..].to_owned());
    heads
        .iter()
        .map(|part| {
            part.trim()
                .split("::")
                .next()
                .unwrap_or("")
                .trim()
                .to_owned()
        })
        .filter(|head| !head.is_empty())
        .collect()
}

/// The modules of the crate that `source` names as `crate::name…`.
fn uses(source: &str, modules: &BTreeSet<String>) -> BTreeSet<String> {
    let source = without_comments(source);
    let mut found = BTreeSet::new();
    for piece in source.split("crate::").skip(1) {
        let heads = if let Some(group) = piece.strip_prefix('{') {
            let mut depth = 1;
            let end = group
                .char_indices()
                .find(|&(_, c)| {
                    match c {
                        '{' => depth += 1,
                        '}' => depth -= 1,
                        _ => {}
                    }
                    depth == 0
                })
                .map_or(group.len(), |(at, _)| at);
            group_heads(&group[..end])
        } else {
            let name: String = piece
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            vec![name]
        };
        found.extend(heads.into_iter().filter(|head| modules.contains(head)));
    }
    found
}

/// Each module of xtask/src (the crate's root apart) with the modules it uses.
fn graph() -> BTreeMap<String, BTreeSet<String>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut sources = BTreeMap::new();
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().into_owned();
        if path.extension().is_some_and(|e| e == "rs") && name != "lib" && name != "main" {
            sources.insert(name, std::fs::read_to_string(&path).unwrap());
        }
    }
    let modules: BTreeSet<String> = sources.keys().cloned().collect();
    sources
        .iter()
        .map(|(name, source)| {
            let mut used = uses(source, &modules);
            used.remove(name);
            (name.clone(), used)
        })
        .collect()
}

/// A cycle through `from`, as the modules on it, if there is one.
fn cycle_through(
    graph: &BTreeMap<String, BTreeSet<String>>,
    from: &str,
    path: &mut Vec<String>,
) -> Option<Vec<String>> {
    let last = path.last().cloned().unwrap_or_else(|| from.to_owned());
    for next in &graph[&last] {
        if next == from {
            let mut cycle = vec![from.to_owned()];
            cycle.extend(path.iter().cloned());
            cycle.push(from.to_owned());
            return Some(cycle);
        }
        if !path.contains(next) {
            path.push(next.clone());
            if let Some(cycle) = cycle_through(graph, from, path) {
                return Some(cycle);
            }
            path.pop();
        }
    }
    None
}

#[test]
fn the_uses_are_read_from_paths_and_groups() {
    let modules: BTreeSet<String> = ["diff", "page", "split", "text"]
        .iter()
        .map(|m| m.to_string())
        .collect();
    let source = "use crate::codegen::x;\nuse crate::{page::{self, Cells}, text};\n\
                  // crate::diff is only named here\nlet a = crate::split::cells(x);\n";
    let found: Vec<String> = uses(source, &modules).into_iter().collect();
    assert_eq!(found, ["page", "split", "text"]);
}

#[test]
fn no_two_modules_use_each_other_even_through_others() {
    let graph = graph();
    assert!(graph["diff"].contains("split"), "{graph:?}");
    assert!(graph["split"].contains("table_row"), "{graph:?}");
    for module in graph.keys() {
        let cycle = cycle_through(&graph, module, &mut Vec::new());
        assert!(
            cycle.is_none(),
            "the modules use each other in a circle: {}",
            cycle.unwrap_or_default().join(" -> ")
        );
    }
}
