//! `Retry::not_before` at every edge of the night window and the day, across
//! month and year ends, in Vietnam time (UTC+7), and at the limits of
//! `SystemTime`.

#[path = "support/vietnam_clock.rs"]
mod vietnam_clock;

use std::time::{Duration, UNIX_EPOCH};

use vietnam_clock::{DAYS, days_from_civil, limits, next_day, vietnam};
use zalo_zns_errors::Retry;

#[test]
fn after_night_window_waits_for_six_in_the_morning() {
    for &(y, m, d) in DAYS {
        let (ny, nm, nd) = next_day(y, m, d);
        let at = |h, min, s| vietnam(y, m, d, h, min, s);
        let policy = Retry::AfterNightWindow;
        // Daytime: now.
        for now in [at(6, 0, 0), at(12, 0, 0), at(21, 59, 59)] {
            assert_eq!(policy.not_before(now), Some(now));
        }
        let almost_ten = at(21, 59, 59) + Duration::from_nanos(999_999_999);
        assert_eq!(policy.not_before(almost_ten), Some(almost_ten));
        // Evening: the next morning, the next day (across a month or year end).
        for now in [at(22, 0, 0), at(23, 59, 59)] {
            assert_eq!(
                policy.not_before(now),
                Some(vietnam(ny, nm, nd, 6, 0, 0)),
                "{y}-{m}-{d}"
            );
        }
        // After midnight: this morning.
        for now in [
            at(0, 0, 0),
            at(5, 59, 59),
            at(5, 59, 59) + Duration::from_millis(999),
        ] {
            assert_eq!(policy.not_before(now), Some(at(6, 0, 0)), "{y}-{m}-{d}");
        }
    }
}

#[test]
fn next_day_waits_for_the_next_midnight() {
    for &(y, m, d) in DAYS {
        let (ny, nm, nd) = next_day(y, m, d);
        let midnight = vietnam(ny, nm, nd, 0, 0, 0);
        for (h, min, s) in [
            (0, 0, 0),
            (5, 59, 59),
            (6, 0, 0),
            (21, 59, 59),
            (22, 0, 0),
            (23, 59, 59),
        ] {
            assert_eq!(
                Retry::NextDay.not_before(vietnam(y, m, d, h, min, s)),
                Some(midnight),
                "{y}-{m}-{d} {h}:{min}:{s}"
            );
        }
        let last_instant = vietnam(y, m, d, 23, 59, 59) + Duration::from_nanos(999_999_999);
        assert_eq!(Retry::NextDay.not_before(last_instant), Some(midnight));
        // Strictly after: at midnight itself, the next one.
        let (ay, am, ad) = next_day(ny, nm, nd);
        assert_eq!(
            Retry::NextDay.not_before(midnight),
            Some(vietnam(ay, am, ad, 0, 0, 0))
        );
    }
}

#[test]
fn utc_midnight_is_seven_in_the_morning_in_vietnam() {
    // 2026-11-26 00:00 UTC is 07:00 in Vietnam: daytime, and the quota resets
    // at 17:00 UTC the same day.
    let utc_midnight =
        UNIX_EPOCH + Duration::from_secs(days_from_civil(2026, 11, 26) as u64 * 86_400);
    assert_eq!(
        Retry::AfterNightWindow.not_before(utc_midnight),
        Some(utc_midnight)
    );
    assert_eq!(
        Retry::NextDay.not_before(utc_midnight),
        Some(utc_midnight + Duration::from_secs(17 * 3600))
    );
}

#[test]
fn immediate_and_never_policies() {
    let now = vietnam(2026, 11, 26, 23, 0, 0);
    assert_eq!(Retry::Backoff.not_before(now), Some(now));
    assert_eq!(Retry::RefreshToken.not_before(now), Some(now));
    assert_eq!(Retry::NotNeeded.not_before(now), None);
    assert_eq!(Retry::AfterFix.not_before(now), None);
    assert_eq!(Retry::Never.not_before(now), None);
    assert_eq!(Retry::OtherChannel.not_before(now), None);
}

#[test]
fn instants_near_the_limits_do_not_overflow() {
    let (latest, earliest) = limits();
    for now in [latest, earliest] {
        for &retry in Retry::ALL {
            if let Some(when) = retry.not_before(now) {
                assert!(when >= now, "{retry:?} at {now:?}");
            }
        }
    }
    // Nothing after the latest instant: the waits that need one say so.
    assert_eq!(Retry::NextDay.not_before(latest), None);
    assert!(Retry::NextDay.not_before(earliest).is_some());
}

#[test]
fn a_deadline_at_the_limits_of_system_time_is_kept_as_a_deadline() {
    let (latest, earliest) = limits();
    for deadline in [latest, earliest] {
        let kept = zalo_zns_errors::Attempts::with_deliver_by(deadline)
            .deliver_by()
            .unwrap_or_else(|| panic!("a deadline at {deadline:?} was lost"));
        // Kept to the second; the earliest one moves up a second, never to "no deadline".
        let apart = kept
            .duration_since(deadline)
            .unwrap_or_else(|before| before.duration());
        assert!(
            apart <= Duration::from_secs(1),
            "{deadline:?} kept as {kept:?}"
        );
    }
}
