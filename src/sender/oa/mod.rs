//! [`OaState`]: what one Official Account's sender knows about the OA as a
//! whole — its token and the refresh in flight, an outage's circuit, a pause
//! for the OA's quota, a hold for a person — and the decisions that follow,
//! before each send and after each answer.

mod alert;
mod answer;
mod circuit;
mod hold;
mod instant;
#[cfg(feature = "serde")]
mod map_or_seq;
mod permit;
#[cfg(feature = "serde")]
mod stored;
mod template;
mod token;
mod window;
mod wording;

use std::time::{Duration, SystemTime};

pub use alert::{Alert, Pause, Resolution};
pub use answer::Answer;
pub use hold::{AuthoriseAgain, Hold, HoldReason};
pub use permit::{ForeignPermit, Permit, RefreshTicket, TokenId};
pub use template::TemplateHold;

use crate::code::vocabulary::Retry;
use crate::code::vocabulary::Scope;
use crate::sender::attempts::Attempts;
use crate::sender::decide::TokenRule;
use crate::sender::next_step::NextStep;
use crate::sender::oauth::RefreshOutcome;
use crate::sender::oauth::TokenGrant;
use crate::sender::policy::Policy;
use crate::sender::policy::PolicyError;
use alert::Untold;
use circuit::{Circuit, Rules, Transient};
use instant::{instant, millis, span};
use template::{MAX_HELD_TEMPLATES, TemplateName, TemplateRef, template_key};
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
///   tried again at growing delays, never two at once, whatever
///   [`Policy::call_timeout`] is. Zalo's refusal while the token still has
///   life alerts a person ([`AuthoriseAgain`]) and sending goes on until the
///   token fails or expires; then, or when the token is already unusable,
///   the OA is held until it is authorised again. A token that fails right
///   after a refresh gave it holds the OA once: the app's credentials or its
///   link to the OA are wrong (a token the sender restored at start-up,
///   [`token_restored`](Self::token_restored), is refreshed instead).
/// - **An outage.** The circuit decides on the failure rate of the OA's
///   recent calls, as resilience4j's circuit breaker does: it opens when, of
///   the last 64 answers within [`Policy::circuit_window`], at least
///   [`Policy::circuit_min_failures`] are transient and they are at least
///   [`Policy::circuit_failure_percent`] of them. Sporadic, unrelated
///   transient answers at a high rate never reach half of the window, while
///   an outage does within a second at 50 messages a second, and a quiet OA
///   (a message a minute) opens it before a message spends its transient
///   budget. Open, it pauses sends and lets one probe at a time out,
///   [`Policy::first_probe_delay`] after the opening, doubling up to
///   [`Policy::max_probe_delay`]; the probe's success closes it. Messages
///   answered during the outage spend none of their transient budget on it.
///   Each opening and closing starts a new period, and a permit is dated by
///   the period it was given in: a late answer to a permit of an earlier
///   period counts for its message (without spending its transient budget)
///   but does not move the circuit.
/// - **The OA's own limits.** An answer that waits with scope `sender` (the
///   OA's daily quota) pauses the OA until 06:00 plus
///   [`Policy::morning_margin`], once ([`end_pause`](Self::end_pause) ends
///   it when a person raised the quota); an answer that needs a person with
///   scope `sender` holds the OA with that code ([`Hold`]).
/// - **Each message's limits.** Its [`Attempts`] budgets, its life, and a
///   deadline of its own ([`Attempts::with_deliver_by`]): a message that
///   cannot go out by its deadline is sent another way
///   ([`Clearance::OtherChannel`]).
///
/// A backlog released at one instant (a morning, the end of a pause, an
/// outage's probe) is spread over [`Policy::spread`]: the messages told to
/// wait for one instant are given its 300 equal steps in the order they
/// asked, the first the instant itself (so an outage's first probe goes out
/// [`Policy::first_probe_delay`] after the opening).
///
/// A clock stepped back never stalls the OA longer than
/// [`Policy::call_timeout`] (a call in flight) or
/// [`Policy::max_probe_delay`] (a wait between tries).
///
/// It is sans-IO: no clock is read, nothing is sent, no thread; time and
/// answers come in, decisions go out, and the same inputs give the same
/// decisions. Keep one per OA, shared by its workers behind one lock
/// (`Mutex<OaState>`), and hold the lock only to ask and to record, not
/// during a call. What a person must be told (a hold, a template held, a
/// refusal to refresh, a pause), it keeps until
/// [`take_alerts`](Self::take_alerts) gives it, once. With the `serde`
/// feature it is stored (JSON or a binary format) so that a restarted sender
/// resumes where it stood; store it after every call that changes it.
///
/// ```
/// use std::time::{Duration, SystemTime};
/// use zalo_zns_errors::{Answer, Attempts, Clearance, NextStep, OaState, RefreshOutcome, RefreshRecorded, TokenGrant};
///
/// // The OA sends with the token it has, of unknown age.
/// let mut oa = OaState::new();
/// let now = SystemTime::now();
/// let mut message = Attempts::new();
/// let Clearance::Send(permit) = oa.before_send(&message, now) else { panic!() };
/// let old_token = permit.token();
/// // Zalo answered -124: the token the message was sent with is dead.
/// let step = oa.record(permit, Answer::Code(-124), &mut message, now).unwrap();
/// assert_eq!(step, NextStep::RefreshToken);
/// // The next caller is the one to refresh; everyone else waits for it.
/// let Clearance::Refresh(ticket) = oa.before_send(&message, now) else { panic!() };
/// assert!(matches!(oa.before_send(&Attempts::new(), now), Clearance::WaitUntil(_)));
/// let grant = TokenGrant::new("access", "refresh", Some(Duration::from_secs(90_000)));
/// let RefreshRecorded::NewPair { id, grant } = oa.record_refresh(ticket, RefreshOutcome::Granted(grant), now).unwrap()
/// else { panic!() };
/// // Store grant.access_token() and grant.refresh_token() under `id`, then send.
/// let Clearance::Send(resend) = oa.before_send(&message, now) else { panic!() };
/// assert_eq!(resend.token(), id);
/// assert_ne!(resend.token(), old_token);
/// # let _ = (grant, oa.give_back(resend));
/// ```
#[derive(Debug, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "stored::Unchecked"))]
pub struct OaState {
    /// Tells this OA's permits from another's.
    id: u64,
    policy: Policy,
    token: Token,
    refresh: Refresh,
    circuit: Circuit,
    /// Until when the OA's own limit pauses every message (ms since 1970).
    #[cfg_attr(feature = "serde", serde(rename = "paused_until_ms"))]
    paused_until: Option<i64>,
    hold: Option<Hold>,
    /// How many waits were given for the release instant `spread_for`:
    /// each one's place in its spread.
    waits_given: u64,
    #[cfg_attr(feature = "serde", serde(rename = "spread_for_ms"))]
    spread_for: Option<i64>,
    /// The templates held for a person, at most [`MAX_HELD_TEMPLATES`]
    /// (room for them all is kept, so that recording allocates nothing).
    held_templates: Vec<TemplateHold>,
    /// What a person has not been told yet.
    untold: Untold,
}

/// Whether a message may go out now, from [`OaState::before_send`]: what
/// the worker does before a send.
#[must_use = "a clearance says whether to send, wait, refresh or send another way"]
#[non_exhaustive]
#[derive(Debug, PartialEq, Eq, Hash)]
pub enum Clearance {
    /// Send the message now, with the OA's current token; give the permit
    /// back to [`OaState::record`] with the answer.
    Send(Permit),
    /// Do not send yet: ask again at this instant (always later than the
    /// instant asked at). Nothing was spent: the message's [`Attempts`] are
    /// as they were.
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

/// What a refresh call came to for the OA, from [`OaState::record_refresh`].
#[must_use = "a new pair must be stored before anyone sends with it"]
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshRecorded {
    /// The pair is the OA's current one: store both tokens under `id`
    /// before anyone sends with it (the refresh token before it is spent).
    NewPair {
        /// The id permits name for this access token.
        id: TokenId,
        /// The pair.
        grant: TokenGrant,
    },
    /// A pair for a ticket given before the newest pair (a late answer, or
    /// a call made before a person's new pair): the OA keeps the newer pair,
    /// so do not store this one over it.
    Superseded(TokenGrant),
    /// The call came to nothing; the OA tries again from this instant
    /// (whoever asks then gets the ticket).
    RetryFrom(SystemTime),
    /// Zalo refused while the current token still has life: a person must
    /// authorise the OA again (the alert says by when, in English and
    /// Vietnamese; [`OaState::take_alerts`] gives it once). Sending goes on
    /// with the current token; the OA is held when it fails or expires,
    /// unless the OA is authorised again first
    /// ([`OaState::token_granted`]).
    AuthoriseAgain(AuthoriseAgain),
    /// Zalo refused and the token is unusable: the OA is held until it is
    /// authorised again ([`OaState::hold`] says why).
    Held,
    /// An answer for a ticket no longer awaited (its call outlived
    /// [`Policy::call_timeout`], or a newer pair came since): it changed
    /// nothing.
    Ignored,
}

/// What the gate in front of the network says, before the message's own
/// limits are applied.
enum Gate {
    Send(Permit),
    Wait(i64),
    Refresh(RefreshTicket),
}

impl OaState {
    /// An OA with [`Policy::DEFAULT`], sending with the token it has (of
    /// unknown age until [`token_restored`](Self::token_restored) says).
    #[must_use]
    pub fn new() -> Self {
        OaState {
            id: permit::new_oa_id(),
            policy: Policy::DEFAULT,
            token: Token::initial(),
            refresh: Refresh::new(),
            circuit: Circuit::closed(),
            paused_until: None,
            hold: None,
            waits_given: 0,
            spread_for: None,
            held_templates: Vec::with_capacity(MAX_HELD_TEMPLATES),
            untold: Untold::default(),
        }
    }

    /// How many templates the state holds for a person at once; a failure
    /// that would hold one more holds the whole OA
    /// ([`HoldReason::TooManyTemplates`]).
    pub const MAX_HELD_TEMPLATES: usize = MAX_HELD_TEMPLATES;

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

    /// Changes the policy of a running state; what the OA knows (its token,
    /// its circuit, a pause, a hold) stays.
    ///
    /// # Errors
    ///
    /// The first value of `policy` out of its limits ([`Policy::check`]);
    /// the policy in force is then unchanged.
    pub fn set_policy(&mut self, policy: Policy) -> Result<(), PolicyError> {
        policy.check()?;
        self.policy = policy;
        Ok(())
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

    /// Zalo's refusal to refresh, while the current token still works: an
    /// admin of the OA must authorise it again before the token expires.
    #[must_use]
    pub fn authorise_again(&self) -> Option<AuthoriseAgain> {
        self.refresh.refused.as_ref().map(|refused| AuthoriseAgain {
            refused: refused.clone(),
            by: self.token.expiry(),
        })
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
        let now_ms = millis(now);
        self.hold_when_refused_token_ends(now_ms);
        if self.hold.is_some() {
            return if attempts.deliver_by().is_some() {
                Clearance::OtherChannel
            } else {
                Clearance::Held
            };
        }
        match self.gate(now_ms) {
            Gate::Send(permit) => Clearance::Send(permit),
            Gate::Refresh(ticket) => Clearance::Refresh(ticket),
            Gate::Wait(until) => match instant(until.max(now_ms.saturating_add(1))) {
                Some(at) if attempts.too_late_at(at) => Clearance::OtherChannel,
                Some(at) if past_life(at) => Clearance::Expired,
                Some(at) => Clearance::WaitUntil(at),
                None => Clearance::Expired,
            },
        }
    }

    /// [`before_send`](Self::before_send) for a message that uses
    /// `template` (Zalo's template id): while that template is held for a
    /// person ([`template_hold`](Self::template_hold)), the message is kept
    /// ([`Held`](Clearance::Held), or [`OtherChannel`](Clearance::OtherChannel)
    /// with a deadline) and the OA's other templates go on. The permit names
    /// the template, so that an answer that needs a person with scope
    /// `template` holds it, once, and [`take_alerts`](Self::take_alerts)
    /// tells it once.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use zalo_zns_errors::{Answer, Attempts, Clearance, ErrorCode, OaState, Retry, Scope};
    ///
    /// let not_approved = ErrorCode::ALL
    ///     .iter()
    ///     .find(|c| c.retry() == Retry::AfterFix && c.scope() == Scope::Template)
    ///     .unwrap();
    /// let mut oa = OaState::new();
    /// let now = SystemTime::now();
    /// let mut message = Attempts::new();
    /// let Clearance::Send(permit) = oa.before_send_template("203972", &message, now) else { panic!() };
    /// let _ = oa.record(permit, Answer::Code(not_approved.code()), &mut message, now);
    /// let hold = oa.template_hold("203972").expect("held");
    /// println!("{hold}\n{}", hold.vi());
    /// // That template's messages are kept; the others go on.
    /// assert_eq!(oa.before_send_template("203972", &Attempts::new(), now), Clearance::Held);
    /// assert!(matches!(oa.before_send_template("111111", &Attempts::new(), now), Clearance::Send(_)));
    /// assert!(oa.release_template("203972"));
    /// # let Clearance::Send(p) = oa.before_send_template("203972", &Attempts::new(), now) else { panic!() };
    /// # let _ = oa.give_back(p);
    /// ```
    pub fn before_send_template(
        &mut self,
        template: &str,
        attempts: &Attempts,
        now: SystemTime,
    ) -> Clearance {
        let key = template_key(template);
        if self.held_templates.iter().any(|hold| hold.template == key) {
            let past_life = attempts
                .deadline_after(self.policy.max_age.as_secs())
                .is_some_and(|deadline| now > deadline);
            return if attempts.deliver_by().is_some() {
                Clearance::OtherChannel
            } else if past_life {
                Clearance::Expired
            } else {
                Clearance::Held
            };
        }
        match self.before_send(attempts, now) {
            Clearance::Send(mut permit) => {
                permit.template = Some(TemplateRef {
                    key,
                    name: TemplateName::of(template),
                });
                Clearance::Send(permit)
            }
            other => other,
        }
    }

    /// Why `template` is held for a person, if it is.
    #[must_use]
    pub fn template_hold(&self, template: &str) -> Option<&TemplateHold> {
        let key = template_key(template);
        self.held_templates.iter().find(|hold| hold.template == key)
    }

    /// The templates held for a person, oldest first.
    pub fn held_templates(&self) -> impl Iterator<Item = &TemplateHold> {
        self.held_templates.iter()
    }

    /// A person fixed `template`: its messages may go again. Returns whether
    /// it was held.
    pub fn release_template(&mut self, template: &str) -> bool {
        let key = template_key(template);
        let held = self.held_templates.len();
        self.untold
            .templates_kept(self.held_templates.iter().map(|hold| hold.template != key));
        self.held_templates.retain(|hold| hold.template != key);
        self.held_templates.len() != held
    }

    /// An answer that needs a person, with scope `template`, for the
    /// template: that template is held, once; past the bound, the OA.
    fn hold_template(&mut self, template: TemplateRef, code: i32, now: i64) {
        if self
            .held_templates
            .iter()
            .any(|hold| hold.template == template.key)
        {
            return;
        }
        if self.held_templates.len() < MAX_HELD_TEMPLATES {
            self.untold.templates |= 1 << self.held_templates.len();
            self.held_templates.push(TemplateHold {
                template: template.key,
                name: template.name,
                code,
                since: now,
            });
        } else if self.hold.is_none() {
            self.hold_oa(Hold::new(now, HoldReason::TooManyTemplates(code)));
        }
    }

    /// Holds the OA for a person, to be told once.
    fn hold_oa(&mut self, hold: Hold) {
        self.hold = Some(hold);
        self.untold.hold = true;
    }

    /// What a person must be told, each thing once: a new hold of the OA, a
    /// template held, Zalo's refusal to refresh while the token still works
    /// (once until the OA is authorised again: a second refusal asks for
    /// nothing new), a pause for the OA's daily limit. Hand them on (in English with
    /// `Display`, in Vietnamese with [`Alert::vi`]); the next call gives
    /// only what happened since. A thing that ended before it was taken (a
    /// hold a person released already, a pause ended) is not given.
    ///
    /// They are stored with the state: store it after this call, in the
    /// same write as the alerts you hand on, and a restart neither repeats
    /// nor loses one.
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use zalo_zns_errors::{Alert, Answer, Attempts, Clearance, ErrorCode, OaState, Resolution, Retry, Scope};
    ///
    /// let not_approved = ErrorCode::ALL
    ///     .iter()
    ///     .find(|c| c.retry() == Retry::AfterFix && c.scope() == Scope::Template)
    ///     .unwrap();
    /// let (mut oa, now) = (OaState::new(), SystemTime::now());
    /// // Two messages of the template in flight, both refused.
    /// let mut permits = Vec::new();
    /// for _ in 0..2 {
    ///     let Clearance::Send(permit) = oa.before_send_template("203972", &Attempts::new(), now) else { panic!() };
    ///     permits.push(permit);
    /// }
    /// for permit in permits {
    ///     let _ = oa.record(permit, Answer::Code(not_approved.code()), &mut Attempts::new(), now);
    /// }
    /// let alerts = oa.take_alerts();
    /// let [Alert::TemplateHeld(hold)] = &alerts[..] else { panic!("{alerts:?}") };
    /// assert_eq!(hold.template(), Some("203972"));
    /// assert_eq!(alerts[0].resolution(), Resolution::ReleaseTemplate);
    /// println!("{}\n{}", alerts[0], alerts[0].vi());
    /// // Told once.
    /// assert!(oa.take_alerts().is_empty());
    /// ```
    #[must_use = "alerts are given once: hand them on"]
    pub fn take_alerts(&mut self) -> Vec<Alert> {
        let untold = core::mem::take(&mut self.untold);
        let mut alerts = Vec::new();
        if let Some(hold) = self.hold.as_ref().filter(|_| untold.hold) {
            alerts.push(Alert::OaHeld(hold.clone()));
        }
        if let Some(alert) = self.authorise_again().filter(|_| untold.authorise_again) {
            alerts.push(Alert::AuthoriseAgain(alert));
        }
        if let (Some(code), Some(until)) = (untold.pause, self.paused_until) {
            alerts.push(Alert::Paused(Pause { code, until }));
        }
        alerts.extend(
            self.held_templates
                .iter()
                .enumerate()
                .filter(|(i, _)| untold.templates & (1 << i) != 0)
                .map(|(_, hold)| Alert::TemplateHeld(*hold)),
        );
        alerts
    }

    /// Zalo refused to refresh while the token had life: once the token is
    /// unusable, the OA is held.
    fn hold_when_refused_token_ends(&mut self, now: i64) {
        if self.hold.is_none() && self.refresh.refused.is_some() && self.token.unusable(now) {
            if let Some(refused) = self.refresh.refused.take() {
                self.token.dead = true;
                self.hold_oa(Hold::new(now, HoldReason::RefreshRefused(refused)));
            }
        }
    }

    fn permit(&self, now: i64, probe: Option<u32>) -> Permit {
        Permit {
            oa: self.id,
            token: TokenId(self.token.id),
            period: self.circuit.period,
            probe,
            given: now,
            template: None,
        }
    }

    fn circuit_rules(&self) -> Rules {
        Rules::of(&self.policy)
    }

    /// The OA's own answer for a send at `now`, in milliseconds.
    fn gate(&mut self, now: i64) -> Gate {
        if let Some(gate) = self.token_gate(now) {
            return gate;
        }
        match self.paused_until {
            Some(until) if now < until => return Gate::Wait(self.spread(until)),
            Some(_) => {
                self.paused_until = None;
                self.untold.pause = None;
            }
            None => {}
        }
        if self.circuit.is_open() {
            let rules = self.circuit_rules();
            match self.circuit.gate(now, &rules) {
                circuit::Gate::Probe(number) => return Gate::Send(self.permit(now, Some(number))),
                circuit::Gate::Wait(until) => return Gate::Wait(self.spread(until)),
            }
        }
        Gate::Send(self.permit(now, None))
    }

    /// Whether the token stops this send: a refresh to make now, or one to
    /// wait for.
    fn token_gate(&mut self, now: i64) -> Option<Gate> {
        // Zalo refused to refresh: nothing to do but send while the token
        // lasts (a hold follows its end).
        if self.refresh.refused.is_some()
            || !self
                .token
                .refresh_due(now, self.policy.refresh_ahead_percent)
        {
            return None;
        }
        let unusable = self.token.unusable(now);
        let call_timeout = span(self.policy.call_timeout);
        let retry_delay = span(
            self.policy
                .probe_delay(self.refresh.failures.saturating_add(1)),
        );
        let longest_wait = span(self.policy.max_probe_delay);
        match self
            .refresh
            .gate(now, call_timeout, retry_delay, longest_wait)
        {
            token::Gate::Refresh(serial) => Some(Gate::Refresh(RefreshTicket {
                oa: self.id,
                serial,
                token: self.token.id,
            })),
            token::Gate::Pending(until) if unusable => {
                Some(Gate::Wait(until.min(now.saturating_add(POLL_MILLIS))))
            }
            token::Gate::Later(until) if unusable => Some(Gate::Wait(until)),
            token::Gate::Pending(_) | token::Gate::Later(_) => None,
        }
    }

    /// `until` plus the next place in its spread: the first wait given for
    /// an instant is the instant itself.
    fn spread(&mut self, until: i64) -> i64 {
        if self.spread_for != Some(until) {
            self.spread_for = Some(until);
            self.waits_given = 0;
        }
        let offset = span(self.policy.spread_offset(self.waits_given));
        self.waits_given = self.waits_given.wrapping_add(1);
        until.saturating_add(offset)
    }

    /// Records the answer to one send, for the OA and for the message, and
    /// decides what to do about the message. `permit` is the one
    /// [`before_send`](Self::before_send) gave for this send.
    ///
    /// For the OA: a success proves the token; an answer from Zalo counts as
    /// a success of the circuit's window (or, to the probe in flight, closes
    /// it); a transient answer counts as a failure (or fails the probe); a
    /// token failure with the current token makes it due for a refresh (or
    /// holds the OA, when the token was fresh from a grant and never worked,
    /// or Zalo already refused to refresh it); a wait with scope `sender`
    /// pauses the OA; a failure that needs a person with scope `sender`
    /// holds it. An answer to a permit of an earlier period of the circuit
    /// does not move the circuit.
    ///
    /// For the message: the step of its answer within the [`Policy`]'s
    /// budgets, as [`Retry::next_step`] decides it, except that a transient
    /// answer during an outage, or to a permit of an earlier period, spends
    /// no transient budget (it is retried after the next probe, or after
    /// [`Policy::first_transient_delay`]), and a token failure asks for a
    /// refresh within [`Policy::max_refreshes`] (the OA, not the message,
    /// decides that a fresh token failed). [`NextStep::RefreshToken`] means:
    /// ask [`before_send`](Self::before_send) again; it says who refreshes.
    ///
    /// It does not allocate and does not panic.
    ///
    /// # Errors
    ///
    /// [`ForeignPermit`] when another OA's state gave the permit: nothing
    /// was recorded, for the OA or the message.
    pub fn record(
        &mut self,
        permit: Permit,
        answer: Answer,
        attempts: &mut Attempts,
        now: SystemTime,
    ) -> Result<NextStep, ForeignPermit> {
        if permit.oa != self.id {
            return Err(ForeignPermit);
        }
        let now_ms = millis(now);
        let retry = answer.retry();
        if retry == Retry::Backoff {
            let rules = self.circuit_rules();
            let policy = self.policy;
            let retry_at = match self
                .circuit
                .transient(now_ms, permit.period, permit.probe, &rules)
            {
                Transient::Counted => {
                    return Ok(policy.message_step(retry, attempts, now, TokenRule::Oa));
                }
                Transient::Outage(next_probe) => instant(self.spread(next_probe)),
                Transient::Stale => now.checked_add(policy.first_transient_delay),
            };
            attempts.record_outage(now, policy.max_sends);
            return Ok(policy.bounded(attempts, retry_at.map(NextStep::RetryAt), now));
        }
        // Zalo answered: it is up.
        self.circuit.answered(now_ms, permit.period, permit.probe);
        if retry == Retry::NotNeeded {
            self.token.proven_by(permit.token.0);
        }
        if retry == Retry::RefreshToken && permit.token.0 == self.token.id {
            self.token_failed(now_ms, answer.code().unwrap_or_default());
        }
        if let (Some(template), Retry::AfterFix, Scope::Template) =
            (permit.template, retry, answer.scope())
        {
            self.hold_template(template, answer.code().unwrap_or_default(), now_ms);
        }
        if answer.scope() == Scope::Sender {
            match retry {
                Retry::AfterFix if self.hold.is_none() => {
                    self.hold_oa(Hold::new(
                        now_ms,
                        HoldReason::Code(answer.code().unwrap_or_default()),
                    ));
                }
                Retry::NextDay | Retry::AfterNightWindow => {
                    let morning = self.policy.morning(retry, now);
                    if let Some(resume) =
                        morning.and_then(|m| m.checked_add(self.policy.morning_margin))
                    {
                        let resume = millis(resume);
                        match self.paused_until {
                            // The same pause, longer: told already, or to be.
                            Some(until) if until > now_ms => {
                                self.paused_until = Some(until.max(resume));
                            }
                            _ => {
                                self.paused_until = Some(resume);
                                self.untold.pause = Some(answer.code().unwrap_or_default());
                            }
                        }
                    }
                }
                _ => {}
            }
        }
        Ok(self
            .policy
            .message_step(retry, attempts, now, TokenRule::Oa))
    }

    /// The current token failed at `now` with `code`: due for a refresh; or
    /// a hold, when Zalo already refused to refresh it, or when it was fresh
    /// from a grant and never worked.
    fn token_failed(&mut self, now: i64, code: i32) {
        if self.hold.is_some() {
            self.token.dead = true;
            return;
        }
        if let Some(refused) = self.refresh.refused.take() {
            self.token.dead = true;
            self.hold_oa(Hold::new(now, HoldReason::RefreshRefused(refused)));
            return;
        }
        if self.token.failed(self.token.id, now) {
            self.hold_oa(Hold::new(now, HoldReason::FreshTokenRefused(code)));
        }
    }

    /// Gives back a permit whose message was not sent after all (the worker
    /// stopped, the message was cancelled): an outage's probe may go out
    /// again at once, and nothing counts as failed.
    ///
    /// # Errors
    ///
    /// [`ForeignPermit`] when another OA's state gave the permit.
    pub fn give_back(&mut self, permit: Permit) -> Result<(), ForeignPermit> {
        if permit.oa != self.id {
            return Err(ForeignPermit);
        }
        self.circuit.given_back(permit.period, permit.probe);
        Ok(())
    }

    /// Gives back a refresh ticket whose call was not made: another caller
    /// may refresh at once.
    ///
    /// # Errors
    ///
    /// [`ForeignPermit`] when another OA's state gave the ticket.
    pub fn give_back_ticket(&mut self, ticket: RefreshTicket) -> Result<(), ForeignPermit> {
        if ticket.oa != self.id {
            return Err(ForeignPermit);
        }
        self.refresh.given_back(ticket.serial);
        Ok(())
    }

    /// Records what the refresh call that `ticket` allowed came to, and says
    /// what to do: store a new pair, alert a person, or nothing. Read the
    /// outcome from the call's HTTP status and body with
    /// `RefreshOutcome::from_http` (with the `serde` feature);
    /// a transport error or a timeout is [`RefreshOutcome::Transient`].
    ///
    /// - [`Granted`](RefreshOutcome::Granted): for a ticket given after the
    ///   newest pair's (a grant's ticket, or a person's
    ///   [`token_granted`](Self::token_granted)), the pair is current, its
    ///   lifetime asks for the next refresh ahead of its expiry, and a hold
    ///   that only a new pair could fix ends ([`RefreshRecorded::NewPair`]);
    ///   for any other ticket (a late grant, or a call made before a person's
    ///   new pair), [`RefreshRecorded::Superseded`].
    /// - [`Transient`](RefreshOutcome::Transient): tried again after
    ///   [`Policy::first_probe_delay`], doubling up to
    ///   [`Policy::max_probe_delay`], while the OA waits (if its token is
    ///   unusable) or goes on sending (if the refresh was ahead of expiry).
    /// - [`Refused`](RefreshOutcome::Refused): while the current token still
    ///   has life, [`RefreshRecorded::AuthoriseAgain`] (sending goes on);
    ///   otherwise the OA is held until it is authorised again
    ///   ([`token_granted`](Self::token_granted)), with Zalo's words.
    ///
    /// A failure or refusal for a ticket that is no longer the one in
    /// flight (its call outlived [`Policy::call_timeout`] and another was
    /// allowed, or a newer pair came since) changes nothing
    /// ([`RefreshRecorded::Ignored`]); so does a refusal of a call made
    /// with a token that a newer one replaced since. A call still in flight
    /// when a grant for an earlier ticket comes stays counted until it
    /// answers or outlives its time: no second refresh call goes out beside
    /// it.
    ///
    /// # Errors
    ///
    /// [`ForeignPermit`] when another OA's state gave the ticket: nothing was
    /// recorded.
    pub fn record_refresh(
        &mut self,
        ticket: RefreshTicket,
        outcome: RefreshOutcome,
        now: SystemTime,
    ) -> Result<RefreshRecorded, ForeignPermit> {
        if ticket.oa != self.id {
            return Err(ForeignPermit);
        }
        let now_ms = millis(now);
        let superseded = self.refresh.superseded(ticket.serial);
        Ok(match outcome {
            RefreshOutcome::Granted(grant) => {
                if superseded {
                    return Ok(RefreshRecorded::Superseded(grant));
                }
                self.refresh.granted(ticket.serial);
                let id = self.new_token(now_ms, grant.expires_in().map(span));
                RefreshRecorded::NewPair { id, grant }
            }
            RefreshOutcome::Transient => {
                if superseded || !self.refresh.awaits(ticket.serial) {
                    return Ok(RefreshRecorded::Ignored);
                }
                let retry_delay = span(
                    self.policy
                        .probe_delay(self.refresh.failures.saturating_add(1)),
                );
                self.refresh.failed(now_ms, retry_delay);
                instant(now_ms.saturating_add(retry_delay))
                    .map_or(RefreshRecorded::Ignored, RefreshRecorded::RetryFrom)
            }
            RefreshOutcome::Refused(refused) => {
                if superseded {
                    return Ok(RefreshRecorded::Ignored);
                }
                if ticket.token != self.token.id {
                    // Made with a pair replaced since: the refusal says
                    // nothing of the current one, and the call is over.
                    self.refresh.given_back(ticket.serial);
                    return Ok(RefreshRecorded::Ignored);
                }
                if !self.refresh.takes_refusal(ticket.serial) {
                    return Ok(RefreshRecorded::Ignored);
                }
                self.refresh.settled();
                if self.token.unusable(now_ms) || self.hold.is_some() {
                    self.token.dead = true;
                    if self.hold.is_none() {
                        self.hold_oa(Hold::new(now_ms, HoldReason::RefreshRefused(refused)));
                    }
                    RefreshRecorded::Held
                } else {
                    // A second refusal asks the person for nothing new.
                    if self.refresh.refused.is_none() {
                        self.untold.authorise_again = true;
                    }
                    self.refresh.refused = Some(refused.clone());
                    RefreshRecorded::AuthoriseAgain(AuthoriseAgain {
                        refused,
                        by: self.token.expiry(),
                    })
                }
            }
        })
    }

    /// [`record_refresh`](Self::record_refresh) from what the HTTP client
    /// has: the refresh call's status and body, or its transport error (a
    /// timeout, a reset connection), read once with
    /// `RefreshOutcome::from_http` (with the `serde` feature).
    ///
    /// ```
    /// use std::time::SystemTime;
    /// use zalo_zns_errors::{Answer, Attempts, Clearance, ErrorCode, OaState, RefreshRecorded, Retry};
    ///
    /// let token_failure = ErrorCode::ALL.iter().find(|c| c.retry() == Retry::RefreshToken).unwrap();
    /// let (mut oa, now) = (OaState::new(), SystemTime::now());
    /// let Clearance::Send(permit) = oa.before_send(&Attempts::new(), now) else { panic!() };
    /// let _ = oa.record(permit, Answer::Code(token_failure.code()), &mut Attempts::new(), now);
    /// let Clearance::Refresh(ticket) = oa.before_send(&Attempts::new(), now) else { panic!() };
    /// let reply: Result<(u16, String), std::io::Error> =
    ///     Ok((200, r#"{"access_token":"a","refresh_token":"r","expires_in":"90000"}"#.to_owned()));
    /// let Ok(RefreshRecorded::NewPair { id, grant }) = oa.refresh_answered(ticket, reply, now) else { panic!() };
    /// assert_eq!((oa.token(), grant.refresh_token()), (id, "r"));
    /// ```
    ///
    /// # Errors
    ///
    /// [`ForeignPermit`] when another OA's state gave the ticket.
    #[cfg(feature = "serde")]
    pub fn refresh_answered<B: AsRef<str>, E>(
        &mut self,
        ticket: RefreshTicket,
        reply: Result<(u16, B), E>,
        now: SystemTime,
    ) -> Result<RefreshRecorded, ForeignPermit> {
        let outcome = match reply {
            Ok((status, body)) => RefreshOutcome::from_http(status, body.as_ref()),
            Err(_) => RefreshOutcome::Transient,
        };
        self.record_refresh(ticket, outcome, now)
    }

    /// A new pair of tokens that a person got by authorising the OA again:
    /// it is current, every refresh ticket given before is superseded, and a
    /// hold that authorising fixes ends. Returns the new token's id.
    pub fn token_granted(&mut self, now: SystemTime, expires_in: Option<Duration>) -> TokenId {
        self.refresh.supersede_all();
        let lifetime = expires_in
            .filter(|lifetime| !lifetime.is_zero())
            .map(|lifetime| {
                span(lifetime.clamp(TokenGrant::MIN_LIFETIME, TokenGrant::MAX_LIFETIME))
            });
        self.new_token(millis(now), lifetime)
    }

    /// The pair a sender starts with, restored from its own store, and when
    /// its access token expires, if known. It is current; it is not taken
    /// for a fresh grant (its failure is an expiry, refreshed, never wrong
    /// credentials), and a hold stays: a person's new pair is
    /// [`token_granted`](Self::token_granted). One that has expired already
    /// is refreshed before any send. Returns its id.
    pub fn token_restored(&mut self, now: SystemTime, expires_at: Option<SystemTime>) -> TokenId {
        let now_ms = millis(now);
        // The refreshing stays as it was: a call in flight may still bring
        // a newer pair, and a refusal Zalo gave stays (the sender restores
        // a pair it had, not a new one).
        let lifetime = expires_at.map(|at| millis(at).saturating_sub(now_ms).max(0));
        self.token = self.token.next(now_ms, lifetime);
        self.token.restored = true;
        TokenId(self.token.id)
    }

    /// A new pair granted at `now`: the current token, and an end to a hold
    /// that only a new pair could fix.
    fn new_token(&mut self, now: i64, lifetime: Option<i64>) -> TokenId {
        self.token = self.token.next(now, lifetime);
        if self.hold.as_ref().is_some_and(Hold::needs_authorisation) {
            self.hold = None;
            self.untold.hold = false;
        }
        TokenId(self.token.id)
    }

    /// A person fixed what held the OA: it may send again. A token that was
    /// refused is refreshed first.
    pub fn release(&mut self) {
        self.untold.hold = false;
        if let Some(hold) = self.hold.take() {
            if hold.needs_authorisation() {
                self.token.dead = true;
            }
        }
    }

    /// A person ended the pause for the OA's quota (they raised it): the OA
    /// may send again now.
    pub fn end_pause(&mut self) {
        self.paused_until = None;
        self.untold.pause = None;
    }
}

/// A copy of the same OA (its permits are the copy's too), with room for
/// every template hold, as the original has.
impl Clone for OaState {
    fn clone(&self) -> Self {
        let mut held_templates = Vec::with_capacity(MAX_HELD_TEMPLATES);
        held_templates.extend_from_slice(&self.held_templates);
        OaState {
            id: self.id,
            policy: self.policy,
            token: self.token,
            refresh: self.refresh.clone(),
            circuit: self.circuit,
            paused_until: self.paused_until,
            hold: self.hold.clone(),
            waits_given: self.waits_given,
            spread_for: self.spread_for,
            held_templates,
            untold: self.untold,
        }
    }
}

impl Default for OaState {
    fn default() -> Self {
        OaState::new()
    }
}
