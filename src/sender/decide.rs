//! The decisions for one message: [`Retry::next_step`] (and the same from
//! an [`ErrorCode`] or a [`Failure`]) within a [`Policy`]'s budgets, and
//! [`Retry::not_before`], the earliest instant a retry can succeed. They
//! live here, above the table's API and the policy, so that neither of
//! those imports the sender's decisions.

use std::time::SystemTime;

use crate::code::table::ErrorCode;
use crate::code::vocabulary::Retry;
use crate::response::body::Failure;
use crate::sender::attempts::Attempts;
use crate::sender::next_step::NextStep;
use crate::sender::policy::Policy;
use crate::sender::vietnam_time::{is_day, next_midnight, next_morning};

impl ErrorCode {
    /// Records that a message got this code as its answer at `now`, and
    /// decides what to do about it: the code's [`retry`](Self::retry) policy
    /// as one bounded decision over the message's whole life. See
    /// [`Retry::next_step`] for the rules and [`Attempts`] for the budgets.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use zalo_zns_errors::{Attempts, ErrorCode, NextStep};
    ///
    /// let now = SystemTime::now();
    /// for &code in ErrorCode::ALL {
    ///     let mut attempts = Attempts::new();
    ///     match code.next_step(&mut attempts, now) {
    ///         NextStep::RetryAt(when) => assert!(when > now),
    ///         NextStep::Done => assert!(code.is_success()),
    ///         _ => {}
    ///     }
    ///     assert_eq!(attempts.sends(), 1);
    /// }
    /// ```
    #[must_use]
    pub fn next_step(self, attempts: &mut Attempts, now: SystemTime) -> NextStep {
        self.retry().next_step(attempts, now)
    }
}

impl Failure {
    /// Records that a message got this failure as its answer at `now`, and
    /// decides what to do about it: [`Retry::next_step`] of
    /// [`retry`](Self::retry). For a code this version does not know,
    /// [`NextStep::FixFirst`]; for a success without `data`,
    /// [`NextStep::Done`] (the message was sent).
    #[must_use]
    pub fn next_step(&self, attempts: &mut Attempts, now: SystemTime) -> NextStep {
        self.retry().next_step(attempts, now)
    }
}

impl Retry {
    /// Records that the message got an answer with this policy at `now`, and
    /// decides what to do about it, given what `attempts` says happened
    /// before.
    ///
    /// - [`NotNeeded`](Retry::NotNeeded): [`Done`](NextStep::Done).
    /// - [`Backoff`](Retry::Backoff) (a transient failure; also how to record
    ///   a transport error or a body that is not ZNS JSON):
    ///   [`RetryAt`](NextStep::RetryAt) `now` + the delay of
    ///   [`BACKOFF_DELAYS`](NextStep::BACKOFF_DELAYS) for this message's
    ///   first, second and third transient answer; from the fourth on,
    ///   [`FixFirst`](NextStep::FixFirst): a failure that lasts that long is
    ///   not transient. Other answers between them do not reset the count.
    /// - [`RefreshToken`](Retry::RefreshToken): [`RefreshToken`](NextStep::RefreshToken),
    ///   unless the answer recorded just before was a token failure too, less
    ///   than 24 hours earlier (to the hour; a fresh token failed at once: the credentials
    ///   or the OA link are wrong), or the message already had
    ///   [`Attempts::MAX_REFRESHES`]: then [`FixFirst`](NextStep::FixFirst).
    ///   A token lasts about 25 hours, so a token failure a day after the
    ///   last one is a new expiry (the message waited, say, behind a paused
    ///   queue) and is refreshed.
    /// - [`AfterNightWindow`](Retry::AfterNightWindow): [`RetryAt`](NextStep::RetryAt)
    ///   the first 06:00 Vietnam time strictly after `now`, even when `now`
    ///   is already daytime: Zalo said it was night, its clock and yours can
    ///   differ, and a retry "now" would only repeat the failure.
    /// - [`NextDay`](Retry::NextDay): [`RetryAt`](NextStep::RetryAt) 06:00
    ///   Vietnam time on the day after `now`'s Vietnam day. The quota resets at
    ///   midnight, but a backlog sent at midnight lands in the night window
    ///   (22:00–06:00), where night-restricted templates fail and recipients
    ///   are woken.
    ///
    ///   Both wait at most [`Attempts::MAX_WAITS`] times for one message; the
    ///   next such answer gives [`FixFirst`](NextStep::FixFirst). Both
    ///   read `now` as Zalo's clock may, up to an hour behind ours: a quota
    ///   answer at 00:30 by our clock waits for this day's 06:00, and a night
    ///   answer in the hour after 06:00 by our clock (Zalo's clock still
    ///   before 06:00, behind by more than the time since) waits until 06:00
    ///   plus twice that time (06:03 waits for 06:06), minutes rather than a
    ///   day; each further night answer doubles it. An answer later in the
    ///   day waits for the next 06:00. Neither ends at 06:00:00 itself: the retry is the margin
    ///   later, so that a clock a minute ahead of Zalo's does not meet the
    ///   night window again, plus
    ///   the message's place in [`Policy::spread`] (the minute of its first
    ///   answer, counted in 300 steps of one second over five minutes), so
    ///   that a backlog does not reach Zalo in one second.
    /// - [`AfterFix`](Retry::AfterFix): [`FixFirst`](NextStep::FixFirst).
    /// - [`Never`](Retry::Never): [`OtherChannel`](NextStep::OtherChannel)
    ///   with `suppress_recipient: true`; [`OtherChannel`](Retry::OtherChannel):
    ///   with `suppress_recipient: false`.
    ///
    /// Whatever the policy, an answer that would send the message again
    /// gives [`FixFirst`](NextStep::FixFirst) once [`Attempts::sends`] has
    /// reached [`Attempts::MAX_SENDS`], or when the send would fall later
    /// than [`Attempts::MAX_AGE_SECS`] after the message's first answer. For
    /// a message with a deadline of its own ([`Attempts::with_deliver_by`]),
    /// a send that would fall after that deadline, and any
    /// [`FixFirst`](NextStep::FixFirst), give
    /// [`OtherChannel`](NextStep::OtherChannel) with `suppress_recipient:
    /// false` instead: send it another way while it is worth sending.
    ///
    /// These are the budgets of [`Policy::DEFAULT`]; an [`OaState`](crate::OaState)
    /// decides with the policy it was given.
    ///
    /// Vietnam time is UTC+7 all year. Where the instant to retry at would not
    /// fit in a `SystemTime` (a clock far outside any real date), the answer
    /// is [`FixFirst`](NextStep::FixFirst): never a retry that could loop.
    ///
    /// ```
    /// use std::time::{Duration, UNIX_EPOCH};
    /// use zalo_zns_errors::{Attempts, NextStep, Policy, Retry};
    ///
    /// // 2026-11-26 18:33 in Vietnam is 11:33 UTC.
    /// let evening = UNIX_EPOCH + Duration::from_secs(1_795_692_780);
    /// // 06:00 the next morning, although the local clock says it is day.
    /// let morning = evening + Duration::from_secs(11 * 3600 + 27 * 60);
    /// let earliest = morning + Policy::DEFAULT.morning_margin;
    /// let mut attempts = Attempts::new();
    /// let NextStep::RetryAt(when) = Retry::AfterNightWindow.next_step(&mut attempts, evening) else { panic!() };
    /// assert!(when >= earliest && when < earliest + Policy::DEFAULT.spread);
    /// // The same message gets the same place in the spread.
    /// assert_eq!(Retry::NextDay.next_step(&mut attempts, evening), NextStep::RetryAt(when));
    /// assert_eq!(attempts.waits(), 2);
    /// ```
    #[must_use]
    pub fn next_step(self, attempts: &mut Attempts, now: SystemTime) -> NextStep {
        Policy::DEFAULT.message_step(self, attempts, now, TokenRule::Message)
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

/// Who decides that a token failure needs a person.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum TokenRule {
    /// The message alone: a token failure right after another one (a fresh
    /// token failed at once) gives [`NextStep::FixFirst`].
    Message,
    /// The OA's state, which knows which token each send used: the message
    /// asks for a refresh within its budget, and the OA holds itself.
    Oa,
}

impl Policy {
    /// Records that a message got an answer with this policy at `now`, and
    /// decides what to do about it, within this policy's budgets.
    pub(crate) fn message_step(
        &self,
        retry: Retry,
        attempts: &mut Attempts,
        now: SystemTime,
        token_rule: TokenRule,
    ) -> NextStep {
        let fresh_token_failed =
            token_rule == TokenRule::Message && attempts.token_failed_recently(now);
        attempts.record(retry, now);
        let step = match retry {
            Retry::NotNeeded => return NextStep::Done,
            Retry::Backoff => self
                .transient_delay(attempts.transient())
                .and_then(|delay| now.checked_add(delay))
                .map(NextStep::RetryAt),
            Retry::RefreshToken => (!fresh_token_failed
                && attempts.refreshes() <= self.max_refreshes)
                .then_some(NextStep::RefreshToken),
            Retry::AfterNightWindow | Retry::NextDay if attempts.waits() > self.max_waits => None,
            Retry::AfterNightWindow | Retry::NextDay => self
                .morning(retry, now)
                .and_then(|morning| self.after_morning(morning, spread_slot(attempts)))
                .map(NextStep::RetryAt),
            Retry::AfterFix => None,
            Retry::Never => {
                return NextStep::OtherChannel {
                    suppress_recipient: true,
                };
            }
            Retry::OtherChannel => {
                return NextStep::OtherChannel {
                    suppress_recipient: false,
                };
            }
        };
        self.bounded(attempts, step, now)
    }

    /// `step` when it keeps within the limits every message has (its sends,
    /// its life, the sender's own deadline); otherwise
    /// [`NextStep::OtherChannel`] for a message with a deadline of its own,
    /// [`NextStep::FixFirst`] for any other. `None` is a step that needs a
    /// person.
    pub(crate) fn bounded(
        &self,
        attempts: &Attempts,
        step: Option<NextStep>,
        now: SystemTime,
    ) -> NextStep {
        let send_at = match step {
            Some(NextStep::RetryAt(when)) => Some(when),
            Some(_) => Some(now),
            None => None,
        };
        let within = send_at.is_some_and(|at| {
            attempts.sends() < self.max_sends
                && attempts
                    .deadline_after(self.max_age.as_secs())
                    .is_some_and(|deadline| at <= deadline)
                && !attempts.too_late_at(at)
        });
        match step {
            Some(step) if within => step,
            _ if attempts.deliver_by().is_some() => NextStep::OtherChannel {
                suppress_recipient: false,
            },
            _ => NextStep::FixFirst,
        }
    }
}

/// The message's place in a spread of messages released at one morning: the
/// minute of its first answer, so that a backlog that built up over minutes
/// is released over as many steps.
fn spread_slot(attempts: &Attempts) -> u64 {
    u64::from(attempts.first_answer_minute().unsigned_abs())
}
