//! [`Hold`]: why the OA stopped sending until a person acts, said in English
//! and Vietnamese.

use core::fmt;
use std::time::SystemTime;

use super::instant::instant;
use super::template::MAX_HELD_TEMPLATES;
use super::wording::{CodeName, Sentence};
use crate::code::table::ErrorCode;
use crate::sender::oauth::RefreshRefused;
use crate::sender::vietnam_time::wall_clock;

/// The OA stopped sending until a person acts: when, and why.
///
/// [`Display`](fmt::Display) says it in English, [`Hold::vi`] in
/// Vietnamese, each with what to do; both keep Zalo's code and words.
/// [`OaState::release`](crate::OaState::release) (after the fix) or
/// [`OaState::token_granted`](crate::OaState::token_granted) (after the OA
/// was authorised again) lets it send again.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(try_from = "stored::StoredHold"))]
pub struct Hold {
    /// When the OA was held (ms since 1970), as every instant of the state
    /// is stored: before 1970 too.
    #[cfg_attr(feature = "serde", serde(rename = "since_ms"))]
    pub(crate) since: i64,
    pub(crate) reason: HoldReason,
}

/// Why the OA is held.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(
    feature = "serde",
    serde(deny_unknown_fields, rename_all = "snake_case")
)]
pub enum HoldReason {
    /// A send was answered with a code that blocks the whole sender and
    /// needs a person (its [`Scope`](crate::Scope) is `sender`, its
    /// [`Retry`](crate::Retry) `after_fix`): credentials, balance,
    /// permissions, features.
    Code(i32),
    /// Zalo refused to refresh the access token: the refresh token is dead
    /// (used already, expired, or the OA's authorisation withdrawn). An admin
    /// of the OA must authorise the app again.
    RefreshRefused(RefreshRefused),
    /// An access token that a refresh had just given was refused at once
    /// with this code: the app's credentials or its link to the OA are wrong.
    FreshTokenRefused(i32),
    /// A template needed a person (this code) while the state already held
    /// [`OaState::MAX_HELD_TEMPLATES`](crate::OaState::MAX_HELD_TEMPLATES)
    /// templates: so many broken templates need a person to look at the
    /// whole OA.
    TooManyTemplates(i32),
}

impl Hold {
    pub(crate) fn new(since: i64, reason: HoldReason) -> Hold {
        Hold { since, reason }
    }

    /// When the OA was held, to the millisecond.
    #[must_use]
    pub fn since(&self) -> SystemTime {
        instant(self.since).unwrap_or(SystemTime::UNIX_EPOCH)
    }

    /// Why.
    #[must_use]
    pub fn reason(&self) -> &HoldReason {
        &self.reason
    }

    /// The ZNS code that caused the hold, when a send's answer did.
    #[must_use]
    pub fn code(&self) -> Option<i32> {
        match self.reason {
            HoldReason::Code(code)
            | HoldReason::FreshTokenRefused(code)
            | HoldReason::TooManyTemplates(code) => Some(code),
            HoldReason::RefreshRefused(_) => None,
        }
    }

    /// Whether authorising the OA again (a new pair of tokens) is the fix.
    #[must_use]
    pub fn needs_authorisation(&self) -> bool {
        matches!(
            self.reason,
            HoldReason::RefreshRefused(_) | HoldReason::FreshTokenRefused(_)
        )
    }

    /// The same, in Vietnamese: `format!("{}", hold.vi())`.
    #[must_use]
    pub fn vi(&self) -> impl fmt::Display + '_ {
        Vietnamese(self)
    }
}

impl fmt::Display for Hold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.reason {
            HoldReason::Code(code) => {
                write!(
                    f,
                    "The OA stopped sending: Zalo answered {}, which blocks every message of this OA until a person fixes it.",
                    CodeName(*code)
                )?;
                if let Some(remedy) = ErrorCode::from_code(*code).and_then(ErrorCode::remedy_en) {
                    write!(f, " What to do: {}", Sentence(remedy))?;
                }
                f.write_str(" Then let the OA send again.")
            }
            HoldReason::RefreshRefused(refused) => {
                write!(
                    f,
                    "The OA stopped sending: {refused}. The refresh token can no longer be used \
                     (used already, expired, or the OA's authorisation was withdrawn). An admin of \
                     the OA must authorise the app again to get a new pair of tokens."
                )
            }
            HoldReason::TooManyTemplates(code) => {
                write!(
                    f,
                    "The OA stopped sending: Zalo answered {} for one more template while {} of \
                     its templates were already held for a person. Check the OA's templates on \
                     Zalo's page for managing them, fix or release them, then let the OA send again.",
                    CodeName(*code),
                    MAX_HELD_TEMPLATES
                )
            }
            HoldReason::FreshTokenRefused(code) => write!(
                f,
                "The OA stopped sending: Zalo refused ({}) an access token that a refresh had just \
                 given. The application's credentials or its link to the OA are wrong: check \
                 the application ID and secret key in Zalo for Developers and that the \
                 application is linked to this OA, then authorise the OA again.",
                CodeName(*code)
            ),
        }
    }
}

struct Vietnamese<'a>(&'a Hold);

impl fmt::Display for Vietnamese<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.0.reason {
            HoldReason::Code(code) => {
                write!(
                    f,
                    "OA đã ngừng gửi: Zalo trả về mã lỗi {}, lỗi này chặn mọi tin nhắn của OA cho đến khi được xử lý.",
                    CodeName(*code)
                )?;
                if let Some(remedy) = ErrorCode::from_code(*code).and_then(ErrorCode::remedy_vi) {
                    write!(f, " Cách xử lý: {}", Sentence(remedy))?;
                }
                f.write_str(" Sau đó cho phép OA gửi lại.")
            }
            HoldReason::RefreshRefused(refused) => {
                f.write_str("OA đã ngừng gửi: Zalo từ chối cấp lại access token")?;
                if refused.is_empty_body() {
                    f.write_str(" (phản hồi rỗng, như khi refresh token đã được dùng)")?;
                } else {
                    f.write_str(" (")?;
                    refused.write_words(f)?;
                    f.write_str(")")?;
                }
                f.write_str(
                    ". Refresh token không còn dùng được (đã dùng, đã hết hạn, hoặc quyền truy cập \
                     của ứng dụng vào OA đã bị thu hồi). Quản trị viên OA cần cấp quyền lại cho \
                     ứng dụng để nhận cặp token mới.",
                )
            }
            HoldReason::TooManyTemplates(code) => write!(
                f,
                "OA đã ngừng gửi: Zalo trả về mã lỗi {} cho thêm một mẫu ZNS trong khi đã có {} mẫu \
                 của OA bị dừng chờ xử lý. Kiểm tra các mẫu ZNS của OA, xử lý hoặc cho phép các \
                 mẫu gửi lại, rồi cho phép OA gửi lại.",
                CodeName(*code),
                MAX_HELD_TEMPLATES
            ),
            HoldReason::FreshTokenRefused(code) => write!(
                f,
                "OA đã ngừng gửi: Zalo từ chối ({}) access token vừa được cấp lại. Thông tin của \
                 ứng dụng hoặc liên kết giữa ứng dụng và OA bị sai: kiểm tra App ID và khóa bí mật \
                 (secret key) trên Zalo for Developers, kiểm tra ứng dụng đã được liên kết với OA \
                 này, rồi cấp quyền lại cho OA.",
                CodeName(*code)
            ),
        }
    }
}

/// Zalo refused to refresh the OA's access token while it still works: an
/// admin of the OA must authorise the app again before it expires, or the
/// OA stops sending then. From [`OaState::record_refresh`](crate::OaState::record_refresh)
/// and [`OaState::authorise_again`](crate::OaState::authorise_again).
///
/// [`Display`](fmt::Display) says it in English, [`AuthoriseAgain::vi`] in
/// Vietnamese, each with the deadline in Vietnam time and Zalo's words.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct AuthoriseAgain {
    pub(crate) refused: RefreshRefused,
    /// When the current token expires (ms since 1970), if known.
    pub(crate) by: Option<i64>,
}

impl AuthoriseAgain {
    /// Zalo's refusal, in its words.
    #[must_use]
    pub fn refused(&self) -> &RefreshRefused {
        &self.refused
    }

    /// When the current token expires, and the OA stops sending unless it
    /// is authorised again; `None` when its lifetime is unknown (then it
    /// stops when the token fails).
    #[must_use]
    pub fn by(&self) -> Option<SystemTime> {
        self.by.and_then(instant)
    }

    /// The same, in Vietnamese: `format!("{}", alert.vi())`.
    #[must_use]
    pub fn vi(&self) -> impl fmt::Display + '_ {
        VietnameseAlert(self)
    }
}

impl fmt::Display for AuthoriseAgain {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}. The OA still sends with its current access token, ",
            self.refused
        )?;
        match self.by {
            Some(by) => write!(
                f,
                "which expires at {} (Vietnam time): an admin of the OA must authorise the app \
                 again before {}, or the OA stops sending then.",
                wall_clock(by),
                wall_clock(by)
            ),
            None => f.write_str(
                "until it fails: an admin of the OA must authorise the app again as soon as \
                 possible, or the OA stops sending then.",
            ),
        }
    }
}

struct VietnameseAlert<'a>(&'a AuthoriseAgain);

impl fmt::Display for VietnameseAlert<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let alert = self.0;
        f.write_str("Zalo từ chối cấp lại access token")?;
        if alert.refused.is_empty_body() {
            f.write_str(" (phản hồi rỗng, như khi refresh token đã được dùng)")?;
        } else {
            f.write_str(" (")?;
            alert.refused.write_words(f)?;
            f.write_str(")")?;
        }
        f.write_str(". OA vẫn gửi bằng access token hiện tại, ")?;
        match alert.by {
            Some(by) => write!(
                f,
                "token này hết hạn lúc {} (giờ Việt Nam): quản trị viên OA cần cấp quyền lại cho \
                 ứng dụng trước {}, nếu không OA sẽ ngừng gửi từ lúc đó.",
                wall_clock(by),
                wall_clock(by)
            ),
            None => f.write_str(
                "cho đến khi token này bị từ chối: quản trị viên OA cần cấp quyền lại cho ứng dụng \
                 càng sớm càng tốt, nếu không OA sẽ ngừng gửi từ lúc đó.",
            ),
        }
    }
}

#[cfg(feature = "serde")]
mod stored {
    use std::time::SystemTime;

    use serde::Deserialize;

    use super::super::instant::millis;
    use super::super::map_or_seq::map_or_seq;
    use super::{Hold, HoldReason};

    /// A hold as stored, not yet checked.
    pub(super) struct StoredHold {
        since_ms: Option<i64>,
        /// 0.3's `since`: serde's `SystemTime`, which cannot hold an instant
        /// before 1970.
        since: Option<SystemTime>,
        reason: HoldReason,
    }

    #[derive(Deserialize)]
    #[serde(rename = "Hold", deny_unknown_fields)]
    struct Fields {
        #[serde(default)]
        since_ms: Option<i64>,
        #[serde(default)]
        since: Option<SystemTime>,
        reason: HoldReason,
    }

    #[derive(Deserialize)]
    #[serde(rename = "Hold")]
    struct InOrder {
        since_ms: i64,
        reason: HoldReason,
    }

    impl From<Fields> for StoredHold {
        fn from(f: Fields) -> Self {
            StoredHold {
                since_ms: f.since_ms,
                since: f.since,
                reason: f.reason,
            }
        }
    }

    impl From<InOrder> for StoredHold {
        fn from(f: InOrder) -> Self {
            StoredHold {
                since_ms: Some(f.since_ms),
                since: None,
                reason: f.reason,
            }
        }
    }

    impl<'de> Deserialize<'de> for StoredHold {
        fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            map_or_seq::<D, Fields, InOrder, _>(deserializer, "Hold", &["since_ms", "reason"])
        }
    }

    impl TryFrom<StoredHold> for Hold {
        type Error = String;

        fn try_from(stored: StoredHold) -> Result<Hold, String> {
            let since = match (stored.since_ms, stored.since) {
                (Some(ms), None) => ms,
                (None, Some(at)) => millis(at),
                (Some(_), Some(_)) => {
                    return Err("a hold with both `since_ms` and 0.3's `since`: keep \
                                `since_ms`, as OaState serializes it"
                        .to_owned());
                }
                (None, None) => {
                    return Err(
                        "a hold without `since_ms`: store what OaState serialized".to_owned()
                    );
                }
            };
            Ok(Hold::new(since, stored.reason))
        }
    }
}
