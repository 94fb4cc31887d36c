//! serde support: [`ErrorCode`] as its integer, [`Category`], [`Retry`] and
//! [`Scope`] as their CSV spelling.

use core::fmt;

use serde::de::{self, Deserializer, Visitor};
use serde::ser::Serializer;
use serde::{Deserialize, Serialize};

use crate::{Category, ErrorCode, Retry, Scope};

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_i32(self.code())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let code = i32::deserialize(deserializer)?;
        ErrorCode::from_code(code)
            .ok_or_else(|| de::Error::custom(crate::UnknownCode::from_raw(code)))
    }
}

macro_rules! spelled {
    ($name:ident, $expecting:literal) => {
        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(self.as_str())
            }
        }

        impl<'de> Deserialize<'de> for $name {
            fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                struct Spelling;
                impl Visitor<'_> for Spelling {
                    type Value = $name;
                    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                        f.write_str($expecting)
                    }
                    fn visit_str<E: de::Error>(self, text: &str) -> Result<$name, E> {
                        $name::from_spelling(text).ok_or_else(|| {
                            let allowed: Vec<&str> =
                                $name::ALL.iter().map(|v| v.as_str()).collect();
                            E::custom(format_args!(
                                "unknown {} {text:?}, expected one of: {}",
                                $expecting,
                                allowed.join(", ")
                            ))
                        })
                    }
                }
                deserializer.deserialize_str(Spelling)
            }
        }
    };
}

spelled!(Category, "ZNS error category");
spelled!(Retry, "ZNS retry policy");
spelled!(Scope, "ZNS failure scope");
