//! The error codes of Zalo Notification Service (ZNS) as typed Rust, and what
//! to do about each.
//!
//! Every ZNS API call answers `{"error": <code>, "message": "…"}`, with HTTP
//! status 200 even when it fails. This crate turns the code into an
//! [`ErrorCode`] that carries what Zalo's page "Cách xử lý mã lỗi" says of it
//! (the description, the Vietnamese explanation and remedy), English
//! translations, and what an unattended sender should do next:
//!
//! ```
//! use zalo_zns_errors::{ErrorCode, codes};
//!
//! let code = ErrorCode::from_code(-108).expect("a code of the table");
//! assert_eq!(code, ErrorCode::PhoneNumberInvalid);
//! assert_eq!("PHONE_NUMBER_INVALID".parse::<ErrorCode>(), Ok(code));
//! assert_eq!(codes::PHONE_NUMBER_INVALID, -108);
//! // "-108 Phone number invalid"
//! println!("{code}");
//! // Zalo's words, "Số điện thoại không hợp lệ", and what to do.
//! println!("{}", code.info_vi().unwrap_or_default());
//! println!("{}", code.remedy_en().unwrap_or("no remedy on the page"));
//! println!("{:?} {:?} {:?}", code.category(), code.retry(), code.scope());
//! ```
//!
//! - [`ErrorCode::next_step`]: one bounded decision ([`NextStep`]) over one
//!   message's whole life, kept in its [`Attempts`];
//! - [`OaState`]: what hits the whole Official Account, decided once for it
//!   — the token and its refresh, an outage, the OA's quota, a hold for a
//!   person — and what hits one template, before each send
//!   ([`OaState::before_send_template`]) and after each answer
//!   ([`OaState::record`]), within one [`Policy`], and what a person must be
//!   told of it, once ([`OaState::take_alerts`], [`Alert`]);
//! - [`ErrorCode::scope`]: what the failure blocks ([`Scope`]) — the message,
//!   the recipient, the template or the whole sender;
//! - [`ErrorCode::category`] and [`ErrorCode::retry`]: the part of the setup
//!   at fault ([`Category`]) and the retry policy ([`Retry`]).
//!
//! A code this version does not know stays usable: [`UnknownCode`] and
//! [`Failure`] keep the number. With the `serde` feature, [`Response`] parses
//! a response body and [`Response::into_result`] gives the data or a
//! [`Failure`].
//!
//! # Send in bulk
//!
//! A bulk sender keeps one [`OaState`] per Official Account, behind one lock
//! shared by its workers, and an [`Attempts`] with each message. The
//! README's "Send in bulk" shows a worker's turn and a table of what the
//! state answers and what the worker does; `examples/sender.rs` in the
//! repository runs that worker. The crate
//! [zalo-zns-sender](https://docs.rs/zalo-zns-sender) is a sender built on
//! it: the queue and the OA's state in SQLite or PostgreSQL, several
//! processes for one OA.
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

// The crate by concern: the table's API (codes, labels, lookups), the
// bodies Zalo answers (and how the crate's values are stored), and the
// sender's decisions (for a message and for the whole OA).
mod code;
mod response;
mod sender;

pub use code::error_code::{ParseError, UnknownCode};
pub use code::parse_label::ParseLabelError;
pub use code::table::{ErrorCode, codes};
pub use code::vocabulary::{Category, Retry, Scope};
pub use response::body::{Failure, Response};
pub use sender::attempts::Attempts;
pub use sender::next_step::NextStep;
pub use sender::oa::{
    Alert, Answer, AuthoriseAgain, Clearance, ForeignPermit, Hold, HoldReason, OaState, Pause,
    Permit, RefreshRecorded, RefreshTicket, Resolution, TemplateHold, TokenId,
};
pub use sender::oauth::{RefreshOutcome, RefreshRefused, TokenGrant};
pub use sender::policy::{Policy, PolicyError};

// The README's examples run as doctests (they parse JSON, so with serde only).
#[cfg(all(doctest, feature = "serde"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
