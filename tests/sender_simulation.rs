//! A bulk sender run over simulated weeks against a scripted Zalo, following
//! the crate's decisions as the README's loop does: `Attempts` kept with each
//! message, one single-flight token refresh for everyone, a queue paused
//! until the instant a wait names.
//!
//! The script: about 300 messages a day, mostly in business hours and some
//! late in the evening; an access token that lasts 25 hours; an OA daily
//! quota that Zalo cuts below what arrives for a few days; a template that
//! may not be sent at night; 502s, timeouts and -100s; recipients without
//! Zalo, with an old app, or who declined one type of ZNS.
//!
//! What must hold over the whole run is asserted on every decision: no token
//! failure held unless a refresh was just tried; no message to a good
//! recipient held except by the transient budget; every wait later than now
//! and outside 22:00–06:00; at most `MAX_SENDS` sends and none later than
//! `MAX_AGE_SECS` after the first; one refresh per expired token.

// The shared clock has more than this test uses.
#[allow(dead_code)]
#[path = "support/vietnam_clock.rs"]
mod vietnam_clock;

use std::collections::{BTreeMap, BTreeSet};
use std::time::{Duration, SystemTime};

use vietnam_clock::vietnam;
use zalo_zns_errors::{Attempts, ErrorCode, Failure, NextStep, Retry, Scope};

const SECOND: Duration = Duration::from_secs(1);
const HOUR: Duration = Duration::from_secs(3600);
const DAY: Duration = Duration::from_secs(24 * 3600);
const TOKEN_LIFE: Duration = Duration::from_secs(25 * 3600);

/// A small deterministic generator (SplitMix64): the same run every time.
struct Dice(u64);

impl Dice {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn chance(&mut self, per_thousand: u64) -> bool {
        self.below(1000) < per_thousand
    }
}

/// What is wrong with a recipient, in Zalo's view.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Recipient {
    Good,
    NoZalo,
    OldApp,
    /// Declined one type of ZNS: the order notices, not the OTPs.
    DeclinedOrders,
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Template {
    Otp,
    Orders,
    /// May not be sent between 22:00 and 06:00.
    NightRestricted,
}

/// The first code of the table whose labels match: the script answers with
/// what the table says, never with a number written here.
fn code_where(retry: Retry, scope: Scope, category: Option<&str>) -> i32 {
    ErrorCode::ALL
        .iter()
        .find(|c| {
            c.retry() == retry
                && c.scope() == scope
                && category.is_none_or(|cat| c.category().as_str() == cat)
        })
        .unwrap_or_else(|| panic!("the table has a {retry} {scope} code"))
        .code()
}

/// The answers the script gives, looked up in the table by their labels.
struct Codes {
    token: i32,
    transient: i32,
    no_zalo: i32,
    old_app: i32,
    declined_type: i32,
    night: i32,
    oa_quota: i32,
}

impl Codes {
    fn from_table() -> Codes {
        Codes {
            token: code_where(Retry::RefreshToken, Scope::Sender, None),
            transient: code_where(Retry::Backoff, Scope::Message, Some("internal")),
            no_zalo: code_where(Retry::Never, Scope::Recipient, None),
            old_app: code_where(Retry::OtherChannel, Scope::Recipient, None),
            declined_type: code_where(Retry::OtherChannel, Scope::Recipient, None),
            night: code_where(Retry::AfterNightWindow, Scope::Template, None),
            oa_quota: code_where(Retry::NextDay, Scope::Sender, None),
        }
    }
}

/// What came back for one send: a transport error, or a ZNS code.
#[derive(Clone, Copy, Debug, PartialEq)]
enum Answer {
    Transport,
    Code(i32),
}

/// The scripted Zalo: the token, the OA's daily quota and the clock's night.
struct Zalo {
    token_version: u32,
    token_expires: SystemTime,
    quota_by_day: fn(u64) -> u32,
    sent_today: (u64, u32),
    codes: Codes,
}

impl Zalo {
    fn answer(
        &mut self,
        dice: &mut Dice,
        token: u32,
        recipient: Recipient,
        template: Template,
        now: SystemTime,
        start: SystemTime,
    ) -> Answer {
        let codes = &self.codes;
        if dice.chance(20) {
            return Answer::Transport;
        }
        if dice.chance(10) {
            return Answer::Code(codes.transient);
        }
        if token != self.token_version || now >= self.token_expires {
            return Answer::Code(codes.token);
        }
        match recipient {
            Recipient::NoZalo => return Answer::Code(codes.no_zalo),
            Recipient::OldApp => return Answer::Code(codes.old_app),
            Recipient::DeclinedOrders if template == Template::Orders => {
                return Answer::Code(codes.declined_type);
            }
            _ => {}
        }
        if template == Template::NightRestricted && !is_day(now, start) {
            return Answer::Code(codes.night);
        }
        let day = vietnam_day_index(now, start);
        if self.sent_today.0 != day {
            self.sent_today = (day, 0);
        }
        if self.sent_today.1 >= (self.quota_by_day)(day) {
            return Answer::Code(codes.oa_quota);
        }
        self.sent_today.1 += 1;
        Answer::Code(0)
    }
}

/// Days since `start` (a Vietnam midnight).
fn vietnam_day_index(now: SystemTime, start: SystemTime) -> u64 {
    now.duration_since(start).unwrap().as_secs() / DAY.as_secs()
}

fn is_day(now: SystemTime, start: SystemTime) -> bool {
    let second = now.duration_since(start).unwrap().as_secs() % DAY.as_secs();
    (6 * 3600..22 * 3600).contains(&second)
}

struct Message {
    recipient: usize,
    template: Template,
    attempts: Attempts,
    first_send: Option<SystemTime>,
}

#[derive(Default, Debug)]
struct Tally {
    delivered: usize,
    other_channel: usize,
    held_transient: usize,
    held_waits: usize,
    held_age: usize,
    held_other: usize,
    refreshes: usize,
    expired_tokens_met: BTreeSet<u32>,
    delivered_to_declined: usize,
}

/// Runs `days` days of arrivals, then lets the queue drain; checks every
/// decision as it is made.
fn run(days: u64, quota_by_day: fn(u64) -> u32, seed: u64) -> Tally {
    let start = vietnam(2026, 12, 1, 0, 0, 0);
    let mut dice = Dice(seed);
    let recipients: Vec<Recipient> = (0..3000)
        .map(|_| match dice.below(100) {
            0..=2 => Recipient::NoZalo,
            3..=4 => Recipient::OldApp,
            5..=6 => Recipient::DeclinedOrders,
            _ => Recipient::Good,
        })
        .collect();
    let mut zalo = Zalo {
        token_version: 0,
        token_expires: start + 7 * HOUR,
        quota_by_day,
        sent_today: (0, 0),
        codes: Codes::from_table(),
    };
    let mut messages = Vec::new();
    // The queue: when each message is due, in order; a message sent at the
    // same instant as others goes out with the token current at that
    // instant, as concurrent sends do.
    let mut due: BTreeMap<(SystemTime, usize), ()> = BTreeMap::new();
    for day in 0..days {
        for _ in 0..300 {
            // Mostly 08:00–18:00, some until 23:30.
            let minute = if dice.chance(850) {
                8 * 60 + dice.below(10 * 60)
            } else {
                18 * 60 + dice.below(330)
            };
            let template = match dice.below(10) {
                0..=3 => Template::Otp,
                4..=7 => Template::Orders,
                _ => Template::NightRestricted,
            };
            let at = start + DAY * day as u32 + Duration::from_secs(minute * 60 + dice.below(60));
            due.insert((at, messages.len()), ());
            messages.push(Message {
                recipient: dice.below(recipients.len() as u64) as usize,
                template,
                attempts: Attempts::new(),
                first_send: None,
            });
        }
    }
    let mut suppressed = BTreeSet::new();
    let mut tally = Tally::default();
    let mut paused_until = start;
    // The token of the sends made at one instant: they are in flight
    // together, so a refresh by one does not help the others.
    let mut batch = (start, zalo.token_version);
    while let Some(((mut now, id), ())) = due.pop_first() {
        if now < paused_until {
            // The OA's queue is paused (a daily limit): the message waits.
            due.insert((paused_until, id), ());
            continue;
        }
        let message = &mut messages[id];
        let recipient = recipients[message.recipient];
        // A message held behind a paused queue past its deadline is
        // reported, not sent days late.
        if message
            .attempts
            .deadline()
            .is_some_and(|deadline| now > deadline)
        {
            tally.held_age += 1;
            continue;
        }
        if suppressed.contains(&message.recipient) {
            tally.other_channel += 1;
            continue;
        }
        if batch.0 != now {
            batch = (now, zalo.token_version);
        }
        let token = batch.1;
        let answer = zalo.answer(&mut dice, token, recipient, message.template, now, start);
        let sent_at = now;
        // Transport errors take a moment to be known.
        if answer == Answer::Transport {
            now += 10 * SECOND;
        }
        let first = *message.first_send.get_or_insert(sent_at);
        let before = message.attempts;
        let step = match answer {
            Answer::Transport => Retry::Backoff.next_step(&mut message.attempts, now),
            Answer::Code(code) => Failure::new(code, "").next_step(&mut message.attempts, now),
        };
        let code = match answer {
            Answer::Code(code) => Some(code),
            Answer::Transport => None,
        };
        let failure = code.map(|c| Failure::new(c, ""));
        let retry = failure.as_ref().map_or(Retry::Backoff, Failure::retry);

        // Sends stay within the budget and the message's age.
        assert!(message.attempts.sends() <= Attempts::MAX_SENDS);
        assert!(sent_at.duration_since(first).unwrap().as_secs() <= Attempts::MAX_AGE_SECS);
        if let NextStep::RetryAt(when) = step {
            assert!(when > now, "a retry at {when:?}, not after {now:?}");
            if matches!(retry, Retry::AfterNightWindow | Retry::NextDay) {
                assert!(is_day(when, start), "a wait ends in the night: {when:?}");
            }
        }
        if step == NextStep::FixFirst {
            // A token failure is held only when a refresh was just tried.
            if retry == Retry::RefreshToken {
                assert!(
                    before.after_token_failure(),
                    "message {id}: a token failure held without a refresh just before ({before:?})"
                );
            }
            // A good recipient's message is held only by a budget: the
            // transient one, the waits', or the message's age (the wait or
            // the backoff would pass its deadline).
            let spent = message.attempts;
            let past_deadline = |after: Duration| {
                spent
                    .deadline()
                    .is_some_and(|deadline| now + after > deadline)
            };
            let why = if spent.transient() > NextStep::BACKOFF_DELAYS.len() as u32 {
                Some(&mut tally.held_transient)
            } else if spent.waits() > Attempts::MAX_WAITS {
                Some(&mut tally.held_waits)
            } else if past_deadline(NextStep::BACKOFF_DELAYS[2]) || past_deadline(DAY + 6 * HOUR) {
                Some(&mut tally.held_age)
            } else {
                None
            };
            match why {
                Some(count) => *count += 1,
                None if recipient == Recipient::Good => {
                    panic!("message {id} to a good recipient held after {answer:?} ({spent:?})")
                }
                None => tally.held_other += 1,
            }
        }
        // A recipient who declined one type keeps getting the others.
        if let Some(failure) = &failure {
            if failure.retry() == Retry::OtherChannel {
                assert_ne!(
                    step,
                    NextStep::OtherChannel {
                        suppress_recipient: true
                    }
                );
            }
        }
        match step {
            NextStep::Done => {
                tally.delivered += 1;
                if recipient == Recipient::DeclinedOrders {
                    tally.delivered_to_declined += 1;
                }
            }
            NextStep::RetryAt(when) => {
                if failure.as_ref().is_some_and(|f| f.scope() == Scope::Sender) {
                    paused_until = paused_until.max(when);
                }
                due.insert((when, id), ());
            }
            NextStep::RefreshToken => {
                // Single-flight: only the message sent with the current
                // token refreshes it; the others just resend.
                if token == zalo.token_version {
                    assert!(
                        tally.expired_tokens_met.insert(token),
                        "token {token} refreshed twice"
                    );
                    tally.refreshes += 1;
                    zalo.token_version += 1;
                    zalo.token_expires = now + TOKEN_LIFE;
                }
                due.insert((now + SECOND, id), ());
            }
            NextStep::OtherChannel { suppress_recipient } => {
                tally.other_channel += 1;
                if suppress_recipient {
                    suppressed.insert(message.recipient);
                }
            }
            // FixFirst, counted above.
            _ => {}
        }
    }
    // No one who declined a type was suppressed for all of ZNS.
    for (index, &recipient) in recipients.iter().enumerate() {
        if suppressed.contains(&index) {
            assert_eq!(recipient, Recipient::NoZalo, "recipient {index}");
        }
    }
    tally
}

/// The OA's quota: 1,000 a day, cut to 200 (below the ~300 that arrive) on
/// days 3 to 5.
fn quota_cut_for_three_days(day: u64) -> u32 {
    if (3..6).contains(&day) { 200 } else { 1000 }
}

#[test]
fn four_weeks_with_a_quota_cut_and_an_expiring_token() {
    let tally = run(28, quota_cut_for_three_days, 0x5EED);
    assert_eq!(tally.held_other, 0, "{tally:?}");
    assert_eq!(tally.held_waits + tally.held_age, 0, "{tally:?}");
    // The token expired about once a day and was refreshed once each time.
    assert!(tally.refreshes >= 26, "{tally:?}");
    assert!(tally.delivered_to_declined > 0, "{tally:?}");
    assert!(tally.delivered > 28 * 300 * 8 / 10, "{tally:?}");
}

/// A quota cut that does not end: the backlog grows every day.
fn quota_cut_for_good(day: u64) -> u32 {
    if day >= 2 { 150 } else { 1000 }
}

#[test]
fn a_backlog_that_never_clears_is_held_after_the_wait_budget() {
    let tally = run(10, quota_cut_for_good, 0xBAC_C106);
    // Messages that waited their budget, or that the paused queue kept past
    // their deadline, are held for a person rather than retried every
    // morning; nothing else is held.
    assert!(tally.held_waits + tally.held_age > 0, "{tally:?}");
    assert_eq!(tally.held_other, 0, "{tally:?}");
}
