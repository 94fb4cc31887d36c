//! `next_step` at every edge: attempts 0, 1, the budget, one past it and
//! `u32::MAX`; the night window's and the day's edges in Vietnam time; and
//! instants before 1970 and at the limits of `SystemTime`.

#[path = "support/vietnam_clock.rs"]
mod vietnam_clock;

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use vietnam_clock::{DAYS, limits, next_day, vietnam};
use zalo_zns_errors::{ErrorCode, Failure, NextStep, Retry, Scope};

const BUDGET: u32 = NextStep::BACKOFF_ATTEMPTS;
const ATTEMPTS: [u32; 6] = [0, 1, 2, BUDGET, BUDGET + 1, u32::MAX];

fn some_instants() -> Vec<SystemTime> {
    let (latest, earliest) = limits();
    let mut instants = vec![
        UNIX_EPOCH,
        UNIX_EPOCH - Duration::from_nanos(1),
        vietnam(1900, 1, 1, 23, 0, 0),
        vietnam(2026, 11, 26, 18, 33, 0),
        latest,
        earliest,
        latest - Duration::from_secs(3600),
        earliest + Duration::from_secs(3600),
    ];
    for &(y, m, d) in DAYS {
        for (h, min, s) in [(0, 0, 0), (5, 59, 59), (6, 0, 0), (21, 59, 59), (22, 0, 0)] {
            instants.push(vietnam(y, m, d, h, min, s));
        }
    }
    instants
}

#[test]
fn backoff_retries_at_growing_delays_then_stops() {
    let delays = NextStep::BACKOFF_DELAYS;
    assert!(delays.windows(2).all(|w| w[0] < w[1]), "the delays grow");
    assert_eq!(BUDGET as usize, delays.len() + 1);
    for now in [
        vietnam(2026, 11, 26, 12, 0, 0),
        vietnam(1969, 12, 31, 23, 0, 0),
    ] {
        // 0 is read as 1: the first failure.
        assert_eq!(
            Retry::Backoff.next_step(0, now),
            NextStep::RetryAt(now + delays[0])
        );
        for (sent, delay) in (1..).zip(delays) {
            assert_eq!(
                Retry::Backoff.next_step(sent, now),
                NextStep::RetryAt(now + delay)
            );
        }
        for sent in [BUDGET, BUDGET + 1, u32::MAX] {
            assert_eq!(
                Retry::Backoff.next_step(sent, now),
                NextStep::FixFirst,
                "{sent}"
            );
        }
    }
}

#[test]
fn a_token_is_refreshed_once() {
    let now = vietnam(2026, 11, 26, 12, 0, 0);
    for sent in [0, 1] {
        assert_eq!(
            Retry::RefreshToken.next_step(sent, now),
            NextStep::RefreshToken
        );
    }
    for sent in [2, BUDGET, BUDGET + 1, u32::MAX] {
        assert_eq!(Retry::RefreshToken.next_step(sent, now), NextStep::FixFirst);
    }
}

#[test]
fn after_the_night_window_waits_for_the_next_six_oclock_even_in_the_day() {
    for &(y, m, d) in DAYS {
        let (ny, nm, nd) = next_day(y, m, d);
        let this_morning = vietnam(y, m, d, 6, 0, 0);
        let next_morning = vietnam(ny, nm, nd, 6, 0, 0);
        let at = |h, min, s| vietnam(y, m, d, h, min, s);
        let cases = [
            (at(0, 0, 0), this_morning),
            (at(5, 59, 59), this_morning),
            (
                at(5, 59, 59) + Duration::from_nanos(999_999_999),
                this_morning,
            ),
            (at(6, 0, 0), next_morning),
            (at(18, 33, 0), next_morning),
            (at(21, 59, 59), next_morning),
            (at(22, 0, 0), next_morning),
            (
                at(23, 59, 59) + Duration::from_nanos(999_999_999),
                next_morning,
            ),
        ];
        for (now, expected) in cases {
            for sent in ATTEMPTS {
                assert_eq!(
                    Retry::AfterNightWindow.next_step(sent, now),
                    NextStep::RetryAt(expected),
                    "{y}-{m}-{d} {now:?}, attempt {sent}"
                );
            }
        }
    }
}

#[test]
fn next_day_waits_for_six_oclock_on_the_next_day() {
    for &(y, m, d) in DAYS {
        let (ny, nm, nd) = next_day(y, m, d);
        let expected = NextStep::RetryAt(vietnam(ny, nm, nd, 6, 0, 0));
        for (h, min, s) in [
            (0, 0, 0),
            (5, 59, 59),
            (6, 0, 0),
            (21, 59, 59),
            (22, 0, 0),
            (23, 59, 59),
        ] {
            let now = vietnam(y, m, d, h, min, s);
            for sent in ATTEMPTS {
                assert_eq!(
                    Retry::NextDay.next_step(sent, now),
                    expected,
                    "{y}-{m}-{d} {h}:{min}:{s}"
                );
            }
        }
        // Past the quota's reset, but before 06:00 of the next day: not the
        // night window.
        let reset = Retry::NextDay
            .not_before(vietnam(y, m, d, 12, 0, 0))
            .unwrap();
        assert_eq!(reset, vietnam(ny, nm, nd, 0, 0, 0));
    }
}

#[test]
fn the_other_policies_do_not_depend_on_attempts_or_time() {
    for now in some_instants() {
        for sent in ATTEMPTS {
            assert_eq!(Retry::NotNeeded.next_step(sent, now), NextStep::Done);
            assert_eq!(Retry::AfterFix.next_step(sent, now), NextStep::FixFirst);
            assert_eq!(
                Retry::Never.next_step(sent, now),
                NextStep::OtherChannel {
                    suppress_recipient: true
                }
            );
            assert_eq!(
                Retry::OtherChannel.next_step(sent, now),
                NextStep::OtherChannel {
                    suppress_recipient: false
                }
            );
        }
    }
}

#[test]
fn every_answer_is_bounded_and_deterministic_at_any_instant() {
    let (latest, _) = limits();
    for now in some_instants() {
        for &retry in Retry::ALL {
            for sent in ATTEMPTS {
                let step = retry.next_step(sent, now);
                assert_eq!(
                    step,
                    retry.next_step(sent, now),
                    "the same inputs, the same answer"
                );
                if let NextStep::RetryAt(when) = step {
                    assert!(when > now, "{retry:?} at {now:?} retries at {when:?}");
                }
            }
        }
    }
    // Where no later instant exists, never a retry: a person looks.
    for retry in [Retry::Backoff, Retry::AfterNightWindow, Retry::NextDay] {
        assert_eq!(retry.next_step(1, latest), NextStep::FixFirst, "{retry:?}");
    }
}

#[test]
fn a_code_decides_by_its_retry_policy() {
    let now = vietnam(2026, 11, 26, 23, 0, 0);
    for &code in ErrorCode::ALL {
        for sent in ATTEMPTS {
            let expected = code.retry().next_step(sent, now);
            assert_eq!(code.next_step(sent, now), expected, "{code:?}");
            assert_eq!(Failure::new(code.code(), "").next_step(sent, now), expected);
        }
        assert_eq!(Failure::new(code.code(), "").scope(), code.scope());
        assert_eq!(
            code.is_success(),
            code.next_step(1, now) == NextStep::Done,
            "{code:?}"
        );
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
    for sent in ATTEMPTS {
        assert_eq!(failure.next_step(sent, now), NextStep::FixFirst);
    }
    assert_eq!(failure.scope(), Scope::Message);
}

#[test]
fn the_scope_of_each_code_matches_its_retry_policy() {
    // What a sender can rely on across the table, whatever its rows: a sent
    // message blocks nothing, and a failure that stops ZNS to a recipient
    // blocks that recipient.
    for &code in ErrorCode::ALL {
        assert_eq!(
            code.is_success(),
            code.scope() == Scope::Nothing,
            "{code:?}"
        );
        if matches!(code.retry(), Retry::Never | Retry::OtherChannel) {
            assert_eq!(code.scope(), Scope::Recipient, "{code:?}");
        }
    }
}
