//! The OA's access token as the state knows it (which one, since when, for
//! how long, whether it worked) and the refresh call in flight.

use crate::sender::oauth::RefreshRefused;

/// A token issued this recently that fails before it ever worked was
/// refused at once, not expired: an hour, or half its lifetime if shorter.
const FRESH_MILLIS: i64 = 3600 * 1000;

/// The OA's current access token.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub(super) struct Token {
    pub(super) id: u32,
    /// When it was granted (ms since 1970); unknown for the token the OA
    /// started with.
    #[cfg_attr(feature = "serde", serde(rename = "issued_ms"))]
    pub(super) issued: Option<i64>,
    /// Its lifetime in ms, when the grant said it.
    #[cfg_attr(feature = "serde", serde(rename = "lifetime_ms"))]
    pub(super) lifetime: Option<i64>,
    /// Whether a send with it succeeded.
    pub(super) proven: bool,
    /// Whether a send with it met a token failure (or Zalo refused to
    /// refresh it): it is not used again.
    pub(super) dead: bool,
    /// Whether the sender restored it (a pair it started with), rather than
    /// a grant giving it: its failure is an expiry, never wrong credentials.
    #[cfg_attr(feature = "serde", serde(default))]
    pub(super) restored: bool,
}

impl Token {
    pub(super) fn initial() -> Token {
        Token {
            id: 0,
            issued: None,
            lifetime: None,
            proven: false,
            dead: false,
            restored: false,
        }
    }

    /// The token a grant gives at `now`.
    pub(super) fn next(&self, now: i64, lifetime: Option<i64>) -> Token {
        Token {
            id: self.id.wrapping_add(1),
            issued: Some(now),
            lifetime,
            proven: false,
            dead: false,
            restored: false,
        }
    }

    /// When it expires, if known (ms).
    pub(super) fn expiry(&self) -> Option<i64> {
        self.expires()
    }

    fn expires(&self) -> Option<i64> {
        Some(self.issued?.saturating_add(self.lifetime?))
    }

    /// Whether a refresh is due: the token is dead, or `percent` of its
    /// lifetime or less is left.
    pub(super) fn refresh_due(&self, now: i64, percent: u32) -> bool {
        let ahead = |lifetime: i64| lifetime / 100 * i64::from(percent);
        self.dead
            || self
                .expires()
                .zip(self.lifetime)
                .is_some_and(|(expires, lifetime)| now >= expires.saturating_sub(ahead(lifetime)))
    }

    /// Whether sending with it is pointless: dead, or past its lifetime.
    pub(super) fn unusable(&self, now: i64) -> bool {
        self.dead || self.expires().is_some_and(|expires| now >= expires)
    }

    pub(super) fn proven_by(&mut self, id: u32) {
        if id == self.id {
            self.proven = true;
        }
    }

    /// Records a token failure of a send made with token `id` at `now`.
    /// Returns whether it holds the OA: the current token, fresh from a
    /// grant and never proven, refused at once.
    pub(super) fn failed(&mut self, id: u32, now: i64) -> bool {
        if id != self.id {
            // An older token: the send just goes out again with this one.
            return false;
        }
        let fresh_for = self
            .lifetime
            .map_or(FRESH_MILLIS, |l| (l / 2).min(FRESH_MILLIS));
        if !self.proven
            && !self.restored
            && self
                .issued
                .is_some_and(|issued| now.saturating_sub(issued) < fresh_for)
        {
            return true;
        }
        self.dead = true;
        false
    }
}

/// The refresh call: none, one in flight, or a wait before the next try.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub(super) struct Refresh {
    /// Refresh calls in a row that came to nothing.
    pub(super) failures: u32,
    /// The last ticket given.
    pub(super) last_ticket: u64,
    /// The ticket of the newest grant: a grant for this ticket or an older
    /// one brings a pair that is not the newest.
    #[cfg_attr(feature = "serde", serde(default))]
    pub(super) granted_ticket: u64,
    pub(super) state: RefreshState,
    /// Zalo refused to refresh while the current token still had life: it
    /// is used until it fails or expires, then the OA is held.
    #[cfg_attr(feature = "serde", serde(default))]
    pub(super) refused: Option<RefreshRefused>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(deny_unknown_fields, rename_all = "snake_case")
)]
pub(super) enum RefreshState {
    Idle,
    /// A caller holds `ticket` until `until` (ms).
    InFlight {
        ticket: u64,
        #[cfg_attr(feature = "serde", serde(rename = "until_ms"))]
        until: i64,
    },
    /// The next try is at `at`; `late` is the ticket whose call outlived its
    /// time, whose refusal still counts.
    RetryAt {
        #[cfg_attr(feature = "serde", serde(rename = "at_ms"))]
        at: i64,
        late: Option<u64>,
    },
}

/// What the refresh state says to a send that needs a refresh.
pub(super) enum Gate {
    /// This caller refreshes, with this ticket.
    Refresh(u64),
    /// A refresh is in flight until at most this instant.
    Pending(i64),
    /// The next try is at this instant.
    Later(i64),
}

impl Refresh {
    pub(super) fn new() -> Refresh {
        Refresh {
            failures: 0,
            last_ticket: 0,
            granted_ticket: 0,
            state: RefreshState::Idle,
            refused: None,
        }
    }

    /// Keeps the instants within reach of `now`, so that a clock stepped
    /// back never stalls the OA longer than the call timeout or the longest
    /// wait between tries.
    fn settle(&mut self, now: i64, call_timeout: i64, longest_wait: i64) {
        match &mut self.state {
            RefreshState::InFlight { until, .. } => {
                *until = (*until).min(now.saturating_add(call_timeout));
            }
            RefreshState::RetryAt { at, .. } => {
                *at = (*at).min(now.saturating_add(longest_wait));
            }
            RefreshState::Idle => {}
        }
    }

    /// A refresh is needed at `now`: who makes it. A call that outlived
    /// `call_timeout` counts as a failure; `retry_delay` is the wait after
    /// the next failure.
    pub(super) fn gate(
        &mut self,
        now: i64,
        call_timeout: i64,
        retry_delay: i64,
        longest_wait: i64,
    ) -> Gate {
        self.settle(now, call_timeout, longest_wait);
        if let RefreshState::InFlight { ticket, until } = self.state {
            if now >= until {
                self.failures = self.failures.saturating_add(1);
                self.state = RefreshState::RetryAt {
                    at: until.saturating_add(retry_delay),
                    late: Some(ticket),
                };
            }
        }
        match self.state {
            RefreshState::InFlight { until, .. } => Gate::Pending(until),
            RefreshState::RetryAt { at, .. } if now < at => Gate::Later(at),
            _ => {
                self.last_ticket = self.last_ticket.saturating_add(1);
                self.state = RefreshState::InFlight {
                    ticket: self.last_ticket,
                    until: now.saturating_add(call_timeout),
                };
                Gate::Refresh(self.last_ticket)
            }
        }
    }

    /// Whether a failure of `ticket` is the one awaited.
    pub(super) fn awaits(&self, ticket: u64) -> bool {
        matches!(self.state, RefreshState::InFlight { ticket: t, .. } if t == ticket)
    }

    /// Whether a refusal of `ticket`, given after the newest grant, still
    /// counts: no other call is in flight (whose answer may yet be a grant).
    pub(super) fn takes_refusal(&self, ticket: u64) -> bool {
        match self.state {
            RefreshState::InFlight { ticket: t, .. } => t == ticket,
            _ => true,
        }
    }

    /// The ticket given back unanswered: its call was not made, and the
    /// next caller may refresh at once (the failures before it still count).
    pub(super) fn given_back(&mut self, ticket: u64) {
        if self.awaits(ticket) {
            self.state = if self.failures == 0 {
                RefreshState::Idle
            } else {
                RefreshState::RetryAt {
                    at: i64::MIN,
                    late: None,
                }
            };
        }
    }

    /// The call of the awaited ticket came to nothing at `now`.
    pub(super) fn failed(&mut self, now: i64, retry_delay: i64) {
        self.failures = self.failures.saturating_add(1);
        self.state = RefreshState::RetryAt {
            at: now.saturating_add(retry_delay),
            late: None,
        };
    }

    /// A grant or a refusal ended the refreshing.
    pub(super) fn settled(&mut self) {
        self.failures = 0;
        self.state = RefreshState::Idle;
    }

    /// A person's new pair: every ticket given so far is older. A call in
    /// flight stays counted until it answers or outlives its time, so that
    /// no second call goes out beside it.
    pub(super) fn supersede_all(&mut self) {
        self.granted_ticket = self.last_ticket;
        self.refused = None;
        if !matches!(self.state, RefreshState::InFlight { .. }) {
            self.settled();
        }
    }

    /// A grant for `ticket`: the newest pair, until a grant for a later
    /// ticket. A call still in flight for a later ticket stays counted
    /// until it answers or outlives its time, so that no second call goes
    /// out beside it.
    pub(super) fn granted(&mut self, ticket: u64) {
        let later_in_flight =
            matches!(self.state, RefreshState::InFlight { ticket: t, .. } if t != ticket);
        self.granted_ticket = ticket;
        self.refused = None;
        self.failures = 0;
        if !later_in_flight {
            self.state = RefreshState::Idle;
        }
    }

    /// Whether a newer pair answers what `ticket`'s call asked; if that
    /// call was the one awaited, the refreshing ends with it.
    pub(super) fn superseded(&mut self, ticket: u64) -> bool {
        if ticket > self.granted_ticket {
            return false;
        }
        if self.awaits(ticket) {
            self.settled();
        }
        true
    }
}
