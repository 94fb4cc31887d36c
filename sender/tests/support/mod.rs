//! What the tests share: a fake Zalo, a PostgreSQL server of their own, and
//! real `zns-sender` processes.
#![allow(dead_code, reason = "each test uses part of the support")]

pub mod fake_zalo;
pub mod postgres;
pub mod processes;

use std::time::Duration;

use zalo_zns_errors::Policy;

/// One fleet at a time: the machine has two cores.
pub static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// A policy for runs of seconds: retries and probes after a second, calls
/// given up after 5 seconds (the processes' HTTP timeout is 3).
pub fn short_policy() -> String {
    let mut policy = Policy::DEFAULT;
    policy.first_transient_delay = Duration::from_secs(1);
    policy.circuit_window = Duration::from_secs(30);
    policy.first_probe_delay = Duration::from_secs(1);
    policy.max_probe_delay = Duration::from_secs(2);
    policy.call_timeout = Duration::from_secs(5);
    policy.spread = Duration::from_millis(500);
    policy.check().expect("a policy within its limits");
    serde_json::to_string(&policy).expect("a policy serializes")
}
