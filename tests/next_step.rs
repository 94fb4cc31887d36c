//! `next_step` over a message's life, at every edge: each budget at its last
//! allowed answer and one past it, counters at 0 and saturated, the 4-day
//! limit to the second, the night window's and the day's edges in Vietnam
//! time, and instants before 1970 and at the limits of `SystemTime`.

#[path = "support/vietnam_clock.rs"]
mod vietnam_clock;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use vietnam_clock::{DAYS, limits, next_day, vietnam};
use zalo_zns_errors::{Attempts, ErrorCode, Failure, NextStep, Policy, Retry, Scope};

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);
const MAX_AGE: Duration = Duration::from_secs(Attempts::MAX_AGE_SECS);

/// Whether `step` is a retry after `morning` (06:00) by the policy's margin,
/// and within the spread after it.
fn is_after_morning(step: NextStep, morning: SystemTime) -> bool {
    let policy = Policy::DEFAULT;
    let earliest = morning + policy.morning_margin;
    matches!(step, NextStep::RetryAt(when) if when >= earliest && when < earliest + policy.spread)
}

/// Records `answers` in order, each `gap` after the one before, from `start`;
/// returns the state and the last step.
fn replay(answers: &[Retry], start: SystemTime, gap: Duration) -> (Attempts, NextStep) {
    let mut attempts = Attempts::new();
    let mut step = NextStep::Done;
    let mut now = start;
    for &answer in answers {
        step = answer.next_step(&mut attempts, now);
        now += gap;
    }
    (attempts, step)
}

/// A state in which every counter is saturated.
fn saturated(now: SystemTime) -> Attempts {
    let mut attempts = Attempts::new();
    for _ in 0..1000 {
        for &retry in Retry::ALL {
            let _ = retry.next_step(&mut attempts, now);
        }
    }
    attempts
}

#[test]
fn a_new_message_has_no_answers() {
    let attempts = Attempts::new();
    assert_eq!(attempts, Attempts::default());
    assert_eq!(
        (
            attempts.sends(),
            attempts.transient(),
            attempts.waits(),
            attempts.refreshes()
        ),
        (0, 0, 0, 0)
    );
    assert!(!attempts.after_token_failure());
    assert_eq!(attempts.first_answer(), None);
    assert!(std::mem::size_of::<Attempts>() <= 16);
}

#[test]
fn transient_failures_have_three_retries_at_growing_delays() {
    let delays = NextStep::BACKOFF_DELAYS;
    // As documented: 30 seconds, 2 minutes, 8 minutes.
    assert_eq!(
        delays.map(|d| d.as_secs()),
        [30, 2 * 60, 8 * 60],
        "the documented delays"
    );
    for now in [
        vietnam(2026, 11, 26, 12, 0, 0),
        vietnam(1969, 12, 31, 23, 0, 0),
    ] {
        let mut attempts = Attempts::new();
        for (nth, delay) in (1..).zip(delays) {
            assert_eq!(
                Retry::Backoff.next_step(&mut attempts, now),
                NextStep::RetryAt(now + delay)
            );
            assert_eq!(attempts.transient(), nth);
        }
        assert_eq!(
            Retry::Backoff.next_step(&mut attempts, now),
            NextStep::FixFirst
        );
    }
}

#[test]
fn other_answers_neither_spend_nor_reset_the_transient_budget() {
    let start = vietnam(2026, 11, 26, 9, 0, 0);
    // A token failure and a wait between transient failures: the second
    // transient failure still waits the second delay.
    let mut attempts = Attempts::new();
    let _ = Retry::Backoff.next_step(&mut attempts, start);
    let _ = Retry::RefreshToken.next_step(&mut attempts, start);
    let _ = Retry::NextDay.next_step(&mut attempts, start);
    let later = start + 21 * HOUR;
    assert_eq!(
        Retry::Backoff.next_step(&mut attempts, later),
        NextStep::RetryAt(later + NextStep::BACKOFF_DELAYS[1])
    );
    // A fourth transient failure with other answers between is still the
    // fourth.
    let (_, step) = replay(
        &[
            Retry::Backoff,
            Retry::RefreshToken,
            Retry::Backoff,
            Retry::AfterNightWindow,
            Retry::Backoff,
            Retry::RefreshToken,
            Retry::Backoff,
        ],
        start,
        MINUTE,
    );
    assert_eq!(step, NextStep::FixFirst);
}

#[test]
fn a_token_failure_is_refreshed_unless_the_answer_before_was_one_too() {
    let now = vietnam(2026, 11, 26, 12, 0, 0);
    let mut attempts = Attempts::new();
    assert_eq!(
        Retry::RefreshToken.next_step(&mut attempts, now),
        NextStep::RefreshToken
    );
    assert!(attempts.after_token_failure());
    // The fresh token failed at once: the credentials are wrong.
    assert_eq!(
        Retry::RefreshToken.next_step(&mut attempts, now),
        NextStep::FixFirst
    );
    // Another answer between two token failures: the token expired again
    // while the message waited.
    let (attempts, step) = replay(
        &[Retry::RefreshToken, Retry::NextDay, Retry::RefreshToken],
        now,
        20 * HOUR,
    );
    assert_eq!(step, NextStep::RefreshToken);
    assert_eq!(attempts.refreshes(), 2);
    // Even when the message has had every other budget spent but one
    // transient retry.
    let (_, step) = replay(
        &[
            Retry::Backoff,
            Retry::Backoff,
            Retry::RefreshToken,
            Retry::Backoff,
            Retry::RefreshToken,
        ],
        now,
        MINUTE,
    );
    assert_eq!(step, NextStep::RefreshToken);
}

#[test]
fn a_token_failure_a_day_after_the_last_is_a_new_expiry() {
    // The resend after a refresh waited behind a paused queue, and the new
    // token expired meanwhile: refresh again. Less than a day: the fresh
    // token failed.
    let first = vietnam(2026, 11, 26, 6, 0, 0);
    for (later, expected) in [
        (Duration::from_secs(23 * 3600 + 59 * 60), NextStep::FixFirst),
        (Duration::from_secs(24 * 3600), NextStep::RefreshToken),
        (Duration::from_secs(70 * 3600), NextStep::RefreshToken),
    ] {
        let mut attempts = Attempts::new();
        let _ = Retry::RefreshToken.next_step(&mut attempts, first);
        assert_eq!(
            Retry::RefreshToken.next_step(&mut attempts, first + later),
            expected,
            "{later:?} later"
        );
    }
}

#[test]
fn a_message_asks_for_at_most_max_refreshes() {
    let start = vietnam(2026, 11, 26, 12, 0, 0);
    // Token failures separated by transient failures and waits, so that only
    // the refresh budget can stop them.
    let between = [
        Retry::Backoff,
        Retry::Backoff,
        Retry::AfterNightWindow,
        Retry::Backoff,
    ];
    let mut answers = vec![Retry::RefreshToken];
    for &other in &between[..Attempts::MAX_REFRESHES as usize - 1] {
        answers.extend([other, Retry::RefreshToken]);
    }
    let (attempts, step) = replay(&answers, start, MINUTE);
    assert_eq!(attempts.refreshes(), Attempts::MAX_REFRESHES);
    assert_eq!(step, NextStep::RefreshToken, "the last allowed refresh");
    answers.extend([between[3], Retry::RefreshToken]);
    let (attempts, step) = replay(&answers, start, MINUTE);
    assert!(attempts.sends() < Attempts::MAX_SENDS);
    assert_eq!(step, NextStep::FixFirst, "one refresh past the budget");
}

#[test]
fn a_message_waits_for_six_oclock_at_most_max_waits_times() {
    let evening = vietnam(2026, 11, 26, 23, 0, 0);
    let mut attempts = Attempts::new();
    let mut now = evening;
    for nth in 1..=Attempts::MAX_WAITS {
        let retry = if nth % 2 == 0 {
            Retry::NextDay
        } else {
            Retry::AfterNightWindow
        };
        match retry.next_step(&mut attempts, now) {
            NextStep::RetryAt(when) => now = when,
            other => panic!("wait {nth}: {other:?}"),
        }
    }
    assert_eq!(attempts.waits(), Attempts::MAX_WAITS);
    assert_eq!(
        Retry::NextDay.next_step(&mut attempts, now),
        NextStep::FixFirst
    );
    let mut fresh = Attempts::new();
    assert!(matches!(
        Retry::NextDay.next_step(&mut fresh, now),
        NextStep::RetryAt(_)
    ));
}

#[test]
fn a_message_is_sent_at_most_max_sends_times() {
    let start = vietnam(2026, 11, 26, 8, 0, 0);
    // Every budget but the sends' is left with room: 3 transient, 4 token,
    // 3 waits.
    let answers = [
        Retry::Backoff,
        Retry::RefreshToken,
        Retry::Backoff,
        Retry::RefreshToken,
        Retry::Backoff,
        Retry::RefreshToken,
        Retry::AfterNightWindow,
        Retry::RefreshToken,
        Retry::AfterNightWindow,
        Retry::AfterNightWindow,
    ];
    assert_eq!(answers.len(), Attempts::MAX_SENDS as usize);
    let (attempts, step) = replay(&answers[..answers.len() - 1], start, MINUTE);
    assert!(
        matches!(step, NextStep::RetryAt(_)),
        "answer {}: {step:?}",
        attempts.sends()
    );
    let (attempts, step) = replay(&answers, start, MINUTE);
    assert_eq!(attempts.sends(), Attempts::MAX_SENDS);
    assert!(attempts.waits() <= Attempts::MAX_WAITS);
    assert_eq!(step, NextStep::FixFirst);
}

#[test]
fn nothing_is_sent_later_than_four_days_after_the_first_answer() {
    let first = vietnam(2026, 11, 26, 6, 0, 0);
    // A wait that ends within the limit is allowed, one that ends after it
    // is not: the wait ends after 06:00 by the margin and the spread.
    let policy = Policy::DEFAULT;
    let latest_end = policy.morning_margin + policy.spread;
    for (first, allowed) in [
        (first + latest_end, true),
        (first + policy.morning_margin - MINUTE, false),
    ] {
        let mut attempts = Attempts::new();
        let _ = Retry::Backoff.next_step(&mut attempts, first);
        let three_days_later = vietnam(2026, 11, 29, 12, 0, 0);
        let step = Retry::NextDay.next_step(&mut attempts, three_days_later);
        let limit = vietnam(2026, 11, 30, 6, 0, 0);
        if allowed {
            assert!(
                is_after_morning(step, limit),
                "first answer at {first:?}: {step:?}"
            );
        } else {
            assert_eq!(step, NextStep::FixFirst, "first answer at {first:?}");
        }
    }
    // A transient retry whose delay crosses the limit, and a refresh after
    // it.
    let deadline = first + MAX_AGE;
    let mut attempts = Attempts::new();
    let _ = Retry::AfterFix.next_step(&mut attempts, first);
    let just_before = deadline - NextStep::BACKOFF_DELAYS[0];
    assert_eq!(
        Retry::Backoff.next_step(&mut attempts, just_before),
        NextStep::RetryAt(deadline)
    );
    assert_eq!(
        Retry::Backoff.next_step(&mut attempts, just_before + Duration::from_secs(1)),
        NextStep::FixFirst
    );
    assert_eq!(
        Retry::RefreshToken.next_step(&mut attempts, deadline),
        NextStep::RefreshToken
    );
    let mut attempts = Attempts::new();
    let _ = Retry::AfterFix.next_step(&mut attempts, first);
    assert_eq!(
        Retry::RefreshToken.next_step(&mut attempts, deadline + Duration::from_secs(1)),
        NextStep::FixFirst
    );
    assert_eq!(attempts.first_answer(), Some(first));
}

#[test]
fn saturated_counters_never_panic_or_retry() {
    for now in some_instants() {
        let full = saturated(now);
        assert_eq!(full.sends(), 255);
        assert_eq!((full.transient(), full.waits()), (15, 15));
        assert_eq!(full.refreshes(), 255);
        for &retry in Retry::ALL {
            let mut attempts = full;
            let step = retry.next_step(&mut attempts, now);
            assert!(
                !matches!(step, NextStep::RetryAt(_) | NextStep::RefreshToken),
                "{retry:?} after saturation: {step:?}"
            );
            assert_eq!(attempts.sends(), 255);
        }
    }
}

#[test]
fn after_the_night_window_waits_for_the_next_six_oclock_even_in_the_day() {
    for &(y, m, d) in DAYS {
        let (ny, nm, nd) = next_day(y, m, d);
        let this_morning = vietnam(y, m, d, 6, 0, 0);
        let next_morning = vietnam(ny, nm, nd, 6, 0, 0);
        let at = |h, min, s| vietnam(y, m, d, h, min, s);
        // Zalo's clock may be up to an hour behind ours: a night answer
        // before 06:00 came in Zalo's night and waits for this morning; one
        // in the hour after 06:00 came before 06:00 by Zalo's clock, which
        // is behind by more than the time since 06:00, and waits twice that
        // time after 06:00, not a day.
        let since_six =
            |h, min, s| this_morning + at(h, min, s).duration_since(this_morning).unwrap() * 2;
        let cases = [
            (at(0, 0, 0), this_morning),
            (at(5, 59, 59), this_morning),
            (
                at(5, 59, 59) + Duration::from_nanos(999_999_999),
                this_morning,
            ),
            (at(6, 0, 0), this_morning),
            (at(6, 0, 30), since_six(6, 0, 30)),
            (at(6, 3, 0), since_six(6, 3, 0)),
            (at(6, 59, 59), since_six(6, 59, 59)),
            (at(7, 0, 0), next_morning),
            (at(18, 33, 0), next_morning),
            (at(21, 59, 59), next_morning),
            (at(22, 0, 0), next_morning),
            (
                at(23, 59, 59) + Duration::from_nanos(999_999_999),
                next_morning,
            ),
        ];
        for (now, expected) in cases {
            let step = Retry::AfterNightWindow.next_step(&mut Attempts::new(), now);
            assert!(
                is_after_morning(step, expected),
                "{y}-{m}-{d} {now:?}: {step:?}"
            );
        }
    }
}

#[test]
fn next_day_waits_for_six_oclock_on_the_next_day() {
    for &(y, m, d) in DAYS {
        let (ny, nm, nd) = next_day(y, m, d);
        let morning = vietnam(ny, nm, nd, 6, 0, 0);
        // Up to an hour after midnight, the answer may be of Zalo's day
        // before: the quota has reset by this morning.
        let midnight = vietnam(y, m, d, 0, 0, 0);
        for now in [
            midnight,
            midnight + Duration::from_secs(2 * 60),
            midnight + Duration::from_secs(3600) - Duration::from_nanos(1),
        ] {
            let step = Retry::NextDay.next_step(&mut Attempts::new(), now);
            assert!(
                is_after_morning(step, vietnam(y, m, d, 6, 0, 0)),
                "{y}-{m}-{d} {now:?}: {step:?}"
            );
        }
        for (h, min, s) in [
            (1, 0, 0),
            (5, 59, 59),
            (6, 0, 0),
            (21, 59, 59),
            (22, 0, 0),
            (23, 59, 59),
        ] {
            let now = vietnam(y, m, d, h, min, s);
            let step = Retry::NextDay.next_step(&mut Attempts::new(), now);
            assert!(
                is_after_morning(step, morning),
                "{y}-{m}-{d} {h}:{min}:{s}: {step:?}"
            );
        }
        // Past the quota's reset, but before 06:00 of the next day: not the
        // night window.
        let reset = Retry::NextDay
            .not_before(vietnam(y, m, d, 12, 0, 0))
            .unwrap();
        assert_eq!(reset, vietnam(ny, nm, nd, 0, 0, 0));
    }
}

fn some_instants() -> Vec<SystemTime> {
    let (latest, earliest) = limits();
    let mut instants = vec![
        UNIX_EPOCH,
        UNIX_EPOCH - Duration::from_nanos(1),
        vietnam(1900, 1, 1, 23, 0, 0),
        vietnam(2026, 11, 26, 18, 33, 0),
        latest,
        earliest,
        latest - HOUR,
        earliest + HOUR,
    ];
    for &(y, m, d) in DAYS {
        for (h, min, s) in [(0, 0, 0), (5, 59, 59), (6, 0, 0), (21, 59, 59), (22, 0, 0)] {
            instants.push(vietnam(y, m, d, h, min, s));
        }
    }
    instants
}

#[test]
fn the_final_answers_end_the_message_whatever_its_state() {
    for now in some_instants() {
        for state in [Attempts::new(), saturated(now)] {
            let step = |retry: Retry| retry.next_step(&mut state.clone(), now);
            assert_eq!(step(Retry::NotNeeded), NextStep::Done);
            assert_eq!(step(Retry::AfterFix), NextStep::FixFirst);
            assert_eq!(
                step(Retry::Never),
                NextStep::OtherChannel {
                    suppress_recipient: true
                }
            );
            assert_eq!(
                step(Retry::OtherChannel),
                NextStep::OtherChannel {
                    suppress_recipient: false
                }
            );
        }
    }
}

#[test]
fn every_retry_is_later_than_now_at_any_instant() {
    let (latest, earliest) = limits();
    for now in some_instants() {
        for &retry in Retry::ALL {
            if let NextStep::RetryAt(when) = retry.next_step(&mut Attempts::new(), now) {
                assert!(when > now, "{retry:?} at {now:?} retries at {when:?}");
            }
        }
    }
    // Where no later instant exists, or the first answer's instant cannot be
    // kept, never a retry: a person looks.
    for now in [latest, earliest] {
        for retry in [Retry::Backoff, Retry::AfterNightWindow, Retry::NextDay] {
            assert_eq!(
                retry.next_step(&mut Attempts::new(), now),
                NextStep::FixFirst,
                "{retry:?} at {now:?}"
            );
        }
        let mut attempts = Attempts::new();
        assert_eq!(
            Retry::RefreshToken.next_step(&mut attempts, now),
            NextStep::FixFirst
        );
        assert_eq!(attempts.first_answer(), None);
    }
}

#[test]
fn a_code_and_a_failure_record_the_answer_they_decide() {
    let now = vietnam(2026, 11, 26, 23, 0, 0);
    // Whatever the table says of a code, deciding through the code, the
    // failure or the policy records the same answer in the same way.
    for &code in ErrorCode::ALL {
        let by_policy = replay(&[code.retry(), code.retry()], now, MINUTE);
        let mut by_code = Attempts::new();
        let mut by_failure = Attempts::new();
        let failure = Failure::new(code.code(), "");
        let _ = code.next_step(&mut by_code, now);
        let _ = failure.next_step(&mut by_failure, now);
        let steps = (
            code.next_step(&mut by_code, now + MINUTE),
            failure.next_step(&mut by_failure, now + MINUTE),
        );
        assert_eq!((by_code, steps.0), by_policy, "{code:?}");
        assert_eq!((by_failure, steps.1), by_policy, "{code:?}");
        assert_eq!(failure.scope(), code.scope());
    }
}

#[test]
fn an_unknown_code_is_held_for_a_person_and_blocks_the_message() {
    let unknown = (i32::MIN..=i32::MAX)
        .rev()
        .find(|&c| ErrorCode::from_code(c).is_none())
        .unwrap();
    let failure = Failure::new(unknown, "new in 2027");
    let now = vietnam(2026, 11, 26, 12, 0, 0);
    let mut attempts = Attempts::new();
    assert_eq!(failure.next_step(&mut attempts, now), NextStep::FixFirst);
    assert_eq!(attempts.sends(), 1);
    assert_eq!(failure.scope(), Scope::Message);
}

#[test]
fn a_backlog_waiting_for_the_morning_is_spread_by_the_minute_of_each_first_answer() {
    // Messages first answered a minute apart in the evening wait for the
    // same morning, each at its own second, within the spread.
    let evening = vietnam(2026, 11, 26, 21, 0, 0);
    let morning = vietnam(2026, 11, 27, 6, 0, 0);
    let mut instants = Vec::new();
    for minute in 0..5u32 {
        let mut attempts = Attempts::new();
        let first = evening + MINUTE * minute;
        let step = Retry::NextDay.next_step(&mut attempts, first);
        assert!(is_after_morning(step, morning), "{step:?}");
        let NextStep::RetryAt(when) = step else {
            unreachable!()
        };
        instants.push(when);
        // The same message waits for the same instant whenever it asks.
        let again = Retry::NextDay.next_step(&mut attempts, first + HOUR);
        assert_eq!(again, NextStep::RetryAt(when));
    }
    let mut distinct = instants.clone();
    distinct.sort();
    distinct.dedup();
    assert_eq!(distinct.len(), instants.len(), "{instants:?}");
}
