//! An [`OaState`] read back from a store: every field as written, then
//! checked for what no sender's state could hold.

use serde::Deserialize;

use super::circuit::Circuit;
use super::token::{Refresh, RefreshState, Token};
use super::{Hold, OaState};
use crate::Policy;

/// The fields as [`OaState`] serializes them, not yet checked.
#[derive(Deserialize)]
#[serde(rename = "OaState", deny_unknown_fields)]
pub(super) struct Unchecked {
    policy: Policy,
    token: Token,
    refresh: Refresh,
    circuit: Circuit,
    paused_until_ms: Option<i64>,
    hold: Option<Hold>,
    waits_given: u64,
}

impl TryFrom<Unchecked> for OaState {
    type Error = String;

    fn try_from(stored: Unchecked) -> Result<Self, String> {
        const FIX: &str = "store what OaState serialized";
        stored
            .policy
            .check()
            .map_err(|error| format!("`policy`: {error}"))?;
        if stored.token.lifetime.is_some_and(|lifetime| lifetime < 0) {
            return Err(format!("`token.lifetime_ms` is negative: {FIX}"));
        }
        if stored.token.lifetime.is_some() && stored.token.issued.is_none() {
            return Err(format!(
                "`token.lifetime_ms` without `token.issued_ms`: a token's lifetime comes with its grant; {FIX}"
            ));
        }
        let refresh = stored.refresh;
        match refresh.state {
            RefreshState::InFlight { ticket, .. } if ticket != refresh.last_ticket => {
                return Err(format!(
                    "`refresh.state` is a call with ticket {ticket}, but `refresh.last_ticket` is {}: only the last ticket can be in flight; {FIX}",
                    refresh.last_ticket
                ));
            }
            RefreshState::RetryAt {
                late: Some(ticket), ..
            } if ticket != refresh.last_ticket => {
                return Err(format!(
                    "`refresh.state` waits after ticket {ticket}, but `refresh.last_ticket` is {}; {FIX}",
                    refresh.last_ticket
                ));
            }
            RefreshState::Idle if refresh.failures != 0 => {
                return Err(format!(
                    "`refresh.failures` is {} with no refresh pending: failures are counted only until a refresh settles; {FIX}",
                    refresh.failures
                ));
            }
            _ => {}
        }
        let circuit = stored.circuit;
        if circuit.in_row >= stored.policy.circuit_threshold
            || (circuit.is_open() && circuit.in_row != 0)
        {
            return Err(format!(
                "`circuit.in_row` is {} {}: the circuit opens at `policy.circuit_threshold` ({}) and counts from 0 again; {FIX}",
                circuit.in_row,
                if circuit.is_open() {
                    "while open"
                } else {
                    "while closed"
                },
                stored.policy.circuit_threshold
            ));
        }
        Ok(OaState {
            policy: stored.policy,
            token: stored.token,
            refresh,
            circuit,
            paused_until: stored.paused_until_ms,
            hold: stored.hold,
            waits_given: stored.waits_given,
        })
    }
}
