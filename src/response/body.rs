//! The body of every ZNS API response, and the failure it can carry.

use core::fmt;

use crate::code::table::ErrorCode;
use crate::code::vocabulary::Category;
use crate::code::vocabulary::Retry;
use crate::code::vocabulary::Scope;

/// The body every ZNS API call returns, with HTTP status 200 whether or not
/// the call succeeded: `{"error": <code>, "message": "…", "data": {…}}`.
///
/// With the `serde` feature it deserializes from that body in any
/// self-describing format, so that a failure is never lost to its shape:
///
/// - the fields may come in any order, and other fields are ignored;
/// - `error` is an integer, or a string of one (`"-108"`, as some gateways
///   relay it);
/// - `message` may be absent or null (an empty message);
/// - a failure's `data` is ignored, whatever it holds (an object, `""`, `[]`);
///   a success's `data` must fit `T`, and `T`'s own error says where not.
///
/// ```
/// # #[cfg(feature = "serde")] {
/// use zalo_zns_errors::{ErrorCode, Response};
///
/// #[derive(Debug, serde::Deserialize)]
/// struct Sent { msg_id: String }
///
/// let body = r#"{"data":"","error":"-124","message":null}"#;
/// let response: Response<Sent> = serde_json::from_str(body).unwrap();
/// assert_eq!(response.error, ErrorCode::AccessTokenInvalid);
/// let failure = response.into_result().unwrap_err();
/// assert_eq!(failure.error_code(), Some(ErrorCode::AccessTokenInvalid));
/// # }
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(feature = "serde", derive(serde::Serialize))]
pub struct Response<T> {
    /// The error code: the one of [`ErrorCode`] whose
    /// [`is_success`](ErrorCode::is_success) holds when the call succeeded.
    pub error: i32,
    /// The server's message (empty when the body has none, or null). It can
    /// embed parameter names: match on the code, never on this text.
    pub message: String,
    /// The call's result, present on success. A failure's `data` is ignored,
    /// whatever it holds.
    #[cfg_attr(feature = "serde", serde(skip_serializing_if = "Option::is_none"))]
    pub data: Option<T>,
}

impl<T> Response<T> {
    /// The data on success; otherwise a [`Failure`] that keeps the code and
    /// the server's message.
    ///
    /// # Errors
    ///
    /// A [`Failure`] when the code is not the success code (known to this
    /// version or not), and when a success body has no `data`
    /// ([`Failure::is_missing_data`]: the message was sent, but the body did
    /// not say what `T` needs).
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
/// `eyre::Report` or `Box<dyn Error>`. With the `serde` feature it serializes
/// as `{"code": -108, "message": "…", "missing_data": false}` and reads back
/// the same, so a queue or a dead-letter table can keep it; a code this
/// version does not know is kept as its number. (Store a `Failure` or the
/// raw `i32`, not an [`ErrorCode`]: `ErrorCode`'s `Deserialize` refuses a
/// code this version does not know.)
///
/// ```
/// use zalo_zns_errors::{ErrorCode, Failure, NextStep, Retry, Scope};
///
/// let code = ErrorCode::PhoneNumberInvalid;
/// let failure = Failure::new(-108, "Phone number of recipient is wrong");
/// assert_eq!(failure.error_code(), Some(code));
/// assert_eq!(failure.to_string(), format!("{code}: Phone number of recipient is wrong"));
///
/// // A server message that says what the description says is shown once.
/// let same = Failure::new(-108, code.description().to_uppercase());
/// assert_eq!(same.to_string(), code.to_string());
///
/// let unknown = Failure::new(-99999, "Something new");
/// assert_eq!(unknown.to_string(), "-99999 unknown code: Something new");
/// assert_eq!(unknown.retry(), Retry::AfterFix);
/// assert_eq!(unknown.scope(), Scope::Message);
/// let mut attempts = zalo_zns_errors::Attempts::new();
/// assert_eq!(unknown.next_step(&mut attempts, std::time::SystemTime::now()), NextStep::FixFirst);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Failure {
    code: i32,
    message: String,
    missing_data: bool,
}

impl Failure {
    /// A failure as it was stored, `missing_data` included.
    #[cfg(feature = "serde")]
    pub(crate) fn stored(code: i32, message: String, missing_data: bool) -> Failure {
        Failure {
            code,
            message,
            missing_data,
        }
    }

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
}

/// `-108 Phone number invalid: <server message>`; the message is left out
/// when it is empty or says what the description says (ignoring case, spaces
/// and punctuation). A code this version does not know shows as `unknown
/// code`. The alternate form (`{:#}`) adds the remedy, in English and
/// Vietnamese, when the table has one.
impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let known = self.error_code();
        let repeats = known.is_some_and(|code| says_the_same(&self.message, code.description()));
        match known {
            Some(code) => write!(f, "{code}")?,
            None => write!(f, "{} unknown code", self.code)?,
        }
        if !self.message.is_empty() && !repeats {
            write!(f, ": {}", self.message)?;
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

/// Whether two texts have the same letters and digits, ignoring case.
fn says_the_same(a: &str, b: &str) -> bool {
    let letters = |text: &str| {
        text.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect::<String>()
    };
    letters(a) == letters(b)
}
