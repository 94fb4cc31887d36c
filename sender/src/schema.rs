//! The sender's tables, created and migrated by the crate itself: versioned
//! migrations, each applied once, in order, under a lock, so that several
//! processes starting at once migrate the database once. The SQL is the
//! same for SQLite and PostgreSQL (`BIGINT` and `TEXT` columns only).

use crate::db::{Backend, Db};
use crate::error::Error;

/// One step of the schema: its version and its statements.
struct Migration {
    version: i64,
    what: &'static str,
    statements: &'static [&'static str],
}

/// Every migration, oldest first. A released one is never edited: a change
/// is a new migration.
const MIGRATIONS: &[Migration] = &[Migration {
    version: 1,
    what: "the OA, the queue, the suppression list, the alerts",
    statements: &[
        // Each OA: its OaState (JSON), its pair of tokens and the TokenId
        // the state gave the access token.
        "CREATE TABLE zns_oa (
            oa_id TEXT PRIMARY KEY,
            state TEXT NOT NULL,
            token_id BIGINT,
            access_token TEXT,
            refresh_token TEXT,
            alerts_made BIGINT NOT NULL DEFAULT 0,
            version BIGINT NOT NULL DEFAULT 0,
            updated_ms BIGINT NOT NULL
        )",
        // The queue: each message with its payload, its Attempts (JSON),
        // when it is due, its lease while a worker has it, and its outcome.
        "CREATE TABLE zns_message (
            oa_id TEXT NOT NULL,
            tracking_id TEXT NOT NULL,
            phone TEXT NOT NULL,
            template_id TEXT NOT NULL,
            template_data TEXT NOT NULL,
            deliver_by_ms BIGINT,
            attempts TEXT NOT NULL,
            due_ms BIGINT NOT NULL,
            waiting TEXT,
            lease_until_ms BIGINT,
            lease_owner TEXT,
            claim BIGINT,
            sends BIGINT NOT NULL DEFAULT 0,
            outcome TEXT,
            detail TEXT,
            msg_id TEXT,
            handed_over_ms BIGINT,
            handover_lease_ms BIGINT,
            enqueued_ms BIGINT NOT NULL,
            finished_ms BIGINT,
            PRIMARY KEY (oa_id, tracking_id)
        )",
        "CREATE INDEX zns_message_due ON zns_message (oa_id, outcome, due_ms)",
        "CREATE INDEX zns_message_handover ON zns_message (oa_id, outcome, handed_over_ms)",
        // The recipients who get no more ZNS from an OA.
        "CREATE TABLE zns_suppressed (
            oa_id TEXT NOT NULL,
            phone TEXT NOT NULL,
            code BIGINT,
            since_ms BIGINT NOT NULL,
            PRIMARY KEY (oa_id, phone)
        )",
        // What a person must be told, numbered per OA, and whether it was
        // handed over.
        "CREATE TABLE zns_alert (
            oa_id TEXT NOT NULL,
            seq BIGINT NOT NULL,
            kind TEXT NOT NULL,
            english TEXT NOT NULL,
            vietnamese TEXT NOT NULL,
            resolution TEXT NOT NULL,
            template_id TEXT,
            created_ms BIGINT NOT NULL,
            handed_over_ms BIGINT,
            handover_lease_ms BIGINT,
            PRIMARY KEY (oa_id, seq)
        )",
    ],
}];

/// The newest schema version this crate knows.
pub(crate) fn latest() -> i64 {
    MIGRATIONS.last().map_or(0, |m| m.version)
}

/// Brings the database to the newest schema. A database migrated by a newer
/// version of the crate is refused: its tables may mean what this version
/// does not know.
pub(crate) async fn migrate(db: &Db) -> Result<(), Error> {
    // The version table itself, created by whoever comes first. PostgreSQL
    // may refuse the second of two creations at once (a duplicate key, table
    // or type: 23505, 42P07, 42710) even with IF NOT EXISTS: the table is
    // there all the same.
    let created = sqlx::query(
        "CREATE TABLE IF NOT EXISTS zns_schema (
            version BIGINT PRIMARY KEY,
            what TEXT NOT NULL,
            applied_ms BIGINT NOT NULL
        )",
    )
    .execute(db.pool())
    .await;
    match created {
        Err(sqlx::Error::Database(error))
            if matches!(error.code().as_deref(), Some("23505" | "42P07" | "42710")) => {}
        other => {
            other.map_err(Error::database("create the table of schema versions"))?;
        }
    }
    let mut tx = db
        .begin()
        .await
        .map_err(Error::database("start the migration"))?;
    if db.backend() == Backend::Postgres {
        // One migrating process at a time; the lock ends with the
        // transaction.
        sqlx::query("LOCK TABLE zns_schema IN EXCLUSIVE MODE")
            .execute(&mut *tx)
            .await
            .map_err(Error::database("lock the schema"))?;
    }
    let applied: i64 = sqlx::query_scalar("SELECT COALESCE(MAX(version), 0) FROM zns_schema")
        .fetch_one(&mut *tx)
        .await
        .map_err(Error::database("read the schema version"))?;
    if applied > latest() {
        return Err(Error::NewerSchema {
            found: applied,
            known: latest(),
        });
    }
    for migration in MIGRATIONS.iter().filter(|m| m.version > applied) {
        for statement in migration.statements {
            sqlx::query(*statement)
                .execute(&mut *tx)
                .await
                .map_err(Error::database("migrate the schema"))?;
        }
        sqlx::query("INSERT INTO zns_schema (version, what, applied_ms) VALUES ($1, $2, $3)")
            .bind(migration.version)
            .bind(migration.what)
            .bind(crate::clock::now_ms())
            .execute(&mut *tx)
            .await
            .map_err(Error::database("record the schema version"))?;
    }
    tx.commit()
        .await
        .map_err(Error::database("commit the migration"))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::MIGRATIONS;

    #[test]
    fn migrations_are_numbered_one_by_one() {
        for (i, migration) in MIGRATIONS.iter().enumerate() {
            assert_eq!(migration.version, i as i64 + 1, "{}", migration.what);
        }
    }
}
