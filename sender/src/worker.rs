//! One worker's turn: claim due messages and ask the OA's state about each
//! (one transaction that locks the OA's row), make the calls with no
//! transaction open, and record what they came to (a second transaction).
//! The database is the only thing workers and processes share.

use std::sync::Arc;
use std::time::{Duration, SystemTime};

use sqlx::{Any, Row, Transaction};
use tokio::task::JoinSet;
use zalo_zns_errors::{
    Alert, Attempts, Clearance, NextStep, OaState, Permit, RefreshRecorded, RefreshTicket,
    TokenGrant,
};

use crate::clock::{instant, ms, now_ms};
use crate::db::{Db, is_transient};
use crate::error::Error;
use crate::message::Message;
use crate::oa_row::{OaRow, Pair};
use crate::zalo::{Reply, Zalo};

/// How a running sender works, for every worker.
#[derive(Debug)]
pub(crate) struct Settings {
    pub(crate) oa: String,
    /// This process's name in leases.
    pub(crate) owner: String,
    /// How many messages a worker takes in one turn.
    pub(crate) batch: usize,
    /// How long a claimed message stays a worker's: longer than the HTTP
    /// timeout, so that a live worker's call ends before anyone else may
    /// take the message; a dead worker's messages are taken again after it.
    pub(crate) lease: Duration,
    /// How often a message kept for a person's release asks again.
    pub(crate) held_recheck: Duration,
    /// Where the workers' time went.
    pub(crate) timings: Timings,
}

/// Where the workers' time went, in microseconds, summed over workers: in
/// the claim's transaction, in the calls, in the record's transaction.
#[derive(Debug, Default)]
pub(crate) struct Timings {
    pub(crate) claim_us: std::sync::atomic::AtomicU64,
    pub(crate) calls_us: std::sync::atomic::AtomicU64,
    pub(crate) record_us: std::sync::atomic::AtomicU64,
    /// The OA's row locked: from the lock to the commit, both transactions.
    pub(crate) held_us: std::sync::atomic::AtomicU64,
    pub(crate) turns: std::sync::atomic::AtomicU64,
    pub(crate) sends: std::sync::atomic::AtomicU64,
}

impl Timings {
    fn add(counter: &std::sync::atomic::AtomicU64, since: std::time::Instant) {
        let us = u64::try_from(since.elapsed().as_micros()).unwrap_or(u64::MAX);
        counter.fetch_add(us, std::sync::atomic::Ordering::Relaxed);
    }

    /// One line: the turns, the sends, and the time of each part per turn.
    pub(crate) fn summary(&self) -> String {
        use std::sync::atomic::Ordering::Relaxed;
        let turns = self.turns.load(Relaxed).max(1);
        let per = |counter: &std::sync::atomic::AtomicU64| {
            counter.load(Relaxed) as f64 / turns as f64 / 1000.0
        };
        format!(
            "{} turns, {} sends; per turn: claim {:.2} ms, calls {:.2} ms, record {:.2} ms, \
             of which the OA's row held {:.2} ms",
            self.turns.load(Relaxed),
            self.sends.load(Relaxed),
            per(&self.claim_us),
            per(&self.calls_us),
            per(&self.record_us),
            per(&self.held_us)
        )
    }
}

/// What a turn found.
pub(crate) enum Turn {
    /// It made calls.
    Worked,
    /// Nothing was due; the next message is due at this instant (ms), if
    /// any is queued.
    Idle(Option<i64>),
}

/// A message a turn sends, with its permit and the token to send with.
struct Sending {
    message: Message,
    attempts: Attempts,
    claim: i64,
    permit: Permit,
    access_token: String,
}

/// A refresh call a turn makes.
struct Refreshing {
    ticket: RefreshTicket,
    refresh_token: String,
}

/// What the claim gave the worker to do outside any transaction.
struct Claimed {
    sending: Vec<Sending>,
    refresh: Option<Refreshing>,
    next_due: Option<i64>,
}

/// The claim's number for a lease: random, so that two claims of one
/// message never share it.
fn new_claim() -> i64 {
    use std::hash::BuildHasher;
    let hash = std::collections::hash_map::RandomState::new().hash_one(now_ms());
    (hash >> 1) as i64
}

/// Evaluates `$attempt` (a future: a transaction) until it succeeds or
/// fails for a reason other than the database being away; while it is
/// away, waits (100 ms doubling to 2 s) and says so once. A macro rather
/// than a function taking a closure, so that each try's future borrows what
/// it needs as plain code does.
macro_rules! until_the_database_answers {
    ($doing:expr, $attempt:expr) => {{
        let mut waiting = $crate::worker::Waiting::new($doing);
        loop {
            match $attempt.await {
                Ok(value) => {
                    waiting.answered();
                    break Ok(value);
                }
                Err(error) => {
                    if let Some(error) = waiting.failed(error).await {
                        break Err(error);
                    }
                }
            }
        }
    }};
}
pub(crate) use until_the_database_answers;

/// A transaction tried again while the database is away.
pub(crate) struct Waiting {
    doing: &'static str,
    delay: Duration,
    said: bool,
}

impl Waiting {
    pub(crate) fn new(doing: &'static str) -> Waiting {
        Waiting {
            doing,
            delay: Duration::from_millis(100),
            said: false,
        }
    }

    pub(crate) fn answered(&self) {
        if self.said {
            log(format_args!("the database answers again ({})", self.doing));
        }
    }

    /// `None` after waiting, when the failure is the database being away;
    /// the error to return otherwise.
    pub(crate) async fn failed(&mut self, error: TxError) -> Option<Error> {
        match error {
            TxError::Database(error) if is_transient(&error) => {
                if !self.said {
                    log(format_args!(
                        "the database is away ({}: {error}); waiting for it",
                        self.doing
                    ));
                    self.said = true;
                }
                tokio::time::sleep(self.delay).await;
                self.delay = (self.delay * 2).min(Duration::from_secs(2));
                None
            }
            TxError::Database(reason) => Some(Error::Database {
                doing: self.doing,
                reason,
            }),
            TxError::Other(error) => Some(error),
        }
    }
}

/// Why a transaction failed.
#[derive(Debug)]
pub(crate) enum TxError {
    Database(sqlx::Error),
    Other(Error),
}

impl From<sqlx::Error> for TxError {
    fn from(error: sqlx::Error) -> Self {
        TxError::Database(error)
    }
}

/// A line on stderr, with the process and the time.
pub(crate) fn log(event: std::fmt::Arguments<'_>) {
    eprintln!("zns-sender[{}]: {event}", std::process::id());
}

/// One worker of a running sender.
pub(crate) struct Worker {
    pub(crate) db: Db,
    pub(crate) zalo: Zalo,
    pub(crate) settings: Arc<Settings>,
}

impl Worker {
    /// Claims, calls and records once.
    pub(crate) async fn turn(&self) -> Result<Turn, Error> {
        let timings = &self.settings.timings;
        let started = std::time::Instant::now();
        let claimed = until_the_database_answers!("claim messages", self.claim())?;
        if claimed.sending.is_empty() && claimed.refresh.is_none() {
            return Ok(Turn::Idle(claimed.next_due));
        }
        Timings::add(&timings.claim_us, started);
        timings
            .turns
            .fetch_add(1, std::sync::atomic::Ordering::Relaxed);
        timings.sends.fetch_add(
            claimed.sending.len() as u64,
            std::sync::atomic::Ordering::Relaxed,
        );
        let calling = std::time::Instant::now();
        let mut calls = JoinSet::new();
        for (index, sending) in claimed.sending.iter().enumerate() {
            let zalo = self.zalo.clone();
            let token = sending.access_token.clone();
            let message = sending.message.clone();
            calls.spawn(async move { (index, zalo.send(&token, &message).await) });
        }
        let refreshed = match &claimed.refresh {
            Some(refreshing) => Some(self.zalo.refresh(&refreshing.refresh_token).await),
            None => None,
        };
        let mut replies: Vec<Option<Reply>> = vec![None; claimed.sending.len()];
        while let Some(done) = calls.join_next().await {
            let (index, reply) = done.expect("a send task does not panic");
            replies[index] = Some(reply);
        }
        let answered: Vec<(Sending, Reply)> = claimed
            .sending
            .into_iter()
            .zip(replies)
            .map(|(sending, reply)| (sending, reply.expect("every send answered")))
            .collect();
        Timings::add(&timings.calls_us, calling);
        let recording = std::time::Instant::now();
        let mut record = Record::Fresh {
            answered,
            refresh: claimed.refresh.map(|r| r.ticket).zip(refreshed),
        };
        until_the_database_answers!("record answers", self.record(&mut record))?;
        Timings::add(&timings.record_us, recording);
        Ok(Turn::Worked)
    }

    /// Locks and reads the OA's row.
    async fn lock_oa(&self, tx: &mut Transaction<'static, Any>) -> Result<OaRow, TxError> {
        let oa = &self.settings.oa;
        OaRow::lock(tx, &self.db, oa)
            .await
            .map_err(|error| match error {
                crate::oa_row::LockError::Database(error) => TxError::Database(error),
                other => TxError::Other(other.into_error(oa, "lock the OA")),
            })
    }

    /// The first transaction: lock the OA, take due messages, and ask the
    /// state about each.
    async fn claim(&self) -> Result<Claimed, TxError> {
        let settings = &self.settings;
        let mut tx = self.db.begin().await?;
        let mut oa = self.lock_oa(&mut tx).await?;
        let locked = std::time::Instant::now();
        // The time once the row is ours: a lease counts from here, however
        // long the lock took.
        let now = SystemTime::now();
        let now_ms = ms(now);
        let sql = format!(
            "SELECT tracking_id, phone, template_id, template_data, deliver_by_ms, attempts, \
             (SELECT COUNT(*) FROM zns_suppressed s WHERE s.oa_id = m.oa_id AND s.phone = m.phone) \
             FROM zns_message m WHERE oa_id = $1 AND outcome IS NULL AND due_ms <= $2 \
             AND (lease_until_ms IS NULL OR lease_until_ms < $2) ORDER BY due_ms LIMIT $3{}",
            self.db.skip_locked()
        );
        let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(&settings.oa)
            .bind(now_ms)
            .bind(i64::try_from(settings.batch).unwrap_or(1))
            .fetch_all(&mut *tx)
            .await?;
        let mut sending = Vec::new();
        let mut refresh = None;
        for row in rows {
            let (message, attempts) = read_message(&row).map_err(TxError::Other)?;
            let suppressed: i64 = row.try_get(6)?;
            if suppressed > 0 {
                finish(
                    &mut tx,
                    &settings.oa,
                    &message.tracking_id,
                    "other_channel",
                    "the recipient gets no more ZNS from this OA",
                    &attempts,
                    None,
                )
                .await?;
                continue;
            }
            let clearance = oa
                .state
                .before_send_template(&message.template_id, &attempts, now);
            match clearance {
                Clearance::Send(permit) => {
                    let Some(pair) = oa.pair.as_ref().filter(|p| p.token_id == permit.token())
                    else {
                        // The state's token is not the stored pair's: a
                        // store from before its pair. Ask again later.
                        let _ = oa.state.give_back(permit);
                        put_back(&mut tx, &settings.oa, &message.tracking_id, now_ms + 1000)
                            .await?;
                        continue;
                    };
                    let claim = new_claim();
                    sqlx::query(
                        "UPDATE zns_message SET lease_until_ms = $3, lease_owner = $4, claim = $5, \
                         sends = sends + 1, waiting = NULL WHERE oa_id = $1 AND tracking_id = $2",
                    )
                    .bind(&settings.oa)
                    .bind(&message.tracking_id)
                    .bind(now_ms + span_ms(settings.lease))
                    .bind(&settings.owner)
                    .bind(claim)
                    .execute(&mut *tx)
                    .await?;
                    sending.push(Sending {
                        message,
                        attempts,
                        claim,
                        permit,
                        access_token: pair.access_token.clone(),
                    });
                }
                Clearance::WaitUntil(at) => {
                    put_back(&mut tx, &settings.oa, &message.tracking_id, ms(at)).await?;
                }
                Clearance::Refresh(ticket) => {
                    match oa.pair.as_ref() {
                        Some(pair) if refresh.is_none() => {
                            refresh = Some(Refreshing {
                                ticket,
                                refresh_token: pair.refresh_token.clone(),
                            });
                        }
                        _ => {
                            let _ = oa.state.give_back_ticket(ticket);
                        }
                    }
                    put_back(&mut tx, &settings.oa, &message.tracking_id, now_ms).await?;
                }
                Clearance::OtherChannel => {
                    finish(
                        &mut tx,
                        &settings.oa,
                        &message.tracking_id,
                        "other_channel",
                        "ZNS cannot deliver it before its deadline",
                        &attempts,
                        None,
                    )
                    .await?;
                }
                Clearance::Held => {
                    sqlx::query(
                        "UPDATE zns_message SET due_ms = $3, waiting = 'person', \
                         lease_until_ms = NULL, lease_owner = NULL, claim = NULL \
                         WHERE oa_id = $1 AND tracking_id = $2",
                    )
                    .bind(&settings.oa)
                    .bind(&message.tracking_id)
                    .bind(now_ms + span_ms(settings.held_recheck))
                    .execute(&mut *tx)
                    .await?;
                }
                _ => {
                    // Expired, and what a later version adds: not sent.
                    finish(
                        &mut tx,
                        &settings.oa,
                        &message.tracking_id,
                        "expired",
                        "older than the policy's max_age",
                        &attempts,
                        None,
                    )
                    .await?;
                }
            }
        }
        let next_due = if sending.is_empty() && refresh.is_none() {
            // A message another worker has is due when its lease ends, at
            // the earliest: idle workers do not poll for it meanwhile.
            sqlx::query_scalar::<_, Option<i64>>(
                "SELECT MIN(CASE WHEN lease_until_ms IS NOT NULL AND lease_until_ms > due_ms \
                 THEN lease_until_ms ELSE due_ms END) FROM zns_message \
                 WHERE oa_id = $1 AND outcome IS NULL",
            )
            .bind(&settings.oa)
            .fetch_one(&mut *tx)
            .await?
        } else {
            None
        };
        oa.save(&mut tx, false).await?;
        tx.commit().await?;
        Timings::add(&self.settings.timings.held_us, locked);
        Ok(Claimed {
            sending,
            refresh,
            next_due,
        })
    }

    /// The second transaction: the answers, for the OA's state and for each
    /// message. When it fails after the state consumed the permits, what was
    /// decided is kept and written on the next try (`Record::Decided`).
    async fn record(&self, record: &mut Record) -> Result<(), TxError> {
        let settings = &self.settings;
        let mut tx = self.db.begin().await?;
        let mut oa = self.lock_oa(&mut tx).await?;
        let locked = std::time::Instant::now();
        let now = SystemTime::now();
        if let Record::Fresh { .. } = record {
            let Record::Fresh { answered, refresh } = std::mem::replace(record, Record::Spent)
            else {
                unreachable!("matched above")
            };
            let read_version = oa.version;
            let mut decisions = Vec::new();
            // Every answer counts for the OA; a message whose lease lapsed
            // (the database was away) and was claimed again is its new
            // claimer's: each write below is fenced by the claim.
            for (mut sending, reply) in answered {
                let step = oa
                    .state
                    .record(sending.permit, reply.answer, &mut sending.attempts, now)
                    .unwrap_or(NextStep::FixFirst);
                decisions.push(Decision {
                    tracking_id: sending.message.tracking_id,
                    phone: sending.message.phone,
                    claim: sending.claim,
                    attempts: sending.attempts,
                    step,
                    reply,
                });
            }
            let mut grant = None;
            if let Some((ticket, reply)) = refresh {
                match oa.state.refresh_answered(ticket, reply, now) {
                    Ok(RefreshRecorded::NewPair { id, grant: pair }) => {
                        oa.pair = Some(Pair {
                            token_id: id,
                            access_token: pair.access_token().to_owned(),
                            refresh_token: pair.refresh_token().to_owned(),
                        });
                        grant = Some(pair);
                    }
                    Ok(RefreshRecorded::AuthoriseAgain(alert)) => {
                        log(format_args!("{alert}"));
                    }
                    _ => {}
                }
            }
            let alerts = oa.state.take_alerts();
            *record = Record::Decided(Box::new(Decided {
                read_version,
                state: oa.state.clone(),
                pair: oa.pair.clone(),
                alerts,
                grant,
                decisions,
            }));
        } else if let Record::Decided(decided) = record {
            let ours = serde_json::to_string(&decided.state).expect("an OaState serializes");
            let stored = serde_json::to_string(&oa.state).expect("an OaState serializes");
            if oa.version == decided.read_version + 1 && ours == stored && oa.pair == decided.pair {
                // The first try committed after all (its answer was lost).
                *record = Record::Spent;
                return Ok(());
            }
            if oa.version == decided.read_version {
                // Nobody wrote since: the state as decided stands.
                oa.state = decided.state.clone();
                oa.pair = decided.pair.clone();
            } else {
                // Another transaction wrote meanwhile: keep its state, and
                // what cannot be lost of ours, the new pair.
                if let Some(grant) = &decided.grant {
                    let id = oa.state.token_granted(now, grant.expires_in());
                    oa.pair = Some(Pair {
                        token_id: id,
                        access_token: grant.access_token().to_owned(),
                        refresh_token: grant.refresh_token().to_owned(),
                    });
                }
                let more = oa.state.take_alerts();
                decided.alerts.extend(more);
                decided.read_version = oa.version;
                decided.state = oa.state.clone();
                decided.pair = oa.pair.clone();
            }
        }
        let Record::Decided(decided) = record else {
            return Ok(());
        };
        for decision in &decided.decisions {
            apply(&mut tx, &settings.oa, decision, now).await?;
        }
        oa.save_with(&mut tx, &decided.alerts, false).await?;
        tx.commit().await?;
        Timings::add(&self.settings.timings.held_us, locked);
        *record = Record::Spent;
        Ok(())
    }
}

/// What the refresh call came to: its status and body, or the transport
/// error.
type RefreshReply = Result<(u16, String), String>;

/// The answers of a turn, on their way into the database.
enum Record {
    /// Not yet given to the state.
    Fresh {
        answered: Vec<(Sending, Reply)>,
        refresh: Option<(RefreshTicket, RefreshReply)>,
    },
    /// Given to the state; what it decided, to write.
    Decided(Box<Decided>),
    /// Written (or nothing left to write).
    Spent,
}

struct Decided {
    /// The OA's row version the decisions were made on.
    read_version: i64,
    state: OaState,
    pair: Option<Pair>,
    alerts: Vec<Alert>,
    grant: Option<TokenGrant>,
    decisions: Vec<Decision>,
}

/// What the state decided for one message.
struct Decision {
    tracking_id: String,
    phone: String,
    claim: i64,
    attempts: Attempts,
    step: NextStep,
    reply: Reply,
}

/// Writes one message's decision.
async fn apply(
    tx: &mut Transaction<'static, Any>,
    oa: &str,
    decision: &Decision,
    now: SystemTime,
) -> Result<(), sqlx::Error> {
    let attempts = serde_json::to_string(&decision.attempts).expect("Attempts serialize");
    let detail = decision.reply.detail.as_str();
    match decision.step {
        NextStep::Done => {
            sqlx::query(
                "UPDATE zns_message SET outcome = 'delivered', msg_id = $3, attempts = $4, \
                 detail = NULL, finished_ms = $5, lease_until_ms = NULL, lease_owner = NULL, \
                 claim = NULL WHERE oa_id = $1 AND tracking_id = $2 AND claim = $6",
            )
            .bind(oa)
            .bind(&decision.tracking_id)
            .bind(decision.reply.msg_id.as_deref())
            .bind(&attempts)
            .bind(ms(now))
            .bind(decision.claim)
            .execute(&mut **tx)
            .await?;
        }
        NextStep::RetryAt(at) => retry_later(tx, oa, decision, ms(at), &attempts).await?,
        NextStep::RefreshToken => retry_later(tx, oa, decision, ms(now), &attempts).await?,
        NextStep::OtherChannel { suppress_recipient } => {
            if suppress_recipient {
                sqlx::query(
                    "INSERT INTO zns_suppressed (oa_id, phone, code, since_ms) VALUES ($1, $2, $3, $4) \
                     ON CONFLICT (oa_id, phone) DO NOTHING",
                )
                .bind(oa)
                .bind(&decision.phone)
                .bind(decision.reply.answer.code().map(i64::from))
                .bind(ms(now))
                .execute(&mut **tx)
                .await?;
            }
            finish(
                tx,
                oa,
                &decision.tracking_id,
                "other_channel",
                detail,
                &decision.attempts,
                Some(decision.claim),
            )
            .await?;
        }
        _ => {
            finish(
                tx,
                oa,
                &decision.tracking_id,
                "kept_for_person",
                detail,
                &decision.attempts,
                Some(decision.claim),
            )
            .await?;
        }
    }
    Ok(())
}

/// Puts an answered message back in the queue, due at `at` (ms).
async fn retry_later(
    tx: &mut Transaction<'static, Any>,
    oa: &str,
    decision: &Decision,
    at: i64,
    attempts: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE zns_message SET due_ms = $3, attempts = $4, detail = $5, lease_until_ms = NULL, \
         lease_owner = NULL, claim = NULL WHERE oa_id = $1 AND tracking_id = $2 AND claim = $6",
    )
    .bind(oa)
    .bind(&decision.tracking_id)
    .bind(at)
    .bind(attempts)
    .bind(decision.reply.detail.as_str())
    .bind(decision.claim)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Gives a message its outcome (for `claim`, if it is that claim's).
async fn finish(
    tx: &mut Transaction<'static, Any>,
    oa: &str,
    tracking_id: &str,
    outcome: &str,
    detail: &str,
    attempts: &Attempts,
    claim: Option<i64>,
) -> Result<(), sqlx::Error> {
    let attempts = serde_json::to_string(attempts).expect("Attempts serialize");
    sqlx::query(
        "UPDATE zns_message SET outcome = $3, detail = $4, attempts = $5, finished_ms = $6, \
         waiting = NULL, lease_until_ms = NULL, lease_owner = NULL, claim = NULL \
         WHERE oa_id = $1 AND tracking_id = $2 AND ($7 IS NULL OR claim = $7)",
    )
    .bind(oa)
    .bind(tracking_id)
    .bind(outcome)
    .bind(detail)
    .bind(attempts)
    .bind(now_ms())
    .bind(claim)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Puts a message back in the queue, due at `due_ms`.
async fn put_back(
    tx: &mut Transaction<'static, Any>,
    oa: &str,
    tracking_id: &str,
    due_ms: i64,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE zns_message SET due_ms = $3, waiting = NULL, lease_until_ms = NULL, \
         lease_owner = NULL, claim = NULL WHERE oa_id = $1 AND tracking_id = $2",
    )
    .bind(oa)
    .bind(tracking_id)
    .bind(due_ms)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A message row as the claim reads it.
fn read_message(row: &sqlx::any::AnyRow) -> Result<(Message, Attempts), Error> {
    let tracking_id: String = row.try_get(0).map_err(Error::database("read a message"))?;
    let corrupt = |what: &str, reason: String| Error::Corrupt {
        what: format!("the {what} of message {tracking_id:?}"),
        reason,
    };
    let template_data: String = row.try_get(3).map_err(Error::database("read a message"))?;
    let template_data = serde_json::from_str(&template_data)
        .map_err(|error| corrupt("template_data", error.to_string()))?;
    let deliver_by: Option<i64> = row.try_get(4).map_err(Error::database("read a message"))?;
    let attempts: String = row.try_get(5).map_err(Error::database("read a message"))?;
    let attempts: Attempts =
        serde_json::from_str(&attempts).map_err(|error| corrupt("attempts", error.to_string()))?;
    let message = Message {
        phone: row.try_get(1).map_err(Error::database("read a message"))?,
        template_id: row.try_get(2).map_err(Error::database("read a message"))?,
        template_data,
        tracking_id: tracking_id.clone(),
        deliver_by: deliver_by.map(instant),
    };
    Ok((message, attempts))
}

pub(crate) fn span_ms(span: Duration) -> i64 {
    i64::try_from(span.as_millis()).unwrap_or(i64::MAX)
}
