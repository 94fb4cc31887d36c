//! [`Sender`]: the library API. Open a sender on a database URL, authorise
//! an OA, enqueue messages, run workers until stopped, read the status, and
//! the operators' controls.

use std::collections::BTreeMap;
use std::sync::Arc;
use std::time::{Duration, SystemTime};

use sqlx::Row;
use tokio::sync::watch;
use zalo_zns_errors::{Attempts, OaState, Policy};

use crate::clock::{ms, now_ms};
use crate::db::{Backend, Db};
use crate::error::Error;
use crate::handover::{AlertForPerson, Handover, OtherChannelMessage};
use crate::message::{Message, Outcome};
use crate::oa_row::{LockError, OaRow, Pair};
use crate::schema;
use crate::worker::{Settings, Turn, TxError, Worker, log, span_ms, until_the_database_answers};
use crate::zalo::{Zalo, ZaloConfig};

/// A sender on one database: the queue and the OAs' states live there, and
/// any number of processes may open it at once.
#[derive(Debug, Clone)]
pub struct Sender {
    db: Db,
}

/// A pair of tokens for an OA, from a person's authorisation or from the
/// store a sender starts with.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TokenPair {
    /// The access token sends go out with.
    pub access_token: String,
    /// The refresh token, single-use, for the next pair.
    pub refresh_token: String,
    /// How long the access token lives from now, when known.
    pub expires_in: Option<Duration>,
}

/// How `run` works.
#[derive(Debug, Clone)]
pub struct RunOptions {
    /// How many workers this process runs.
    pub workers: usize,
    /// How many messages a worker takes in one turn (one transaction).
    pub batch: usize,
    /// Stop once every message has an outcome or waits for a person (and
    /// what was to be handed over was tried).
    pub until_done: bool,
    /// A policy to give the OA's state before running.
    pub policy: Option<Policy>,
    /// How long a worker waits for new messages when none is due, at most.
    pub idle_poll: Duration,
}

impl Default for RunOptions {
    fn default() -> Self {
        RunOptions {
            workers: 4,
            batch: 16,
            until_done: false,
            policy: None,
            idle_poll: Duration::from_millis(200),
        }
    }
}

/// What one `enqueue` did.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Enqueued {
    /// Messages added.
    pub added: usize,
    /// Messages whose tracking id the OA had already: left as they were.
    pub already_queued: usize,
}

/// The OA and its queue, as `status` reads them.
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
pub struct OaStatus {
    /// The OA.
    pub oa: String,
    /// Messages by outcome (every outcome, 0 included).
    pub messages: BTreeMap<String, u64>,
    /// Messages waiting for a person to release the OA or their template
    /// (counted in `queued` too).
    pub waiting_for_person: u64,
    /// Why the OA is held, in English, if it is.
    pub hold: Option<String>,
    /// Until when the OA's daily limit pauses it (RFC 3339), if it does.
    pub paused_until: Option<String>,
    /// Whether an outage has opened the circuit.
    pub circuit_open: bool,
    /// The templates held for a person.
    pub held_templates: Vec<String>,
    /// Every alert, oldest first.
    pub alerts: Vec<AlertForPerson>,
    /// Messages for the other channel not handed over yet.
    pub other_channel_pending: u64,
}

/// One message, as `message_status` reads it.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct MessageStatus {
    /// Its tracking id.
    pub tracking_id: String,
    /// How it ended, or `queued`.
    pub outcome: Outcome,
    /// How many times it was sent to Zalo.
    pub sends: u64,
    /// Zalo's words, or why it went another way.
    pub detail: Option<String>,
    /// Zalo's id for it, when delivered.
    pub msg_id: Option<String>,
}

/// How long before a message's own deadline ZNS stops trying: the time the
/// other channel needs to get it out.
pub const OTHER_CHANNEL_MARGIN: Duration = Duration::from_secs(2);

/// The HTTP timeout of a call to Zalo when none is given, if it is below
/// the policy's `call_timeout`.
const DEFAULT_HTTP_TIMEOUT: Duration = Duration::from_secs(20);

impl Sender {
    /// Opens the database at `url` (`sqlite://FILE`, created if missing, or
    /// `postgres://…`) and brings its schema up to date.
    ///
    /// # Errors
    ///
    /// A URL of another database, a database that cannot be opened, or one
    /// a newer version migrated.
    pub async fn open(url: &str) -> Result<Sender, Error> {
        Sender::open_with(url, 8).await
    }

    /// [`open`](Self::open) with at most `connections` connections.
    ///
    /// # Errors
    ///
    /// As [`open`](Self::open).
    pub async fn open_with(url: &str, connections: u32) -> Result<Sender, Error> {
        let db = Db::open(url, connections).await?;
        schema::migrate(&db).await?;
        Ok(Sender { db })
    }

    /// The database this sender uses.
    pub fn backend(&self) -> Backend {
        self.db.backend()
    }

    /// Gives the OA a pair of tokens. For an OA the database does not have
    /// yet, the pair it starts with (of the remaining life given); for one
    /// it has, a person's new pair, which ends a hold that authorising
    /// fixes.
    ///
    /// # Errors
    ///
    /// An empty token, or the database failing.
    pub async fn authorise(&self, oa: &str, pair: TokenPair) -> Result<(), Error> {
        if oa.trim().is_empty() {
            return Err(Error::Config("the OA id is empty".to_owned()));
        }
        if pair.access_token.is_empty() || pair.refresh_token.is_empty() {
            return Err(Error::Config(
                "an access token and a refresh token are both needed".to_owned(),
            ));
        }
        until_the_database_answers!("authorise the OA", async {
            let mut tx = self.db.begin().await?;
            let now = SystemTime::now();
            let (mut row, insert) = match OaRow::lock(&mut tx, &self.db, oa).await {
                Ok(mut row) => {
                    let id = row.state.token_granted(now, pair.expires_in);
                    row.pair = Some(stored_pair(id, &pair));
                    (row, false)
                }
                Err(LockError::Unknown) => {
                    let mut state = OaState::new();
                    let id = state.token_restored(now, pair.expires_in.map(|life| now + life));
                    (OaRow::new(oa, state, stored_pair(id, &pair)), true)
                }
                Err(LockError::Database(error)) => return Err(TxError::Database(error)),
                Err(error) => return Err(TxError::Other(error.into_error(oa, "authorise"))),
            };
            row.save(&mut tx, insert).await?;
            // Messages kept for the OA's release may go again.
            ask_again(&mut tx, oa).await?;
            tx.commit().await?;
            Ok(())
        })
    }

    /// Adds messages to the OA's queue, all or none: a message whose
    /// tracking id the OA has already is left as it was.
    ///
    /// # Errors
    ///
    /// An OA the database does not have, a message Zalo cannot take (its
    /// tracking id named), or the database failing; then nothing is added.
    pub async fn enqueue(&self, oa: &str, messages: &[Message]) -> Result<Enqueued, Error> {
        for message in messages {
            if let Some(reason) = message.problem() {
                return Err(Error::BadMessage {
                    tracking_id: message.tracking_id.clone(),
                    reason,
                });
            }
        }
        until_the_database_answers!("enqueue", async {
            let mut tx = self.db.begin().await?;
            let known: Option<i64> = sqlx::query_scalar("SELECT 1 FROM zns_oa WHERE oa_id = $1")
                .bind(oa)
                .fetch_optional(&mut *tx)
                .await?;
            if known.is_none() {
                return Err(TxError::Other(Error::UnknownOa(oa.to_owned())));
            }
            let now = now_ms();
            let mut added = 0;
            for message in messages {
                let attempts = match message.deliver_by {
                    Some(by) => Attempts::with_deliver_by(
                        by.checked_sub(OTHER_CHANNEL_MARGIN).unwrap_or(by),
                    ),
                    None => Attempts::new(),
                };
                let result = sqlx::query(
                    "INSERT INTO zns_message (oa_id, tracking_id, phone, template_id, \
                     template_data, deliver_by_ms, attempts, due_ms, enqueued_ms) \
                     VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $8) \
                     ON CONFLICT (oa_id, tracking_id) DO NOTHING",
                )
                .bind(oa)
                .bind(&message.tracking_id)
                .bind(&message.phone)
                .bind(&message.template_id)
                .bind(serde_json::Value::Object(message.template_data.clone()).to_string())
                .bind(message.deliver_by.map(ms))
                .bind(serde_json::to_string(&attempts).expect("Attempts serialize"))
                .bind(now)
                .execute(&mut *tx)
                .await?;
                added += usize::try_from(result.rows_affected()).unwrap_or(0);
            }
            tx.commit().await?;
            Ok(Enqueued {
                added,
                already_queued: messages.len() - added,
            })
        })
    }

    /// Sets the OA's policy (its state keeps what it knows).
    ///
    /// # Errors
    ///
    /// A policy out of its limits, an unknown OA, the database failing.
    pub async fn set_policy(&self, oa: &str, policy: Policy) -> Result<(), Error> {
        policy.check().map_err(Error::Policy)?;
        self.with_state(oa, "set the policy", move |state| {
            state.set_policy(policy).map(|_| ()).map_err(Error::Policy)
        })
        .await
    }

    /// A person fixed what held the OA: it sends again.
    ///
    /// # Errors
    ///
    /// An unknown OA, the database failing.
    pub async fn release(&self, oa: &str) -> Result<(), Error> {
        self.with_state(oa, "release the OA", |state| {
            state.release();
            Ok(())
        })
        .await
    }

    /// A person fixed `template`: its messages go again. Returns whether it
    /// was held.
    ///
    /// # Errors
    ///
    /// An unknown OA, the database failing.
    pub async fn release_template(&self, oa: &str, template: &str) -> Result<bool, Error> {
        let mut was_held = false;
        self.with_state(oa, "release the template", |state| {
            was_held = state.release_template(template);
            Ok(())
        })
        .await?;
        Ok(was_held)
    }

    /// A person raised the OA's daily limit: it sends again now.
    ///
    /// # Errors
    ///
    /// An unknown OA, the database failing.
    pub async fn end_pause(&self, oa: &str) -> Result<(), Error> {
        self.with_state(oa, "end the pause", |state| {
            state.end_pause();
            Ok(())
        })
        .await
    }

    /// Calls `change` on the OA's state in one transaction, and lets the
    /// messages kept for a person ask again.
    async fn with_state(
        &self,
        oa: &str,
        doing: &'static str,
        mut change: impl FnMut(&mut OaState) -> Result<(), Error>,
    ) -> Result<(), Error> {
        until_the_database_answers!(doing, async {
            {
                let mut tx = self.db.begin().await?;
                let mut row =
                    OaRow::lock(&mut tx, &self.db, oa)
                        .await
                        .map_err(|error| match error {
                            LockError::Database(error) => TxError::Database(error),
                            other => TxError::Other(other.into_error(oa, doing)),
                        })?;
                change(&mut row.state).map_err(TxError::Other)?;
                row.save(&mut tx, false).await?;
                ask_again(&mut tx, oa).await?;
                tx.commit().await?;
                Ok(())
            }
        })
    }

    /// One message's status, if the OA has it.
    ///
    /// # Errors
    ///
    /// The database failing.
    pub async fn message_status(
        &self,
        oa: &str,
        tracking_id: &str,
    ) -> Result<Option<MessageStatus>, Error> {
        let row = sqlx::query(
            "SELECT outcome, sends, detail, msg_id FROM zns_message \
             WHERE oa_id = $1 AND tracking_id = $2",
        )
        .bind(oa)
        .bind(tracking_id)
        .fetch_optional(self.db.pool())
        .await
        .map_err(Error::database("read the message"))?;
        let Some(row) = row else { return Ok(None) };
        let outcome: Option<String> = row
            .try_get(0)
            .map_err(Error::database("read the message"))?;
        let sends: i64 = row
            .try_get(1)
            .map_err(Error::database("read the message"))?;
        Ok(Some(MessageStatus {
            tracking_id: tracking_id.to_owned(),
            outcome: Outcome::from_stored(outcome.as_deref()).unwrap_or(Outcome::Queued),
            sends: u64::try_from(sends).unwrap_or(0),
            detail: row
                .try_get(2)
                .map_err(Error::database("read the message"))?,
            msg_id: row
                .try_get(3)
                .map_err(Error::database("read the message"))?,
        }))
    }

    /// The OA's status: its messages by outcome, its hold, pause and
    /// circuit, and its alerts.
    ///
    /// # Errors
    ///
    /// An unknown OA, the database failing.
    pub async fn status(&self, oa: &str) -> Result<OaStatus, Error> {
        let read = Error::database("read the status");
        let state: Option<String> = sqlx::query_scalar("SELECT state FROM zns_oa WHERE oa_id = $1")
            .bind(oa)
            .fetch_optional(self.db.pool())
            .await
            .map_err(&read)?;
        let state = state.ok_or_else(|| Error::UnknownOa(oa.to_owned()))?;
        let state: OaState = serde_json::from_str(&state).map_err(|error| Error::Corrupt {
            what: format!("the state of OA {oa:?}"),
            reason: error.to_string(),
        })?;
        let mut messages: BTreeMap<String, u64> = Outcome::ALL
            .iter()
            .map(|o| (o.as_str().to_owned(), 0))
            .collect();
        let rows = sqlx::query(
            "SELECT outcome, COUNT(*) FROM zns_message WHERE oa_id = $1 GROUP BY outcome",
        )
        .bind(oa)
        .fetch_all(self.db.pool())
        .await
        .map_err(&read)?;
        for row in rows {
            let outcome: Option<String> = row.try_get(0).map_err(&read)?;
            let count: i64 = row.try_get(1).map_err(&read)?;
            let name = Outcome::from_stored(outcome.as_deref())
                .map_or_else(|| outcome.unwrap_or_default(), |o| o.as_str().to_owned());
            *messages.entry(name).or_default() += u64::try_from(count).unwrap_or(0);
        }
        let waiting: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM zns_message WHERE oa_id = $1 AND outcome IS NULL \
             AND waiting = 'person'",
        )
        .bind(oa)
        .fetch_one(self.db.pool())
        .await
        .map_err(&read)?;
        let pending: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM zns_message WHERE oa_id = $1 AND outcome = 'other_channel' \
             AND handed_over_ms IS NULL",
        )
        .bind(oa)
        .fetch_one(self.db.pool())
        .await
        .map_err(&read)?;
        Ok(OaStatus {
            oa: oa.to_owned(),
            messages,
            waiting_for_person: u64::try_from(waiting).unwrap_or(0),
            hold: state.hold().map(ToString::to_string),
            paused_until: state.paused_until().map(crate::rfc3339::format),
            circuit_open: state.is_circuit_open(),
            held_templates: state
                .held_templates()
                .map(|hold| {
                    hold.template()
                        .unwrap_or("(an id too long to keep)")
                        .to_owned()
                })
                .collect(),
            alerts: self.alerts(oa).await?,
            other_channel_pending: u64::try_from(pending).unwrap_or(0),
        })
    }

    /// Every alert of the OA, oldest first.
    ///
    /// # Errors
    ///
    /// The database failing.
    pub async fn alerts(&self, oa: &str) -> Result<Vec<AlertForPerson>, Error> {
        let read = Error::database("read the alerts");
        let rows = sqlx::query(
            "SELECT seq, kind, english, vietnamese, resolution, template_id FROM zns_alert \
             WHERE oa_id = $1 ORDER BY seq",
        )
        .bind(oa)
        .fetch_all(self.db.pool())
        .await
        .map_err(&read)?;
        rows.iter()
            .map(|row| alert_of(oa, row).map_err(&read))
            .collect()
    }

    /// Runs `options.workers` workers for the OA until `stop` turns true
    /// (or, with `until_done`, until every message has an outcome or waits
    /// for a person): calls in flight then finish and are recorded, and
    /// nothing new is claimed. Alerts and messages for the other channel
    /// go to `handover` meanwhile.
    ///
    /// # Errors
    ///
    /// An unknown OA, a policy out of its limits, an HTTP timeout not below
    /// the policy's `call_timeout`, or a database that fails for a reason
    /// other than being away for a while.
    pub async fn run<H: Handover>(
        &self,
        oa: &str,
        zalo: ZaloConfig,
        options: RunOptions,
        handover: H,
        mut stop: watch::Receiver<bool>,
    ) -> Result<(), Error> {
        if let Some(policy) = options.policy {
            self.set_policy(oa, policy).await?;
        }
        let call_timeout = self.policy_of(oa).await?.call_timeout;
        let http_timeout = zalo
            .http_timeout
            .unwrap_or_else(|| DEFAULT_HTTP_TIMEOUT.min(call_timeout * 3 / 4));
        if http_timeout >= call_timeout {
            return Err(Error::Config(format!(
                "the HTTP timeout ({http_timeout:?}) must be below the policy's call_timeout \
                 ({call_timeout:?}): a refresh call still waiting after call_timeout could spend \
                 the single-use refresh token twice. Lower the timeout or raise call_timeout"
            )));
        }
        let zalo = Zalo::new(zalo, http_timeout)?;
        let settings = Arc::new(Settings {
            oa: oa.to_owned(),
            owner: format!("pid-{}-{}", std::process::id(), now_ms()),
            batch: options.batch.max(1),
            lease: zalo.http_timeout() + Duration::from_secs(10),
            held_recheck: Duration::from_secs(30),
            timings: crate::worker::Timings::default(),
        });
        let (done_tx, done_rx) = watch::channel(false);
        let mut tasks = tokio::task::JoinSet::new();
        for _ in 0..options.workers.max(1) {
            let worker = Worker {
                db: self.db.clone(),
                zalo: zalo.clone(),
                settings: Arc::clone(&settings),
            };
            let mut stop = stop.clone();
            let mut done = done_rx.clone();
            let idle_poll = options.idle_poll;
            tasks.spawn(async move {
                loop {
                    if *stop.borrow() || *done.borrow() {
                        return Ok(());
                    }
                    match worker.turn().await? {
                        Turn::Worked => {}
                        Turn::Idle(next_due) => {
                            let wait = next_due
                                .map(|due| due.saturating_sub(now_ms()).max(5))
                                .map_or(idle_poll, |ms| {
                                    Duration::from_millis(ms.unsigned_abs()).min(idle_poll)
                                });
                            tokio::select! {
                                _ = tokio::time::sleep(wait) => {}
                                _ = stop.changed() => {}
                                _ = done.changed() => {}
                            }
                        }
                    }
                }
            });
        }
        let handover = Arc::new(handover);
        let handing = {
            let db = self.db.clone();
            let oa = oa.to_owned();
            let handover = Arc::clone(&handover);
            let mut stop = stop.clone();
            let mut done = done_rx.clone();
            tokio::spawn(async move {
                loop {
                    let handed = hand_over(&db, &oa, &*handover).await;
                    if *stop.borrow() || *done.borrow() {
                        return handed;
                    }
                    let pause = if handed.as_ref().is_ok_and(|n| *n > 0) {
                        Duration::from_millis(10)
                    } else {
                        Duration::from_millis(300)
                    };
                    tokio::select! {
                        _ = tokio::time::sleep(pause) => {}
                        _ = stop.changed() => {}
                        _ = done.changed() => {}
                    }
                }
            })
        };
        let mut result = Ok(());
        loop {
            tokio::select! {
                finished = tasks.join_next() => match finished {
                    None => break,
                    Some(Ok(Ok(()))) => {}
                    Some(Ok(Err(error))) => {
                        let _ = done_tx.send(true);
                        result = Err(error);
                    }
                    Some(Err(panic)) => {
                        let _ = done_tx.send(true);
                        result = Err(Error::Config(format!("a worker failed: {panic}")));
                    }
                },
                _ = stop.changed() => {}
                _ = tokio::time::sleep(Duration::from_millis(500)), if options.until_done => {
                    if self.is_done(oa).await.unwrap_or(false) {
                        let _ = done_tx.send(true);
                    }
                }
            }
        }
        let _ = done_tx.send(true);
        match handing.await {
            Ok(Err(error)) if result.is_ok() => result = Err(error),
            _ => {}
        }
        // What is left for the other channel is tried once more.
        let _ = hand_over(&self.db, oa, &*handover).await;
        if std::env::var_os("ZNS_SENDER_TIMINGS").is_some() {
            log(format_args!("timings: {}", settings.timings.summary()));
        }
        result
    }

    async fn policy_of(&self, oa: &str) -> Result<Policy, Error> {
        let state: Option<String> = sqlx::query_scalar("SELECT state FROM zns_oa WHERE oa_id = $1")
            .bind(oa)
            .fetch_optional(self.db.pool())
            .await
            .map_err(Error::database("read the OA"))?;
        let state = state.ok_or_else(|| Error::UnknownOa(oa.to_owned()))?;
        let state: OaState = serde_json::from_str(&state).map_err(|error| Error::Corrupt {
            what: format!("the state of OA {oa:?}"),
            reason: error.to_string(),
        })?;
        Ok(*state.policy())
    }

    /// Whether every message has an outcome or waits for a person.
    async fn is_done(&self, oa: &str) -> Result<bool, Error> {
        let left: i64 = sqlx::query_scalar(
            "SELECT COUNT(*) FROM zns_message WHERE oa_id = $1 AND outcome IS NULL \
             AND (waiting IS NULL OR waiting <> 'person')",
        )
        .bind(oa)
        .fetch_one(self.db.pool())
        .await
        .map_err(Error::database("count the queue"))?;
        Ok(left == 0)
    }

    /// Closes the database's connections.
    pub async fn close(&self) {
        self.db.close().await;
    }
}

/// An alert as `SELECT seq, kind, english, vietnamese, resolution,
/// template_id` reads it, with the command that ends it.
fn alert_of(oa: &str, row: &sqlx::any::AnyRow) -> Result<AlertForPerson, sqlx::Error> {
    let resolution: String = row.try_get(4)?;
    let template_id: Option<String> = row.try_get(5)?;
    let command = match resolution.as_str() {
        "OaState::release" => format!("zns-sender release --oa {oa}"),
        "OaState::release_template" => format!(
            "zns-sender release-template --oa {oa} --template {}",
            template_id.as_deref().unwrap_or("TEMPLATE")
        ),
        "OaState::end_pause" => format!("zns-sender end-pause --oa {oa}"),
        _ => format!(
            "zns-sender authorise --oa {oa} --access-token ACCESS --refresh-token REFRESH \
             --expires-in SECONDS"
        ),
    };
    Ok(AlertForPerson {
        oa: oa.to_owned(),
        seq: row.try_get(0)?,
        kind: row.try_get(1)?,
        english: row.try_get(2)?,
        vietnamese: row.try_get(3)?,
        resolution,
        command,
        template_id,
    })
}

/// The messages kept for a person's release ask the state again now.
async fn ask_again(
    tx: &mut sqlx::Transaction<'static, sqlx::Any>,
    oa: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "UPDATE zns_message SET due_ms = $2, waiting = NULL \
         WHERE oa_id = $1 AND outcome IS NULL AND waiting = 'person'",
    )
    .bind(oa)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}

fn stored_pair(id: zalo_zns_errors::TokenId, pair: &TokenPair) -> Pair {
    Pair {
        token_id: id,
        access_token: pair.access_token.clone(),
        refresh_token: pair.refresh_token.clone(),
    }
}

/// How long a handover is a process's before another may try it.
const HANDOVER_LEASE: Duration = Duration::from_secs(30);

/// What a handover is keyed by: a message of the OA, or an alert.
#[derive(Clone, Copy)]
enum Handed<'a> {
    Message(&'a str),
    Alert(i64),
}

impl Handed<'_> {
    /// Sets `column` (`handover_lease_ms` or `handed_over_ms`) of its row.
    async fn set<'e, E>(
        self,
        executor: E,
        oa: &str,
        column: &str,
        ms: i64,
    ) -> Result<(), sqlx::Error>
    where
        E: sqlx::Executor<'e, Database = sqlx::Any>,
    {
        let (table, key) = match self {
            Handed::Message(_) => ("zns_message", "tracking_id"),
            Handed::Alert(_) => ("zns_alert", "seq"),
        };
        let sql = format!("UPDATE {table} SET {column} = $3 WHERE oa_id = $1 AND {key} = $2");
        let query = sqlx::query(sqlx::AssertSqlSafe(sql)).bind(oa);
        let query = match self {
            Handed::Message(tracking_id) => query.bind(tracking_id.to_owned()),
            Handed::Alert(seq) => query.bind(seq),
        };
        query.bind(ms).execute(executor).await?;
        Ok(())
    }
}

/// Claims up to 32 rows for a handover: `select` (with `$1` the OA and `$2`
/// now) read into items, each leased for [`HANDOVER_LEASE`], so that two
/// processes do not hand over the same at once.
async fn claim_handovers<T>(
    db: &Db,
    oa: &str,
    select: &str,
    read: impl Fn(&sqlx::any::AnyRow) -> Result<T, sqlx::Error>,
    key: impl for<'t> Fn(&'t T) -> Handed<'t>,
) -> Result<Vec<T>, TxError> {
    let now = now_ms();
    let mut tx = db.begin().await?;
    let sql = format!("{select} LIMIT 32{}", db.skip_locked());
    let rows = sqlx::query(sqlx::AssertSqlSafe(sql))
        .bind(oa)
        .bind(now)
        .fetch_all(&mut *tx)
        .await?;
    let mut claimed = Vec::new();
    for row in rows {
        let item = read(&row)?;
        key(&item)
            .set(
                &mut *tx,
                oa,
                "handover_lease_ms",
                now + span_ms(HANDOVER_LEASE),
            )
            .await?;
        claimed.push(item);
    }
    tx.commit().await?;
    Ok(claimed)
}

/// Hands over what is waiting: messages for the other channel and alerts.
/// Returns how many were handed over.
async fn hand_over<H: Handover>(db: &Db, oa: &str, handover: &H) -> Result<usize, Error> {
    let mut handed = 0;
    if handover.takes_other_channel() {
        let claimed = until_the_database_answers!(
            "claim messages to hand over",
            claim_handovers(
                db,
                oa,
                "SELECT tracking_id, phone, template_id, template_data, detail FROM zns_message \
                 WHERE oa_id = $1 AND outcome = 'other_channel' AND handed_over_ms IS NULL \
                 AND (handover_lease_ms IS NULL OR handover_lease_ms < $2)",
                |row| {
                    let template_data: String = row.try_get(3)?;
                    Ok(OtherChannelMessage {
                        oa: oa.to_owned(),
                        tracking_id: row.try_get(0)?,
                        phone: row.try_get(1)?,
                        template_id: row.try_get(2)?,
                        template_data: serde_json::from_str(&template_data).unwrap_or_default(),
                        reason: row.try_get::<Option<String>, _>(4)?.unwrap_or_default(),
                    })
                },
                |message| Handed::Message(&message.tracking_id),
            )
        )?;
        for message in claimed {
            match handover.other_channel(&message).await {
                Ok(()) => {
                    let key = Handed::Message(&message.tracking_id);
                    until_the_database_answers!("record a handover", async {
                        Ok(key.set(db.pool(), oa, "handed_over_ms", now_ms()).await?)
                    })?;
                    handed += 1;
                }
                Err(error) => log(format_args!(
                    "message {} not handed to the other channel ({error}); tried again later",
                    message.tracking_id
                )),
            }
        }
    }
    if handover.takes_alerts() {
        let claimed = until_the_database_answers!(
            "claim alerts to hand over",
            claim_handovers(
                db,
                oa,
                "SELECT seq, kind, english, vietnamese, resolution, template_id FROM zns_alert \
                 WHERE oa_id = $1 AND handed_over_ms IS NULL \
                 AND (handover_lease_ms IS NULL OR handover_lease_ms < $2) ORDER BY seq",
                |row| alert_of(oa, row),
                |alert| Handed::Alert(alert.seq),
            )
        )?;
        for alert in claimed {
            match handover.alert(&alert).await {
                Ok(()) => {
                    let key = Handed::Alert(alert.seq);
                    until_the_database_answers!("record a handover", async {
                        Ok(key.set(db.pool(), oa, "handed_over_ms", now_ms()).await?)
                    })?;
                    handed += 1;
                }
                Err(error) => log(format_args!(
                    "alert {} not handed over ({error}); tried again later",
                    alert.seq
                )),
            }
        }
    }
    Ok(handed)
}
