//! Instants as the OA's state keeps them: whole milliseconds since
//! 1970-01-01 UTC in an `i64`, so that a stored state reads back exactly.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

/// Milliseconds since 1970-01-01 UTC, rounded down; saturating at the ends
/// of `i64` (some 292 million years from 1970).
pub(crate) fn millis(at: SystemTime) -> i64 {
    let millis = match at.duration_since(UNIX_EPOCH) {
        Ok(after) => i128::try_from(after.as_millis()).unwrap_or(i128::MAX),
        Err(error) => {
            let before = error.duration();
            let whole = i128::try_from(before.as_millis()).unwrap_or(i128::MAX);
            // Round down: 0.5 ms before the epoch is millisecond -1.
            -whole - i128::from(before.as_nanos() % 1_000_000 != 0)
        }
    };
    // In range after the clamp: the cast keeps the value.
    millis.clamp(i128::from(i64::MIN), i128::from(i64::MAX)) as i64
}

/// The instant of a millisecond since 1970, if a `SystemTime` can hold it.
pub(crate) fn instant(millis: i64) -> Option<SystemTime> {
    let magnitude = Duration::from_millis(millis.unsigned_abs());
    if millis >= 0 {
        UNIX_EPOCH.checked_add(magnitude)
    } else {
        UNIX_EPOCH.checked_sub(magnitude)
    }
}

/// A duration in whole milliseconds, saturating.
pub(crate) fn span(duration: Duration) -> i64 {
    i64::try_from(duration.as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_instant_reads_back_to_the_millisecond_rounded_down() {
        let at = UNIX_EPOCH + Duration::new(1_795_692_780, 123_456_789);
        assert_eq!(millis(at), 1_795_692_780_123);
        assert_eq!(
            instant(millis(at)),
            Some(UNIX_EPOCH + Duration::from_millis(1_795_692_780_123))
        );
        let before = UNIX_EPOCH - Duration::from_micros(500);
        assert_eq!(millis(before), -1);
        assert_eq!(instant(-1), Some(UNIX_EPOCH - Duration::from_millis(1)));
        assert_eq!(millis(UNIX_EPOCH - Duration::from_millis(3)), -3);
    }

    #[test]
    fn spans_saturate() {
        assert_eq!(span(Duration::from_secs(2)), 2000);
        assert_eq!(span(Duration::MAX), i64::MAX);
    }
}
