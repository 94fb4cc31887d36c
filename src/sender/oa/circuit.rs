//! The OA's circuit: closed while Zalo answers, open during an outage, when
//! one probe at a time goes out at growing delays.
//!
//! Each opening and each closing starts a new period, and every permit names
//! the period it was given in: only answers to permits of the current period
//! move the circuit (resilience4j ignores the results of calls permitted
//! before its state changed). A late success does not close an outage it
//! did not see, and a late timeout does not reopen a circuit that a probe
//! closed.

use super::instant::span;
use super::window::Window;
use crate::sender::policy::Policy;

/// The circuit: its period, the calls of a closed period, and the outage
/// when open.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(super) struct Circuit {
    /// Counts the openings and closings.
    pub(super) period: u32,
    /// The answers of the current closed period.
    pub(super) window: Window,
    pub(super) open: Option<Open>,
}

/// An outage: the probes that failed, when the next may go, and the one in
/// flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub(super) struct Open {
    pub(super) failed_probes: u32,
    /// When the next probe may go out (ms).
    #[cfg_attr(feature = "serde", serde(rename = "next_probe_ms"))]
    pub(super) next_probe: i64,
    /// The probe in flight.
    pub(super) probe: Option<Probe>,
    /// How many probes this outage gave: each one's number.
    pub(super) probes_given: u32,
}

/// The probe in flight: its number and until when it may take (ms).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub(super) struct Probe {
    pub(super) number: u32,
    #[cfg_attr(feature = "serde", serde(rename = "until_ms"))]
    pub(super) until: i64,
}

/// What the open circuit says to a send.
pub(super) enum Gate {
    /// This send is the probe with this number.
    Probe(u32),
    /// Wait until this instant.
    Wait(i64),
}

/// What a transient answer did to the circuit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Transient {
    /// The circuit is closed and stays so: the message's own failure.
    Counted,
    /// The answer is an outage's (it opened the circuit, or came during
    /// one): retry after this instant, the next probe or the one in flight.
    Outage(i64),
    /// The permit came from an earlier period: the circuit did not move.
    Stale,
}

/// What the circuit needs of the policy, in milliseconds.
pub(super) struct Rules {
    policy: Policy,
    call_timeout: i64,
    window_age: i64,
}

impl Rules {
    pub(super) fn of(policy: &Policy) -> Rules {
        Rules {
            policy: *policy,
            call_timeout: span(policy.call_timeout),
            window_age: span(policy.circuit_window),
        }
    }

    /// The wait after the `nth` failure in a row (the opening is the first).
    fn delay(&self, nth: u32) -> i64 {
        span(self.policy.probe_delay(nth))
    }
}

impl Open {
    /// Keeps the instants within reach of `now`, so that a clock stepped
    /// back never stalls the OA longer than a delay or the call timeout; a
    /// probe in flight past its timeout went unanswered: it failed.
    fn settle(&mut self, now: i64, rules: &Rules) {
        let next_delay = rules.delay(self.failed_probes.saturating_add(1));
        self.next_probe = self.next_probe.min(now.saturating_add(next_delay));
        if let Some(probe) = self.probe.as_mut() {
            probe.until = probe.until.min(now.saturating_add(rules.call_timeout));
            if now >= probe.until {
                let until = probe.until;
                self.failed_probes = self.failed_probes.saturating_add(1);
                self.probe = None;
                self.next_probe =
                    until.saturating_add(rules.delay(self.failed_probes.saturating_add(1)));
            }
        }
    }

    /// The instant a message the outage holds may ask again: after the
    /// probe in flight, or at the next one; never now.
    fn release(&self, now: i64) -> i64 {
        let after = self
            .probe
            .map_or(self.next_probe, |probe| probe.until.max(self.next_probe));
        after.max(now.saturating_add(1))
    }
}

impl Circuit {
    pub(super) fn closed() -> Circuit {
        Circuit {
            period: 0,
            window: Window::empty(),
            open: None,
        }
    }

    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// A send at `now` while the circuit is open.
    pub(super) fn gate(&mut self, now: i64, rules: &Rules) -> Gate {
        let Some(open) = self.open.as_mut() else {
            return Gate::Wait(now);
        };
        open.settle(now, rules);
        if let Some(probe) = open.probe {
            return Gate::Wait(probe.until);
        }
        if now >= open.next_probe {
            open.probes_given = open.probes_given.wrapping_add(1);
            open.probe = Some(Probe {
                number: open.probes_given,
                until: now.saturating_add(rules.call_timeout),
            });
            return Gate::Probe(open.probes_given);
        }
        Gate::Wait(open.next_probe)
    }

    /// A transient answer at `now` to a permit of `period` (the probe with
    /// that number, if it was one).
    pub(super) fn transient(
        &mut self,
        now: i64,
        period: u32,
        probe: Option<u32>,
        rules: &Rules,
    ) -> Transient {
        let current = period == self.period;
        match self.open.as_mut() {
            Some(open) => {
                open.settle(now, rules);
                if current && probe.is_some() && open.probe.map(|p| p.number) == probe {
                    open.failed_probes = open.failed_probes.saturating_add(1);
                    open.probe = None;
                    open.next_probe =
                        now.saturating_add(rules.delay(open.failed_probes.saturating_add(1)));
                }
                Transient::Outage(open.release(now))
            }
            None if !current => Transient::Stale,
            None => {
                self.window.push(now, true);
                let tally = self.window.tally(now.saturating_sub(rules.window_age));
                if !tally.is_outage(
                    rules.policy.circuit_min_failures,
                    rules.policy.circuit_failure_percent,
                ) {
                    return Transient::Counted;
                }
                let next_probe = now.saturating_add(rules.delay(1));
                self.period = self.period.wrapping_add(1);
                self.window = Window::empty();
                self.open = Some(Open {
                    failed_probes: 0,
                    next_probe,
                    probe: None,
                    probes_given: 0,
                });
                Transient::Outage(next_probe)
            }
        }
    }

    /// Zalo answered something other than a transient failure at `now`, to
    /// a permit of `period`: it is up. Returns whether that closed the
    /// circuit.
    pub(super) fn answered(&mut self, now: i64, period: u32, probe: Option<u32>) -> bool {
        if period != self.period {
            return false;
        }
        match self.open {
            Some(open) => {
                let the_probe = probe.is_some() && open.probe.map(|p| p.number) == probe;
                if the_probe {
                    self.period = self.period.wrapping_add(1);
                    self.open = None;
                    self.window = Window::empty();
                }
                the_probe
            }
            None => {
                self.window.push(now, false);
                false
            }
        }
    }

    /// A permit given back unanswered: a probe's place is free again, and
    /// nothing counts as failed.
    pub(super) fn given_back(&mut self, period: u32, probe: Option<u32>) {
        if let Some(open) = self.open.as_mut() {
            if period == self.period && probe.is_some() && open.probe.map(|p| p.number) == probe {
                open.probe = None;
            }
        }
    }
}
