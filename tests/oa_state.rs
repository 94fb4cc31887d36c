//! `OaState` at every edge, one decision at a time: the circuit's first and
//! last failure, probes that fail and succeed, refresh outcomes in every
//! order, a message's own deadline reached exactly, the OA's pause and hold.
//! Codes are picked from the table by their labels, never by number.

use std::time::{Duration, SystemTime};

use zalo_zns_errors::{
    Answer, Attempts, Clearance, ErrorCode, HoldReason, NextStep, OaState, Policy, RefreshOutcome,
    RefreshRecorded, RefreshRefused, Retry, Scope, TokenGrant, TokenId,
};

const SECOND: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

#[path = "support/by_labels.rs"]
mod by_labels;

use by_labels::{code_where, ten as morning_at_ten};

/// A grant of a pair with this lifetime.
fn granted(expires_in: Option<Duration>) -> RefreshOutcome {
    RefreshOutcome::Granted(TokenGrant::new("access", "refresh", expires_in))
}

/// The new token's id, when the refresh brought the current pair.
fn new_pair(recorded: RefreshRecorded) -> Option<TokenId> {
    match recorded {
        RefreshRecorded::NewPair { id, .. } => Some(id),
        _ => None,
    }
}

fn token_failure() -> Answer {
    Answer::Code(code_where(Retry::RefreshToken, Scope::Sender))
}

/// Asks before sending and expects a permit.
fn permit(oa: &mut OaState, attempts: &Attempts, now: SystemTime) -> zalo_zns_errors::Permit {
    match oa.before_send(attempts, now) {
        Clearance::Send(permit) => permit,
        other => panic!("expected Send at {now:?}, got {other:?}"),
    }
}

fn wait_of(clearance: Clearance) -> SystemTime {
    match clearance {
        Clearance::WaitUntil(at) => at,
        other => panic!("expected WaitUntil, got {other:?}"),
    }
}

/// Sends `n` messages answered by a transient failure; returns their steps.
fn transient_answers(oa: &mut OaState, n: u32, now: SystemTime) -> Vec<NextStep> {
    (0..n)
        .map(|_| {
            let mut attempts = Attempts::new();
            let permit = permit(oa, &attempts, now);
            oa.record(permit, Answer::NotZns, &mut attempts, now)
                .unwrap()
        })
        .collect()
}

#[test]
fn the_circuit_opens_at_its_threshold_and_not_before() {
    let now = morning_at_ten();
    let threshold = Policy::DEFAULT.circuit_min_failures;
    let mut oa = OaState::new();
    let before = transient_answers(&mut oa, threshold - 1, now);
    assert!(!oa.is_circuit_open());
    // Below the threshold each message spends its own budget: a retry at
    // the first transient delay.
    for step in before {
        assert_eq!(step, NextStep::RetryAt(now + NextStep::BACKOFF_DELAYS[0]));
    }
    // The threshold-th opens it, and that message spends no transient budget.
    let mut attempts = Attempts::new();
    let last = permit(&mut oa, &attempts, now);
    let step = oa
        .record(last, Answer::Transport, &mut attempts, now)
        .unwrap();
    assert!(oa.is_circuit_open());
    assert_eq!(attempts.transient(), 0);
    assert_eq!(attempts.sends(), 1);
    let NextStep::RetryAt(when) = step else {
        panic!("{step:?}")
    };
    assert!(when >= now + Policy::DEFAULT.first_probe_delay);
    // Transient answers among more successes do not open it, however many:
    // the window's failure rate stays below its threshold.
    let percent = Policy::DEFAULT.circuit_failure_percent;
    let mut oa = OaState::new();
    for _ in 0..100 {
        transient_answers(&mut oa, threshold - 1, now);
        // Three times as many successes as the percent needs to stay below.
        for _ in 0..3 * (threshold - 1) * (100 - percent) / percent {
            let mut attempts = Attempts::new();
            let ok = permit(&mut oa, &attempts, now);
            assert_eq!(
                oa.record(ok, Answer::Sent, &mut attempts, now).unwrap(),
                NextStep::Done
            );
        }
    }
    assert!(!oa.is_circuit_open());
}

#[test]
fn an_open_circuit_lets_one_probe_out_at_growing_delays() {
    let start = morning_at_ten();
    let policy = Policy::DEFAULT;
    let mut oa = OaState::new();
    transient_answers(&mut oa, policy.circuit_min_failures, start);
    // Before the first probe's time: everyone waits, and waiting is no send.
    let waiting = Attempts::new();
    let at = wait_of(oa.before_send(&waiting, start + SECOND));
    assert!(at >= start + policy.first_probe_delay);
    assert_eq!(waiting.sends(), 0);
    // At its time, one probe; the next caller waits for it.
    let mut now = start + policy.first_probe_delay;
    let mut delays = Vec::new();
    let mut last_probe = start;
    for _ in 0..7 {
        let mut probe_message = Attempts::new();
        let probe = loop {
            match oa.before_send(&probe_message, now) {
                Clearance::Send(permit) => break permit,
                Clearance::WaitUntil(at) => {
                    assert!(at > now);
                    now = at;
                }
                other => panic!("{other:?}"),
            }
        };
        assert!(probe.is_probe());
        delays.push(now.duration_since(last_probe).unwrap());
        last_probe = now;
        assert!(matches!(
            oa.before_send(&Attempts::new(), now),
            Clearance::WaitUntil(_)
        ));
        let step = oa
            .record(probe, Answer::Transport, &mut probe_message, now)
            .unwrap();
        assert_eq!(
            probe_message.transient(),
            0,
            "a probe's failure is the outage's"
        );
        assert!(matches!(step, NextStep::RetryAt(at) if at > now));
        assert!(oa.is_circuit_open());
    }
    // 30 s, then doubling, never past the maximum (plus the spread of the
    // wait that reached it).
    assert!(delays[0] >= policy.first_probe_delay);
    for pair in delays.windows(2) {
        assert!(pair[1] >= pair[0].min(policy.max_probe_delay), "{delays:?}");
    }
    assert!(delays[1] >= 2 * policy.first_probe_delay, "{delays:?}");
    for delay in &delays {
        assert!(
            *delay <= policy.max_probe_delay + policy.spread,
            "{delays:?}"
        );
    }
    // A probe that succeeds closes it: everyone may send.
    let mut probe_message = Attempts::new();
    let probe = loop {
        match oa.before_send(&probe_message, now) {
            Clearance::Send(permit) => break permit,
            Clearance::WaitUntil(at) => now = at,
            other => panic!("{other:?}"),
        }
    };
    assert_eq!(
        oa.record(probe, Answer::Sent, &mut probe_message, now)
            .unwrap(),
        NextStep::Done
    );
    assert!(!oa.is_circuit_open());
    assert!(!permit(&mut oa, &Attempts::new(), now).is_probe());
}

#[test]
fn a_probe_that_goes_unanswered_counts_as_failed_after_the_call_timeout() {
    let start = morning_at_ten();
    let policy = Policy::DEFAULT;
    let mut oa = OaState::new();
    transient_answers(&mut oa, policy.circuit_min_failures, start);
    let at = start + policy.first_probe_delay;
    assert!(permit(&mut oa, &Attempts::new(), at).is_probe());
    // Its sender crashed: no answer. Until the timeout, no second probe.
    let during = at + policy.call_timeout - SECOND;
    assert!(matches!(
        oa.before_send(&Attempts::new(), during),
        Clearance::WaitUntil(_)
    ));
    // After the timeout and the next delay, another probe may go.
    let mut now = at + policy.call_timeout;
    let probe = loop {
        match oa.before_send(&Attempts::new(), now) {
            Clearance::Send(permit) => break permit,
            Clearance::WaitUntil(next) => {
                assert!(next > now);
                now = next;
            }
            other => panic!("{other:?}"),
        }
    };
    assert!(probe.is_probe());
    assert!(now >= at + policy.call_timeout + 2 * policy.first_probe_delay);
}

#[test]
fn any_answer_from_zalo_closes_the_circuit() {
    let now = morning_at_ten();
    let policy = Policy::DEFAULT;
    // A code that is not transient shows that Zalo is up, as a success does.
    let not_transient = code_where(Retry::Never, Scope::Recipient);
    let mut oa = OaState::new();
    transient_answers(&mut oa, policy.circuit_min_failures, now);
    let at = now + policy.first_probe_delay;
    let mut attempts = Attempts::new();
    let probe = permit(&mut oa, &attempts, at);
    let step = oa
        .record(probe, Answer::Code(not_transient), &mut attempts, at)
        .unwrap();
    assert_eq!(
        step,
        NextStep::OtherChannel {
            suppress_recipient: true
        }
    );
    assert!(!oa.is_circuit_open());
}

#[test]
fn a_token_failure_asks_one_caller_to_refresh_and_the_others_to_wait() {
    let now = morning_at_ten();
    let mut oa = OaState::new();
    let old = oa.token();
    // Three messages in flight with the old token all fail; a fourth is
    // still in flight.
    let mut messages = [Attempts::new(); 3];
    let permits: Vec<_> = messages.iter().map(|m| permit(&mut oa, m, now)).collect();
    let in_flight = permit(&mut oa, &Attempts::new(), now);
    for (message, permit) in messages.iter_mut().zip(permits) {
        assert_eq!(
            oa.record(permit, token_failure(), message, now).unwrap(),
            NextStep::RefreshToken
        );
    }
    let Clearance::Refresh(ticket) = oa.before_send(&messages[0], now) else {
        panic!()
    };
    // They ask again within a second: a refresh answers in about that.
    for message in &messages[1..] {
        let until = wait_of(oa.before_send(message, now));
        assert!(until > now && until <= now + SECOND, "{until:?}");
    }
    let granted = granted(Some(25 * HOUR));
    let new = new_pair(oa.record_refresh(ticket, granted, now + SECOND).unwrap()).unwrap();
    assert!(new > old);
    for message in &messages {
        assert_eq!(permit(&mut oa, message, now + SECOND).token(), new);
    }
    // A late failure of a send made with the old token changes nothing:
    // the message just goes out again with the new one.
    let mut late = Attempts::new();
    let step = oa
        .record(in_flight, token_failure(), &mut late, now + 2 * SECOND)
        .unwrap();
    assert_eq!(step, NextStep::RefreshToken);
    assert!(oa.hold().is_none());
    assert_eq!(permit(&mut oa, &late, now + 2 * SECOND).token(), new);
}

#[test]
fn a_fresh_token_that_fails_at_once_holds_the_oa_once() {
    let now = morning_at_ten();
    let mut oa = OaState::new();
    let mut first = Attempts::new();
    let sent = permit(&mut oa, &first, now);
    oa.record(sent, token_failure(), &mut first, now).unwrap();
    let Clearance::Refresh(ticket) = oa.before_send(&first, now) else {
        panic!()
    };
    let _ = oa
        .record_refresh(ticket, granted(Some(25 * HOUR)), now)
        .map(new_pair)
        .unwrap();
    // The new token fails at once, for two messages in flight: one hold,
    // no refresh.
    let mut messages = [Attempts::new(); 2];
    let permits: Vec<_> = messages
        .iter()
        .map(|m| permit(&mut oa, m, now + SECOND))
        .collect();
    for (message, sent) in messages.iter_mut().zip(permits) {
        let step = oa
            .record(sent, token_failure(), message, now + SECOND)
            .unwrap();
        assert_eq!(step, NextStep::RefreshToken);
        assert!(oa.hold().is_some());
    }
    let hold = oa.hold().unwrap();
    assert!(matches!(hold.reason(), HoldReason::FreshTokenRefused(_)));
    assert!(hold.needs_authorisation());
    assert_eq!(hold.code(), Some(token_failure().code().unwrap()));
    assert!(!hold.to_string().is_empty() && !hold.vi().to_string().is_empty());
    assert_eq!(
        oa.before_send(&Attempts::new(), now + MINUTE),
        Clearance::Held
    );
    // A message with a deadline does not wait for a person.
    let otp = Attempts::with_deliver_by(now + 10 * MINUTE);
    assert_eq!(oa.before_send(&otp, now + MINUTE), Clearance::OtherChannel);
    // Authorised again: sending resumes with the new token.
    let again = oa.token_granted(now + HOUR, Some(25 * HOUR));
    assert!(oa.hold().is_none());
    assert_eq!(permit(&mut oa, &Attempts::new(), now + HOUR).token(), again);
}

#[test]
fn a_token_that_worked_and_then_fails_is_refreshed_not_held() {
    let now = morning_at_ten();
    let mut oa = OaState::new();
    let granted = oa.token_granted(now, Some(25 * HOUR));
    let mut message = Attempts::new();
    let sent = permit(&mut oa, &message, now);
    assert_eq!(
        oa.record(sent, Answer::Sent, &mut message, now).unwrap(),
        NextStep::Done
    );
    let mut message = Attempts::new();
    let later = now + 2 * HOUR;
    let sent = permit(&mut oa, &message, later);
    assert_eq!(sent.token(), granted);
    oa.record(sent, token_failure(), &mut message, later)
        .unwrap();
    assert!(oa.hold().is_none());
    assert!(matches!(
        oa.before_send(&message, later),
        Clearance::Refresh(_)
    ));
}

#[test]
fn a_refresh_that_times_out_is_tried_again_never_two_at_once() {
    let now = morning_at_ten();
    let policy = Policy::DEFAULT;
    let mut oa = OaState::new();
    let mut message = Attempts::new();
    let sent = permit(&mut oa, &message, now);
    oa.record(sent, token_failure(), &mut message, now).unwrap();
    let Clearance::Refresh(first) = oa.before_send(&message, now) else {
        panic!()
    };
    assert!(matches!(
        oa.before_send(&message, now + SECOND),
        Clearance::WaitUntil(_)
    ));
    assert_eq!(
        oa.record_refresh(first, RefreshOutcome::Transient, now + 10 * SECOND)
            .map(new_pair)
            .unwrap(),
        None
    );
    assert!(oa.hold().is_none());
    assert_eq!(oa.refresh_failures(), 1);
    // The next try only after the first delay.
    let retry_at = wait_of(oa.before_send(&message, now + 11 * SECOND));
    assert!(retry_at >= now + 10 * SECOND + policy.first_probe_delay);
    let Clearance::Refresh(second) = oa.before_send(&message, retry_at) else {
        panic!()
    };
    assert!(oa.hold().is_none());
    let new = oa
        .record_refresh(second, granted(None), retry_at + SECOND)
        .map(new_pair)
        .unwrap();
    assert_eq!(new, Some(oa.token()));
    assert_eq!(oa.refresh_failures(), 0);
    assert!(matches!(
        oa.before_send(&message, retry_at + SECOND),
        Clearance::Send(_)
    ));
}

#[test]
fn a_refresh_call_that_outlives_its_timeout_frees_the_ticket_and_its_grant_still_counts() {
    let now = morning_at_ten();
    let policy = Policy::DEFAULT;
    let mut oa = OaState::new();
    let mut message = Attempts::new();
    let sent = permit(&mut oa, &message, now);
    oa.record(sent, token_failure(), &mut message, now).unwrap();
    let Clearance::Refresh(slow) = oa.before_send(&message, now) else {
        panic!()
    };
    // Past the timeout: counted as failed, the next try waits its delay.
    let after = now + policy.call_timeout;
    let next = wait_of(oa.before_send(&message, after));
    assert!(next >= after + policy.first_probe_delay);
    // The slow call's grant arrives after all: the newest pair, taken.
    let new = oa
        .record_refresh(slow, granted(None), after + SECOND)
        .map(new_pair)
        .unwrap();
    assert!(new.is_some());
    assert!(matches!(
        oa.before_send(&message, after + SECOND),
        Clearance::Send(_)
    ));
}

#[test]
fn a_refused_refresh_holds_the_oa_until_it_is_authorised_again() {
    let now = morning_at_ten();
    let mut oa = OaState::new();
    let mut message = Attempts::new();
    let sent = permit(&mut oa, &message, now);
    oa.record(sent, token_failure(), &mut message, now).unwrap();
    let Clearance::Refresh(ticket) = oa.before_send(&message, now) else {
        panic!()
    };
    let refused = RefreshRefused::new(Some(-14014), "Invalid refresh token");
    oa.record_refresh(ticket, RefreshOutcome::Refused(refused.clone()), now)
        .map(new_pair)
        .unwrap();
    let hold = oa.hold().expect("held");
    assert_eq!(hold.reason(), &HoldReason::RefreshRefused(refused));
    assert!(hold.needs_authorisation());
    assert!(hold.to_string().contains("-14014 Invalid refresh token"));
    assert!(
        hold.vi()
            .to_string()
            .contains("-14014 Invalid refresh token")
    );
    // No more refresh calls while held.
    for minutes in 1..100 {
        assert_eq!(
            oa.before_send(&message, now + MINUTE * minutes),
            Clearance::Held
        );
    }
    oa.token_granted(now + HOUR, None);
    assert!(matches!(
        oa.before_send(&message, now + HOUR),
        Clearance::Send(_)
    ));
}

#[test]
fn a_refresh_is_asked_for_ahead_of_the_expiry() {
    let now = morning_at_ten();
    let policy = Policy::DEFAULT;
    let life = 25 * HOUR;
    let mut oa = OaState::new();
    let token = oa.token_granted(now, Some(life));
    let ahead = life * policy.refresh_ahead_percent / 100;
    let due = now + life - ahead;
    assert!(matches!(
        oa.before_send(&Attempts::new(), due - SECOND),
        Clearance::Send(_)
    ));
    let Clearance::Refresh(ticket) = oa.before_send(&Attempts::new(), due) else {
        panic!()
    };
    // While it is in flight the old token still works: others send.
    assert_eq!(permit(&mut oa, &Attempts::new(), due).token(), token);
    // A failed refresh ahead of time does not stop sending either.
    oa.record_refresh(ticket, RefreshOutcome::Transient, due + SECOND)
        .map(new_pair)
        .unwrap();
    assert_eq!(
        permit(&mut oa, &Attempts::new(), due + 2 * SECOND).token(),
        token
    );
    // At the expiry itself, nobody sends with it: wait for the refresh.
    let expiry = now + life;
    match oa.before_send(&Attempts::new(), expiry) {
        Clearance::Refresh(_) | Clearance::WaitUntil(_) => {}
        other => panic!("{other:?}"),
    }
}

#[test]
fn a_sender_scope_quota_pauses_the_oa_once_until_after_six() {
    // 21:00 in Vietnam.
    let now = morning_at_ten() + 11 * HOUR;
    let quota = code_where(Retry::NextDay, Scope::Sender);
    let policy = Policy::DEFAULT;
    let mut oa = OaState::new();
    let mut message = Attempts::new();
    let sent = permit(&mut oa, &message, now);
    let step = oa
        .record(sent, Answer::Code(quota), &mut message, now)
        .unwrap();
    let six = morning_at_ten() + 20 * HOUR;
    let resume = six + policy.morning_margin;
    assert_eq!(oa.paused_until(), Some(resume));
    assert!(matches!(step, NextStep::RetryAt(at) if at >= resume && at < resume + policy.spread));
    // Others wait without a send, spread over the first minutes.
    let waits: Vec<SystemTime> = (0..400)
        .map(|_| wait_of(oa.before_send(&Attempts::new(), now + MINUTE)))
        .collect();
    assert!(
        waits
            .iter()
            .all(|&at| at >= resume && at < resume + policy.spread)
    );
    let distinct: std::collections::BTreeSet<_> = waits.iter().collect();
    assert!(distinct.len() >= 300, "{}", distinct.len());
    // A clock a minute ahead of Zalo's still sends after 06:00 by Zalo's.
    assert!(resume - MINUTE > six);
    assert!(matches!(
        oa.before_send(&Attempts::new(), resume),
        Clearance::Send(_)
    ));
}

#[test]
fn a_sender_scope_failure_that_needs_a_person_holds_the_oa_with_its_code() {
    let Some(code) = ErrorCode::ALL
        .iter()
        .find(|c| c.retry() == Retry::AfterFix && c.scope() == Scope::Sender)
    else {
        return;
    };
    let now = morning_at_ten();
    let mut oa = OaState::new();
    let mut message = Attempts::new();
    let sent = permit(&mut oa, &message, now);
    let step = oa
        .record(sent, Answer::Code(code.code()), &mut message, now)
        .unwrap();
    assert_eq!(step, NextStep::FixFirst);
    let hold = oa.hold().expect("held");
    assert_eq!(hold.reason(), &HoldReason::Code(code.code()));
    assert!(hold.to_string().contains(&code.code().to_string()));
    assert!(hold.vi().to_string().contains(&code.code().to_string()));
    // The remedy is a sentence of its own: it ends with its stop.
    if let Some(remedy) = code.remedy_en() {
        let shown = hold.to_string();
        let after = &shown[shown.find(remedy).unwrap() + remedy.len()..];
        assert!(
            remedy.ends_with(['.', '!', '?', ':']) || after.starts_with(". "),
            "{shown}"
        );
    }
    assert!(!hold.needs_authorisation());
    assert_eq!(oa.before_send(&Attempts::new(), now), Clearance::Held);
    oa.release();
    assert!(matches!(
        oa.before_send(&Attempts::new(), now),
        Clearance::Send(_)
    ));
}

#[test]
fn a_message_with_a_deadline_goes_another_way_exactly_when_zns_would_be_late() {
    let now = morning_at_ten();
    let deadline = now + 5 * MINUTE;
    let mut oa = OaState::new();
    let otp = Attempts::with_deliver_by(deadline);
    // Due exactly at the deadline: still sent; a millisecond later: not.
    assert!(matches!(oa.before_send(&otp, deadline), Clearance::Send(_)));
    assert_eq!(
        oa.before_send(&otp, deadline + Duration::from_millis(1)),
        Clearance::OtherChannel
    );
    // A retry that lands exactly on it is allowed; one past it is not.
    let mut at_edge = Attempts::with_deliver_by(deadline);
    let sent = permit(&mut oa, &at_edge, deadline - NextStep::BACKOFF_DELAYS[0]);
    let step = oa
        .record(
            sent,
            Answer::Transport,
            &mut at_edge,
            deadline - NextStep::BACKOFF_DELAYS[0],
        )
        .unwrap();
    assert_eq!(step, NextStep::RetryAt(deadline));
    let mut past = Attempts::with_deliver_by(deadline);
    let late = deadline - NextStep::BACKOFF_DELAYS[0] + SECOND;
    let sent = permit(&mut oa, &past, late);
    assert_eq!(
        oa.record(sent, Answer::Transport, &mut past, late).unwrap(),
        NextStep::OtherChannel {
            suppress_recipient: false
        }
    );
    // A wait for the night window is too late for an OTP: SMS now.
    let night = code_where(Retry::AfterNightWindow, Scope::Template);
    let mut evening = Attempts::with_deliver_by(deadline);
    let sent = permit(&mut oa, &evening, now);
    assert_eq!(
        oa.record(sent, Answer::Code(night), &mut evening, now)
            .unwrap(),
        NextStep::OtherChannel {
            suppress_recipient: false
        }
    );
    // A recipient who cannot get ZNS at all is still suppressed.
    let gone = code_where(Retry::Never, Scope::Recipient);
    let mut otp = Attempts::with_deliver_by(deadline);
    let sent = permit(&mut oa, &otp, now);
    assert_eq!(
        oa.record(sent, Answer::Code(gone), &mut otp, now).unwrap(),
        NextStep::OtherChannel {
            suppress_recipient: true
        }
    );
    // A failure that needs a person: SMS now rather than a person later.
    let fix = code_where(Retry::AfterFix, Scope::Message);
    let mut otp = Attempts::with_deliver_by(deadline);
    let sent = permit(&mut oa, &otp, now);
    assert_eq!(
        oa.record(sent, Answer::Code(fix), &mut otp, now).unwrap(),
        NextStep::OtherChannel {
            suppress_recipient: false
        }
    );
}

#[test]
fn a_wait_past_the_message_life_or_deadline_is_said_at_once() {
    let now = morning_at_ten() + 11 * HOUR;
    let quota = code_where(Retry::NextDay, Scope::Sender);
    let mut oa = OaState::new();
    let mut message = Attempts::new();
    let sent = permit(&mut oa, &message, now);
    oa.record(sent, Answer::Code(quota), &mut message, now)
        .unwrap();
    // An OTP due to wait for the morning goes by SMS now.
    let otp = Attempts::with_deliver_by(now + 5 * MINUTE);
    assert_eq!(oa.before_send(&otp, now + MINUTE), Clearance::OtherChannel);
    // A message at the end of its life is not told to wait past it.
    let mut old = Attempts::new();
    let _ = Retry::Backoff.next_step(
        &mut old,
        now - Duration::from_secs(Attempts::MAX_AGE_SECS) + HOUR,
    );
    assert_eq!(oa.before_send(&old, now + MINUTE), Clearance::Expired);
}

#[test]
fn saturated_message_counters_still_get_bounded_answers() {
    let now = morning_at_ten();
    let mut oa = OaState::new();
    let mut attempts = Attempts::new();
    for _ in 0..1000 {
        let sent = match oa.before_send(&attempts, now) {
            Clearance::Send(permit) => permit,
            _ => break,
        };
        let step = oa
            .record(sent, Answer::Code(-100_000), &mut attempts, now)
            .unwrap();
        assert!(matches!(step, NextStep::FixFirst));
    }
    assert_eq!(attempts.sends(), 255);
    // Past every budget, nothing asks for a send again.
    for answer in [Answer::Transport, token_failure(), Answer::NotZns] {
        let mut fresh = OaState::new();
        let sent = permit(&mut fresh, &Attempts::new(), now);
        let step = fresh.record(sent, answer, &mut attempts, now).unwrap();
        assert_eq!(step, NextStep::FixFirst, "{answer:?}");
    }
}

#[test]
fn a_policy_out_of_its_limits_is_refused_with_the_field_named() {
    let mut policy = Policy::DEFAULT;
    assert_eq!(policy.check(), Ok(()));
    policy.refresh_ahead_percent = 90;
    assert_eq!(policy.check(), Ok(()));
    policy.refresh_ahead_percent = 91;
    assert_eq!(policy.check().unwrap_err().field(), "refresh_ahead_percent");
    let mut policy = Policy::DEFAULT;
    policy.transient_retries = 15;
    let error = OaState::with_policy(policy).unwrap_err();
    assert_eq!(error.field(), "transient_retries");
    assert!(error.to_string().contains("0..=14"), "{error}");
    let mut policy = Policy::DEFAULT;
    policy.max_probe_delay = policy.first_probe_delay - SECOND;
    assert_eq!(policy.check().unwrap_err().field(), "max_probe_delay");
    let mut policy = Policy::DEFAULT;
    policy.circuit_min_failures = 0;
    assert_eq!(policy.check().unwrap_err().field(), "circuit_min_failures");
}

#[test]
fn a_changed_policy_rules_the_decisions() {
    let now = morning_at_ten();
    let mut policy = Policy::DEFAULT;
    policy.transient_retries = 1;
    policy.first_transient_delay = 10 * SECOND;
    policy.circuit_min_failures = 2;
    let mut oa = OaState::with_policy(policy).unwrap();
    assert_eq!(oa.policy(), &policy);
    let mut attempts = Attempts::new();
    let sent = permit(&mut oa, &attempts, now);
    assert_eq!(
        oa.record(sent, Answer::Transport, &mut attempts, now)
            .unwrap(),
        NextStep::RetryAt(now + 10 * SECOND)
    );
    // Other messages get through: no outage, the message's own budget.
    for _ in 0..3 {
        let mut other = Attempts::new();
        let ok = permit(&mut oa, &other, now);
        oa.record(ok, Answer::Sent, &mut other, now).unwrap();
    }
    let sent = permit(&mut oa, &attempts, now);
    assert_eq!(
        oa.record(sent, Answer::Transport, &mut attempts, now)
            .unwrap(),
        NextStep::FixFirst
    );
}

#[test]
fn the_same_inputs_give_the_same_decisions() {
    let fresh = OaState::new();
    let run = || {
        let now = morning_at_ten();
        let mut oa = fresh.clone();
        let mut out = Vec::new();
        for i in 0..50u32 {
            let mut attempts = Attempts::new();
            let at = now + SECOND * i;
            let clearance = oa.before_send(&attempts, at);
            out.push(format!("{clearance:?}"));
            if let Clearance::Send(permit) = clearance {
                let answer = if i % 3 == 0 {
                    Answer::Sent
                } else {
                    Answer::Transport
                };
                out.push(format!(
                    "{:?}",
                    oa.record(permit, answer, &mut attempts, at).unwrap()
                ));
            }
        }
        (out, oa)
    };
    assert_eq!(run(), run());
}

#[test]
fn a_late_transient_answer_after_a_lapsed_probe_retries_later_than_now() {
    let start = morning_at_ten();
    let policy = Policy::DEFAULT;
    let mut oa = OaState::new();
    // A send from before the outage is still in flight.
    let old = permit(&mut oa, &Attempts::new(), start);
    transient_answers(&mut oa, policy.circuit_min_failures, start);
    let at = start + policy.first_probe_delay;
    let probe = permit(&mut oa, &Attempts::new(), at);
    assert!(probe.is_probe());
    // Long after the probe's timeout, that old send's 502 arrives.
    let late = at + policy.call_timeout + 10 * MINUTE;
    let mut attempts = Attempts::new();
    let step = oa.record(old, Answer::NotZns, &mut attempts, late).unwrap();
    assert!(
        matches!(step, NextStep::RetryAt(when) if when > late),
        "{step:?}"
    );
    assert_eq!(attempts.transient(), 0);
}

#[test]
fn a_lone_message_in_a_long_outage_is_neither_held_nor_past_its_sends() {
    let start = morning_at_ten();
    let outage_ends = start + 2 * HOUR;
    let mut oa = OaState::new();
    let mut attempts = Attempts::new();
    let mut now = start;
    let mut sends = 0;
    let step = loop {
        match oa.before_send(&attempts, now) {
            Clearance::WaitUntil(at) => {
                assert!(at > now);
                now = at;
            }
            Clearance::Send(permit) => {
                sends += 1;
                let answer = if now < outage_ends {
                    Answer::NotZns
                } else {
                    Answer::Sent
                };
                match oa.record(permit, answer, &mut attempts, now).unwrap() {
                    NextStep::RetryAt(at) => {
                        assert!(at > now);
                        now = at;
                    }
                    step => break step,
                }
            }
            other => panic!("{other:?} at {now:?}"),
        }
        assert!(
            attempts.sends() <= Policy::DEFAULT.max_sends,
            "{attempts:?}"
        );
    };
    assert_eq!(step, NextStep::Done);
    assert!(sends > Policy::DEFAULT.max_sends, "{sends} sends");
}

#[test]
fn a_circuit_that_would_open_after_a_message_spends_its_retries_is_refused() {
    let mut policy = Policy::DEFAULT;
    policy.circuit_min_failures = policy.transient_retries + 2;
    let error = policy.check().unwrap_err();
    assert_eq!(error.field(), "circuit_min_failures");
    assert!(
        error.to_string().contains("transient_retries + 1"),
        "{error}"
    );
    policy.circuit_min_failures = policy.transient_retries + 1;
    assert_eq!(policy.check(), Ok(()));
}

#[test]
fn a_late_ticket_and_the_next_answer_in_every_order_settle_to_the_newest_grant() {
    let now = morning_at_ten();
    let policy = Policy::DEFAULT;
    let granted = || granted(Some(25 * HOUR));
    let refused = || RefreshOutcome::Refused(RefreshRefused::empty_body());
    let outcomes = [granted(), RefreshOutcome::Transient, refused()];
    for late in &outcomes {
        for next in &outcomes {
            for late_first in [true, false] {
                let case = format!("late {late:?}, next {next:?}, late first: {late_first}");
                let mut oa = OaState::new();
                let mut message = Attempts::new();
                let sent = permit(&mut oa, &message, now);
                oa.record(sent, token_failure(), &mut message, now).unwrap();
                let Clearance::Refresh(slow) = oa.before_send(&message, now) else {
                    panic!("{case}")
                };
                // The first call outlives its timeout; the second is allowed
                // after the delay, with the same refresh token.
                let lapsed = now + policy.call_timeout;
                let retry_at = wait_of(oa.before_send(&message, lapsed));
                let Clearance::Refresh(second) = oa.before_send(&message, retry_at) else {
                    panic!("{case}")
                };
                let at = retry_at + SECOND;
                let (late_recorded, next_recorded) = if late_first {
                    let l = oa.record_refresh(slow, late.clone(), at).unwrap();
                    let n = oa.record_refresh(second, next.clone(), at).unwrap();
                    (l, n)
                } else {
                    let n = oa.record_refresh(second, next.clone(), at).unwrap();
                    let l = oa.record_refresh(slow, late.clone(), at).unwrap();
                    (l, n)
                };
                let late_granted = matches!(late, RefreshOutcome::Granted(_));
                let next_granted = matches!(next, RefreshOutcome::Granted(_));
                // The newer ticket's grant is always the newest pair; the
                // late one's only when it came first.
                assert_eq!(
                    matches!(next_recorded, RefreshRecorded::NewPair { .. }),
                    next_granted,
                    "{case}"
                );
                assert_eq!(
                    matches!(late_recorded, RefreshRecorded::NewPair { .. }),
                    late_granted && (late_first || !next_granted),
                    "{case}"
                );
                if late_granted && !late_first && next_granted {
                    assert!(
                        matches!(late_recorded, RefreshRecorded::Superseded(_)),
                        "{case}"
                    );
                }
                // A late refusal while the newer call is in flight waits for
                // it; any grant ends the refreshing without a hold.
                if !late_first && next_granted || late_first && late_granted {
                    assert!(oa.hold().is_none(), "{case}");
                }
                if late_first && !late_granted {
                    assert_eq!(late_recorded, RefreshRecorded::Ignored, "{case}");
                }
                // Never two calls in flight, whatever came in.
                let mut refreshes = Vec::new();
                for _ in 0..3 {
                    if let Clearance::Refresh(ticket) = oa.before_send(&message, at + SECOND) {
                        refreshes.push(ticket);
                    }
                }
                assert!(
                    refreshes.len() <= 1,
                    "{case}: {} calls at once",
                    refreshes.len()
                );
            }
        }
    }
}

/// The default policy without the spread, so that instants are exact.
fn unspread() -> OaState {
    let mut policy = Policy::DEFAULT;
    policy.spread = Duration::ZERO;
    OaState::with_policy(policy).unwrap()
}

#[test]
fn a_probe_in_flight_is_waited_for_until_its_timeout_and_only_its_answer_moves_the_next() {
    let start = morning_at_ten();
    let policy = Policy::DEFAULT;
    let mut oa = unspread();
    let old = permit(&mut oa, &Attempts::new(), start);
    transient_answers(&mut oa, policy.circuit_min_failures, start);
    let at = start + policy.first_probe_delay;
    let mut probe_message = Attempts::new();
    let probe = permit(&mut oa, &probe_message, at);
    assert!(probe.is_probe());
    // While it is in flight, a waiter waits for its timeout at most.
    assert_eq!(
        oa.before_send(&Attempts::new(), at + 5 * SECOND),
        Clearance::WaitUntil(at + policy.call_timeout)
    );
    // A late 502 of a send from before the outage is not the probe's answer.
    let _ = oa
        .record(old, Answer::NotZns, &mut Attempts::new(), at + 6 * SECOND)
        .unwrap();
    assert_eq!(
        oa.before_send(&Attempts::new(), at + 7 * SECOND),
        Clearance::WaitUntil(at + policy.call_timeout)
    );
    // The probe's own 502: the next probe after the second delay.
    let failed = at + 10 * SECOND;
    let step = oa
        .record(probe, Answer::NotZns, &mut probe_message, failed)
        .unwrap();
    assert_eq!(
        step,
        NextStep::RetryAt(failed + 2 * policy.first_probe_delay)
    );
}

#[test]
fn a_fresh_token_is_one_that_never_worked_and_is_less_than_an_hour_old() {
    let now = morning_at_ten();
    let fails_at = |lifetime: Duration, after: Duration, worked: bool| {
        let mut oa = OaState::new();
        oa.token_granted(now, Some(lifetime));
        if worked {
            let mut message = Attempts::new();
            let sent = permit(&mut oa, &message, now);
            oa.record(sent, Answer::Sent, &mut message, now).unwrap();
        }
        let mut message = Attempts::new();
        let sent = permit(&mut oa, &message, now + after);
        oa.record(sent, token_failure(), &mut message, now + after)
            .unwrap();
        oa.hold().is_some()
    };
    let day = 25 * HOUR;
    // Refused before it ever worked, within the hour: the credentials.
    assert!(fails_at(day, HOUR - Duration::from_millis(1), false));
    // An hour old, or after it worked: an expiry, refreshed.
    assert!(!fails_at(day, HOUR, false));
    assert!(!fails_at(day, 10 * MINUTE, true));
    // A token that lasts less than two hours is fresh for half its life.
    assert!(fails_at(
        HOUR,
        30 * MINUTE - Duration::from_millis(1),
        false
    ));
    assert!(!fails_at(HOUR, 30 * MINUTE, false));
}

#[test]
fn refresh_tries_that_fail_are_spaced_at_doubling_delays() {
    let now = morning_at_ten();
    let policy = Policy::DEFAULT;
    // A try fails when Zalo answers it transiently, or when it outlives
    // the call timeout unanswered; either way the next waits twice as long.
    for answered in [true, false] {
        let mut oa = unspread();
        let mut message = Attempts::new();
        let sent = permit(&mut oa, &message, now);
        oa.record(sent, token_failure(), &mut message, now).unwrap();
        let mut at = now;
        for nth in 0..8u32 {
            let Clearance::Refresh(ticket) = oa.before_send(&message, at) else {
                panic!("answered {answered}, try {nth}")
            };
            let failed = if answered {
                oa.record_refresh(ticket, RefreshOutcome::Transient, at)
                    .map(new_pair)
                    .unwrap();
                at
            } else {
                at + policy.call_timeout
            };
            let delay = (policy.first_probe_delay * 2u32.pow(nth)).min(policy.max_probe_delay);
            assert_eq!(
                oa.before_send(&message, failed),
                Clearance::WaitUntil(failed + delay),
                "answered {answered}, try {nth}"
            );
            assert_eq!(oa.refresh_failures(), nth + 1);
            at = failed + delay;
        }
        assert!(oa.hold().is_none());
    }
}

#[test]
fn a_message_may_be_sent_until_the_end_of_its_life_and_not_a_millisecond_after() {
    // The first answer on a whole minute: the life ends max_age after it.
    let first = morning_at_ten();
    let mut oa = OaState::new();
    let mut message = Attempts::new();
    let sent = permit(&mut oa, &message, first);
    oa.record(sent, Answer::Transport, &mut message, first)
        .unwrap();
    let end = first + oa.policy().max_age;
    assert!(matches!(oa.before_send(&message, end), Clearance::Send(_)));
    assert_eq!(
        oa.before_send(&message, end + Duration::from_millis(1)),
        Clearance::Expired
    );
}

#[test]
fn a_second_failure_that_needs_a_person_keeps_the_first_hold() {
    let Some(code) = ErrorCode::ALL
        .iter()
        .find(|c| c.retry() == Retry::AfterFix && c.scope() == Scope::Sender)
    else {
        return;
    };
    let now = morning_at_ten();
    let mut oa = OaState::new();
    // Two messages in flight when the first answer comes.
    let (mut first, mut second) = (Attempts::new(), Attempts::new());
    let first_permit = permit(&mut oa, &first, now);
    let second_permit = permit(&mut oa, &second, now);
    oa.record(first_permit, Answer::Code(code.code()), &mut first, now)
        .unwrap();
    oa.record(
        second_permit,
        Answer::Code(code.code()),
        &mut second,
        now + MINUTE,
    )
    .unwrap();
    let hold = oa.hold().expect("held");
    assert_eq!(hold.since(), now, "held since the first answer");
    assert_eq!(hold.reason(), &HoldReason::Code(code.code()));
}

/// Each field of `Policy` with its documentation, read from
/// src/sender/policy.rs.
fn field_docs() -> Vec<(String, String)> {
    let source = include_str!("../src/sender/policy.rs");
    let body = source
        .split("pub struct Policy {")
        .nth(1)
        .and_then(|rest| rest.split("\n}").next())
        .expect("src/sender/policy.rs defines Policy");
    let mut docs = String::new();
    let mut fields = Vec::new();
    for line in body.lines().map(str::trim) {
        if let Some(doc) = line.strip_prefix("///") {
            docs.push_str(doc);
            docs.push(' ');
        } else if let Some(field) = line.strip_prefix("pub ") {
            let name = field.split(':').next().unwrap().to_owned();
            fields.push((name, std::mem::take(&mut docs)));
        }
    }
    fields
}

/// A number the documentation states ("2 minutes", "1,000"), in seconds
/// for a duration. None for what is not a number (another field's name).
fn stated_number(words: &[&str]) -> Option<u64> {
    let word = |i: usize| {
        words
            .get(i)
            .map(|w| w.trim_end_matches(['.', ',', ';', ')']))
    };
    let number: u64 = word(0)?.replace(',', "").parse().ok()?;
    let unit = match word(1) {
        Some("second" | "seconds") => Some(1),
        Some("minute" | "minutes") => Some(60),
        Some("hour" | "hours") => Some(3600),
        Some("day" | "days") => Some(86_400),
        _ => None,
    };
    Some(number * unit.unwrap_or(1))
}

/// Each field's default as its documentation states it ("Default 2
/// minutes"), in seconds for a duration.
fn documented_defaults() -> Vec<(String, u64)> {
    field_docs()
        .into_iter()
        .map(|(name, docs)| {
            let words: Vec<&str> = docs
                .split("Default ")
                .nth(1)
                .unwrap_or_else(|| panic!("{name} states no default"))
                .split_whitespace()
                .collect();
            let number =
                stated_number(&words).unwrap_or_else(|| panic!("{name}: no number after Default"));
            (name, number)
        })
        .collect()
}

/// Each field's limits as its documentation states them after its default
/// ("at most 14", "from 1 second to 1 hour", "at least 1 minute, at most
/// 10 days"): the lowest and highest value, in seconds for a duration. A
/// limit that names another field is left out
/// (None); a field with no lower limit stated takes 0.
fn documented_limits() -> Vec<(String, Option<u64>, Option<u64>)> {
    field_docs()
        .into_iter()
        .map(|(name, docs)| {
            let after_default = docs.split("Default ").nth(1).unwrap_or_default();
            let limits = after_default
                .split_once(';')
                .unwrap_or_else(|| panic!("{name} states no limits after its default"))
                .1;
            let words: Vec<&str> = limits.split_whitespace().collect();
            // "1 second to 10 minutes", or no lower limit stated at all.
            let leading = stated_number(&words);
            let mut lower = if words.iter().any(|w| matches!(*w, "from" | "least")) {
                None
            } else {
                leading.or(Some(0))
            };
            let mut upper = None;
            for (i, word) in words.iter().enumerate() {
                let number = stated_number(&words[i + 1..]);
                match *word {
                    "from" | "least" => lower = lower.or(number),
                    "to" | "most" => upper = upper.or(number),
                    _ => {}
                }
            }
            (name, lower, upper)
        })
        .collect()
}

/// `Policy::DEFAULT` with the field `name` set to `value` (seconds for a
/// duration), nudged by `nudge` of its smallest step (1 ms for a duration).
fn policy_with(name: &str, value: u64, nudge: i64) -> Policy {
    let mut policy = Policy::DEFAULT;
    let count = || u32::try_from(i64::try_from(value).unwrap() + nudge).unwrap();
    let duration = || {
        let ms = i64::try_from(value * 1000).unwrap() + nudge;
        Duration::from_millis(u64::try_from(ms).unwrap())
    };
    match name {
        "transient_retries" => policy.transient_retries = count(),
        "first_transient_delay" => policy.first_transient_delay = duration(),
        "transient_growth" => policy.transient_growth = count(),
        "max_waits" => policy.max_waits = count(),
        "max_refreshes" => policy.max_refreshes = count(),
        "max_sends" => policy.max_sends = count(),
        "max_age" => policy.max_age = duration(),
        "morning_margin" => policy.morning_margin = duration(),
        "spread" => policy.spread = duration(),
        "circuit_min_failures" => policy.circuit_min_failures = count(),
        "circuit_failure_percent" => policy.circuit_failure_percent = count(),
        "circuit_window" => policy.circuit_window = duration(),
        "first_probe_delay" => policy.first_probe_delay = duration(),
        "max_probe_delay" => policy.max_probe_delay = duration(),
        "call_timeout" => policy.call_timeout = duration(),
        "refresh_ahead_percent" => policy.refresh_ahead_percent = count(),
        other => panic!("a field this test does not know: {other}"),
    }
    policy
}

#[test]
fn the_limits_are_the_ones_the_fields_document() {
    let refused_field = |policy: Policy| policy.check().err().map(|e| e.field().to_owned());
    let limits = documented_limits();
    assert_eq!(limits.len(), 16, "{limits:?}");
    for (name, lower, upper) in limits {
        assert!(lower.is_some() || upper.is_some(), "{name} states no limit");
        let refused = |value, nudge| refused_field(policy_with(&name, value, nudge));
        if let Some(lower) = lower {
            assert_ne!(refused(lower, 0), Some(name.clone()), "{name} at {lower}");
            if lower > 0 {
                assert_eq!(
                    refused(lower, -1),
                    Some(name.clone()),
                    "{name} below {lower}"
                );
            }
        }
        if let Some(upper) = upper {
            assert_ne!(refused(upper, 0), Some(name.clone()), "{name} at {upper}");
            assert_eq!(
                refused(upper, 1),
                Some(name.clone()),
                "{name} above {upper}"
            );
        }
    }
}

#[test]
fn the_defaults_are_the_ones_the_fields_document() {
    let policy = Policy::DEFAULT;
    let documented = documented_defaults();
    assert_eq!(documented.len(), 16, "{documented:?}");
    for (name, value) in documented {
        let actual = match name.as_str() {
            "transient_retries" => u64::from(policy.transient_retries),
            "first_transient_delay" => policy.first_transient_delay.as_secs(),
            "transient_growth" => u64::from(policy.transient_growth),
            "max_waits" => u64::from(policy.max_waits),
            "max_refreshes" => u64::from(policy.max_refreshes),
            "max_sends" => u64::from(policy.max_sends),
            "max_age" => policy.max_age.as_secs(),
            "morning_margin" => policy.morning_margin.as_secs(),
            "circuit_failure_percent" => u64::from(policy.circuit_failure_percent),
            "circuit_window" => policy.circuit_window.as_secs(),
            "spread" => policy.spread.as_secs(),
            "circuit_min_failures" => u64::from(policy.circuit_min_failures),
            "first_probe_delay" => policy.first_probe_delay.as_secs(),
            "max_probe_delay" => policy.max_probe_delay.as_secs(),
            "call_timeout" => policy.call_timeout.as_secs(),
            "refresh_ahead_percent" => u64::from(policy.refresh_ahead_percent),
            other => panic!("a field this test does not know: {other}"),
        };
        assert_eq!(
            actual, value,
            "{name}: the default differs from its documentation"
        );
    }
}

#[test]
fn a_circuit_window_shorter_than_a_lone_messages_retries_is_refused() {
    // With the defaults, a lone message meets its 4th transient answer
    // 30 s + 2 min + 8 min after its first.
    let mut policy = Policy::DEFAULT;
    let span = Duration::from_secs(30 + 120 + 480);
    policy.circuit_window = span;
    assert_eq!(policy.check(), Ok(()));
    policy.circuit_window = span - Duration::from_millis(1);
    assert_eq!(policy.check().unwrap_err().field(), "circuit_window");
}
