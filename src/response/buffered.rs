//! A value held in memory until it can be deserialized: the `data` of a
//! response body that comes before its `error` field, kept until the code
//! says whether `data` must fit the caller's type or be ignored.
//!
//! serde keeps its own such buffer private, and the crate adds no runtime
//! dependency beyond serde, so this is the small part of it a response
//! needs: every value a self-describing format can produce, given back to
//! any `Deserialize` type.

use core::fmt;
use core::marker::PhantomData;

use serde::de::value::{MapDeserializer, SeqDeserializer};
use serde::de::{self, Deserialize, Deserializer, IntoDeserializer, Visitor};

/// A value of any self-describing format.
#[derive(Debug, Clone, PartialEq)]
pub(crate) enum Buffered<'de> {
    Bool(bool),
    U64(u64),
    I64(i64),
    U128(u128),
    I128(i128),
    F64(f64),
    Char(char),
    String(String),
    Str(&'de str),
    Bytes(Vec<u8>),
    BorrowedBytes(&'de [u8]),
    Unit,
    None,
    Some(Box<Buffered<'de>>),
    Newtype(Box<Buffered<'de>>),
    Seq(Vec<Buffered<'de>>),
    Map(Vec<(Buffered<'de>, Buffered<'de>)>),
}

impl<'de> Deserialize<'de> for Buffered<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BufferVisitor)
    }
}

struct BufferVisitor;

impl<'de> Visitor<'de> for BufferVisitor {
    type Value = Buffered<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any value")
    }

    fn visit_bool<E>(self, v: bool) -> Result<Self::Value, E> {
        Ok(Buffered::Bool(v))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Self::Value, E> {
        Ok(Buffered::I64(v))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Self::Value, E> {
        Ok(Buffered::U64(v))
    }
    fn visit_i128<E>(self, v: i128) -> Result<Self::Value, E> {
        Ok(Buffered::I128(v))
    }
    fn visit_u128<E>(self, v: u128) -> Result<Self::Value, E> {
        Ok(Buffered::U128(v))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Self::Value, E> {
        Ok(Buffered::F64(v))
    }
    fn visit_char<E>(self, v: char) -> Result<Self::Value, E> {
        Ok(Buffered::Char(v))
    }
    fn visit_str<E>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Buffered::String(v.to_owned()))
    }
    fn visit_borrowed_str<E>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Buffered::Str(v))
    }
    fn visit_string<E>(self, v: String) -> Result<Self::Value, E> {
        Ok(Buffered::String(v))
    }
    fn visit_bytes<E>(self, v: &[u8]) -> Result<Self::Value, E> {
        Ok(Buffered::Bytes(v.to_vec()))
    }
    fn visit_borrowed_bytes<E>(self, v: &'de [u8]) -> Result<Self::Value, E> {
        Ok(Buffered::BorrowedBytes(v))
    }
    fn visit_byte_buf<E>(self, v: Vec<u8>) -> Result<Self::Value, E> {
        Ok(Buffered::Bytes(v))
    }
    fn visit_unit<E>(self) -> Result<Self::Value, E> {
        Ok(Buffered::Unit)
    }
    fn visit_none<E>(self) -> Result<Self::Value, E> {
        Ok(Buffered::None)
    }
    fn visit_some<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Buffered::deserialize(d).map(|v| Buffered::Some(Box::new(v)))
    }
    fn visit_newtype_struct<D: Deserializer<'de>>(self, d: D) -> Result<Self::Value, D::Error> {
        Buffered::deserialize(d).map(|v| Buffered::Newtype(Box::new(v)))
    }
    fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Self::Value, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Buffered::Seq(items))
    }
    fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Buffered::Map(entries))
    }
    fn visit_enum<A: de::EnumAccess<'de>>(self, _data: A) -> Result<Self::Value, A::Error> {
        // Self-describing formats give enums as strings or maps; a format that
        // gives an enum here is not one `data` can be buffered from.
        Err(de::Error::custom(
            "an enum value cannot be held until the `error` field is read",
        ))
    }
}

/// Gives a buffered value to any `Deserialize` type, with errors of the
/// format's own error type `E`.
pub(crate) struct BufferedDeserializer<'de, E> {
    value: Buffered<'de>,
    error: PhantomData<E>,
}

impl<'de, E> BufferedDeserializer<'de, E> {
    pub(crate) fn new(value: Buffered<'de>) -> Self {
        BufferedDeserializer {
            value,
            error: PhantomData,
        }
    }
}

impl<'de, E: de::Error> IntoDeserializer<'de, E> for Buffered<'de> {
    type Deserializer = BufferedDeserializer<'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        BufferedDeserializer::new(self)
    }
}

impl<'de, E: de::Error> Deserializer<'de> for BufferedDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Buffered::Bool(v) => visitor.visit_bool(v),
            Buffered::U64(v) => visitor.visit_u64(v),
            Buffered::I64(v) => visitor.visit_i64(v),
            Buffered::U128(v) => visitor.visit_u128(v),
            Buffered::I128(v) => visitor.visit_i128(v),
            Buffered::F64(v) => visitor.visit_f64(v),
            Buffered::Char(v) => visitor.visit_char(v),
            Buffered::String(v) => visitor.visit_string(v),
            Buffered::Str(v) => visitor.visit_borrowed_str(v),
            Buffered::Bytes(v) => visitor.visit_byte_buf(v),
            Buffered::BorrowedBytes(v) => visitor.visit_borrowed_bytes(v),
            Buffered::Unit => visitor.visit_unit(),
            Buffered::None => visitor.visit_none(),
            Buffered::Some(v) => visitor.visit_some(BufferedDeserializer::new(*v)),
            Buffered::Newtype(v) => visitor.visit_newtype_struct(BufferedDeserializer::new(*v)),
            Buffered::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Buffered::Map(entries) => {
                let mut map = MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Buffered::None | Buffered::Unit => visitor.visit_none(),
            Buffered::Some(v) => visitor.visit_some(BufferedDeserializer::new(*v)),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.value {
            Buffered::Newtype(v) => visitor.visit_newtype_struct(BufferedDeserializer::new(*v)),
            _ => visitor.visit_newtype_struct(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        name: &'static str,
        variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        // The externally tagged forms of self-describing formats: a unit
        // variant as its name, any other as a map of one entry.
        match self.value {
            Buffered::String(v) => visitor.visit_enum(v.into_deserializer()),
            Buffered::Str(v) => visitor.visit_enum(v.into_deserializer()),
            Buffered::Map(entries) if entries.len() == 1 => {
                let mut map = MapDeserializer::new(entries.into_iter());
                let value = visitor.visit_enum(de::value::MapAccessDeserializer::new(&mut map))?;
                map.end()?;
                Ok(value)
            }
            other => BufferedDeserializer::<E>::new(other).deserialize_any(EnumMismatch {
                name,
                variants,
                value: PhantomData,
            }),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct
        identifier ignored_any
    }
}

/// Turns a value that is not an enum's form into serde's "invalid type" error.
struct EnumMismatch<V> {
    name: &'static str,
    variants: &'static [&'static str],
    value: PhantomData<V>,
}

impl<'de, V> Visitor<'de> for EnumMismatch<V> {
    type Value = V;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "enum {} (one of {:?})", self.name, self.variants)
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::{Buffered, BufferedDeserializer};

    type Error = serde::de::value::Error;

    fn read<'de, T: Deserialize<'de>>(value: Buffered<'de>) -> Result<T, Error> {
        T::deserialize(BufferedDeserializer::<Error>::new(value))
    }

    #[test]
    fn an_option_reads_a_null_a_unit_and_a_some() {
        assert_eq!(read::<Option<u8>>(Buffered::None), Ok(None));
        assert_eq!(read::<Option<u8>>(Buffered::Unit), Ok(None));
        let some = Buffered::Some(Box::new(Buffered::U64(5)));
        assert_eq!(read::<Option<u8>>(some), Ok(Some(5)));
        assert_eq!(read::<Option<u8>>(Buffered::U64(7)), Ok(Some(7)));
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Wrapped(u8);

    #[test]
    fn a_newtype_struct_reads_its_newtype_and_its_plain_value() {
        let newtype = Buffered::Newtype(Box::new(Buffered::U64(5)));
        assert_eq!(read::<Wrapped>(newtype), Ok(Wrapped(5)));
        assert_eq!(read::<Wrapped>(Buffered::U64(6)), Ok(Wrapped(6)));
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Kind {
        Plain,
        Counted(u8),
    }

    #[test]
    fn an_enum_reads_a_name_or_a_map_of_one_entry_and_nothing_else() {
        assert_eq!(
            read::<Kind>(Buffered::String("Plain".into())),
            Ok(Kind::Plain)
        );
        assert_eq!(read::<Kind>(Buffered::Str("Plain")), Ok(Kind::Plain));
        let one = Buffered::Map(vec![(Buffered::Str("Counted"), Buffered::U64(3))]);
        assert_eq!(read::<Kind>(one), Ok(Kind::Counted(3)));
        let two = Buffered::Map(vec![
            (Buffered::Str("Counted"), Buffered::U64(3)),
            (Buffered::Str("Plain"), Buffered::Unit),
        ]);
        let error = read::<Kind>(two).unwrap_err().to_string();
        assert!(
            error.contains(
                "invalid type: map, expected enum Kind (one of [\"Plain\", \"Counted\"])"
            ),
            "{error}"
        );
        let error = read::<Kind>(Buffered::U64(1)).unwrap_err().to_string();
        assert!(error.contains("expected enum Kind"), "{error}");
    }
}
