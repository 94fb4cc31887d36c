//! One OA's row: its `OaState`, its pair of tokens, and the alerts it made,
//! read under the row's lock and written back in the same transaction, so
//! that every call to the state is the whole fleet's, once.

use sqlx::{Any, Row, Transaction};
use zalo_zns_errors::{Alert, OaState, TokenId};

use crate::clock::now_ms;
use crate::db::Db;
use crate::error::Error;

/// The pair of tokens sends go out with, under the id the state gave it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Pair {
    pub(crate) token_id: TokenId,
    pub(crate) access_token: String,
    pub(crate) refresh_token: String,
}

/// An OA's row, locked by the transaction that read it.
#[derive(Debug)]
pub(crate) struct OaRow {
    pub(crate) oa_id: String,
    pub(crate) state: OaState,
    pub(crate) pair: Option<Pair>,
    alerts_made: i64,
    /// How many times the row was written: a writer that lost its
    /// transaction can tell whether anyone wrote since it read.
    pub(crate) version: i64,
}

impl OaRow {
    /// Reads and locks the row of `oa` (on SQLite the immediate transaction
    /// holds the lock already).
    pub(crate) async fn lock(
        tx: &mut Transaction<'static, Any>,
        db: &Db,
        oa: &str,
    ) -> Result<OaRow, LockError> {
        let sql = format!(
            "SELECT state, token_id, access_token, refresh_token, alerts_made, version FROM zns_oa \
             WHERE oa_id = $1{}",
            db.for_update()
        );
        let row = sqlx::query(sqlx::AssertSqlSafe(sql))
            .bind(oa)
            .fetch_optional(&mut **tx)
            .await
            .map_err(LockError::Database)?;
        let Some(row) = row else {
            return Err(LockError::Unknown);
        };
        let state: String = row.try_get(0).map_err(LockError::Database)?;
        let state: OaState = serde_json::from_str(&state).map_err(|error| {
            LockError::Corrupt(Error::Corrupt {
                what: format!("the state of OA {oa:?}"),
                reason: error.to_string(),
            })
        })?;
        let token_id: Option<i64> = row.try_get(1).map_err(LockError::Database)?;
        let access_token: Option<String> = row.try_get(2).map_err(LockError::Database)?;
        let refresh_token: Option<String> = row.try_get(3).map_err(LockError::Database)?;
        let alerts_made: i64 = row.try_get(4).map_err(LockError::Database)?;
        let version: i64 = row.try_get(5).map_err(LockError::Database)?;
        let pair = match (token_id, access_token, refresh_token) {
            (Some(id), Some(access_token), Some(refresh_token)) => Some(Pair {
                token_id: TokenId::from_raw(u32::try_from(id).map_err(|_| {
                    LockError::Corrupt(Error::Corrupt {
                        what: format!("the token id of OA {oa:?}"),
                        reason: format!("{id} is not a token id"),
                    })
                })?),
                access_token,
                refresh_token,
            }),
            _ => None,
        };
        Ok(OaRow {
            oa_id: oa.to_owned(),
            state,
            pair,
            alerts_made,
            version,
        })
    }

    /// A new OA's row, not yet in the database.
    pub(crate) fn new(oa: &str, state: OaState, pair: Pair) -> OaRow {
        OaRow {
            oa_id: oa.to_owned(),
            state,
            pair: Some(pair),
            alerts_made: 0,
            version: 0,
        }
    }

    /// Writes the state and the pair back, with the alerts the state has
    /// for a person (each stored once, numbered per OA), in the transaction
    /// that locked the row. `insert` for a row not yet in the database.
    pub(crate) async fn save(
        &mut self,
        tx: &mut Transaction<'static, Any>,
        insert: bool,
    ) -> Result<(), sqlx::Error> {
        let alerts = self.state.take_alerts();
        self.save_with(tx, &alerts, insert).await
    }

    /// [`save`](Self::save) with alerts taken from the state before (kept
    /// by a writer whose first transaction failed).
    pub(crate) async fn save_with(
        &self,
        tx: &mut Transaction<'static, Any>,
        alerts: &[Alert],
        insert: bool,
    ) -> Result<(), sqlx::Error> {
        let mut alerts_made = self.alerts_made;
        for alert in alerts {
            alerts_made += 1;
            store_alert(tx, &self.oa_id, alerts_made, alert).await?;
        }
        let state = serde_json::to_string(&self.state).expect("an OaState serializes");
        let (token_id, access_token, refresh_token) = match &self.pair {
            Some(pair) => (
                Some(i64::from(pair.token_id.get())),
                Some(pair.access_token.as_str()),
                Some(pair.refresh_token.as_str()),
            ),
            None => (None, None, None),
        };
        let sql = if insert {
            "INSERT INTO zns_oa (oa_id, state, token_id, access_token, refresh_token, \
             alerts_made, updated_ms, version) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
        } else {
            "UPDATE zns_oa SET state = $2, token_id = $3, access_token = $4, \
             refresh_token = $5, alerts_made = $6, updated_ms = $7, version = $8 WHERE oa_id = $1"
        };
        sqlx::query(sql)
            .bind(&self.oa_id)
            .bind(state)
            .bind(token_id)
            .bind(access_token)
            .bind(refresh_token)
            .bind(alerts_made)
            .bind(now_ms())
            .bind(self.version + 1)
            .execute(&mut **tx)
            .await?;
        Ok(())
    }
}

/// Why an OA's row could not be locked.
#[derive(Debug)]
pub(crate) enum LockError {
    /// No such OA.
    Unknown,
    /// Its stored state does not read back.
    Corrupt(Error),
    /// The database failed.
    Database(sqlx::Error),
}

impl LockError {
    pub(crate) fn into_error(self, oa: &str, doing: &'static str) -> Error {
        match self {
            LockError::Unknown => Error::UnknownOa(oa.to_owned()),
            LockError::Corrupt(error) => error,
            LockError::Database(reason) => Error::Database { doing, reason },
        }
    }
}

/// The alert's kind, as the database and the webhook name it.
pub(crate) fn alert_kind(alert: &Alert) -> &'static str {
    match alert {
        Alert::OaHeld(_) => "oa_held",
        Alert::TemplateHeld(_) => "template_held",
        Alert::AuthoriseAgain(_) => "authorise_again",
        Alert::Paused(_) => "paused",
        _ => "other",
    }
}

async fn store_alert(
    tx: &mut Transaction<'static, Any>,
    oa: &str,
    seq: i64,
    alert: &Alert,
) -> Result<(), sqlx::Error> {
    let template = match alert {
        Alert::TemplateHeld(hold) => hold.template().map(str::to_owned),
        _ => None,
    };
    sqlx::query(
        "INSERT INTO zns_alert (oa_id, seq, kind, english, vietnamese, resolution, \
         template_id, created_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
    )
    .bind(oa)
    .bind(seq)
    .bind(alert_kind(alert))
    .bind(alert.to_string())
    .bind(alert.vi().to_string())
    .bind(alert.resolution().to_string())
    .bind(template)
    .bind(now_ms())
    .execute(&mut **tx)
    .await?;
    Ok(())
}
