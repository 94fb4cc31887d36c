//! A bulk ZNS sender on tokio around `zalo_zns_errors::OaState`, and the fake
//! Zalo it is run against.
//!
//! - [`sender`]: worker tasks that take messages from a time-ordered queue,
//!   ask the OA's state before each send and record each answer, refresh the
//!   access token when the state says so, send OTPs by SMS when their
//!   deadline cannot be kept.
//! - [`store`]: the sender's own store, one JSON file written after every
//!   change and read back at start-up.
//! - [`fake`]: a fake Zalo on 127.0.0.1 (the ZNS send endpoint, the OAuth
//!   refresh endpoint) and a fake SMS gateway, with a script: expire the
//!   access token, hang one refresh call, answer 502 pages for a while.
//!
//! `tests/run_for_real.rs` runs 500 messages through an outage, a refresh
//! that times out and a restart, in real time.

pub mod fake;
pub mod sender;
pub mod store;
