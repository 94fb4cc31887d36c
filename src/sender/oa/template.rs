//! [`TemplateHold`]: one template of the OA stopped until a person fixes it,
//! while the OA's other templates go on sending.

use core::fmt;
use std::time::SystemTime;

use super::instant::instant;
use super::wording::{CodeName, Sentence};
use crate::code::table::ErrorCode;

/// How many templates an OA's state holds at once. A failure that would
/// hold one more holds the whole OA instead
/// ([`HoldReason::TooManyTemplates`](crate::HoldReason::TooManyTemplates)):
/// so many broken templates need a person to look at the OA anyway, and
/// what the state stores stays bounded.
pub const MAX_HELD_TEMPLATES: usize = 32;

/// The key the state keeps for a template id: FNV-1a over its bytes, the
/// same in every process and version, so that a stored state still knows
/// its templates.
pub(super) fn template_key(template: &str) -> u64 {
    template.bytes().fold(0xcbf2_9ce4_8422_2325, |hash, byte| {
        (hash ^ u64::from(byte)).wrapping_mul(0x0100_0000_01b3)
    })
}

/// One template held for a person: every message that uses it is kept
/// ([`Clearance::Held`](crate::Clearance::Held), or
/// [`OtherChannel`](crate::Clearance::OtherChannel) for a message with a
/// deadline) until
/// [`OaState::release_template`](crate::OaState::release_template); the
/// OA's other templates go on sending.
///
/// [`Display`](fmt::Display) says why in English, [`TemplateHold::vi`] in
/// Vietnamese, each with the code's remedy.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(deny_unknown_fields))]
pub struct TemplateHold {
    pub(super) template: u64,
    pub(super) code: i32,
    #[cfg_attr(feature = "serde", serde(rename = "since_ms"))]
    pub(super) since: i64,
}

impl TemplateHold {
    /// The ZNS code that held the template.
    #[must_use]
    pub fn code(&self) -> i32 {
        self.code
    }

    /// When the template was held, to the millisecond.
    #[must_use]
    pub fn since(&self) -> SystemTime {
        instant(self.since).unwrap_or(SystemTime::UNIX_EPOCH)
    }

    /// Whether this is the hold of `template` (the id the sender gave
    /// [`OaState::before_send_template`](crate::OaState::before_send_template)).
    #[must_use]
    pub fn is_for(&self, template: &str) -> bool {
        self.template == template_key(template)
    }

    /// The same, in Vietnamese: `format!("{}", hold.vi())`.
    #[must_use]
    pub fn vi(&self) -> impl fmt::Display + '_ {
        Vietnamese(self)
    }
}

impl fmt::Display for TemplateHold {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "A template stopped sending: Zalo answered {}, which blocks every message of this \
             template until a person fixes it; the OA's other templates go on.",
            CodeName(self.code)
        )?;
        if let Some(remedy) = ErrorCode::from_code(self.code).and_then(ErrorCode::remedy_en) {
            write!(f, " What to do: {}", Sentence(remedy))?;
        }
        f.write_str(" Then release the template.")
    }
}

struct Vietnamese<'a>(&'a TemplateHold);

impl fmt::Display for Vietnamese<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "Mẫu ZNS đã ngừng gửi: Zalo trả về mã lỗi {}, lỗi này chặn mọi tin nhắn dùng mẫu này \
             cho đến khi được xử lý; các mẫu khác của OA vẫn gửi bình thường.",
            CodeName(self.0.code)
        )?;
        if let Some(remedy) = ErrorCode::from_code(self.0.code).and_then(ErrorCode::remedy_vi) {
            write!(f, " Cách xử lý: {}", Sentence(remedy))?;
        }
        f.write_str(" Sau đó cho phép mẫu gửi lại.")
    }
}

#[cfg(test)]
mod tests {
    use super::template_key;

    #[test]
    fn a_templates_key_is_fnv_1a_of_its_id() {
        // FNV-1a's published test values.
        assert_eq!(template_key(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(template_key("a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(template_key("203972"), template_key("203973"));
    }
}
