//! A bulk sender run over simulated days against a scripted Zalo, driven
//! through `OaState` as a real sender is: one `OaState` for the OA, a pool of
//! workers, each message asked `before_send` when it is due, and each answer
//! recorded for the message's `NextStep`.
//!
//! The script (tests/support/scripted_zalo.rs): about 300 messages a day,
//! mostly in business hours and some until 23:30; an access token that lasts
//! 25 hours, refreshed through a refresh endpoint that may time out or
//! refuse; a gateway outage; an OA daily quota that Zalo cuts for a few days;
//! a template that may not be sent at night, judged by Zalo's clock, which
//! may be ahead of the sender's; 2 % transport errors and 1 % transient
//! codes; recipients without Zalo, with an old app, or who declined one type
//! of ZNS.
//!
//! What must hold is asserted on every decision as it is made (see `Sim`):
//! every wait later than now and a wait for the morning not before 06:00
//! plus the margin; at most `max_sends` sends and none later than `max_age`
//! after the first answer, nor after a message's own deadline; only the
//! probe goes out while the circuit is open, probes spaced by the policy;
//! never two refresh calls in flight, refreshes ahead of the expiry, no
//! refresh token spent twice; the OA held only by a refused refresh, with a
//! reason that says to authorise it again; no one who declined a type
//! suppressed for all of ZNS; no message that waited for 06:00 meets the
//! night window again; no message held for a person except by a budget; and
//! every message ends in exactly one outcome.

#[allow(dead_code, reason = "the shared clock has more than this test uses")]
#[path = "support/vietnam_clock.rs"]
mod vietnam_clock;

#[allow(dead_code, reason = "the script has more than each case uses")]
#[path = "support/scripted_zalo.rs"]
mod scripted_zalo;

use std::collections::{BTreeMap, BTreeSet, VecDeque};
use std::time::{Duration, SystemTime};

use scripted_zalo::{
    DAY, Dice, HOUR, REFRESH_CLIENT_TIMEOUT, Recipient, RefreshCall, RefreshScript, TOKEN_LIFE,
    Template, Zalo, is_day, mornings_between, next_six_oclock, six_oclock_next_day,
    vn_second_of_day,
};
use vietnam_clock::vietnam;
use zalo_zns_errors::{
    Answer, Attempts, Clearance, HoldReason, NextStep, OaState, Permit, Policy, RefreshOutcome,
    RefreshRecorded, RefreshTicket, Retry, TokenId,
};

const SECOND: Duration = Duration::from_secs(1);
const MINUTE: Duration = Duration::from_secs(60);
/// The policy the OA runs with.
const POLICY: Policy = Policy::DEFAULT;
/// How many sends (or refresh calls) the sender has in flight at most.
const WORKERS: usize = 8;
/// The sender's HTTP client gives up on a send after this long.
const SEND_TIMEOUT: Duration = Duration::from_secs(10);
/// How long the first token the OA starts with still lasts (its age is
/// unknown to the OA).
const FIRST_TOKEN_LEFT: Duration = Duration::from_secs(7 * 3600);

/// The delay before the probe (or refresh try) after the `nth` failure in a
/// row, as `Policy::first_probe_delay` and `max_probe_delay` describe it.
fn probe_delay(nth: u32) -> Duration {
    let doubled = POLICY
        .first_probe_delay
        .checked_mul(1 << (nth - 1).min(20))
        .unwrap_or(POLICY.max_probe_delay);
    doubled.min(POLICY.max_probe_delay)
}

/// What the run is made of.
#[derive(Clone, Copy)]
struct Scenario {
    seed: u64,
    /// Days of arrivals; the run then goes on until the queue is empty.
    days: u64,
    quota_by_day: fn(u64) -> u32,
    /// How many seconds Zalo's clock is ahead of the sender's.
    skew: i64,
    /// Night-restricted messages a day arriving within 90 seconds of 22:00,
    /// and as many within 90 seconds of 06:00: where a skew shows.
    boundary_arrivals: u32,
    /// The sender's HTTP client gives up on a send after this long.
    send_timeout: Duration,
    refresh: Refresh,
    /// A person authorises the OA again this long after it was held.
    authorise_after_hold: Option<Duration>,
    /// A gateway outage: from this long after the start, for this long.
    outage: Option<(Duration, Duration)>,
    /// Extra messages on top of the daily ones: from this long after the
    /// start, this many, over this long.
    campaign: Option<(Duration, u32, Duration)>,
    /// OTPs must be delivered within this long of their arrival.
    otp_deadline: Option<Duration>,
}

#[derive(Clone, Copy)]
enum Refresh {
    Works,
    FirstCallTimesOut,
    DiesOnDay(u64),
}

impl Scenario {
    fn days(seed: u64, days: u64, quota_by_day: fn(u64) -> u32) -> Scenario {
        Scenario {
            seed,
            days,
            quota_by_day,
            skew: 0,
            boundary_arrivals: 0,
            send_timeout: SEND_TIMEOUT,
            refresh: Refresh::Works,
            authorise_after_hold: None,
            outage: None,
            campaign: None,
            otp_deadline: None,
        }
    }
}

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Outcome {
    Delivered,
    /// Sent another way (SMS).
    Sms,
    /// `FixFirst`: held for a person.
    HeldForPerson,
    Expired,
    /// Parked behind the OA's hold, never released.
    Parked,
}

struct Message {
    recipient: usize,
    template: Template,
    arrival: SystemTime,
    campaign: bool,
    attempts: Attempts,
    /// Sends counted by the sender.
    sends: u32,
    first_answer: Option<SystemTime>,
    /// When the message last got an answer that waits for 06:00.
    last_wait_answer: Option<SystemTime>,
    /// Whether the message was last told to wait for a morning.
    morning_wait: bool,
    met_token_failure: bool,
    outcome: Option<Outcome>,
}

impl Message {
    fn good(&self, recipients: &[Recipient]) -> bool {
        recipients[self.recipient] == Recipient::Good
    }
}

enum Event {
    Due(usize),
    Answered(usize, Permit, Answer),
    Refreshed(usize, RefreshTicket, RefreshCall),
    Authorise,
}

#[derive(Default, Debug)]
struct Tally {
    created: usize,
    delivered: usize,
    sms: usize,
    held_for_person: usize,
    expired: usize,
    parked: usize,
}

impl Tally {
    fn add(&mut self, outcome: Outcome) {
        match outcome {
            Outcome::Delivered => self.delivered += 1,
            Outcome::Sms => self.sms += 1,
            Outcome::HeldForPerson => self.held_for_person += 1,
            Outcome::Expired => self.expired += 1,
            Outcome::Parked => self.parked += 1,
        }
    }
    fn ended(&self) -> usize {
        self.delivered + self.sms + self.held_for_person + self.expired + self.parked
    }
}

/// What a run did, for the tests to judge and print.
#[derive(Default, Debug)]
struct Report {
    all: Tally,
    campaign: Tally,
    otp: Tally,
    /// `FixFirst` by the budget that explains it.
    held_transient: usize,
    held_waits: usize,
    held_refreshes: usize,
    held_sends: usize,
    held_age: usize,
    /// Good recipients' messages expired.
    expired_good: usize,
    /// Messages parked behind the OA's hold, and OTPs sent by SMS instead.
    parked_while_held: usize,
    sms_while_held: usize,
    /// Campaign messages to good recipients that did not end delivered.
    campaign_good_undelivered: usize,
    /// SMS for a recipient suppressed earlier, without a ZNS send.
    sms_to_suppressed: usize,
    /// OTPs sent by SMS after their deadline (their last send's answer
    /// came after it), and by how long at most.
    otp_sms_after_deadline: usize,
    otp_sms_latest: Duration,
    sends: usize,
    token_failure_answers: usize,
    token_failure_messages: usize,
    refresh_calls: u64,
    refresh_timeouts: u64,
    refused_dead: u64,
    grants: u64,
    max_refresh_calls_per_token: u32,
    sends_into_outage: u64,
    probes: usize,
    sends_while_open: usize,
    circuit_openings: usize,
    night_codes: usize,
    /// Night codes answered while the sender's clock said it was day.
    night_codes_in_senders_day: usize,
    quota_codes: usize,
    /// When the OA's quota was first met each day (Vietnam time).
    quota_reached: Vec<String>,
    morning_waits: usize,
    /// The most 06:00-waits one message had.
    max_waits: u32,
    held_at: Option<SystemTime>,
    authorised_at: Option<SystemTime>,
    delivered_after_authorisation: usize,
    delivered_to_declined: usize,
    /// The longest a message waited from its arrival to a send.
    oldest_send: Duration,
    last_campaign_delivery: Option<SystemTime>,
    outage_end: Option<SystemTime>,
    start: Option<SystemTime>,
    last_event: Option<SystemTime>,
    events: u64,
}

struct Sim {
    scenario: Scenario,
    start: SystemTime,
    oa: OaState,
    zalo: Zalo,
    dice: Dice,
    recipients: Vec<Recipient>,
    messages: Vec<Message>,
    events: BTreeMap<(SystemTime, u64), Event>,
    seq: u64,
    busy: usize,
    /// Messages due while every worker was busy, in order.
    ready: VecDeque<usize>,
    /// Messages kept while the OA is held.
    parked: Vec<usize>,
    suppressed: BTreeSet<usize>,
    /// The access token stored with each of the OA's token ids.
    tokens: BTreeMap<TokenId, u32>,
    /// The refresh token the sender holds.
    refresh_token: u32,
    /// When the sender got the current token from a grant (unknown for the
    /// first).
    token_granted_at: Option<SystemTime>,
    refresh_in_flight: u32,
    /// Refresh calls (and those that timed out) while each access token was
    /// Zalo's current one.
    refresh_calls_by_token: BTreeMap<u32, (u32, u32)>,
    circuit_open: bool,
    circuit_opened_at: Option<SystemTime>,
    last_probe: Option<SystemTime>,
    report: Report,
}

impl Sim {
    fn new(scenario: Scenario) -> Sim {
        let start = vietnam(2026, 12, 1, 0, 0, 0);
        let mut dice = Dice(scenario.seed);
        let recipients: Vec<Recipient> = (0..3000)
            .map(|_| match dice.below(100) {
                0..=2 => Recipient::NoZalo,
                3..=4 => Recipient::OldApp,
                5..=6 => Recipient::DeclinedOrders,
                _ => Recipient::Good,
            })
            .collect();
        let refresh_script = match scenario.refresh {
            Refresh::Works => RefreshScript::Works,
            Refresh::FirstCallTimesOut => RefreshScript::FirstCallTimesOut,
            Refresh::DiesOnDay(day) => RefreshScript::DiesAt(start + DAY * day as u32),
        };
        let zalo = Zalo::new(
            start,
            start + FIRST_TOKEN_LEFT,
            scenario.skew,
            scenario.quota_by_day,
            refresh_script,
            scenario.outage.map(|(from, long)| (start + from, long)),
        );
        let oa = OaState::with_policy(POLICY).expect("the default policy");
        let mut tokens = BTreeMap::new();
        tokens.insert(oa.token(), zalo.current_access());
        let mut sim = Sim {
            scenario,
            start,
            oa,
            zalo,
            dice: Dice(scenario.seed ^ 0x2A10),
            recipients,
            messages: Vec::new(),
            events: BTreeMap::new(),
            seq: 0,
            busy: 0,
            ready: VecDeque::new(),
            parked: Vec::new(),
            suppressed: BTreeSet::new(),
            tokens,
            refresh_token: 0,
            token_granted_at: None,
            refresh_in_flight: 0,
            refresh_calls_by_token: BTreeMap::new(),
            circuit_open: false,
            circuit_opened_at: None,
            last_probe: None,
            report: Report::default(),
        };
        sim.report.start = Some(start);
        sim.report.outage_end = scenario.outage.map(|(from, long)| start + from + long);
        for day in 0..scenario.days {
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
                let at =
                    start + DAY * day as u32 + Duration::from_secs(minute * 60 + dice.below(60));
                let recipient = dice.below(sim.recipients.len() as u64) as usize;
                sim.arrive(at, recipient, template, false);
            }
        }
        for day in 0..scenario.days {
            for _ in 0..scenario.boundary_arrivals {
                for boundary in [22 * HOUR, 6 * HOUR] {
                    let at = start + DAY * day as u32 + boundary - 90 * SECOND
                        + Duration::from_millis(dice.below(180_000));
                    let recipient = dice.below(sim.recipients.len() as u64) as usize;
                    sim.arrive(at, recipient, Template::NightRestricted, false);
                }
            }
        }
        if let Some((from, count, over)) = scenario.campaign {
            for _ in 0..count {
                let at = start + from + Duration::from_millis(dice.below(over.as_millis() as u64));
                let recipient = dice.below(sim.recipients.len() as u64) as usize;
                sim.arrive(at, recipient, Template::Orders, true);
            }
        }
        sim
    }

    fn arrive(&mut self, at: SystemTime, recipient: usize, template: Template, campaign: bool) {
        let attempts = match self.scenario.otp_deadline {
            Some(within) if template == Template::Otp => Attempts::with_deliver_by(at + within),
            _ => Attempts::new(),
        };
        let id = self.messages.len();
        self.messages.push(Message {
            recipient,
            template,
            arrival: at,
            campaign,
            attempts,
            sends: 0,
            first_answer: None,
            last_wait_answer: None,
            morning_wait: false,
            met_token_failure: false,
            outcome: None,
        });
        self.report.all.created += 1;
        if campaign {
            self.report.campaign.created += 1;
        }
        if template == Template::Otp {
            self.report.otp.created += 1;
        }
        self.schedule(at, Event::Due(id));
    }

    fn schedule(&mut self, at: SystemTime, event: Event) {
        self.seq += 1;
        self.events.insert((at, self.seq), event);
    }

    fn run(mut self) -> Report {
        let limit = 400 * self.messages.len() as u64 + 100_000;
        while let Some(((now, _), event)) = self.events.pop_first() {
            self.report.events += 1;
            self.report.last_event = Some(now);
            assert!(self.report.events < limit, "the run does not end");
            match event {
                Event::Due(id) => self.due(id, now),
                Event::Answered(id, permit, answer) => {
                    self.answered(id, permit, answer, now);
                    self.free_worker(now);
                }
                Event::Refreshed(id, ticket, call) => {
                    self.refreshed(id, ticket, call, now);
                    self.free_worker(now);
                }
                Event::Authorise => self.authorise(now),
            }
        }
        assert!(self.ready.is_empty() && self.busy == 0);
        for id in std::mem::take(&mut self.parked) {
            self.finish(id, Outcome::Parked, self.start);
        }
        // No message lost: each ended in exactly one outcome.
        for (id, message) in self.messages.iter().enumerate() {
            assert!(message.outcome.is_some(), "message {id} has no outcome");
        }
        let report = &mut self.report;
        assert_eq!(report.all.ended(), report.all.created, "{:?}", report.all);
        assert_eq!(report.campaign.ended(), report.campaign.created);
        assert_eq!(report.otp.ended(), report.otp.created);
        // Only those without Zalo are suppressed for all of ZNS.
        for &recipient in &self.suppressed {
            assert_eq!(self.recipients[recipient], Recipient::NoZalo);
        }
        // At most one refresh call per token's lifetime, besides the calls
        // that timed out.
        for (&token, &(calls, timeouts)) in &self.refresh_calls_by_token {
            assert!(
                calls <= 1 + timeouts,
                "{calls} refresh calls for token {token}"
            );
            report.max_refresh_calls_per_token = report.max_refresh_calls_per_token.max(calls);
        }
        report.token_failure_messages =
            self.messages.iter().filter(|m| m.met_token_failure).count();
        report.sends_into_outage = self.zalo.sends_into_outage;
        report.refresh_calls = self.zalo.refresh_calls;
        report.refresh_timeouts = self.zalo.refresh_timeouts;
        report.refused_dead = self.zalo.refused_dead;
        report.grants = self.zalo.grants;
        assert_eq!(self.zalo.refused_spent, 0, "a refresh token spent twice");
        self.report
    }

    fn finish(&mut self, id: usize, outcome: Outcome, now: SystemTime) {
        let message = &mut self.messages[id];
        assert_eq!(message.outcome, None, "message {id} ended twice");
        message.outcome = Some(outcome);
        self.report.all.add(outcome);
        if message.campaign {
            self.report.campaign.add(outcome);
            if self.recipients[message.recipient] == Recipient::Good
                && outcome != Outcome::Delivered
            {
                self.report.campaign_good_undelivered += 1;
            }
            if outcome == Outcome::Delivered {
                self.report.last_campaign_delivery = Some(now);
            }
        }
        if message.template == Template::Otp {
            self.report.otp.add(outcome);
            assert!(
                matches!(outcome, Outcome::Delivered | Outcome::Sms)
                    || self.scenario.otp_deadline.is_none(),
                "OTP {id} ended {outcome:?}"
            );
        }
        if outcome == Outcome::Delivered {
            if self.report.authorised_at.is_some() {
                self.report.delivered_after_authorisation += 1;
            }
            if self.recipients[message.recipient] == Recipient::DeclinedOrders {
                self.report.delivered_to_declined += 1;
            }
        }
    }

    fn free_worker(&mut self, now: SystemTime) {
        self.busy -= 1;
        while self.busy < WORKERS {
            let Some(id) = self.ready.pop_front() else {
                break;
            };
            self.due(id, now);
        }
    }

    /// A message is due: ask the OA whether it may go out.
    fn due(&mut self, id: usize, now: SystemTime) {
        assert_eq!(
            self.messages[id].outcome, None,
            "message {id} due after its end"
        );
        if self.busy >= WORKERS {
            self.ready.push_back(id);
            return;
        }
        let message = &self.messages[id];
        if self.suppressed.contains(&message.recipient) {
            self.report.sms_to_suppressed += 1;
            self.finish(id, Outcome::Sms, now);
            return;
        }
        let attempts = message.attempts;
        let deliver_by = attempts.deliver_by();
        let life = message.first_answer.map(|first| first + POLICY.max_age);
        let clearance = self.oa.before_send(&attempts, now);
        assert_eq!(self.messages[id].attempts, attempts, "asking spent nothing");
        match clearance {
            Clearance::Send(permit) => self.send(id, permit, now),
            Clearance::WaitUntil(at) => {
                assert!(
                    at > now,
                    "message {id}: a wait until {at:?}, not after {now:?}"
                );
                assert!(
                    life.is_none_or(|life| at <= life),
                    "message {id}: a wait past its life"
                );
                assert!(
                    deliver_by.is_none_or(|by| at <= by),
                    "message {id}: a wait until {at:?}, past its deadline {deliver_by:?}"
                );
                if let Some(paused) = self.oa.paused_until().filter(|&p| p > now && at >= p) {
                    // A wait for the morning.
                    self.check_morning(paused, "the OA's pause");
                    self.messages[id].morning_wait = true;
                }
                self.schedule(at, Event::Due(id));
            }
            Clearance::Refresh(ticket) => {
                assert_eq!(self.refresh_in_flight, 0, "two refresh calls in flight");
                self.refresh_in_flight += 1;
                self.busy += 1;
                let current = self.zalo.current_access();
                if let Some(granted) = self.token_granted_at {
                    // Ahead of the expiry, not before.
                    let due =
                        granted + TOKEN_LIFE - TOKEN_LIFE / 100 * POLICY.refresh_ahead_percent;
                    assert!(
                        now >= due,
                        "a refresh at {now:?}, before it was due at {due:?}"
                    );
                }
                let call = self.zalo.refresh(self.refresh_token, now);
                let entry = self.refresh_calls_by_token.entry(current).or_default();
                entry.0 += 1;
                entry.1 += u32::from(call.outcome == RefreshOutcome::Transient);
                assert!(
                    self.zalo.refused_dead <= 1,
                    "a refresh call after the refusal"
                );
                self.schedule(now + call.took, Event::Refreshed(id, ticket, call));
            }
            Clearance::Held => {
                let hold = self.oa.hold().expect("held with a hold");
                assert!(hold.needs_authorisation(), "{hold}");
                assert_eq!(deliver_by, None, "a message with a deadline held");
                self.parked.push(id);
                self.report.parked_while_held += 1;
            }
            Clearance::OtherChannel => {
                let by = deliver_by.expect("another channel for a message with a deadline");
                self.report.sms_while_held += usize::from(self.oa.hold().is_some());
                self.otp_sms(id, by, now);
            }
            Clearance::Expired => {
                let life = life.expect("expired after a first answer");
                assert!(
                    now + POLICY.spread + 31 * HOUR > life,
                    "message {id} expired long before its life ends"
                );
                if self.messages[id].good(&self.recipients) {
                    self.report.expired_good += 1;
                }
                self.finish(id, Outcome::Expired, now);
            }
            other => panic!("a clearance this test does not know: {other:?}"),
        }
        self.check_oa(now);
    }

    /// An OTP goes out by SMS at `now`; its deadline was `by`.
    fn otp_sms(&mut self, id: usize, by: SystemTime, now: SystemTime) {
        if now > by {
            // Only the time its last send or refresh call took (or a worker
            // to be free) can carry it past the deadline.
            let late = now.duration_since(by).unwrap();
            self.report.otp_sms_after_deadline += 1;
            self.report.otp_sms_latest = self.report.otp_sms_latest.max(late);
        }
        self.finish(id, Outcome::Sms, now);
    }

    fn send(&mut self, id: usize, permit: Permit, now: SystemTime) {
        assert!(self.oa.hold().is_none(), "a send while the OA is held");
        assert_eq!(permit.token(), self.oa.token());
        let open = self.oa.is_circuit_open();
        if permit.is_probe() {
            assert!(open, "a probe with the circuit closed");
            let earliest = match self.last_probe {
                Some(last) => last + probe_delay(2),
                None => self.circuit_opened_at.expect("opened") + probe_delay(1),
            };
            assert!(now >= earliest, "a probe at {now:?}, before {earliest:?}");
            self.last_probe = Some(now);
            self.report.probes += 1;
        } else {
            assert!(
                !open,
                "message {id} sent while the circuit is open, not as the probe"
            );
        }
        if open {
            self.report.sends_while_open += 1;
        }
        let message = &mut self.messages[id];
        assert!(
            message.sends < POLICY.max_sends,
            "message {id}: one send too many"
        );
        if let Some(first) = message.first_answer {
            assert!(
                now <= first + POLICY.max_age,
                "message {id} sent past its life"
            );
            assert!(message.attempts.deadline().is_some_and(|d| now <= d));
        }
        if let Some(by) = message.attempts.deliver_by() {
            assert!(
                now <= by,
                "message {id} sent at {now:?}, after its deadline {by:?}"
            );
        }
        message.sends += 1;
        self.report.sends += 1;
        self.report.oldest_send = self
            .report
            .oldest_send
            .max(now.duration_since(message.arrival).unwrap());
        let access = *self.tokens.get(&permit.token()).expect("a stored token");
        let (recipient, template) = (self.recipients[message.recipient], message.template);
        let (answer, took) = self.zalo.send(
            &mut self.dice,
            access,
            recipient,
            template,
            now,
            self.scenario.send_timeout,
        );
        self.busy += 1;
        self.schedule(now + took, Event::Answered(id, permit, answer));
    }

    /// The answer to a send came: record it and act on the message's step.
    fn answered(&mut self, id: usize, permit: Permit, answer: Answer, now: SystemTime) {
        let codes = self.zalo.codes;
        let message = &mut self.messages[id];
        let retry = answer.retry();
        let waits_for_morning = matches!(retry, Retry::AfterNightWindow | Retry::NextDay);
        if answer == Answer::Code(codes.night) {
            self.report.night_codes += 1;
            self.report.night_codes_in_senders_day += usize::from(is_day(now));
            assert!(
                !message.morning_wait,
                "message {id} met the night window again after a wait for the morning"
            );
        }
        if answer == Answer::Code(codes.oa_quota) {
            self.report.quota_codes += 1;
            let second = vn_second_of_day(now);
            let day = format!(
                "day {}",
                now.duration_since(self.start).unwrap().as_secs() / 86_400
            );
            if !self
                .report
                .quota_reached
                .iter()
                .any(|d| d.starts_with(&day))
            {
                let at = format!("{day} {:02}:{:02}", second / 3600, second % 3600 / 60);
                self.report.quota_reached.push(at);
            }
        }
        if retry == Retry::RefreshToken {
            self.report.token_failure_answers += 1;
            message.met_token_failure = true;
        }
        message.morning_wait = false;
        let first = *message.first_answer.get_or_insert(now);
        let step = self
            .oa
            .record(permit, answer, &mut message.attempts, now)
            .expect("the OA's own permit");
        let attempts = message.attempts;
        assert_eq!(
            attempts.sends(),
            message.sends,
            "message {id}: sends counted"
        );
        assert!(attempts.sends() <= POLICY.max_sends);
        if waits_for_morning {
            // Each wait for 06:00 is explained by a night: one 06:00 passed
            // since the last one, and no more waits than mornings lived.
            if let Some(last) = message.last_wait_answer {
                assert!(
                    mornings_between(last, now) >= 1,
                    "message {id}: two waits for 06:00 within one night ({last:?}, {now:?})"
                );
            }
            message.last_wait_answer = Some(now);
            assert!(
                u64::from(attempts.waits()) <= 1 + mornings_between(first, now),
                "message {id}: {} waits since {first:?}",
                attempts.waits()
            );
            self.report.max_waits = self.report.max_waits.max(attempts.waits());
        }
        let deliver_by = attempts.deliver_by();
        let good = message.good(&self.recipients);
        let recipient = message.recipient;
        match step {
            NextStep::Done => {
                assert_eq!(answer, Answer::Sent);
                self.finish(id, Outcome::Delivered, now);
            }
            NextStep::RetryAt(at) => {
                assert!(
                    at > now,
                    "message {id}: a retry at {at:?}, not after {now:?} ({answer:?})"
                );
                assert!(
                    at <= first + POLICY.max_age,
                    "message {id}: a retry past its life"
                );
                assert!(
                    deliver_by.is_none_or(|by| at <= by),
                    "message {id}: a retry past its deadline"
                );
                if waits_for_morning {
                    self.check_morning(at, "a wait for 06:00");
                    // No wait lost: it ends at the first morning Zalo's
                    // clock allows, plus the margin and the spread.
                    let zalo_now = self.zalo.clock(now);
                    let morning = if retry == Retry::NextDay {
                        six_oclock_next_day(zalo_now)
                    } else {
                        next_six_oclock(zalo_now)
                    };
                    assert!(
                        at <= morning + POLICY.morning_margin + POLICY.spread,
                        "message {id}: a wait after {answer:?} at {now:?} ends at {at:?}, after Zalo's morning {morning:?}"
                    );
                    self.messages[id].morning_wait = true;
                    self.report.morning_waits += 1;
                }
                self.schedule(at, Event::Due(id));
            }
            NextStep::RefreshToken => {
                assert_eq!(retry, Retry::RefreshToken);
                self.schedule(now + SECOND, Event::Due(id));
            }
            NextStep::OtherChannel { suppress_recipient } => {
                if suppress_recipient {
                    assert_eq!(retry, Retry::Never, "suppressed after {answer:?}");
                    self.suppressed.insert(recipient);
                }
                match deliver_by {
                    Some(by) => self.otp_sms(id, by, now),
                    None => {
                        assert!(matches!(retry, Retry::Never | Retry::OtherChannel));
                        self.finish(id, Outcome::Sms, now);
                    }
                }
            }
            NextStep::FixFirst => {
                assert_eq!(
                    deliver_by, None,
                    "a message with a deadline held for a person"
                );
                // Held for a person only by a budget.
                let horizon = if waits_for_morning {
                    31 * HOUR
                } else {
                    POLICY.spread + POLICY.max_probe_delay + 9 * MINUTE
                };
                let count = if attempts.transient() > POLICY.transient_retries {
                    &mut self.report.held_transient
                } else if attempts.waits() > POLICY.max_waits {
                    &mut self.report.held_waits
                } else if attempts.refreshes() > POLICY.max_refreshes {
                    &mut self.report.held_refreshes
                } else if attempts.sends() >= POLICY.max_sends {
                    &mut self.report.held_sends
                } else if now + horizon > first + POLICY.max_age {
                    &mut self.report.held_age
                } else {
                    panic!("message {id} (good: {good}) held after {answer:?} ({attempts:?})");
                };
                *count += 1;
                self.finish(id, Outcome::HeldForPerson, now);
            }
            other => panic!("a step this test does not know: {other:?}"),
        }
        self.check_oa(now);
    }

    /// A refresh call ended: record it, then ask again for the message.
    fn refreshed(&mut self, id: usize, ticket: RefreshTicket, call: RefreshCall, now: SystemTime) {
        self.refresh_in_flight -= 1;
        let granted = matches!(call.outcome, RefreshOutcome::Granted { .. });
        let refused = matches!(call.outcome, RefreshOutcome::Refused(_));
        let recorded = self
            .oa
            .record_refresh(ticket, call.outcome, now)
            .expect("the OA's own ticket");
        match recorded {
            RefreshRecorded::NewPair { id: token, grant } => {
                assert!(granted);
                let (access, refresh) = call.pair.expect("a granted pair");
                assert_eq!(grant.access_token(), format!("z{access}"));
                assert_eq!(self.oa.token(), token);
                self.tokens.insert(token, access);
                self.refresh_token = refresh;
                self.token_granted_at = Some(now);
            }
            RefreshRecorded::Held => {
                assert!(refused);
                assert!(self.oa.hold().is_some(), "held, but no hold");
            }
            RefreshRecorded::AuthoriseAgain(alert) => {
                assert!(refused);
                assert!(self.oa.hold().is_none(), "{alert}");
            }
            RefreshRecorded::RetryFrom(at) => {
                assert!(!granted && !refused);
                assert!(at > now);
            }
            other => panic!("a refresh this test does not expect: {other:?}"),
        }
        if !refused {
            assert_eq!(self.oa.refresh_failures(), u32::from(!granted));
        }
        self.check_oa(now);
        self.schedule(now, Event::Due(id));
    }

    /// A person authorised the OA again.
    fn authorise(&mut self, now: SystemTime) {
        assert!(self.oa.hold().is_some_and(|h| h.needs_authorisation()));
        let (access, refresh) = self.zalo.authorise(now);
        let token = self.oa.token_granted(now, Some(TOKEN_LIFE));
        assert!(
            self.oa.hold().is_none(),
            "authorising did not release the OA"
        );
        self.tokens.insert(token, access);
        self.refresh_token = refresh;
        self.token_granted_at = Some(now);
        self.report.authorised_at = Some(now);
        for id in std::mem::take(&mut self.parked) {
            self.schedule(now, Event::Due(id));
        }
    }

    /// A wait for the morning ends at or after 06:00 plus the margin, in
    /// the day.
    fn check_morning(&self, at: SystemTime, what: &str) {
        let earliest = 6 * 3600 + POLICY.morning_margin.as_secs();
        let second = vn_second_of_day(at);
        assert!(
            second >= earliest && is_day(at),
            "{what} ends at {at:?}, {}:{:02} in Vietnam",
            second / 3600,
            second % 3600 / 60
        );
    }

    /// What must hold of the OA after every decision.
    fn check_oa(&mut self, now: SystemTime) {
        if let Some(hold) = self.oa.hold() {
            assert!(
                self.zalo.refused_dead > 0,
                "the OA held with no refused refresh: {hold}"
            );
            assert!(
                matches!(hold.reason(), HoldReason::RefreshRefused(_)),
                "{hold:?}"
            );
            assert!(hold.needs_authorisation());
            assert!(!hold.to_string().is_empty() && !hold.vi().to_string().is_empty());
            if self.report.held_at.is_none() {
                self.report.held_at = Some(now);
                if let Some(after) = self.scenario.authorise_after_hold {
                    self.schedule(now + after, Event::Authorise);
                }
            }
        }
        if let Some(paused) = self.oa.paused_until().filter(|&p| p > now) {
            self.check_morning(paused, "the OA's pause");
        }
        let open = self.oa.is_circuit_open();
        if open && !self.circuit_open {
            self.report.circuit_openings += 1;
            self.circuit_opened_at = Some(now);
            self.last_probe = None;
        }
        self.circuit_open = open;
    }
}

fn run(scenario: Scenario) -> Report {
    let report = Sim::new(scenario).run();
    println!(
        "delivered {}, by SMS {}, held {} (expired {}), parked {}; refresh calls {} \
         (timed out {}, refused {}); sends {}, into the outage {}, probes {}, \
         token failures met by {} messages",
        report.all.delivered,
        report.all.sms,
        report.all.held_for_person,
        report.all.expired,
        report.all.parked,
        report.refresh_calls,
        report.refresh_timeouts,
        report.refused_dead,
        report.sends,
        report.sends_into_outage,
        report.probes,
        report.token_failure_messages,
    );
    println!(
        "held for a person by the transient budget {}, the waits {}, the age {}; \
         good messages expired {}; parked while the OA was held {}, OTPs by SMS then {}; \
         delivered after authorising again {}; circuit openings {}, sends while open {}; \
         night codes {}, quota codes {}, waits for 06:00 {}",
        report.held_transient,
        report.held_waits,
        report.held_age,
        report.expired_good,
        report.parked_while_held,
        report.sms_while_held,
        report.delivered_after_authorisation,
        report.circuit_openings,
        report.sends_while_open,
        report.night_codes,
        report.quota_codes,
        report.morning_waits,
    );
    report
}

/// The OA's quota: 1,000 a day, cut to 200 (below the ~300 that arrive) on
/// days 3 to 5.
fn quota_cut_for_three_days(day: u64) -> u32 {
    if (3..6).contains(&day) { 200 } else { 1000 }
}

/// A quota cut that does not end: the backlog grows every day.
fn quota_cut_for_good(day: u64) -> u32 {
    if day >= 2 { 150 } else { 1000 }
}

/// Room for a campaign.
fn large_quota(_day: u64) -> u32 {
    10_000
}

/// A quota reached in the evening: fewer than what arrives each day.
fn quota_reached_in_the_evening(_day: u64) -> u32 {
    250
}

/// Checks that every run shares.
fn assert_common(report: &Report) {
    assert_eq!(report.held_refreshes + report.held_sends, 0, "{report:?}");
    assert!(report.delivered_to_declined > 0, "{report:?}");
}

#[test]
fn an_outage_during_a_campaign_costs_a_few_sends_and_no_message() {
    let outage = 20 * MINUTE;
    let mut scenario = Scenario::days(0x0C7A6E, 2, large_quota);
    scenario.outage = Some((10 * HOUR, outage));
    scenario.campaign = Some((10 * HOUR, 2000, 4 * MINUTE));
    let report = run(scenario);
    assert_common(&report);
    // Every campaign message was delivered after the outage, or sent by SMS
    // for its recipient; none held for a person or expired.
    let campaign = &report.campaign;
    assert_eq!(
        campaign.held_for_person + campaign.expired + campaign.parked,
        0,
        "{campaign:?}"
    );
    assert!(campaign.delivered > 2000 * 9 / 10, "{campaign:?}");
    assert_eq!(report.campaign_good_undelivered, 0, "{report:?}");
    assert!(report.last_campaign_delivery > report.outage_end);
    assert_eq!(
        report.all.held_for_person + report.all.expired,
        0,
        "{report:?}"
    );
    // Sends into the outage: those that open the circuit (at most the
    // failure percent of the circuit's window of 64 answers, full of
    // successes before the outage), those already in flight then, and the
    // probes the policy allows in 20 minutes (0.2 sent 6,003).
    let mut probes_allowed = 0;
    let mut elapsed = Duration::ZERO;
    while elapsed + probe_delay(probes_allowed + 1) < outage {
        probes_allowed += 1;
        elapsed += probe_delay(probes_allowed);
    }
    let to_open = u64::from(POLICY.circuit_min_failures)
        .max((64 * u64::from(POLICY.circuit_failure_percent)).div_ceil(100));
    let bound = to_open + (WORKERS as u64 - 1) + u64::from(probes_allowed);
    println!(
        "sends into the outage: {} (bound {bound}: to open {to_open}, in flight {}, probes {probes_allowed}); probes {}",
        report.sends_into_outage,
        WORKERS - 1,
        report.probes
    );
    assert!(report.sends_into_outage <= bound, "{report:?}");
    assert!(report.probes <= probes_allowed as usize + 1, "{report:?}");
    // At most one probe a minute.
    assert!(
        report.probes <= outage.as_secs() as usize / 60,
        "{report:?}"
    );
    assert_eq!(report.sends_while_open, report.probes);
    assert_eq!(report.circuit_openings, 1, "{report:?}");
}

#[test]
fn a_refresh_call_that_times_out_is_tried_again_and_holds_nothing() {
    let mut scenario = Scenario::days(0x0071_3E0F, 6, quota_cut_for_three_days);
    scenario.refresh = Refresh::FirstCallTimesOut;
    let report = run(scenario);
    assert_common(&report);
    assert_eq!(report.held_at, None, "the OA was held: {report:?}");
    assert!(report.refresh_timeouts >= 5, "{report:?}");
    assert_eq!(report.grants, report.refresh_timeouts, "{report:?}");
    assert_eq!(
        report.all.held_for_person + report.all.expired,
        0,
        "{report:?}"
    );
}

#[test]
fn a_dead_refresh_token_holds_the_oa_until_it_is_authorised_again() {
    let mut scenario = Scenario::days(0x0DEA_D70C, 8, quota_cut_for_three_days);
    scenario.refresh = Refresh::DiesOnDay(3);
    scenario.authorise_after_hold = Some(5 * HOUR);
    // OTPs cannot wait for a person: they go by SMS while the OA is held.
    scenario.otp_deadline = Some(5 * MINUTE);
    let report = run(scenario);
    assert_common(&report);
    // One refresh call found the token dead; none after it.
    assert_eq!(report.refused_dead, 1, "{report:?}");
    let held = report.held_at.expect("the OA was held");
    let authorised = report.authorised_at.expect("the OA was authorised again");
    assert_eq!(authorised, held + 5 * HOUR);
    assert!(
        report.parked_while_held > 0 && report.sms_while_held > 0,
        "{report:?}"
    );
    // Sending resumed: every parked message went out again.
    assert!(
        report.delivered_after_authorisation > 4 * 300 * 8 / 10,
        "{report:?}"
    );
    assert_eq!(report.all.parked, 0, "{report:?}");
    assert_eq!(
        report.all.held_for_person + report.all.expired,
        0,
        "{report:?}"
    );
}

/// A hold's texts say to authorise the OA again.
#[test]
fn a_refused_refresh_says_to_authorise_the_oa_again() {
    let now = vietnam(2026, 12, 3, 10, 0, 0);
    let mut oa = OaState::new();
    oa.token_granted(now, Some(TOKEN_LIFE));
    let later = now + TOKEN_LIFE - HOUR;
    let Clearance::Refresh(ticket) = oa.before_send(&Attempts::new(), later) else {
        panic!("a refresh ahead of the expiry")
    };
    let refused = RefreshOutcome::Refused(zalo_zns_errors::RefreshRefused::empty_body());
    // The token still works for an hour: a person is told, and the OA sends
    // on until it expires.
    let Ok(RefreshRecorded::AuthoriseAgain(alert)) = oa.record_refresh(ticket, refused, later)
    else {
        panic!("an alert")
    };
    assert_eq!(alert.by(), Some(now + TOKEN_LIFE));
    assert!(alert.to_string().contains("2026-12-04 11:00"), "{alert}");
    assert!(
        alert.vi().to_string().contains("2026-12-04 11:00"),
        "{}",
        alert.vi()
    );
    assert!(matches!(
        oa.before_send(&Attempts::new(), later),
        Clearance::Send(_)
    ));
    let expired = now + TOKEN_LIFE;
    assert_eq!(oa.before_send(&Attempts::new(), expired), Clearance::Held);
    let hold = oa.hold().expect("held");
    assert!(hold.needs_authorisation());
    assert!(!hold.to_string().is_empty() && !hold.vi().to_string().is_empty());
}

fn zalo_clock_ahead(seconds: i64) -> Report {
    let mut scenario = Scenario::days(0x5CE3, 7, quota_cut_for_three_days);
    scenario.skew = seconds;
    scenario.boundary_arrivals = 20;
    let report = run(scenario);
    assert_common(&report);
    // Nights and quota waits happened, and none was lost to the skew: the
    // checks on each answer (a wait ends at Zalo's next morning, one 06:00
    // between two waits, no night code after a wait for the morning); no
    // message waited its budget.
    assert!(
        report.night_codes > 0 && report.quota_codes > 0,
        "{report:?}"
    );
    assert!(report.max_waits <= 2, "{report:?}");
    assert_eq!(report.held_waits + report.held_age, 0, "{report:?}");
    assert_eq!(
        report.all.held_for_person + report.all.expired,
        0,
        "{report:?}"
    );
    println!(
        "Zalo {seconds} s ahead: {} night codes, {} of them while the sender's clock said day",
        report.night_codes, report.night_codes_in_senders_day
    );
    report
}

#[test]
fn a_zalo_clock_5_seconds_ahead_loses_no_wait() {
    zalo_clock_ahead(5);
}

#[test]
fn a_zalo_clock_59_seconds_ahead_loses_no_wait() {
    let report = zalo_clock_ahead(59);
    // The skew showed: Zalo said night before the sender's 22:00.
    assert!(report.night_codes_in_senders_day > 0, "{report:?}");
}

#[test]
fn otps_with_a_five_minute_deadline_go_by_sms_when_zns_cannot_deliver_them() {
    let mut scenario = Scenario::days(0x0007_9000, 7, quota_reached_in_the_evening);
    scenario.otp_deadline = Some(5 * MINUTE);
    // An outage in the afternoon of day 2, too.
    scenario.outage = Some((2 * DAY + 15 * HOUR, 20 * MINUTE));
    let report = run(scenario);
    assert_common(&report);
    let otp = &report.otp;
    // No OTP held, expired or parked (each outcome is checked as it is
    // decided, every send against the deadline).
    assert_eq!(otp.held_for_person + otp.expired + otp.parked, 0, "{otp:?}");
    assert!(
        otp.sms > otp.created / 10,
        "the quota sent OTPs by SMS: {otp:?}"
    );
    // The quota ran out in the evening or late afternoon, not in the morning.
    assert!(report.quota_reached.len() >= 5, "{report:?}");
    for reached in &report.quota_reached {
        let hour: u32 = reached[reached.len() - 5..][..2].parse().unwrap();
        assert!(hour >= 15, "the quota ran out at {reached}");
    }
    // An SMS after the deadline only when the last send's answer came after
    // it: a send made by the deadline that timed out.
    assert!(
        report.otp_sms_latest <= SEND_TIMEOUT.max(REFRESH_CLIENT_TIMEOUT),
        "{report:?}"
    );
    println!(
        "OTPs: {} delivered, {} by SMS ({} after the deadline, by {:?} at most); quota reached {:?}",
        otp.delivered,
        otp.sms,
        report.otp_sms_after_deadline,
        report.otp_sms_latest,
        report.quota_reached
    );
}

#[test]
fn four_weeks_with_a_quota_cut_and_an_expiring_token() {
    let report = run(Scenario::days(0x5EED, 28, quota_cut_for_three_days));
    assert_common(&report);
    assert_eq!(
        report.all.held_for_person + report.all.expired,
        0,
        "{report:?}"
    );
    assert_eq!(report.held_at, None);
    // Refreshed ahead of each expiry, about once every 22.5 hours, once per
    // token.
    assert!(report.refresh_calls >= 28, "{report:?}");
    assert!(report.refresh_calls <= 32, "{report:?}");
    assert_eq!(report.max_refresh_calls_per_token, 1, "{report:?}");
    // Only sends in flight while a refresh switched the token met the
    // token failure.
    assert!(
        report.token_failure_messages as u64 <= WORKERS as u64 * (report.refresh_calls + 1),
        "{report:?}"
    );
    assert!(report.all.delivered > 28 * 300 * 8 / 10, "{report:?}");
}

#[test]
fn a_backlog_that_never_clears_pauses_the_oa_once_a_day() {
    let days = 10;
    let report = run(Scenario::days(0x0BAC_C106, days, quota_cut_for_good));
    assert_common(&report);
    assert_eq!(report.held_at, None);
    // The quota pauses the OA until the next morning: only the sends in
    // flight when it ran out meet its code, once a day, instead of every
    // message every morning.
    let (start, end) = (report.start.unwrap(), report.last_event.unwrap());
    let days_run = end.duration_since(start).unwrap().as_secs() / 86_400 + 1;
    assert!(
        report.quota_codes as u64 <= WORKERS as u64 * days_run,
        "{report:?}"
    );
    assert!(report.max_waits <= 2, "{report:?}");
    // Messages that met the quota and that the paused OA then kept past
    // their life expire rather than go out days late; nothing is held for
    // a person.
    assert!(report.expired_good > 0, "{report:?}");
    assert_eq!(report.all.held_for_person, 0, "{report:?}");
    println!(
        "the oldest message sent went out {:.1} days after it arrived",
        report.oldest_send.as_secs_f64() / 86_400.0
    );
}
