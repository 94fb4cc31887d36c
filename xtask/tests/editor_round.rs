//! An editor's whole round, in a copy of the repository: Zalo rewords a
//! remedy, adds a code and drops another; `cargo xtask page-diff PAGE
//! --apply` writes the three into the table (the dropped code kept and
//! marked); the editor fills in the new row's judgement cells as EDITING.md
//! says and saves the file as Excel does (a byte-order mark, CRLF line ends); `cargo xtask check` is clean, and then every test of the
//! workspace passes — without touching a test or the README.
//!
//! The copy's builds put their output (the tools, the test binaries) in a
//! target folder of their own, under target/tmp, and share this run's build
//! folder (Cargo's build-dir), where every dependency is already compiled:
//! only the copy's own two packages are compiled again (and a dependency
//! built with other features). The copy's tests share target/tmp too, so
//! their own builds of crate copies leave their dependencies compiled for
//! this run's. Inside the copy, the round itself is not run again.

mod support;

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::page::{self, Cells};
use xtask::workspace::{PAGE_COPY, TABLE};

const INSIDE: &str = "ZNS_INSIDE_EDITOR_ROUND";

/// Copies the repository (without its build output and Git data) to `to`.
fn copy_repository(from: &Path, to: &Path) {
    let _ = std::fs::remove_dir_all(to);
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let name = entry.file_name();
        if name == "target" || name == ".git" {
            continue;
        }
        let target = to.join(&name);
        if entry.file_type().unwrap().is_dir() {
            copy_repository(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// The build folder of this test run (Cargo's build-dir: by default the
/// target folder), whose `tmp` this test was given.
fn build_dir() -> PathBuf {
    Path::new(env!("CARGO_TARGET_TMPDIR"))
        .parent()
        .expect("the build folder holds tmp")
        .to_path_buf()
}

/// `cargo` in the copy, its output in `target`, its intermediate files in
/// this run's build folder. Cargo does not lock that folder while tests run;
/// a build that shares it waits for its lock like any other. A dependency
/// unit is the same and is reused. Cargo names a workspace's own units by
/// their path within the workspace, which is the same in the copy: left so,
/// the copy's units would overwrite this repository's, and the next `cargo
/// test` here would run the copy's test binaries. Another number of codegen
/// units for the two packages gives them other names, and changes nothing
/// they do. The build folder is given on the command line, not in the
/// environment, which the copy's tests would inherit: their own builds keep
/// the target folders they name.
fn cargo(copy: &Path, target: &Path) -> Command {
    let dir = build_dir()
        .to_string_lossy()
        .replace('\\', "\\\\")
        .replace('"', "\\\"");
    let mut command = Command::new(env!("CARGO"));
    command
        .arg("--config")
        .arg(format!("build.build-dir = \"{dir}\""))
        .args([
            "--config",
            "profile.dev.package.zalo-zns-errors.codegen-units = 255",
        ])
        .args(["--config", "profile.dev.package.xtask.codegen-units = 255"])
        .current_dir(copy)
        .env("CARGO_TARGET_DIR", target);
    command
}

/// Runs `cargo xtask …` in the copy, as an editor types it.
fn xtask(copy: &Path, target: &Path, args: &[&str]) -> (String, i32) {
    let output = cargo(copy, target)
        .arg("xtask")
        .args(args)
        .arg("--lang=en")
        .env("CARGO_NET_OFFLINE", "true")
        .output()
        .unwrap();
    (
        String::from_utf8_lossy(&output.stdout).into_owned()
            + &String::from_utf8_lossy(&output.stderr),
        output.status.code().unwrap_or(-1),
    )
}

/// The page Zalo publishes next: the kept copy with one remedy reworded and
/// a new code after the last one, and a code it no longer lists. Returns it,
/// the reworded code, the new and the dropped.
fn next_page(copy: &Path) -> (String, i32, i32, i32) {
    let kept = std::fs::read_to_string(copy.join(PAGE_COPY)).unwrap();
    let mut page = page::read(kept.as_bytes()).unwrap();
    let reworded = page
        .rows
        .iter_mut()
        .find(|r| matches!(&r.cells, Cells::Split { remedy, .. } if !remedy.is_empty() && !remedy.contains('\n')))
        .expect("a one-line remedy");
    let Cells::Split { remedy, .. } = &mut reworded.cells else {
        unreachable!()
    };
    remedy.push_str(" (xem hướng dẫn mới)");
    let reworded = reworded.code;
    let dropped = page
        .rows
        .iter()
        .rposition(|r| r.code != reworded)
        .expect("another code");
    let dropped = page.rows.remove(dropped).code;
    let new = page.rows.iter().map(|r| r.code).min().unwrap() - 1;
    page.rows.push(page::PageRow {
        code: new,
        cells: Cells::Split {
            description: "Template paused by Zalo".into(),
            info: "Mẫu ZNS bị Zalo tạm dừng".into(),
            remedy: "Liên hệ Zalo để mở lại mẫu".into(),
        },
    });
    (page::stored(&page, "2027-01-15"), reworded, new, dropped)
}

/// Fills in the new row's judgement and English cells, and saves the table
/// as Excel's "CSV UTF-8" does: a byte-order mark, CRLF, quotes as needed.
fn fill_in_and_save_as_excel(copy: &Path, new: i32) {
    let bytes = std::fs::read(copy.join(TABLE)).unwrap();
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(false)
        .from_reader(&bytes[..]);
    let mut records: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(|c| c.replace("\r\n", "\n")).collect())
        .collect();
    let header: Vec<String> = records[0]
        .iter()
        .map(|h| h.trim_start_matches('\u{feff}').to_owned())
        .collect();
    let at = |name: &str| header.iter().position(|h| h == name).unwrap();
    let row = records
        .iter_mut()
        .find(|r| r[at("code")] == new.to_string())
        .expect("the new row");
    // A paused template blocks every message that uses it; a person must act.
    for (name, value) in [
        ("category", "template"),
        ("retry", "after_fix"),
        ("scope", "template"),
        ("info_en", "Zalo has paused the ZNS template"),
        ("remedy_en", "Contact Zalo to reopen the template"),
    ] {
        assert_eq!(row[at(name)], "", "{name} is left for the editor");
        row[at(name)] = value.to_owned();
    }
    let mut writer = csv::WriterBuilder::new()
        .terminator(csv::Terminator::CRLF)
        .from_writer(b"\xef\xbb\xbf".to_vec());
    for record in &records {
        let cells: Vec<String> = record.iter().map(|c| c.replace('\n', "\r\n")).collect();
        writer.write_record(&cells).unwrap();
    }
    std::fs::write(copy.join(TABLE), writer.into_inner().unwrap()).unwrap();
}

#[test]
fn an_editors_round_passes_every_test_without_touching_a_test() {
    if std::env::var_os(INSIDE).is_some() {
        return;
    }
    let work: PathBuf = Path::new(env!("CARGO_TARGET_TMPDIR")).join("editor-round");
    let copy = work.join("repository");
    let target = work.join("target");
    copy_repository(&support::repository(), &copy);

    // Zalo changes its page; the editor saves it and applies it.
    let (page_text, reworded, new, dropped) = next_page(&copy);
    std::fs::write(copy.join("zns-error-page.txt"), page_text).unwrap();
    let (said, status) = xtask(
        &copy,
        &target,
        &["page-diff", "zns-error-page.txt", "--apply"],
    );
    assert_eq!(status, 1, "{said}");
    assert!(said.contains(&format!("applied: {reworded} ")), "{said}");
    assert!(
        said.contains(&format!("added: {new} TemplatePausedByZalo")),
        "{said}"
    );
    assert!(said.contains(&format!("marked: {dropped} ")), "{said}");

    // The check lists what only the editor can fill in; they fill it in.
    let (said, status) = xtask(&copy, &target, &["check"]);
    assert_eq!(status, 1);
    assert!(said.contains("5 problem(s)"), "{said}");
    fill_in_and_save_as_excel(&copy, new);
    let (said, status) = xtask(&copy, &target, &["check"]);
    assert_eq!(status, 0, "{said}");

    // Every test of the workspace, as the README runs them.
    let output = cargo(&copy, &target)
        .args(["test", "--workspace", "--offline"])
        .env(INSIDE, "1")
        .env_remove("ZALO_ZNS_ERRORS_CSV")
        .env_remove("RUSTFLAGS")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        output.status.success(),
        "cargo test --workspace failed in the copy:\n{stdout}\n{stderr}"
    );
    assert!(!stdout.contains("FAILED"), "{stdout}");

    // Nothing but the data changed.
    for file in [
        "README.md",
        "EDITING.md",
        "tests/table.rs",
        "tests/released_api.txt",
        "xtask/tests/page_diff.rs",
    ] {
        assert_eq!(
            std::fs::read(copy.join(file)).unwrap(),
            std::fs::read(support::repository().join(file)).unwrap(),
            "{file} was touched"
        );
    }
}
