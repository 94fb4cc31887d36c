//! The process that holds the refresh call dies with it in flight: Zalo
//! spent the refresh token, and the new pair is lost with the process. The
//! next process's refresh is refused; the token still has life, so a person
//! is told once to authorise the OA again, sending goes on meanwhile, and
//! after `zns-sender authorise` the rest is delivered. Nothing is lost.

mod support;

use std::time::{Duration, Instant};

use support::fake_zalo::FakeZalo;
use support::postgres::sqlite_url;
use support::processes::{Env, scratch, write};
use zalo_zns_errors::Policy;

const MESSAGES: usize = 1200;

fn messages() -> String {
    (0..MESSAGES)
        .map(|n| {
            format!(
                r#"{{"phone":"849{n:08}","template_id":"203972","template_data":{{}},"tracking_id":"h-{n}"}}"#
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

async fn wait_for(what: &str, limit: Duration, mut done: impl FnMut() -> bool) {
    let until = Instant::now() + limit;
    while !done() {
        assert!(Instant::now() < until, "waited {limit:?} for {what}");
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_person_is_told_once_when_the_refresh_holder_dies_and_nothing_is_lost() {
    let _one = support::ONE_AT_A_TIME.lock().await;
    let dir = scratch("holder-dies");
    let fake = FakeZalo::start(
        "access-0",
        "refresh-0",
        Duration::from_secs(600),
        Duration::from_millis(100),
    )
    .await;
    fake.hang_next_refresh();
    let env = Env {
        database_url: sqlite_url(&dir, "zns.db"),
        zalo_url: fake.base_url(),
        dir: dir.clone(),
    };
    // The token has 30 s of life; the refresh is due halfway.
    env.ok(&[
        "authorise",
        "--oa",
        "oa-h",
        "--access-token",
        "access-0",
        "--refresh-token",
        "refresh-0",
        "--expires-in",
        "30",
    ]);
    let file = write(&dir, "messages.jsonl", &messages());
    env.ok(&["enqueue", "--oa", "oa-h", &file]);
    let mut policy: Policy = serde_json::from_str(&support::short_policy()).unwrap();
    policy.refresh_ahead_percent = 50;
    let policy = write(
        &dir,
        "policy.json",
        &serde_json::to_string(&policy).unwrap(),
    );
    let args = [
        "--oa",
        "oa-h",
        "--workers",
        "2",
        "--batch",
        "2",
        "--until-done",
        "--policy",
        &policy,
    ];
    let mut first = env.start("first", &args);
    wait_for("the refresh call", Duration::from_secs(30), || {
        fake.counts().refresh_hung == 1
    })
    .await;
    first.kill();
    let mut second = env.start("second", &args);
    wait_for("the alert", Duration::from_secs(30), || {
        !fake.alerts().is_empty()
    })
    .await;
    let at_alert = fake.delivered().len();
    let alert = fake.alerts()[0].clone();
    assert_eq!(alert["kind"], "authorise_again", "{alert}");
    assert_eq!(alert["resolution"], "OaState::token_granted");
    assert!(
        alert["command"]
            .as_str()
            .unwrap()
            .starts_with("zns-sender authorise --oa oa-h --access-token"),
        "{alert}"
    );
    assert!(
        alert["english"].as_str().unwrap().contains("empty")
            && alert["vietnamese"]
                .as_str()
                .unwrap()
                .contains("cấp quyền lại"),
        "{alert}"
    );
    // Sending goes on with the current token meanwhile.
    tokio::time::sleep(Duration::from_secs(1)).await;
    assert!(
        fake.delivered().len() > at_alert,
        "sending goes on after the alert:\n{}",
        second.log()
    );
    let (access, refresh) = fake.authorise_again();
    env.ok(&[
        "authorise",
        "--oa",
        "oa-h",
        "--access-token",
        &access,
        "--refresh-token",
        &refresh,
        "--expires-in",
        "600",
    ]);
    let exited = tokio::task::block_in_place(|| second.wait(Duration::from_secs(120)));
    assert!(
        exited.is_some_and(|s| s.success()),
        "{exited:?}\n{}\n{}",
        first.log(),
        second.log()
    );
    let status = env.status("oa-h");
    let counts = fake.counts();
    eprintln!("holder dies: {status}\n{counts:?}");
    assert_eq!(status["messages"]["delivered"], MESSAGES, "{status}");
    assert!(status["hold"].is_null(), "{status}");
    assert_eq!(fake.delivered().len(), MESSAGES);
    // Told once: one alert, handed over once.
    assert_eq!(fake.alerts().len(), 1, "{:?}", fake.alerts());
    assert_eq!(status["alerts"].as_array().unwrap().len(), 1, "{status}");
    assert_eq!(counts.refresh_hung, 1);
    assert_eq!(counts.refresh_refused, 1, "{counts:?}");
    assert_eq!(counts.most_refresh_in_flight, 1, "{counts:?}");
    let _ = std::fs::remove_dir_all(dir);
}
