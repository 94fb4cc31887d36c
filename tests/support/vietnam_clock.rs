//! Vietnam wall-clock instants for the time tests, computed independently of
//! the crate's arithmetic.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
pub fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// The instant of a Vietnam wall-clock time (UTC+7).
pub fn vietnam(year: i64, month: i64, day: i64, hour: i64, minute: i64, second: i64) -> SystemTime {
    let utc =
        days_from_civil(year, month, day) * 86_400 + hour * 3600 + minute * 60 + second - 7 * 3600;
    if utc >= 0 {
        UNIX_EPOCH + Duration::from_secs(utc as u64)
    } else {
        UNIX_EPOCH - Duration::from_secs(utc.unsigned_abs())
    }
}

/// Days that end a month or a year, a leap day, a plain day, and a day
/// before 1970.
pub const DAYS: &[(i64, i64, i64)] = &[
    (2026, 11, 26),
    (2026, 1, 31),
    (2026, 2, 28),
    (2028, 2, 29),
    (2026, 4, 30),
    (2026, 12, 31),
    (1969, 12, 31),
];

/// The civil date after a date.
pub fn next_day(year: i64, month: i64, day: i64) -> (i64, i64, i64) {
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

/// The latest and the earliest instants this platform's `SystemTime` holds.
pub fn limits() -> (SystemTime, SystemTime) {
    fn extreme(step: impl Fn(Duration) -> Option<SystemTime>) -> SystemTime {
        let (mut fits, mut fails) = (0u64, u64::MAX);
        while fails - fits > 1 {
            let middle = fits + (fails - fits) / 2;
            if step(Duration::from_secs(middle)).is_some() {
                fits = middle;
            } else {
                fails = middle;
            }
        }
        let whole = step(Duration::from_secs(fits)).unwrap();
        step(Duration::new(fits, 999_999_999)).unwrap_or(whole)
    }
    (
        extreme(|d| UNIX_EPOCH.checked_add(d)),
        extreme(|d| UNIX_EPOCH.checked_sub(d)),
    )
}
