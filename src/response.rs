//! The body of every ZNS API response, and the failure it can carry.

use core::fmt;

use std::time::SystemTime;

use crate::{Category, ErrorCode, NextStep, Retry, Scope};

/// The body every ZNS API call returns, with HTTP status 200 whether or not
/// the call succeeded: `{"error": <code>, "message": "…", "data": {…}}`.
///
/// With the `serde` feature it deserializes from that JSON; fields other than
/// these three are ignored, and `data` may be absent (failures carry none).
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use zalo_zns_errors::{Response, Retry};
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Sent { msg_id: String }
///
/// let body = r#"{"error":-124,"message":"Access token is invalid"}"#;
/// let response: Response<Sent> = serde_json::from_str(body).unwrap();
/// let failure = response.into_result().unwrap_err();
/// assert_eq!(failure.retry(), Retry::RefreshToken);
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Deserialize, serde::Serialize))]
pub struct Response<T> {
    /// The error code: the one of [`ErrorCode`] whose
    /// [`is_success`](ErrorCode::is_success) holds when the call succeeded.
    pub error: i32,
    /// The server's message. It can embed parameter names: match on the
    /// code, never on this text.
    #[cfg_attr(feature = "serde", serde(default))]
    pub message: String,
    /// The call's result, present on success.
    #[cfg_attr(
        feature = "serde",
        serde(default = "none", skip_serializing_if = "Option::is_none")
    )]
    pub data: Option<T>,
}

// `#[serde(default)]` would make serde require `T: Default`; a missing `data`
// is simply `None`.
#[cfg(feature = "serde")]
fn none<T>() -> Option<T> {
    None
}

impl<T> Response<T> {
    /// The data on success; otherwise a [`Failure`] that keeps the code and
    /// the server's message. A success body without `data` is a failure too
    /// ([`Failure::is_missing_data`]): the message was sent, but the body did
    /// not say what `T` needs.
    pub fn into_result(self) -> Result<T, Failure> {
        let success = ErrorCode::from_code(self.error).is_some_and(ErrorCode::is_success);
        match (success, self.data) {
            (true, Some(data)) => Ok(data),
            (true, None) => Err(Failure {
                code: self.error,
                message: self.message,
                missing_data: true,
            }),
            (false, _) => Err(Failure::new(self.error, self.message)),
        }
    }
}

/// A ZNS call that did not give what was asked: the raw code and the
/// server's message, whether or not this version knows the code.
///
/// Implements [`std::error::Error`], so `?` turns it into `anyhow::Error`,
/// `eyre::Report` or `Box<dyn Error>`.
///
/// ```
/// use zalo_zns_errors::{Category, Failure, Retry};
///
/// let failure = Failure::new(-108, "Phone number invalid");
/// assert_eq!(failure.to_string(), "-108 Phone number invalid: Phone number invalid");
/// assert_eq!(failure.category(), Category::Request);
///
/// let unknown = Failure::new(-99999, "Something new");
/// assert_eq!(unknown.to_string(), "-99999 unknown code: Something new");
/// assert_eq!(unknown.retry(), Retry::AfterFix);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Failure {
    code: i32,
    message: String,
    missing_data: bool,
}

impl Failure {
    /// A failure with this code and server message.
    pub fn new(code: i32, message: impl Into<String>) -> Failure {
        Failure {
            code,
            message: message.into(),
            missing_data: false,
        }
    }

    /// The raw code, known or not.
    #[must_use]
    pub fn code(&self) -> i32 {
        self.code
    }

    /// The code, when this version knows it.
    #[must_use]
    pub fn error_code(&self) -> Option<ErrorCode> {
        ErrorCode::from_code(self.code)
    }

    /// The server's message, as it came.
    #[must_use]
    pub fn message(&self) -> &str {
        &self.message
    }

    /// Whether the call succeeded but its body had no `data`.
    #[must_use]
    pub fn is_missing_data(&self) -> bool {
        self.missing_data
    }

    /// The code's category; [`Category::Internal`] for a code this version
    /// does not know.
    #[must_use]
    pub fn category(&self) -> Category {
        self.error_code()
            .map_or(Category::Internal, ErrorCode::category)
    }

    /// What to do before sending again.
    ///
    /// For a code this version does not know: [`Retry::AfterFix`]. It neither
    /// repeats a request that may never succeed nor gives up on the
    /// recipient: it asks a person to look, and the code's meaning can be
    /// added in a newer version of this crate. For a success without `data`:
    /// [`Retry::NotNeeded`], since the message was sent.
    #[must_use]
    pub fn retry(&self) -> Retry {
        self.error_code().map_or(Retry::AfterFix, ErrorCode::retry)
    }

    /// What the failure blocks; [`Scope::Message`] for a code this version
    /// does not know (it is not known to block more).
    #[must_use]
    pub fn scope(&self) -> Scope {
        self.error_code().map_or(Scope::Message, ErrorCode::scope)
    }

    /// What to do now about the message, after it was sent `attempt` times (1
    /// after the first failure): [`Retry::next_step`] of [`retry`](Self::retry).
    /// For a code this version does not know, [`NextStep::FixFirst`]; for a
    /// success without `data`, [`NextStep::Done`] (the message was sent).
    #[must_use]
    pub fn next_step(&self, attempt: u32, now: SystemTime) -> NextStep {
        self.retry().next_step(attempt, now)
    }
}

/// `-108 Phone number invalid: <server message>`; a code this version does
/// not know shows as `unknown code`. The alternate form (`{:#}`) adds the
/// remedy, in English and Vietnamese, when the table has one.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known = self.error_code();
        match known {
            Some(code) => write!(f, "{code}: {}", self.message)?,
            None => write!(f, "{} unknown code: {}", self.code, self.message)?,
        }
        if self.missing_data {
            f.write_str(" (the response has no `data`)")?;
        }
        if f.alternate() {
            if let Some(remedy) = known.and_then(ErrorCode::remedy_en) {
                write!(f, "\nRemedy: {remedy}")?;
            }
            if let Some(remedy) = known.and_then(ErrorCode::remedy_vi) {
                write!(f, "\nHướng dẫn xử lý: {remedy}")?;
            }
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}
