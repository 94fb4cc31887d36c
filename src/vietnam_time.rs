//! When a retry can succeed: [`Retry::not_before`], in Vietnam time.
//!
//! Zalo states no time zone for the night window or the daily quota reset; the
//! service is Vietnamese, so Vietnam time is the reading used here: UTC+7 all
//! year (Vietnam has no daylight saving time). Without daylight saving, a local
//! day is always 86,400 seconds, so no calendar is needed.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::Retry;

/// Vietnam's offset from UTC, in seconds.
const UTC_OFFSET: i64 = 7 * 3600;
const DAY: i64 = 24 * 3600;
/// The night window during which some templates may not be sent: 22:00–06:00.
const NIGHT_STARTS: i64 = 22 * 3600;
const NIGHT_ENDS: i64 = 6 * 3600;

impl Retry {
    /// The earliest instant at which a retry can succeed, or `None` when
    /// waiting alone will not help.
    ///
    /// - [`Backoff`](Retry::Backoff), [`RefreshToken`](Retry::RefreshToken):
    ///   `now` (pace the retries yourself).
    /// - [`AfterNightWindow`](Retry::AfterNightWindow): `now` from 06:00:00 to
    ///   21:59:59 Vietnam time, otherwise the next 06:00:00.
    /// - [`NextDay`](Retry::NextDay): the next Vietnam midnight strictly
    ///   after `now`, when daily quotas reset.
    /// - [`NotNeeded`](Retry::NotNeeded), [`AfterFix`](Retry::AfterFix),
    ///   [`Never`](Retry::Never): `None`.
    ///
    /// Vietnam time is UTC+7 all year; Zalo does not name a time zone, but its
    /// service runs on it. Also `None` where the instant would not fit in a
    /// `SystemTime`.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use zalo_zns_errors::Retry;
    ///
    /// // 2026-11-26 23:30 in Vietnam is 16:30 UTC.
    /// let late = UNIX_EPOCH + Duration::from_secs(1_795_710_600);
    /// let morning = Retry::AfterNightWindow.not_before(late).unwrap();
    /// assert_eq!(morning.duration_since(late).unwrap(), Duration::from_secs(6 * 3600 + 30 * 60));
    /// assert_eq!(Retry::Never.not_before(late), None);
    /// ```
    #[must_use]
    pub fn not_before(self, now: SystemTime) -> Option<SystemTime> {
        match self {
            Retry::Backoff | Retry::RefreshToken => Some(now),
            Retry::AfterNightWindow => {
                let (day_start, second_of_day) = vietnam_day(now);
                if (NIGHT_ENDS..NIGHT_STARTS).contains(&second_of_day) {
                    Some(now)
                } else if second_of_day >= NIGHT_STARTS {
                    from_vietnam_seconds(day_start + DAY + NIGHT_ENDS)
                } else {
                    from_vietnam_seconds(day_start + NIGHT_ENDS)
                }
            }
            Retry::NextDay => from_vietnam_seconds(vietnam_day(now).0 + DAY),
            Retry::NotNeeded | Retry::AfterFix | Retry::Never => None,
        }
    }
}

/// The start of `now`'s Vietnam day and the second of that day, both in
/// seconds of Vietnam time since 1970-01-01 00:00 Vietnam time.
fn vietnam_day(now: SystemTime) -> (i64, i64) {
    let utc_seconds = match now.duration_since(UNIX_EPOCH) {
        Ok(after) => after.as_secs() as i64,
        // Before 1970: round down, so 0.5 s before the epoch is second -1.
        Err(error) => {
            let before = error.duration();
            -(before.as_secs() as i64) - i64::from(before.subsec_nanos() > 0)
        }
    };
    let local = utc_seconds + UTC_OFFSET;
    let second_of_day = local.rem_euclid(DAY);
    (local - second_of_day, second_of_day)
}

fn from_vietnam_seconds(local: i64) -> Option<SystemTime> {
    let utc = local - UTC_OFFSET;
    if utc >= 0 {
        UNIX_EPOCH.checked_add(Duration::from_secs(utc as u64))
    } else {
        UNIX_EPOCH.checked_sub(Duration::from_secs(utc.unsigned_abs()))
    }
}
