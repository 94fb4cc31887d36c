//! The OA's circuit opens on an outage, not on noise: at 50 messages a
//! second, with Zalo up and sporadic, unrelated transient answers (2 %, 5 %,
//! 10 %), it never opens, messages wait little and almost none is given up;
//! in a real outage it opens within seconds. The figures are printed (run
//! with `--nocapture`).

use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zalo_zns_errors::{Answer, Attempts, Clearance, NextStep, OaState, Permit};

/// 2026-12-02 10:00 in Vietnam: a working day, far from the night window.
fn ten() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_796_180_400)
}

/// How long Zalo takes to answer a send.
const LATENCY_MS: u64 = 300;

/// A small deterministic generator (xorshift64*), so that a run is the same
/// every time.
struct Dice(u64);

impl Dice {
    fn chance(&mut self, percent: f64) -> bool {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        let draw = self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 11;
        (draw as f64) / ((1u64 << 53) as f64) < percent / 100.0
    }
}

enum Event {
    Due(usize),
    Answered(usize, usize),
}

#[derive(Debug, Default)]
struct Figures {
    messages: usize,
    delivered: usize,
    given_up: usize,
    openings: usize,
    mean_delay: Duration,
    worst_delay: Duration,
    /// When the circuit first opened, after the start of the outage.
    opened_after: Option<Duration>,
}

/// Sends `rate` messages a second for `length`; each send is answered
/// transiently with `percent` % chance, and always between `down` (a span
/// after the start) when given.
fn run(rate: u64, length: Duration, percent: f64, down: Option<(Duration, Duration)>) -> Figures {
    let start = ten();
    let at = |ms: u64| start + Duration::from_millis(ms);
    let mut oa = OaState::new();
    let mut dice = Dice(0x9E37_79B9_7F4A_7C15);
    let count = (length.as_secs() * rate) as usize;
    let mut attempts = vec![Attempts::new(); count];
    let mut delivered_at: Vec<Option<u64>> = vec![None; count];
    let mut permits: Vec<Option<Permit>> = Vec::new();
    let mut queue = BinaryHeap::new();
    let mut seq = 0u64;
    let mut events: Vec<Option<Event>> = Vec::new();
    let mut push = |queue: &mut BinaryHeap<Reverse<(u64, u64, usize)>>,
                    events: &mut Vec<Option<Event>>,
                    ms: u64,
                    event: Event| {
        events.push(Some(event));
        queue.push(Reverse((ms, seq, events.len() - 1)));
        seq += 1;
    };
    for id in 0..count {
        push(
            &mut queue,
            &mut events,
            id as u64 * 1000 / rate,
            Event::Due(id),
        );
    }
    let mut figures = Figures {
        messages: count,
        ..Figures::default()
    };
    let mut open = false;
    while let Some(Reverse((ms, _, index))) = queue.pop() {
        let now = at(ms);
        match events[index].take().expect("each event once") {
            Event::Due(id) => match oa.before_send(&attempts[id], now) {
                Clearance::Send(permit) => {
                    permits.push(Some(permit));
                    push(
                        &mut queue,
                        &mut events,
                        ms + LATENCY_MS,
                        Event::Answered(id, permits.len() - 1),
                    );
                }
                Clearance::WaitUntil(until) => {
                    let due = until.duration_since(start).unwrap().as_millis() as u64;
                    assert!(due > ms);
                    push(&mut queue, &mut events, due, Event::Due(id));
                }
                other => panic!("message {id}: {other:?}"),
            },
            Event::Answered(id, permit) => {
                let permit = permits[permit].take().expect("each permit once");
                let since_start = Duration::from_millis(ms);
                let outage = down.is_some_and(|(from, to)| since_start >= from && since_start < to);
                let answer = if outage || dice.chance(percent) {
                    Answer::NotZns
                } else {
                    Answer::Sent
                };
                let step = oa
                    .record(permit, answer, &mut attempts[id], now)
                    .expect("the OA's own permit");
                if oa.is_circuit_open() && !open {
                    figures.openings += 1;
                    if let Some((from, _)) = down {
                        figures
                            .opened_after
                            .get_or_insert(since_start.saturating_sub(from));
                    }
                }
                open = oa.is_circuit_open();
                match step {
                    NextStep::Done => delivered_at[id] = Some(ms),
                    NextStep::RetryAt(when) => {
                        let due = when.duration_since(start).unwrap().as_millis() as u64;
                        push(&mut queue, &mut events, due, Event::Due(id));
                    }
                    NextStep::FixFirst => figures.given_up += 1,
                    other => panic!("message {id}: {other:?}"),
                }
            }
        }
    }
    let mut total = Duration::ZERO;
    for (id, done) in delivered_at.iter().enumerate() {
        if let Some(done) = done {
            let delay = Duration::from_millis(done - id as u64 * 1000 / rate);
            total += delay;
            figures.worst_delay = figures.worst_delay.max(delay);
            figures.delivered += 1;
        }
    }
    figures.mean_delay = total / figures.delivered.max(1) as u32;
    figures
}

#[test]
fn sporadic_transient_answers_never_open_the_circuit() {
    for percent in [2.0, 5.0, 10.0] {
        let figures = run(50, Duration::from_secs(3600), percent, None);
        println!(
            "50 messages a second for an hour, {percent} % transient, Zalo up: {} messages, \
             {} openings, mean delay {:?}, worst {:?}, given up {}",
            figures.messages,
            figures.openings,
            figures.mean_delay,
            figures.worst_delay,
            figures.given_up
        );
        assert_eq!(figures.openings, 0, "{percent} %: {figures:?}");
        assert!(figures.mean_delay <= Duration::from_secs(60), "{figures:?}");
        assert!(figures.given_up * 5000 <= figures.messages, "{figures:?}");
        assert_eq!(figures.delivered + figures.given_up, figures.messages);
    }
}

#[test]
fn a_real_outage_at_fifty_messages_a_second_opens_it_within_seconds() {
    // Down for five minutes, ten minutes in.
    let down = (Duration::from_secs(600), Duration::from_secs(900));
    let figures = run(50, Duration::from_secs(1800), 2.0, Some(down));
    let opened = figures.opened_after.expect("the circuit opened");
    println!(
        "50 messages a second, Zalo down for 5 minutes: opened {opened:?} after it went down, \
         {} openings, mean delay {:?}, worst {:?}, given up {} of {}",
        figures.openings,
        figures.mean_delay,
        figures.worst_delay,
        figures.given_up,
        figures.messages
    );
    assert!(opened <= Duration::from_secs(2), "{figures:?}");
    assert_eq!(figures.given_up, 0, "{figures:?}");
}
