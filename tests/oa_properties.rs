//! `OaState` driven by arbitrary interleavings of many permits, answers,
//! refresh outcomes, given-back permits, restores and clock steps, as a
//! sender with many workers in flight meets them. After every step:
//!
//! - nothing panicked (overflow checks are on in tests);
//! - never two refresh calls or two probes in flight: a ticket or a probe is
//!   given only when every other one still out was given at least the call
//!   timeout ago, in real time (the clock may step back);
//! - every `WaitUntil` and `RetryAt` is later than the clock;
//! - no message's transient budget is spent by an answer to a permit given
//!   before the circuit last opened or closed;
//! - a stored state reads back equal (JSON and postcard);
//! - what a person must be told comes from `take_alerts` once, and only
//!   when it began: a new hold of the OA, a template newly held, a new
//!   refusal while the token works, a new pause (alerts are taken after
//!   every step, as a worker does).
#![cfg(feature = "serde")]

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use proptest::prelude::*;
use zalo_zns_errors::{
    Alert, Answer, Attempts, AuthoriseAgain, Clearance, ErrorCode, Hold, NextStep, OaState, Permit,
    Policy, RefreshOutcome, RefreshRefused, RefreshTicket, TemplateHold, TokenGrant,
};

/// How many messages the workers hold at once.
const MESSAGES: usize = 6;

const TEMPLATES: [&str; 3] = ["203972", "203973", "203974"];

#[derive(Debug, Clone)]
enum Reply {
    Sent,
    Transport,
    NotZns,
    /// A code of the table, by its place.
    Code(usize),
    Unknown,
}

#[derive(Debug, Clone)]
enum RefreshReply {
    Granted(Option<u64>),
    Transient,
    Refused,
    Http(u16, &'static str),
}

#[derive(Debug, Clone)]
enum Op {
    Ask(usize),
    /// Asks for a message of one of a few templates.
    AskTemplate(usize, usize),
    ReleaseTemplate(usize),
    Answer(usize, Reply),
    GiveBack(usize),
    Refreshed(usize, RefreshReply),
    GiveBackTicket(usize),
    /// Real time passes, and the clock with it (ms).
    Advance(u64),
    /// The clock steps back (ms); real time does not.
    StepBack(u64),
    Restore,
    Restart(Option<i64>),
    Authorised,
    Release,
    EndPause,
}

fn reply() -> impl Strategy<Value = Reply> {
    prop_oneof![
        3 => Just(Reply::Sent),
        2 => Just(Reply::Transport),
        2 => Just(Reply::NotZns),
        3 => (0..ErrorCode::ALL.len()).prop_map(Reply::Code),
        1 => Just(Reply::Unknown),
    ]
}

fn refresh_reply() -> impl Strategy<Value = RefreshReply> {
    prop_oneof![
        3 => prop::option::of(prop_oneof![Just(0u64), Just(1), Just(600), Just(3600), Just(90_000)])
            .prop_map(RefreshReply::Granted),
        2 => Just(RefreshReply::Transient),
        1 => Just(RefreshReply::Refused),
        2 => prop_oneof![
            Just((200u16, "")),
            Just((502, "")),
            Just((504, "<html>504</html>")),
            Just((200, r#"{"access_token":"a","refresh_token":"r","expires_in":"90000.0"}"#)),
            Just((200, r#"{"access_token":"a","refresh_token":"r","expires_in":-1}"#)),
            Just((200, r#"{"error":-14014,"error_name":"INVALID"}"#)),
        ]
        .prop_map(|(status, body)| RefreshReply::Http(status, body)),
    ]
}

fn op() -> impl Strategy<Value = Op> {
    prop_oneof![
        6 => (0..MESSAGES).prop_map(Op::Ask),
        3 => (0..MESSAGES, 0..TEMPLATES.len()).prop_map(|(m, t)| Op::AskTemplate(m, t)),
        1 => (0..TEMPLATES.len()).prop_map(Op::ReleaseTemplate),
        8 => (0..16usize, reply()).prop_map(|(i, r)| Op::Answer(i, r)),
        1 => (0..16usize).prop_map(Op::GiveBack),
        3 => (0..4usize, refresh_reply()).prop_map(|(i, r)| Op::Refreshed(i, r)),
        1 => (0..4usize).prop_map(Op::GiveBackTicket),
        6 => prop_oneof![0..2_000u64, 0..120_000u64, 0..7_200_000u64].prop_map(Op::Advance),
        1 => prop_oneof![0..5_000u64, 0..7_200_000u64].prop_map(Op::StepBack),
        1 => Just(Op::Restore),
        1 => prop::option::of(-7_200_000i64..100_000_000).prop_map(Op::Restart),
        1 => Just(Op::Authorised),
        1 => Just(Op::Release),
        1 => Just(Op::EndPause),
    ]
}

/// A quick policy, so that outages, probes and refresh tries come and go
/// within a run; and the default.
fn policy() -> impl Strategy<Value = Policy> {
    prop_oneof![Just(Policy::DEFAULT), Just(quick())]
}

fn quick() -> Policy {
    let mut policy = Policy::DEFAULT;
    policy.first_transient_delay = Duration::from_secs(1);
    policy.transient_growth = 2;
    policy.circuit_min_failures = 2;
    policy.circuit_window = Duration::from_secs(60);
    policy.first_probe_delay = Duration::from_secs(1);
    policy.max_probe_delay = Duration::from_secs(8);
    policy.call_timeout = Duration::from_secs(5);
    policy.spread = Duration::from_secs(3);
    policy
}

/// A permit out, with what the sender knew when it was given.
struct Out {
    permit: Permit,
    message: usize,
    /// The circuit's changes seen when it was given.
    changes: u32,
    /// Real time when it was given.
    given: Duration,
}

/// What the state said before a step, to tell what began in it.
struct Before {
    hold: Option<Hold>,
    authorise_again: Option<AuthoriseAgain>,
    paused_until: Option<SystemTime>,
    templates: Vec<TemplateHold>,
    now: SystemTime,
}

struct Run {
    oa: OaState,
    clock: SystemTime,
    real: Duration,
    messages: Vec<Attempts>,
    out: Vec<Out>,
    tickets: Vec<(RefreshTicket, Duration)>,
    /// How often the circuit opened or closed, as seen after each step.
    changes: u32,
    open: bool,
}

impl Run {
    fn new(policy: Policy) -> Run {
        Run {
            oa: OaState::with_policy(policy).unwrap(),
            // 2026-12-02 10:00 in Vietnam.
            clock: UNIX_EPOCH + Duration::from_secs(1_796_180_400),
            real: Duration::ZERO,
            messages: vec![Attempts::new(); MESSAGES],
            out: Vec::new(),
            tickets: Vec::new(),
            changes: 0,
            open: false,
        }
    }

    fn call_timeout(&self) -> Duration {
        self.oa.policy().call_timeout
    }

    /// A message that ended starts again as a new one.
    fn ended(&mut self, message: usize) {
        self.messages[message] = Attempts::new();
    }

    fn asked(&mut self, message: usize, clearance: Clearance, now: SystemTime) {
        match clearance {
            Clearance::Send(permit) => {
                if permit.is_probe() {
                    for other in self.out.iter().filter(|o| o.permit.is_probe()) {
                        assert!(
                            self.real - other.given >= self.call_timeout(),
                            "two probes in flight"
                        );
                    }
                }
                self.out.push(Out {
                    permit,
                    message,
                    changes: self.changes,
                    given: self.real,
                });
            }
            Clearance::Refresh(ticket) => {
                for (_, given) in &self.tickets {
                    assert!(
                        self.real - *given >= self.call_timeout(),
                        "two refresh calls in flight"
                    );
                }
                self.tickets.push((ticket, self.real));
            }
            Clearance::WaitUntil(at) => assert!(at > now, "a wait until {at:?} at {now:?}"),
            Clearance::OtherChannel | Clearance::Expired => self.ended(message),
            Clearance::Held => {}
            other => panic!("a clearance this test does not know: {other:?}"),
        }
    }

    /// After a step from `before`: the alerts are the things that began.
    fn told_once(&mut self, before: &Before, now: SystemTime) {
        let mut expected = Vec::new();
        if let Some(hold) = self.oa.hold().filter(|&h| before.hold.as_ref() != Some(h)) {
            expected.push(Alert::OaHeld(hold.clone()));
        }
        // A refusal is news when none was pending (a later one, or the same
        // one with a restored token's other expiry, is not).
        if let Some(alert) = self
            .oa
            .authorise_again()
            .filter(|_| before.authorise_again.is_none())
        {
            expected.push(Alert::AuthoriseAgain(alert));
        }
        let pause_began = match (before.paused_until, self.oa.paused_until()) {
            (_, None) => false,
            (None, Some(_)) => true,
            (Some(was), Some(is)) => was != is && was <= before.now,
        };
        let alerts = self.oa.take_alerts();
        for alert in &alerts {
            match alert {
                Alert::Paused(pause) => {
                    assert!(pause_began, "a pause told again: {alert:?} at {now:?}");
                    assert_eq!(Some(pause.until()), self.oa.paused_until());
                }
                Alert::TemplateHeld(hold) => assert!(
                    !before.templates.contains(hold),
                    "a template told again: {hold:?}"
                ),
                _ => {}
            }
        }
        assert_eq!(
            alerts.iter().any(|a| matches!(a, Alert::Paused(_))),
            pause_began,
            "a pause that began is told: {alerts:?}"
        );
        let new_templates: Vec<Alert> = self
            .oa
            .held_templates()
            .filter(|hold| !before.templates.contains(hold))
            .map(|hold| Alert::TemplateHeld(*hold))
            .collect();
        expected.extend(new_templates);
        let others: Vec<&Alert> = alerts
            .iter()
            .filter(|a| !matches!(a, Alert::Paused(_)))
            .collect();
        assert_eq!(
            others,
            expected.iter().collect::<Vec<_>>(),
            "the alerts of a step"
        );
    }

    fn step(&mut self, op: Op) {
        let before = Before {
            hold: self.oa.hold().cloned(),
            authorise_again: self.oa.authorise_again(),
            paused_until: self.oa.paused_until(),
            templates: self.oa.held_templates().copied().collect(),
            now: self.clock,
        };
        self.step_alone(op);
        self.told_once(&before, self.clock);
    }

    fn step_alone(&mut self, op: Op) {
        let now = self.clock;
        match op {
            Op::Ask(message) => {
                let clearance = self.oa.before_send(&self.messages[message], now);
                self.asked(message, clearance, now);
            }
            Op::AskTemplate(message, t) => {
                let clearance =
                    self.oa
                        .before_send_template(TEMPLATES[t], &self.messages[message], now);
                self.asked(message, clearance, now);
            }
            Op::ReleaseTemplate(t) => {
                let _ = self.oa.release_template(TEMPLATES[t]);
            }
            Op::Answer(index, reply) => {
                if self.out.is_empty() {
                    return;
                }
                let out = self.out.swap_remove(index % self.out.len());
                let answer = match reply {
                    Reply::Sent => Answer::Sent,
                    Reply::Transport => Answer::Transport,
                    Reply::NotZns => Answer::NotZns,
                    Reply::Code(i) => Answer::Code(ErrorCode::ALL[i].code()),
                    Reply::Unknown => Answer::Code(-99_999),
                };
                let attempts = &mut self.messages[out.message];
                let transient_before = attempts.transient();
                let step = self
                    .oa
                    .record(out.permit, answer, attempts, now)
                    .expect("this OA's permit");
                if out.changes != self.changes && answer.retry() == zalo_zns_errors::Retry::Backoff
                {
                    assert!(
                        attempts.transient() <= transient_before,
                        "a stale answer spent a message's transient budget"
                    );
                }
                match step {
                    NextStep::RetryAt(at) => assert!(at > now, "a retry at {at:?} at {now:?}"),
                    NextStep::RefreshToken => {}
                    _ => self.ended(out.message),
                }
            }
            Op::GiveBack(index) => {
                if !self.out.is_empty() {
                    let out = self.out.swap_remove(index % self.out.len());
                    self.oa.give_back(out.permit).unwrap();
                }
            }
            Op::Refreshed(index, reply) => {
                if self.tickets.is_empty() {
                    return;
                }
                let (ticket, _) = self.tickets.swap_remove(index % self.tickets.len());
                let outcome = match reply {
                    RefreshReply::Granted(seconds) => RefreshOutcome::Granted(TokenGrant::new(
                        "a",
                        "r",
                        seconds.map(Duration::from_secs),
                    )),
                    RefreshReply::Transient => RefreshOutcome::Transient,
                    RefreshReply::Refused => {
                        RefreshOutcome::Refused(RefreshRefused::new(Some(-14014), "Invalid"))
                    }
                    RefreshReply::Http(status, body) => RefreshOutcome::from_http(status, body),
                };
                let _ = self.oa.record_refresh(ticket, outcome, now).unwrap();
            }
            Op::GiveBackTicket(index) => {
                if !self.tickets.is_empty() {
                    let (ticket, _) = self.tickets.swap_remove(index % self.tickets.len());
                    self.oa.give_back_ticket(ticket).unwrap();
                }
            }
            Op::Advance(ms) => {
                let by = Duration::from_millis(ms);
                self.clock += by;
                self.real += by;
            }
            Op::StepBack(ms) => self.clock -= Duration::from_millis(ms),
            Op::Restore => {
                let json = serde_json::to_string(&self.oa).unwrap();
                let back: OaState = serde_json::from_str(&json).unwrap();
                assert_eq!(back, self.oa, "{json}");
                let bytes = postcard::to_stdvec(&self.oa).unwrap();
                assert_eq!(postcard::from_bytes::<OaState>(&bytes).unwrap(), self.oa);
                self.oa = back;
            }
            Op::Restart(expires_in_ms) => {
                // A new process: what was in flight is lost with the old one
                // (its calls may still be out, so the limits still hold).
                let expires = expires_in_ms.map(|ms| {
                    if ms >= 0 {
                        now + Duration::from_millis(ms.unsigned_abs())
                    } else {
                        now - Duration::from_millis(ms.unsigned_abs())
                    }
                });
                let json = serde_json::to_string(&self.oa).unwrap();
                self.oa = serde_json::from_str(&json).unwrap();
                let _ = self.oa.token_restored(now, expires);
            }
            Op::Authorised => {
                let _ = self
                    .oa
                    .token_granted(now, Some(Duration::from_secs(90_000)));
            }
            Op::Release => self.oa.release(),
            Op::EndPause => self.oa.end_pause(),
        }
        if self.oa.is_circuit_open() != self.open {
            self.open = !self.open;
            self.changes += 1;
        }
    }
}

proptest! {
    // PROPTEST_CASES, when set, asks for more (or fewer) cases.
    #![proptest_config(ProptestConfig {
        cases: if std::env::var_os("PROPTEST_CASES").is_some() {
            ProptestConfig::default().cases
        } else {
            384
        },
        ..ProptestConfig::default()
    })]

    #[test]
    fn the_oa_state_holds_its_invariants_under_any_interleaving(
        policy in policy(),
        ops in prop::collection::vec(op(), 1..300),
    ) {
        let mut run = Run::new(policy);
        for op in ops {
            run.step(op);
        }
    }
}
