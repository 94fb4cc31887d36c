//! What to do now about a message that a ZNS call answered: [`NextStep`], and
//! [`Retry::not_before`], the earliest instant a retry can succeed.

use std::time::{Duration, SystemTime};

use crate::Retry;
use crate::vietnam_time::{is_day, morning_of_next_day, next_midnight, next_morning};

/// What to do now about a message, decided in one call from the code's
/// [`Retry`] policy, how many times the message was sent, and the time:
/// [`ErrorCode::next_step`](crate::ErrorCode::next_step),
/// [`Failure::next_step`](crate::Failure::next_step) or [`Retry::next_step`].
///
/// Every answer is safe to act on unattended: a retry is always at a later
/// instant, retries of a transient failure stop after
/// [`BACKOFF_ATTEMPTS`](NextStep::BACKOFF_ATTEMPTS) sends, and a failure that
/// needs a person never asks for a retry. The same inputs always give the same
/// answer. What the failure blocks — the message, the recipient, the template
/// or the whole sender — is [`ErrorCode::scope`](crate::ErrorCode::scope).
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use zalo_zns_errors::{NextStep, Retry};
///
/// let now = SystemTime::now();
/// assert_eq!(Retry::Backoff.next_step(1, now), NextStep::RetryAt(now + Duration::from_secs(30)));
/// assert_eq!(Retry::Backoff.next_step(NextStep::BACKOFF_ATTEMPTS, now), NextStep::FixFirst);
/// assert_eq!(Retry::RefreshToken.next_step(1, now), NextStep::RefreshToken);
/// assert_eq!(Retry::RefreshToken.next_step(2, now), NextStep::FixFirst);
/// assert_eq!(Retry::Never.next_step(1, now), NextStep::OtherChannel { suppress_recipient: true });
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NextStep {
    /// The message was sent: nothing to do.
    Done,
    /// Send the same message again at this instant (add your own jitter: see
    /// [`BACKOFF_DELAYS`](NextStep::BACKOFF_DELAYS)).
    RetryAt(SystemTime),
    /// Get a new access token, then send the message again.
    RefreshToken,
    /// Send this message through another channel (SMS, e-mail) now. With
    /// `suppress_recipient`, also stop sending ZNS to this recipient: they
    /// must change something before ZNS can reach them (as a mail system
    /// suppresses an address after a hard bounce). Without it, ZNS may work
    /// for them later.
    OtherChannel {
        /// Whether to stop sending ZNS to this recipient.
        suppress_recipient: bool,
    },
    /// A person must change something (setup, template, payload, balance,
    /// permission) before a retry can succeed: do not retry; report it.
    FixFirst,
}

impl NextStep {
    /// How long to wait before each retry of a transient failure
    /// ([`Retry::Backoff`]): 30 seconds after the first send, 2 minutes after
    /// the second, 8 minutes after the third.
    ///
    /// The crate has no source of randomness, so that the same inputs always
    /// give the same answer. When many messages fail at once, spread their
    /// retries yourself, for example by a delay derived from the message:
    ///
    /// ```
    /// use std::hash::{DefaultHasher, Hash, Hasher};
    /// use std::time::{Duration, SystemTime};
    /// use zalo_zns_errors::{NextStep, Retry};
    ///
    /// let tracking_id = "order-1234";
    /// let mut hasher = DefaultHasher::new();
    /// tracking_id.hash(&mut hasher);
    /// // Up to half of the first delay, the same for the same message.
    /// let jitter = Duration::from_millis(hasher.finish() % 15_000);
    /// if let NextStep::RetryAt(when) = Retry::Backoff.next_step(1, SystemTime::now()) {
    ///     let _send_at = when + jitter;
    /// }
    /// ```
    pub const BACKOFF_DELAYS: [Duration; 3] = [
        Duration::from_secs(30),
        Duration::from_secs(2 * 60),
        Duration::from_secs(8 * 60),
    ];

    /// The most times a message that fails transiently is sent: the first
    /// send and one retry after each of [`BACKOFF_DELAYS`](Self::BACKOFF_DELAYS).
    /// From this many sends on, [`Retry::Backoff`] gives
    /// [`FixFirst`](NextStep::FixFirst).
    pub const BACKOFF_ATTEMPTS: u32 = Self::BACKOFF_DELAYS.len() as u32 + 1;
}

impl Retry {
    /// What to do now about a message whose code has this policy, after it
    /// was sent `attempt` times (1 after the first failure; 0 is read as 1).
    ///
    /// - [`NotNeeded`](Retry::NotNeeded): [`Done`](NextStep::Done).
    /// - [`Backoff`](Retry::Backoff): [`RetryAt`](NextStep::RetryAt) `now` +
    ///   [`BACKOFF_DELAYS`](NextStep::BACKOFF_DELAYS)`[attempt - 1]`, then
    ///   [`FixFirst`](NextStep::FixFirst) once `attempt` reaches
    ///   [`BACKOFF_ATTEMPTS`](NextStep::BACKOFF_ATTEMPTS): a failure that
    ///   lasts that long is not transient.
    /// - [`RefreshToken`](Retry::RefreshToken): [`RefreshToken`](NextStep::RefreshToken)
    ///   after the first send; from the second on, [`FixFirst`](NextStep::FixFirst):
    ///   a fresh token did not help, so the credentials or the OA link are
    ///   wrong. `attempt` counts every send of the message, whatever answered
    ///   the earlier ones, so a token failure on any later send is held for a
    ///   person rather than refreshed again: a refresh can never loop.
    /// - [`AfterNightWindow`](Retry::AfterNightWindow): [`RetryAt`](NextStep::RetryAt)
    ///   the first 06:00 Vietnam time strictly after `now`, even when `now`
    ///   is already daytime: Zalo said it was night, its clock and yours can
    ///   differ, and a retry "now" would only repeat the failure.
    /// - [`NextDay`](Retry::NextDay): [`RetryAt`](NextStep::RetryAt) 06:00
    ///   Vietnam time on the day after `now`'s Vietnam day. The quota resets at
    ///   midnight, but a backlog sent at midnight lands in the night window
    ///   (22:00–06:00), where night-restricted templates fail and recipients
    ///   are woken.
    /// - [`AfterFix`](Retry::AfterFix): [`FixFirst`](NextStep::FixFirst).
    /// - [`Never`](Retry::Never): [`OtherChannel`](NextStep::OtherChannel)
    ///   with `suppress_recipient: true`; [`OtherChannel`](Retry::OtherChannel):
    ///   with `suppress_recipient: false`.
    ///
    /// Vietnam time is UTC+7 all year. Where the instant to retry at would not
    /// fit in a `SystemTime` (a clock far outside any real date), the answer
    /// is [`FixFirst`](NextStep::FixFirst): never a retry that could loop.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use zalo_zns_errors::{NextStep, Retry};
    ///
    /// // 2026-11-26 18:33 in Vietnam is 11:33 UTC.
    /// let evening = UNIX_EPOCH + Duration::from_secs(1_795_692_780);
    /// // 06:00 the next morning, although the local clock says it is day.
    /// let morning = evening + Duration::from_secs(11 * 3600 + 27 * 60);
    /// assert_eq!(Retry::AfterNightWindow.next_step(1, evening), NextStep::RetryAt(morning));
    /// assert_eq!(Retry::NextDay.next_step(1, evening), NextStep::RetryAt(morning));
    /// ```
    #[must_use]
    pub fn next_step(self, attempt: u32, now: SystemTime) -> NextStep {
        let retry_at =
            |when: Option<SystemTime>| when.map_or(NextStep::FixFirst, NextStep::RetryAt);
        let attempt = attempt.max(1);
        match self {
            Retry::NotNeeded => NextStep::Done,
            Retry::Backoff => match NextStep::BACKOFF_DELAYS.get(attempt as usize - 1) {
                Some(&delay) => retry_at(now.checked_add(delay)),
                None => NextStep::FixFirst,
            },
            Retry::RefreshToken if attempt == 1 => NextStep::RefreshToken,
            Retry::RefreshToken | Retry::AfterFix => NextStep::FixFirst,
            Retry::AfterNightWindow => retry_at(next_morning(now)),
            Retry::NextDay => retry_at(morning_of_next_day(now)),
            Retry::Never => NextStep::OtherChannel {
                suppress_recipient: true,
            },
            Retry::OtherChannel => NextStep::OtherChannel {
                suppress_recipient: false,
            },
        }
    }

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
    ///   [`Never`](Retry::Never), [`OtherChannel`](Retry::OtherChannel): `None`.
    ///
    /// This is a bound, not a schedule: to decide what to do with a failed
    /// message, use [`next_step`](Retry::next_step), which differs on
    /// purpose. After [`AfterNightWindow`](Retry::AfterNightWindow) it waits
    /// for the next 06:00 even in the daytime (Zalo judged it night; a retry
    /// at `now` would fail again, and again), and after
    /// [`NextDay`](Retry::NextDay) it waits for 06:00 rather than midnight, so
    /// that a backlog is not sent into the night window.
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
            Retry::AfterNightWindow if is_day(now) => Some(now),
            Retry::AfterNightWindow => next_morning(now),
            Retry::NextDay => next_midnight(now),
            Retry::NotNeeded | Retry::AfterFix | Retry::Never | Retry::OtherChannel => None,
        }
    }
}
