//! [`Answer`]: what came back for one send, as the OA's state records it.

use crate::code::table::ErrorCode;
use crate::code::vocabulary::Retry;
use crate::code::vocabulary::Scope;
use crate::response::body::Failure;

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

    /// The answer to a send, from what the HTTP client has: the status and
    /// the body, or the transport error (a timeout, a reset connection),
    /// read once (with the `serde` feature):
    ///
    /// - a transport error: [`Transport`](Answer::Transport);
    /// - a ZNS body (`{"error": …}`, with any status; `error` a number or a
    ///   string of one): [`Sent`](Answer::Sent) for 0, otherwise
    ///   [`Code`](Answer::Code) with the number, known to this version or not;
    /// - anything else (a gateway's HTML 502 page, an empty or truncated
    ///   body): [`NotZns`](Answer::NotZns).
    ///
    /// To read the message id of a success, parse the body as a
    /// [`Response`](crate::Response) instead.
    ///
    /// ```
    /// use zalo_zns_errors::Answer;
    ///
    /// let sent: Result<(u16, &str), ()> = Ok((200, r#"{"error":0,"message":"Success","data":{"msg_id":"a1"}}"#));
    /// assert_eq!(Answer::from_http(sent), Answer::Sent);
    /// assert_eq!(Answer::from_http(Ok::<_, ()>((200, r#"{"error":"-108","message":"Phone number invalid"}"#))), Answer::Code(-108));
    /// assert_eq!(Answer::from_http(Ok::<_, ()>((502, "<html>502 Bad Gateway</html>"))), Answer::NotZns);
    /// assert_eq!(Answer::from_http(Err::<(u16, &str), _>("timed out")), Answer::Transport);
    /// ```
    #[cfg(feature = "serde")]
    #[must_use]
    pub fn from_http<B: AsRef<str>, E>(reply: Result<(u16, B), E>) -> Answer {
        let Ok((_status, body)) = reply else {
            return Answer::Transport;
        };
        match serde_json::from_str::<crate::response::body::Response<serde::de::IgnoredAny>>(
            body.as_ref(),
        ) {
            Ok(response) => Answer::from(&response.into_result()),
            Err(_) => Answer::NotZns,
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
