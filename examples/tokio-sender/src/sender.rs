//! The sender: worker tasks, a time-ordered queue, one OA's [`OaState`]
//! behind a `std::sync::Mutex`, and a JSON file that holds it all.
//!
//! Each worker takes the first message that is due and asks the state
//! before sending it; it holds the lock only to ask and to record, never
//! across an `.await`. A wait the state asks for
//! ([`Clearance::WaitUntil`], [`NextStep::RetryAt`]) becomes the message's due
//! time in the queue, and the worker moves on to the next message.
//!
//! The store ([`crate::store`]) is one JSON file: the state, the pair of
//! tokens it speaks of, and every queued message with its [`Attempts`]. What
//! a turn under the lock changed is written before the lock is released, so
//! that what the file says is always what the state decided: a new pair is
//! in the file before any worker can send with it.

use std::cmp::Reverse;
use std::collections::{BTreeMap, BTreeSet, BinaryHeap, HashSet};
use std::io;
use std::path::PathBuf;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, SystemTime};

use crate::store::{Book, Journal, Line, Queued, Tokens};
use serde::{Deserialize, Serialize};
use tokio::sync::Notify;
use tokio::task::JoinHandle;
use zalo_zns_errors::{
    Answer, Attempts, Clearance, NextStep, OaState, Permit, Policy, RefreshRecorded, RefreshTicket,
    Response, TokenId,
};

/// A policy short enough to run an outage, a refresh that times out and a
/// restart in real time within seconds. Each value is within
/// [`Policy::check`]'s limits.
#[must_use]
pub fn short_policy() -> Policy {
    let mut policy = Policy::DEFAULT;
    // A message's own transient answers: retried after 1 s, 2 s, 4 s.
    policy.first_transient_delay = Duration::from_secs(1);
    policy.transient_growth = 2;
    policy.transient_retries = 3;
    // The circuit opens on 4 transient answers that are half of the last
    // ones; the window must hold a lone message's 4 (1 + 2 + 4 s).
    policy.circuit_min_failures = 4;
    policy.circuit_window = Duration::from_secs(10);
    // Probes (and tries of a refresh that failed) after 1 s, then 2 s.
    policy.first_probe_delay = Duration::from_secs(1);
    policy.max_probe_delay = Duration::from_secs(2);
    // A call unanswered for 2.5 s has failed: the HTTP client gives up
    // before that (see `Config::http_timeout`).
    policy.call_timeout = Duration::from_millis(2500);
    // A backlog released at one instant goes out over half a second.
    policy.spread = Duration::from_millis(500);
    policy
}

/// Where the sender sends, where it stores, and how.
#[derive(Debug, Clone)]
pub struct Config {
    /// Base URL of the ZNS API (`https://business.openapi.zalo.me`): the
    /// send endpoint is `{zalo_url}/message/template`.
    pub zalo_url: String,
    /// Base URL of Zalo's OAuth server (`https://oauth.zaloapp.com`): the
    /// refresh endpoint is `{oauth_url}/v4/oa/access_token`.
    pub oauth_url: String,
    /// The SMS gateway's endpoint.
    pub sms_url: String,
    /// The Zalo app's id, for the refresh call.
    pub app_id: String,
    /// The app's secret key.
    pub secret_key: String,
    /// The JSON file the sender keeps its state, tokens and queue in.
    pub store: PathBuf,
    /// How many worker tasks send at once.
    pub workers: usize,
    /// The OA's policy, for a new state or to replace a stored one's.
    pub policy: Policy,
    /// The HTTP client's timeout for a whole call (connect, send, read the
    /// body). It must be below [`Policy::call_timeout`]: once a call has
    /// outlived `call_timeout`, the state counts it as failed and lets
    /// another refresh call go out. If the client could still be waiting
    /// for the first one, two refresh calls would be in flight with the
    /// same refresh token, which Zalo accepts once: the second answer is
    /// empty, and the OA must be authorised again by a person. With the
    /// client's timeout below it, the first call is over (given up) before
    /// the state can give out another ticket. [`Sender::open`] refuses a
    /// configuration that breaks this.
    pub http_timeout: Duration,
    /// How long before an OTP's own deadline the state is told to stop
    /// trying ZNS: the time the sender may need to take the message from
    /// the queue and get the SMS out (the state decides at the instant it is
    /// asked; the queue and the SMS call come after).
    pub sms_margin: Duration,
    /// The pair of tokens to start with when there is no store yet.
    pub initial_access_token: String,
    /// The refresh token of that pair.
    pub initial_refresh_token: String,
}

/// One message to send.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    /// The sender's id for it, sent to Zalo as `tracking_id`.
    pub tracking_id: String,
    /// The recipient, as Zalo wants it (84…).
    pub phone: String,
    /// The ZNS template.
    pub template_id: String,
    /// The template's parameters.
    pub template_data: BTreeMap<String, String>,
    /// By when it is worth delivering (an OTP's validity); `None` for a
    /// message without a deadline (a campaign's).
    pub deliver_by: Option<SystemTime>,
    /// The text to send by SMS when ZNS cannot deliver it in time; `None`
    /// when there is no other channel for it.
    pub sms_text: Option<String>,
}

/// How a message ended.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Outcome {
    /// Zalo accepted it, with this `msg_id`.
    Zns(String),
    /// Sent by SMS.
    Sms,
    /// No other channel for a message the state sent there.
    NoOtherChannel,
    /// Held for a person ([`Clearance::Held`]): a real sender keeps it
    /// until a person releases the OA; this one records it and moves on.
    Held,
    /// [`NextStep::FixFirst`]: a person must change something first.
    FixFirst,
    /// Older than the policy's `max_age`: not sent.
    Expired,
}

/// What the lock guards: the book, and what the running sender knows
/// beside it.
struct Inner {
    book: Book,
    journal: Journal,
    /// What this turn under the lock changed, written before the lock is
    /// released.
    changed: Changed,
    /// The id the state gave `book.tokens.access_token`.
    token_id: TokenId,
    /// The queued messages not taken by a worker, by due time.
    due: BinaryHeap<Reverse<(SystemTime, String)>>,
    /// The messages a worker took and has not put back or finished.
    taken: HashSet<String>,
}

/// What one turn under the lock changed.
#[derive(Default)]
struct Changed {
    oa: bool,
    tokens: bool,
    queued: BTreeSet<String>,
    finished: BTreeSet<String>,
}

impl Inner {
    /// Puts a taken message back in the queue, due at `at`.
    fn requeue(&mut self, id: &str, attempts: Attempts, at: SystemTime) {
        if let Some(queued) = self.book.queue.get_mut(id) {
            queued.attempts = attempts;
            queued.due = at;
            self.taken.remove(id);
            self.due.push(Reverse((at, id.to_owned())));
            self.changed.queued.insert(id.to_owned());
        }
    }

    /// A taken message is finished.
    fn finish(&mut self, id: &str, outcome: Outcome) {
        self.taken.remove(id);
        self.book.queue.remove(id);
        self.book.outcomes.insert(id.to_owned(), outcome);
        self.changed.finished.insert(id.to_owned());
    }

    /// Writes what this turn changed as one line of the journal.
    fn write_changes(&mut self) -> io::Result<bool> {
        let changed = std::mem::take(&mut self.changed);
        let line = Line {
            oa: changed.oa.then_some(&self.book.oa),
            tokens: changed.tokens.then_some(&self.book.tokens),
            queued: changed
                .queued
                .iter()
                .filter_map(|id| Some((id.as_str(), self.book.queue.get(id)?)))
                .collect(),
            finished: changed
                .finished
                .iter()
                .filter_map(|id| Some((id.as_str(), self.book.outcomes.get(id)?)))
                .collect(),
        };
        if line.is_empty() {
            return Ok(false);
        }
        self.journal.append(&line)?;
        Ok(true)
    }
}

/// What a sender did, counted (one run of the process).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Stats {
    /// ZNS send calls made.
    pub sends: u64,
    /// Waits the state asked for before a send.
    pub waits: u64,
    /// Refresh calls made.
    pub refresh_calls: u64,
    /// Refresh calls the HTTP client gave up on.
    pub refresh_timeouts: u64,
    /// New pairs stored.
    pub new_pairs: u64,
    /// Messages the state held for a person ([`Clearance::Held`]).
    pub held: u64,
    /// Messages that need a person first ([`NextStep::FixFirst`]).
    pub fix_first: u64,
    /// SMS sent.
    pub sms: u64,
    /// Lines written to the store.
    pub store_writes: u64,
    /// Time spent writing them (under the lock), in microseconds.
    pub store_micros: u64,
}

/// Two runs' figures added up.
impl std::ops::Add for Stats {
    type Output = Stats;

    fn add(self, o: Stats) -> Stats {
        Stats {
            sends: self.sends + o.sends,
            waits: self.waits + o.waits,
            refresh_calls: self.refresh_calls + o.refresh_calls,
            refresh_timeouts: self.refresh_timeouts + o.refresh_timeouts,
            new_pairs: self.new_pairs + o.new_pairs,
            held: self.held + o.held,
            fix_first: self.fix_first + o.fix_first,
            sms: self.sms + o.sms,
            store_writes: self.store_writes + o.store_writes,
            store_micros: self.store_micros + o.store_micros,
        }
    }
}

/// What the workers share.
struct Shared {
    config: Config,
    http: reqwest::Client,
    inner: Mutex<Inner>,
    /// Wakes the workers waiting for a due time when the queue changes.
    wake: Notify,
    stats: Mutex<Stats>,
}

/// A message a worker took from the queue.
struct Job {
    id: String,
    message: Message,
    attempts: Attempts,
}

/// What a worker does after asking the state, outside the lock.
enum Then {
    Send(Permit, String),
    Refresh(RefreshTicket, String),
    Sms,
    Nothing,
}

/// What a worker finds in the queue.
enum Take {
    Job(Job),
    /// Nothing due before this instant.
    Until(SystemTime),
    /// Nothing queued but messages other workers took.
    Nothing,
    /// The queue is empty: every message is finished.
    Finished,
}

/// The body of a ZNS send's success.
#[derive(Deserialize)]
struct Sent {
    msg_id: String,
}

/// Logs an event to standard error, with the time of day (UTC) to the
/// millisecond.
pub fn log(event: std::fmt::Arguments<'_>) {
    let ms = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .unwrap_or_default()
        .as_millis()
        % 86_400_000;
    let (h, m, s) = (ms / 3_600_000, ms / 60_000 % 60, ms / 1000 % 60);
    eprintln!("{h:02}:{m:02}:{s:02}.{:03} {event}", ms % 1000);
}

/// A tokio instant for a wall-clock instant (now, when it has passed).
fn tokio_instant(at: SystemTime) -> tokio::time::Instant {
    let now = tokio::time::Instant::now();
    at.duration_since(SystemTime::now())
        .map_or(now, |ahead| now + ahead)
}

impl Shared {
    fn lock(&self) -> MutexGuard<'_, Inner> {
        self.inner
            .lock()
            .expect("no worker panicked while holding the lock")
    }

    /// Runs `f` under the lock, then writes what it changed to the store
    /// before the lock is released.
    fn locked<R>(&self, f: impl FnOnce(&mut Inner) -> R) -> R {
        let mut inner = self.lock();
        let result = f(&mut inner);
        let started = std::time::Instant::now();
        let written = inner
            .write_changes()
            .unwrap_or_else(|error| panic!("the store is writable: {error}"));
        if written {
            let micros = u64::try_from(started.elapsed().as_micros()).unwrap_or(u64::MAX);
            self.count(|stats| {
                stats.store_writes += 1;
                stats.store_micros += micros;
            });
        }
        result
    }

    fn count(&self, add: impl FnOnce(&mut Stats)) {
        add(&mut self.stats.lock().expect("the figures"));
    }

    fn take(&self) -> Take {
        let mut inner = self.lock();
        if inner.book.queue.is_empty() {
            return Take::Finished;
        }
        let now = SystemTime::now();
        match inner.due.peek() {
            None => Take::Nothing,
            Some(Reverse((due, _))) if *due > now => Take::Until(*due),
            Some(_) => {
                let Some(Reverse((_, id))) = inner.due.pop() else {
                    return Take::Nothing;
                };
                let Some(queued) = inner.book.queue.get(&id) else {
                    return Take::Nothing;
                };
                let job = Job {
                    id: id.clone(),
                    message: queued.message.clone(),
                    attempts: queued.attempts,
                };
                inner.taken.insert(id);
                Take::Job(job)
            }
        }
    }

    /// One step of one message: ask the state, then send, refresh, send by
    /// SMS or put it back in the queue for later.
    async fn step(&self, job: Job) {
        let now = SystemTime::now();
        let then = self.locked(|inner| {
            let before = inner.book.oa.clone();
            let clearance = inner.book.oa.before_send(&job.attempts, now);
            inner.changed.oa = inner.book.oa != before;
            match clearance {
                Clearance::Send(permit) => {
                    // The permit and the token are read under the same lock.
                    assert_eq!(permit.token(), inner.token_id, "the permit's token");
                    if permit.is_probe() {
                        log(format_args!("{}: the outage's probe", job.id));
                    }
                    Then::Send(permit, inner.book.tokens.access_token.clone())
                }
                // This worker alone calls the refresh endpoint; the others
                // are told to wait meanwhile.
                Clearance::Refresh(ticket) => {
                    Then::Refresh(ticket, inner.book.tokens.refresh_token.clone())
                }
                // Not a blocking wait: the message is due again at `at`.
                Clearance::WaitUntil(at) => {
                    self.count(|stats| stats.waits += 1);
                    inner.requeue(&job.id, job.attempts, at);
                    Then::Nothing
                }
                Clearance::OtherChannel => Then::Sms,
                Clearance::Held => {
                    self.count(|stats| stats.held += 1);
                    if let Some(hold) = inner.book.oa.hold() {
                        eprintln!("held for a person: {hold}\n{}", hold.vi());
                    }
                    inner.finish(&job.id, Outcome::Held);
                    Then::Nothing
                }
                // Expired, and whatever a later version adds.
                _ => {
                    inner.finish(&job.id, Outcome::Expired);
                    Then::Nothing
                }
            }
        });
        match then {
            Then::Send(permit, access_token) => self.send(job, permit, &access_token).await,
            Then::Refresh(ticket, refresh_token) => {
                self.refresh(&job, ticket, &refresh_token).await;
            }
            Then::Sms => self.other_channel(&job).await,
            Then::Nothing => {}
        }
        self.wake.notify_waiters();
    }

    /// Sends the message with the permit's token, records the answer and
    /// acts on the next step.
    async fn send(&self, mut job: Job, permit: Permit, access_token: &str) {
        self.count(|stats| stats.sends += 1);
        let (answer, msg_id) = self.post_message(access_token, &job.message).await;
        let by_sms = self.locked(|inner| {
            let now = SystemTime::now();
            let was_open = inner.book.oa.is_circuit_open();
            let step = inner
                .book
                .oa
                .record(permit, answer, &mut job.attempts, now)
                .expect("a permit of this OA's state");
            inner.changed.oa = true;
            match (was_open, inner.book.oa.is_circuit_open()) {
                (false, true) => log(format_args!("the circuit opened ({answer:?}): an outage")),
                (true, false) => log(format_args!("the circuit closed: Zalo answers again")),
                _ => {}
            }
            let mut by_sms = false;
            match step {
                NextStep::Done => inner.finish(&job.id, Outcome::Zns(msg_id)),
                NextStep::RetryAt(at) => inner.requeue(&job.id, job.attempts, at),
                // Ask the state again at once: it says who refreshes.
                NextStep::RefreshToken => inner.requeue(&job.id, job.attempts, now),
                // With `suppress_recipient`, a real sender also stops
                // sending ZNS to this number; no answer of this run asks it.
                NextStep::OtherChannel { .. } => {
                    if let Some(queued) = inner.book.queue.get_mut(&job.id) {
                        queued.attempts = job.attempts;
                        inner.changed.queued.insert(job.id.clone());
                    }
                    by_sms = true;
                }
                // FixFirst, and whatever a later version adds.
                _ => {
                    self.count(|stats| stats.fix_first += 1);
                    if let Some(hold) = inner.book.oa.hold() {
                        eprintln!("held for a person: {hold}\n{}", hold.vi());
                    }
                    inner.finish(&job.id, Outcome::FixFirst);
                }
            }
            by_sms
        });
        if by_sms {
            self.other_channel(&job).await;
        }
    }

    /// Sends the message by SMS, if it has a text for it.
    async fn other_channel(&self, job: &Job) {
        let Some(text) = &job.message.sms_text else {
            self.locked(|inner| inner.finish(&job.id, Outcome::NoOtherChannel));
            return;
        };
        let body = serde_json::json!({
            "phone": job.message.phone,
            "text": text,
            "tracking_id": job.message.tracking_id,
        });
        let sent = self
            .http
            .post(&self.config.sms_url)
            .json(&body)
            .send()
            .await
            .and_then(reqwest::Response::error_for_status)
            .is_ok();
        self.locked(|inner| {
            if sent {
                self.count(|stats| stats.sms += 1);
                inner.finish(&job.id, Outcome::Sms);
            } else {
                // The gateway failed: try again shortly (the state will say
                // OtherChannel again).
                let again = SystemTime::now() + Duration::from_millis(200);
                inner.requeue(&job.id, job.attempts, again);
            }
        });
    }

    /// POSTs the message to the ZNS send endpoint; what came back, as the
    /// state reads it, and Zalo's `msg_id` on success.
    async fn post_message(&self, access_token: &str, message: &Message) -> (Answer, String) {
        let body = serde_json::json!({
            "phone": message.phone,
            "template_id": message.template_id,
            "template_data": message.template_data,
            "tracking_id": message.tracking_id,
        });
        let call = self
            .http
            .post(format!("{}/message/template", self.config.zalo_url))
            .header("access_token", access_token)
            .json(&body)
            .send()
            .await;
        let body = match call {
            Ok(response) => response.text().await,
            Err(error) => Err(error),
        };
        match body {
            // A timeout or a reset connection: Zalo may have sent it or not.
            Err(_) => (Answer::Transport, String::new()),
            // Zalo answers 200 with a JSON body, success or failure; a
            // gateway's HTML page is not ZNS.
            Ok(body) => match serde_json::from_str::<Response<Sent>>(&body) {
                Err(_) => (Answer::NotZns, String::new()),
                Ok(response) => {
                    let result = response.into_result();
                    let answer = Answer::from(&result);
                    (answer, result.map(|sent| sent.msg_id).unwrap_or_default())
                }
            },
        }
    }

    /// Calls the refresh endpoint with the ticket and records what it came
    /// to; a new pair is stored before the lock is released, so before any
    /// worker can send with it.
    async fn refresh(&self, job: &Job, ticket: RefreshTicket, refresh_token: &str) {
        self.count(|stats| stats.refresh_calls += 1);
        let form = [
            ("grant_type", "refresh_token"),
            ("refresh_token", refresh_token),
            ("app_id", self.config.app_id.as_str()),
        ];
        let call = self
            .http
            .post(format!("{}/v4/oa/access_token", self.config.oauth_url))
            .header("secret_key", &self.config.secret_key)
            .form(&form)
            .send()
            .await;
        // The status and the body, or the transport error (a timeout
        // included): the state reads the outcome from them, once.
        let reply = match call {
            Ok(response) => {
                let status = response.status().as_u16();
                response.text().await.map(|body| (status, body))
            }
            Err(error) => Err(error),
        };
        if reply.as_ref().is_err_and(reqwest::Error::is_timeout) {
            self.count(|stats| stats.refresh_timeouts += 1);
        }
        self.locked(|inner| {
            let recorded = inner
                .book
                .oa
                .refresh_answered(ticket, reply, SystemTime::now())
                .expect("a ticket of this OA's state");
            inner.changed.oa = true;
            log(format_args!("refresh call: {recorded:?}"));
            match recorded {
                // Stored with the state, in the same line, before the lock
                // is released: no worker sends with it before that.
                RefreshRecorded::NewPair { id, grant } => {
                    self.count(|stats| stats.new_pairs += 1);
                    inner.token_id = id;
                    inner.book.tokens = Tokens {
                        access_token: grant.access_token().to_owned(),
                        refresh_token: grant.refresh_token().to_owned(),
                    };
                    inner.changed.tokens = true;
                }
                RefreshRecorded::AuthoriseAgain(alert) => {
                    eprintln!("authorise the OA again: {alert}\n{}", alert.vi());
                }
                RefreshRecorded::Held => {
                    if let Some(hold) = inner.book.oa.hold() {
                        eprintln!("held for a person: {hold}\n{}", hold.vi());
                    }
                }
                // RetryFrom (whoever asks then refreshes), Superseded,
                // Ignored, and whatever a later version adds: nothing to do.
                _ => {}
            }
            // The message asks again at once: it is sent with the new token,
            // or told to wait.
            inner.requeue(&job.id, job.attempts, SystemTime::now());
        });
    }
}

/// Waits for due messages and steps them, until the queue is empty.
async fn work(shared: Arc<Shared>) {
    loop {
        // Registered before looking at the queue, so that a change made
        // between the look and the wait still wakes this worker.
        let woken = shared.wake.notified();
        tokio::pin!(woken);
        woken.as_mut().enable();
        match shared.take() {
            Take::Job(job) => shared.step(job).await,
            Take::Until(at) => {
                tokio::select! {
                    () = tokio::time::sleep_until(tokio_instant(at)) => {}
                    () = &mut woken => {}
                }
            }
            Take::Nothing => woken.await,
            Take::Finished => {
                shared.wake.notify_waiters();
                return;
            }
        }
    }
}

/// A running sender: its workers and what they share.
pub struct Sender {
    shared: Arc<Shared>,
    workers: Vec<JoinHandle<()>>,
}

impl Sender {
    /// Opens the store, or starts one: reads the state, the pair of tokens
    /// and the queue back from the JSON file; with no file, a new state
    /// with the configured policy and the initial pair, restored (of
    /// unknown expiry). No worker runs yet.
    ///
    /// # Errors
    ///
    /// A store that cannot be read or parsed, a policy out of its limits, or
    /// an HTTP timeout not below the policy's `call_timeout`.
    pub fn open(config: Config) -> io::Result<Sender> {
        let invalid = |error: &dyn std::fmt::Display| {
            io::Error::new(io::ErrorKind::InvalidInput, error.to_string())
        };
        if config.http_timeout >= config.policy.call_timeout {
            return Err(invalid(&format_args!(
                "the HTTP timeout ({:?}) must be below Policy::call_timeout ({:?})",
                config.http_timeout, config.policy.call_timeout
            )));
        }
        let (journal, mut book) = Journal::open(&config.store, || {
            let mut oa = OaState::with_policy(config.policy).map_err(|e| invalid(&e))?;
            // The pair the sender starts with, of unknown expiry: refreshed
            // when Zalo says it has expired.
            oa.token_restored(SystemTime::now(), None);
            Ok(Book {
                oa,
                tokens: Tokens {
                    access_token: config.initial_access_token.clone(),
                    refresh_token: config.initial_refresh_token.clone(),
                },
                queue: BTreeMap::new(),
                outcomes: BTreeMap::new(),
            })
        })?;
        let mut changed = Changed::default();
        if *book.oa.policy() != config.policy {
            book.oa.set_policy(config.policy).map_err(|e| invalid(&e))?;
            changed.oa = true;
        }
        // The stored pair is the state's current one (see `Tokens`).
        let token_id = book.oa.token();
        let due = book
            .queue
            .iter()
            .map(|(id, queued)| Reverse((queued.due, id.clone())))
            .collect();
        let http = reqwest::Client::builder()
            .timeout(config.http_timeout)
            .build()
            .map_err(|e| invalid(&e))?;
        let shared = Arc::new(Shared {
            config,
            http,
            inner: Mutex::new(Inner {
                book,
                journal,
                changed,
                token_id,
                due,
                taken: HashSet::new(),
            }),
            wake: Notify::new(),
            stats: Mutex::default(),
        });
        shared.locked(|inner| {
            log(format_args!(
                "sender opened: {} messages queued, {} finished",
                inner.book.queue.len(),
                inner.book.outcomes.len()
            ));
        });
        Ok(Sender {
            shared,
            workers: Vec::new(),
        })
    }

    /// Queues messages, each due at its instant; an OTP's deadline goes
    /// into its [`Attempts`], `sms_margin` ahead of it. A message already
    /// queued or finished is left as it is.
    pub fn enqueue(&self, messages: impl IntoIterator<Item = (Message, SystemTime)>) {
        let margin = self.shared.config.sms_margin;
        self.shared.locked(|inner| {
            for (message, due) in messages {
                let id = message.tracking_id.clone();
                if inner.book.queue.contains_key(&id) || inner.book.outcomes.contains_key(&id) {
                    continue;
                }
                let attempts = message.deliver_by.map_or_else(Attempts::new, |by| {
                    Attempts::with_deliver_by(by.checked_sub(margin).unwrap_or(by))
                });
                inner.due.push(Reverse((due, id.clone())));
                inner.changed.queued.insert(id.clone());
                inner.book.queue.insert(
                    id,
                    Queued {
                        message,
                        attempts,
                        due,
                    },
                );
            }
        });
        self.shared.wake.notify_waiters();
    }

    /// Starts the workers.
    pub fn run(&mut self) {
        for _ in 0..self.shared.config.workers {
            self.workers
                .push(tokio::spawn(work(Arc::clone(&self.shared))));
        }
    }

    /// Stops the workers where they stand, as a crash or a kill would: a
    /// call in flight is dropped unanswered, its permit with it. Returns
    /// how many messages were in a worker's hands then (each may have
    /// reached Zalo and will be sent again: the send API has no
    /// idempotency key) and what this sender did.
    pub async fn crash(self) -> (usize, Stats) {
        for worker in &self.workers {
            worker.abort();
        }
        for worker in self.workers {
            // Cancelled, or finished already.
            let _ = worker.await;
        }
        let in_flight = self.shared.lock().taken.len();
        log(format_args!(
            "sender stopped: {in_flight} messages in a worker's hands"
        ));
        (in_flight, *self.shared.stats.lock().expect("the figures"))
    }

    /// Waits until every message is finished; what this sender did.
    ///
    /// # Panics
    ///
    /// When a worker panicked.
    pub async fn finish(&mut self) -> Stats {
        for worker in self.workers.drain(..) {
            worker.await.expect("a worker ran to the end");
        }
        *self.shared.stats.lock().expect("the figures")
    }

    /// How each finished message ended.
    pub fn outcomes(&self) -> BTreeMap<String, Outcome> {
        self.shared.lock().book.outcomes.clone()
    }

    /// How many messages are queued (in a worker's hands or not).
    pub fn queued(&self) -> usize {
        self.shared.lock().book.queue.len()
    }

    /// Whether the OA's circuit is open (an outage).
    pub fn is_circuit_open(&self) -> bool {
        self.shared.lock().book.oa.is_circuit_open()
    }
}
