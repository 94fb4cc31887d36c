//! Today's date in Vietnam (UTC+7), for the date a page copy was saved.

use std::time::SystemTime;

pub use crate::codegen::date::{civil_from_days, is_date};

// Vietnam's wall clock, as the library reads it: one definition of UTC+7.
#[allow(
    dead_code,
    reason = "the tools need the day of an instant, not the night window"
)]
#[path = "../../src/sender/vietnam_time.rs"]
mod vietnam_time;

/// Today in Vietnam, as `YYYY-MM-DD`.
pub fn today() -> String {
    date_of(SystemTime::now())
}

/// The date in Vietnam at `at`, as `YYYY-MM-DD`.
pub fn date_of(at: SystemTime) -> String {
    let (day_start, _) = vietnam_time::vietnam_day(at);
    let days = i64::try_from(day_start.div_euclid(vietnam_time::DAY)).unwrap_or(0);
    let (year, month, day) = civil_from_days(days);
    format!("{year:04}-{month:02}-{day:02}")
}

#[cfg(test)]
mod tests {
    use std::time::{Duration, UNIX_EPOCH};

    use super::date_of;

    #[test]
    fn the_date_is_vietnams_which_starts_at_17_utc() {
        // 2026-12-01 16:59:59 UTC is 23:59:59 in Vietnam; a second later the
        // next day begins there.
        let before = UNIX_EPOCH + Duration::from_secs(1_796_144_399);
        assert_eq!(date_of(before), "2026-12-01");
        assert_eq!(date_of(before + Duration::from_secs(1)), "2026-12-02");
    }
}
