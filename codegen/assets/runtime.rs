//! Helpers of the generated serde impls (structs, tagged unions, string and integer enums, constants). Not part of the crate's API.
// Not every spec's types need every helper.
#![allow(dead_code, unused_macros, unused_imports)]

use serde::de::{Deserialize, Error};
use std::borrow::Cow;
use serde_json::Value;

/// The string value of `key` in a JSON object.
pub fn tag<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key)?.as_str()
}

/// Deserializes a variant from the buffered object.
pub fn variant<'v, T: Deserialize<'v>, E: Error>(value: &'v Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// Deserializes a variant if the object fits it.
pub fn attempt<'v, T: Deserialize<'v>>(value: &'v Value) -> Option<T> {
    T::deserialize(value).ok()
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
/// several variants share), the object is buffered and [`Tagged::from_value`] decides.
pub trait Tagged: Sized {
    /// The tag properties, most significant first.
    const KEYS: &'static [&'static str];
    /// Whether the first tag's value needs the second tag to name a variant.
    fn needs_second(first: Option<&str>) -> bool;
    /// The variant the tags name, when they name exactly one (an index for [`Tagged::variant`]).
    fn streamed(tags: &[Option<&str>]) -> Option<usize>;
    /// Deserializes the variant [`Tagged::streamed`] chose.
    fn variant<'de, D: serde::Deserializer<'de>>(index: usize, object: D) -> Result<Self, D::Error>;
    /// Decides from the whole object: shared tags, fallbacks, unknown tags.
    fn from_value<E: Error>(value: Value) -> Result<Self, E>;
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
    fn value<E: Error>(value: Value) -> Result<T, E> {
        T::from_value(value)
    }

    /// A scalar into the one fallback variant that reads its kind; else, or when that variant
    /// fails on it (its lenient reads undone), buffered for [`Tagged::from_value`].
    fn scalar<'de, D: serde::Deserializer<'de>>(kind: Scalar, from: D, value: impl FnOnce() -> Value) -> Result<T, D::Error> {
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

/// A value read while looking for the tags: a string stays borrowed from the input when it can.
enum Read<'de> {
    Str(Cow<'de, str>),
    Value(Value),
}

impl Read<'_> {
    fn as_str(&self) -> Option<&str> {
        match self {
            Read::Str(s) => Some(s),
            Read::Value(value) => value.as_str(),
        }
    }

    fn into_value(self) -> Value {
        match self {
            Read::Str(s) => Value::String(s.into_owned()),
            Read::Value(value) => value,
        }
    }
}

impl<'de> Deserialize<'de> for Read<'de> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(ReadVisitor)
    }
}

struct ReadVisitor;

impl<'de> serde::de::Visitor<'de> for ReadVisitor {
    type Value = Read<'de>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Read<'de>, E> {
        Ok(Read::Str(Cow::Borrowed(v)))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<Read<'de>, E> {
        Ok(Read::Str(Cow::Owned(v.to_owned())))
    }
    fn visit_string<E: Error>(self, v: String) -> Result<Read<'de>, E> {
        Ok(Read::Str(Cow::Owned(v)))
    }
    fn visit_bool<E: Error>(self, v: bool) -> Result<Read<'de>, E> {
        Ok(Read::Value(Value::Bool(v)))
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<Read<'de>, E> {
        Ok(Read::Value(Value::from(v)))
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<Read<'de>, E> {
        Ok(Read::Value(Value::from(v)))
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<Read<'de>, E> {
        Ok(Read::Value(Value::from(v)))
    }
    fn visit_unit<E: Error>(self) -> Result<Read<'de>, E> {
        Ok(Read::Value(Value::Null))
    }
    fn visit_none<E: Error>(self) -> Result<Read<'de>, E> {
        Ok(Read::Value(Value::Null))
    }
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Read<'de>, D::Error> {
        Value::deserialize(deserializer).map(Read::Value)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> Result<Read<'de>, A::Error> {
        Value::deserialize(serde::de::value::SeqAccessDeserializer::new(seq)).map(Read::Value)
    }
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<Read<'de>, A::Error> {
        Value::deserialize(serde::de::value::MapAccessDeserializer::new(map)).map(Read::Value)
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
        let mut seen: Vec<(Cow<'de, str>, Read<'de>)> = Vec::new();
        let mut exhausted = false;
        loop {
            let wanted = match found[0] {
                None => true,
                Some(first) => keys.len() > 1 && found[1].is_none() && T::needs_second(seen[first].1.as_str()),
            };
            if !wanted {
                break;
            }
            let Some(key) = map.next_key_seed(KeySeed::<T>::new())? else {
                exhausted = true;
                break;
            };
            let value: Read<'de> = map.next_value()?;
            if let Some(index) = keys.iter().position(|k| *k == key) {
                found[index] = Some(seen.len());
            }
            seen.push((key, value));
        }
        let mut tags: [Option<&str>; MAX_KEYS] = [None; MAX_KEYS];
        for (tag, place) in tags.iter_mut().zip(found) {
            *tag = place.and_then(|i| seen[i].1.as_str());
        }
        let tags = &tags[..keys.len()];
        if let Some(index) = T::streamed(tags) {
            let rest = if exhausted { None } else { Some(map) };
            let replay = Replay { seen: seen.into_iter(), value: None, rest };
            return T::variant(index, ReplayDeserializer(replay));
        }
        let mut object = serde_json::Map::new();
        object.extend(seen.into_iter().map(|(key, value)| (key.into_owned(), value.into_value())));
        if !exhausted {
            while let Some((key, value)) = map.next_entry::<String, Value>()? {
                object.insert(key, value);
            }
        }
        Self::value(Value::Object(object))
    }

    // A scalar goes to the one fallback variant that reads its kind, buffered only when it
    // fails there (or no variant alone reads it), so the decision is the one `from_value` makes.
    fn visit_bool<E: Error>(self, v: bool) -> Result<T, E> {
        Self::scalar(Scalar::Bool, serde::de::value::BoolDeserializer::<E>::new(v), || Value::Bool(v))
    }
    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        Self::scalar(Scalar::Int, serde::de::value::I64Deserializer::<E>::new(v), || Value::from(v))
    }
    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        Self::scalar(Scalar::Int, serde::de::value::U64Deserializer::<E>::new(v), || Value::from(v))
    }
    fn visit_f64<E: Error>(self, v: f64) -> Result<T, E> {
        Self::scalar(Scalar::Float, serde::de::value::F64Deserializer::<E>::new(v), || Value::from(v))
    }
    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<T, E> {
        Self::scalar(Scalar::Str, serde::de::value::BorrowedStrDeserializer::<E>::new(v), || Value::from(v))
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        Self::scalar(Scalar::Str, serde::de::value::StrDeserializer::<E>::new(v), || Value::from(v))
    }
    fn visit_unit<E: Error>(self) -> Result<T, E> {
        Self::value(Value::Null)
    }
    fn visit_none<E: Error>(self) -> Result<T, E> {
        Self::value(Value::Null)
    }
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<T, A::Error> {
        let mut items = Vec::new();
        while let Some(item) = seq.next_element::<Value>()? {
            items.push(item);
        }
        Self::value(Value::Array(items))
    }
}

/// Reads a key as a string borrowed from the input when it can: a key of the struct or union
/// `T`. A type of its own per `T`, so serde_json's `next_key_seed` is one function per struct
/// with one caller, which the compiler inlines into that struct's `visit_map` (marked
/// `#[inline]`, as serde's derive marks its own). A shared seed and an out-of-line `visit_map`
/// cost a call per key and per object: 5% of the instructions of reading a `response.done` event.
pub struct KeySeed<T>(std::marker::PhantomData<fn() -> T>);

impl<T> KeySeed<T> {
    #[inline(always)]
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        KeySeed(std::marker::PhantomData)
    }
}

impl<'de, T> serde::de::DeserializeSeed<'de> for KeySeed<T> {
    type Value = Cow<'de, str>;

    #[inline(always)]
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Cow<'de, str>, D::Error> {
        deserializer.deserialize_str(StringVisitor)
    }
}

/// Reads a field's value `T`. A type of its own per field, as [`KeySeed`] is per struct: `F` is
/// the type of a closure written at the field's read (`Plain::new(|| ())`), and every closure
/// has a type of its own. `next_value_seed` is then one function per field, with one caller,
/// which the compiler inlines into a struct read straight from serde_json (1.2% fewer
/// instructions on a chat completion); shared (`next_value::<i64>` for every integer field of
/// the crate), it stayed one out-of-line call per field.
pub struct Plain<T, F>(std::marker::PhantomData<fn() -> T>, std::marker::PhantomData<F>);

impl<T, F: Fn()> Plain<T, F> {
    #[inline(always)]
    pub fn new(_field: F) -> Self {
        Plain(std::marker::PhantomData, std::marker::PhantomData)
    }
}

impl<'de, T: Deserialize<'de>, F> serde::de::DeserializeSeed<'de> for Plain<T, F> {
    type Value = T;

    #[inline(always)]
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<T, D::Error> {
        T::deserialize(deserializer)
    }
}

/// Reads an `Option<T>` field's value (`null` is `None`) as serde's `Option` impl does, but
/// inlined into the struct's `visit_map`: serde's own is one out-of-line call per field. One
/// type per field, as [`Plain`] is.
pub struct Nullable<T, F>(std::marker::PhantomData<fn() -> T>, std::marker::PhantomData<F>);

impl<T, F: Fn()> Nullable<T, F> {
    #[inline(always)]
    pub fn new(_field: F) -> Self {
        Nullable(std::marker::PhantomData, std::marker::PhantomData)
    }
}

impl<'de, T: Deserialize<'de>, F> serde::de::DeserializeSeed<'de> for Nullable<T, F> {
    type Value = Option<T>;

    #[inline(always)]
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Deserialize<'de>, F> serde::de::Visitor<'de> for Nullable<T, F> {
    type Value = Option<T>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("option")
    }

    #[inline]
    fn visit_unit<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    #[inline]
    fn visit_none<E: Error>(self) -> Result<Option<T>, E> {
        Ok(None)
    }

    #[inline]
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Option<T>, D::Error> {
        T::deserialize(deserializer).map(Some)
    }
}

/// The entries read while looking for the tags, then the rest of the object as it streams.
struct Replay<'de, A> {
    seen: std::vec::IntoIter<(Cow<'de, str>, Read<'de>)>,
    value: Option<Read<'de>>,
    rest: Option<A>,
}

// Inline: a variant struct reads its keys and values through the replay, so each of them
// (every key and value of a realtime event: its `event_id` comes before its `type`) was one
// call more. Inlined, a voice session takes 4% fewer instructions.
impl<'de, A: serde::de::MapAccess<'de>> serde::de::MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    #[inline]
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
            (Some(Read::Str(s)), _) => seed.deserialize(str_deserializer::<A::Error>(s)),
            (Some(Read::Value(value)), _) => seed.deserialize(value).map_err(A::Error::custom),
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
fn str_deserializer<'de, E: Error>(s: Cow<'de, str>) -> StrDeserializer<'de, E> {
    StrDeserializer(s, std::marker::PhantomData)
}

struct StrDeserializer<'de, E>(Cow<'de, str>, std::marker::PhantomData<E>);

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

/// A string, borrowed from the input when the format allows it (string enums match on it).
pub fn string<'de, D: serde::Deserializer<'de>>(deserializer: D) -> Result<Cow<'de, str>, D::Error> {
    deserializer.deserialize_str(StringVisitor)
}

struct StringVisitor;

impl<'de> serde::de::Visitor<'de> for StringVisitor {
    type Value = Cow<'de, str>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a string")
    }
    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Self::Value, E> {
        Ok(Cow::Borrowed(v))
    }
    // Out of line: a string with an escape is rare, and its allocation inlined made every key
    // read too large to inline into a struct's loop.
    #[cold]
    #[inline(never)]
    fn visit_str<E: Error>(self, v: &str) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v.to_owned()))
    }
    fn visit_string<E: Error>(self, v: String) -> Result<Self::Value, E> {
        Ok(Cow::Owned(v))
    }
}

/// Exactly the string `expected` (a constant).
pub fn exactly<'de, D: serde::Deserializer<'de>>(deserializer: D, expected: &'static str) -> Result<(), D::Error> {
    deserializer.deserialize_str(ConstantVisitor(expected))
}

struct ConstantVisitor(&'static str);

impl serde::de::Visitor<'_> for ConstantVisitor {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        write!(f, "`{}`", self.0)
    }
    fn visit_str<E: Error>(self, v: &str) -> Result<(), E> {
        if v == self.0 {
            Ok(())
        } else {
            Err(E::invalid_value(serde::de::Unexpected::Str(v), &self))
        }
    }
}

// Lenient reading (`Config::lenient`): a required field that is absent or `null` reads as its
// type's default. Each such read is counted on the thread, so a union that tries its variants
// can prefer one that reads the value without leniency (as a validating SDK tries strictly
// first), and fall back to the first that reads it at all.

thread_local! {
    static LENIENT_READS: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Counts one lenient read on this thread.
pub fn note_lenient() {
    LENIENT_READS.with(|count| count.set(count.get().wrapping_add(1)));
}

fn lenient_reads() -> usize {
    LENIENT_READS.with(std::cell::Cell::get)
}

fn set_lenient_reads(value: usize) {
    LENIENT_READS.with(|count| count.set(value));
}

/// The value of a required field the payload left out: its type's default.
pub fn absent<T: Default>() -> T {
    note_lenient();
    T::default()
}

/// A required field that is not nullable, read as its type's default when it is `null`.
pub fn or_default<'de, D: serde::Deserializer<'de>, T: Deserialize<'de> + Default>(deserializer: D) -> Result<T, D::Error> {
    Ok(match Option::<T>::deserialize(deserializer)? {
        Some(value) => value,
        None => absent(),
    })
}

mod store;
pub use store::{read, read_into, Entry, InSlot, NullableInSlot, ReadInto};
mod unknown_fields;
pub use unknown_fields::{Entries, UnknownFields};

/// Reads the value of a key the struct does not declare into its map (a function, not a method
/// call, so the map's type can be inferred from the struct's field).
pub fn keep<'de, M: Entries, A: serde::de::MapAccess<'de>>(map: &mut M, key: Cow<'de, str>, access: &mut A) -> Result<(), A::Error>
where
    M::Value: Deserialize<'de>,
{
    let value = access.next_value()?;
    map.put(key, value);
    Ok(())
}

/// `Deserialize` of a struct, from its fields with their JSON names and kinds, then what takes
/// the other keys: `keep extra` (the unknown-field map, or the map of `additionalProperties`)
/// or `skip`. Each known field streams into its slot as its key comes and each other key goes
/// to the map: nothing is buffered, where serde's `flatten` collects every entry of the object
/// before it builds the struct. A key read twice keeps its last value.
///
/// The kinds: `optional` (an `Option`: absent or `null` is `None`), `required` (absent is
/// serde's "missing field" error), `lenient` (absent or `null` reads as its type's default, a
/// lenient read), `any` (a JSON value, where `null` is a value; absent reads as `Null`, a lenient
/// read). The slots' types are inferred from the struct's fields.
macro_rules! deserialize_struct {
    ($name:ident { $($field:ident $wire:literal $kind:ident $($slot:ident)?),* $(,)? } $rest:ident $($map:ident)?) => {
        const _: () = {
            // Not `Visitor`: a struct of that name would be shadowed here.
            struct __Visitor;
            impl<'de> serde::de::Visitor<'de> for __Visitor {
                type Value = $name;
                fn expecting(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
                    f.write_str(concat!("struct ", stringify!($name)))
                }
                // Inlined into serde_json's `deserialize_map`, as serde's derive does: one call
                // less per object, and the key reads inline into the loop.
                #[inline]
                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> ::core::result::Result<$name, A::Error> {
                    $(let mut $field = ::core::option::Option::None;)*
                    $(let mut $map = ::core::default::Default::default();)?
                    while let ::core::option::Option::Some(key) = map.next_key_seed($crate::__runtime::KeySeed::<$name>::new())? {
                        match &*key {
                            $($wire => $crate::__runtime::deserialize_struct!(@read $kind $($slot)? $field map),)*
                            _ => $crate::__runtime::deserialize_struct!(@other $rest $($map)? key map),
                        }
                    }
                    ::core::result::Result::Ok($name {
                        $($field: $crate::__runtime::deserialize_struct!(@finish $kind $field $wire A),)*
                        $($map: $crate::__runtime::Entries::finish($map),)?
                    })
                }
            }
            // Inline, so that a read through a union's replay stays in serde_json's codegen
            // unit, where its `next_key_seed` and `next_value_seed` can inline into the loop.
            impl<'de> serde::Deserialize<'de> for $name {
                #[inline]
                fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                    $crate::__runtime::read(deserializer, __Visitor, $crate::__runtime::Entry::Map)
                }
            }
            impl<'de> $crate::__runtime::ReadInto<'de> for $name {
                #[inline]
                fn read_into<D: serde::Deserializer<'de>>(deserializer: D, slot: &mut ::core::option::Option<Self>) -> ::core::result::Result<(), D::Error> {
                    $crate::__runtime::read_into(deserializer, __Visitor, $crate::__runtime::Entry::Map, slot)
                }
            }
        };
    };
    (@read optional $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::Nullable::new(|| ()))? };
    (@read required $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    (@read any $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    // `null` leaves the slot empty, so it reads as absent does (the default, one lenient read):
    // no `Option<T>` to unwrap and wrap again, which for a large `T` is two copies of it.
    (@read lenient $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::Nullable::new(|| ()))? };
    // A generated struct or tagged union (`in_slot`): read into its slot, not returned.
    (@read optional in_slot $field:ident $access:ident) => { $access.next_value_seed($crate::__runtime::NullableInSlot::new(&mut $field, || ()))? };
    (@read required in_slot $field:ident $access:ident) => { $access.next_value_seed($crate::__runtime::InSlot::new(&mut $field, || ()))? };
    (@read lenient in_slot $field:ident $access:ident) => { $access.next_value_seed($crate::__runtime::NullableInSlot::new(&mut $field, || ()))? };
    (@other keep $map:ident $key:ident $access:ident) => {
        $crate::__runtime::keep(&mut $map, $key, &mut $access)?
    };
    (@other skip $key:ident $access:ident) => {
        ::core::mem::drop($access.next_value::<serde::de::IgnoredAny>()?)
    };
    (@finish optional $field:ident $wire:literal $access:ident) => { $field };
    (@finish required $field:ident $wire:literal $access:ident) => {
        match $field {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => return ::core::result::Result::Err(<$access::Error as serde::de::Error>::missing_field($wire)),
        }
    };
    (@finish any $field:ident $wire:literal $access:ident) => { $field.unwrap_or_else($crate::__runtime::absent) };
    (@finish lenient $field:ident $wire:literal $access:ident) => { $field.unwrap_or_else($crate::__runtime::absent) };
}
pub(crate) use deserialize_struct;

/// Tries the variants of a union in order: the first that reads the value without leniency
/// wins; else the first that reads it at all.
pub struct Choice<T> {
    start: usize,
    lenient: Option<(T, usize)>,
}

impl<T> Choice<T> {
    #[allow(clippy::new_without_default)]
    pub fn new() -> Self {
        Choice { start: lenient_reads(), lenient: None }
    }

    /// Reads `value` as one variant: `Some` when it reads without leniency (the answer).
    pub fn attempt<'v, V: Deserialize<'v>>(&mut self, value: &'v Value, variant: impl FnOnce(V) -> T) -> Option<T> {
        set_lenient_reads(self.start);
        let read = V::deserialize(value);
        let used = lenient_reads().wrapping_sub(self.start);
        set_lenient_reads(self.start);
        match read {
            Ok(read) if used == 0 => Some(variant(read)),
            Ok(read) => {
                if self.lenient.is_none() {
                    self.lenient = Some((variant(read), used));
                }
                None
            }
            Err(_) => None,
        }
    }

    /// The first variant that read the value leniently, if any; its lenient reads count.
    pub fn lenient(self) -> Option<T> {
        let (read, used) = self.lenient?;
        set_lenient_reads(self.start.wrapping_add(used));
        Some(read)
    }
}

/// The error when no variant of an untagged union reads the value (serde's words).
pub fn no_variant<E: Error>(union: &str) -> E {
    E::custom(format_args!("data did not match any variant of untagged enum {union}"))
}

/// `Deserialize` of an untagged union. The value streams into the one variant that reads its
/// kind of JSON (a string, a number, an array, an object...) when there is one: `text "..."` or
/// `parts [...]` goes straight to its variant, nothing buffered. A kind that several variants
/// could read (or none: `-`) is buffered into a `Value`, then a constant string names its unit
/// variant, else each variant is tried in order with a [`Choice`]. The other variants could not
/// have read a value of that kind, so both ways pick the same variant.
macro_rules! untagged {
    ($name:ident, [$($unit:ident($wire:literal)),*], [$($variant:ident),*],
     str $str:tt, int $int:tt, float $float:tt, bool $bool:tt, seq $seq:tt, map $map:tt) => {
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #[allow(unused)]
                fn buffered<E: serde::de::Error>(value: serde_json::Value) -> ::core::result::Result<$name, E> {
                    $(
                        if value.as_str() == ::core::option::Option::Some($wire) {
                            return ::core::result::Result::Ok($name::$unit);
                        }
                    )*
                    $crate::__runtime::untagged!(@try value, $name, $($variant),*);
                    ::core::result::Result::Err($crate::__runtime::no_variant(stringify!($name)))
                }
                struct Visitor;
                impl<'de> serde::de::Visitor<'de> for Visitor {
                    type Value = $name;
                    fn expecting(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
                        f.write_str(concat!("a variant of ", stringify!($name)))
                    }
                    fn visit_borrowed_str<E: serde::de::Error>(self, v: &'de str) -> ::core::result::Result<$name, E> {
                        $(
                            if v == $wire {
                                return ::core::result::Result::Ok($name::$unit);
                            }
                        )*
                        $crate::__runtime::untagged!(@scalar $name $str serde::de::value::BorrowedStrDeserializer::<E>::new(v), serde_json::Value::String(v.to_owned()))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> ::core::result::Result<$name, E> {
                        $(
                            if v == $wire {
                                return ::core::result::Result::Ok($name::$unit);
                            }
                        )*
                        $crate::__runtime::untagged!(@scalar $name $str serde::de::value::StrDeserializer::<E>::new(v), serde_json::Value::String(v.to_owned()))
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> ::core::result::Result<$name, E> {
                        $crate::__runtime::untagged!(@scalar $name $int serde::de::value::I64Deserializer::<E>::new(v), serde_json::Value::from(v))
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> ::core::result::Result<$name, E> {
                        $crate::__runtime::untagged!(@scalar $name $int serde::de::value::U64Deserializer::<E>::new(v), serde_json::Value::from(v))
                    }
                    fn visit_f64<E: serde::de::Error>(self, v: f64) -> ::core::result::Result<$name, E> {
                        $crate::__runtime::untagged!(@scalar $name $float serde::de::value::F64Deserializer::<E>::new(v), serde_json::Value::from(v))
                    }
                    fn visit_bool<E: serde::de::Error>(self, v: bool) -> ::core::result::Result<$name, E> {
                        $crate::__runtime::untagged!(@scalar $name $bool serde::de::value::BoolDeserializer::<E>::new(v), serde_json::Value::Bool(v))
                    }
                    fn visit_unit<E: serde::de::Error>(self) -> ::core::result::Result<$name, E> {
                        buffered(serde_json::Value::Null)
                    }
                    fn visit_none<E: serde::de::Error>(self) -> ::core::result::Result<$name, E> {
                        buffered(serde_json::Value::Null)
                    }
                    fn visit_some<D2: serde::Deserializer<'de>>(self, deserializer: D2) -> ::core::result::Result<$name, D2::Error> {
                        deserializer.deserialize_any(self)
                    }
                    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, seq: A) -> ::core::result::Result<$name, A::Error> {
                        $crate::__runtime::untagged!(@nested $name $seq serde::de::value::SeqAccessDeserializer::new(seq))
                    }
                    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> ::core::result::Result<$name, A::Error> {
                        $crate::__runtime::untagged!(@nested $name $map serde::de::value::MapAccessDeserializer::new(map))
                    }
                }
                deserializer.deserialize_any(Visitor)
            }
        }
    };
    // A scalar: into the one variant that reads its kind, else buffered.
    (@scalar $name:ident - $from:expr, $value:expr) => { buffered($value) };
    (@scalar $name:ident $variant:ident $from:expr, $value:expr) => {
        serde::Deserialize::deserialize($from).map($name::$variant)
    };
    // An array or object: streamed into the one variant that reads its kind, else buffered.
    (@nested $name:ident - $from:expr) => {
        buffered(<serde_json::Value as serde::Deserialize>::deserialize($from)?)
    };
    (@nested $name:ident $variant:ident $from:expr) => {
        serde::Deserialize::deserialize($from).map($name::$variant)
    };
    (@try $value:ident, $name:ident, ) => {};
    (@try $value:ident, $name:ident, $($variant:ident),+) => {
        let mut choice = $crate::__runtime::Choice::new();
        $(
            if let ::core::option::Option::Some(read) = choice.attempt(&$value, $name::$variant) {
                return ::core::result::Result::Ok(read);
            }
        )+
        if let ::core::option::Option::Some(read) = choice.lenient() {
            return ::core::result::Result::Ok(read);
        }
    };
}
pub(crate) use untagged;

/// `new` and the setters of a struct (see the crate docs): `new` takes the listed required
/// fields as `impl Into<T>` and gives every field in `fill` its default; each field in `set`
/// (an `Option<T>`) gets a method of its name that sets it and returns the value.
macro_rules! constructors {
    ($name:ident; new($($arg:ident: $arg_ty:ty),*); fill($($fill:ident),*); set($($(#[$attr:meta])* $field:ident: $field_ty:ty),*)) => {
        impl $name {
            /// A value with the required fields given, constants set, optional fields `None`.
            pub fn new($($arg: impl ::core::convert::Into<$arg_ty>),*) -> Self {
                Self {
                    $($arg: $arg.into(),)*
                    $($fill: ::core::default::Default::default(),)*
                }
            }
            $(
                #[doc = concat!("Sets `", stringify!($field), "`.")]
                $(#[$attr])*
                pub fn $field(mut self, value: impl ::core::convert::Into<$field_ty>) -> Self {
                    self.$field = ::core::option::Option::Some(value.into());
                    self
                }
            )*
        }
    };
}
pub(crate) use constructors;

// The serde impls of string enums, constants and integer enums. Each generated enum invokes one
// of these instead of deriving: serde's derive writes three visitors per enum and buffers every
// value of an open enum before matching it; these read the value once and match it. Paths are
// written in full: the invoking module may define types named `Result` or `Option`.

/// `as_str`, `Serialize` and `Deserialize` of a string enum, from its variants with their values
/// (`Completed("completed")`). `open Other` keeps any other value in the variant `Other`;
/// `closed` refuses it.
macro_rules! string_enum {
    ($name:ident, open $other:ident, $($variant:ident($wire:literal)),* $(,)?) => {
        /// The empty value in the catch-all: what a required field reads as when the payload
        /// leaves it out (see `Config::lenient`).
        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self::$other(::core::default::Default::default())
            }
        }
        $crate::__runtime::string_enum!(@open $name, $other, (), $($variant($wire)),*);
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                match value {
                    $($wire => Self::$variant,)*
                    _ => Self::$other(value.into()),
                }
            }
        }
        impl ::core::convert::From<::std::string::String> for $name {
            fn from(value: ::std::string::String) -> Self {
                match &*value {
                    $($wire => Self::$variant,)*
                    _ => Self::$other(value),
                }
            }
        }
    };
    // A constant that is no union's tag: another value is kept, and is a lenient read.
    ($name:ident, lenient $other:ident, $($variant:ident($wire:literal)),* $(,)?) => {
        $crate::__runtime::string_enum!(@open $name, $other, ($crate::__runtime::note_lenient();), $($variant($wire)),*);
    };
    (@open $name:ident, $other:ident, ($($on_other:tt)*), $($variant:ident($wire:literal)),*) => {
        impl $name {
            /// The value as it is sent.
            pub fn as_str(&self) -> &str {
                match self {
                    $(Self::$variant => $wire,)*
                    Self::$other(value) => value,
                }
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let value = $crate::__runtime::string(deserializer)?;
                ::core::result::Result::Ok(match &*value {
                    $($wire => Self::$variant,)*
                    _ => {
                        $($on_other)*
                        Self::$other(value.into_owned())
                    }
                })
            }
        }
        /// Any value parses: one the crate does not know is kept in the catch-all.
        impl ::core::str::FromStr for $name {
            type Err = ::core::convert::Infallible;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                ::core::result::Result::Ok(match value {
                    $($wire => Self::$variant,)*
                    _ => Self::$other(value.into()),
                })
            }
        }
        $crate::__runtime::serialize_with!($name, serialize_str, as_str);
        $crate::__runtime::display_str!($name);
    };
    ($name:ident, closed, $($variant:ident($wire:literal)),* $(,)?) => {
        impl $name {
            /// The value as it is sent.
            pub fn as_str(&self) -> &'static str {
                match self {
                    $(Self::$variant => $wire,)*
                }
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                let value = $crate::__runtime::string(deserializer)?;
                match &*value {
                    $($wire => ::core::result::Result::Ok(Self::$variant),)*
                    _ => ::core::result::Result::Err(serde::de::Error::unknown_variant(&value, &[$($wire),*])),
                }
            }
        }
        /// A value the enum does not list is an error that says which ones it takes.
        impl ::core::str::FromStr for $name {
            type Err = ::std::string::String;
            fn from_str(value: &str) -> ::core::result::Result<Self, Self::Err> {
                match value {
                    $($wire => ::core::result::Result::Ok(Self::$variant),)*
                    _ => ::core::result::Result::Err(::std::format!("unknown value {value:?}, expected one of: {}", [$($wire),*].join(", "))),
                }
            }
        }
        $crate::__runtime::serialize_with!($name, serialize_str, as_str);
        $crate::__runtime::display_str!($name);
    };
}
pub(crate) use string_enum;

/// `Display`: the value as it is sent.
macro_rules! display_str {
    ($name:ident) => {
        impl ::core::fmt::Display for $name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}
pub(crate) use display_str;

/// `Serialize` through one of the enum's accessors: `serialize_str(self.as_str())`.
macro_rules! serialize_with {
    ($name:ident, $method:ident, $accessor:ident) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.$method(self.$accessor())
            }
        }
    };
}
pub(crate) use serialize_with;

/// `Serialize` and `Deserialize` of a one-value string enum: exactly that value.
macro_rules! constant {
    ($name:ident, $variant:ident($wire:literal)) => {
        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                serializer.serialize_str($wire)
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::__runtime::exactly(deserializer, $wire).map(|()| Self::$variant)
            }
        }
    };
}
pub(crate) use constant;

/// `value`, `Serialize` and `Deserialize` of an integer enum: `open Other` keeps any other
/// integer; `closed "..."` refuses it, saying what it expected.
macro_rules! integer_enum {
    ($name:ident, open $other:ident, $($variant:ident($value:literal)),* $(,)?) => {
        /// `0` in the catch-all: what a required field reads as when the payload leaves it out.
        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self::$other(0)
            }
        }
        impl $name {
            /// The value as it is sent.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                    Self::$other(value) => *value,
                }
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                ::core::result::Result::Ok(match <i64 as serde::Deserialize>::deserialize(deserializer)? {
                    $($value => Self::$variant,)*
                    other => Self::$other(other),
                })
            }
        }
        $crate::__runtime::serialize_with!($name, serialize_i64, value);
    };
    ($name:ident, closed $expected:literal, $($variant:ident($value:literal)),* $(,)?) => {
        impl $name {
            /// The value as it is sent.
            pub fn value(&self) -> i64 {
                match self {
                    $(Self::$variant => $value,)*
                }
            }
        }
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                match <i64 as serde::Deserialize>::deserialize(deserializer)? {
                    $($value => ::core::result::Result::Ok(Self::$variant),)*
                    other => ::core::result::Result::Err(serde::de::Error::invalid_value(serde::de::Unexpected::Signed(other), &$expected)),
                }
            }
        }
        $crate::__runtime::serialize_with!($name, serialize_i64, value);
    };
}
pub(crate) use integer_enum;
