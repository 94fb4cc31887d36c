//! [`Message`]: one ZNS message to send, as it is enqueued (a JSON line),
//! and [`Outcome`]: how it ended.

use std::fmt;
use std::time::SystemTime;

use serde::{Deserialize, Serialize};

/// One message to send: what Zalo's send endpoint takes, and by when it is
/// worth delivering.
///
/// As a JSON line: `{"phone":"84987654321","template_id":"203972",
/// "template_data":{"otp":"123456"},"tracking_id":"otp-1",
/// "deliver_by":"2026-12-08T10:05:00+07:00"}` (`deliver_by` optional).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Message {
    /// The recipient's phone number, as Zalo takes it (`84…`).
    pub phone: String,
    /// The ZNS template.
    pub template_id: String,
    /// The template's parameters.
    pub template_data: serde_json::Map<String, serde_json::Value>,
    /// The sender's id for the message, sent to Zalo as `tracking_id`; a
    /// message is enqueued once per OA and tracking id.
    pub tracking_id: String,
    /// By when it is worth delivering (an OTP's validity): past it, the
    /// message goes to the other channel. `None`: no deadline.
    #[serde(default, with = "deadline", skip_serializing_if = "Option::is_none")]
    pub deliver_by: Option<SystemTime>,
}

/// The longest tracking id Zalo takes, in bytes.
pub const MAX_TRACKING_ID: usize = 250;

impl Message {
    /// What makes this message one Zalo cannot take, if anything.
    pub(crate) fn problem(&self) -> Option<String> {
        if self.tracking_id.trim().is_empty() {
            return Some("\"tracking_id\" is empty".to_owned());
        }
        if self.tracking_id.len() > MAX_TRACKING_ID {
            return Some(format!(
                "\"tracking_id\" is {} bytes, more than {MAX_TRACKING_ID}",
                self.tracking_id.len()
            ));
        }
        let digits = self.phone.strip_prefix('+').unwrap_or(&self.phone);
        if digits.len() < 8 || digits.len() > 15 || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Some(format!(
                "\"phone\" {:?} is not a phone number (8 to 15 digits, such as 84987654321)",
                self.phone
            ));
        }
        if self.template_id.trim().is_empty() {
            return Some("\"template_id\" is empty".to_owned());
        }
        None
    }
}

/// How a message ended, or that it has not.
#[non_exhaustive]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Outcome {
    /// Zalo accepted it.
    Delivered,
    /// ZNS cannot deliver it (in time, or to this recipient): it went to
    /// the other channel.
    OtherChannel,
    /// A person must change something before it can be sent (its answer
    /// says what).
    KeptForPerson,
    /// Older than the policy's `max_age`: not sent.
    Expired,
    /// Not yet: in the queue, or waiting for a person to release the OA or
    /// its template.
    Queued,
}

impl Outcome {
    /// Every outcome, in the order `status` lists them.
    pub const ALL: [Outcome; 5] = [
        Outcome::Delivered,
        Outcome::OtherChannel,
        Outcome::KeptForPerson,
        Outcome::Expired,
        Outcome::Queued,
    ];

    /// Its name, as the database and `status` spell it.
    pub fn as_str(self) -> &'static str {
        match self {
            Outcome::Delivered => "delivered",
            Outcome::OtherChannel => "other_channel",
            Outcome::KeptForPerson => "kept_for_person",
            Outcome::Expired => "expired",
            Outcome::Queued => "queued",
        }
    }

    pub(crate) fn from_stored(stored: Option<&str>) -> Option<Outcome> {
        match stored {
            None => Some(Outcome::Queued),
            Some(name) => Outcome::ALL.into_iter().find(|o| o.as_str() == name),
        }
    }
}

impl fmt::Display for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `deliver_by` as RFC 3339 text.
mod deadline {
    use std::time::SystemTime;

    use serde::{Deserialize, Deserializer, Serializer};

    use crate::rfc3339;

    pub(super) fn serialize<S: Serializer>(
        at: &Option<SystemTime>,
        serializer: S,
    ) -> Result<S::Ok, S::Error> {
        match at {
            Some(at) => serializer.serialize_str(&rfc3339::format(*at)),
            None => serializer.serialize_none(),
        }
    }

    pub(super) fn deserialize<'de, D: Deserializer<'de>>(
        deserializer: D,
    ) -> Result<Option<SystemTime>, D::Error> {
        match Option::<String>::deserialize(deserializer)? {
            None => Ok(None),
            Some(text) => rfc3339::parse(&text)
                .map(Some)
                .map_err(serde::de::Error::custom),
        }
    }
}

/// Reads JSON lines of messages; blank lines are skipped. The first bad
/// line is refused, with its number.
pub(crate) fn read_lines(text: &str) -> Result<Vec<Message>, crate::Error> {
    let mut messages = Vec::new();
    for (number, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        let message: Message =
            serde_json::from_str(line).map_err(|error| crate::Error::BadLine {
                line: number + 1,
                reason: error.to_string(),
            })?;
        if let Some(reason) = message.problem() {
            return Err(crate::Error::BadLine {
                line: number + 1,
                reason,
            });
        }
        messages.push(message);
    }
    Ok(messages)
}

#[cfg(test)]
mod tests {
    use super::{Message, read_lines};
    use crate::Error;

    #[test]
    fn a_json_line_is_a_message() {
        let messages = read_lines(
            "{\"phone\":\"84987654321\",\"template_id\":\"203972\",\"template_data\":{\"otp\":\"1234\"},\
             \"tracking_id\":\"otp-1\",\"deliver_by\":\"2026-12-08T10:05:00+07:00\"}\n\n\
             {\"phone\":\"84912345678\",\"template_id\":\"203973\",\"template_data\":{},\"tracking_id\":\"c-1\"}\n",
        )
        .unwrap();
        assert_eq!(messages.len(), 2);
        assert!(messages[0].deliver_by.is_some() && messages[1].deliver_by.is_none());
        let back: Message =
            serde_json::from_str(&serde_json::to_string(&messages[0]).unwrap()).unwrap();
        assert_eq!(back, messages[0]);
    }

    #[test]
    fn a_bad_line_is_refused_with_its_number_and_reason() {
        let good = "{\"phone\":\"84987654321\",\"template_id\":\"1\",\"template_data\":{},\"tracking_id\":\"a\"}";
        for (bad, reason) in [
            ("{\"phone\":", "EOF"),
            (
                "{\"phone\":\"84987654321\",\"template_id\":\"1\",\"template_data\":{}}",
                "missing field `tracking_id`",
            ),
            (
                "{\"phone\":\"12\",\"template_id\":\"1\",\"template_data\":{},\"tracking_id\":\"b\"}",
                "is not a phone number",
            ),
            (
                "{\"phone\":\"84987654321\",\"template_id\":\"1\",\"template_data\":{},\"tracking_id\":\"b\",\"deliver_by\":\"tomorrow\"}",
                "is not an RFC 3339 instant",
            ),
            (
                "{\"phone\":\"84987654321\",\"template_id\":\"1\",\"template_data\":[],\"tracking_id\":\"b\"}",
                "expected a map",
            ),
        ] {
            let Err(Error::BadLine { line, reason: said }) =
                read_lines(&format!("{good}\n{bad}\n"))
            else {
                panic!("{bad} was read");
            };
            assert_eq!(line, 2, "{bad}");
            assert!(said.contains(reason), "{bad}: {said}");
        }
    }
}
