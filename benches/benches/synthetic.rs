//! The crate on large synthetic tables: `cargo bench --bench synthetic` (in
//! benches/, the benchmarks' own package).
//!
//! For tables of 1,000 and 10,000 rows whose codes are spread over a million
//! values, it builds a copy of the crate in release mode and times the build
//! (the build script and the library, dependencies already built), then runs
//! the lookup bench (benches/benches/lookup.rs) in that copy's benches/ and checks that `from_code` stays within
//! 1.2x of a binary search over the sorted codes, and `from_name` at least 2x
//! faster than a lower-casing `HashMap`. Exits with 1 when a target is missed. Takes a few minutes; the generator alone is
//! `cargo bench --bench generator`.

#[allow(
    dead_code,
    reason = "the benchmark uses a part of the crate-copying helpers"
)]
#[path = "../../tests/support/crate_copy.rs"]
mod crate_copy;
#[path = "../support/synthetic_table.rs"]
mod synthetic_table;

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};
use std::time::Instant;

/// The codes of a synthetic table lie in `-SPREAD..0`.
const SPREAD: u32 = 1_000_000;
const COMPILE_LIMIT_SECONDS: f64 = 30.0;
const LOOKUP_LIMIT_RATIO: f64 = 1.2;

fn main() -> ExitCode {
    // `cargo bench` passes `--bench`; a filter or other flags are not used here.
    // This package is benches/ in the repository; the crate is its parent.
    let benches = Path::new(env!("CARGO_MANIFEST_DIR"));
    let root = benches.parent().unwrap();
    let work = root.join("target").join("synthetic");
    let copy = work.join("crate");
    let target = work.join("target");
    make_copy(root, benches, &copy);

    println!("building dependencies (not timed) …");
    write_table(
        &copy,
        &std::fs::read_to_string(root.join("data/zns_error_codes.csv")).unwrap(),
    );
    cargo(&copy, &target, &["build", "--release", "--lib"]);

    let mut missed = false;
    for rows in [1_000, 10_000] {
        write_table(&copy, &synthetic_table::synthetic_table(rows, SPREAD));
        let started = Instant::now();
        cargo(&copy, &target, &["build", "--release", "--lib"]);
        let seconds = started.elapsed().as_secs_f64();
        println!(
            "{rows} rows over {SPREAD} values: release build of the crate {seconds:.1} s (target < {COMPILE_LIMIT_SECONDS} s)"
        );
        missed |= seconds >= COMPILE_LIMIT_SECONDS;

        let criterion = target.join("criterion");
        let _ = std::fs::remove_dir_all(&criterion);
        cargo(
            &copy.join("benches"),
            &target,
            &["bench", "--bench", "lookup", "--", "from_(code|name)/"],
        );
        let own = mean_nanoseconds(&criterion, "from_code", "ErrorCode::from_code");
        let search = mean_nanoseconds(
            &criterion,
            "from_code",
            "baseline: binary search of sorted codes",
        );
        let hash = mean_nanoseconds(&criterion, "from_code", "baseline: HashMap<i32, ErrorCode>");
        let ratio = own / search;
        println!(
            "{rows} rows: from_code {:.2} ns, binary search {:.2} ns, HashMap {:.2} ns a lookup; \
             from_code / binary search = {ratio:.2} (target <= {LOOKUP_LIMIT_RATIO}), HashMap / from_code = {:.2}",
            own / 1024.0,
            search / 1024.0,
            hash / 1024.0,
            hash / own
        );
        missed |= ratio > LOOKUP_LIMIT_RATIO;

        let by_name = mean_nanoseconds(&criterion, "from_name", "ErrorCode::from_name");
        let name_map = mean_nanoseconds(
            &criterion,
            "from_name",
            "baseline: HashMap<String, ErrorCode> after to_ascii_lowercase",
        );
        println!(
            "{rows} rows: from_name {:.2} ns, lower-casing HashMap {:.2} ns a lookup; HashMap / from_name = {:.2} (target >= 2)",
            by_name / 1024.0,
            name_map / 1024.0,
            name_map / by_name
        );
        missed |= name_map / by_name < 2.0;
    }
    if missed {
        println!("a target was missed");
        ExitCode::FAILURE
    } else {
        println!("all targets met");
        ExitCode::SUCCESS
    }
}

/// A copy of what a build and the lookup bench need: the crate, and this
/// package beside it as benches/ (without its build output).
fn make_copy(root: &Path, benches: &Path, copy: &Path) {
    let manifest = std::fs::read_to_string(root.join("Cargo.toml")).unwrap();
    crate_copy::copy_crate(
        root,
        copy,
        &["src", "codegen", "data"],
        &["build.rs", "Cargo.lock", "README.md"],
        &manifest,
    );
    let to = copy.join("benches");
    for file in ["Cargo.toml", "Cargo.lock"] {
        std::fs::create_dir_all(&to).unwrap();
        std::fs::copy(benches.join(file), to.join(file)).unwrap();
    }
    for dir in ["benches", "support"] {
        copy_sources(&benches.join(dir), &to.join(dir));
    }
}

fn copy_sources(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        std::fs::copy(entry.path(), to.join(entry.file_name())).unwrap();
    }
}

fn write_table(copy: &Path, table: &str) {
    std::fs::write(copy.join("data/zns_error_codes.csv"), table).unwrap();
}

/// Runs `cargo` with `args` in the folder `dir` of the copy.
fn cargo(dir: &Path, target: &Path, args: &[&str]) {
    let status = Command::new(env!("CARGO"))
        .args(args)
        .current_dir(dir)
        .env("CARGO_TARGET_DIR", target)
        .status()
        .expect("cargo runs");
    assert!(status.success(), "cargo {args:?} failed");
}

/// The mean time of one iteration of a criterion benchmark, read from
/// criterion's files.
fn mean_nanoseconds(criterion: &Path, group: &str, function: &str) -> f64 {
    let group = criterion.join(group);
    for entry in std::fs::read_dir(&group).unwrap() {
        let dir: PathBuf = entry.unwrap().path().join("new");
        let Ok(benchmark) = std::fs::read_to_string(dir.join("benchmark.json")) else {
            continue;
        };
        let benchmark: serde_json::Value = serde_json::from_str(&benchmark).unwrap();
        if benchmark["function_id"] == function {
            let estimates = std::fs::read_to_string(dir.join("estimates.json")).unwrap();
            let estimates: serde_json::Value = serde_json::from_str(&estimates).unwrap();
            return estimates["mean"]["point_estimate"].as_f64().unwrap();
        }
    }
    panic!("no criterion result for {function} in {}", group.display());
}
