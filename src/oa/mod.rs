//! [`OaState`]: what one Official Account's sender knows about the OA as a
//! whole — its token and the refresh in flight, an outage's circuit, a pause
//! for the OA's quota, a hold for a person — and the decisions that follow,
//! before each send and after each answer.

mod answer;
mod circuit;
mod hold;
mod instant;
#[cfg(feature = "serde")]
mod stored;
mod token;

use std::time::SystemTime;

pub use answer::Answer;
pub use hold::{Hold, HoldReason};

use crate::next_step::TokenRule;
use crate::{Attempts, NextStep, Policy, PolicyError, RefreshOutcome, Retry, Scope};
use circuit::Circuit;
use instant::{instant, millis, span};
use token::{Refresh, Token};

/// How soon a message held by a refresh in flight asks again: a refresh
/// answers in about a second, and asking costs the sender no request.
const POLL_MILLIS: i64 = 1000;

/// What one OA's sender knows about the OA as a whole, and the decisions
/// that follow: whether a message may go out now ([`before_send`](Self::before_send)),
/// and what to do after its answer ([`record`](Self::record)).
///
/// The failures that stop a bulk sender hit every message at once, so they
/// are decided here once for the OA, not by each message alone:
///
/// - **The token.** Each send goes out with a [`Permit`] naming the token it
///   used, so that a token failure is tied to that token. One caller at a
///   time is told to refresh it ([`Clearance::Refresh`]), ahead of its expiry
///   when the lifetime is known ([`Policy::refresh_ahead_percent`]) or after
///   the first token failure; a refresh that fails for want of an answer is
///   tried again at growing delays, never two at once; one that Zalo refuses
///   holds the OA until it is authorised again. A token that fails right
///   after a refresh gave it holds the OA once: the app's credentials or its
///   link to the OA are wrong.
/// - **An outage.** [`Policy::circuit_threshold`] transient answers in a row
///   across the OA open a circuit: sends pause, and one probe at a time goes
///   out, [`Policy::first_probe_delay`] after the opening, doubling up to
///   [`Policy::max_probe_delay`]. Any answer from Zalo that is not transient
///   closes it. Messages answered during the outage spend none of their
///   transient budget on it, and messages held back are not sends. A lone
///   502 among successes costs only that message a retry.
/// - **The OA's own limits.** An answer that waits with scope `sender` (the
///   OA's daily quota) pauses the OA until 06:00 plus
///   [`Policy::morning_margin`], once; an answer that needs a person with
///   scope `sender` holds the OA with that code ([`Hold`]).
/// - **Each message's limits.** Its [`Attempts`] budgets, its life, and a
///   deadline of its own ([`Attempts::with_deliver_by`]): a message that
///   cannot go out by its deadline is sent another way
///   ([`Clearance::OtherChannel`]).
///
/// A backlog released at one instant (a morning, the end of a pause or an
/// outage) is spread over [`Policy::spread`]: each message told to wait is
/// given the next of 300 equal steps of it, in the order they asked.
///
/// It is sans-IO: no clock is read, nothing is sent, no thread or
/// randomness; time and answers come in, decisions go out, and the same
/// inputs give the same decisions. Keep one per OA, shared by its workers
/// behind one lock (`Mutex<OaState>`), and hold the lock only to ask and to
/// record, not during a call. With the `serde` feature it is stored (JSON or
/// a binary format) so that a restarted sender resumes where it stood.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use zalo_zns_errors::{Answer, Attempts, Clearance, NextStep, OaState, RefreshOutcome};
///
/// // The OA sends with the token it has, of unknown age.
/// let mut oa = OaState::new();
/// let now = SystemTime::now();
/// let mut message = Attempts::new();
/// let Clearance::Send(permit) = oa.before_send(&message, now) else { panic!() };
/// // Zalo answered -124: the token the message was sent with is dead.
/// let step = oa.record(permit, Answer::Code(-124), &mut message, now);
/// assert_eq!(step, NextStep::RefreshToken);
/// // The next caller is the one to refresh; everyone else waits for it.
/// let Clearance::Refresh(ticket) = oa.before_send(&message, now) else { panic!() };
/// assert!(matches!(oa.before_send(&Attempts::new(), now), Clearance::WaitUntil(_)));
/// let granted = RefreshOutcome::Granted { expires_in: Some(Duration::from_secs(90_000)) };
/// let new_token = oa.record_refresh(ticket, granted, now).expect("a new token");
/// let Clearance::Send(resend) = oa.before_send(&message, now) else { panic!() };
/// assert_eq!(resend.token(), new_token);
/// assert_ne!(resend.token(), permit.token());
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "stored::Unchecked"))]
pub struct OaState {
    policy: Policy,
    token: Token,
    refresh: Refresh,
    circuit: Circuit,
    /// Until when the OA's own limit pauses every message (ms since 1970).
    #[cfg_attr(feature = "serde", serde(rename = "paused_until_ms"))]
    paused_until: Option<i64>,
    hold: Option<Hold>,
    /// How many waits were given: each one's place in the spread.
    waits_given: u64,
}

/// Whether a message may go out now, from [`OaState::before_send`].
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Clearance {
    /// Send the message now, with the OA's current token; give the permit
    /// back to [`OaState::record`] with the answer.
    Send(Permit),
    /// Do not send yet: ask again at this instant. Nothing was spent: the
    /// message's [`Attempts`] are as they were.
    WaitUntil(SystemTime),
    /// You are the one caller to refresh the OA's token, now: call Zalo's
    /// refresh endpoint, report the outcome with
    /// [`OaState::record_refresh`] and this ticket, then ask again for the
    /// message. Every other caller is told to wait meanwhile.
    Refresh(RefreshTicket),
    /// The OA is held for a person ([`OaState::hold`] says why and what to
    /// do): keep the message until the OA is released.
    Held,
    /// The message's own deadline ([`Attempts::with_deliver_by`]) has passed,
    /// or the OA cannot send before it: send it another way now.
    OtherChannel,
    /// The message is older than [`Policy::max_age`] after its first answer:
    /// do not send it; report it.
    Expired,
}

/// Leave to send one message, naming the token it goes out with.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Permit {
    token: TokenId,
    probe: bool,
}

impl Permit {
    /// The token the message goes out with: send with the access token that
    /// [`OaState::token_granted`] or [`OaState::record_refresh`] gave this id
    /// (read it under the same lock as the permit).
    #[must_use]
    pub fn token(self) -> TokenId {
        self.token
    }

    /// Whether this send is the one probe of an outage.
    #[must_use]
    pub fn is_probe(self) -> bool {
        self.probe
    }
}

/// Which of the OA's access tokens: the one it started with, or one a grant
/// gave since. Store it beside the access token string.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TokenId(pub(crate) u32);

/// The right to one refresh call, given to one caller at a time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct RefreshTicket(pub(crate) u32);

/// What the gate in front of the network says, before the message's own
/// limits are applied.
enum Gate {
    Send(Permit),
    Wait(i64),
    Refresh(RefreshTicket),
}

impl OaState {
    /// An OA with [`Policy::DEFAULT`], sending with the token it has (of
    /// unknown age until [`token_granted`](Self::token_granted) says).
    #[must_use]
    pub fn new() -> Self {
        OaState {
            policy: Policy::DEFAULT,
            token: Token::initial(),
            refresh: Refresh::new(),
            circuit: Circuit::closed(),
            paused_until: None,
            hold: None,
            waits_given: 0,
        }
    }

    /// An OA ruled by `policy`.
    ///
    /// # Errors
    ///
    /// The first value of `policy` out of its limits ([`Policy::check`]).
    pub fn with_policy(policy: Policy) -> Result<Self, PolicyError> {
        policy.check()?;
        Ok(OaState {
            policy,
            ..OaState::new()
        })
    }

    /// The policy in force.
    #[must_use]
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Why the OA is held for a person, if it is.
    #[must_use]
    pub fn hold(&self) -> Option<&Hold> {
        self.hold.as_ref()
    }

    /// The token sends go out with now.
    #[must_use]
    pub fn token(&self) -> TokenId {
        TokenId(self.token.id)
    }

    /// Whether an outage has opened the circuit.
    #[must_use]
    pub fn is_circuit_open(&self) -> bool {
        self.circuit.is_open()
    }

    /// Until when the OA's own limit (its daily quota) pauses every message.
    #[must_use]
    pub fn paused_until(&self) -> Option<SystemTime> {
        self.paused_until.and_then(instant)
    }

    /// How many refresh calls in a row failed for want of an answer.
    #[must_use]
    pub fn refresh_failures(&self) -> u32 {
        self.refresh.failures
    }

    /// Whether the message whose [`Attempts`] these are may go out now, and
    /// with which token.
    ///
    /// In this order: a message past its own deadline gets
    /// [`OtherChannel`](Clearance::OtherChannel), one past its life
    /// [`Expired`](Clearance::Expired); a held OA gives
    /// [`Held`](Clearance::Held) (or [`OtherChannel`](Clearance::OtherChannel)
    /// to a message with a deadline, which cannot wait for a person); a token
    /// to refresh gives one caller [`Refresh`](Clearance::Refresh) and makes
    /// the others wait while the token is unusable; a pause or an open
    /// circuit gives [`WaitUntil`](Clearance::WaitUntil), or the one probe
    /// [`Send`](Clearance::Send). A wait that would end after the message's
    /// deadline or life gives [`OtherChannel`](Clearance::OtherChannel) or
    /// [`Expired`](Clearance::Expired) at once.
    pub fn before_send(&mut self, attempts: &Attempts, now: SystemTime) -> Clearance {
        let life = attempts.deadline_after(self.policy.max_age.as_secs());
        let past_life = |at: SystemTime| life.is_some_and(|deadline| at > deadline);
        if attempts.too_late_at(now) {
            return Clearance::OtherChannel;
        }
        if past_life(now) {
            return Clearance::Expired;
        }
        if self.hold.is_some() {
            return if attempts.deliver_by().is_some() {
                Clearance::OtherChannel
            } else {
                Clearance::Held
            };
        }
        match self.gate(millis(now)) {
            Gate::Send(permit) => Clearance::Send(permit),
            Gate::Refresh(ticket) => Clearance::Refresh(ticket),
            Gate::Wait(until) => match instant(until) {
                Some(at) if attempts.too_late_at(at) => Clearance::OtherChannel,
                Some(at) if past_life(at) => Clearance::Expired,
                Some(at) => Clearance::WaitUntil(at),
                None => Clearance::Expired,
            },
        }
    }

    /// The OA's own answer for a send at `now`, in milliseconds.
    fn gate(&mut self, now: i64) -> Gate {
        if let Some(gate) = self.token_gate(now) {
            return gate;
        }
        match self.paused_until {
            Some(until) if now < until => return Gate::Wait(self.spread(until)),
            Some(_) => self.paused_until = None,
            None => {}
        }
        if self.circuit.is_open() {
            let call_timeout = span(self.policy.call_timeout);
            let policy = self.policy;
            match self
                .circuit
                .gate(now, call_timeout, |nth| span(policy.probe_delay(nth)))
            {
                circuit::Gate::Probe => {
                    return Gate::Send(Permit {
                        token: TokenId(self.token.id),
                        probe: true,
                    });
                }
                circuit::Gate::Wait(until) => return Gate::Wait(self.spread(until)),
            }
        }
        Gate::Send(Permit {
            token: TokenId(self.token.id),
            probe: false,
        })
    }

    /// Whether the token stops this send: a refresh to make now, or one to
    /// wait for.
    fn token_gate(&mut self, now: i64) -> Option<Gate> {
        if !self
            .token
            .refresh_due(now, self.policy.refresh_ahead_percent)
        {
            return None;
        }
        let unusable = self.token.unusable(now);
        let call_timeout = span(self.policy.call_timeout);
        let retry_delay = span(self.policy.probe_delay(self.refresh.failures + 1));
        match self.refresh.gate(now, call_timeout, retry_delay) {
            token::Gate::Refresh(ticket) => Some(Gate::Refresh(RefreshTicket(ticket))),
            token::Gate::Pending(until) if unusable => {
                Some(Gate::Wait(until.min(now.saturating_add(POLL_MILLIS))))
            }
            token::Gate::Later(until) if unusable => Some(Gate::Wait(until)),
            token::Gate::Pending(_) | token::Gate::Later(_) => None,
        }
    }

    /// `until` plus the next place in the spread.
    fn spread(&mut self, until: i64) -> i64 {
        let offset = span(self.policy.spread_offset(self.waits_given));
        self.waits_given = self.waits_given.wrapping_add(1);
        until.saturating_add(offset)
    }

    /// Records the answer to one send, for the OA and for the message, and
    /// decides what to do about the message. `permit` is the one
    /// [`before_send`](Self::before_send) gave for this send.
    ///
    /// For the OA: a success proves the token and closes the circuit; a
    /// transient answer counts toward an outage (or, during one, answers the
    /// probe); a token failure with the current token makes it due for a
    /// refresh (or holds the OA, when the token was fresh from a refresh and
    /// never worked); a wait with scope `sender` pauses the OA; a failure
    /// that needs a person with scope `sender` holds it.
    ///
    /// For the message: the step of its answer within the [`Policy`]'s
    /// budgets, as [`Retry::next_step`] decides it, except that a transient
    /// answer during an outage spends no transient budget (it is retried
    /// after the next probe), and a token failure asks for a refresh within
    /// [`Policy::max_refreshes`] (the OA, not the message, decides that a
    /// fresh token failed). [`NextStep::RefreshToken`] means: ask
    /// [`before_send`](Self::before_send) again; it says who refreshes.
    ///
    /// It does not allocate and does not panic.
    pub fn record(
        &mut self,
        permit: Permit,
        answer: Answer,
        attempts: &mut Attempts,
        now: SystemTime,
    ) -> NextStep {
        let now_ms = millis(now);
        let retry = answer.retry();
        if retry == Retry::Backoff {
            let policy = self.policy;
            let outage =
                self.circuit
                    .transient(now_ms, permit.probe, policy.circuit_threshold, |nth| {
                        span(policy.probe_delay(nth))
                    });
            if let Some(next_probe) = outage {
                attempts.record_outage(now, policy.max_sends);
                let at = instant(self.spread(next_probe));
                return self
                    .policy
                    .bounded(attempts, at.map(NextStep::RetryAt), now);
            }
            return self
                .policy
                .message_step(retry, attempts, now, TokenRule::Oa);
        }
        // Zalo answered: it is up.
        self.circuit.answered();
        if retry == Retry::NotNeeded {
            self.token.proven_by(permit.token.0);
        }
        // A token failure with the current token: due for a refresh, or a
        // fresh token refused at once, which holds the OA.
        if retry == Retry::RefreshToken
            && self.token.failed(permit.token.0, now_ms)
            && self.hold.is_none()
        {
            self.hold = Some(Hold {
                since: now,
                reason: HoldReason::FreshTokenRefused(answer.code().unwrap_or_default()),
            });
        }
        if answer.scope() == Scope::Sender {
            match retry {
                Retry::AfterFix if self.hold.is_none() => {
                    self.hold = Some(Hold {
                        since: now,
                        reason: HoldReason::Code(answer.code().unwrap_or_default()),
                    });
                }
                Retry::NextDay | Retry::AfterNightWindow => {
                    let morning = self.policy.morning(retry, now);
                    if let Some(resume) =
                        morning.and_then(|m| m.checked_add(self.policy.morning_margin))
                    {
                        let resume = millis(resume);
                        self.paused_until =
                            Some(self.paused_until.map_or(resume, |p| p.max(resume)));
                    }
                }
                _ => {}
            }
        }
        self.policy
            .message_step(retry, attempts, now, TokenRule::Oa)
    }

    /// Records what the refresh call that `ticket` allowed came to, and
    /// returns the id of the new token when Zalo gave one: store the new pair
    /// with that id before anyone sends with it.
    ///
    /// - [`Granted`](RefreshOutcome::Granted): the new token is current; with
    ///   its lifetime, the next refresh is asked for ahead of its expiry. A
    ///   grant is taken even from a ticket the OA had given up on: it is the
    ///   newest pair, and the refresh token before it is spent. It ends a
    ///   hold that only a new pair could fix.
    /// - [`Transient`](RefreshOutcome::Transient): tried again after
    ///   [`Policy::first_probe_delay`], doubling up to
    ///   [`Policy::max_probe_delay`], while the OA waits (if its token is
    ///   unusable) or goes on sending (if the refresh was ahead of expiry).
    /// - [`Refused`](RefreshOutcome::Refused): the OA is held until it is
    ///   authorised again ([`token_granted`](Self::token_granted)), with
    ///   Zalo's words.
    ///
    /// A failure or refusal for a ticket that is no longer the one in
    /// flight (its call outlived [`Policy::call_timeout`] and another was
    /// allowed, or a newer token was granted since) changes nothing.
    pub fn record_refresh(
        &mut self,
        ticket: RefreshTicket,
        outcome: RefreshOutcome,
        now: SystemTime,
    ) -> Option<TokenId> {
        let now_ms = millis(now);
        match outcome {
            RefreshOutcome::Granted { expires_in } => Some(self.grant(now, expires_in.map(span))),
            RefreshOutcome::Transient => {
                if self.refresh.awaits(ticket.0) {
                    let retry_delay = span(self.policy.probe_delay(self.refresh.failures + 1));
                    self.refresh.failed(now_ms, retry_delay);
                }
                None
            }
            RefreshOutcome::Refused(refused) => {
                if self.refresh.takes_refusal(ticket.0) {
                    self.refresh.settled();
                    self.token.dead = true;
                    self.hold = Some(Hold {
                        since: now,
                        reason: HoldReason::RefreshRefused(refused),
                    });
                }
                None
            }
        }
    }

    /// A new pair of tokens that did not come from a refresh ticket: the one
    /// the sender starts with, or the one a person got by authorising the OA
    /// again. Clears a hold that authorising fixes; returns the new token's
    /// id.
    pub fn token_granted(
        &mut self,
        now: SystemTime,
        expires_in: Option<std::time::Duration>,
    ) -> TokenId {
        self.grant(now, expires_in.map(span))
    }

    /// A new pair: the current token, and an end to a hold that only a new
    /// pair could fix.
    fn grant(&mut self, now: SystemTime, lifetime: Option<i64>) -> TokenId {
        self.token = self.token.next(millis(now), lifetime);
        self.refresh.settled();
        if self.hold.as_ref().is_some_and(Hold::needs_authorisation) {
            self.hold = None;
        }
        TokenId(self.token.id)
    }

    /// A person fixed what held the OA: it may send again. A token that was
    /// refused is refreshed first.
    pub fn release(&mut self) {
        if let Some(hold) = self.hold.take() {
            if hold.needs_authorisation() {
                self.token.dead = true;
            }
        }
    }
}

impl Default for OaState {
    fn default() -> Self {
        OaState::new()
    }
}
