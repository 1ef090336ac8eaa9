//! Reading a struct's fields: its keys, its values by kind, and lenient reads (the
//! `serde_struct` macro puts them together).

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

/// `new` of a seed type of one field, given the closure whose type makes it that field's own.
macro_rules! field_seed {
    ($($seed:ident),*) => {$(
        impl<T, F: Fn()> $seed<T, F> {
            #[inline(always)]
            pub fn new(_field: F) -> Self {
                $seed(std::marker::PhantomData, std::marker::PhantomData)
            }
        }
    )*};
}
field_seed!(Plain, Nullable, Numbers, NullableNumbers);

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
