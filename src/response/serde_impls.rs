//! serde support: [`ErrorCode`] as its integer, [`Category`], [`Retry`] and
//! [`Scope`] as their CSV spelling, [`Response`] as ZNS and gateways send
//! it, and [`Failure`] as a queue stores it.

use core::fmt;
use core::marker::PhantomData;

use serde::de::{self, DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use crate::code::table::ErrorCode;
use crate::code::vocabulary::Category;
use crate::code::vocabulary::Retry;
use crate::code::vocabulary::Scope;
use crate::response::body::Failure;
use crate::response::body::Response;
use crate::response::buffered::{Buffered, BufferedDeserializer};

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i32(self.code())
    }
}

/// Reads the integer of a code this version knows; in a human-readable
/// format (JSON) also a string of one, as [`Response`] accepts in `error`.
///
/// # Errors
///
/// A code this version does not know (the message names it). To store a
/// code that may be unknown, store the `i32` or a [`Failure`].
impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = if deserializer.is_human_readable() {
            ErrorField.deserialize(deserializer)?
        } else {
            i32::deserialize(deserializer)?
        };
        ErrorCode::from_code(code)
            .ok_or_else(|| de::Error::custom(crate::code::error_code::UnknownCode::from_raw(code)))
    }
}

macro_rules! spelled {
    ($name:ident, $expecting:literal) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        /// # Errors
        ///
        /// A string that is not one of the spellings: the message lists them.
        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Spelling;
                impl Visitor<'_> for Spelling {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, text: &str) -> Result<$name, E> {
                        text.parse().map_err(E::custom)
                    }
                }
                deserializer.deserialize_str(Spelling)
            }
        }
    };
}

spelled!(Category, "a ZNS error category");
spelled!(Retry, "a ZNS retry policy");
spelled!(Scope, "a ZNS failure scope");

/// Reads the `error` field: an integer, or a string of one (optional sign,
/// digits, nothing else) as some gateways relay it.
struct ErrorField;

impl ErrorField {
    /// `i32`'s own parser takes exactly these forms: an optional sign, then
    /// ASCII digits (no spaces, no `_`, no other base).
    fn parse(text: &str) -> Option<i32> {
        text.parse().ok()
    }
}

impl<'de> Visitor<'de> for ErrorField {
    type Value = i32;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ZNS error code in the field `error` (an integer, or a string of digits)")
    }

    fn visit_i64<E: de::Error>(self, v: i64) -> Result<i32, E> {
        i32::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Signed(v), &self))
    }

    fn visit_u64<E: de::Error>(self, v: u64) -> Result<i32, E> {
        i32::try_from(v).map_err(|_| E::invalid_value(de::Unexpected::Unsigned(v), &self))
    }

    fn visit_i128<E: de::Error>(self, v: i128) -> Result<i32, E> {
        i32::try_from(v)
            .map_err(|_| E::invalid_value(de::Unexpected::Other("a 128-bit integer"), &self))
    }

    fn visit_u128<E: de::Error>(self, v: u128) -> Result<i32, E> {
        i32::try_from(v)
            .map_err(|_| E::invalid_value(de::Unexpected::Other("a 128-bit integer"), &self))
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<i32, E> {
        ErrorField::parse(v).ok_or_else(|| E::invalid_value(de::Unexpected::Str(v), &self))
    }
}

impl<'de> DeserializeSeed<'de> for ErrorField {
    type Value = i32;

    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<i32, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// Reads the `message` field: a string, or null for an empty one.
struct MessageField;

impl<'de> Visitor<'de> for MessageField {
    type Value = String;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the server's message in the field `message` (a string, or null)")
    }

    fn visit_str<E: de::Error>(self, v: &str) -> Result<String, E> {
        Ok(v.to_owned())
    }

    fn visit_string<E: de::Error>(self, v: String) -> Result<String, E> {
        Ok(v)
    }

    fn visit_none<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_unit<E: de::Error>(self) -> Result<String, E> {
        Ok(String::new())
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

impl<'de> DeserializeSeed<'de> for MessageField {
    type Value = String;

    // `deserialize_any`, not `deserialize_option`: a self-describing format
    // gives null and a string apart in one step.
    #[inline]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<String, D::Error> {
        deserializer.deserialize_any(self)
    }
}

/// The fields of a response body; any other key is skipped.
enum Field {
    Error,
    Message,
    Data,
    Other,
}

impl<'de> Deserialize<'de> for Field {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Name;
        impl Visitor<'_> for Name {
            type Value = Field;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a field name")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Field, E> {
                Ok(match v {
                    "error" => Field::Error,
                    "message" => Field::Message,
                    "data" => Field::Data,
                    _ => Field::Other,
                })
            }
            fn visit_bytes<E: de::Error>(self, v: &[u8]) -> Result<Field, E> {
                Ok(core::str::from_utf8(v).map_or(Field::Other, |v| {
                    self.visit_str::<E>(v).unwrap_or(Field::Other)
                }))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Field, E> {
                Ok(match v {
                    0 => Field::Error,
                    1 => Field::Message,
                    2 => Field::Data,
                    _ => Field::Other,
                })
            }
        }
        deserializer.deserialize_identifier(Name)
    }
}

/// Whether `data` must fit the caller's type: only when the code says the
/// call succeeded. A failure's `data`, whatever it holds, is ignored.
fn data_is_wanted(code: i32) -> bool {
    ErrorCode::from_code(code).is_some_and(ErrorCode::is_success)
}

/// Parses a body whatever its fields' order, and whatever a failure's `data`
/// holds.
///
/// # Errors
///
/// A body that is not a ZNS body: no `error` field, an `error` that is not an
/// integer or a string of one that fits `i32`, a `message` that is neither a
/// string nor null, a field given twice; and on success, a `data` that does
/// not fit `T` (the error is `T`'s own, naming its field).
impl<'de, T: Deserialize<'de>> Deserialize<'de> for Response<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_struct(
            "Response",
            &["error", "message", "data"],
            ResponseVisitor(PhantomData),
        )
    }
}

struct ResponseVisitor<T>(PhantomData<T>);

impl<'de, T: Deserialize<'de>> Visitor<'de> for ResponseVisitor<T> {
    type Value = Response<T>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a ZNS response body: an object with the fields `error`, `message` and `data`")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Response<T>, A::Error> {
        let mut error: Option<i32> = None;
        let mut message: Option<String> = None;
        let mut data: Option<T> = None;
        let mut data_seen = false;
        // A `data` that came before `error`, held until the code is known.
        let mut early_data: Option<Buffered<'de>> = None;
        while let Some(field) = map.next_key::<Field>()? {
            match field {
                Field::Error => {
                    if error.is_some() {
                        return Err(de::Error::duplicate_field("error"));
                    }
                    error = Some(map.next_value_seed(ErrorField)?);
                }
                Field::Message => {
                    if message.is_some() {
                        return Err(de::Error::duplicate_field("message"));
                    }
                    message = Some(map.next_value_seed(MessageField)?);
                }
                Field::Data => {
                    if data_seen {
                        return Err(de::Error::duplicate_field("data"));
                    }
                    data_seen = true;
                    match error {
                        Some(code) if data_is_wanted(code) => data = map.next_value()?,
                        Some(_) => {
                            map.next_value::<IgnoredAny>()?;
                        }
                        None => early_data = Some(map.next_value()?),
                    }
                }
                Field::Other => {
                    map.next_value::<IgnoredAny>()?;
                }
            }
        }
        let error = error.ok_or_else(|| de::Error::missing_field("error"))?;
        if let Some(held) = early_data {
            if data_is_wanted(error) {
                data = Option::<T>::deserialize(BufferedDeserializer::<A::Error>::new(held))?;
            }
        }
        Ok(Response {
            error,
            message: message.unwrap_or_default(),
            data,
        })
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Response<T>, A::Error> {
        // The compact form some formats give a struct: [error, message, data].
        let error = seq
            .next_element_seed(ErrorField)?
            .ok_or_else(|| de::Error::invalid_length(0, &self))?;
        let message = seq.next_element_seed(MessageField)?.unwrap_or_default();
        let data = if data_is_wanted(error) {
            seq.next_element::<Option<T>>()?.flatten()
        } else {
            seq.next_element::<IgnoredAny>()?;
            None
        };
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Response {
            error,
            message,
            data,
        })
    }
}

/// Reads a [`Failure`] as it was stored: its `code`, `message` and
/// `missing_data`, codes this version does not know included. In a
/// human-readable format (JSON) the `code` may also be a string of digits
/// and `message` and `missing_data` may be left out; a binary format (MessagePack, postcard,
/// bincode) reads the three as [`Serialize`] wrote them.
///
/// # Errors
///
/// No `code`, or a `code` that is not an integer that fits `i32`.
impl<'de> Deserialize<'de> for Failure {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // A format that is not self-describing (postcard, bincode) cannot be
        // asked what comes next: it reads exactly what `Serialize` wrote.
        if !deserializer.is_human_readable() {
            #[derive(Deserialize)]
            #[serde(rename = "Failure")]
            struct Exact {
                code: i32,
                message: String,
                missing_data: bool,
            }
            let exact = Exact::deserialize(deserializer)?;
            return Ok(Failure::stored(
                exact.code,
                exact.message,
                exact.missing_data,
            ));
        }
        #[derive(Deserialize)]
        struct Stored {
            #[serde(deserialize_with = "code")]
            code: i32,
            #[serde(default, deserialize_with = "message")]
            message: String,
            #[serde(default)]
            missing_data: bool,
        }
        fn code<'de, D: Deserializer<'de>>(d: D) -> Result<i32, D::Error> {
            ErrorField.deserialize(d)
        }
        fn message<'de, D: Deserializer<'de>>(d: D) -> Result<String, D::Error> {
            MessageField.deserialize(d)
        }
        let stored = Stored::deserialize(deserializer)?;
        Ok(Failure::stored(
            stored.code,
            stored.message,
            stored.missing_data,
        ))
    }
}

/// Writes a [`Failure`] as `{"code": -108, "message": "…", "missing_data": false}`.
impl Serialize for Failure {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        use serde::ser::SerializeStruct;
        let mut state = serializer.serialize_struct("Failure", 3)?;
        state.serialize_field("code", &self.code())?;
        state.serialize_field("message", self.message())?;
        state.serialize_field("missing_data", &self.is_missing_data())?;
        state.end()
    }
}
