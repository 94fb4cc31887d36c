//! The sender run for real, against the fake Zalo on 127.0.0.1, in real
//! time: 500 messages (one in four an OTP valid 4 seconds) due over 12.5
//! seconds; the access token expires at 1.5 s and the first refresh call
//! hangs past the client's timeout; Zalo's gateway answers 502 pages from
//! 6 s to 9 s; the sender is killed while the backlog the outage held goes
//! out, and started again from its JSON file.

use std::collections::{BTreeMap, HashMap};
use std::fs;
use std::io::Write;
use std::path::PathBuf;
use std::time::{Duration, SystemTime};

use tokio::time::{Instant, sleep_until};
use tokio_sender::fake::{self, FakeZalo};
use tokio_sender::sender::{self, Config, Message, Outcome, Sender, log};

const MESSAGES: u32 = 500;
/// Message `i` is due `i` times this after the start: 12.5 s in all.
const EVERY: Duration = Duration::from_millis(25);
/// One message in this many is an OTP.
const OTP_EVERY: u32 = 4;
/// How long an OTP is worth delivering.
const OTP_VALID: Duration = Duration::from_secs(4);
const SEND_LATENCY: Duration = Duration::from_millis(30);
/// Below `short_policy().call_timeout` (2.5 s).
const HTTP_TIMEOUT: Duration = Duration::from_millis(1500);
const TOKEN_EXPIRES_AT: Duration = Duration::from_millis(1500);
/// Longer than the client's timeout and than the policy's call_timeout.
const REFRESH_HANG: Duration = Duration::from_secs(4);
const OUTAGE_AT: Duration = Duration::from_secs(6);
const OUTAGE: Duration = Duration::from_secs(3);
/// The sender is killed this long after its circuit closed again.
const AFTER_THE_OUTAGE: Duration = Duration::from_millis(100);

fn messages(start: SystemTime) -> Vec<(Message, SystemTime)> {
    (0..MESSAGES)
        .map(|i| {
            let due = start + EVERY * i;
            let otp = i % OTP_EVERY == 0;
            let code = format!("{:06}", (i * 7919) % 1_000_000);
            let template_data = if otp {
                BTreeMap::from([("otp".to_owned(), code.clone())])
            } else {
                BTreeMap::from([
                    ("customer_name".to_owned(), format!("Khách hàng {i}")),
                    ("order_code".to_owned(), format!("DH{i:05}")),
                ])
            };
            let message = Message {
                tracking_id: format!("m{i:03}"),
                phone: format!("8490{i:07}"),
                template_id: if otp { "231456" } else { "231789" }.to_owned(),
                template_data,
                deliver_by: otp.then(|| due + OTP_VALID),
                sms_text: otp.then(|| format!("Ma xac thuc cua ban: {code}")),
            };
            (message, due)
        })
        .collect()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn five_hundred_messages_through_a_token_expiry_an_outage_and_a_restart() {
    let started = Instant::now();
    log(format_args!("script: start"));
    let fake = FakeZalo::start("access-0", "refresh-0", SEND_LATENCY).await;
    let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("run_for_real");
    fs::create_dir_all(&dir).expect("a folder for the store");
    let store = dir.join(format!("sender-{}.json", std::process::id()));
    let _ = fs::remove_file(&store);
    let config = Config {
        zalo_url: fake.base_url(),
        oauth_url: fake.base_url(),
        sms_url: format!("{}/sms", fake.base_url()),
        app_id: fake::APP_ID.to_owned(),
        secret_key: fake::SECRET_KEY.to_owned(),
        store: store.clone(),
        workers: 8,
        policy: sender::short_policy(),
        http_timeout: HTTP_TIMEOUT,
        sms_margin: Duration::from_millis(600),
        initial_access_token: "access-0".to_owned(),
        initial_refresh_token: "refresh-0".to_owned(),
    };
    let messages = messages(SystemTime::now());
    let deadlines: HashMap<String, Option<SystemTime>> = messages
        .iter()
        .map(|(m, _)| (m.tracking_id.clone(), m.deliver_by))
        .collect();

    let mut first = Sender::open(config.clone()).expect("a new store");
    first.enqueue(messages.clone());
    first.run();

    // The script.
    sleep_until(started + TOKEN_EXPIRES_AT).await;
    fake.expire_access_tokens();
    fake.hang_next_refresh(REFRESH_HANG);
    log(format_args!(
        "script: the access token expired; the next refresh call hangs"
    ));
    sleep_until(started + OUTAGE_AT).await;
    fake.outage(OUTAGE);
    log(format_args!("script: 502 pages for {OUTAGE:?}"));
    // The restart: once the outage is over and the backlog it held is
    // going out, the sender is killed where it stands.
    let mut opened = false;
    while !opened || first.is_circuit_open() {
        opened |= first.is_circuit_open();
        tokio::time::sleep(Duration::from_millis(5)).await;
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the outage ends"
        );
    }
    tokio::time::sleep(AFTER_THE_OUTAGE).await;
    let (in_flight, before) = first.crash().await;
    let restarted_at = started.elapsed();

    // Started again from the file alone; the application queues the same
    // messages again, not knowing which the sender finished: they are
    // known, and left as they are.
    let mut second = Sender::open(config).expect("the stored file");
    let queued_at_restart = second.queued();
    second.enqueue(messages);
    assert_eq!(
        second.queued(),
        queued_at_restart,
        "known messages are not queued twice"
    );
    second.run();
    let after = tokio::time::timeout(Duration::from_secs(60), second.finish())
        .await
        .expect("every message finished within a minute");
    let run_time = started.elapsed();
    let stats = before + after;
    eprintln!("{stats:?}");
    let outcomes = second.outcomes();
    let counts = fake.counts();
    let deliveries = fake.deliveries();
    let sms = fake.sms();

    // What reached each recipient, by ZNS and by SMS.
    let mut zns_at: HashMap<&str, Vec<SystemTime>> = HashMap::new();
    for delivery in &deliveries {
        zns_at
            .entry(&delivery.tracking_id)
            .or_default()
            .push(delivery.at);
    }
    let mut sms_at: HashMap<&str, Vec<SystemTime>> = HashMap::new();
    for sent in &sms {
        sms_at.entry(&sent.tracking_id).or_default().push(sent.at);
    }
    let mut duplicates = 0;
    let mut by_zns = 0;
    let mut by_sms = 0;
    let mut otps = 0;
    for (id, deadline) in &deadlines {
        let zns = zns_at.get(id.as_str()).map_or(&[][..], Vec::as_slice);
        let texts = sms_at.get(id.as_str()).map_or(&[][..], Vec::as_slice);
        duplicates += (zns.len() + texts.len()).saturating_sub(1);
        match deadline {
            None => {
                assert!(!zns.is_empty(), "{id}: a campaign message delivered by ZNS");
                assert!(
                    texts.is_empty(),
                    "{id}: a campaign message is never sent by SMS"
                );
            }
            Some(deadline) => {
                otps += 1;
                let in_time = |at: &SystemTime| at <= deadline;
                assert!(
                    zns.iter().any(in_time) || texts.iter().any(in_time),
                    "{id}: an OTP delivered by ZNS or sent by SMS before its deadline \
                     (ZNS at {zns:?}, SMS at {texts:?}, deadline {deadline:?})"
                );
            }
        }
        match outcomes.get(id) {
            Some(Outcome::Zns(msg_id)) => {
                assert!(!msg_id.is_empty(), "{id}: Zalo's msg_id kept");
                by_zns += 1;
            }
            Some(Outcome::Sms) => by_sms += 1,
            other => panic!("{id}: ended {other:?}, not by ZNS or SMS"),
        }
    }
    assert_eq!(outcomes.len(), deadlines.len(), "every message finished");
    assert!(
        deliveries
            .iter()
            .all(|d| deadlines.contains_key(&d.tracking_id)),
        "only the run's messages reach Zalo"
    );
    assert!(
        sms.iter()
            .all(|s| deadlines.contains_key(&s.tracking_id) && !s.phone.is_empty()),
        "only the run's messages reach the SMS gateway"
    );
    assert!(
        counts.most_refresh_in_flight <= 1,
        "never two refresh calls in flight at once: {counts:?}"
    );
    assert_eq!(counts.refresh_reused, 0, "no refresh token spent twice");
    assert_eq!(counts.refresh_hung, 1, "one refresh call hung");
    assert!(
        stats.refresh_timeouts >= 1,
        "the client gave up on it: {stats:?}"
    );
    assert!(counts.refresh_granted >= 1, "a new pair came: {counts:?}");
    assert_eq!(stats.held, 0, "no message held for a person");
    assert_eq!(stats.fix_first, 0, "no message needs a person");
    assert!(
        counts.token_invalid > 0,
        "the token expired mid-run: {counts:?}"
    );
    assert!(counts.bad_gateway > 0, "the outage was met: {counts:?}");
    assert!(by_sms > 0, "some OTPs fell back to SMS");
    assert!(
        duplicates <= in_flight,
        "{duplicates} messages sent twice, more than the {in_flight} in flight at the restart"
    );
    assert!(run_time < Duration::from_secs(45), "ran in {run_time:?}");
    let _ = fs::remove_file(&store);

    // Written past the test harness's capture, so that `cargo test` shows
    // the figures.
    let mut out = std::io::stdout().lock();
    let _ = writeln!(
        out,
        "\ntokio sender, run for real:\n\
         \x20 messages            {MESSAGES} ({otps} OTPs valid {OTP_VALID:?}, the rest without a deadline)\n\
         \x20 delivered by ZNS    {by_zns}\n\
         \x20 sent by SMS         {by_sms} (OTPs whose deadline ZNS could not keep)\n\
         \x20 ZNS send calls      {} ({} accepted, {} answered -124, {} answered 502 pages)\n\
         \x20 refresh calls       {} at the fake ({} hung past the client's timeout, {}; {} granted), at most {} in flight at once\n\
         \x20 restart             at {restarted_at:.1?}: {in_flight} messages in flight, {queued_at_restart} queued\n\
         \x20 duplicates          {duplicates} (at most the {in_flight} in flight at the restart)\n\
         \x20 held / fix first    {} / {}\n\
         \x20 store writes        {} ({:.1?} under the lock)\n\
         \x20 run time            {run_time:.1?}",
        counts.sends,
        deliveries.len(),
        counts.token_invalid,
        counts.bad_gateway,
        counts.refresh_calls,
        counts.refresh_hung,
        if counts.refresh_hung_answered == 0 {
            "dropped by the server when the client hung up"
        } else {
            "answered after the client had gone"
        },
        counts.refresh_granted,
        counts.most_refresh_in_flight,
        stats.held,
        stats.fix_first,
        stats.store_writes,
        Duration::from_micros(stats.store_micros),
    );
}

/// The HTTP client's timeout must be below the policy's call_timeout: the
/// sender refuses to start otherwise.
#[test]
fn an_http_timeout_not_below_call_timeout_is_refused() {
    let policy = sender::short_policy();
    let store = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("never-written.json");
    let config = Config {
        zalo_url: String::new(),
        oauth_url: String::new(),
        sms_url: String::new(),
        app_id: String::new(),
        secret_key: String::new(),
        store: store.clone(),
        workers: 1,
        policy,
        http_timeout: policy.call_timeout,
        sms_margin: Duration::ZERO,
        initial_access_token: String::new(),
        initial_refresh_token: String::new(),
    };
    let Err(refused) = Sender::open(config) else {
        panic!("a sender whose client may outwait call_timeout started");
    };
    assert!(refused.to_string().contains("call_timeout"), "{refused}");
    assert!(!store.exists(), "nothing stored");
}
