//! Codes picked from the table by their labels, never by number, and the
//! instant the OA tests start at: a table edit that keeps the labels keeps
//! the tests.

use std::time::{Duration, SystemTime, UNIX_EPOCH};

use zalo_zns_errors::{ErrorCode, Retry, Scope};

/// 2026-12-02 10:00 in Vietnam (03:00 UTC): daytime, away from 06:00.
pub fn ten() -> SystemTime {
    UNIX_EPOCH + Duration::from_secs(1_796_180_400)
}

/// The first code of the table with these labels.
pub fn code_where(retry: Retry, scope: Scope) -> i32 {
    ErrorCode::ALL
        .iter()
        .find(|code| code.retry() == retry && code.scope() == scope)
        .unwrap_or_else(|| panic!("the table has a {retry} {scope} code"))
        .code()
}
