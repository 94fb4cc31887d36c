//! A policy for runs of seconds, shared by the tests and the demo: retries
//! and probes after a second, calls given up after 5 seconds (the HTTP
//! timeout is below: 3 seconds).

use std::time::Duration;

use zalo_zns_errors::Policy;

/// The policy, checked.
pub fn short_policy() -> Policy {
    let mut policy = Policy::DEFAULT;
    policy.first_transient_delay = Duration::from_secs(1);
    policy.circuit_window = Duration::from_secs(30);
    policy.first_probe_delay = Duration::from_secs(1);
    policy.max_probe_delay = Duration::from_secs(2);
    policy.call_timeout = Duration::from_secs(5);
    policy.spread = Duration::from_millis(500);
    policy.check().expect("a policy within its limits");
    policy
}
