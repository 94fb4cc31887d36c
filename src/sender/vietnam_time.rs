//! Instants of Vietnam's wall clock: the night window and the day's start.
//!
//! Zalo states no time zone for the night window or the daily quota reset; the
//! service is Vietnamese, so Vietnam time is the reading used here: UTC+7 all
//! year (Vietnam has no daylight saving time). Without daylight saving, a local
//! day is always 86,400 seconds, so no calendar is needed.
//!
//! The arithmetic is done in `i128` seconds: every `SystemTime` a platform can
//! hold fits, so no instant before 1970 or near the type's limits can overflow.
//! An answer that would not fit in a `SystemTime` is `None`.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Vietnam's offset from UTC, in seconds.
const UTC_OFFSET: i128 = 7 * 3600;
pub(crate) const DAY: i128 = 24 * 3600;
/// The night window during which some templates may not be sent: 22:00–06:00.
pub(crate) const NIGHT_STARTS: i128 = 22 * 3600;
pub(crate) const NIGHT_ENDS: i128 = 6 * 3600;

/// The start of `now`'s Vietnam day and the second of that day, both in
/// seconds of Vietnam time since 1970-01-01 00:00 Vietnam time. A fraction of
/// a second counts as the second it is in.
pub(crate) fn vietnam_day(now: SystemTime) -> (i128, i128) {
    let local = utc_seconds(now) + UTC_OFFSET;
    let second_of_day = local.rem_euclid(DAY);
    (local - second_of_day, second_of_day)
}

/// The second since 1970-01-01 00:00 UTC that `now` is in.
pub(crate) fn utc_seconds(now: SystemTime) -> i128 {
    match now.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::from(after.as_secs()),
        // Before 1970: round down, so 0.5 s before the epoch is second -1.
        Err(error) => {
            let before = error.duration();
            -i128::from(before.as_secs()) - i128::from(before.subsec_nanos() > 0)
        }
    }
}

/// The instant of a second of Vietnam time, if a `SystemTime` can hold it.
pub(crate) fn from_vietnam_seconds(local: i128) -> Option<SystemTime> {
    from_utc_seconds(local - UTC_OFFSET)
}

/// The instant of a second since 1970-01-01 00:00 UTC, if a `SystemTime` can
/// hold it.
pub(crate) fn from_utc_seconds(utc: i128) -> Option<SystemTime> {
    let magnitude = Duration::from_secs(u64::try_from(utc.unsigned_abs()).ok()?);
    if utc >= 0 {
        UNIX_EPOCH.checked_add(magnitude)
    } else {
        UNIX_EPOCH.checked_sub(magnitude)
    }
}

/// The first 06:00 Vietnam time strictly after `now`.
pub(crate) fn next_morning(now: SystemTime) -> Option<SystemTime> {
    let (day, second) = vietnam_day(now);
    if second < NIGHT_ENDS {
        from_vietnam_seconds(day + NIGHT_ENDS)
    } else {
        from_vietnam_seconds(day + DAY + NIGHT_ENDS)
    }
}

/// 06:00 Vietnam time on the day after `now`'s Vietnam day.
pub(crate) fn morning_of_next_day(now: SystemTime) -> Option<SystemTime> {
    let (day, _) = vietnam_day(now);
    from_vietnam_seconds(day + DAY + NIGHT_ENDS)
}

/// The next Vietnam midnight strictly after `now`.
pub(crate) fn next_midnight(now: SystemTime) -> Option<SystemTime> {
    from_vietnam_seconds(vietnam_day(now).0 + DAY)
}

/// Whether `now` is outside the night window, in Vietnam time.
pub(crate) fn is_day(now: SystemTime) -> bool {
    (NIGHT_ENDS..NIGHT_STARTS).contains(&vietnam_day(now).1)
}

/// The Vietnam date and time of a millisecond since 1970, as
/// `YYYY-MM-DD HH:MM` (rounded down to the minute), for a person to read.
pub(crate) fn wall_clock(millis: i64) -> String {
    let local = i128::from(millis.div_euclid(1000)) + UTC_OFFSET;
    let second_of_day = local.rem_euclid(DAY);
    let (year, month, day) = civil_from_days(local.div_euclid(DAY));
    format!(
        "{year:04}-{month:02}-{day:02} {:02}:{:02}",
        second_of_day / 3600,
        second_of_day % 3600 / 60
    )
}

/// The proleptic Gregorian date of a day since 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
fn civil_from_days(days: i128) -> (i128, i128, i128) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let shifted_month = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * shifted_month + 2) / 5 + 1;
    let month = if shifted_month < 10 {
        shifted_month + 3
    } else {
        shifted_month - 9
    };
    let year = year_of_era + era * 400 + i128::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod wall_clock_tests {
    use super::wall_clock;

    #[test]
    fn a_wall_clock_reads_in_vietnam_time() {
        // 2026-12-02 03:00 UTC is 10:00 in Vietnam.
        assert_eq!(wall_clock(1_796_180_400_000), "2026-12-02 10:00");
        assert_eq!(wall_clock(0), "1970-01-01 07:00");
        // 2024-02-29 16:59:59 UTC is 23:59 in Vietnam, a leap day.
        assert_eq!(wall_clock(1_709_225_999_000), "2024-02-29 23:59");
        assert_eq!(wall_clock(-1), "1970-01-01 06:59");
    }
}
