//! Sends per second through one OA's shared state: 1, 2 and 4 `zns-sender
//! run` processes (4 workers, batches of 16 each) against the fake Zalo
//! with no latency, on SQLite and on PostgreSQL, beside the same workers
//! with the state in memory in one process (a `Mutex<OaState>`, no
//! database): the cost of sharing, as a ratio.
//!
//! `cargo bench --bench throughput` (`-- --messages N` to change the 4,000
//! messages of each run). PostgreSQL is a server of the bench's own, from
//! the machine's binaries, or `DATABASE_URL`.

#[path = "../tests/support/fake_zalo.rs"]
mod fake_zalo;
#[path = "../tests/support/postgres.rs"]
mod postgres;

use std::process::{Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant, SystemTime};

use fake_zalo::{APP_ID, FakeZalo, SECRET_KEY};
use zalo_zns_errors::{Answer, Attempts, Clearance, OaState};
use zalo_zns_sender::{Message, Sender, TokenPair};

const WORKERS: usize = 4;
const BATCH: usize = 16;

fn messages(n: usize, run: &str) -> Vec<Message> {
    (0..n)
        .map(|i| Message {
            phone: format!("849{i:08}"),
            template_id: "203972".to_owned(),
            template_data: serde_json::Map::new(),
            tracking_id: format!("{run}-{i}"),
            deliver_by: None,
        })
        .collect()
}

/// `processes` processes of `zns-sender run` until done: sends per second,
/// and the first process's account of where its time went.
async fn through_database(url: &str, fake: &FakeZalo, processes: usize, n: usize) -> (f64, String) {
    let run = format!("run{processes}");
    let sender = Sender::open(url).await.expect("the database opens");
    sender
        .authorise(
            &run,
            TokenPair {
                access_token: "access-0".to_owned(),
                refresh_token: "refresh-0".to_owned(),
                expires_in: None,
            },
        )
        .await
        .expect("authorise");
    sender
        .enqueue(&run, &messages(n, &run))
        .await
        .expect("enqueue");
    sender.close().await;
    let started = Instant::now();
    let children: Vec<_> = (0..processes)
        .map(|_| {
            Command::new(env!("CARGO_BIN_EXE_zns-sender"))
                .args(["run", "--oa", &run, "--until-done"])
                .args([
                    "--workers",
                    &WORKERS.to_string(),
                    "--batch",
                    &BATCH.to_string(),
                ])
                .env("DATABASE_URL", url)
                .env("ZNS_API_URL", fake.base_url())
                .env("ZALO_OAUTH_URL", fake.base_url())
                .env("ZALO_APP_ID", APP_ID)
                .env("ZALO_SECRET_KEY", SECRET_KEY)
                .env("ZNS_SENDER_TIMINGS", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .expect("zns-sender starts")
        })
        .collect();
    let mut timings = String::new();
    for child in children {
        let output = tokio::task::block_in_place(|| child.wait_with_output()).expect("ends");
        assert!(
            output.status.success(),
            "{}",
            String::from_utf8_lossy(&output.stderr)
        );
        if timings.is_empty() {
            timings = String::from_utf8_lossy(&output.stderr)
                .lines()
                .find_map(|l| l.split("timings: ").nth(1).map(str::to_owned))
                .unwrap_or_default();
        }
    }
    let took = started.elapsed();
    let sender = Sender::open(url).await.expect("the database opens");
    let status = sender.status(&run).await.expect("status");
    assert_eq!(status.messages["delivered"], n as u64, "{status:?}");
    sender.close().await;
    (n as f64 / took.as_secs_f64(), timings)
}

/// The same workers and batches with the state in memory, in this process.
async fn in_memory(fake: &FakeZalo, n: usize) -> f64 {
    let state = Arc::new(Mutex::new(OaState::new()));
    let queue = Arc::new(Mutex::new(messages(n, "memory")));
    let http = reqwest::Client::new();
    let url = format!("{}/message/template", fake.base_url());
    let started = Instant::now();
    let mut workers = tokio::task::JoinSet::new();
    for _ in 0..WORKERS {
        let (state, queue, http, url) = (
            Arc::clone(&state),
            Arc::clone(&queue),
            http.clone(),
            url.clone(),
        );
        workers.spawn(async move {
            loop {
                let batch: Vec<(Message, Attempts, zalo_zns_errors::Permit)> = {
                    let mut queue = queue.lock().unwrap();
                    let mut state = state.lock().unwrap();
                    let now = SystemTime::now();
                    let mut batch = Vec::new();
                    while batch.len() < BATCH {
                        let Some(message) = queue.pop() else { break };
                        let attempts = Attempts::new();
                        match state.before_send_template(&message.template_id, &attempts, now) {
                            Clearance::Send(permit) => batch.push((message, attempts, permit)),
                            other => panic!("{other:?}"),
                        }
                    }
                    batch
                };
                if batch.is_empty() {
                    return;
                }
                let mut calls = tokio::task::JoinSet::new();
                for (message, attempts, permit) in batch {
                    let (http, url) = (http.clone(), url.clone());
                    calls.spawn(async move {
                        let body = serde_json::json!({
                            "phone": message.phone, "template_id": message.template_id,
                            "template_data": message.template_data, "tracking_id": message.tracking_id,
                        });
                        let reply = match http
                            .post(&url)
                            .header("access_token", "access-0")
                            .json(&body)
                            .send()
                            .await
                        {
                            Ok(response) => {
                                let status = response.status().as_u16();
                                response.text().await.map(|text| (status, text))
                            }
                            Err(error) => Err(error),
                        };
                        (Answer::from_http(reply), attempts, permit)
                    });
                }
                let answered = calls.join_all().await;
                let mut state = state.lock().unwrap();
                for (answer, mut attempts, permit) in answered {
                    let _ = state.record(permit, answer, &mut attempts, SystemTime::now());
                }
            }
        });
    }
    workers.join_all().await;
    n as f64 / started.elapsed().as_secs_f64()
}

#[tokio::main(flavor = "multi_thread", worker_threads = 2)]
async fn main() {
    let n: usize = std::env::args()
        .skip_while(|a| a != "--messages")
        .nth(1)
        .and_then(|v| v.parse().ok())
        .unwrap_or(4000);
    let fake = FakeZalo::start(
        "access-0",
        "refresh-0",
        Duration::from_secs(30 * 24 * 3600),
        Duration::ZERO,
    )
    .await;
    let baseline = in_memory(&fake, n).await;
    println!("{n} messages a run, {WORKERS} workers a process, batches of {BATCH}");
    println!("in memory, one process: {baseline:.0} sends/s (1.00x)");
    let dir = std::env::temp_dir().join(format!("zns-bench-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a folder");
    let server = tokio::task::block_in_place(postgres::Postgres::start);
    for backend in ["sqlite", "postgres"] {
        for processes in [1, 2, 4] {
            let url = match backend {
                "sqlite" => postgres::sqlite_url(&dir, &format!("bench-{processes}.db")),
                _ => server.url().to_owned(),
            };
            let (rate, timings) = through_database(&url, &fake, processes, n).await;
            println!(
                "{backend}, {processes} process{}: {rate:.0} sends/s ({:.2}x in memory); \
                 first process: {timings}",
                if processes == 1 { "" } else { "es" },
                rate / baseline
            );
        }
    }
    drop(server);
    let _ = std::fs::remove_dir_all(&dir);
}
