//! [`Alert`]: what the OA's state must tell a person, each thing once, and
//! what the person calls when it is fixed ([`Resolution`]). The state keeps
//! which of its holds, pauses and refusals are still untold ([`Untold`]),
//! stored with it, so that a restart neither repeats nor loses one.

use core::fmt;
use std::time::SystemTime;

use super::hold::{AuthoriseAgain, Hold};
use super::instant::instant;
use super::template::TemplateHold;
use super::wording::CodeName;
use crate::sender::vietnam_time::wall_clock;

/// Something a person must be told about the OA, from
/// [`OaState::take_alerts`](crate::OaState::take_alerts): each is given once.
///
/// [`Display`](fmt::Display) says it in English, [`Alert::vi`] in
/// Vietnamese, each with what to do; [`Alert::resolution`] names the call
/// that tells the state it was done.
#[non_exhaustive]
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Alert {
    /// The OA is held: nothing is sent until a person fixes the cause
    /// ([`OaState::hold`](crate::OaState::hold) says the same).
    OaHeld(Hold),
    /// A template is held: its messages are kept, the OA's other templates
    /// go on ([`OaState::template_hold`](crate::OaState::template_hold)).
    TemplateHeld(TemplateHold),
    /// Zalo refused to refresh the token while it still works: an admin of
    /// the OA must authorise it again before the time the alert gives.
    AuthoriseAgain(AuthoriseAgain),
    /// The OA reached a daily limit and waits until the morning; a person
    /// who raised the limit may end the pause.
    Paused(Pause),
}

/// What a person calls on the OA's state once they fixed what an [`Alert`]
/// said, from [`Alert::resolution`]. [`Display`](fmt::Display) names the
/// method.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Resolution {
    /// [`OaState::release`](crate::OaState::release): the cause of the
    /// OA's hold is fixed.
    Release,
    /// [`OaState::release_template`](crate::OaState::release_template) with
    /// the template's id: the template is fixed.
    ReleaseTemplate,
    /// [`OaState::end_pause`](crate::OaState::end_pause): the OA's limit was
    /// raised. Doing nothing is safe too: the pause ends by itself.
    EndPause,
    /// [`OaState::token_granted`](crate::OaState::token_granted) with the
    /// new pair an admin got by authorising the OA again.
    TokenGranted,
}

/// A pause of the whole OA for its daily limit, from [`Alert::Paused`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Pause {
    pub(super) code: i32,
    /// ms since 1970.
    pub(super) until: i64,
}

impl Pause {
    /// The ZNS code that paused the OA.
    #[must_use]
    pub fn code(&self) -> i32 {
        self.code
    }

    /// When the OA sends again by itself.
    #[must_use]
    pub fn until(&self) -> SystemTime {
        instant(self.until).unwrap_or(SystemTime::UNIX_EPOCH)
    }
}

impl Alert {
    /// The call that tells the state that a person did what the alert asks.
    ///
    /// ```
    /// use zalo_zns_errors::{Alert, Resolution};
    ///
    /// fn operator_command(alert: &Alert) -> &'static str {
    ///     match alert.resolution() {
    ///         Resolution::Release => "release",
    ///         Resolution::ReleaseTemplate => "release-template",
    ///         Resolution::EndPause => "end-pause",
    ///         _ => "authorise", // TokenGranted, and what a later version adds
    ///     }
    /// }
    /// # let _ = operator_command;
    /// ```
    #[must_use]
    pub fn resolution(&self) -> Resolution {
        match self {
            Alert::OaHeld(hold) if hold.needs_authorisation() => Resolution::TokenGranted,
            Alert::OaHeld(_) => Resolution::Release,
            Alert::TemplateHeld(_) => Resolution::ReleaseTemplate,
            Alert::AuthoriseAgain(_) => Resolution::TokenGranted,
            Alert::Paused(_) => Resolution::EndPause,
        }
    }

    /// The same, in Vietnamese: `format!("{}", alert.vi())`.
    #[must_use]
    pub fn vi(&self) -> impl fmt::Display + '_ {
        Vietnamese(self)
    }
}

impl fmt::Display for Alert {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Alert::OaHeld(hold) => hold.fmt(f),
            Alert::TemplateHeld(hold) => hold.fmt(f),
            Alert::AuthoriseAgain(alert) => alert.fmt(f),
            Alert::Paused(pause) => write!(
                f,
                "The OA reached a daily limit: Zalo answered {}, and every message of this OA \
                 waits until {} (Vietnam time). If the OA's limit was raised, end the pause to \
                 send again now.",
                CodeName(pause.code),
                wall_clock(pause.until)
            ),
        }
    }
}

struct Vietnamese<'a>(&'a Alert);

impl fmt::Display for Vietnamese<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.0 {
            Alert::OaHeld(hold) => hold.vi().fmt(f),
            Alert::TemplateHeld(hold) => hold.vi().fmt(f),
            Alert::AuthoriseAgain(alert) => alert.vi().fmt(f),
            Alert::Paused(pause) => write!(
                f,
                "OA đã chạm giới hạn gửi trong ngày: Zalo trả về mã lỗi {}, mọi tin nhắn của OA \
                 chờ đến {} (giờ Việt Nam). Nếu hạn mức của OA đã được nâng, hãy kết thúc tạm \
                 dừng để gửi lại ngay.",
                CodeName(pause.code),
                wall_clock(pause.until)
            ),
        }
    }
}

impl fmt::Display for Resolution {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Resolution::Release => "OaState::release",
            Resolution::ReleaseTemplate => "OaState::release_template",
            Resolution::EndPause => "OaState::end_pause",
            Resolution::TokenGranted => "OaState::token_granted",
        })
    }
}

/// Which of the state's holds, refusal and pause a person has not been told
/// yet: each flag is set when its thing begins, and cleared when
/// [`OaState::take_alerts`](crate::OaState::take_alerts) gives it or the
/// thing ends. A flag whose thing ended is never told.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub(super) struct Untold {
    /// The OA's hold.
    pub(super) hold: bool,
    /// Zalo's refusal while the token has life.
    pub(super) authorise_again: bool,
    /// The pause for the OA's limit: the code that paused it.
    pub(super) pause: Option<i32>,
    /// Bit `i`: the `i`-th held template.
    pub(super) templates: u64,
}

impl Untold {
    /// The bits of the templates `kept` (in order) of the held templates
    /// before a release, with the order of those kept.
    pub(super) fn templates_kept(&mut self, kept: impl Iterator<Item = bool>) {
        let mut bits = 0;
        let mut next = 0;
        for (i, keep) in kept.enumerate() {
            if keep {
                if self.templates & (1 << i) != 0 {
                    bits |= 1 << next;
                }
                next += 1;
            }
        }
        self.templates = bits;
    }
}

#[cfg(test)]
mod tests {
    use super::Untold;

    #[test]
    fn a_release_keeps_the_untold_bits_of_the_templates_left() {
        let mut untold = Untold {
            templates: 0b1010,
            ..Untold::default()
        };
        // Templates 0..4; the second (untold) is released.
        untold.templates_kept([true, false, true, true].into_iter());
        assert_eq!(untold.templates, 0b100);
    }
}
