//! RFC 3339 instants (`2026-12-08T10:05:00+07:00`), read and written for a
//! message's `deliver_by`: a few lines of date arithmetic rather than a date
//! crate in every user's build.

use std::time::SystemTime;

use crate::clock::{instant, ms};

/// Reads `2026-12-08T10:05:00Z`, `…T10:05:00.250+07:00` and the like: a
/// date, `T` (or `t` or a space), a time with optional fractions of a
/// second, and `Z` or an offset. `Err` says what is wrong.
pub(crate) fn parse(text: &str) -> Result<SystemTime, String> {
    let bad = |what: &str| {
        Err(format!(
            "{text:?} is not an RFC 3339 instant ({what}); write it as 2026-12-08T10:05:00+07:00"
        ))
    };
    let bytes = text.as_bytes();
    if bytes.len() < 20 {
        return bad("too short");
    }
    let digits = |from: usize, len: usize| -> Option<i64> {
        let part = text.get(from..from + len)?;
        if part.bytes().all(|b| b.is_ascii_digit()) {
            part.parse().ok()
        } else {
            None
        }
    };
    let (Some(year), Some(month), Some(day)) = (digits(0, 4), digits(5, 2), digits(8, 2)) else {
        return bad("the date is not YYYY-MM-DD");
    };
    if bytes[4] != b'-' || bytes[7] != b'-' || !matches!(bytes[10], b'T' | b't' | b' ') {
        return bad("the date is not YYYY-MM-DD followed by T");
    }
    let (Some(hour), Some(minute), Some(second)) = (digits(11, 2), digits(14, 2), digits(17, 2))
    else {
        return bad("the time is not HH:MM:SS");
    };
    if bytes[13] != b':' || bytes[16] != b':' {
        return bad("the time is not HH:MM:SS");
    }
    if !(1..=12).contains(&month) || day < 1 || day > days_in_month(year, month) {
        return bad("no such date");
    }
    if hour > 23 || minute > 59 || second > 60 {
        return bad("no such time");
    }
    let mut at = 19;
    let mut millis = 0;
    if bytes[at] == b'.' {
        let start = at + 1;
        at = start;
        while at < bytes.len() && bytes[at].is_ascii_digit() {
            at += 1;
        }
        if at == start {
            return bad("a fraction of a second without digits");
        }
        let fraction = &text[start..at.min(start + 3)];
        millis = format!("{fraction:0<3}").parse::<i64>().unwrap_or(0);
    }
    let offset_minutes = match &text[at..] {
        "Z" | "z" => 0,
        offset if offset.len() == 6 && matches!(offset.as_bytes()[0], b'+' | b'-') => {
            let (Some(h), Some(m)) = (digits(at + 1, 2), digits(at + 4, 2)) else {
                return bad("the offset is not ±HH:MM");
            };
            if offset.as_bytes()[3] != b':' || h > 23 || m > 59 {
                return bad("the offset is not ±HH:MM");
            }
            let minutes = h * 60 + m;
            if offset.starts_with('-') {
                -minutes
            } else {
                minutes
            }
        }
        _ => return bad("it does not end with Z or an offset such as +07:00"),
    };
    let days = days_from_civil(year, month, day);
    let seconds = days * 86_400 + hour * 3600 + minute * 60 + second.min(59) - offset_minutes * 60;
    Ok(instant(seconds * 1000 + millis))
}

/// `at` in UTC, to the millisecond: `2026-12-08T03:05:00.000Z`.
pub(crate) fn format(at: SystemTime) -> String {
    let ms = ms(at);
    let (days, ms_of_day) = (ms.div_euclid(86_400_000), ms.rem_euclid(86_400_000));
    let (year, month, day) = civil_from_days(days);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}.{:03}Z",
        ms_of_day / 3_600_000,
        ms_of_day / 60_000 % 60,
        ms_of_day / 1000 % 60,
        ms_of_day % 1000
    )
}

fn is_leap(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: i64) -> i64 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's
/// `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let day_of_year = (153 * (month + if month > 2 { -3 } else { 9 }) + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

fn civil_from_days(days: i64) -> (i64, i64, i64) {
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
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::{format, parse};
    use crate::clock::instant;

    #[test]
    fn instants_in_every_spelling_read_as_the_same_moment() {
        // 2026-12-08 10:05 in Vietnam is 03:05 UTC.
        let at = instant(1_796_699_100_000);
        assert_eq!(parse("2026-12-08T10:05:00+07:00"), Ok(at));
        assert_eq!(parse("2026-12-08T03:05:00Z"), Ok(at));
        assert_eq!(parse("2026-12-08t03:05:00z"), Ok(at));
        assert_eq!(parse("2026-12-07T22:05:00-05:00"), Ok(at));
        assert_eq!(
            parse("2026-12-08T03:05:00.25Z").unwrap(),
            at + std::time::Duration::from_millis(250)
        );
        assert_eq!(format(at), "2026-12-08T03:05:00.000Z");
        assert_eq!(parse(&format(at)), Ok(at));
        assert_eq!(
            parse("2024-02-29T00:00:00Z").map(format).unwrap(),
            "2024-02-29T00:00:00.000Z"
        );
    }

    #[test]
    fn what_is_not_an_instant_is_refused_with_the_reason() {
        for (text, reason) in [
            ("2026-12-08", "too short"),
            ("2026-12-08T10:05:00", "too short"),
            ("2026-13-08T10:05:00Z", "no such date"),
            ("2026-02-29T10:05:00Z", "no such date"),
            ("2026-12-08T25:05:00Z", "no such time"),
            (
                "2026-12-08T10:05:00+0700",
                "does not end with Z or an offset",
            ),
            (
                "2026-12-08 10:05:00 ICT",
                "does not end with Z or an offset",
            ),
            ("26-12-08T10:05:00.000Z", "the date is not YYYY-MM-DD"),
        ] {
            let error = parse(text).unwrap_err();
            assert!(error.contains(reason), "{text}: {error}");
        }
    }
}
