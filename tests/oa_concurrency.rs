//! `OaState` when answers come late, twice, oddly or never, as they do with
//! many workers in flight: each behaviour at its edges. Codes are picked from
//! the table by their labels, never by number.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zalo_zns_errors::{
    Answer, Attempts, Clearance, ErrorCode, ForeignPermit, HoldReason, NextStep, OaState, Permit,
    Policy, RefreshOutcome, RefreshRecorded, RefreshRefused, RefreshTicket, Retry, Scope,
    TokenGrant,
};

const MS: Duration = Duration::from_millis(1);
const SECOND: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(86_400);

#[path = "support/by_labels.rs"]
mod by_labels;

use by_labels::{code_where, ten};

fn token_failure() -> Answer {
    Answer::Code(code_where(Retry::RefreshToken, Scope::Sender))
}

fn permit(oa: &mut OaState, attempts: &Attempts, now: SystemTime) -> Permit {
    match oa.before_send(attempts, now) {
        Clearance::Send(permit) => permit,
        other => panic!("expected Send at {now:?}, got {other:?}"),
    }
}

fn ticket(oa: &mut OaState, now: SystemTime) -> RefreshTicket {
    match oa.before_send(&Attempts::new(), now) {
        Clearance::Refresh(ticket) => ticket,
        other => panic!("expected Refresh at {now:?}, got {other:?}"),
    }
}

fn wait_of(clearance: Clearance) -> SystemTime {
    match clearance {
        Clearance::WaitUntil(at) => at,
        other => panic!("expected WaitUntil, got {other:?}"),
    }
}

fn grant(lifetime: Option<Duration>) -> RefreshOutcome {
    RefreshOutcome::Granted(TokenGrant::new("access", "refresh", lifetime))
}

/// Sends `n` messages at `now`, each answered transiently.
fn transients(oa: &mut OaState, n: u32, now: SystemTime) {
    for _ in 0..n {
        let mut attempts = Attempts::new();
        let sent = permit(oa, &attempts, now);
        oa.record(sent, Answer::NotZns, &mut attempts, now).unwrap();
    }
}

/// Sends `n` messages at `now`, each answered with a success.
fn successes(oa: &mut OaState, n: u32, now: SystemTime) {
    for _ in 0..n {
        let mut attempts = Attempts::new();
        let sent = permit(oa, &attempts, now);
        assert_eq!(
            oa.record(sent, Answer::Sent, &mut attempts, now).unwrap(),
            NextStep::Done
        );
    }
}

/// The policy without the spread, so that instants are exact.
fn unspread_policy() -> Policy {
    let mut policy = Policy::DEFAULT;
    policy.spread = Duration::ZERO;
    policy
}

#[test]
fn hung_sends_answered_after_an_outage_closed_neither_charge_nor_reopen() {
    let policy = unspread_policy();
    let mut oa = OaState::with_policy(policy).unwrap();
    let now = ten();
    // Ten sends hang.
    let hung: Vec<(Permit, Attempts)> = (0..10)
        .map(|_| {
            let attempts = Attempts::new();
            (permit(&mut oa, &attempts, now), attempts)
        })
        .collect();
    // Fast 502s open the circuit; the probe succeeds and closes it.
    transients(&mut oa, policy.circuit_min_failures, now + SECOND);
    assert!(oa.is_circuit_open());
    let probe_at = now + SECOND + policy.first_probe_delay;
    let probe = permit(&mut oa, &Attempts::new(), probe_at);
    assert!(probe.is_probe());
    oa.record(probe, Answer::Sent, &mut Attempts::new(), probe_at)
        .unwrap();
    assert!(!oa.is_circuit_open());
    // The hung sends time out: no message is charged a transient retry and
    // the circuit stays closed, although they outnumber its minimum.
    let late = now + 59 * SECOND;
    for (sent, mut attempts) in hung {
        let step = oa
            .record(sent, Answer::Transport, &mut attempts, late)
            .unwrap();
        assert_eq!(attempts.transient(), 0);
        assert_eq!(attempts.sends(), 1);
        assert_eq!(step, NextStep::RetryAt(late + policy.first_transient_delay));
    }
    assert!(!oa.is_circuit_open());
}

#[test]
fn a_late_success_of_a_send_from_before_the_outage_does_not_close_it() {
    let policy = unspread_policy();
    let mut oa = OaState::with_policy(policy).unwrap();
    let now = ten();
    let early = permit(&mut oa, &Attempts::new(), now);
    transients(&mut oa, policy.circuit_min_failures, now);
    assert!(oa.is_circuit_open());
    let mut attempts = Attempts::new();
    let step = oa
        .record(early, Answer::Sent, &mut attempts, now + 5 * SECOND)
        .unwrap();
    // It counts for its message, not for the circuit.
    assert_eq!(step, NextStep::Done);
    assert!(oa.is_circuit_open());
    assert_eq!(
        oa.before_send(&Attempts::new(), now + 6 * SECOND),
        Clearance::WaitUntil(now + policy.first_probe_delay)
    );
}

#[test]
fn a_permit_given_an_instant_before_the_circuit_changed_does_not_move_it_and_one_after_does() {
    let policy = unspread_policy();
    let now = ten();
    // Given at the very instant the circuit then opens (before the opening
    // answer is recorded): its 502 is the outage's, not its message's.
    let mut oa = OaState::with_policy(policy).unwrap();
    let before = permit(&mut oa, &Attempts::new(), now);
    transients(&mut oa, policy.circuit_min_failures, now);
    let mut attempts = Attempts::new();
    oa.record(before, Answer::NotZns, &mut attempts, now)
        .unwrap();
    assert_eq!(attempts.transient(), 0);
    // The probe closes it; a permit given an instant before the closing
    // (the probe's own answer is the change) is of the open period.
    let at = now + policy.first_probe_delay;
    let probe = permit(&mut oa, &Attempts::new(), at);
    oa.record(probe, Answer::Sent, &mut Attempts::new(), at)
        .unwrap();
    // Given an instant after the closing: it counts again, and its 502
    // spends its own transient budget.
    let after = permit(&mut oa, &Attempts::new(), at);
    let mut attempts = Attempts::new();
    let step = oa
        .record(after, Answer::NotZns, &mut attempts, at + MS)
        .unwrap();
    assert_eq!(attempts.transient(), 1);
    assert_eq!(
        step,
        NextStep::RetryAt(at + MS + policy.first_transient_delay)
    );
}

#[test]
fn a_lapsed_probe_answering_late_is_not_the_probe_in_flight_even_with_a_ten_minute_timeout() {
    let mut policy = unspread_policy();
    policy.call_timeout = 10 * MINUTE;
    let mut oa = OaState::with_policy(policy).unwrap();
    let now = ten();
    transients(&mut oa, policy.circuit_min_failures, now);
    let first_at = now + policy.first_probe_delay;
    let first = permit(&mut oa, &Attempts::new(), first_at);
    assert!(first.is_probe());
    // Unanswered past its timeout: failed; the next goes after the delay.
    let lapsed = first_at + policy.call_timeout;
    let second_at = wait_of(oa.before_send(&Attempts::new(), lapsed));
    assert_eq!(second_at, lapsed + 2 * policy.first_probe_delay);
    let second = permit(&mut oa, &Attempts::new(), second_at);
    assert!(second.is_probe());
    // The first probe's success arrives now: not the probe in flight.
    oa.record(
        first,
        Answer::Sent,
        &mut Attempts::new(),
        second_at + SECOND,
    )
    .unwrap();
    assert!(oa.is_circuit_open());
    // Never two probes out at once: everyone else waits for the second.
    for ask in 0..10u32 {
        let at = second_at + SECOND * (ask + 2);
        assert_eq!(
            oa.before_send(&Attempts::new(), at),
            Clearance::WaitUntil(second_at + policy.call_timeout)
        );
    }
    oa.record(
        second,
        Answer::Sent,
        &mut Attempts::new(),
        second_at + MINUTE,
    )
    .unwrap();
    assert!(!oa.is_circuit_open());
}

#[test]
fn a_permit_or_ticket_given_back_frees_its_place_and_counts_nothing() {
    let policy = unspread_policy();
    let mut oa = OaState::with_policy(policy).unwrap();
    let now = ten();
    transients(&mut oa, policy.circuit_min_failures, now);
    let at = now + policy.first_probe_delay;
    let probe = permit(&mut oa, &Attempts::new(), at);
    assert!(matches!(
        oa.before_send(&Attempts::new(), at),
        Clearance::WaitUntil(_)
    ));
    // The worker stopped before sending: the next caller is the probe, at
    // once, and no probe counted as failed.
    oa.give_back(probe).unwrap();
    let again = permit(&mut oa, &Attempts::new(), at + MS);
    assert!(again.is_probe());
    oa.record(again, Answer::NotZns, &mut Attempts::new(), at + SECOND)
        .unwrap();
    // One failure: the next probe after the second delay, not the third.
    assert_eq!(
        oa.before_send(&Attempts::new(), at + 2 * SECOND),
        Clearance::WaitUntil(at + SECOND + 2 * policy.first_probe_delay)
    );
    // A refresh ticket given back: another caller refreshes at once.
    let mut oa = OaState::new();
    let sent = permit(&mut oa, &Attempts::new(), now);
    oa.record(sent, token_failure(), &mut Attempts::new(), now)
        .unwrap();
    let first = ticket(&mut oa, now);
    assert!(matches!(
        oa.before_send(&Attempts::new(), now),
        Clearance::WaitUntil(_)
    ));
    oa.give_back_ticket(first).unwrap();
    let _second = ticket(&mut oa, now + MS);
    assert_eq!(oa.refresh_failures(), 0);
}

#[test]
fn another_oas_permit_or_ticket_changes_nothing_and_says_so() {
    let now = ten();
    let mut oa = OaState::new();
    let mut other = OaState::new();
    let foreign = permit(&mut other, &Attempts::new(), now);
    let before = oa.clone();
    let mut attempts = Attempts::new();
    assert_eq!(
        oa.record(foreign, token_failure(), &mut attempts, now),
        Err(ForeignPermit)
    );
    assert_eq!(attempts, Attempts::new());
    let foreign = permit(&mut other, &Attempts::new(), now);
    assert_eq!(oa.give_back(foreign), Err(ForeignPermit));
    let sent = permit(&mut other, &Attempts::new(), now);
    other
        .record(sent, token_failure(), &mut Attempts::new(), now)
        .unwrap();
    let foreign_ticket = ticket(&mut other, now);
    assert_eq!(
        oa.record_refresh(foreign_ticket, grant(None), now),
        Err(ForeignPermit)
    );
    assert_eq!(oa, before);
    let error = ForeignPermit.to_string();
    assert!(error.contains("another OaState"), "{error}");
}

#[test]
fn the_window_opens_at_its_minimum_and_rate_and_not_one_failure_before() {
    let policy = Policy::DEFAULT;
    let now = ten();
    for successes_before in 0..12u32 {
        let mut oa = OaState::new();
        successes(&mut oa, successes_before, now);
        // Failures needed: the minimum, and enough for the percent of all.
        let percent = policy.circuit_failure_percent;
        let needed = (1..)
            .find(|&f: &u32| {
                f >= policy.circuit_min_failures && f * 100 >= percent * (f + successes_before)
            })
            .unwrap();
        transients(&mut oa, needed - 1, now);
        assert!(!oa.is_circuit_open(), "{successes_before} successes");
        transients(&mut oa, 1, now);
        assert!(oa.is_circuit_open(), "{successes_before} successes");
    }
}

#[test]
fn answers_older_than_the_window_leave_it() {
    let policy = Policy::DEFAULT;
    let now = ten();
    let mut oa = OaState::new();
    successes(&mut oa, 60, now);
    // Within the window the successes keep it closed; past it they are gone.
    let within = now + policy.circuit_window;
    transients(&mut oa, policy.circuit_min_failures, within);
    assert!(!oa.is_circuit_open());
    let mut oa = OaState::new();
    successes(&mut oa, 60, now);
    transients(&mut oa, policy.circuit_min_failures, within + MS);
    assert!(oa.is_circuit_open());
}

#[test]
fn the_first_probe_goes_first_probe_delay_after_the_opening_whatever_waits_came_before() {
    let policy = Policy::DEFAULT;
    let now = ten();
    let mut oa = OaState::new();
    // A quota pause hands out 150 waits first.
    let quota = code_where(Retry::NextDay, Scope::Sender);
    let sent = permit(&mut oa, &Attempts::new(), now);
    oa.record(sent, Answer::Code(quota), &mut Attempts::new(), now)
        .unwrap();
    for _ in 0..150 {
        let _ = wait_of(oa.before_send(&Attempts::new(), now));
    }
    // A person raised the quota; then an outage.
    oa.end_pause();
    transients(&mut oa, policy.circuit_min_failures - 1, now);
    let mut attempts = Attempts::new();
    let sent = permit(&mut oa, &attempts, now);
    let step = oa.record(sent, Answer::NotZns, &mut attempts, now).unwrap();
    let probe_at = now + policy.first_probe_delay;
    assert_eq!(step, NextStep::RetryAt(probe_at));
    assert!(permit(&mut oa, &attempts, probe_at).is_probe());
    // The backlog behind it is spread after it.
    let next = wait_of(oa.before_send(&Attempts::new(), probe_at));
    assert!(next >= probe_at + policy.call_timeout, "{next:?}");
}

#[test]
fn a_quiet_oa_in_an_outage_opens_the_circuit_before_a_message_spends_its_budget() {
    let policy = Policy::DEFAULT;
    let start = ten();
    let mut oa = OaState::new();
    // An hour of a message a minute, all sent.
    for minute in 0..60u32 {
        successes(&mut oa, 1, start + MINUTE * minute);
    }
    // Then Zalo is down: a message a minute, each retried when told.
    let down = start + HOUR;
    let mut queue: Vec<(SystemTime, Attempts)> = (0..30u32)
        .map(|minute| (down + MINUTE * minute, Attempts::new()))
        .collect();
    let mut opened = None;
    while let Some(index) = (0..queue.len()).min_by_key(|&i| queue[i].0) {
        let (now, mut attempts) = queue.swap_remove(index);
        if now > down + HOUR {
            break;
        }
        match oa.before_send(&attempts, now) {
            Clearance::Send(sent) => {
                let probe = sent.is_probe();
                let step = oa
                    .record(sent, Answer::Transport, &mut attempts, now)
                    .unwrap();
                if oa.is_circuit_open() {
                    opened.get_or_insert(now);
                }
                match step {
                    NextStep::RetryAt(at) => queue.push((at, attempts)),
                    other => panic!("at {now:?} (probe: {probe}): {other:?}, {attempts:?}"),
                }
            }
            Clearance::WaitUntil(at) => queue.push((at, attempts)),
            other => panic!("{other:?}"),
        }
    }
    let opened = opened.expect("the circuit opened");
    let after = opened.duration_since(down).unwrap();
    println!("a quiet OA in an outage: the circuit opened {after:?} after it began");
    // Before the first message's fourth answer (its budget's end).
    let budget: Duration = (1..=policy.transient_retries)
        .map(|n| policy.first_transient_delay * policy.transient_growth.pow(n - 1))
        .sum();
    assert!(after < budget, "{after:?} vs {budget:?}");
}

/// A token granted at `now` for 25 hours, proven by a send.
fn proven_token(oa: &mut OaState, now: SystemTime) {
    oa.token_granted(now, Some(25 * HOUR));
    successes(oa, 1, now);
}

/// A token failure of a send made with the current token.
fn token_fails(oa: &mut OaState, now: SystemTime) {
    let sent = permit(oa, &Attempts::new(), now);
    oa.record(sent, token_failure(), &mut Attempts::new(), now)
        .unwrap();
}

/// The token fails at `now`; its refresh call outlives the call timeout,
/// and a second call is allowed at the first instant the OA gives. Returns
/// the slow ticket, the second and that instant.
fn slow_call_and_the_next(
    oa: &mut OaState,
    now: SystemTime,
) -> (RefreshTicket, RefreshTicket, SystemTime) {
    token_fails(oa, now);
    let slow = ticket(oa, now);
    let retry = wait_of(oa.before_send(&Attempts::new(), now + oa.policy().call_timeout));
    let next = ticket(oa, retry);
    (slow, next, retry)
}

#[test]
fn a_grant_for_an_older_ticket_gives_no_token_id() {
    let mut oa = OaState::new();
    let (slow, fresh, retry) = slow_call_and_the_next(&mut oa, ten());
    let RefreshRecorded::NewPair { id, .. } = oa
        .record_refresh(fresh, grant(Some(25 * HOUR)), retry + SECOND)
        .unwrap()
    else {
        panic!()
    };
    // The slow call's grant arrives later: not the newest pair.
    let late = oa
        .record_refresh(slow, grant(Some(25 * HOUR)), retry + 2 * SECOND)
        .unwrap();
    assert!(matches!(late, RefreshRecorded::Superseded(_)), "{late:?}");
    assert_eq!(oa.token(), id);
}

/// Found by tests/oa_properties.rs: a lapsed call's grant arrived while the
/// call after it was still out, and the next token failure let a second
/// call go out beside that one.
#[test]
fn a_grant_for_a_lapsed_ticket_keeps_the_call_after_it_counted() {
    let policy = Policy::DEFAULT;
    let mut oa = OaState::new();
    let (slow, out, retry) = slow_call_and_the_next(&mut oa, ten());
    // The slow call's grant comes while `out` is still in flight.
    let at = retry + SECOND;
    assert!(matches!(
        oa.record_refresh(slow, grant(Some(25 * HOUR)), at).unwrap(),
        RefreshRecorded::NewPair { .. }
    ));
    // The new token works, then fails.
    successes(&mut oa, 1, at);
    token_fails(&mut oa, at);
    // No second refresh call while `out` is in flight: a wait, at most
    // until `out` lapses.
    let wait = wait_of(oa.before_send(&Attempts::new(), at));
    assert!(wait > at && wait <= retry + policy.call_timeout, "{wait:?}");
    // `out` carried the refresh token the grant replaced: Zalo's refusal of
    // it says nothing of the new pair, and its answer ends the wait.
    let refused = RefreshOutcome::Refused(RefreshRefused::new(Some(-14014), "Invalid"));
    assert!(matches!(
        oa.record_refresh(out, refused, at + SECOND).unwrap(),
        RefreshRecorded::Ignored
    ));
    assert!(oa.hold().is_none());
    let _next: RefreshTicket = ticket(&mut oa, at + SECOND);
}

#[test]
fn a_grant_with_no_usable_lifetime_never_makes_every_send_a_refresh() {
    let now = ten();
    for expires_in in ["0", "-1", r#""""#, "0.001", "1"] {
        let mut oa = OaState::new();
        let sent = permit(&mut oa, &Attempts::new(), now);
        oa.record(sent, token_failure(), &mut Attempts::new(), now)
            .unwrap();
        let refresh = ticket(&mut oa, now);
        let body =
            format!(r#"{{"access_token":"a","refresh_token":"r","expires_in":{expires_in}}}"#);
        let outcome = RefreshOutcome::from_http(200, &body);
        assert!(matches!(
            oa.record_refresh(refresh, outcome, now).unwrap(),
            RefreshRecorded::NewPair { .. }
        ));
        // 100 messages over the next minute: all sent, no refresh.
        for i in 0..100u32 {
            let at = now + SECOND * i / 2;
            let mut attempts = Attempts::new();
            let sent = permit(&mut oa, &attempts, at);
            oa.record(sent, Answer::Sent, &mut attempts, at).unwrap();
        }
    }
}

#[test]
fn a_refusal_while_the_token_has_life_alerts_and_sends_until_the_token_fails() {
    let now = ten();
    let life = 25 * HOUR;
    for fails in [true, false] {
        let mut oa = OaState::new();
        let _ = oa.token_granted(now, Some(life));
        // Refreshed ahead of its expiry, two hours before it.
        let asked = now + life - 2 * HOUR;
        let refresh = ticket(&mut oa, asked);
        let refused = RefreshOutcome::Refused(RefreshRefused::new(Some(-14014), "Invalid"));
        let RefreshRecorded::AuthoriseAgain(alert) =
            oa.record_refresh(refresh, refused, asked).unwrap()
        else {
            panic!("an alert")
        };
        assert_eq!(alert.by(), Some(now + life));
        // 2026-12-03 11:00 in Vietnam.
        assert!(
            alert.to_string().contains("before 2026-12-03 11:00"),
            "{alert}"
        );
        assert!(
            alert.vi().to_string().contains("trước 2026-12-03 11:00"),
            "{}",
            alert.vi()
        );
        assert!(alert.to_string().contains("-14014 Invalid"), "{alert}");
        assert_eq!(oa.authorise_again(), Some(alert));
        assert!(oa.hold().is_none());
        // Sending goes on, with no further refresh asked for.
        let mut attempts = Attempts::new();
        let sent = permit(&mut oa, &attempts, asked + HOUR);
        if fails {
            // Its failure holds the OA.
            oa.record(sent, token_failure(), &mut attempts, asked + HOUR)
                .unwrap();
        } else {
            oa.record(sent, Answer::Sent, &mut attempts, asked + HOUR)
                .unwrap();
            let _ = permit(&mut oa, &Attempts::new(), now + life - MS);
            // Its expiry holds the OA.
            assert_eq!(
                oa.before_send(&Attempts::new(), now + life),
                Clearance::Held
            );
        }
        let hold = oa.hold().expect("held");
        assert!(matches!(hold.reason(), HoldReason::RefreshRefused(_)));
        // A person authorises the OA again.
        let _ = oa.token_granted(now + life + HOUR, Some(life));
        assert!(oa.hold().is_none() && oa.authorise_again().is_none());
    }
}

#[test]
fn a_refusal_when_the_token_is_already_dead_holds_the_oa_at_once() {
    let now = ten();
    let mut oa = OaState::new();
    let sent = permit(&mut oa, &Attempts::new(), now);
    oa.record(sent, token_failure(), &mut Attempts::new(), now)
        .unwrap();
    let refresh = ticket(&mut oa, now);
    let recorded = oa
        .record_refresh(refresh, RefreshOutcome::from_http(200, ""), now + SECOND)
        .unwrap();
    assert_eq!(recorded, RefreshRecorded::Held);
    assert!(oa.hold().unwrap().needs_authorisation());
    // A gateway's empty 502 is no refusal.
    let mut oa = OaState::new();
    let sent = permit(&mut oa, &Attempts::new(), now);
    oa.record(sent, token_failure(), &mut Attempts::new(), now)
        .unwrap();
    let refresh = ticket(&mut oa, now);
    let recorded = oa
        .record_refresh(refresh, RefreshOutcome::from_http(502, ""), now + SECOND)
        .unwrap();
    assert!(matches!(recorded, RefreshRecorded::RetryFrom(at) if at > now + SECOND));
    assert!(oa.hold().is_none());
}

#[test]
fn a_restored_pair_that_expired_is_refreshed_never_held_as_wrong_credentials() {
    let now = ten();
    // Its expiry passed while the sender was down: refreshed before any send.
    let mut oa = OaState::new();
    let _ = oa.token_restored(now, Some(now - HOUR));
    let _ = ticket(&mut oa, now);
    // Its expiry unknown, it fails at its first send: refreshed.
    let mut oa = OaState::new();
    let restored = oa.token_restored(now, None);
    let mut attempts = Attempts::new();
    let sent = permit(&mut oa, &attempts, now);
    assert_eq!(sent.token(), restored);
    let step = oa
        .record(sent, token_failure(), &mut attempts, now + SECOND)
        .unwrap();
    assert_eq!(step, NextStep::RefreshToken);
    assert!(oa.hold().is_none());
    let _ = ticket(&mut oa, now + SECOND);
    // A pair a person just authorised that fails at once: wrong credentials.
    let mut oa = OaState::new();
    let _ = oa.token_granted(now, Some(25 * HOUR));
    let sent = permit(&mut oa, &Attempts::new(), now);
    oa.record(sent, token_failure(), &mut Attempts::new(), now + SECOND)
        .unwrap();
    assert!(matches!(
        oa.hold().unwrap().reason(),
        HoldReason::FreshTokenRefused(_)
    ));
}

#[test]
fn a_clock_stepped_back_stalls_a_refresh_no_longer_than_the_call_timeout() {
    let policy = Policy::DEFAULT;
    let now = ten();
    for back in [
        10 * SECOND,
        policy.call_timeout - MS,
        policy.call_timeout,
        HOUR,
        DAY,
    ] {
        let mut oa = OaState::new();
        let sent = permit(&mut oa, &Attempts::new(), now);
        oa.record(sent, token_failure(), &mut Attempts::new(), now)
            .unwrap();
        let _never_reports = ticket(&mut oa, now);
        // The clock steps back; the others wait, asking when told.
        let mut at = now - back;
        let stepped = at;
        let mut asks = 0;
        let new_ticket_at = loop {
            match oa.before_send(&Attempts::new(), at) {
                Clearance::WaitUntil(until) => {
                    assert!(until > at);
                    at = until;
                    asks += 1;
                }
                Clearance::Refresh(_) => break at,
                other => panic!("{other:?}"),
            }
        };
        let stalled = new_ticket_at.duration_since(stepped).unwrap();
        println!("clock back {back:?}: a new ticket after {stalled:?}, {asks} asks");
        assert!(
            stalled <= policy.call_timeout + policy.first_probe_delay,
            "back {back:?}: {stalled:?}"
        );
        // Never sooner than the call timeout after the step.
        assert!(
            new_ticket_at >= stepped + policy.call_timeout
                || new_ticket_at >= now + policy.call_timeout,
            "back {back:?}"
        );
    }
}

#[test]
fn a_night_answer_shortly_after_six_by_our_clock_waits_minutes_not_a_day() {
    let night = code_where(Retry::AfterNightWindow, Scope::Template);
    // 2026-12-03 06:03 in Vietnam (Zalo's clock a few minutes behind).
    let six = UNIX_EPOCH + Duration::from_secs(1_796_252_400);
    for after_six in [0, 3, 30, 59] {
        let at = six + MINUTE * after_six;
        let mut oa = OaState::new();
        let mut attempts = Attempts::new();
        let sent = permit(&mut oa, &attempts, at);
        let NextStep::RetryAt(when) = oa
            .record(sent, Answer::Code(night), &mut attempts, at)
            .unwrap()
        else {
            panic!()
        };
        let waits = when.duration_since(at).unwrap();
        assert!(waits < 2 * HOUR, "{after_six} min after 06:00: {waits:?}");
        assert!(when > at);
    }
    // An hour after 06:00, Zalo's clock is not that far behind: tomorrow.
    let at = six + HOUR;
    let mut oa = OaState::new();
    let mut attempts = Attempts::new();
    let sent = permit(&mut oa, &attempts, at);
    let NextStep::RetryAt(when) = oa
        .record(sent, Answer::Code(night), &mut attempts, at)
        .unwrap()
    else {
        panic!()
    };
    assert!(when >= six + DAY);
}

#[test]
fn a_person_ends_a_quota_pause_and_changes_the_policy_of_a_running_state() {
    let now = ten();
    let mut oa = OaState::new();
    let quota = code_where(Retry::NextDay, Scope::Sender);
    let sent = permit(&mut oa, &Attempts::new(), now);
    oa.record(sent, Answer::Code(quota), &mut Attempts::new(), now)
        .unwrap();
    assert!(oa.paused_until().is_some());
    assert!(matches!(
        oa.before_send(&Attempts::new(), now + SECOND),
        Clearance::WaitUntil(_)
    ));
    oa.end_pause();
    assert_eq!(oa.paused_until(), None);
    let _ = permit(&mut oa, &Attempts::new(), now + SECOND);
    // A new policy rules from now on; one out of its limits changes nothing.
    let mut policy = Policy::DEFAULT;
    policy.circuit_min_failures = 1;
    oa.set_policy(policy).unwrap();
    assert_eq!(oa.policy(), &policy);
    let mut wrong = policy;
    wrong.max_sends = 0;
    assert_eq!(oa.set_policy(wrong).unwrap_err().field(), "max_sends");
    assert_eq!(oa.policy(), &policy);
    transients(&mut oa, 1, now + 2 * SECOND);
    assert!(oa.is_circuit_open());
}

/// A code that holds a template for a person.
fn template_fix() -> i32 {
    code_where(Retry::AfterFix, Scope::Template)
}

#[test]
fn a_broken_template_is_held_once_and_the_others_go_on() {
    let now = ten();
    let mut oa = OaState::new();
    // Three messages of the broken template in flight, one of another.
    let mut broken: Vec<(Permit, Attempts)> = (0..3)
        .map(|_| {
            let attempts = Attempts::new();
            match oa.before_send_template("203972", &attempts, now) {
                Clearance::Send(permit) => (permit, attempts),
                other => panic!("{other:?}"),
            }
        })
        .collect();
    let mut alerts = Vec::new();
    for (sent, mut attempts) in broken.drain(..) {
        let step = oa
            .record(sent, Answer::Code(template_fix()), &mut attempts, now)
            .unwrap();
        assert_eq!(step, NextStep::FixFirst);
        alerts.extend(oa.take_alerts());
    }
    // The person is told once, in English and Vietnamese, with the code and
    // the template.
    assert_eq!(alerts.len(), 1, "{alerts:?}");
    let hold = *oa.template_hold("203972").unwrap();
    assert_eq!(alerts[0], zalo_zns_errors::Alert::TemplateHeld(hold));
    assert_eq!(hold.template(), Some("203972"));
    assert!(
        hold.to_string()
            .starts_with("The template 203972 stopped sending"),
        "{hold}"
    );
    assert_eq!(hold.code(), template_fix());
    assert_eq!(hold.since(), now);
    assert!(hold.is_for("203972") && !hold.is_for("203973"));
    let code = ErrorCode::from_code(template_fix()).unwrap();
    assert!(hold.to_string().contains(&code.to_string()), "{hold}");
    assert!(
        hold.vi()
            .to_string()
            .contains("Mẫu ZNS 203972 đã ngừng gửi"),
        "{}",
        hold.vi()
    );
    assert_eq!(oa.held_templates().count(), 1);
    assert!(oa.hold().is_none());
    // Its later messages are kept (an OTP goes by SMS); the others go on.
    assert_eq!(
        oa.before_send_template("203972", &Attempts::new(), now),
        Clearance::Held
    );
    let otp = Attempts::with_deliver_by(now + MINUTE);
    assert_eq!(
        oa.before_send_template("203972", &otp, now),
        Clearance::OtherChannel
    );
    let other = match oa.before_send_template("203973", &Attempts::new(), now) {
        Clearance::Send(permit) => permit,
        other => panic!("{other:?}"),
    };
    oa.record(other, Answer::Sent, &mut Attempts::new(), now)
        .unwrap();
    // Released by a person: it sends again.
    assert!(oa.release_template("203972"));
    assert!(!oa.release_template("203972"));
    assert!(matches!(
        oa.before_send_template("203972", &Attempts::new(), now),
        Clearance::Send(_)
    ));
}

#[test]
fn a_template_failure_without_a_template_named_or_with_another_scope_holds_no_template() {
    let now = ten();
    let mut oa = OaState::new();
    // Sent without naming the template: the message alone needs a person.
    let sent = permit(&mut oa, &Attempts::new(), now);
    oa.record(
        sent,
        Answer::Code(template_fix()),
        &mut Attempts::new(),
        now,
    )
    .unwrap();
    assert_eq!(oa.held_templates().count(), 0);
    // A message-scope failure of a named template holds nothing either.
    let message_fix = code_where(Retry::AfterFix, Scope::Message);
    let Clearance::Send(sent) = oa.before_send_template("203972", &Attempts::new(), now) else {
        panic!()
    };
    oa.record(sent, Answer::Code(message_fix), &mut Attempts::new(), now)
        .unwrap();
    assert!(oa.template_hold("203972").is_none());
}

#[test]
fn past_the_most_templates_held_the_whole_oa_is_held() {
    let now = ten();
    let mut oa = OaState::new();
    let hold_one = |oa: &mut OaState, template: &str| {
        let Clearance::Send(sent) = oa.before_send_template(template, &Attempts::new(), now) else {
            panic!("{template}")
        };
        oa.record(
            sent,
            Answer::Code(template_fix()),
            &mut Attempts::new(),
            now,
        )
        .unwrap();
    };
    for n in 0..OaState::MAX_HELD_TEMPLATES {
        hold_one(&mut oa, &format!("t{n}"));
    }
    assert_eq!(oa.held_templates().count(), OaState::MAX_HELD_TEMPLATES);
    assert!(oa.hold().is_none());
    hold_one(&mut oa, "one-more");
    assert_eq!(oa.held_templates().count(), OaState::MAX_HELD_TEMPLATES);
    let hold = oa.hold().expect("the OA held");
    assert_eq!(hold.reason(), &HoldReason::TooManyTemplates(template_fix()));
    assert!(hold.to_string().contains("32 of its templates"), "{hold}");
}

#[test]
fn a_lapsed_probes_late_failure_does_not_fail_the_probe_in_flight() {
    let policy = unspread_policy();
    let mut oa = OaState::with_policy(policy).unwrap();
    let now = ten();
    transients(&mut oa, policy.circuit_min_failures, now);
    let first_at = now + policy.first_probe_delay;
    let first = permit(&mut oa, &Attempts::new(), first_at);
    let lapsed = first_at + policy.call_timeout;
    let second_at = wait_of(oa.before_send(&Attempts::new(), lapsed));
    let second = permit(&mut oa, &Attempts::new(), second_at);
    // The lapsed probe's 502 comes late: the second is still awaited, to
    // its own timeout, and the next probe is not pushed back.
    let mut attempts = Attempts::new();
    let step = oa
        .record(first, Answer::NotZns, &mut attempts, second_at + SECOND)
        .unwrap();
    assert_eq!(attempts.transient(), 0);
    assert_eq!(step, NextStep::RetryAt(second_at + policy.call_timeout));
    assert_eq!(
        oa.before_send(&Attempts::new(), second_at + 2 * SECOND),
        Clearance::WaitUntil(second_at + policy.call_timeout)
    );
    oa.record(
        second,
        Answer::Sent,
        &mut Attempts::new(),
        second_at + 3 * SECOND,
    )
    .unwrap();
    assert!(!oa.is_circuit_open());
}

#[test]
fn a_success_between_transient_answers_keeps_them_counted() {
    let policy = Policy::DEFAULT;
    let now = ten();
    let mut oa = OaState::new();
    transients(&mut oa, policy.circuit_min_failures - 1, now);
    successes(&mut oa, 1, now);
    assert!(!oa.is_circuit_open());
    // The last of the minimum: 4 of the last 5 answers are transient.
    transients(&mut oa, 1, now);
    assert!(oa.is_circuit_open());
}

#[test]
fn a_refusal_ends_the_refresh_call() {
    let now = ten();
    let mut oa = OaState::new();
    proven_token(&mut oa, now);
    // Ahead of the expiry: Zalo refuses, the token still has 2 hours.
    let ahead = now + 23 * HOUR;
    let refresh = ticket(&mut oa, ahead);
    let refused = RefreshOutcome::Refused(RefreshRefused::new(Some(-14014), "Invalid"));
    assert!(matches!(
        oa.record_refresh(refresh, refused, ahead).unwrap(),
        RefreshRecorded::AuthoriseAgain(_)
    ));
    // A person authorises the OA again; its new token fails later: the
    // refused call is over, so a refresh goes out at once.
    proven_token(&mut oa, ahead + MINUTE);
    token_fails(&mut oa, ahead + MINUTE);
    let _refresh: RefreshTicket = ticket(&mut oa, ahead + MINUTE);
}

#[test]
fn a_persons_new_pair_supersedes_the_refresh_call_in_flight() {
    let policy = Policy::DEFAULT;
    let now = ten();
    let mut oa = OaState::new();
    proven_token(&mut oa, now);
    token_fails(&mut oa, now);
    let out = ticket(&mut oa, now);
    // A person authorises the OA while the call is out.
    let at = now + SECOND;
    let person = oa.token_granted(at, Some(25 * HOUR));
    successes(&mut oa, 1, at);
    // No second call beside the one in flight, whatever the new token meets.
    token_fails(&mut oa, at);
    let wait = wait_of(oa.before_send(&Attempts::new(), at));
    assert!(wait <= now + policy.call_timeout, "{wait:?}");
    // The call's grant comes: the person's pair stays the OA's.
    let late = oa
        .record_refresh(out, grant(Some(25 * HOUR)), at + SECOND)
        .unwrap();
    assert!(matches!(late, RefreshRecorded::Superseded(_)), "{late:?}");
    assert_eq!(oa.token(), person);
    // And it ended the wait: the failed token is refreshed at once.
    let _refresh: RefreshTicket = ticket(&mut oa, at + SECOND);
}

#[test]
fn a_persons_new_pair_ends_the_wait_between_refresh_tries() {
    let now = ten();
    let mut oa = OaState::new();
    proven_token(&mut oa, now);
    token_fails(&mut oa, now);
    let out = ticket(&mut oa, now);
    assert!(matches!(
        oa.record_refresh(out, RefreshOutcome::Transient, now)
            .unwrap(),
        RefreshRecorded::RetryFrom(_)
    ));
    // A person authorises the OA before the next try; when its token
    // fails, the refresh goes out at once, not at the old try's time.
    let at = now + SECOND;
    proven_token(&mut oa, at);
    token_fails(&mut oa, at);
    let _refresh: RefreshTicket = ticket(&mut oa, at);
}

#[test]
fn a_message_of_a_held_template_past_its_life_expires() {
    let policy = Policy::DEFAULT;
    let first = ten();
    let mut oa = OaState::new();
    // A message's first answer is transient; its template breaks later.
    let mut message = Attempts::new();
    let sent = permit(&mut oa, &message, first);
    oa.record(sent, Answer::Transport, &mut message, first)
        .unwrap();
    let later = first + HOUR;
    let Clearance::Send(broken) = oa.before_send_template("203972", &Attempts::new(), later) else {
        panic!()
    };
    oa.record(
        broken,
        Answer::Code(template_fix()),
        &mut Attempts::new(),
        later,
    )
    .unwrap();
    // Kept while it may still be sent, to its last millisecond; then ended.
    let end = first + policy.max_age;
    for (at, expected) in [(later, "Held"), (end, "Held"), (end + MS, "Expired")] {
        let clearance = oa.before_send_template("203972", &message, at);
        assert_eq!(format!("{clearance:?}"), expected, "at {at:?}");
    }
}
