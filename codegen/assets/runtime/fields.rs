//! Reading a struct's fields: its keys, its values by kind, lenient reads, and the
//! `deserialize_struct` macro that puts them together.

use super::unknown_fields::Entries;
use serde::de::{Deserialize, Error};
use std::borrow::Cow;

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

/// Reads a field's list of numbers (`Vec<i64>`, `Vec<f64>`) as serde's `Vec` impl does, but
/// its first allocation holds 64 bytes of them (8 `i64`) where serde's holds 4: a logprob's
/// `bytes` of 5 to 8 integers took a second allocation and a copy of the first four. An empty
/// list allocates nothing. One type per field, as [`Plain`] is.
pub struct Numbers<T, F>(std::marker::PhantomData<fn() -> T>, std::marker::PhantomData<F>);

impl<T, F: Fn()> Numbers<T, F> {
    #[inline(always)]
    pub fn new(_field: F) -> Self {
        Numbers(std::marker::PhantomData, std::marker::PhantomData)
    }
}

impl<'de, T: Deserialize<'de>, F> serde::de::DeserializeSeed<'de> for Numbers<T, F> {
    type Value = Vec<T>;

    #[inline(always)]
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Vec<T>, D::Error> {
        deserializer.deserialize_seq(NumbersVisitor(std::marker::PhantomData))
    }
}

/// [`Numbers`] for an `Option<Vec<T>>` field, or a lenient one (`null` is `None`), as
/// [`Nullable`] reads it.
pub struct NullableNumbers<T, F>(std::marker::PhantomData<fn() -> T>, std::marker::PhantomData<F>);

impl<T, F: Fn()> NullableNumbers<T, F> {
    #[inline(always)]
    pub fn new(_field: F) -> Self {
        NullableNumbers(std::marker::PhantomData, std::marker::PhantomData)
    }
}

impl<'de, T: Deserialize<'de>, F> serde::de::DeserializeSeed<'de> for NullableNumbers<T, F> {
    type Value = Option<Vec<T>>;

    #[inline(always)]
    fn deserialize<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Option<Vec<T>>, D::Error> {
        deserializer.deserialize_option(self)
    }
}

impl<'de, T: Deserialize<'de>, F> serde::de::Visitor<'de> for NullableNumbers<T, F> {
    type Value = Option<Vec<T>>;

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("option")
    }

    #[inline]
    fn visit_unit<E: Error>(self) -> Result<Option<Vec<T>>, E> {
        Ok(None)
    }

    #[inline]
    fn visit_none<E: Error>(self) -> Result<Option<Vec<T>>, E> {
        Ok(None)
    }

    #[inline]
    fn visit_some<D: serde::Deserializer<'de>>(self, deserializer: D) -> Result<Option<Vec<T>>, D::Error> {
        deserializer.deserialize_seq(NumbersVisitor(std::marker::PhantomData)).map(Some)
    }
}

struct NumbersVisitor<T>(std::marker::PhantomData<fn() -> T>);

impl<'de, T: Deserialize<'de>> serde::de::Visitor<'de> for NumbersVisitor<T> {
    type Value = Vec<T>;

    // serde's words for a `Vec`, so an error reads as it did.
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("a sequence")
    }

    #[inline]
    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<Vec<T>, A::Error> {
        let Some(first) = seq.next_element()? else { return Ok(Vec::new()) };
        let mut values = Vec::with_capacity((64 / std::mem::size_of::<T>().max(1)).max(4));
        values.push(first);
        while let Some(value) = seq.next_element()? {
            values.push(value);
        }
        Ok(values)
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

pub(super) fn lenient_reads() -> usize {
    LENIENT_READS.with(std::cell::Cell::get)
}

pub(super) fn set_lenient_reads(value: usize) {
    LENIENT_READS.with(|count| count.set(value));
}

/// The value of a required field the payload left out: its type's default.
pub fn absent<T: Default>() -> T {
    note_lenient();
    T::default()
}

/// An optional field whose type holds `null` itself (a union with a nullable member): a value,
/// `null` included, is `Some` of the type; only an absent field is `None`.
pub fn some<'de, D: serde::Deserializer<'de>, T: Deserialize<'de>>(deserializer: D) -> Result<Option<T>, D::Error> {
    T::deserialize(deserializer).map(Some)
}

/// A required field that is not nullable, read as its type's default when it is `null`.
pub fn or_default<'de, D: serde::Deserializer<'de>, T: Deserialize<'de> + Default>(deserializer: D) -> Result<T, D::Error> {
    Ok(match Option::<T>::deserialize(deserializer)? {
        Some(value) => value,
        None => absent(),
    })
}

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
/// read). The slots' types are inferred from the struct's fields. `with_null` after `optional`
/// or `lenient` marks a type that holds `null` itself (a union with a nullable member): `null`
/// is read by the type, as any other value is, and written back by it; absent is as before.
/// `in_slot` marks a generated struct or tagged union, read into its slot.
///
/// `union variant` instead: a struct merged with a union (`allOf`), whose field `variant` reads
/// every key the struct does not declare, streamed to it as an object (the runtime's [`rest`]).
///
/// [`rest`]: super::rest
macro_rules! deserialize_struct {
    ($name:ident { $($field:ident $wire:literal $kind:ident $($slot:ident)?),* $(,)? } union $union:ident) => {
        const _: () = {
            struct __Visitor;
            impl<'de> serde::de::Visitor<'de> for __Visitor {
                type Value = $name;
                fn expecting(&self, f: &mut ::core::fmt::Formatter) -> ::core::fmt::Result {
                    f.write_str(concat!("struct ", stringify!($name)))
                }
                #[inline]
                fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> ::core::result::Result<$name, A::Error> {
                    $(let mut $field = ::core::option::Option::None;)*
                    let $union = serde::Deserialize::deserialize($crate::__runtime::rest(map, |key: &str, _access: &mut A| -> ::core::result::Result<bool, A::Error> {
                        match key {
                            $($wire => {
                                $crate::__runtime::deserialize_struct!(@read $kind $($slot)? $field _access);
                                ::core::result::Result::Ok(true)
                            })*
                            _ => ::core::result::Result::Ok(false),
                        }
                    }))?;
                    ::core::result::Result::Ok($name {
                        $($field: $crate::__runtime::deserialize_struct!(@finish $kind $field $wire A),)*
                        $union,
                    })
                }
            }
            $crate::__runtime::deserialize_struct!(@impls $name __Visitor);
        };
    };
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
            $crate::__runtime::deserialize_struct!(@impls $name __Visitor);
        };
    };
    // Inline, so that a read through a union's replay stays in serde_json's codegen unit, where
    // its `next_key_seed` and `next_value_seed` can inline into the loop.
    (@impls $name:ident $visitor:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::__runtime::read(deserializer, $visitor, $crate::__runtime::Entry::Map)
            }
        }
        impl<'de> $crate::__runtime::ReadInto<'de> for $name {
            #[inline]
            fn read_into<D: serde::Deserializer<'de>>(deserializer: D, slot: &mut ::core::option::Option<Self>) -> ::core::result::Result<(), D::Error> {
                $crate::__runtime::read_into(deserializer, $visitor, $crate::__runtime::Entry::Map, slot)
            }
        }
    };
    (@read optional $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::Nullable::new(|| ()))? };
    (@read required $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    (@read any $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    // `null` leaves the slot empty, so it reads as absent does (the default, one lenient read):
    // no `Option<T>` to unwrap and wrap again, which for a large `T` is two copies of it.
    (@read lenient $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::Nullable::new(|| ()))? };
    (@read optional with_null $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    (@read lenient with_null $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    // A list of numbers (`numbers`): its first allocation holds several.
    (@read optional numbers $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::NullableNumbers::new(|| ()))? };
    (@read required numbers $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Numbers::new(|| ()))?) };
    (@read lenient numbers $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::NullableNumbers::new(|| ()))? };
    // A generated struct or tagged union (`in_slot`): read into its slot, not returned.
    (@read optional in_slot $field:ident $access:ident) => { $access.next_value_seed($crate::__runtime::NullableInSlot::new(&mut $field, || ()))? };
    (@read required in_slot $field:ident $access:ident) => { $access.next_value_seed($crate::__runtime::InSlot::<_, _, false>::new(&mut $field, || ()))? };
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
