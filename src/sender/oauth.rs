//! The answer of Zalo's refresh call (`oauth.zaloapp.com/v4/oa/access_token`,
//! `grant_type=refresh_token`) and what it means for the OA: a new token, a
//! failure worth another try, or a refusal that needs the OA authorised
//! again.

use core::fmt;
use std::time::Duration;

/// What one refresh call came to, as the sender reports it to
/// [`OaState::record_refresh`](crate::OaState::record_refresh).
///
/// With the `serde` feature, `RefreshOutcome::from_http` reads it from the
/// call's HTTP status and body; a transport error (a timeout, a reset
/// connection) is [`Transient`](RefreshOutcome::Transient).
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// Zalo gave a new pair of tokens.
    Granted(TokenGrant),
    /// No answer worth reading: a timeout, a reset connection, a 5xx, a body
    /// that is not JSON, an empty body with a status other than 2xx. The OA
    /// tries again after a delay, with the same refresh token. Zalo may have
    /// spent it all the same (a call that timed out, or one in flight when
    /// the sender stopped, may have reached Zalo): then the next try is
    /// refused with an empty body, and a person must authorise the OA again.
    /// Keep the HTTP client's timeout well below [`Policy::call_timeout`](crate::Policy::call_timeout).
    Transient,
    /// Zalo refused: an OAuth error, or an empty body with a 2xx status
    /// (Zalo's answer to a refresh token used a second time). The refresh
    /// token is dead; a person must authorise the OA again.
    Refused(RefreshRefused),
}

/// A new pair of tokens from a refresh call. Its tokens never appear in
/// `Debug` (there is no `Display`): read them with
/// [`access_token`](Self::access_token) and
/// [`refresh_token`](Self::refresh_token) to store them.
#[derive(Clone, PartialEq, Eq)]
pub struct TokenGrant {
    access_token: String,
    refresh_token: String,
    expires_in: Option<Duration>,
}

impl TokenGrant {
    /// The shortest access token lifetime taken from a grant: a shorter
    /// `expires_in` (Zalo's are about 25 hours) counts as this, so that no
    /// grant makes every send a refresh.
    pub const MIN_LIFETIME: Duration = Duration::from_secs(10 * 60);

    /// The longest access token lifetime taken from a grant; a longer
    /// `expires_in` counts as this.
    pub const MAX_LIFETIME: Duration = Duration::from_secs(30 * 24 * 3600);

    /// A pair as the refresh call gave it, with the access token's lifetime
    /// when the answer said it. A lifetime of zero is taken as unknown; one
    /// outside [`MIN_LIFETIME`](Self::MIN_LIFETIME)..=[`MAX_LIFETIME`](Self::MAX_LIFETIME) as the nearer
    /// bound.
    #[must_use]
    pub fn new(
        access_token: impl Into<String>,
        refresh_token: impl Into<String>,
        expires_in: Option<Duration>,
    ) -> Self {
        TokenGrant {
            access_token: access_token.into(),
            refresh_token: refresh_token.into(),
            expires_in: expires_in
                .filter(|lifetime| !lifetime.is_zero())
                .map(|lifetime| lifetime.clamp(Self::MIN_LIFETIME, Self::MAX_LIFETIME)),
        }
    }

    /// The new access token: a secret.
    #[must_use]
    pub fn access_token(&self) -> &str {
        &self.access_token
    }

    /// The new refresh token, usable once: a secret.
    #[must_use]
    pub fn refresh_token(&self) -> &str {
        &self.refresh_token
    }

    /// The access token's lifetime, when the answer said it (within
    /// [`MIN_LIFETIME`](Self::MIN_LIFETIME)..=[`MAX_LIFETIME`](Self::MAX_LIFETIME)).
    #[must_use]
    pub fn expires_in(&self) -> Option<Duration> {
        self.expires_in
    }
}

impl fmt::Debug for TokenGrant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TokenGrant")
            .field("access_token", &"<secret>")
            .field("refresh_token", &"<secret>")
            .field("expires_in", &self.expires_in)
            .finish()
    }
}

/// Zalo's refusal of a refresh, in Zalo's own words.
///
/// Zalo publishes no table of these codes, so the crate gives them no
/// meaning of its own: whatever the code, a refusal means the refresh token
/// can no longer be used and an admin of the OA must authorise the app
/// again. [`Display`](fmt::Display) shows Zalo's code, name and description.
///
/// ```
/// use zalo_zns_errors::RefreshRefused;
///
/// let refused = RefreshRefused::new(Some(-14014), "Invalid refresh token");
/// assert_eq!(refused.to_string(), "Zalo refused the refresh: -14014 Invalid refresh token");
/// assert!(RefreshRefused::empty_body().to_string().contains("empty"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct RefreshRefused {
    code: Option<i64>,
    name: String,
    reason: String,
    description: String,
    ref_doc: String,
}

impl RefreshRefused {
    /// A refusal with Zalo's code (when the answer had one) and description.
    #[must_use]
    pub fn new(code: Option<i64>, description: impl Into<String>) -> Self {
        RefreshRefused {
            code,
            name: String::new(),
            reason: String::new(),
            description: description.into(),
            ref_doc: String::new(),
        }
    }

    /// An empty body: Zalo's answer to a refresh token used a second time.
    #[must_use]
    pub fn empty_body() -> Self {
        RefreshRefused::new(None, "")
    }

    /// Zalo's `error`, when the answer had one.
    #[must_use]
    pub fn code(&self) -> Option<i64> {
        self.code
    }

    /// Zalo's `error_name` (empty when absent).
    #[must_use]
    pub fn name(&self) -> &str {
        &self.name
    }

    /// Zalo's `error_reason` (empty when absent).
    #[must_use]
    pub fn reason(&self) -> &str {
        &self.reason
    }

    /// Zalo's `error_description` (empty when absent).
    #[must_use]
    pub fn description(&self) -> &str {
        &self.description
    }

    /// Zalo's `ref_doc`, a link to its documentation (empty when absent).
    #[must_use]
    pub fn ref_doc(&self) -> &str {
        &self.ref_doc
    }

    /// Whether the answer was empty, with no code and no words.
    #[must_use]
    pub fn is_empty_body(&self) -> bool {
        self.code.is_none()
            && [&self.name, &self.reason, &self.description, &self.ref_doc]
                .iter()
                .all(|text| text.is_empty())
    }

    /// Zalo's words, in the order a person reads them: the code, the name,
    /// the description, then the reason when it adds something.
    pub(crate) fn write_words(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut first = true;
        let mut word = |f: &mut fmt::Formatter<'_>, text: &dyn fmt::Display| {
            let gap = if first { "" } else { " " };
            first = false;
            write!(f, "{gap}{text}")
        };
        if let Some(code) = self.code {
            word(f, &code)?;
        }
        for text in [&self.name, &self.description] {
            if !text.is_empty() {
                word(f, text)?;
            }
        }
        if !self.reason.is_empty() && self.reason != self.description {
            word(f, &format_args!("({})", self.reason))?;
        }
        Ok(())
    }
}

impl fmt::Display for RefreshRefused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty_body() {
            return f.write_str(
                "Zalo refused the refresh with an empty answer (its answer to a refresh token already used)",
            );
        }
        f.write_str("Zalo refused the refresh: ")?;
        self.write_words(f)
    }
}

#[cfg(feature = "serde")]
mod http {
    use std::time::Duration;

    use serde_json::{Map, Value};

    use super::{RefreshOutcome, RefreshRefused, TokenGrant};

    impl RefreshOutcome {
        /// What a refresh call's answer means for the OA, from the HTTP
        /// status and the body, read once:
        ///
        /// - a 5xx, a 408 or a 429, whatever the body:
        ///   [`Transient`](RefreshOutcome::Transient) (a gateway's page, or
        ///   Zalo busy);
        /// - an empty body (or only white space): with a 2xx status,
        ///   [`Refused`](RefreshOutcome::Refused) (Zalo's answer to a refresh
        ///   token used a second time); with any other,
        ///   [`Transient`](RefreshOutcome::Transient);
        /// - a JSON object with an `error` other than 0 (a number, or a
        ///   string of one): [`Refused`](RefreshOutcome::Refused), in Zalo's
        ///   words;
        /// - a JSON object with both `access_token` and `refresh_token`:
        ///   [`Granted`](RefreshOutcome::Granted), whatever `expires_in`
        ///   looks like: a number or a string of one (`"90000"`, `90000.0`,
        ///   `"90000s"`) is the lifetime in seconds, within the bounds of
        ///   [`TokenGrant::new`]; absent, empty, zero, negative or not a
        ///   number, the lifetime is unknown (the token is refreshed when it
        ///   fails);
        /// - anything else (an HTML page, a truncated body, JSON without
        ///   tokens or error): [`Transient`](RefreshOutcome::Transient).
        ///
        /// A transport error or a timeout is
        /// [`Transient`](RefreshOutcome::Transient) too, without a status.
        ///
        /// ```
        /// use std::time::Duration;
        /// use zalo_zns_errors::RefreshOutcome;
        ///
        /// let body = r#"{"access_token":"a.b.c","refresh_token":"d.e.f","expires_in":"90000"}"#;
        /// let RefreshOutcome::Granted(grant) = RefreshOutcome::from_http(200, body) else { panic!() };
        /// assert_eq!(grant.access_token(), "a.b.c");
        /// assert_eq!(grant.expires_in(), Some(Duration::from_secs(90_000)));
        /// assert!(!format!("{grant:?}").contains("a.b.c"), "no secret in Debug");
        ///
        /// assert!(matches!(RefreshOutcome::from_http(200, ""), RefreshOutcome::Refused(_)));
        /// assert_eq!(RefreshOutcome::from_http(502, ""), RefreshOutcome::Transient);
        /// assert_eq!(RefreshOutcome::from_http(200, "<html>502 Bad Gateway</html>"), RefreshOutcome::Transient);
        /// let RefreshOutcome::Refused(refused) = RefreshOutcome::from_http(
        ///     200,
        ///     r#"{"error":"-14014","error_name":"INVALID_REFRESH_TOKEN","error_description":"Invalid refresh token"}"#,
        /// ) else { panic!() };
        /// assert_eq!(refused.code(), Some(-14014));
        /// ```
        #[must_use]
        pub fn from_http(status: u16, body: &str) -> RefreshOutcome {
            if status >= 500 || status == 408 || status == 429 {
                return RefreshOutcome::Transient;
            }
            if body.trim().is_empty() {
                return if (200..300).contains(&status) {
                    RefreshOutcome::Refused(RefreshRefused::empty_body())
                } else {
                    RefreshOutcome::Transient
                };
            }
            let Ok(Value::Object(fields)) = serde_json::from_str::<Value>(body) else {
                return RefreshOutcome::Transient;
            };
            if let Some(code) = fields
                .get("error")
                .and_then(integer)
                .filter(|&code| code != 0)
            {
                return RefreshOutcome::Refused(RefreshRefused {
                    code: Some(code),
                    name: words(&fields, "error_name"),
                    reason: words(&fields, "error_reason"),
                    description: words(&fields, "error_description"),
                    ref_doc: words(&fields, "ref_doc"),
                });
            }
            let access_token = words(&fields, "access_token");
            let refresh_token = words(&fields, "refresh_token");
            if access_token.is_empty() || refresh_token.is_empty() {
                return RefreshOutcome::Transient;
            }
            let expires_in = fields.get("expires_in").and_then(seconds);
            RefreshOutcome::Granted(TokenGrant::new(access_token, refresh_token, expires_in))
        }
    }

    /// A string field, or any other scalar written as one; absent, `null`
    /// or a list or object as empty.
    fn words(fields: &Map<String, Value>, name: &str) -> String {
        match fields.get(name) {
            Some(Value::String(text)) => text.clone(),
            Some(Value::Number(number)) => number.to_string(),
            Some(Value::Bool(flag)) => flag.to_string(),
            _ => String::new(),
        }
    }

    /// An integer, or a string of one.
    fn integer(value: &Value) -> Option<i64> {
        match value {
            Value::Number(number) => number.as_i64().or_else(|| {
                number
                    .as_f64()
                    .filter(|f| f.fract() == 0.0 && f.abs() < 9.2e18)
                    .map(|f| f as i64)
            }),
            Value::String(text) => text.trim().parse().ok(),
            _ => None,
        }
    }

    /// A lifetime in seconds from a number or from the number a string
    /// starts with; `None` when there is none or it is not positive.
    fn seconds(value: &Value) -> Option<Duration> {
        let seconds = match value {
            Value::Number(number) => number.as_f64()?,
            Value::String(text) => {
                let text = text.trim();
                let end = text
                    .find(|c: char| {
                        !(c.is_ascii_digit() || matches!(c, '.' | 'e' | 'E' | '+' | '-'))
                    })
                    .unwrap_or(text.len());
                text[..end].parse::<f64>().ok()?
            }
            _ => return None,
        };
        // Past any bound, the grant's clamp takes it to the longest.
        (seconds.is_finite() && seconds >= 1.0).then(|| Duration::from_secs_f64(seconds.min(1e12)))
    }
}
