//! [`Error`]: what the sender could not do, each with where and how to fix
//! it.

use std::fmt;

use zalo_zns_errors::PolicyError;

/// What went wrong, and what to do about it.
#[non_exhaustive]
#[derive(Debug)]
pub enum Error {
    /// The database URL names no database this crate speaks.
    UnsupportedUrl(String),
    /// The database could not be opened.
    CannotOpen {
        /// The URL, without its password.
        url: String,
        /// What the driver said.
        reason: String,
    },
    /// The database was migrated by a newer version of the crate.
    NewerSchema {
        /// The database's schema version.
        found: i64,
        /// The newest this version knows.
        known: i64,
    },
    /// A statement failed.
    Database {
        /// What the sender was doing.
        doing: &'static str,
        /// What the driver said.
        reason: sqlx::Error,
    },
    /// No OA of that id in the database.
    UnknownOa(String),
    /// A line of the messages to enqueue is not a message.
    BadLine {
        /// The line, counted from 1.
        line: usize,
        /// What is wrong with it.
        reason: String,
    },
    /// A message to enqueue is not one ZNS can take.
    BadMessage {
        /// Its tracking id.
        tracking_id: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A policy out of its limits.
    Policy(PolicyError),
    /// A stored value that no version of the sender wrote.
    Corrupt {
        /// Where it is.
        what: String,
        /// What is wrong with it.
        reason: String,
    },
    /// A file could not be read.
    Read {
        /// The file.
        path: String,
        /// What the system said.
        reason: String,
    },
    /// A configuration that would not be safe to run.
    Config(String),
}

impl Error {
    /// A closure for `map_err` that says what the sender was doing.
    pub(crate) fn database(doing: &'static str) -> impl Fn(sqlx::Error) -> Error {
        move |reason| Error::Database { doing, reason }
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::UnsupportedUrl(url) => write!(
                f,
                "{url:?} is not a database URL this sender speaks: use sqlite://FILE (created if \
                 missing) or postgres://USER:PASSWORD@HOST:PORT/DATABASE"
            ),
            Error::CannotOpen { url, reason } => write!(
                f,
                "cannot open the database {url}: {reason}. Check the URL (DATABASE_URL), that the \
                 server is running and takes connections, or that the folder of an SQLite file \
                 exists and may be written"
            ),
            Error::NewerSchema { found, known } => write!(
                f,
                "the database's schema is version {found}, newer than this sender knows ({known}): \
                 a newer zns-sender migrated it. Run that version, or a newer one"
            ),
            Error::Database { doing, reason } => {
                write!(f, "the database failed to {doing}: {reason}")
            }
            Error::UnknownOa(oa) => write!(
                f,
                "no OA {oa:?} in the database: authorise it first with \
                 `zns-sender authorise --oa {oa} --access-token … --refresh-token …`"
            ),
            Error::BadLine { line, reason } => write!(
                f,
                "line {line}: {reason}. Each line is one JSON object with \"phone\", \
                 \"template_id\", \"template_data\" (an object), \"tracking_id\" and, optionally, \
                 \"deliver_by\" (RFC 3339, such as \"2026-12-08T10:05:00+07:00\"); nothing was \
                 enqueued"
            ),
            Error::BadMessage {
                tracking_id,
                reason,
            } => write!(f, "message {tracking_id:?}: {reason}; nothing was enqueued"),
            Error::Policy(error) => write!(f, "the policy: {error}"),
            Error::Corrupt { what, reason } => write!(
                f,
                "{what} in the database is not what the sender stores: {reason}. Restore it from \
                 a backup, or authorise the OA again to start its state afresh"
            ),
            Error::Read { path, reason } => write!(f, "cannot read {path}: {reason}"),
            Error::Config(message) => f.write_str(message),
        }
    }
}

impl std::error::Error for Error {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            Error::Database { reason, .. } => Some(reason),
            Error::Policy(error) => Some(error),
            _ => None,
        }
    }
}
