//! README.md's table of categories lists exactly the codes the data gives each
//! category, so the two cannot drift apart.

use std::collections::{BTreeMap, BTreeSet};

use zalo_zns_errors::ErrorCode;

const README: &str = include_str!("../README.md");

/// The codes of a cell like "-106 … -109, -111 … -113, -1123, -116".
fn codes(cell: &str) -> BTreeSet<i32> {
    let mut out = BTreeSet::new();
    for part in cell.split(',').map(str::trim) {
        match part.split_once('…') {
            Some((from, to)) => {
                let (from, to): (i32, i32) =
                    (from.trim().parse().unwrap(), to.trim().parse().unwrap());
                out.extend(from.min(to)..=from.max(to));
            }
            None => {
                out.insert(
                    part.parse()
                        .unwrap_or_else(|_| panic!("not a code: {part:?}")),
                );
            }
        }
    }
    out
}

#[test]
fn the_readme_lists_each_categorys_codes() {
    let section = README
        .split("## Categories and retry policies")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .expect("README has the section");
    let mut readme: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
    for line in section.lines().filter(|l| l.starts_with("| `")) {
        let cells: Vec<&str> = line.split('|').map(str::trim).collect();
        readme.insert(cells[1].trim_matches('`').to_owned(), codes(cells[2]));
    }
    let mut data: BTreeMap<String, BTreeSet<i32>> = BTreeMap::new();
    for code in ErrorCode::ALL {
        data.entry(code.category().as_str().to_owned())
            .or_default()
            .insert(code.code());
    }
    assert_eq!(
        readme, data,
        "README.md's category table differs from data/zns_error_codes.csv"
    );
}
