//! .github/workflows/zalo-page.yml: it runs daily and on demand, with only
//! the permissions its job needs and its actions pinned; and the command it
//! runs, served Zalo's changed page from 127.0.0.1 instead of the web,
//! writes the table, the page copy and the pull request's body.

mod support;

use std::path::Path;

use support::server::{live_page, ok, serve};
use support::{all_rows, real_rows, real_table, workspace};
use xtask::table_row::TableRow;
use xtask::workspace::{PAGE_COPY, TABLE};

const WORKFLOW: &str = include_str!("../../.github/workflows/zalo-page.yml");

/// The lines of the workflow, without comments.
fn lines() -> Vec<&'static str> {
    WORKFLOW
        .lines()
        .filter(|l| !l.trim_start().starts_with('#'))
        .collect()
}

/// The value of `key:` on the workflow's first line that sets it.
fn value(key: &str) -> Option<&'static str> {
    lines().into_iter().find_map(|l| {
        l.trim_start()
            .strip_prefix(key)
            .and_then(|rest| rest.strip_prefix(':'))
            .map(str::trim)
    })
}

/// The `cargo xtask page-diff …` command of the workflow, as arguments.
fn page_diff_command() -> Vec<String> {
    let line = lines()
        .into_iter()
        .find(|l| l.contains("cargo xtask page-diff"))
        .expect("the workflow runs cargo xtask page-diff");
    let command = line.split("||").next().unwrap();
    let after = command.split("cargo xtask").nth(1).unwrap();
    after
        .split_whitespace()
        .map(|word| word.trim_matches('"').to_owned())
        .collect()
}

/// Runs the workflow's own command in `root`, with the server at `base` for
/// `--live` and `report` for the report's path.
fn run_the_workflows_command(base: &str, root: &Path, report: &Path) -> xtask::Outcome {
    let args: Vec<String> = page_diff_command()
        .into_iter()
        .map(|arg| match arg.as_str() {
            "--live" => format!("{base}/zns/guidelines/handle-error-code"),
            path if path.ends_with("/zalo-page.md") => report.to_string_lossy().into_owned(),
            _ => arg,
        })
        .collect();
    xtask::run(&args, "en_US.UTF-8", root)
}

#[test]
fn the_workflow_runs_daily_and_on_demand_with_limited_permissions() {
    let cron = value("- cron").expect("a schedule");
    let fields: Vec<&str> = cron.trim_matches('"').split_whitespace().collect();
    assert_eq!(fields.len(), 5, "{cron}");
    assert_eq!(&fields[2..], ["*", "*", "*"], "every day: {cron}");
    assert!(value("workflow_dispatch").is_some(), "on demand");
    // Nothing for the workflow as a whole; the job writes contents (its
    // branch) and pull requests, and nothing else.
    assert!(lines().contains(&"permissions: {}"), "{WORKFLOW}");
    let granted: Vec<&str> = lines()
        .into_iter()
        .filter(|l| l.trim_end().ends_with(": write") || l.trim_end().ends_with(": read"))
        .map(str::trim)
        .collect();
    assert_eq!(granted, ["contents: write", "pull-requests: write"]);
    // Every action pinned to a commit.
    let uses: Vec<&str> = lines()
        .into_iter()
        .filter_map(|l| {
            l.trim_start()
                .trim_start_matches("- ")
                .strip_prefix("uses:")
        })
        .map(str::trim)
        .collect();
    assert!(
        uses.iter()
            .any(|u| u.starts_with("peter-evans/create-pull-request@"))
    );
    for action in uses {
        let sha = action
            .split('@')
            .nth(1)
            .unwrap()
            .split_whitespace()
            .next()
            .unwrap();
        assert!(
            sha.len() == 40 && sha.bytes().all(|b| b.is_ascii_hexdigit()),
            "{action} is not pinned to a commit"
        );
    }
    // The pull request carries the table and the page copy, with the
    // report as its body, from one fixed branch.
    for path in [TABLE, PAGE_COPY] {
        assert!(
            lines().iter().any(|l| l.trim() == path),
            "{path} is not added"
        );
    }
    let body = value("body-path").expect("a body");
    assert!(body.ends_with("/zalo-page.md"), "{body}");
    let command = page_diff_command();
    assert_eq!(command[..4], ["page-diff", "--live", "--apply", "--report"]);
    assert!(command[4].ends_with("/zalo-page.md"), "{command:?}");
    assert!(value("branch").is_some_and(|b| !b.contains("${{")));
}

#[test]
fn the_workflows_command_writes_the_table_the_page_copy_and_the_report() {
    // Zalo rewords a remedy, adds a code and drops another.
    let mut rows: Vec<TableRow> = real_rows();
    let reworded = rows
        .iter()
        .position(|r| !r.remedy.is_empty() && !r.remedy.contains('\n'))
        .unwrap();
    rows[reworded].remedy.push_str(" (xem hướng dẫn mới)");
    let dropped = rows.remove(rows.len() - 1);
    let new = all_rows().iter().map(|r| r.code).min().unwrap() - 1;
    rows.push(TableRow {
        code: new,
        variant: String::new(),
        description: "Template paused by Zalo".into(),
        info: "Mẫu ZNS bị Zalo tạm dừng".into(),
        remedy: String::new(),
        dropped_on: String::new(),
    });
    let (base, server) = serve(vec![ok(live_page(&rows))]);
    let root = workspace("workflow", &real_table());
    let report = root.join("zalo-page.md");

    let outcome = run_the_workflows_command(&base, &root, &report);
    assert_eq!(outcome.status, 1, "{}{}", outcome.stdout, outcome.stderr);
    server.join().unwrap();

    let table = String::from_utf8(std::fs::read(root.join(TABLE)).unwrap()).unwrap();
    let after = all_rows_of(&table);
    let find = |code: i32| after.iter().find(|r| r.code == code).unwrap();
    assert!(
        find(rows[reworded].code)
            .remedy
            .ends_with("(xem hướng dẫn mới)")
    );
    assert_eq!(find(new).info, "Mẫu ZNS bị Zalo tạm dừng");
    assert_eq!(find(dropped.code).dropped_on, xtask::date::today());
    let kept = std::fs::read_to_string(root.join(PAGE_COPY)).unwrap();
    assert_eq!(
        xtask::page::saved_on(&kept),
        Some(xtask::date::today().as_str())
    );
    assert!(kept.contains("Mẫu ZNS bị Zalo tạm dừng"));

    let report = std::fs::read_to_string(report).unwrap();
    for expected in [
        "differs from the table: 1 new, 1 dropped, 0 listed again, 1 changed".to_owned(),
        "khác với bảng: 1 mã mới, 1 mã bị bỏ".to_owned(),
        format!("#### `{new}` TemplatePausedByZalo"),
        "Cells to fill · Ô cần điền: `category`, `retry`, `scope`, `info_en`;".to_owned(),
        format!(
            "#### `{}` {} — `remedy_vi`",
            rows[reworded].code, rows[reworded].variant
        ),
        "{+(xem hướng dẫn mới)+}".to_owned(),
        format!("- `{}` {}: the row stays", dropped.code, dropped.variant),
        "EDITING.md#filling-in-the-cells".to_owned(),
        "EDITING.md#điền-các-ô".to_owned(),
        format!(
            "- Zalo's page no longer lists {} ({}); the code is kept.",
            dropped.code, dropped.variant
        ),
    ] {
        assert!(report.contains(&expected), "{expected}\n---\n{report}");
    }
}

fn all_rows_of(table: &str) -> Vec<TableRow> {
    xtask::table_row::table_rows(&xtask::codegen::table::read_all(table.as_bytes()))
}

#[test]
fn when_nothing_changed_the_report_says_so_and_nothing_is_written() {
    let (base, server) = serve(vec![ok(live_page(&real_rows()))]);
    let root = workspace("workflow-same", &real_table());
    let report = root.join("zalo-page.md");
    let kept = std::fs::read(root.join(PAGE_COPY)).unwrap();
    let outcome = run_the_workflows_command(&base, &root, &report);
    assert_eq!(outcome.status, 0, "{}{}", outcome.stdout, outcome.stderr);
    server.join().unwrap();
    assert_eq!(std::fs::read(root.join(TABLE)).unwrap(), real_table());
    assert_eq!(std::fs::read(root.join(PAGE_COPY)).unwrap(), kept);
    let report = std::fs::read_to_string(report).unwrap();
    assert!(report.contains("agree"), "{report}");
}
