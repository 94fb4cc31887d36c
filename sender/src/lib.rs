//! A bulk sender of Zalo ZNS messages, to depend on and to run
//! (`zns-sender`): the queue and each Official Account's state live in a
//! database, SQLite by default and PostgreSQL for a fleet, and the database
//! is the only coordination between the sender's processes.
//!
//! Every decision about a message or the whole OA is
//! [`zalo_zns_errors::OaState`]'s; this crate keeps that state in the
//! database and calls it in one transaction that locks the OA's row, so
//! that several processes for one OA (replicas, the old and the new version
//! during a deploy) share one token and its refresh, one circuit, one
//! pause, one set of holds, and tell a person each thing once.
//!
//! ```no_run
//! use zalo_zns_sender::{Message, RunOptions, Sender, TokenPair, Webhooks, ZaloConfig};
//!
//! # async fn run() -> Result<(), zalo_zns_sender::Error> {
//! let sender = Sender::open("sqlite://zns-sender.db").await?;
//! sender
//!     .authorise("oa-1", TokenPair {
//!         access_token: "…".into(),
//!         refresh_token: "…".into(),
//!         expires_in: Some(std::time::Duration::from_secs(90_000)),
//!     })
//!     .await?;
//! let otp: Message = serde_json::from_str(
//!     r#"{"phone":"84987654321","template_id":"203972","template_data":{"otp":"123456"},
//!         "tracking_id":"otp-1","deliver_by":"2026-12-08T10:05:00+07:00"}"#,
//! )
//! .unwrap();
//! sender.enqueue("oa-1", &[otp]).await?;
//! let (_stop, stopped) = tokio::sync::watch::channel(false);
//! let handover = Webhooks::new(Some("https://sms.example/zns".into()), None).unwrap();
//! let zalo = ZaloConfig::new("app id", "secret key");
//! let options = RunOptions { until_done: true, ..RunOptions::default() };
//! sender.run("oa-1", zalo, options, handover, stopped).await?;
//! # Ok(())
//! # }
//! ```
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod clock;
mod db;
mod error;
mod handover;
mod message;
mod oa_row;
mod rfc3339;
mod schema;
mod sender;
mod worker;
mod zalo;

pub use db::Backend;
pub use error::Error;
pub use handover::{AlertForPerson, Handover, OtherChannelMessage, Webhooks};
pub use message::{MAX_TRACKING_ID, Message, Outcome};
pub use sender::{
    Enqueued, MessageStatus, OTHER_CHANNEL_MARGIN, OaStatus, RunOptions, Sender, TokenPair,
};
pub use zalo::ZaloConfig;

// The README's example compiles as a doctest.
#[cfg(doctest)]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;

/// Reads messages to enqueue from JSON lines (one message a line; blank
/// lines skipped), all or none.
///
/// # Errors
///
/// The first line that is not a message, with its number and what is wrong.
pub fn read_messages(text: &str) -> Result<Vec<Message>, Error> {
    message::read_lines(text)
}
