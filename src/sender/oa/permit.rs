//! [`Permit`] and [`RefreshTicket`]: one-use leaves to call Zalo, each dated
//! by what the OA knew when it was given, so that a late answer is told
//! apart from a current one (as a fencing token tells a stale lock holder).

use core::fmt;
use std::collections::hash_map::RandomState;
use std::hash::BuildHasher;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::SystemTime;

use super::instant::instant;
use super::template::TemplateRef;

/// How many OA ids this process made.
static MADE: AtomicU64 = AtomicU64::new(0);

/// An id for a new OA's state, stored with it, so that a permit of one OA
/// is refused by another, in this process or after a restart. The standard
/// library's random hasher keys make it random (64 bits) without a clock or
/// a dependency; the decisions never depend on it.
pub(super) fn new_oa_id() -> u64 {
    RandomState::new().hash_one(MADE.fetch_add(1, Ordering::Relaxed))
}

/// Leave to send one message, from [`OaState::before_send`](crate::OaState::before_send).
///
/// It is used once: give it to [`OaState::record`](crate::OaState::record)
/// with the answer, or back to
/// [`OaState::give_back`](crate::OaState::give_back) when the message was
/// not sent after all (the worker stopped, the message was cancelled). It is
/// neither `Copy` nor `Clone`, so one answer cannot be recorded twice.
///
/// It names the token the message goes out with and is dated by the OA's
/// circuit as it stood when it was given: an answer to a permit given before
/// the circuit last opened or closed counts for its message, but does not
/// move the circuit.
#[must_use = "record the answer with OaState::record, or give the permit back with OaState::give_back"]
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct Permit {
    pub(super) oa: u64,
    pub(super) token: TokenId,
    /// The circuit's period when the permit was given.
    pub(super) period: u32,
    /// The probe's number, when this send is an outage's probe.
    pub(super) probe: Option<u32>,
    /// When it was given (ms since 1970).
    pub(super) given: i64,
    /// The template, when the sender named it.
    pub(super) template: Option<TemplateRef>,
}

impl Permit {
    /// The token the message goes out with: send with the access token that
    /// [`OaState::token_restored`](crate::OaState::token_restored),
    /// [`OaState::token_granted`](crate::OaState::token_granted) or
    /// [`OaState::record_refresh`](crate::OaState::record_refresh) gave this
    /// id (read it under the same lock as the permit).
    #[must_use]
    pub fn token(&self) -> TokenId {
        self.token
    }

    /// Whether this send is the one probe of an outage.
    #[must_use]
    pub fn is_probe(&self) -> bool {
        self.probe.is_some()
    }

    /// When the permit was given, to the millisecond.
    #[must_use]
    pub fn given_at(&self) -> SystemTime {
        instant(self.given).unwrap_or(SystemTime::UNIX_EPOCH)
    }
}

/// The right to one refresh call, given to one caller at a time by
/// [`OaState::before_send`](crate::OaState::before_send).
///
/// It is used once: give it to
/// [`OaState::record_refresh`](crate::OaState::record_refresh) with what the
/// call came to, or back to
/// [`OaState::give_back_ticket`](crate::OaState::give_back_ticket) when the
/// call was not made. It names the token it is meant to replace, so that a
/// late answer to it cannot undo a newer grant.
#[must_use = "record the refresh call's answer with OaState::record_refresh, or give the ticket back"]
#[derive(Debug, PartialEq, Eq, Hash)]
pub struct RefreshTicket {
    pub(super) oa: u64,
    pub(super) serial: u64,
    /// The token that was current when the ticket was given.
    pub(super) token: u32,
}

/// Which of the OA's access tokens: the one it started with, or one a grant
/// gave since. Store it beside the access token string (with the `serde`
/// feature, as its number; or by [`get`](Self::get) and [`from_raw`](Self::from_raw)),
/// and send with the token whose id a permit names.
///
/// ```
/// use zalo_zns_errors::TokenId;
///
/// let id = TokenId::from_raw(7);
/// assert_eq!(id.get(), 7);
/// assert_eq!(u32::from(id), 7);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct TokenId(pub(crate) u32);

impl TokenId {
    /// The id's number, to store it.
    #[must_use]
    pub const fn get(self) -> u32 {
        self.0
    }

    /// The id of a stored number.
    #[must_use]
    pub const fn from_raw(number: u32) -> TokenId {
        TokenId(number)
    }
}

/// The id's number.
impl From<TokenId> for u32 {
    fn from(id: TokenId) -> u32 {
        id.0
    }
}

/// A permit or a ticket that another OA's [`OaState`](crate::OaState) gave:
/// it changed nothing. Each OA's workers must use their own OA's state.
///
/// A state keeps its OA's id when it is stored and read back, or cloned: a
/// permit given before a restart is still its own.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct ForeignPermit;

impl fmt::Display for ForeignPermit {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(
            "a permit or refresh ticket that another OaState gave was recorded, and changed \
             nothing: give each permit back to the state that gave it",
        )
    }
}

impl std::error::Error for ForeignPermit {}
