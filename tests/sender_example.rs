//! examples/sender.rs, the worker the README shows, runs to its end: the
//! expired token refreshed by one caller (after a refresh call that timed
//! out), the OTP delivered within its five minutes, the number with no Zalo
//! account sent by SMS and suppressed for its OA, the two messages of an
//! unapproved template kept for a person, who is told once.
#![cfg(feature = "serde")]

#[allow(dead_code, reason = "the example's main is not called by the tests")]
#[path = "../examples/sender.rs"]
mod sender;

const README: &str = include_str!("../README.md");
const EXAMPLE: &str = include_str!("../examples/sender.rs");

#[test]
fn the_example_sends_every_message_to_its_end() {
    let (outcomes, desk, refresh_calls) = sender::run();
    assert_eq!(refresh_calls, 2, "{outcomes:?}");
    let by_name = |name: &str| {
        outcomes
            .iter()
            .find(|o| o.starts_with(&format!("{name}: ")))
            .unwrap_or_else(|| panic!("{name} in {outcomes:?}"))
            .clone()
    };
    assert!(by_name("campaign").contains("Delivered"), "{outcomes:?}");
    let otp = by_name("otp");
    assert!(otp.contains("Delivered"), "{otp}");
    let seconds: u64 = otp
        .rsplit(' ')
        .next()
        .and_then(|s| s.trim_end_matches('s').parse().ok())
        .unwrap();
    assert!(seconds < 5 * 60, "{otp}");
    assert!(
        by_name("no account").contains("SmsAndSuppress"),
        "{outcomes:?}"
    );
    assert_eq!(
        desk.suppressed.into_iter().collect::<Vec<_>>(),
        vec![("oa-1".to_owned(), "84900000000".to_owned())]
    );
    assert!(by_name("unapproved 1").contains("KeptForPerson"));
    assert!(by_name("unapproved 2").contains("KeptForPerson"));
    let [alert] = &desk.alerts[..] else {
        panic!("one alert: {:?}", desk.alerts)
    };
    assert!(
        alert.starts_with("The template 999999 stopped sending")
            && alert.contains("\nMẫu ZNS 999999 đã ngừng gửi")
            && alert.ends_with("(then: OaState::release_template)"),
        "{alert}"
    );
}

/// The worker's turn, as examples/sender.rs marks it.
fn worker() -> &'static str {
    EXAMPLE
        .split("// ANCHOR: worker\n")
        .nth(1)
        .and_then(|rest| rest.split("// ANCHOR_END: worker").next())
        .expect("examples/sender.rs marks its worker")
}

/// The README shows the example's worker as it is, line for line.
#[test]
fn the_readme_shows_the_examples_worker() {
    let worker = worker();
    assert!(
        README.contains(worker),
        "README.md's worker differs from examples/sender.rs's:\n{worker}"
    );
}

/// The worker's turn the README shows fits on a screen: what the state can
/// keep (what a person was told) is not the worker's bookkeeping.
#[test]
fn the_workers_turn_is_at_most_40_lines() {
    let worker = worker();
    let lines = worker.lines().count();
    assert!(lines <= 40, "the worker's turn is {lines} lines:\n{worker}");
    assert!(
        worker.contains("take_alerts()"),
        "the worker hands on the state's alerts"
    );
}
