//! The official error codes of Zalo Notification Service (ZNS) as typed Rust.
//!
//! Every ZNS API call answers `{"error": <code>, "message": "…"}`, with HTTP
//! status 200 even when it fails. This crate turns the code into an
//! [`ErrorCode`] that carries what Zalo's page "Cách xử lý mã lỗi" says of it
//! (the description, the Vietnamese explanation and remedy), English
//! translations, and what a program should do next: its [`Category`] and its
//! [`Retry`] policy, with [`Retry::not_before`] for the waits that end at a
//! time of day in Vietnam.
//!
//! ```
//! use zalo_zns_errors::{ErrorCode, Retry};
//!
//! let code = ErrorCode::from_code(-124).expect("a known code");
//! assert_eq!(code, ErrorCode::AccessTokenInvalid);
//! assert_eq!(code.info_vi(), Some("Mã truy cập không hợp lệ"));
//! match code.retry() {
//!     Retry::RefreshToken => { /* get a new access token, send again once */ }
//!     Retry::Never => { /* fall back to SMS */ }
//!     _ => { /* … */ }
//! }
//! ```
//!
//! A code this version does not know stays usable: [`UnknownCode`] and
//! [`Failure`] keep the number. With the `serde` feature, [`Response`] parses
//! a response body and [`Response::into_result`] gives the data or a
//! [`Failure`].
//!
//! The table is generated at build time from `data/zns_error_codes.csv`,
//! which follows Zalo's page row for row.
//!
//! # Features
//!
//! - `serde` (off by default): `Serialize` and `Deserialize` for
//!   [`ErrorCode`] (as its number), [`Category`] and [`Retry`] (as their
//!   snake_case spelling) and [`Response`]. The default build has no runtime
//!   dependency.
//!
//! # The error table
//!
#![doc = include_str!(concat!(env!("OUT_DIR"), "/zns_error_codes.md"))]
#![cfg_attr(docsrs, feature(doc_cfg))]
#![forbid(unsafe_code)]
#![deny(missing_docs)]

mod error_code;
mod lookup;
mod name_hash;
mod response;
#[cfg(feature = "serde")]
mod serde_impls;
mod table;
mod vietnam_time;
mod vocabulary;

pub use error_code::{ParseError, UnknownCode};
pub use response::{Failure, Response};
pub use table::{ErrorCode, codes};
pub use vocabulary::{Category, Retry};

// The README's examples run as doctests (they parse JSON, so with serde only).
#[cfg(all(doctest, feature = "serde"))]
#[doc = include_str!("../README.md")]
struct ReadmeDoctests;
