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

/// The longest template id, in bytes, that a hold keeps to show a person
/// (Zalo's template ids are a few digits).
pub(super) const MAX_TEMPLATE_ID: usize = 64;

/// A template id kept inline, so that a permit is given and a template
/// held without allocating.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct TemplateName {
    len: u8,
    bytes: [u8; MAX_TEMPLATE_ID],
}

impl TemplateName {
    /// `id`, or `None` when it is longer than [`MAX_TEMPLATE_ID`] bytes.
    pub(super) fn of(id: &str) -> Option<TemplateName> {
        let len = u8::try_from(id.len())
            .ok()
            .filter(|&len| usize::from(len) <= MAX_TEMPLATE_ID)?;
        let mut bytes = [0; MAX_TEMPLATE_ID];
        bytes[..id.len()].copy_from_slice(id.as_bytes());
        Some(TemplateName { len, bytes })
    }

    pub(super) fn as_str(&self) -> &str {
        // Always a whole `&str`, copied by `of`.
        core::str::from_utf8(&self.bytes[..usize::from(self.len)]).unwrap_or_default()
    }
}

impl fmt::Debug for TemplateName {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

#[cfg(feature = "serde")]
impl serde::Serialize for TemplateName {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

#[cfg(feature = "serde")]
impl<'de> serde::Deserialize<'de> for TemplateName {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let id = <std::borrow::Cow<'de, str> as serde::Deserialize>::deserialize(deserializer)?;
        TemplateName::of(&id).ok_or_else(|| {
            serde::de::Error::custom(format!(
                "a template id of {} bytes, longer than a hold keeps ({MAX_TEMPLATE_ID}); \
                 store what OaState serialized",
                id.len()
            ))
        })
    }
}

/// A template as a permit names it: its key, and its id when short enough
/// to keep.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(super) struct TemplateRef {
    pub(super) key: u64,
    pub(super) name: Option<TemplateName>,
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
    /// The template's id, kept to tell a person (absent from what 0.4
    /// stored, and `None` for an id longer than [`MAX_TEMPLATE_ID`] bytes).
    /// Last, and always written, so that a format without field names
    /// reads it in its place.
    #[cfg_attr(feature = "serde", serde(default, rename = "id"))]
    pub(super) name: Option<TemplateName>,
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

    /// The template's id, as the sender gave it to
    /// [`OaState::before_send_template`](crate::OaState::before_send_template);
    /// `None` for an id longer than 64 bytes, which the hold does not keep,
    /// and for a hold stored by 0.4 ([`is_for`](Self::is_for) still tells
    /// both).
    #[must_use]
    pub fn template(&self) -> Option<&str> {
        self.name.as_ref().map(TemplateName::as_str)
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
        match self.template() {
            Some(id) => write!(f, "The template {id} stopped sending")?,
            None => f.write_str("A template (its id is longer than 64 bytes) stopped sending")?,
        }
        write!(
            f,
            ": Zalo answered {}, which blocks every message of this template until a person \
             fixes it; the OA's other templates go on.",
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
        match self.0.template() {
            Some(id) => write!(f, "Mẫu ZNS {id} đã ngừng gửi")?,
            None => f.write_str("Một mẫu ZNS (mã mẫu dài hơn 64 byte) đã ngừng gửi")?,
        }
        write!(
            f,
            ": Zalo trả về mã lỗi {}, lỗi này chặn mọi tin nhắn dùng mẫu này cho đến khi được \
             xử lý; các mẫu khác của OA vẫn gửi bình thường.",
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
    use super::{MAX_TEMPLATE_ID, TemplateName, template_key};

    #[test]
    fn a_template_name_keeps_an_id_up_to_its_bound() {
        let longest = "9".repeat(MAX_TEMPLATE_ID);
        assert_eq!(TemplateName::of(&longest).unwrap().as_str(), longest);
        assert_eq!(TemplateName::of("203972").unwrap().as_str(), "203972");
        assert_eq!(TemplateName::of("").unwrap().as_str(), "");
        assert!(TemplateName::of(&format!("{longest}9")).is_none());
        assert_eq!(TemplateName::of("mẫu-1").unwrap().as_str(), "mẫu-1");
    }

    #[test]
    fn a_templates_key_is_fnv_1a_of_its_id() {
        // FNV-1a's published test values.
        assert_eq!(template_key(""), 0xcbf2_9ce4_8422_2325);
        assert_eq!(template_key("a"), 0xaf63_dc4c_8601_ec8c);
        assert_ne!(template_key("203972"), template_key("203973"));
    }
}
