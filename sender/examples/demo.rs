//! The sender against the crate's fake Zalo on 127.0.0.1, with SQLite:
//! `cargo run --example demo`.
//!
//! 400 messages of one OA (every tenth an OTP worth 7 seconds, which the
//! sender gives up on 2 seconds before its end) go through token expiries
//! every 3 seconds and a 2-second outage of 502 pages, with two workers;
//! then the OA's status, and what the fake saw.

#[path = "../tests/support/fake_zalo.rs"]
mod fake_zalo;
#[path = "../tests/support/short_policy.rs"]
mod short_policy;

use std::time::{Duration, SystemTime};

use fake_zalo::{APP_ID, FakeZalo, SECRET_KEY};
use zalo_zns_sender::{Message, RunOptions, Sender, TokenPair, Webhooks, ZaloConfig};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let fake = FakeZalo::start(
        "access-0",
        "refresh-0",
        Duration::from_secs(3),
        Duration::from_millis(100),
    )
    .await;
    let file = std::env::temp_dir().join(format!("zns-sender-demo-{}.db", std::process::id()));
    let url = format!("sqlite://{}", file.display());
    let sender = Sender::open(&url).await?;
    println!("database: {url}");
    sender
        .authorise(
            "demo-oa",
            TokenPair {
                access_token: "access-0".to_owned(),
                refresh_token: "refresh-0".to_owned(),
                expires_in: Some(Duration::from_secs(3)),
            },
        )
        .await?;
    let start = SystemTime::now();
    let messages: Vec<Message> = (0..400)
        .map(|n| Message {
            phone: format!("8490{n:07}"),
            template_id: if n % 10 == 0 { "otp" } else { "203972" }.to_owned(),
            template_data: serde_json::json!({"n": n})
                .as_object()
                .cloned()
                .unwrap_or_default(),
            tracking_id: format!("demo-{n}"),
            deliver_by: (n % 10 == 0).then(|| start + Duration::from_secs(7)),
        })
        .collect();
    let enqueued = sender.enqueue("demo-oa", &messages).await?;
    println!("enqueued {} messages", enqueued.added);
    let policy = short_policy::short_policy();
    let zalo = ZaloConfig {
        api_url: fake.base_url(),
        oauth_url: fake.base_url(),
        http_timeout: Some(Duration::from_secs(3)),
        ..ZaloConfig::new(APP_ID, SECRET_KEY)
    };
    let handover = Webhooks::new(
        Some(format!("{}/other-channel", fake.base_url())),
        Some(format!("{}/alert", fake.base_url())),
    )?;
    let options = RunOptions {
        workers: 2,
        batch: 5,
        until_done: true,
        policy: Some(policy),
        ..RunOptions::default()
    };
    let (_stop, stopped) = tokio::sync::watch::channel(false);
    let outage = async {
        tokio::time::sleep(Duration::from_millis(1500)).await;
        println!("Zalo answers 502 pages for 2 s");
        fake.outage(Duration::from_secs(2));
    };
    let (ran, ()) = tokio::join!(
        sender.run("demo-oa", zalo, options, handover, stopped),
        outage
    );
    ran?;
    let status = sender.status("demo-oa").await?;
    println!(
        "after {:.1} s: {}",
        start.elapsed().unwrap_or_default().as_secs_f64(),
        serde_json::to_string_pretty(&status)?
    );
    let counts = fake.counts();
    println!(
        "the fake: {} sends ({} 502 pages, {} token invalid), {} refresh calls ({} refused, \
         at most {} in flight), {} messages to the other channel",
        counts.sends,
        counts.bad_gateway,
        counts.token_invalid,
        counts.refresh_calls,
        counts.refresh_refused,
        counts.most_refresh_in_flight,
        fake.other_channel().len()
    );
    sender.close().await;
    let _ = std::fs::remove_file(&file);
    Ok(())
}
