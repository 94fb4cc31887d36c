//! The error codes of Zalo Notification Service (ZNS) as typed Rust, and what
//! to do about each.
//!
//! Every ZNS API call answers `{"error": <code>, "message": "…"}`, with HTTP
//! status 200 even when it fails. This crate turns the code into an
//! [`ErrorCode`] that carries what Zalo's page "Cách xử lý mã lỗi" says of it
//! (the description, the Vietnamese explanation and remedy), English
//! translations, and what a program should do next:
//!
//! - [`ErrorCode::next_step`]: one bounded decision ([`NextStep`]) over the
//!   message's whole life, kept in its [`Attempts`] — done, retry at an
//!   instant, refresh the token, another channel (and whether to stop sending
//!   ZNS to the recipient), or hold for a person;
//! - [`OaState`]: what hits the whole Official Account, decided once for it
//!   — the token and its refresh, an outage, the OA's quota, a hold for a
//!   person — before each send and after each answer, within one
//!   [`Policy`];
//! - [`ErrorCode::scope`]: what the failure blocks ([`Scope`]) — the message,
//!   the recipient, the template or the whole sender;
//! - [`ErrorCode::category`] and [`ErrorCode::retry`]: the part of the setup
//!   at fault ([`Category`]) and the retry policy ([`Retry`]).
//!
//! ```
//! use std::time::SystemTime;
//! use zalo_zns_errors::{Attempts, ErrorCode, NextStep};
//!
//! let code = ErrorCode::from_code(-124).expect("a known code");
//! assert_eq!(code, ErrorCode::AccessTokenInvalid);
//! println!("{code}: {}", code.remedy_en().unwrap_or_default());
//! // Kept with the message for its whole life in the queue.
//! let mut attempts = Attempts::new();
//! match code.next_step(&mut attempts, SystemTime::now()) {
//!     NextStep::RefreshToken => { /* make sure the OA's token is fresh, send again */ }
//!     NextStep::RetryAt(_when) => { /* schedule the message */ }
//!     NextStep::OtherChannel { .. } => { /* fall back to SMS */ }
//!     _ => { /* FixFirst: a person looks */ }
//! }
//! ```
//!
//! A code this version does not know stays usable: [`UnknownCode`] and
//! [`Failure`] keep the number. With the `serde` feature, [`Response`] parses
//! a response body and [`Response::into_result`] gives the data or a
//! [`Failure`].
//!
//! # A sender's loop
//!
//! A bulk sender keeps one [`OaState`] per Official Account, behind one lock
//! shared by its workers, and an [`Attempts`] with each message. Before each
//! send it asks [`OaState::before_send`], which says whether the message may
//! go now and with which token, tells one caller to refresh the token, or
//! says to wait, to send another way or to alert a person; after each answer
//! it reports the [`Answer`] to [`OaState::record`], which gives the
//! message's [`NextStep`]. The OA's failures (an outage, a refresh that
//! fails, the OA's quota, a hold for a person) are decided there once, for
//! every message. With the `serde` feature, an OTP worth five minutes,
//! falling back to SMS:
//!
#![cfg_attr(feature = "serde", doc = include_str!("sender_loop.md"))]
//!
//! # Where the table comes from
//!
//! The table follows Zalo's page "Cách xử lý mã lỗi" (from 2026-01-01 Zalo
//! offers ZNS as part of ZBS Template Message); its address and the date of
//! the last comparison are under "The error table" below. It is generated at build time from
//! `data/zns_error_codes.csv`; the page's text is copied verbatim, the
//! English and the labels are this crate's. The crate is not made or
//! endorsed by Zalo.
//!
//! # Features
//!
//! - `serde` (off by default): `Serialize` and `Deserialize` for
//!   [`ErrorCode`] (as its number), [`Category`], [`Retry`] and [`Scope`] (as
//!   their snake_case spelling), and [`Failure`], [`Attempts`], [`OaState`],
//!   [`Policy`] and [`RefreshRefused`] (as a sender stores them, in JSON or a
//!   binary format); `Serialize` and `Deserialize` for [`Response`] (a
//!   response body as Zalo or a gateway sends it); and
//!   `RefreshOutcome::from_http`, which reads the refresh call's status and
//!   JSON body (with serde_json). The default build has no runtime
//!   dependency.
//!
//! # The error table
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/zns_error_codes.md"))]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod attempts;
#[cfg(feature = "serde")]
mod buffered;
mod error_code;
mod lookup;
mod name_hash;
#[cfg(test)]
mod name_hash_tests;
mod next_step;
mod oa;
mod oauth;
mod parse_label;
mod policy;
mod response;
#[cfg(feature = "serde")]
mod serde_impls;
mod table;
mod vietnam_time;
mod vocabulary;

pub use attempts::Attempts;
pub use error_code::{ParseError, UnknownCode};
pub use next_step::NextStep;
pub use oa::{
    Answer, AuthoriseAgain, Clearance, ForeignPermit, Hold, HoldReason, OaState, Permit,
    RefreshRecorded, RefreshTicket, TemplateHold, TokenId,
};
pub use oauth::{RefreshOutcome, RefreshRefused, TokenGrant};
pub use parse_label::ParseLabelError;
pub use policy::{Policy, PolicyError};
pub use response::{Failure, Response};
pub use table::{ErrorCode, codes};
pub use vocabulary::{Category, Retry, Scope};

// The README's examples run as doctests (they parse JSON, so with serde only).
#[cfg(all(doctest, feature = "serde"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
