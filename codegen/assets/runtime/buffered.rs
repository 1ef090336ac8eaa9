//! A JSON value read whole, for a union that must see all of it before it can pick a variant (a
//! tag several variants share, fallbacks tried in turn, an unknown tag).
//!
//! Not a `serde_json::Value`: its strings stay borrowed from the input, and its objects are
//! lists of entries, not maps. Buffered as a `Value`, every key of the object was hashed into an
//! index map and every string copied, then each variant tried read them from there: on the
//! spec's largest example (an `EvalRun`, whose template messages share the tag `message`) the
//! buffered messages were a third of the whole read. The variant reads the entries in their
//! order, as it would from the input (a key sent twice keeps its last value, as in a `Value`);
//! only a value that no variant reads becomes a `Value` (`Unknown`).
//!
//! A variant reads it as it would read a `&Value`: the same visits, and errors with the same
//! messages (a [`ReadError`], whose message is kept only outside a probe: see [`probe`]).

use super::fields::KeySeed;
use serde::de::{Deserialize, DeserializeSeed, Error as _, MapAccess, SeqAccess, Visitor};
use serde_json::Value;
use std::borrow::Cow;
use std::cell::Cell;
use std::fmt;

type Error = ReadError;

/// The error of a read from a [`Buffered`]: its message, which a probe does not keep.
#[derive(Debug)]
pub struct ReadError(Option<Box<str>>);

impl fmt::Display for ReadError {
    fn fmt(&self, f: &mut fmt::Formatter) -> fmt::Result {
        f.write_str(self.0.as_deref().unwrap_or("the value does not read as the variant tried"))
    }
}

impl std::error::Error for ReadError {}

impl serde::de::Error for ReadError {
    fn custom<T: fmt::Display>(message: T) -> Self {
        match PROBING.with(Cell::get) {
            true => ReadError(None),
            false => ReadError(Some(message.to_string().into_boxed_str())),
        }
    }
}

thread_local! {
    static PROBING: Cell<bool> = const { Cell::new(false) };
}

/// Runs `read` as a probe: a union trying one of its variants, which drops the error when the
/// variant does not fit. The errors made meanwhile keep no message, because formatting it (and
/// allocating it) was most of what a wrong variant tried first cost: on the spec's `EvalRun`
/// example, each template message is tried as an `EasyInputMessage` first, and its three errors
/// were 7% of the read. The error a user sees comes from a read outside any probe (the last
/// variant, read again) and says what it always said.
pub(super) fn probe<R>(read: impl FnOnce() -> R) -> R {
    /// Puts the flag back as it was, on return or unwind: a probe may run inside a probe.
    struct Restore(bool);
    impl Drop for Restore {
        fn drop(&mut self) {
            PROBING.with(|probing| probing.set(self.0));
        }
    }
    let _restore = Restore(PROBING.with(|probing| probing.replace(true)));
    read()
}

/// A JSON value read whole; see the module.
#[derive(Clone, Debug, PartialEq)]
pub enum Buffered<'de> {
    Null,
    Bool(bool),
    /// A non-negative integer (as `serde_json` reads one).
    U64(u64),
    /// A negative integer.
    I64(i64),
    F64(f64),
    Str(Cow<'de, str>),
    Seq(Vec<Buffered<'de>>),
    /// An object's entries in the order they came.
    Map(Vec<(Cow<'de, str>, Buffered<'de>)>),
}

impl<'de> Buffered<'de> {
    /// An integer, non-negative as `U64` (a `Value` keeps it so).
    pub fn int(v: i64) -> Self {
        match u64::try_from(v) {
            Ok(v) => Buffered::U64(v),
            Err(_) => Buffered::I64(v),
        }
    }

    /// A float; one that JSON cannot hold is `null`, as in a `Value`.
    pub fn float(v: f64) -> Self {
        if v.is_finite() {
            Buffered::F64(v)
        } else {
            Buffered::Null
        }
    }

    pub fn as_str(&self) -> Option<&str> {
        match self {
            Buffered::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The value of `key` in an object: the last one when the key came twice, as in a `Value`.
    pub fn get(&self, key: &str) -> Option<&Buffered<'de>> {
        match self {
            Buffered::Map(entries) => entries.iter().rev().find(|(k, _)| k == key).map(|(_, value)| value),
            _ => None,
        }
    }
}

impl From<Buffered<'_>> for Value {
    fn from(buffered: Buffered<'_>) -> Value {
        match buffered {
            Buffered::Null => Value::Null,
            Buffered::Bool(v) => Value::Bool(v),
            Buffered::U64(v) => Value::from(v),
            Buffered::I64(v) => Value::from(v),
            Buffered::F64(v) => Value::from(v),
            Buffered::Str(s) => Value::String(s.into_owned()),
            Buffered::Seq(items) => Value::Array(items.into_iter().map(Value::from).collect()),
            // `insert`, as serde_json reads an object: a key sent twice keeps its first place
            // and its last value.
            Buffered::Map(entries) => {
                let mut object = serde_json::Map::with_capacity(entries.len());
                for (key, value) in entries {
                    object.insert(key.into_owned(), Value::from(value));
                }
                Value::Object(object)
            }
        }
    }
}

impl<'de> Deserialize<'de> for Buffered<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BufferedVisitor)
    }
}

struct BufferedVisitor;

impl<'de> Visitor<'de> for BufferedVisitor {
    type Value = Buffered<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> Result<Buffered<'de>, E> {
        Ok(Buffered::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Buffered<'de>, E> {
        Ok(Buffered::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: serde::de::Error>(self, v: String) -> Result<Buffered<'de>, E> {
        Ok(Buffered::Str(Cow::Owned(v)))
    }
    fn visit_bool<E: serde::de::Error>(self, v: bool) -> Result<Buffered<'de>, E> {
        Ok(Buffered::Bool(v))
    }
    fn visit_i64<E: serde::de::Error>(self, v: i64) -> Result<Buffered<'de>, E> {
        Ok(Buffered::int(v))
    }
    fn visit_u64<E: serde::de::Error>(self, v: u64) -> Result<Buffered<'de>, E> {
        Ok(Buffered::U64(v))
    }
    fn visit_f64<E: serde::de::Error>(self, v: f64) -> Result<Buffered<'de>, E> {
        Ok(Buffered::float(v))
    }
    fn visit_unit<E: serde::de::Error>(self) -> Result<Buffered<'de>, E> {
        Ok(Buffered::Null)
    }
    fn visit_none<E: serde::de::Error>(self) -> Result<Buffered<'de>, E> {
        Ok(Buffered::Null)
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Buffered<'de>, D::Error> {
        Buffered::deserialize(deserializer)
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Buffered<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Buffered::Seq(items))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Buffered<'de>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(key) = map.next_key_seed(KeySeed::<Buffered<'static>>::new())? {
            entries.push((key, map.next_value()?));
        }
        Ok(Buffered::Map(entries))
    }
}

/// Reads a variant from the buffered value, as from a `&Value`.
impl<'de> serde::Deserializer<'de> for &Buffered<'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Null => visitor.visit_unit(),
            Buffered::Bool(v) => visitor.visit_bool(*v),
            Buffered::U64(v) => visitor.visit_u64(*v),
            Buffered::I64(v) => visitor.visit_i64(*v),
            Buffered::F64(v) => visitor.visit_f64(*v),
            Buffered::Str(s) => CowStr(s).deserialize_any(visitor),
            Buffered::Seq(items) => {
                let mut access = Items(items.iter());
                let read = visitor.visit_seq(&mut access)?;
                match access.0.len() {
                    0 => Ok(read),
                    _ => Err(Error::invalid_length(items.len(), &"fewer elements in array")),
                }
            }
            Buffered::Map(entries) => {
                let mut access = Entries { entries: entries.iter(), value: None };
                let read = visitor.visit_map(&mut access)?;
                match access.entries.len() {
                    0 => Ok(read),
                    _ => Err(Error::invalid_length(entries.len(), &"fewer elements in map")),
                }
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(self, _name: &'static str, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_enum<V: Visitor<'de>>(self, name: &'static str, variants: &'static [&'static str], visitor: V) -> Result<V::Value, Error> {
        match self {
            Buffered::Str(s) => visitor.visit_enum(serde::de::value::StrDeserializer::<Error>::new(s)),
            // An enum as an object of one entry: rare enough to read as a `Value` does.
            other => serde::Deserializer::deserialize_enum(Value::from(other.clone()), name, variants, visitor).map_err(Error::custom),
        }
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

/// A buffered string: borrowed from the input for the input's lifetime when it was.
struct CowStr<'a, 'de>(&'a Cow<'de, str>);

impl<'de> serde::Deserializer<'de> for CowStr<'_, 'de> {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0 {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_str(s),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

struct Items<'a, 'de>(std::slice::Iter<'a, Buffered<'de>>);

impl<'de> SeqAccess<'de> for Items<'_, 'de> {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(&mut self, seed: T) -> Result<Option<T::Value>, Error> {
        self.0.next().map(|item| seed.deserialize(item)).transpose()
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.0.len())
    }
}

struct Entries<'a, 'de> {
    entries: std::slice::Iter<'a, (Cow<'de, str>, Buffered<'de>)>,
    value: Option<&'a Buffered<'de>>,
}

impl<'de> MapAccess<'de> for Entries<'_, 'de> {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, Error> {
        match self.entries.next() {
            Some((key, value)) => {
                self.value = Some(value);
                seed.deserialize(CowStr(key)).map(Some)
            }
            None => Ok(None),
        }
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        match self.value.take() {
            Some(value) => seed.deserialize(value),
            None => Err(Error::custom("value is missing")),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.entries.len())
    }
}
