//! [`Policy`]: every budget and interval the crate's decisions use, as one
//! value a sender can change.

use core::fmt;
use std::time::{Duration, SystemTime};

use crate::code::vocabulary::Retry;
use crate::sender::attempts::Attempts;
use crate::sender::next_step::NextStep;
use crate::sender::vietnam_time::{morning_of_next_day, next_morning};

/// The budgets and intervals behind every decision: how often a message is
/// retried, how long it lives, when a wait for 06:00 ends, when the OA's
/// circuit opens and how it probes, when the token is refreshed ahead of its
/// expiry.
///
/// [`Policy::DEFAULT`] is what [`Retry::next_step`](crate::Retry::next_step)
/// and [`OaState::new`](crate::OaState::new) use. To change a value, start
/// from the default and give the result to
/// [`OaState::with_policy`](crate::OaState::with_policy), which checks it:
///
/// ```
/// use std::time::Duration;
/// use zalo_zns_errors::{OaState, Policy};
///
/// let mut policy = Policy::DEFAULT;
/// policy.max_sends = 5;
/// policy.morning_margin = Duration::from_secs(5 * 60);
/// let oa = OaState::with_policy(policy).expect("a policy within its limits");
/// assert_eq!(oa.policy().max_sends, 5);
///
/// policy.max_sends = 1000;
/// let refused = OaState::with_policy(policy).unwrap_err();
/// assert!(refused.to_string().contains("max_sends"));
/// ```
///
/// The fields are public so that a sender can set the ones it needs; the
/// struct is `#[non_exhaustive]` because a later version may add a budget.
/// With the `serde` feature it is stored with the [`OaState`](crate::OaState)
/// it rules.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct Policy {
    /// How many times one message is retried after transient answers (a 5xx,
    /// a timeout, a body that is not ZNS JSON, a code whose policy is
    /// [`Retry::Backoff`](crate::Retry::Backoff)) outside an outage; the next
    /// transient answer gives [`FixFirst`](crate::NextStep::FixFirst).
    /// Default 3; at most 14.
    pub transient_retries: u32,
    /// The delay before the first of those retries. Default 30 seconds; from
    /// 1 second to 1 hour.
    pub first_transient_delay: Duration,
    /// By how much each retry's delay grows over the one before. Default 4
    /// (30 s, 2 min, 8 min); from 1 to 1,000.
    pub transient_growth: u32,
    /// How many times one message waits for 06:00 (the night window or a
    /// daily quota); the next such answer gives
    /// [`FixFirst`](crate::NextStep::FixFirst). Default 3; at most 14.
    pub max_waits: u32,
    /// How many token failures one message may meet and still be sent again.
    /// Default 4 (a token lasts about 25 hours, a message at most
    /// [`max_age`](Self::max_age)); at most 254.
    pub max_refreshes: u32,
    /// How many answers one message may get; an answer past it that would
    /// send the message again gives [`FixFirst`](crate::NextStep::FixFirst).
    /// Default 10; from 1 to 254.
    pub max_sends: u32,
    /// How long after its first answer a message may still be sent. Default
    /// 4 days; at least 1 minute, at most 10 days (the hours of a message's
    /// life are counted in a byte).
    pub max_age: Duration,
    /// How long after 06:00 Vietnam time a wait for the morning ends, so that
    /// a clock a little ahead of Zalo's does not meet the night window again.
    /// Default 2 minutes; at most 1 hour.
    pub morning_margin: Duration,
    /// Over how long a backlog released at one instant (06:00 plus the
    /// margin, the end of a pause, an outage's probe) is spread, so that
    /// Zalo does not get it in one second. Default 5 minutes; at most 1
    /// hour.
    pub spread: Duration,
    /// How many transient answers, at least, within
    /// [`circuit_window`](Self::circuit_window) open the OA's circuit (an
    /// outage), when they are also at least
    /// [`circuit_failure_percent`](Self::circuit_failure_percent) of the OA's
    /// last 64 answers in that window. Default 4; from 1 to
    /// [`transient_retries`](Self::transient_retries) + 1, so that a lone
    /// message in an outage opens the circuit before it spends its own
    /// retries. Stored by 0.3 as `circuit_threshold` (transient answers in a
    /// row), and read as this.
    #[cfg_attr(feature = "serde", serde(alias = "circuit_threshold"))]
    pub circuit_min_failures: u32,
    /// The share of the OA's recent answers, in percent, that must be
    /// transient to open the circuit. Default 50; from 1 to 100.
    #[cfg_attr(feature = "serde", serde(default = "default_failure_percent"))]
    pub circuit_failure_percent: u32,
    /// How far back the circuit looks: answers older than this leave its
    /// window, so that a quiet OA decides on its recent answers. Default 15
    /// minutes; at most 1 day, and at least the time a lone message takes
    /// to meet [`circuit_min_failures`](Self::circuit_min_failures)
    /// transient answers (with the defaults, 30 s + 2 min + 8 min).
    #[cfg_attr(feature = "serde", serde(default = "default_circuit_window"))]
    pub circuit_window: Duration,
    /// How long after the circuit opens the first probe goes out; the delay
    /// doubles after each probe that fails, up to
    /// [`max_probe_delay`](Self::max_probe_delay). The same delays space the
    /// tries of a refresh call that failed transiently. Default 30 seconds;
    /// from 1 second to 1 hour.
    pub first_probe_delay: Duration,
    /// The longest delay between two probes, or two tries of a refresh call.
    /// Default 5 minutes; at least [`first_probe_delay`](Self::first_probe_delay),
    /// at most 1 hour.
    pub max_probe_delay: Duration,
    /// How long a probe or a refresh call may go unanswered before the OA
    /// counts it as failed and may let another go out. Keep your HTTP
    /// client's timeout below it, or two refresh calls can spend one refresh
    /// token. Default 60 seconds; 1 second to 10 minutes.
    pub call_timeout: Duration,
    /// The share of a token's lifetime, in percent, left when a refresh is
    /// asked for ahead of the expiry (10: a 25-hour token is refreshed 2.5
    /// hours before it expires). 0 refreshes only after a token failure.
    /// Default 10; at most 90.
    pub refresh_ahead_percent: u32,
}

impl Policy {
    /// The defaults, as each field says.
    pub const DEFAULT: Policy = Policy {
        transient_retries: NextStep::BACKOFF_DELAYS.len() as u32,
        first_transient_delay: NextStep::BACKOFF_DELAYS[0],
        transient_growth: 4,
        max_waits: Attempts::MAX_WAITS,
        max_refreshes: Attempts::MAX_REFRESHES,
        max_sends: Attempts::MAX_SENDS,
        max_age: Duration::from_secs(Attempts::MAX_AGE_SECS),
        morning_margin: Duration::from_secs(2 * 60),
        spread: Duration::from_secs(5 * 60),
        circuit_min_failures: 4,
        circuit_failure_percent: 50,
        circuit_window: Duration::from_secs(15 * 60),
        first_probe_delay: Duration::from_secs(30),
        max_probe_delay: Duration::from_secs(5 * 60),
        call_timeout: Duration::from_secs(60),
        refresh_ahead_percent: 10,
    };

    /// Whether every value is within the limits its field states.
    ///
    /// # Errors
    ///
    /// The first value out of its limits, named, with the limits.
    pub fn check(&self) -> Result<(), PolicyError> {
        const SECOND: Duration = Duration::from_secs(1);
        const MINUTE: Duration = Duration::from_secs(60);
        const HOUR: Duration = Duration::from_secs(3600);
        let counts: [(&'static str, u32, u32, u32); 7] = [
            ("transient_retries", self.transient_retries, 0, 14),
            ("transient_growth", self.transient_growth, 1, 1000),
            ("max_waits", self.max_waits, 0, 14),
            ("max_refreshes", self.max_refreshes, 0, 254),
            ("max_sends", self.max_sends, 1, 254),
            ("circuit_min_failures", self.circuit_min_failures, 1, 255),
            (
                "circuit_failure_percent",
                self.circuit_failure_percent,
                1,
                100,
            ),
        ];
        for (field, value, min, max) in counts {
            if !(min..=max).contains(&value) {
                return Err(PolicyError::new(field, value.to_string(), min, max));
            }
        }
        if self.circuit_min_failures > self.transient_retries.saturating_add(1) {
            return Err(PolicyError::new(
                "circuit_min_failures",
                self.circuit_min_failures.to_string(),
                1,
                format!(
                    "transient_retries + 1 = {} (a lone message must open the circuit before it spends its retries)",
                    self.transient_retries.saturating_add(1)
                ),
            ));
        }
        if self.refresh_ahead_percent > 90 {
            return Err(PolicyError::new(
                "refresh_ahead_percent",
                self.refresh_ahead_percent.to_string(),
                0,
                90,
            ));
        }
        let durations = [
            (
                "first_transient_delay",
                self.first_transient_delay,
                SECOND,
                HOUR,
            ),
            ("max_age", self.max_age, MINUTE, 10 * 24 * HOUR),
            ("morning_margin", self.morning_margin, Duration::ZERO, HOUR),
            ("spread", self.spread, Duration::ZERO, HOUR),
            ("first_probe_delay", self.first_probe_delay, SECOND, HOUR),
            (
                "max_probe_delay",
                self.max_probe_delay,
                self.first_probe_delay,
                HOUR,
            ),
            ("call_timeout", self.call_timeout, SECOND, 10 * MINUTE),
            (
                "circuit_window",
                self.circuit_window,
                self.lone_message_span(),
                24 * HOUR,
            ),
        ];
        for (field, value, min, max) in durations {
            if !(min..=max).contains(&value) {
                return Err(PolicyError::new(
                    field,
                    format!("{value:?}"),
                    format!("{min:?}"),
                    format!("{max:?}"),
                ));
            }
        }
        Ok(())
    }

    /// How long a lone message takes from its first transient answer to
    /// its [`circuit_min_failures`](Self::circuit_min_failures)-th: the
    /// circuit's window must hold them all.
    fn lone_message_span(&self) -> Duration {
        (1..self.circuit_min_failures)
            .map(|nth| self.transient_delay(nth).unwrap_or(Duration::ZERO))
            .fold(Duration::ZERO, Duration::saturating_add)
    }

    /// The delay before the retry that follows the `nth` transient answer (1
    /// for the first), or `None` past the budget.
    pub(crate) fn transient_delay(&self, nth: u32) -> Option<Duration> {
        if nth == 0 || nth > self.transient_retries {
            return None;
        }
        let growth = self.transient_growth.saturating_pow(nth - 1);
        self.first_transient_delay.checked_mul(growth)
    }

    /// The delay before the probe (or refresh try) that follows the `nth`
    /// failure in a row (1 for the first).
    pub(crate) fn probe_delay(&self, nth: u32) -> Duration {
        let doubling = 1u32.checked_shl(nth.saturating_sub(1)).unwrap_or(u32::MAX);
        self.first_probe_delay
            .checked_mul(doubling)
            .map_or(self.max_probe_delay, |delay| {
                delay.min(self.max_probe_delay)
            })
    }

    /// The `slot`-th of [`SPREAD_SLOTS`] equal steps of
    /// [`spread`](Self::spread), counted round.
    pub(crate) fn spread_offset(&self, slot: u64) -> Duration {
        let slot = u32::try_from(slot % SPREAD_SLOTS).unwrap_or(0);
        self.spread / SPREAD_SLOTS as u32 * slot
    }

    /// The 06:00 Vietnam time a wait of this policy ends after: the next
    /// one for the night window, the next day's for a daily quota, each as
    /// Zalo's clock may read it when it is up to [`ZALO_CLOCK_BEHIND`]
    /// behind `now`. A quota answer at 00:20 by our clock may be
    /// yesterday's by Zalo's: wait for this day's 06:00, not the next. A
    /// night answer at 06:03 by our clock came before 06:00 by Zalo's: Zalo
    /// is behind by more than the 3 minutes since, so the wait ends at
    /// 06:00 plus twice that (then the margin and the spread), minutes
    /// rather than a day; each further night answer doubles it. `None` for
    /// other policies.
    pub(crate) fn morning(&self, retry: Retry, now: SystemTime) -> Option<SystemTime> {
        let zalo_now = now.checked_sub(ZALO_CLOCK_BEHIND)?;
        match retry {
            Retry::AfterNightWindow => {
                let six = next_morning(zalo_now)?;
                match now.duration_since(six) {
                    Ok(since_six) => six.checked_add(since_six.checked_mul(2)?),
                    Err(_) => Some(six),
                }
            }
            Retry::NextDay => morning_of_next_day(zalo_now),
            _ => None,
        }
    }

    /// `morning` plus the margin after 06:00, plus this message's place in
    /// the spread.
    pub(crate) fn after_morning(&self, morning: SystemTime, slot: u64) -> Option<SystemTime> {
        morning
            .checked_add(self.morning_margin)?
            .checked_add(self.spread_offset(slot))
    }
}

/// How far behind ours Zalo's clock is taken to be, at most, when an answer
/// that waits for 06:00 comes shortly after 06:00 (the night window) or
/// midnight (the daily quota) by our clock.
pub(crate) const ZALO_CLOCK_BEHIND: Duration = Duration::from_secs(3600);

/// How many places a spread has: messages released at one instant are due
/// at one of this many equal steps of [`Policy::spread`] (with the default,
/// one a second over five minutes).
pub(crate) const SPREAD_SLOTS: u64 = 300;

#[cfg(feature = "serde")]
fn default_failure_percent() -> u32 {
    Policy::DEFAULT.circuit_failure_percent
}

#[cfg(feature = "serde")]
fn default_circuit_window() -> Duration {
    Policy::DEFAULT.circuit_window
}

impl Default for Policy {
    fn default() -> Self {
        Policy::DEFAULT
    }
}

/// A [`Policy`] value out of its limits, from [`Policy::check`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PolicyError {
    field: &'static str,
    value: String,
    min: String,
    max: String,
}

impl PolicyError {
    fn new(field: &'static str, value: String, min: impl ToString, max: impl ToString) -> Self {
        PolicyError {
            field,
            value,
            min: min.to_string(),
            max: max.to_string(),
        }
    }

    /// The name of the field out of its limits.
    #[must_use]
    pub fn field(&self) -> &'static str {
        self.field
    }
}

impl fmt::Display for PolicyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Policy::{} is {}, outside {}..={}: set it within those limits (Policy::DEFAULT has a value that is)",
            self.field, self.value, self.min, self.max
        )
    }
}

impl std::error::Error for PolicyError {}
