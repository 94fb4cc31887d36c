//! [`Attempts`]: what happened to one message so far, kept by the sender next
//! to the message's payload for as long as the message lives in its queue.

use std::time::SystemTime;

use crate::code::vocabulary::Retry;
use crate::sender::vietnam_time::{from_utc_seconds, utc_seconds};

/// What happened to one message so far: how many answers were recorded, of
/// which kinds, and when the first one came.
///
/// Keep one with each message, next to its payload, and pass it to every
/// `next_step` call about that message
/// ([`ErrorCode::next_step`](crate::ErrorCode::next_step),
/// [`Failure::next_step`](crate::Failure::next_step),
/// [`Retry::next_step`]). Each call records one answer and decides, so each
/// kind of failure has its own budget over the message's whole life:
///
/// - transient failures ([`Retry::Backoff`]: a 5xx, a timeout, a body that is
///   not ZNS JSON, a code whose policy is backoff): a retry after each of
///   the delays of
///   [`NextStep::BACKOFF_DELAYS`](crate::NextStep::BACKOFF_DELAYS), in turn;
/// - token failures ([`Retry::RefreshToken`]): a refresh each time, unless the
///   answer just before was a token failure too, less than 24 hours earlier (to
///   the hour; a fresh token failed at once), and at most
///   [`MAX_REFRESHES`](Self::MAX_REFRESHES);
/// - waits for 06:00 ([`Retry::AfterNightWindow`], [`Retry::NextDay`]): at
///   most [`MAX_WAITS`](Self::MAX_WAITS);
/// - all answers: at most [`MAX_SENDS`](Self::MAX_SENDS) sends, and no send
///   later than [`MAX_AGE_SECS`](Self::MAX_AGE_SECS) after the first answer.
///
/// It is 16 bytes and `Copy`. Its counters saturate: no number of answers
/// makes it panic or wrap. With the `serde` feature it is stored as a map of
/// named counters (`{"sends":2,"transient":1,…}`, for a JSON column) or, in a
/// format that is not self-describing, as those values in order.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use zalo_zns_errors::{Attempts, NextStep, Retry};
///
/// let now = SystemTime::now();
/// let mut attempts = Attempts::new();
/// // The token had expired: refresh it (once for the whole OA) and resend.
/// assert_eq!(Retry::RefreshToken.next_step(&mut attempts, now), NextStep::RefreshToken);
/// // A 502: the first retry of this message's transient budget.
/// let step = Retry::Backoff.next_step(&mut attempts, now);
/// assert_eq!(step, NextStep::RetryAt(now + Duration::from_secs(30)));
/// assert_eq!(attempts.sends(), 2);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Attempts {
    /// Minutes since 1970-01-01 UTC of the first answer, rounded down;
    /// [`OUT_OF_RANGE`] when that instant is outside what an `i32` of minutes
    /// holds; 0 before any answer.
    first_answer: i32,
    sends: u8,
    refreshes: u8,
    /// Transient answers in the low four bits, waits in the high four: each
    /// budget is spent long before fifteen.
    transient_and_waits: u8,
    /// 0 when the last answer was not a token failure; otherwise 1 + the
    /// hours from the first answer to it (saturating), to tell a fresh token
    /// that failed at once from one that expired while the message waited.
    token_failure_hour: u8,
    /// Seconds since 1970-01-01 UTC by which the sender wants the message
    /// delivered, rounded down; [`NO_DEADLINE`] when it set none.
    deliver_by: i64,
}

/// No deadline of the sender's own: only the message's life bounds it.
const NO_DEADLINE: i64 = i64::MIN;

/// [`Attempts::new`]: no answer, no deadline.
impl Default for Attempts {
    fn default() -> Self {
        Attempts::new()
    }
}

/// The first answer came at an instant an `i32` of minutes cannot hold (more
/// than 4,000 years from 1970): no deadline can be computed, so nothing is
/// retried.
const OUT_OF_RANGE: i32 = i32::MIN;
/// The most a four-bit counter holds.
const NIBBLE_MAX: u8 = 0x0F;
/// The latest hour after the first answer that a token failure is kept at
/// (far past any message's life); later ones count as this hour.
const MAX_HOUR: u8 = u8::MAX - 1;
/// A token failure this many hours or more after the one before is a new
/// expiry (a token lasts about 25 hours), not a fresh token failing at once.
const FRESH_TOKEN_HOURS: u8 = 24;

impl Attempts {
    /// The most answers recorded for one message before any answer that would
    /// send it again gives [`FixFirst`](crate::NextStep::FixFirst).
    pub const MAX_SENDS: u32 = 10;

    /// The most waits for 06:00 ([`Retry::AfterNightWindow`],
    /// [`Retry::NextDay`]) for one message; the next such answer gives
    /// [`FixFirst`](crate::NextStep::FixFirst): a quota that never frees or a
    /// template refused night after night needs a person, and the message is
    /// days old.
    pub const MAX_WAITS: u32 = 3;

    /// The most token refreshes one message asks for. An access token lasts
    /// about 25 hours and a message lives at most
    /// [`MAX_AGE_SECS`](Self::MAX_AGE_SECS): a message can meet an expired
    /// token at most once a day of its life.
    pub const MAX_REFRESHES: u32 = 4;

    /// How long after its first answer a message may still be sent: 4 days.
    /// A retry, a wait or a resend after a refresh that would fall later gives
    /// [`FixFirst`](crate::NextStep::FixFirst).
    pub const MAX_AGE_SECS: u64 = 4 * 24 * 3600;

    /// No answer recorded yet: a message not sent.
    #[must_use]
    pub const fn new() -> Self {
        Attempts {
            first_answer: 0,
            sends: 0,
            refreshes: 0,
            transient_and_waits: 0,
            token_failure_hour: 0,
            deliver_by: NO_DEADLINE,
        }
    }

    /// No answer recorded yet, and a deadline of the sender's own: the
    /// message is worth sending by ZNS until `deliver_by` (an OTP valid five
    /// minutes), and after it only another way.
    ///
    /// Every decision keeps to it: a retry, a wait or a resend that would
    /// fall after it, or an answer that needs a person
    /// ([`FixFirst`](crate::NextStep::FixFirst)), gives
    /// [`OtherChannel`](crate::NextStep::OtherChannel) with
    /// `suppress_recipient: false` instead: send it by SMS now, while it is
    /// worth sending. A recipient who cannot get ZNS at all is still
    /// suppressed. The instant is kept to the second, rounded down, so the
    /// message is never sent later than asked. The decision is made when the
    /// sender asks: a queue that runs late, or a slow SMS call, comes after
    /// it, so give a deadline with your own margin before the OTP expires.
    ///
    /// ```
    /// use std::time::{Duration, SystemTime};
    /// use zalo_zns_errors::{Attempts, NextStep, Retry};
    ///
    /// let now = SystemTime::now();
    /// let mut otp = Attempts::with_deliver_by(now + Duration::from_secs(5 * 60));
    /// // A 502: the retry in 30 seconds is still within the five minutes.
    /// assert!(matches!(Retry::Backoff.next_step(&mut otp, now), NextStep::RetryAt(_)));
    /// // The night window: 06:00 is too late for this OTP, so SMS now.
    /// assert_eq!(
    ///     Retry::AfterNightWindow.next_step(&mut otp, now),
    ///     NextStep::OtherChannel { suppress_recipient: false },
    /// );
    /// ```
    #[must_use]
    pub fn with_deliver_by(deliver_by: SystemTime) -> Self {
        let seconds = utc_seconds(deliver_by).clamp(i128::from(i64::MIN + 1), i128::from(i64::MAX));
        Attempts {
            // In range after the clamp: the cast keeps the value.
            deliver_by: seconds as i64,
            ..Attempts::new()
        }
    }

    /// The sender's own deadline for this message
    /// ([`with_deliver_by`](Self::with_deliver_by)), to the second; `None`
    /// when it set none.
    #[must_use]
    pub fn deliver_by(&self) -> Option<SystemTime> {
        if self.deliver_by == NO_DEADLINE {
            return None;
        }
        from_utc_seconds(i128::from(self.deliver_by))
    }

    /// Whether a send at `at` would be later than the sender's own deadline.
    pub(crate) fn too_late_at(&self, at: SystemTime) -> bool {
        self.deliver_by().is_some_and(|deliver_by| at > deliver_by)
    }

    /// How many answers were recorded (each send of the message gets one,
    /// a transport error included); saturates at 255.
    #[must_use]
    pub const fn sends(&self) -> u32 {
        self.sends as u32
    }

    /// How many transient answers ([`Retry::Backoff`]) were recorded;
    /// saturates at 15.
    #[must_use]
    pub const fn transient(&self) -> u32 {
        (self.transient_and_waits & NIBBLE_MAX) as u32
    }

    /// How many answers asked to wait for 06:00 ([`Retry::AfterNightWindow`],
    /// [`Retry::NextDay`]); saturates at 15.
    #[must_use]
    pub const fn waits(&self) -> u32 {
        (self.transient_and_waits >> 4) as u32
    }

    /// How many token failures ([`Retry::RefreshToken`]) were recorded;
    /// saturates at 255.
    #[must_use]
    pub const fn refreshes(&self) -> u32 {
        self.refreshes as u32
    }

    /// Whether the last answer recorded was a token failure.
    #[must_use]
    pub const fn after_token_failure(&self) -> bool {
        self.token_failure_hour != 0
    }

    /// Whether the last answer recorded was a token failure less than 24
    /// hours before `now`: a token failure now means a fresh token failed.
    pub(crate) fn token_failed_recently(&self, now: SystemTime) -> bool {
        self.token_failure_hour != 0
            && self
                .hour_of(now)
                .saturating_sub(self.token_failure_hour - 1)
                < FRESH_TOKEN_HOURS
    }

    /// Whole hours from the first answer to `now` (0 when `now` is earlier),
    /// saturating at [`MAX_HOUR`] so that one more fits in a `u8`.
    fn hour_of(&self, now: SystemTime) -> u8 {
        let since_first = utc_seconds(now) - i128::from(self.first_answer) * 60;
        // In range after the clamp: the cast keeps the value.
        (since_first / 3600).clamp(0, i128::from(MAX_HOUR)) as u8
    }

    /// The instant of the first answer, to the minute (rounded down); `None`
    /// before any answer, or when it was too far from 1970 to keep.
    #[must_use]
    pub fn first_answer(&self) -> Option<SystemTime> {
        if self.sends == 0 || self.first_answer == OUT_OF_RANGE {
            return None;
        }
        from_utc_seconds(i128::from(self.first_answer) * 60)
    }

    /// The latest instant at which the message may still be sent:
    /// [`MAX_AGE_SECS`](Self::MAX_AGE_SECS) after the first answer. `None`
    /// before any answer, or when it cannot be computed (then no decision
    /// retries the message).
    ///
    /// Every retry that [`Retry::next_step`] decides (with
    /// [`Policy::DEFAULT`](crate::Policy::DEFAULT)) falls by this instant; an
    /// [`OaState`](crate::OaState) decides with its own
    /// [`Policy::max_age`](crate::Policy::max_age) and says
    /// [`Expired`](crate::Clearance::Expired) past it. A sender that holds
    /// messages longer than it was told (a worker that was down) asks
    /// before sending one again, and reports a message past it instead of
    /// sending it days late.
    #[must_use]
    pub fn deadline(&self) -> Option<SystemTime> {
        self.deadline_after(Self::MAX_AGE_SECS)
    }

    /// The latest instant at which the message may still be sent when a
    /// message lives `max_age_secs` after its first answer.
    pub(crate) fn deadline_after(&self, max_age_secs: u64) -> Option<SystemTime> {
        if self.sends == 0 || self.first_answer == OUT_OF_RANGE {
            return None;
        }
        let first = i128::from(self.first_answer) * 60;
        from_utc_seconds(first + i128::from(max_age_secs))
    }

    /// Records a transient answer during the OA's outage, which the OA's
    /// circuit handles for every message at once: it spends no transient
    /// budget, and it is counted among the sends only below `max_sends` - 1,
    /// so that an outage alone never uses up a message's sends (the circuit
    /// bounds those, one probe at a time). The first answer always counts.
    pub(crate) fn record_outage(&mut self, now: SystemTime, max_sends: u32) {
        if self.sends == 0 {
            self.first_answer = minute_of(now);
        }
        if self.sends == 0 || u32::from(self.sends) + 1 < max_sends {
            self.sends = self.sends.saturating_add(1);
        }
        self.token_failure_hour = 0;
    }

    /// The minute of the first answer, to place the message in a spread.
    pub(crate) fn first_answer_minute(&self) -> i32 {
        self.first_answer
    }

    /// Records one answer of this policy, received at `now`.
    pub(crate) fn record(&mut self, retry: Retry, now: SystemTime) {
        if self.sends == 0 {
            self.first_answer = minute_of(now);
        }
        self.sends = self.sends.saturating_add(1);
        match retry {
            Retry::Backoff => self.add_transient(),
            Retry::RefreshToken => self.refreshes = self.refreshes.saturating_add(1),
            Retry::AfterNightWindow | Retry::NextDay => self.add_wait(),
            _ => {}
        }
        self.token_failure_hour = if retry == Retry::RefreshToken {
            self.hour_of(now) + 1
        } else {
            0
        };
    }

    fn add_transient(&mut self) {
        let transient = (self.transient() as u8).saturating_add(1).min(NIBBLE_MAX);
        self.transient_and_waits = (self.transient_and_waits & !NIBBLE_MAX) | transient;
    }

    fn add_wait(&mut self) {
        let waits = (self.waits() as u8).saturating_add(1).min(NIBBLE_MAX);
        self.transient_and_waits = (self.transient_and_waits & NIBBLE_MAX) | (waits << 4);
    }

    /// The counters as stored, for serde.
    #[cfg(feature = "serde")]
    fn stored(&self) -> Stored {
        Stored {
            sends: self.sends,
            transient: self.transient() as u8,
            waits: self.waits() as u8,
            refreshes: self.refreshes,
            token_failure_hour: (self.token_failure_hour != 0).then(|| self.token_failure_hour - 1),
            first_answer_minute: (self.sends > 0 && self.first_answer != OUT_OF_RANGE)
                .then_some(self.first_answer),
            deliver_by: (self.deliver_by != NO_DEADLINE).then_some(self.deliver_by),
        }
    }

    /// Counters read back from a store; an error says which value cannot be
    /// an `Attempts`.
    #[cfg(feature = "serde")]
    fn from_stored(stored: &Stored) -> Result<Attempts, String> {
        for (name, value) in [("transient", stored.transient), ("waits", stored.waits)] {
            if value > NIBBLE_MAX {
                return Err(format!(
                    "`{name}` is {value}, more than Attempts counts ({NIBBLE_MAX}): \
                     store what Attempts serialized"
                ));
            }
        }
        if stored.sends == 0 {
            for (name, value) in [
                ("transient", stored.transient),
                ("waits", stored.waits),
                ("refreshes", stored.refreshes),
            ] {
                if value != 0 {
                    return Err(format!(
                        "`{name}` is {value} but `sends` is 0: every answer counts as a send; \
                         store what Attempts serialized"
                    ));
                }
            }
            if let Some(hour) = stored.token_failure_hour {
                return Err(format!(
                    "`token_failure_hour` is {hour} but `sends` is 0: a message with no answer \
                     met no token failure; store what Attempts serialized"
                ));
            }
        }
        let counted =
            u32::from(stored.transient) + u32::from(stored.waits) + u32::from(stored.refreshes);
        if counted > u32::from(stored.sends) && stored.sends != u8::MAX {
            return Err(format!(
                "`transient` + `waits` + `refreshes` is {counted}, more than `sends` ({}): each \
                 answer counts as a send; store what Attempts serialized",
                stored.sends
            ));
        }
        let first_answer = match (stored.sends, stored.first_answer_minute) {
            (0, None) => 0,
            (0, Some(minute)) => {
                return Err(format!(
                    "`first_answer_minute` is {minute} but `sends` is 0: a message \
                     with no answer has no first answer; store what Attempts serialized"
                ));
            }
            (_, None) => OUT_OF_RANGE,
            (_, Some(OUT_OF_RANGE)) => {
                return Err(format!(
                    "`first_answer_minute` {OUT_OF_RANGE} is out of range; store what \
                     Attempts serialized"
                ));
            }
            (_, Some(minute)) => minute,
        };
        let token_failure_hour = match stored.token_failure_hour {
            None => 0,
            Some(hour) if hour <= MAX_HOUR => hour + 1,
            Some(hour) => {
                return Err(format!(
                    "`token_failure_hour` is {hour}, more than Attempts keeps ({MAX_HOUR}): \
                     store what Attempts serialized"
                ));
            }
        };
        let deliver_by = match stored.deliver_by {
            None => NO_DEADLINE,
            Some(NO_DEADLINE) => {
                return Err(format!(
                    "`deliver_by` {NO_DEADLINE} is out of range; store what Attempts serialized"
                ));
            }
            Some(seconds) => seconds,
        };
        Ok(Attempts {
            first_answer,
            sends: stored.sends,
            refreshes: stored.refreshes,
            transient_and_waits: stored.transient | (stored.waits << 4),
            token_failure_hour,
            deliver_by,
        })
    }
}

/// The counters with their names, as serde writes them.
#[cfg(feature = "serde")]
#[derive(serde::Serialize, serde::Deserialize)]
#[serde(rename = "Attempts", deny_unknown_fields)]
struct Stored {
    sends: u8,
    transient: u8,
    waits: u8,
    refreshes: u8,
    // Required although optional in value: a missing field is a store that
    // lost it, not a message without it.
    #[serde(deserialize_with = "Option::deserialize")]
    token_failure_hour: Option<u8>,
    #[serde(deserialize_with = "Option::deserialize")]
    first_answer_minute: Option<i32>,
    /// Absent from what 0.2 stored, which had no deadline of the sender's.
    #[serde(default)]
    deliver_by: Option<i64>,
}

/// Writes [`Attempts`] as a map of named counters:
/// `{"sends":2,"transient":1,"waits":0,"refreshes":1,"token_failure_hour":0,"first_answer_minute":29928123,"deliver_by":null}`
/// (`token_failure_hour`: when the last answer was a token failure, the
/// whole hours from the first answer to it, else `null`;
/// `first_answer_minute`: minutes since 1970-01-01 UTC, `null` before any
/// answer; `deliver_by`: the sender's own deadline in seconds since
/// 1970-01-01 UTC, `null` when it set none). A format that is not
/// self-describing writes the values in that order.
#[cfg(feature = "serde")]
impl serde::Serialize for Attempts {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serde::Serialize::serialize(&self.stored(), serializer)
    }
}

/// Reads [`Attempts`] as [`Serialize`](Attempts#impl-Serialize-for-Attempts)
/// wrote it.
///
/// # Errors
///
/// An unknown field; a missing field, except `deliver_by` (0.2 stored
/// none: it reads back as no deadline); a counter beyond what `Attempts`
/// counts; counts no sender could reach (answers counted with no send, more
/// answers of each kind than sends); or a first answer without any answer
/// recorded.
#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for Attempts {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let stored = <Stored as serde::Deserialize>::deserialize(deserializer)?;
        Attempts::from_stored(&stored).map_err(serde::de::Error::custom)
    }
}

/// The minute since 1970-01-01 UTC that `now` is in, or [`OUT_OF_RANGE`].
fn minute_of(now: SystemTime) -> i32 {
    match i32::try_from(utc_seconds(now).div_euclid(60)) {
        Ok(OUT_OF_RANGE) | Err(_) => OUT_OF_RANGE,
        Ok(minute) => minute,
    }
}
