//! Tagged unions: the variant is chosen from the tags read first, and the object streams into it.

use super::buffered::Buffered;
use super::fields::{lenient_reads, set_lenient_reads, KeySeed};
use super::store::{self, Entry, ReadInto};
use serde::de::{Deserialize, Error};
use std::borrow::Cow;

/// The string value of `key` in a JSON object.
pub fn tag<'v>(value: &'v Buffered<'_>, key: &str) -> Option<&'v str> {
    value.get(key)?.as_str()
}

/// Deserializes a variant from the buffered object.
pub fn variant<'de, T: Deserialize<'de>, E: Error>(value: &Buffered<'de>) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

pub fn missing<E: Error>(key: &str, union: &str) -> E {
    E::custom(format_args!("{union}: the object has no string `{key}` to tell which variant it is"))
}

pub fn unknown<E: Error>(key: &str, tag: Option<&str>, union: &str) -> E {
    match tag {
        Some(tag) => E::custom(format_args!("{union}: unknown `{key}` value {tag:?}")),
        None => missing(key, union),
    }
}

/// A union that picks its variant from tag properties (`type`, or `type` then `role`).
///
/// Deserialization reads the object's entries only until the tags are found, then hands the
/// variant a map that replays those entries and streams the rest: no buffering of the whole
/// object when the tags name one variant. When they do not (no tag, an unknown tag, or a tag
/// several variants share), the object is buffered (a [`Buffered`]) and [`Tagged::from_value`]
/// decides.
pub trait Tagged: Sized {
    /// The tag properties, most significant first.
    const KEYS: &'static [&'static str];
    /// Whether the first tag's value needs the second tag to name a variant.
    fn needs_second(first: Option<&str>) -> bool;
    /// The variant the tags name, when they name exactly one (an index for [`Tagged::variant`]).
    fn streamed(tags: &[Option<&str>]) -> Option<usize>;
    /// Deserializes the variant [`Tagged::streamed`] chose.
    fn variant<'de, D: serde::Deserializer<'de>>(index: usize, object: D) -> Result<Self, D::Error>;
    /// Decides from the whole object, buffered: shared tags, fallbacks, unknown tags.
    fn from_value<E: Error>(value: Buffered<'_>) -> Result<Self, E>;
    /// Reads a string, number or bool (no tag to read) into the one fallback variant that reads
    /// that kind of JSON, when only one does; `None` when several or none do. What it cannot
    /// read goes to [`Tagged::from_value`], as when it is not tried: the scalar is at hand.
    #[inline]
    fn scalar<'de, D: serde::Deserializer<'de>>(_kind: Scalar, _value: D) -> Option<Result<Self, D::Error>> {
        None
    }
}

/// The kind of a JSON value that is neither an object, an array nor `null`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Scalar {
    Str,
    Int,
    Float,
    Bool,
}

/// Deserializes a tagged union; see [`Tagged`].
pub fn tagged<'de, T: Tagged, D: serde::Deserializer<'de>>(deserializer: D) -> Result<T, D::Error> {
    store::read(deserializer, TaggedVisitor(std::marker::PhantomData), Entry::Any)
}

/// [`tagged`] into a slot of the caller's: the union's [`ReadInto`].
#[inline]
pub fn tagged_into<'de, T: Tagged, D: serde::Deserializer<'de>>(deserializer: D, slot: &mut Option<T>) -> Result<(), D::Error> {
    store::read_into(deserializer, TaggedVisitor(std::marker::PhantomData), Entry::Any, slot)
}

struct TaggedVisitor<T>(std::marker::PhantomData<T>);

impl<T: Tagged> TaggedVisitor<T> {
    fn value<E: Error>(value: Buffered<'_>) -> Result<T, E> {
        T::from_value(value)
    }

    /// A scalar into the one fallback variant that reads its kind; else, or when that variant
    /// fails on it (its lenient reads undone), buffered for [`Tagged::from_value`].
    fn scalar<'de, D: serde::Deserializer<'de>>(kind: Scalar, from: D, value: impl FnOnce() -> Buffered<'de>) -> Result<T, D::Error> {
        let start = lenient_reads();
        match T::scalar(kind, from) {
            Some(Ok(read)) => Ok(read),
            Some(Err(_)) => {
                set_lenient_reads(start);
                Self::value(value())
            }
            None => Self::value(value()),
        }
    }
}

/// The most tag properties a union reads (`type`, then `role`).
const MAX_KEYS: usize = 2;

impl<'de, T: Tagged> serde::de::Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("one of the union's variants")
    }

    #[inline]
    fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        let keys = &T::KEYS[..T::KEYS.len().min(MAX_KEYS)];
        // Where in `seen` each tag's value is.
        let mut found: [Option<usize>; MAX_KEYS] = [None; MAX_KEYS];
        let mut seen = Seen::new();
        let mut exhausted = false;
        loop {
            let wanted = match found[0] {
                None => true,
                Some(first) => keys.len() > 1 && found[1].is_none() && T::needs_second(seen.get(first).and_then(Buffered::as_str)),
            };
            if !wanted {
                break;
            }
            let Some(key) = map.next_key_seed(KeySeed::<T>::new())? else {
                exhausted = true;
                break;
            };
            let value: Buffered<'de> = map.next_value()?;
            if let Some(index) = keys.iter().position(|k| *k == key) {
                found[index] = Some(seen.len());
            }
            seen.push((key, value));
        }
        let mut tags: [Option<&str>; MAX_KEYS] = [None; MAX_KEYS];
        for (tag, place) in tags.iter_mut().zip(found) {
            *tag = place.and_then(|i| seen.get(i)?.as_str());
        }
        let tags = &tags[..keys.len()];
        if let Some(index) = T::streamed(tags) {
            let rest = if exhausted { None } else { Some(map) };
            let replay = Replay { seen: seen.into_iter(), value: None, rest };
            return T::variant(index, ReplayDeserializer(replay));
        }
        let mut entries: Vec<_> = seen.into_iter().collect();
        if !exhausted {
            while let Some(key) = map.next_key_seed(KeySeed::<T>::new())? {
                entries.push((key, map.next_value()?));
            }
        }
        Self::value(Buffered::Map(entries))
    }

    // A scalar goes to the one fallback variant that reads its kind, buffered only when it
    // fails there (or no variant alone reads it), so the decision is the one `from_value` makes.
    fn visit_bool<E: Error>(self, v: bool) -> Result<T, E> {
        Self::scalar(Scalar::Bool, serde::de::value::BoolDeserializer::<E>::new(v), || Buffered::Bool(v))
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        Self::scalar(Scalar::Int, serde::de::value::I64Deserializer::<E>::new(v), || Buffered::int(v))
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        Self::scalar(Scalar::Int, serde::de::value::U64Deserializer::<E>::new(v), || Buffered::U64(v))
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<T, E> {
        Self::scalar(Scalar::Float, serde::de::value::F64Deserializer::<E>::new(v), || Buffered::float(v))
    }
    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<T, E> {
        Self::scalar(Scalar::Str, serde::de::value::BorrowedStrDeserializer::<E>::new(v), || Buffered::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        Self::scalar(Scalar::Str, serde::de::value::StrDeserializer::<E>::new(v), || Buffered::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_unit<E: Error>(self) -> Result<T, E> {
        Self::value(Buffered::Null)
    }
    fn visit_none<E: Error>(self) -> Result<T, E> {
        Self::value(Buffered::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        Self::value(Buffered::deserialize(serde::de::value::SeqAccessDeserializer::new(seq))?)
    }
}

/// An entry of the object, its key and value.
type Pair<'de> = (Cow<'de, str>, Buffered<'de>);

/// How many entries before the tags are kept in place: a realtime event sends its `event_id`
/// then its `type`, a conversation item its `id`, `object` and `type`.
const IN_PLACE: usize = 3;

/// The entries read while looking for the tags, in order: the first [`IN_PLACE`] kept in place,
/// so that the common read allocates nothing (a `Vec` was a `malloc` and a `free` per event of
/// a realtime session).
struct Seen<'de> {
    in_place: [Option<Pair<'de>>; IN_PLACE],
    len: usize,
    more: Vec<Pair<'de>>,
}

impl<'de> Seen<'de> {
    #[inline(always)]
    fn new() -> Self {
        Seen { in_place: [const { None }; IN_PLACE], len: 0, more: Vec::new() }
    }

    #[inline(always)]
    fn len(&self) -> usize {
        self.len
    }

    #[inline(always)]
    fn push(&mut self, entry: Pair<'de>) {
        match self.in_place.get_mut(self.len) {
            Some(slot) => *slot = Some(entry),
            None => self.more.push(entry),
        }
        self.len += 1;
    }

    /// The value of entry `index`.
    #[inline(always)]
    fn get(&self, index: usize) -> Option<&Buffered<'de>> {
        match self.in_place.get(index) {
            Some(slot) => slot.as_ref().map(|(_, value)| value),
            None => self.more.get(index - IN_PLACE).map(|(_, value)| value),
        }
    }

    #[inline(always)]
    fn into_iter(self) -> SeenIter<'de> {
        SeenIter { in_place: self.in_place.into_iter(), more: self.more.into_iter() }
    }
}

struct SeenIter<'de> {
    in_place: std::array::IntoIter<Option<Pair<'de>>, IN_PLACE>,
    more: std::vec::IntoIter<Pair<'de>>,
}

impl<'de> Iterator for SeenIter<'de> {
    type Item = Pair<'de>;

    #[inline(always)]
    fn next(&mut self) -> Option<Pair<'de>> {
        // The slots after the last entry are empty, and then `more` is too.
        match self.in_place.next() {
            Some(Some(entry)) => Some(entry),
            _ => self.more.next(),
        }
    }
}

/// The entries read while looking for the tags, then the rest of the object as it streams.
struct Replay<'de, A> {
    seen: SeenIter<'de>,
    value: Option<Buffered<'de>>,
    rest: Option<A>,
}

// Inline: a variant struct reads its keys and values through the replay, so each of them
// (every key and value of a realtime event: its `event_id` comes before its `type`) was one
// call more. Inlined, a voice session takes 4% fewer instructions.
impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    // Always: a struct's read grown by a few instructions (presence) left it a call otherwise.
    #[inline(always)]
    fn next_key_seed<K: serde::de::DeserializeSeed<'de>>(&mut self, seed: K) -> Result<Option<K::Value>, A::Error> {
        if let Some((key, value)) = self.seen.next() {
            self.value = Some(value);
            return seed.deserialize(str_deserializer::<A::Error>(key)).map(Some);
        }
        match &mut self.rest {
            Some(rest) => rest.next_key_seed(seed),
            None => Ok(None),
        }
    }

    #[inline]
    fn next_value_seed<V: serde::de::DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match (self.value.take(), &mut self.rest) {
            (Some(Buffered::Str(s)), _) => seed.deserialize(str_deserializer::<A::Error>(s)),
            (Some(value), _) => seed.deserialize(&value).map_err(A::Error::custom),
            (None, Some(rest)) => rest.next_value_seed(seed),
            (None, None) => Err(A::Error::custom("a value without a key")),
        }
    }
}

/// The replay as a deserializer of one object.
struct ReplayDeserializer<'de, A>(Replay<'de, A>);

impl<'de, A: serde::de::MapAccess<'de>> serde::Deserializer<'de> for ReplayDeserializer<'de, A> {
    type Error = A::Error;

    #[inline]
    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self.0)
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

/// A string that deserializes as borrowed from the input when it was.
pub(super) fn str_deserializer<'de, E: Error>(s: Cow<'de, str>) -> StrDeserializer<'de, E> {
    StrDeserializer(s, std::marker::PhantomData)
}

pub(super) struct StrDeserializer<'de, E>(Cow<'de, str>, std::marker::PhantomData<E>);

impl<'de, E: Error> serde::Deserializer<'de> for StrDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.0 {
            Cow::Borrowed(s) => visitor.visit_borrowed_str(s),
            Cow::Owned(s) => visitor.visit_string(s),
        }
    }

    /// A string present is `Some`, as a JSON reader would say.
    fn deserialize_option<V: serde::de::Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_some(self)
    }

    fn deserialize_enum<V: serde::de::Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.0 {
            Cow::Borrowed(s) => visitor.visit_enum(serde::de::value::BorrowedStrDeserializer::new(s)),
            Cow::Owned(s) => visitor.visit_enum(serde::de::value::StringDeserializer::new(s)),
        }
    }

    serde::forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct newtype_struct seq tuple
        tuple_struct map struct identifier ignored_any
    }
}
