//! The database: SQLite (a file, created on first use, in WAL mode) or
//! PostgreSQL, through sqlx's `Any` driver with runtime queries, so that
//! every query is written once for both and nothing needs a database to
//! build. It is the sender's memory and the only coordination between its
//! processes.

use std::time::Duration;

use sqlx::any::{AnyPoolOptions, install_default_drivers};
use sqlx::{Any, AnyPool, Transaction};

use crate::error::Error;

/// Which database a URL names.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    /// `sqlite://FILE`: one file, shared by the processes of one machine.
    Sqlite,
    /// `postgres://…`: a server, shared by a fleet.
    Postgres,
}

impl Backend {
    /// The backend a database URL names, if it is one this crate speaks.
    pub fn of_url(url: &str) -> Option<Backend> {
        if url.starts_with("sqlite:") {
            Some(Backend::Sqlite)
        } else if url.starts_with("postgres://") || url.starts_with("postgresql://") {
            Some(Backend::Postgres)
        } else {
            None
        }
    }
}

/// A pool of connections to the sender's database.
#[derive(Debug, Clone)]
pub(crate) struct Db {
    pool: AnyPool,
    backend: Backend,
}

/// How long SQLite waits for another process's write lock before it
/// answers "busy": longer than any of the sender's transactions takes.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 30_000;

impl Db {
    /// Connects to `url` (an SQLite file is created if missing) with at
    /// most `connections` connections.
    pub(crate) async fn open(url: &str, connections: u32) -> Result<Db, Error> {
        install_default_drivers();
        let backend = Backend::of_url(url).ok_or_else(|| Error::UnsupportedUrl(url.to_owned()))?;
        let connect_url = match backend {
            Backend::Sqlite if !url.contains("mode=") => {
                let joiner = if url.contains('?') { '&' } else { '?' };
                format!("{url}{joiner}mode=rwc")
            }
            _ => url.to_owned(),
        };
        let pool = AnyPoolOptions::new()
            .max_connections(connections.max(1))
            .acquire_timeout(Duration::from_secs(10))
            .after_connect(move |connection, _| {
                Box::pin(async move {
                    if backend == Backend::Sqlite {
                        // Several processes share the file: wait for a
                        // writer rather than fail, and commit without a
                        // full sync (WAL keeps the database consistent).
                        sqlx::raw_sql(sqlx::AssertSqlSafe(format!(
                            "PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; PRAGMA synchronous = NORMAL"
                        )))
                        .execute(&mut *connection)
                        .await?;
                    }
                    Ok(())
                })
            })
            .connect(&connect_url)
            .await
            .map_err(|error| Error::CannotOpen {
                url: shown_url(url),
                reason: error.to_string(),
            })?;
        if backend == Backend::Sqlite {
            sqlx::query("PRAGMA journal_mode = WAL")
                .execute(&pool)
                .await
                .map_err(|error| Error::CannotOpen {
                    url: shown_url(url),
                    reason: error.to_string(),
                })?;
        }
        Ok(Db { pool, backend })
    }

    pub(crate) fn backend(&self) -> Backend {
        self.backend
    }

    pub(crate) fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// A transaction that holds the write lock it needs from its first
    /// statement: `BEGIN IMMEDIATE` on SQLite (one writer at a time, taken
    /// up front, so that a read never has to upgrade); on PostgreSQL a plain
    /// transaction whose `SELECT … FOR UPDATE` locks the rows it reads.
    pub(crate) async fn begin(&self) -> Result<Transaction<'static, Any>, sqlx::Error> {
        match self.backend {
            Backend::Sqlite => self.pool.begin_with("BEGIN IMMEDIATE").await,
            Backend::Postgres => self.pool.begin().await,
        }
    }

    /// ` FOR UPDATE` on PostgreSQL; nothing on SQLite, whose immediate
    /// transaction holds the database's write lock already.
    pub(crate) fn for_update(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE",
        }
    }

    /// ` FOR UPDATE SKIP LOCKED` on PostgreSQL: rows another transaction
    /// claims are passed over, not waited for.
    pub(crate) fn skip_locked(&self) -> &'static str {
        match self.backend {
            Backend::Sqlite => "",
            Backend::Postgres => " FOR UPDATE SKIP LOCKED",
        }
    }

    pub(crate) async fn close(&self) {
        self.pool.close().await;
    }
}

/// A database URL without its password, to show in a message.
pub(crate) fn shown_url(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme), Some(at)) if at > scheme => {
            let credentials = &url[scheme + 3..at];
            match credentials.find(':') {
                Some(colon) => format!(
                    "{}{}:***{}",
                    &url[..scheme + 3],
                    &credentials[..colon],
                    &url[at..]
                ),
                None => url.to_owned(),
            }
        }
        _ => url.to_owned(),
    }
}

/// Whether an error is the database being away (a restart, a failover, a
/// lock held too long): the transaction is tried again once it is back.
pub(crate) fn is_transient(error: &sqlx::Error) -> bool {
    match error {
        sqlx::Error::Io(_)
        | sqlx::Error::PoolTimedOut
        | sqlx::Error::Tls(_)
        | sqlx::Error::Protocol(_)
        | sqlx::Error::WorkerCrashed => true,
        sqlx::Error::Database(database) => {
            let code = database.code().unwrap_or_default();
            // PostgreSQL: connection exceptions (08…), the server shutting
            // down or starting (57P01–57P03), a serialization failure or a
            // deadlock (40001, 40P01). SQLite: busy or locked (5, 6, and
            // their extended codes).
            code.starts_with("08")
                || code.starts_with("57P")
                || code == "40001"
                || code == "40P01"
                || matches!(code.parse::<i64>(), Ok(c) if c & 0xff == 5 || c & 0xff == 6)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::{Backend, shown_url};

    #[test]
    fn a_url_names_its_backend() {
        assert_eq!(Backend::of_url("sqlite://zns.db"), Some(Backend::Sqlite));
        assert_eq!(Backend::of_url("sqlite:zns.db"), Some(Backend::Sqlite));
        assert_eq!(
            Backend::of_url("postgres://u@127.0.0.1/zns"),
            Some(Backend::Postgres)
        );
        assert_eq!(Backend::of_url("mysql://u@h/zns"), None);
    }

    #[test]
    fn a_shown_url_hides_the_password() {
        assert_eq!(
            shown_url("postgres://zns:secret@127.0.0.1:5432/zns"),
            "postgres://zns:***@127.0.0.1:5432/zns"
        );
        assert_eq!(shown_url("sqlite://zns.db"), "sqlite://zns.db");
    }
}
