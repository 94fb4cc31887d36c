//! Reading a stored struct whose fields changed since 0.3: from a map (JSON,
//! MessagePack with names), where 0.3's fields are taken too, or from a
//! sequence (postcard and other formats that are not self-describing),
//! which holds this version's fields in order.

use core::fmt;
use core::marker::PhantomData;

use serde::Deserialize;
use serde::de::value::{MapAccessDeserializer, SeqAccessDeserializer};
use serde::de::{Deserializer, MapAccess, SeqAccess, Visitor};

/// Reads `T` through `Map` from a map, or through `Seq` from a sequence.
pub(super) fn map_or_seq<'de, D, Map, Seq, T>(
    deserializer: D,
    name: &'static str,
    fields: &'static [&'static str],
) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    Map: Deserialize<'de> + Into<T>,
    Seq: Deserialize<'de> + Into<T>,
{
    deserializer.deserialize_struct(name, fields, Either::<Map, Seq, T>(name, PhantomData))
}

struct Either<Map, Seq, T>(&'static str, PhantomData<(Map, Seq, T)>);

impl<'de, Map, Seq, T> Visitor<'de> for Either<Map, Seq, T>
where
    Map: Deserialize<'de> + Into<T>,
    Seq: Deserialize<'de> + Into<T>,
{
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "struct {}", self.0)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        Map::deserialize(MapAccessDeserializer::new(map)).map(Into::into)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        Seq::deserialize(SeqAccessDeserializer::new(seq)).map(Into::into)
    }
}
