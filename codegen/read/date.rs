//! Dates written `YYYY-MM-DD`: the date a copy of the page was saved, and
//! the date Zalo's page stopped listing a code.

/// The civil date of a day counted from 1970-01-01 (Howard Hinnant's
/// `civil_from_days`).
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
    let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
    let year = yoe + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

/// Whether `text` is a date written `YYYY-MM-DD` that exists.
pub fn is_date(text: &str) -> bool {
    let parts: Vec<&str> = text.split('-').collect();
    let [year, month, day] = parts[..] else {
        return false;
    };
    if year.len() != 4 || month.len() != 2 || day.len() != 2 {
        return false;
    }
    let (Ok(year), Ok(month), Ok(day)) = (
        year.parse::<i64>(),
        month.parse::<u32>(),
        day.parse::<u32>(),
    ) else {
        return false;
    };
    (1..=12).contains(&month) && (1..=31).contains(&day) && {
        // The day exists when it survives a trip through the day count.
        let days = days_from_civil(year, month, day);
        civil_from_days(days) == (year, month, day)
    }
}

fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let (year, month, day) = (year, i64::from(month), i64::from(day));
    let y = if month <= 2 { year - 1 } else { year };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (month + 9) % 12;
    let doy = (153 * mp + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_dates_that_exist_are_dates() {
        for date in ["2026-12-02", "2028-02-29", "2000-02-29", "1999-12-31"] {
            assert!(is_date(date), "{date}");
        }
        for text in [
            "",
            "2026-2-02",
            "2026-02-30",
            "2027-02-29",
            "1900-02-29",
            "2026-13-01",
            "2026-00-10",
            "2026-12-00",
            "02-12-2026",
            "2026/12/02",
            "2026-12-02 ",
            "yesterday",
            "2026-12-0x",
        ] {
            assert!(!is_date(text), "{text:?}");
        }
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }
}
