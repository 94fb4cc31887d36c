//! Today's date in Vietnam (UTC+7), for the date a page copy was saved.

use std::time::{SystemTime, UNIX_EPOCH};

pub use crate::codegen::date::{civil_from_days, is_date};

/// Today in Vietnam, as `YYYY-MM-DD`.
pub fn today() -> String {
    let seconds = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_secs() as i64);
    let (year, month, day) = civil_from_days((seconds + 7 * 3600).div_euclid(86_400));
    format!("{year:04}-{month:02}-{day:02}")
}
