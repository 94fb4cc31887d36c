//! The answer of Zalo's refresh call (`oauth.zaloapp.com/v4/oa/access_token`,
//! `grant_type=refresh_token`) and what it means for the OA: a new token, a
//! failure worth another try, or a refusal that needs the OA authorised
//! again.

use core::fmt;
use std::time::Duration;

/// What one refresh call came to, as the sender reports it to
/// [`OaState::record_refresh`](crate::OaState::record_refresh).
///
/// With the `serde` feature, `RefreshOutcome::from_body` decides it from
/// the call's body.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum RefreshOutcome {
    /// Zalo gave a new pair of tokens; `expires_in` is the access token's
    /// lifetime, when the answer said it. Store the pair before anyone
    /// sends with it.
    Granted {
        /// The access token's lifetime (`expires_in`), if known.
        expires_in: Option<Duration>,
    },
    /// No answer worth reading: a timeout, a reset connection, a 5xx, a body
    /// that is not JSON. The refresh token was not spent as far as anyone
    /// can tell: the OA tries again after a delay.
    Transient,
    /// Zalo refused: an OAuth error, or an empty body (Zalo's answer to a
    /// refresh token used a second time). The refresh token is dead; a
    /// person must authorise the OA again.
    Refused(RefreshRefused),
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
pub use answer::{TokenAnswer, TokenGrant};

#[cfg(feature = "serde")]
mod answer {
    use core::fmt;
    use std::time::Duration;

    use serde::Deserialize;
    use serde::de::{self, Deserializer, Visitor};

    use super::{RefreshOutcome, RefreshRefused};

    /// The body of Zalo's refresh call, parsed: a new pair of tokens, or
    /// Zalo's refusal.
    ///
    /// It deserializes from the call's JSON body (with serde_json or any
    /// self-describing format) as Zalo and gateways send it: fields in any
    /// order, others ignored; `expires_in` a number or a string of one
    /// (`"90000"`); `error` a number or a string of one; the words `null`
    /// or absent. An `error` other than 0 is a refusal, whatever else the
    /// body holds. Then [`RefreshOutcome::from_body`] decides what the body
    /// means, an empty body and one that does not parse included.
    ///
    /// ```
    /// use std::time::Duration;
    /// use zalo_zns_errors::{RefreshOutcome, TokenAnswer};
    ///
    /// let body = r#"{"access_token":"a.b.c","refresh_token":"d.e.f","expires_in":"90000"}"#;
    /// let answer: TokenAnswer = serde_json::from_str(body).unwrap();
    /// let TokenAnswer::Granted(grant) = &answer else { panic!() };
    /// assert_eq!(grant.access_token(), "a.b.c");
    /// assert!(!format!("{grant:?}").contains("a.b.c"), "no secret in Debug");
    /// assert_eq!(
    ///     RefreshOutcome::from_body(body, serde_json::from_str::<TokenAnswer>(body)),
    ///     RefreshOutcome::Granted { expires_in: Some(Duration::from_secs(90_000)) },
    /// );
    /// ```
    #[non_exhaustive]
    #[derive(Debug, Clone, PartialEq, Eq)]
    pub enum TokenAnswer {
        /// A new pair of tokens.
        Granted(TokenGrant),
        /// Zalo's refusal, in its words.
        Refused(RefreshRefused),
    }

    /// A new pair of tokens from the refresh call. Its tokens never appear in
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

        /// The access token's lifetime, when the answer said it.
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

    impl RefreshOutcome {
        /// What a refresh call's body means for the OA, given the body and
        /// the result of parsing it as a [`TokenAnswer`] (with
        /// `serde_json::from_str(body)`):
        ///
        /// - an empty body (or only white space): [`Refused`](RefreshOutcome::Refused)
        ///   — Zalo's answer to a refresh token used a second time;
        /// - a [`TokenAnswer::Granted`]: [`Granted`](RefreshOutcome::Granted);
        /// - a [`TokenAnswer::Refused`]: [`Refused`](RefreshOutcome::Refused);
        /// - a body that does not parse (an HTML page, a truncated body):
        ///   [`Transient`](RefreshOutcome::Transient).
        ///
        /// A transport error or a timeout is
        /// [`Transient`](RefreshOutcome::Transient) too, without a body.
        ///
        /// ```
        /// use zalo_zns_errors::{RefreshOutcome, TokenAnswer};
        ///
        /// let decide = |body: &str| RefreshOutcome::from_body(body, serde_json::from_str::<TokenAnswer>(body));
        /// assert!(matches!(decide(""), RefreshOutcome::Refused(_)));
        /// assert_eq!(decide("<html>502 Bad Gateway</html>"), RefreshOutcome::Transient);
        /// let RefreshOutcome::Refused(refused) = decide(
        ///     r#"{"error":"-14014","error_name":"INVALID_REFRESH_TOKEN","error_description":"Invalid refresh token"}"#,
        /// ) else { panic!() };
        /// assert_eq!(refused.code(), Some(-14014));
        /// ```
        pub fn from_body<E>(body: &str, parsed: Result<TokenAnswer, E>) -> RefreshOutcome {
            if body.trim().is_empty() {
                return RefreshOutcome::Refused(RefreshRefused::empty_body());
            }
            match parsed {
                Ok(TokenAnswer::Granted(grant)) => RefreshOutcome::Granted {
                    expires_in: grant.expires_in,
                },
                Ok(TokenAnswer::Refused(refused)) => RefreshOutcome::Refused(refused),
                Err(_) => RefreshOutcome::Transient,
            }
        }
    }

    /// The fields of a refresh call's body that the crate reads.
    #[derive(Deserialize)]
    struct Body {
        #[serde(default, deserialize_with = "words")]
        access_token: String,
        #[serde(default, deserialize_with = "words")]
        refresh_token: String,
        #[serde(default, deserialize_with = "number")]
        expires_in: Option<i64>,
        #[serde(default, deserialize_with = "number")]
        error: Option<i64>,
        #[serde(default, deserialize_with = "words")]
        error_name: String,
        #[serde(default, deserialize_with = "words")]
        error_reason: String,
        #[serde(default, deserialize_with = "words")]
        error_description: String,
        #[serde(default, deserialize_with = "words")]
        ref_doc: String,
    }

    impl<'de> Deserialize<'de> for TokenAnswer {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            let body = Body::deserialize(deserializer)?;
            if let Some(code) = body.error.filter(|&code| code != 0) {
                return Ok(TokenAnswer::Refused(RefreshRefused {
                    code: Some(code),
                    name: body.error_name,
                    reason: body.error_reason,
                    description: body.error_description,
                    ref_doc: body.ref_doc,
                }));
            }
            if body.access_token.is_empty() || body.refresh_token.is_empty() {
                return Err(de::Error::custom(
                    "a refresh answer with neither a non-zero `error` nor both \
                     `access_token` and `refresh_token`",
                ));
            }
            let expires_in = match body.expires_in {
                None => None,
                Some(seconds) => Some(Duration::from_secs(u64::try_from(seconds).map_err(
                    |_| de::Error::custom(format!("`expires_in` is {seconds}, not a lifetime")),
                )?)),
            };
            Ok(TokenAnswer::Granted(TokenGrant {
                access_token: body.access_token,
                refresh_token: body.refresh_token,
                expires_in,
            }))
        }
    }

    /// A string, or any other scalar written as one; `null` as empty.
    fn words<'de, D: Deserializer<'de>>(deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(Words)
    }

    struct Words;

    impl<'de> Visitor<'de> for Words {
        type Value = String;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("a string")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
            Ok(v.to_owned())
        }
        fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
            Ok(v)
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_f64<E: de::Error>(self, v: f64) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_bool<E: de::Error>(self, v: bool) -> Result<String, E> {
            Ok(v.to_string())
        }
        fn visit_unit<E: de::Error>(self) -> Result<String, E> {
            Ok(String::new())
        }
    }

    /// An integer, or a string of one; `null` as absent.
    fn number<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<i64>, D::Error> {
        deserializer.deserialize_any(Number)
    }

    struct Number;

    impl<'de> Visitor<'de> for Number {
        type Value = Option<i64>;
        fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("an integer, or a string of one")
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Option<i64>, E> {
            Ok(Some(v))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Option<i64>, E> {
            i64::try_from(v)
                .map(Some)
                .map_err(|_| E::custom(format!("{v} is out of range")))
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Option<i64>, E> {
            v.trim()
                .parse()
                .map(Some)
                .map_err(|_| E::custom(format!("{v:?} is not an integer")))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Option<i64>, E> {
            Ok(None)
        }
    }
}
