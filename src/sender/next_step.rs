//! [`NextStep`]: what to do now about a message that a ZNS call answered,
//! and the delays of a transient failure's retries. The decisions that give
//! it are in `decide`.

use std::time::{Duration, SystemTime};

/// What to do now about a message, decided in one call from the code's
/// [`Retry`](crate::Retry) policy, what happened to the message so far
/// ([`Attempts`](crate::Attempts)) and the time:
/// [`ErrorCode::next_step`](crate::ErrorCode::next_step),
/// [`Failure::next_step`](crate::Failure::next_step) or
/// [`Retry::next_step`](crate::Retry::next_step).
///
/// Every answer is safe to act on unattended: a retry is always at a later
/// instant, each kind of failure has its own budget over the message's life
/// (see [`Attempts`](crate::Attempts)), no message is sent more than
/// [`Attempts::MAX_SENDS`](crate::Attempts::MAX_SENDS) times or later than
/// [`Attempts::MAX_AGE_SECS`](crate::Attempts::MAX_AGE_SECS) after its first
/// answer, and a failure that needs a person never asks for a retry. The
/// same state and inputs always give the same answer. What the failure
/// blocks — the message, the recipient, the template or the whole sender —
/// is [`ErrorCode::scope`](crate::ErrorCode::scope).
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use zalo_zns_errors::{Attempts, NextStep, Retry};
///
/// let now = SystemTime::now();
/// let mut attempts = Attempts::new();
/// assert_eq!(Retry::Backoff.next_step(&mut attempts, now), NextStep::RetryAt(now + Duration::from_secs(30)));
/// assert_eq!(Retry::RefreshToken.next_step(&mut attempts, now), NextStep::RefreshToken);
/// // The fresh token failed at once: the credentials are wrong.
/// assert_eq!(Retry::RefreshToken.next_step(&mut attempts, now), NextStep::FixFirst);
/// assert_eq!(
///     Retry::Never.next_step(&mut Attempts::new(), now),
///     NextStep::OtherChannel { suppress_recipient: true },
/// );
/// ```
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum NextStep {
    /// The message was sent: nothing to do.
    Done,
    /// Send the same message again at this instant (add your own jitter: see
    /// [`BACKOFF_DELAYS`](NextStep::BACKOFF_DELAYS)).
    RetryAt(SystemTime),
    /// Make sure the OA's access token is fresh, then send the message
    /// again.
    ///
    /// This is not "call the OAuth endpoint for this message": a refresh
    /// token can be used once, so one refresh must serve every message that
    /// met the expired token, and two refreshes racing lose the refresh token
    /// (then a person must authorise the OA again). An
    /// [`OaState`](crate::OaState) decides it: ask its
    /// [`before_send`](crate::OaState::before_send) again, and it tells one
    /// caller to refresh and the others to wait.
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
    /// ([`Retry::Backoff`](crate::Retry::Backoff)): 30 seconds after the message's first transient
    /// answer, 2 minutes after the second, 8 minutes after the third; the
    /// fourth gives [`FixFirst`](NextStep::FixFirst).
    ///
    /// The crate has no source of randomness, so that the same inputs always
    /// give the same answer. When many messages fail at once, spread their
    /// retries yourself, for example by a delay derived from the message:
    ///
    /// ```
    /// use std::hash::{DefaultHasher, Hash, Hasher};
    /// use std::time::{Duration, SystemTime};
    /// use zalo_zns_errors::{Attempts, NextStep, Retry};
    ///
    /// let tracking_id = "order-1234";
    /// let mut hasher = DefaultHasher::new();
    /// tracking_id.hash(&mut hasher);
    /// // Up to half of the first delay, the same for the same message.
    /// let jitter = Duration::from_millis(hasher.finish() % 15_000);
    /// let mut attempts = Attempts::new();
    /// if let NextStep::RetryAt(when) = Retry::Backoff.next_step(&mut attempts, SystemTime::now()) {
    ///     let _send_at = when + jitter;
    /// }
    /// ```
    pub const BACKOFF_DELAYS: [Duration; 3] = [
        Duration::from_secs(30),
        Duration::from_secs(2 * 60),
        Duration::from_secs(8 * 60),
    ];
}
