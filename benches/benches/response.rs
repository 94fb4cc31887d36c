//! Parsing response bodies against their baselines, in one run:
//! `cargo bench --bench response` (in benches/, whose dependency on the
//! library turns serde on).
//!
//! - The documented success body into `Response<Sent>`, against the same JSON
//!   into a plain `#[derive(Deserialize)]` struct with the same fields
//!   (target: at most 1.3x its time).
//! - A failure body into `Response<Sent>`, against the derived `Response`
//!   the crate had before it learned to ignore a failure's `data` (target: at
//!   most its time).

use std::hint::black_box;
use std::time::Duration;

use criterion::{Criterion, criterion_group, criterion_main};
use serde::Deserialize;
use zalo_zns_errors::Response;

#[allow(
    dead_code,
    reason = "the fields are parsed, as a sender parses them, and not read"
)]
#[derive(Deserialize)]
struct Quota {
    #[serde(rename = "dailyQuota")]
    daily_quota: String,
    #[serde(rename = "remainingQuota")]
    remaining_quota: String,
}

#[allow(
    dead_code,
    reason = "the fields are parsed, as a sender parses them, and not read"
)]
#[derive(Deserialize)]
struct Sent {
    msg_id: String,
    sent_time: String,
    sending_mode: String,
    quota: Quota,
}

/// The baseline for a success: the body's fields, derived.
#[allow(
    dead_code,
    reason = "the fields are parsed, as a sender parses them, and not read"
)]
#[derive(Deserialize)]
struct PlainBody {
    error: i32,
    message: String,
    data: Sent,
}

/// The baseline for a failure: `Response` as it was derived before.
#[allow(
    dead_code,
    reason = "the fields are parsed, as a sender parses them, and not read"
)]
#[derive(Deserialize)]
struct DerivedResponse<T> {
    error: i32,
    #[serde(default)]
    message: String,
    #[serde(default = "none")]
    data: Option<T>,
}

fn none<T>() -> Option<T> {
    None
}

const SUCCESS: &str = r#"{"error":0,"message":"Success","data":{"msg_id":"a1b2c3d4e5f6a1b2c3d4e5f6","sent_time":"1764136800000","sending_mode":"1","quota":{"dailyQuota":"500","remainingQuota":"499"}}}"#;
const FAILURE: &str = r#"{"error":-108,"message":"Phone number invalid"}"#;

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("success body");
    group.bench_function("Response<Sent>", |b| {
        b.iter(|| serde_json::from_str::<Response<Sent>>(black_box(SUCCESS)).unwrap())
    });
    group.bench_function("baseline: derived struct with the same fields", |b| {
        b.iter(|| serde_json::from_str::<PlainBody>(black_box(SUCCESS)).unwrap())
    });
    group.finish();

    let mut group = c.benchmark_group("failure body");
    group.bench_function("Response<Sent>", |b| {
        b.iter(|| serde_json::from_str::<Response<Sent>>(black_box(FAILURE)).unwrap())
    });
    group.bench_function("baseline: the derived Response of 0.1", |b| {
        b.iter(|| serde_json::from_str::<DerivedResponse<Sent>>(black_box(FAILURE)).unwrap())
    });
    group.finish();
}

fn config() -> Criterion {
    Criterion::default()
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(3))
        .sample_size(60)
}

criterion_group! {
    name = benches;
    config = config();
    targets = parse
}
criterion_main!(benches);
