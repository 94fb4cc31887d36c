//! `cargo xtask page-diff URL`: Zalo's page read over HTTP from servers this
//! test starts on 127.0.0.1 — the kept copy as Docusaurus serves it, a
//! changed copy, a 500, pages that are not the table, a response slower than
//! the timeout, redirects. No test reaches the internet: every server here
//! answers a bounded number of requests and stops by itself.

mod support;

use std::path::Path;
use std::time::Duration;

use support::server::{Answer, live_page, ok, redirect, serve};
use support::{real_rows, real_table, workspace};
use xtask::codegen::messages::Lang;
use xtask::fetch::{self, Limits};
use xtask::page_diff::{self, Request};
use xtask::workspace::{PAGE_COPY, TABLE};

fn short() -> Limits {
    Limits {
        connect: Duration::from_secs(2),
        read: Duration::from_secs(2),
        ..Limits::default()
    }
}

fn request(page: &str) -> Request {
    Request {
        page: page.to_owned(),
        apply: true,
        saved_on: Some("2027-01-15".to_owned()),
        report: None,
    }
}

/// The table and the page copy of a workspace, to show nothing was written.
fn files(root: &Path) -> (Vec<u8>, Vec<u8>) {
    (
        std::fs::read(root.join(TABLE)).unwrap(),
        std::fs::read(root.join(PAGE_COPY)).unwrap(),
    )
}

#[test]
fn the_kept_copy_served_as_the_live_site_agrees() {
    let (base, server) = serve(vec![ok(live_page(&real_rows()))]);
    let root = workspace("fetch-agree", &real_table());
    let before = files(&root);
    let url = format!("{base}/zns/guidelines/handle-error-code");
    let outcome = page_diff::run(&root, &request(&url), &short(), Lang::En);
    assert_eq!(outcome.status, 0, "{}{}", outcome.stdout, outcome.stderr);
    assert!(outcome.stdout.contains("the page and the table agree"));
    assert_eq!(files(&root), before, "nothing to write");
    let asked = server.join().unwrap();
    assert_eq!(asked[0].0, "GET /zns/guidelines/handle-error-code HTTP/1.1");
    assert!(
        asked[0].1.starts_with("zalo-zns-errors-page-check/"),
        "{:?}",
        asked[0].1
    );
}

#[test]
fn a_redirect_within_the_site_is_followed() {
    let (base, server) = serve(vec![
        redirect("/zbs/template-message/error-codes"),
        ok(live_page(&real_rows())),
    ]);
    let root = workspace("fetch-redirect", &real_table());
    let outcome = page_diff::run(&root, &request(&format!("{base}/old")), &short(), Lang::En);
    assert_eq!(outcome.status, 0, "{}{}", outcome.stdout, outcome.stderr);
    let asked = server.join().unwrap();
    assert_eq!(
        asked.iter().map(|a| a.0.as_str()).collect::<Vec<_>>(),
        [
            "GET /old HTTP/1.1",
            "GET /zbs/template-message/error-codes HTTP/1.1"
        ]
    );
}

#[test]
fn what_is_not_the_table_is_refused_and_nothing_is_written() {
    let mut few = real_rows();
    few.truncate(few.len() / 3);
    let login = "<!DOCTYPE html><html><body><form><h1>Đăng nhập</h1><input name=\"user\"></form></body></html>";
    let maintenance =
        "<html><body><h1>Hệ thống đang bảo trì</h1><p>Vui lòng quay lại sau.</p></body></html>";
    let redesign = "<html><body><table><tr><th>Code</th><th>Meaning</th></tr><tr><td>-108</td><td>x</td></tr></table></body></html>";
    let server_error = Answer {
        status: "500 Internal Server Error",
        ..ok("<html><body>Internal Server Error</body></html>")
    };
    let cases: Vec<(Answer, &str)> = vec![
        (
            server_error,
            "answered HTTP 500 Internal Server Error, not the page",
        ),
        (
            Answer {
                status: "404 Not Found",
                ..ok("Not Found")
            },
            "answered HTTP 404 Not Found",
        ),
        (ok(login), "is not a copy of Zalo's error page"),
        (ok(maintenance), "is not a copy of Zalo's error page"),
        (ok(redesign), "is not a copy of Zalo's error page"),
        (
            ok(""),
            "is not a copy of Zalo's error page: the file is empty",
        ),
        (ok(live_page(&few)), "fewer than half of the"),
        (
            redirect("http://localhost:9/elsewhere"),
            "redirects to another site",
        ),
    ];
    for (answer, says) in cases {
        let (base, server) = serve(vec![answer]);
        let root = workspace("fetch-refused", &real_table());
        let before = files(&root);
        let report = root.join("report.md");
        let mut asked = request(&format!("{base}/page"));
        asked.report = Some(report.to_string_lossy().into_owned());
        let outcome = page_diff::run(&root, &asked, &short(), Lang::En);
        assert_eq!(
            outcome.status, 2,
            "{says}: {}{}",
            outcome.stdout, outcome.stderr
        );
        assert!(outcome.stderr.contains(says), "{says}: {}", outcome.stderr);
        assert!(
            outcome.stderr.contains(&base),
            "names the address: {}",
            outcome.stderr
        );
        assert_eq!(files(&root), before, "{says}: nothing written");
        assert!(!report.exists(), "{says}: no report");
        server.join().unwrap();
    }
}

#[test]
fn a_page_slower_than_the_timeout_is_given_up() {
    // Half a second to read, a page that takes three times as long.
    let limits = Limits {
        read: Duration::from_millis(500),
        ..short()
    };
    let slow = Answer {
        delay: 3 * limits.read,
        ..ok(live_page(&real_rows()))
    };
    let (base, server) = serve(vec![slow]);
    let root = workspace("fetch-slow", &real_table());
    let before = files(&root);
    let started = std::time::Instant::now();
    let outcome = page_diff::run(&root, &request(&format!("{base}/page")), &limits, Lang::En);
    assert!(
        started.elapsed() < 3 * limits.read,
        "{:?}",
        started.elapsed()
    );
    assert_eq!(outcome.status, 2);
    assert!(outcome.stderr.contains("timed out"), "{}", outcome.stderr);
    assert_eq!(files(&root), before);
    server.join().unwrap();
}

#[test]
fn only_https_is_read_from_another_machine() {
    // Refused before any connection is made.
    let root = workspace("fetch-http", &real_table());
    let outcome = page_diff::run(
        &root,
        &request("http://zalo.cloud/zns/guidelines/handle-error-code"),
        &short(),
        Lang::Vi,
    );
    assert_eq!(outcome.status, 2);
    assert!(
        outcome.stderr.contains("không dùng HTTPS"),
        "{}",
        outcome.stderr
    );
    // The defaults keep a page that never answers from holding the daily run.
    let limits = Limits::default();
    assert!(limits.connect + limits.read < Duration::from_secs(60));
    assert!(fetch::OFFICIAL_PAGE.starts_with("https://"));
}

#[test]
fn live_reads_the_official_page_with_no_address_typed() {
    let args: Vec<String> = ["page-diff", "--live", "--apply", "--report", "r.md"]
        .iter()
        .map(|a| a.to_string())
        .collect();
    let command = xtask::cli::parse(&args).unwrap();
    assert_eq!(
        command.action,
        xtask::cli::Action::PageDiff(Request {
            page: fetch::OFFICIAL_PAGE.to_owned(),
            apply: true,
            saved_on: None,
            report: Some("r.md".to_owned()),
        })
    );
    for wrong in [
        &["page-diff", "--live", "page.html"][..],
        &["page-diff", "--report"],
        &["page-diff", "--live", "--report", "--apply"],
    ] {
        let args: Vec<String> = wrong.iter().map(|a| a.to_string()).collect();
        assert!(xtask::cli::parse(&args).is_err(), "{wrong:?}");
    }
}
