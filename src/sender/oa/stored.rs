//! An [`OaState`] read back from a store: every field as written (by this
//! version or by 0.3), then checked for what no sender's state could hold,
//! so that no stored value can make a decision overflow or stall.

use serde::Deserialize;

use super::alert::Untold;
use super::circuit::{Circuit, Open, Probe};
use super::map_or_seq::map_or_seq;
use super::permit::new_oa_id;
use super::template::MAX_HELD_TEMPLATES;
use super::template::template_key;
use super::token::{Refresh, RefreshState, Token};
use super::window::Window;
use super::{Hold, OaState, TemplateHold};
use crate::sender::policy::Policy;

/// The most failures in a row a stored state may count, for the probes of
/// an outage or the tries of a refresh: some ten years of tries at the
/// longest delay. Every decision adds to them saturating; the bound keeps a
/// store's value far from the type's end.
pub(crate) const MAX_STORED_FAILURES: u32 = 1_000_000;

const FIX: &str = "store what OaState serialized";

/// The fields as [`OaState`] serializes them, not yet checked.
pub(super) struct Unchecked {
    /// Absent from what 0.3 stored: such a state gets a new id.
    id: Option<u64>,
    policy: Policy,
    token: Token,
    refresh: Refresh,
    circuit: StoredCircuit,
    paused_until_ms: Option<i64>,
    hold: Option<Hold>,
    waits_given: u64,
    spread_for_ms: Option<i64>,
    held_templates: Vec<TemplateHold>,
    untold: Untold,
}

/// From a map: this version's fields, or 0.3's or 0.4's.
#[derive(Deserialize)]
#[serde(rename = "OaState", deny_unknown_fields)]
struct Fields {
    #[serde(default)]
    id: Option<u64>,
    policy: Policy,
    token: Token,
    refresh: Refresh,
    circuit: StoredCircuit,
    paused_until_ms: Option<i64>,
    hold: Option<Hold>,
    waits_given: u64,
    #[serde(default)]
    spread_for_ms: Option<i64>,
    #[serde(default)]
    held_templates: Vec<TemplateHold>,
    /// Absent from what 0.4 stored: its sender told a person itself.
    #[serde(default)]
    untold: Untold,
}

/// From a sequence: this version's fields, in order.
#[derive(Deserialize)]
#[serde(rename = "OaState")]
struct InOrder {
    id: u64,
    policy: Policy,
    token: Token,
    refresh: Refresh,
    circuit: StoredCircuit,
    paused_until_ms: Option<i64>,
    hold: Option<Hold>,
    waits_given: u64,
    spread_for_ms: Option<i64>,
    held_templates: Vec<TemplateHold>,
    untold: Untold,
}

impl From<Fields> for Unchecked {
    fn from(f: Fields) -> Self {
        Unchecked {
            id: f.id,
            policy: f.policy,
            token: f.token,
            refresh: f.refresh,
            circuit: f.circuit,
            paused_until_ms: f.paused_until_ms,
            hold: f.hold,
            waits_given: f.waits_given,
            spread_for_ms: f.spread_for_ms,
            held_templates: f.held_templates,
            untold: f.untold,
        }
    }
}

impl From<InOrder> for Unchecked {
    fn from(f: InOrder) -> Self {
        Unchecked {
            id: Some(f.id),
            policy: f.policy,
            token: f.token,
            refresh: f.refresh,
            circuit: f.circuit,
            paused_until_ms: f.paused_until_ms,
            hold: f.hold,
            waits_given: f.waits_given,
            spread_for_ms: f.spread_for_ms,
            held_templates: f.held_templates,
            untold: f.untold,
        }
    }
}

impl<'de> Deserialize<'de> for Unchecked {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        map_or_seq::<D, Fields, InOrder, _>(
            deserializer,
            "OaState",
            &[
                "id",
                "policy",
                "token",
                "refresh",
                "circuit",
                "paused_until_ms",
                "hold",
                "waits_given",
                "spread_for_ms",
                "held_templates",
                "untold",
            ],
        )
    }
}

/// The circuit as this version or 0.3 stored it.
struct StoredCircuit {
    period: u32,
    window: Window,
    open: Option<StoredOpen>,
}

/// This version's circuit, from a map, with 0.3's too.
#[derive(Deserialize)]
#[serde(rename = "Circuit", deny_unknown_fields)]
struct CircuitFields {
    #[serde(default)]
    period: u32,
    #[serde(default = "Window::empty")]
    window: Window,
    /// 0.3's transient answers in a row: the window replaces it.
    #[serde(default, rename = "in_row")]
    _in_row: Option<u32>,
    open: Option<StoredOpen>,
}

/// This version's circuit, in order.
#[derive(Deserialize)]
#[serde(rename = "Circuit")]
struct CircuitInOrder {
    period: u32,
    window: Window,
    open: Option<StoredOpen>,
}

impl From<CircuitFields> for StoredCircuit {
    fn from(c: CircuitFields) -> Self {
        StoredCircuit {
            period: c.period,
            window: c.window,
            open: c.open,
        }
    }
}

impl From<CircuitInOrder> for StoredCircuit {
    fn from(c: CircuitInOrder) -> Self {
        StoredCircuit {
            period: c.period,
            window: c.window,
            open: c.open,
        }
    }
}

impl<'de> Deserialize<'de> for StoredCircuit {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        map_or_seq::<D, CircuitFields, CircuitInOrder, _>(
            deserializer,
            "Circuit",
            &["period", "window", "open"],
        )
    }
}

/// An outage as this version or 0.3 stored it.
struct StoredOpen {
    failed_probes: u32,
    next_probe_ms: i64,
    probe: Option<Probe>,
    probes_given: u32,
    /// 0.3's probe in flight, with no number.
    probe_until_ms: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename = "Open", deny_unknown_fields)]
struct OpenFields {
    failed_probes: u32,
    next_probe_ms: i64,
    #[serde(default)]
    probe: Option<Probe>,
    #[serde(default)]
    probes_given: u32,
    #[serde(default)]
    probe_until_ms: Option<i64>,
}

#[derive(Deserialize)]
#[serde(rename = "Open")]
struct OpenInOrder {
    failed_probes: u32,
    next_probe_ms: i64,
    probe: Option<Probe>,
    probes_given: u32,
}

impl From<OpenFields> for StoredOpen {
    fn from(o: OpenFields) -> Self {
        StoredOpen {
            failed_probes: o.failed_probes,
            next_probe_ms: o.next_probe_ms,
            probe: o.probe,
            probes_given: o.probes_given,
            probe_until_ms: o.probe_until_ms,
        }
    }
}

impl From<OpenInOrder> for StoredOpen {
    fn from(o: OpenInOrder) -> Self {
        StoredOpen {
            failed_probes: o.failed_probes,
            next_probe_ms: o.next_probe_ms,
            probe: o.probe,
            probes_given: o.probes_given,
            probe_until_ms: None,
        }
    }
}

impl<'de> Deserialize<'de> for StoredOpen {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        map_or_seq::<D, OpenFields, OpenInOrder, _>(
            deserializer,
            "Open",
            &["failed_probes", "next_probe_ms", "probe", "probes_given"],
        )
    }
}

fn bounded(field: &str, value: u32) -> Result<(), String> {
    if value > MAX_STORED_FAILURES {
        return Err(format!(
            "`{field}` is {value}, more than any sender counts ({MAX_STORED_FAILURES}); {FIX}"
        ));
    }
    Ok(())
}

impl TryFrom<StoredCircuit> for Circuit {
    type Error = String;

    fn try_from(stored: StoredCircuit) -> Result<Circuit, String> {
        let open = match stored.open {
            None => None,
            Some(open) => {
                bounded("circuit.open.failed_probes", open.failed_probes)?;
                if stored.window.len() != 0 {
                    return Err(format!(
                        "`circuit.window` holds calls while the circuit is open: an opening empties it; {FIX}"
                    ));
                }
                let probe = match (open.probe, open.probe_until_ms) {
                    (Some(_), Some(_)) => {
                        return Err(format!(
                            "`circuit.open` has both `probe` and 0.3's `probe_until_ms`; {FIX}"
                        ));
                    }
                    (Some(probe), None) => Some(probe),
                    (None, Some(until)) => Some(Probe {
                        number: open.probes_given,
                        until,
                    }),
                    (None, None) => None,
                };
                if let Some(probe) = probe.filter(|probe| probe.number > open.probes_given) {
                    return Err(format!(
                        "`circuit.open.probe` is number {}, but only {} probes were given; {FIX}",
                        probe.number, open.probes_given
                    ));
                }
                Some(Open {
                    failed_probes: open.failed_probes,
                    next_probe: open.next_probe_ms,
                    probe,
                    probes_given: open.probes_given,
                })
            }
        };
        Ok(Circuit {
            period: stored.period,
            window: stored.window,
            open,
        })
    }
}

fn check_token(token: &Token) -> Result<(), String> {
    if token.lifetime.is_some_and(|lifetime| lifetime < 0) {
        return Err(format!("`token.lifetime_ms` is negative: {FIX}"));
    }
    if token.lifetime.is_some() && token.issued.is_none() {
        return Err(format!(
            "`token.lifetime_ms` without `token.issued_ms`: a token's lifetime comes with its grant; {FIX}"
        ));
    }
    Ok(())
}

fn check_refresh(refresh: &Refresh) -> Result<(), String> {
    bounded("refresh.failures", refresh.failures)?;
    if refresh.granted_ticket > refresh.last_ticket {
        return Err(format!(
            "`refresh.granted_ticket` is {}, after `refresh.last_ticket` {}: a grant answers a ticket given; {FIX}",
            refresh.granted_ticket, refresh.last_ticket
        ));
    }
    match refresh.state {
        RefreshState::InFlight { ticket, .. } if ticket != refresh.last_ticket => Err(format!(
            "`refresh.state` is a call with ticket {ticket}, but `refresh.last_ticket` is {}: only the last ticket can be in flight; {FIX}",
            refresh.last_ticket
        )),
        RefreshState::RetryAt {
            late: Some(ticket), ..
        } if ticket != refresh.last_ticket => Err(format!(
            "`refresh.state` waits after ticket {ticket}, but `refresh.last_ticket` is {}; {FIX}",
            refresh.last_ticket
        )),
        RefreshState::Idle if refresh.failures != 0 => Err(format!(
            "`refresh.failures` is {} with no refresh pending: failures are counted only until a refresh settles; {FIX}",
            refresh.failures
        )),
        _ => Ok(()),
    }
}

impl TryFrom<Unchecked> for OaState {
    type Error = String;

    fn try_from(stored: Unchecked) -> Result<Self, String> {
        stored
            .policy
            .check()
            .map_err(|error| format!("`policy`: {error}"))?;
        check_token(&stored.token)?;
        check_refresh(&stored.refresh)?;
        let circuit = Circuit::try_from(stored.circuit)?;
        let mut held_templates = stored.held_templates;
        if held_templates.len() > MAX_HELD_TEMPLATES {
            return Err(format!(
                "`held_templates` holds {} templates, more than a state holds ({MAX_HELD_TEMPLATES}); {FIX}",
                held_templates.len()
            ));
        }
        for (i, hold) in held_templates.iter().enumerate() {
            if held_templates[..i]
                .iter()
                .any(|h| h.template == hold.template)
            {
                return Err(format!(
                    "`held_templates` holds template {} twice; {FIX}",
                    hold.template
                ));
            }
        }
        if let Some(hold) = held_templates.iter().find(|hold| {
            hold.name
                .is_some_and(|name| template_key(name.as_str()) != hold.template)
        }) {
            return Err(format!(
                "`held_templates` holds template {} with the id {:?}, which is another \
                 template's; {FIX}",
                hold.template,
                hold.template().unwrap_or_default()
            ));
        }
        let untold = stored.untold;
        if untold.templates >> held_templates.len() != 0 {
            return Err(format!(
                "`untold.templates` is {:#b}, with a bit for a template beyond the {} held; {FIX}",
                untold.templates,
                held_templates.len()
            ));
        }
        // Room for them all, so that recording allocates nothing.
        held_templates.reserve_exact(MAX_HELD_TEMPLATES - held_templates.len());
        Ok(OaState {
            id: stored.id.unwrap_or_else(new_oa_id),
            policy: stored.policy,
            token: stored.token,
            refresh: stored.refresh,
            circuit,
            paused_until: stored.paused_until_ms,
            hold: stored.hold,
            waits_given: stored.waits_given,
            spread_for: stored.spread_for_ms,
            held_templates,
            untold,
        })
    }
}
