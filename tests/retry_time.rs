//! `Retry::not_before` at every edge of the night window and the day, across
//! month and year ends, in Vietnam time (UTC+7).

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zalo_zns_errors::Retry;

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`), written independently of the crate's arithmetic.
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The instant of a Vietnam wall-clock time.
fn vietnam(year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> SystemTime {
    let utc =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - 7 * 3600;
    if utc >= 0 {
        UNIX_EPOCH + Duration::from_secs(utc as u64)
    } else {
        UNIX_EPOCH - Duration::from_secs(utc.unsigned_abs())
    }
}

/// The last day of each month that ends a month or a year, and a plain day.
const DAYS: &[(i64, i64, i64)] = &[
    (2026, 11, 26),
    (2026, 1, 31),
    (2026, 2, 28),
    (2028, 2, 29),
    (2026, 4, 30),
    (2026, 12, 31),
    (1969, 12, 31),
];

fn next_day(year: i64, month: i64, day: i64) -> (i64, i64, i64) {
    let days = days_from_civil(year, month, day) + 1;
    // Walk forward from the same month to find the civil date of `days`.
    for (y, m) in [
        (year, month),
        (year + i64::from(month == 12), month % 12 + 1),
    ] {
        for d in 1..=31 {
            if days_from_civil(y, m, d) == days {
                return (y, m, d);
            }
        }
    }
    unreachable!()
}

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
}
