//! [`Answer`]: what came back for one send, as the OA's state records it.

use crate::{ErrorCode, Failure, Retry, Scope};

/// What came back for one send, as the sender reports it to
/// [`OaState::record`](crate::OaState::record).
///
/// Built from a parsed body with [`From`]: `Answer::from(&failure)` or
/// `Answer::from(&response.into_result())`. Nothing is lost: a code this
/// version does not know keeps its number.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Answer {
    /// The message was sent (code 0, with or without `data`).
    Sent,
    /// Zalo answered this code (any code but 0).
    Code(i32),
    /// No answer: a timeout, a reset connection, a refused connection.
    /// Zalo may have sent the message or not (the send API has no
    /// idempotency key), so a resend may deliver it twice.
    Transport,
    /// A body that is not ZNS JSON: a gateway's HTML error page, an empty
    /// or truncated body.
    NotZns,
}

impl Answer {
    /// The retry policy of the answer: [`Retry::Backoff`] for a transport
    /// error or a body that is not ZNS JSON, the code's own otherwise
    /// ([`Retry::AfterFix`] for a code this version does not know).
    #[must_use]
    pub fn retry(self) -> Retry {
        match self {
            Answer::Sent => Retry::NotNeeded,
            Answer::Code(code) => {
                ErrorCode::from_code(code).map_or(Retry::AfterFix, ErrorCode::retry)
            }
            Answer::Transport | Answer::NotZns => Retry::Backoff,
        }
    }

    /// What the answer blocks: [`Scope::Message`] for a transport error, a
    /// body that is not ZNS JSON or a code this version does not know.
    #[must_use]
    pub fn scope(self) -> Scope {
        match self {
            Answer::Sent => Scope::Nothing,
            Answer::Code(code) => {
                ErrorCode::from_code(code).map_or(Scope::Message, ErrorCode::scope)
            }
            Answer::Transport | Answer::NotZns => Scope::Message,
        }
    }

    /// The ZNS code, when Zalo answered one (0 for a success).
    #[must_use]
    pub fn code(self) -> Option<i32> {
        match self {
            Answer::Sent => Some(0),
            Answer::Code(code) => Some(code),
            Answer::Transport | Answer::NotZns => None,
        }
    }
}

/// A failure's code; a success without `data` is [`Answer::Sent`] (the
/// message was sent).
impl From<&Failure> for Answer {
    fn from(failure: &Failure) -> Answer {
        if failure.is_missing_data() {
            Answer::Sent
        } else {
            Answer::Code(failure.code())
        }
    }
}

/// [`Answer::Sent`] for the data, the failure's answer otherwise.
impl<T> From<&Result<T, Failure>> for Answer {
    fn from(result: &Result<T, Failure>) -> Answer {
        match result {
            Ok(_) => Answer::Sent,
            Err(failure) => Answer::from(failure),
        }
    }
}
