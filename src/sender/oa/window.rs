//! The calls a closed circuit decides on: the last [`WINDOW_CALLS`] answers
//! of its period, each with its instant and whether it was transient.
//!
//! A failure rate over a window, with a minimum number of calls, as
//! resilience4j's circuit breaker decides, rather than failures in a row: at
//! 50 messages a second, three unrelated transient answers in a row come
//! every few seconds at a 10 % rate, and an outage is half the window failing
//! within a second. Calls older than the policy's window age leave it, so
//! that a quiet OA decides on its recent calls, not on yesterday's.

/// How many calls the window holds at most.
pub(crate) const WINDOW_CALLS: usize = 64;

/// A ring of the last calls: fixed in size, so recording allocates nothing.
#[derive(Debug, Clone, Copy)]
pub(super) struct Window {
    /// When each call was answered (ms), in the order they came, from
    /// `start`, `len` of them.
    at: [i64; WINDOW_CALLS],
    /// Bit `i`: the call in slot `i` was transient.
    failed: u64,
    start: u8,
    len: u8,
}

/// What the window holds within its age, at one instant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) struct Tally {
    pub(super) calls: u32,
    pub(super) failures: u32,
}

impl Window {
    pub(super) const fn empty() -> Window {
        Window {
            at: [0; WINDOW_CALLS],
            failed: 0,
            start: 0,
            len: 0,
        }
    }

    /// Adds a call answered at `at`, dropping the oldest when full.
    pub(super) fn push(&mut self, at: i64, transient: bool) {
        let slot = (usize::from(self.start) + usize::from(self.len)) % WINDOW_CALLS;
        if usize::from(self.len) == WINDOW_CALLS {
            self.start = ((usize::from(self.start) + 1) % WINDOW_CALLS) as u8;
        } else {
            self.len += 1;
        }
        self.at[slot] = at;
        let bit = 1u64 << slot;
        if transient {
            self.failed |= bit;
        } else {
            self.failed &= !bit;
        }
    }

    /// The calls answered at or after `since` (a clock stepped back leaves
    /// later instants in: they are the most recent calls).
    pub(super) fn tally(&self, since: i64) -> Tally {
        let mut tally = Tally {
            calls: 0,
            failures: 0,
        };
        for (slot, at) in self.calls() {
            if at >= since {
                tally.calls += 1;
                tally.failures += u32::from(self.failed >> slot & 1 == 1);
            }
        }
        tally
    }

    /// The calls in order, oldest first, as (slot, instant).
    fn calls(&self) -> impl Iterator<Item = (usize, i64)> + '_ {
        (0..usize::from(self.len)).map(|i| {
            let slot = (usize::from(self.start) + i) % WINDOW_CALLS;
            (slot, self.at[slot])
        })
    }

    /// The calls in order, oldest first, as (instant, transient): what a
    /// store keeps, and what makes two windows equal.
    pub(super) fn entries(&self) -> impl Iterator<Item = (i64, bool)> + '_ {
        self.calls()
            .map(|(slot, at)| (at, self.failed >> slot & 1 == 1))
    }

    #[cfg(any(feature = "serde", test))]
    pub(super) fn len(&self) -> usize {
        usize::from(self.len)
    }
}

/// Two windows are equal when they hold the same calls in the same order,
/// wherever their rings start: a window read back from a store starts at
/// its first slot.
impl PartialEq for Window {
    fn eq(&self, other: &Window) -> bool {
        self.entries().eq(other.entries())
    }
}

impl Eq for Window {}

impl Tally {
    /// Whether these calls show an outage: at least `min_failures`
    /// transient ones, and at least `percent` % of them all.
    pub(super) fn is_outage(self, min_failures: u32, percent: u32) -> bool {
        self.failures >= min_failures
            && u64::from(self.failures) * 100 >= u64::from(self.calls) * u64::from(percent)
    }
}

#[cfg(feature = "serde")]
mod stored {
    use serde::de::{Deserializer, Error};
    use serde::ser::{SerializeSeq, Serializer};
    use serde::{Deserialize, Serialize};

    use super::{WINDOW_CALLS, Window};

    /// Stored as a list of `[ms, transient]`, oldest first.
    impl Serialize for Window {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut seq = serializer.serialize_seq(Some(self.len()))?;
            for entry in self.entries() {
                seq.serialize_element(&entry)?;
            }
            seq.end()
        }
    }

    impl<'de> Deserialize<'de> for Window {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let entries = Vec::<(i64, bool)>::deserialize(deserializer)?;
            if entries.len() > WINDOW_CALLS {
                return Err(D::Error::custom(format!(
                    "the circuit's window holds {} calls, more than its {WINDOW_CALLS}: store what OaState serialized",
                    entries.len()
                )));
            }
            let mut window = Window::empty();
            for (at, transient) in entries {
                window.push(at, transient);
            }
            Ok(window)
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_full_window_drops_its_oldest_call() {
        let mut window = Window::empty();
        window.push(0, true);
        for at in 1..=WINDOW_CALLS as i64 {
            window.push(at, false);
        }
        assert_eq!(window.len(), WINDOW_CALLS);
        assert_eq!(
            window.tally(i64::MIN),
            Tally {
                calls: WINDOW_CALLS as u32,
                failures: 0
            }
        );
        assert_eq!(window.entries().next(), Some((1, false)));
    }

    #[test]
    fn calls_before_the_age_leave_the_tally() {
        let mut window = Window::empty();
        window.push(10, true);
        window.push(20, false);
        window.push(30, true);
        assert_eq!(
            window.tally(20),
            Tally {
                calls: 2,
                failures: 1
            }
        );
        assert_eq!(
            window.tally(31),
            Tally {
                calls: 0,
                failures: 0
            }
        );
    }

    #[test]
    fn an_outage_needs_the_minimum_and_the_rate() {
        let half = Tally {
            calls: 8,
            failures: 4,
        };
        assert!(half.is_outage(4, 50));
        assert!(!half.is_outage(5, 50));
        assert!(!half.is_outage(4, 51));
        assert!(
            Tally {
                calls: 4,
                failures: 4
            }
            .is_outage(4, 100)
        );
    }
}
