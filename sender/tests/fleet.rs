//! Several real `zns-sender run` processes for one OA, on SQLite and on
//! PostgreSQL: 2,000 messages through token expiries every 5 seconds, a
//! 3-second outage, one process killed (SIGKILL) while sending, a rolling
//! deploy (a fourth starts, one gets SIGTERM) and, on PostgreSQL, the
//! database server restarted mid-run. What must hold: one refresh call per
//! expiry across the fleet, never two in flight, none refused; the OA never
//! held; every message with an outcome; none sent twice but those in
//! flight at the kill; OTPs past their deadline sent by the other channel;
//! each alert once.

mod support;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, Instant, SystemTime};

use support::fake_zalo::FakeZalo;
use support::postgres::{Postgres, sqlite_url};
use support::processes::{Env, Running, scratch, write};
use zalo_zns_errors::{ErrorCode, Retry, Scope};
use zalo_zns_sender::Message;

const MESSAGES: usize = 2000;
/// Every tenth message is an OTP.
const OTP_EVERY: usize = 10;
/// An OTP's validity from its enqueueing; the sender gives up on ZNS
/// `OTHER_CHANNEL_MARGIN` before it ends.
const OTP_VALIDITY: Duration = Duration::from_secs(6);
const UNAPPROVED: &str = "999999";

fn messages(start: SystemTime) -> String {
    (0..MESSAGES)
        .map(|n| {
            let template = match n {
                n if n % OTP_EVERY == 0 => "otp",
                n if n % 400 == 7 => UNAPPROVED,
                _ => "203972",
            };
            let message = Message {
                phone: format!("849{n:08}"),
                template_id: template.to_owned(),
                template_data: serde_json::json!({ "n": n.to_string() })
                    .as_object()
                    .cloned()
                    .unwrap_or_default(),
                tracking_id: format!("m-{n}"),
                deliver_by: (n % OTP_EVERY == 0).then(|| start + OTP_VALIDITY),
            };
            serde_json::to_string(&message).expect("a message serializes")
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// The code Zalo answers for a template not approved: the table's first
/// that holds a template for a person.
fn template_code() -> i32 {
    ErrorCode::ALL
        .iter()
        .find(|c| c.retry() == Retry::AfterFix && c.scope() == Scope::Template)
        .expect("a code that holds a template")
        .code()
}

struct Fleet {
    env: Env,
    fake: FakeZalo,
    dir: std::path::PathBuf,
}

async fn sleep_until(start: Instant, at: Duration) {
    let now = start.elapsed();
    if at > now {
        tokio::time::sleep(at - now).await;
    }
}

fn run_args(policy: &str) -> Vec<String> {
    [
        "--oa",
        "fleet",
        "--workers",
        "2",
        "--batch",
        "2",
        "--until-done",
        "--policy",
        policy,
    ]
    .map(str::to_owned)
    .to_vec()
}

fn start(fleet: &Fleet, name: &str, policy: &str) -> Running {
    let args = run_args(policy);
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    fleet.env.start(name, &args)
}

fn logs(processes: &[Running]) -> String {
    processes
        .iter()
        .map(|p| format!("--- {}\n{}", p.name, p.log()))
        .collect::<Vec<_>>()
        .join("\n")
}

async fn fleet_run(database_url: String, postgres: Option<&Postgres>, name: &str) {
    let dir = scratch(name);
    let fake = FakeZalo::start(
        "access-0",
        "refresh-0",
        Duration::from_secs(5),
        Duration::from_millis(100),
    )
    .await;
    fake.refuse_template(UNAPPROVED, template_code());
    let env = Env {
        database_url,
        zalo_url: fake.base_url(),
        dir: dir.clone(),
    };
    let fleet = Fleet { env, fake, dir };
    let env = &fleet.env;
    env.ok(&[
        "authorise",
        "--oa",
        "fleet",
        "--access-token",
        "access-0",
        "--refresh-token",
        "refresh-0",
        "--expires-in",
        "5",
    ]);
    let enqueued_at = SystemTime::now();
    let file = write(&fleet.dir, "messages.jsonl", &messages(enqueued_at));
    let said = env.ok(&["enqueue", "--oa", "fleet", &file]);
    assert!(said.contains("2000 messages enqueued"), "{said}");
    let policy = write(&fleet.dir, "policy.json", &support::short_policy());
    let start_at = Instant::now();
    let mut processes = vec![
        start(&fleet, "p1", &policy),
        start(&fleet, "p2", &policy),
        start(&fleet, "p3", &policy),
    ];
    sleep_until(start_at, Duration::from_secs(3)).await;
    fleet.fake.outage(Duration::from_secs(3));
    sleep_until(start_at, Duration::from_secs(8)).await;
    // Killed while sending, not while it may hold the refresh call.
    while fleet.fake.refresh_in_flight() > 0 {
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
    processes[0].kill();
    let killed_at = SystemTime::now();
    sleep_until(start_at, Duration::from_secs(10)).await;
    processes.push(start(&fleet, "p4", &policy));
    sleep_until(start_at, Duration::from_secs(11)).await;
    processes[1].terminate();
    let terminated = tokio::task::block_in_place(|| processes[1].wait(Duration::from_secs(10)));
    assert!(
        terminated.is_some_and(|s| s.success()),
        "SIGTERM: finish the calls in flight and exit 0 ({terminated:?}):\n{}",
        logs(&processes)
    );
    if let Some(postgres) = postgres.filter(|p| p.can_restart()) {
        sleep_until(start_at, Duration::from_secs(14)).await;
        tokio::task::block_in_place(|| postgres.restart());
    }
    for index in [2, 3] {
        let exited =
            tokio::task::block_in_place(|| processes[index].wait(Duration::from_secs(150)));
        assert!(
            exited.is_some_and(|s| s.success()),
            "{} ends with every message done ({exited:?}):\n{}",
            processes[index].name,
            logs(&processes)
        );
    }
    let took = start_at.elapsed();
    // A transaction cut by the restart is tried again once the server is
    // back (and says so); one that asks for a connection meanwhile waits for
    // it in the pool. Either way the run goes on, and the checks below hold.
    let waited = logs(&processes).matches("the database is away").count();
    let status = env.status("fleet");
    let counts = fleet.fake.counts();
    let delivered = fleet.fake.delivered();
    let other_channel = fleet.fake.other_channel();
    let alerts = fleet.fake.alerts();
    eprintln!(
        "{name}: {took:?}, status {status}, fake {counts:?}, {} delivered, {} by the other \
         channel, {} delivered twice, {waited} transactions waited for the database",
        delivered.len(),
        other_channel.len(),
        delivered.values().filter(|at| at.len() > 1).count()
    );

    // Every message has an outcome (or waits for the template's release).
    let by = |outcome: &str| status["messages"][outcome].as_u64().unwrap();
    let waiting = status["waiting_for_person"].as_u64().unwrap();
    assert_eq!(by("queued"), waiting, "{status}");
    assert_eq!(
        by("delivered") + by("other_channel") + by("kept_for_person") + by("expired") + waiting,
        MESSAGES as u64
    );
    // The token: several expiries, one refresh call each, never two at once,
    // none refused, the OA never held.
    assert!(counts.refresh_granted >= 2, "{counts:?}");
    assert_eq!(counts.refresh_calls, counts.refresh_granted, "{counts:?}");
    assert_eq!(counts.refresh_refused, 0, "{counts:?}");
    assert_eq!(counts.most_refresh_in_flight, 1, "{counts:?}");
    assert!(
        counts.refresh_calls as f64 <= took.as_secs_f64() / 5.0 + 1.0,
        "one refresh per expiry: {counts:?} in {took:?}"
    );
    assert!(status["hold"].is_null(), "{status}");
    // The outage happened and was ridden out.
    assert!(counts.bad_gateway > 0 && !status["circuit_open"].as_bool().unwrap());
    // None sent twice, except those in flight when p1 was killed.
    let twice: BTreeMap<&String, &Vec<SystemTime>> =
        delivered.iter().filter(|(_, at)| at.len() > 1).collect();
    for (id, at) in &twice {
        let first = at[0];
        assert!(
            first <= killed_at && killed_at.duration_since(first).unwrap() < Duration::from_secs(4),
            "{id} was delivered {} times, the first {:?} before the kill",
            at.len(),
            killed_at.duration_since(first)
        );
    }
    assert!(
        twice.len() <= 2 * 2,
        "at most p1's calls in flight: {twice:?}"
    );
    // OTPs: delivered before their deadline, or sent the other way.
    let otp_deadline = enqueued_at + OTP_VALIDITY - zalo_zns_sender::OTHER_CHANNEL_MARGIN;
    let by_other: BTreeSet<String> = other_channel
        .iter()
        .map(|m| m["tracking_id"].as_str().unwrap().to_owned())
        .collect();
    assert_eq!(by_other.len(), other_channel.len(), "each handed over once");
    assert_eq!(by_other.len() as u64, by("other_channel"));
    let mut late_otps = 0;
    for n in (0..MESSAGES).step_by(OTP_EVERY) {
        let id = format!("m-{n}");
        match delivered.get(&id) {
            Some(at) => assert!(
                at[0] <= otp_deadline + Duration::from_secs(3),
                "{id} delivered {:?} after its deadline",
                at[0].duration_since(otp_deadline)
            ),
            None => {
                assert!(
                    by_other.contains(&id),
                    "{id}: neither delivered nor sent the other way"
                );
                late_otps += 1;
            }
        }
    }
    assert!(
        late_otps > 0,
        "some OTPs missed their deadline and went the other way"
    );
    // Each alert once: the template held, told once across the fleet.
    let seqs: BTreeSet<i64> = alerts.iter().map(|a| a["seq"].as_i64().unwrap()).collect();
    assert_eq!(
        seqs.len(),
        alerts.len(),
        "each alert handed over once: {alerts:?}"
    );
    let stored = status["alerts"].as_array().unwrap();
    assert_eq!(stored.len(), alerts.len(), "{stored:?} / {alerts:?}");
    let held: Vec<_> = stored
        .iter()
        .filter(|a| a["kind"] == "template_held")
        .collect();
    assert_eq!(held.len(), 1, "{stored:?}");
    assert_eq!(held[0]["template_id"], UNAPPROVED);
    assert_eq!(
        held[0]["command"],
        format!("zns-sender release-template --oa fleet --template {UNAPPROVED}")
    );
    assert_eq!(stored.len(), 1, "no other alert: {stored:?}");
    let _ = std::fs::remove_dir_all(&fleet.dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_shares_one_oa_on_sqlite() {
    let _one = support::ONE_AT_A_TIME.lock().await;
    let dir = scratch("fleet-sqlite-db");
    fleet_run(sqlite_url(&dir, "zns.db"), None, "fleet-sqlite").await;
    let _ = std::fs::remove_dir_all(dir);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_fleet_shares_one_oa_on_postgres_through_a_restart() {
    let _one = support::ONE_AT_A_TIME.lock().await;
    let postgres = tokio::task::block_in_place(Postgres::start);
    fleet_run(postgres.url().to_owned(), Some(&postgres), "fleet-postgres").await;
}
