//! What the tests share: a fake Zalo, a PostgreSQL server of their own, and
//! real `zns-sender` processes.
#![allow(dead_code, reason = "each test uses part of the support")]

pub mod fake_zalo;
pub mod postgres;
pub mod processes;
pub mod short_policy;

/// One fleet at a time: the machine has two cores.
pub static ONE_AT_A_TIME: tokio::sync::Mutex<()> = tokio::sync::Mutex::const_new(());

/// [`short_policy::short_policy`] as the JSON `--policy` reads.
pub fn short_policy() -> String {
    serde_json::to_string(&short_policy::short_policy()).expect("a policy serializes")
}
