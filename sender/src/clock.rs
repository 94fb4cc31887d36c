//! The wall clock, as the database stores instants: milliseconds since
//! 1970-01-01 UTC.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Now, in ms since 1970.
pub(crate) fn now_ms() -> i64 {
    ms(SystemTime::now())
}

/// An instant in ms since 1970 (saturating; before 1970 is negative).
pub(crate) fn ms(at: SystemTime) -> i64 {
    match at.duration_since(UNIX_EPOCH) {
        Ok(after) => i64::try_from(after.as_millis()).unwrap_or(i64::MAX),
        Err(before) => -i64::try_from(before.duration().as_millis()).unwrap_or(i64::MAX),
    }
}

/// The instant `ms` milliseconds after 1970.
pub(crate) fn instant(ms: i64) -> SystemTime {
    if ms >= 0 {
        UNIX_EPOCH + Duration::from_millis(ms.unsigned_abs())
    } else {
        UNIX_EPOCH - Duration::from_millis(ms.unsigned_abs())
    }
}

#[cfg(test)]
mod tests {
    use super::{instant, ms};
    use std::time::{Duration, UNIX_EPOCH};

    #[test]
    fn an_instant_round_trips_through_its_milliseconds() {
        for at in [
            UNIX_EPOCH,
            UNIX_EPOCH + Duration::from_millis(1_796_180_400_123),
            UNIX_EPOCH - Duration::from_millis(5),
        ] {
            assert_eq!(instant(ms(at)), at);
        }
    }
}
