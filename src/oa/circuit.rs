//! The OA's circuit: closed while Zalo answers, open during an outage, when
//! one probe at a time goes out at growing delays.

/// Transient answers in a row, and the outage they opened.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub(super) struct Circuit {
    pub(super) in_row: u32,
    pub(super) open: Option<Open>,
}

/// An outage: the probes that failed, when the next may go, and the one in
/// flight.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub(super) struct Open {
    pub(super) failed_probes: u32,
    /// When the next probe may go out (ms).
    #[cfg_attr(feature = "serde", serde(rename = "next_probe_ms"))]
    pub(super) next_probe: i64,
    /// Until when the probe in flight may take (ms); `None` when none is.
    #[cfg_attr(feature = "serde", serde(rename = "probe_until_ms"))]
    pub(super) probe_until: Option<i64>,
}

/// What the open circuit says to a send.
pub(super) enum Gate {
    /// This send is the probe.
    Probe,
    /// Wait until this instant.
    Wait(i64),
}

impl Open {
    /// A probe in flight past `call_timeout` went unanswered: it failed.
    fn lapse_probe(&mut self, now: i64, delay: &impl Fn(u32) -> i64) {
        if let Some(until) = self.probe_until.filter(|&until| now >= until) {
            self.failed_probes = self.failed_probes.saturating_add(1);
            self.probe_until = None;
            self.next_probe = until.saturating_add(delay(self.failed_probes + 1));
        }
    }
}

impl Circuit {
    pub(super) fn closed() -> Circuit {
        Circuit {
            in_row: 0,
            open: None,
        }
    }

    pub(super) fn is_open(&self) -> bool {
        self.open.is_some()
    }

    /// A send at `now` while the circuit is open; `delay(n)` is the wait
    /// after the `n`-th failure (the opening is the first).
    pub(super) fn gate(&mut self, now: i64, call_timeout: i64, delay: impl Fn(u32) -> i64) -> Gate {
        let Some(open) = self.open.as_mut() else {
            return Gate::Probe;
        };
        open.lapse_probe(now, &delay);
        if let Some(until) = open.probe_until {
            return Gate::Wait(until);
        }
        if now >= open.next_probe {
            open.probe_until = Some(now.saturating_add(call_timeout));
            return Gate::Probe;
        }
        Gate::Wait(open.next_probe)
    }

    /// A transient answer at `now` (to the probe when `probe`). Returns when
    /// the next probe may go when the circuit is open after it: the answer is
    /// the outage's, not the message's.
    pub(super) fn transient(
        &mut self,
        now: i64,
        probe: bool,
        threshold: u32,
        delay: impl Fn(u32) -> i64,
    ) -> Option<i64> {
        match self.open.as_mut() {
            Some(open) => {
                open.lapse_probe(now, &delay);
                if probe && open.probe_until.is_some() {
                    open.failed_probes = open.failed_probes.saturating_add(1);
                    open.probe_until = None;
                    open.next_probe = now.saturating_add(delay(open.failed_probes + 1));
                }
                // After the probe in flight, or the next one; never now.
                let after = open.next_probe.max(open.probe_until.unwrap_or(i64::MIN));
                Some(after.max(now.saturating_add(1)))
            }
            None => {
                self.in_row = self.in_row.saturating_add(1);
                if self.in_row < threshold {
                    return None;
                }
                self.in_row = 0;
                let next_probe = now.saturating_add(delay(1));
                self.open = Some(Open {
                    failed_probes: 0,
                    next_probe,
                    probe_until: None,
                });
                Some(next_probe)
            }
        }
    }

    /// Zalo answered something other than a transient failure: it is up.
    pub(super) fn answered(&mut self) {
        self.in_row = 0;
        self.open = None;
    }
}
