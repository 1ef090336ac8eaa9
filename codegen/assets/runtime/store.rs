//! A visitor that stores what it reads where its caller keeps it, and gives serde `()`.
//!
//! serde_json moves a visitor's value through two matches before it returns it (the value
//! with the end of the object, then with the error's position): two copies of the whole
//! struct or union per object, which for a chat completion (536 bytes) or a realtime event
//! (1 KB) were a larger share of the read than any field. Stored through this adapter, the
//! value is written once into the caller's slot and moved once out of it; serde_json moves
//! only a `Result<(), Error>`.

use serde::de::{Deserializer, EnumAccess, MapAccess, SeqAccess, Visitor};


/// Whether a `T` is large enough to read through a [`Store`]: a copy of up to 128 bytes is a
/// few moves inline, where the store's extra call can cost more than it saves (with every
/// struct and union stored, a Responses API response read 0.7% more instructions, while a
/// realtime voice session read 1.6% fewer). A constant: the branch not taken is compiled out.
#[inline(always)]
pub const fn worth_storing<T>() -> bool {
    std::mem::size_of::<T>() > 128
}

/// The value a [`Store`] kept: read as `deserializer.deserialize_map(Store::new(visitor, &mut
/// slot))?; stored(slot)`.
#[inline(always)]
pub fn stored<T, E: serde::de::Error>(slot: Option<T>) -> Result<T, E> {
    match slot {
        Some(value) => Ok(value),
        // A deserializer that returns `Ok` without calling the visitor: not one of serde's.
        None => Err(E::custom("the deserializer returned no value")),
    }
}

/// Forwards every call to `V` and stores its value in `slot`.
pub struct Store<'a, T, V> {
    visitor: V,
    slot: &'a mut Option<T>,
}

impl<'a, T, V> Store<'a, T, V> {
    #[inline(always)]
    pub fn new(visitor: V, slot: &'a mut Option<T>) -> Self {
        Store { visitor, slot }
    }
}

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            #[inline]
            fn $method<E: serde::de::Error>(self, $($arg: $ty),*) -> Result<(), E> {
                *self.slot = Some(self.visitor.$method($($arg),*)?);
                Ok(())
            }
        )*
    };
}

/// The same for the calls that hand over a deserializer or an access, generic in it.
macro_rules! forward_access {
    ($de:lifetime; $($method:ident<$access:ident: $bound:ident>($arg:ident);)*) => {
        $(
            #[inline]
            fn $method<$access: $bound<$de>>(self, $arg: $access) -> Result<(), $access::Error> {
                *self.slot = Some(self.visitor.$method($arg)?);
                Ok(())
            }
        )*
    };
}

impl<'de, V: Visitor<'de>> Visitor<'de> for Store<'_, V::Value, V> {
    type Value = ();

    // The inner visitor's words, so an error says what it would have said.
    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        self.visitor.expecting(f)
    }

    forward! {
        visit_bool(v: bool);
        visit_i8(v: i8);
        visit_i16(v: i16);
        visit_i32(v: i32);
        visit_i64(v: i64);
        visit_i128(v: i128);
        visit_u8(v: u8);
        visit_u16(v: u16);
        visit_u32(v: u32);
        visit_u64(v: u64);
        visit_u128(v: u128);
        visit_f32(v: f32);
        visit_f64(v: f64);
        visit_char(v: char);
        visit_str(v: &str);
        visit_borrowed_str(v: &'de str);
        visit_string(v: String);
        visit_bytes(v: &[u8]);
        visit_borrowed_bytes(v: &'de [u8]);
        visit_byte_buf(v: Vec<u8>);
        visit_none();
        visit_unit();
    }

    forward_access! {
        'de;
        visit_some<D: Deserializer>(deserializer);
        visit_newtype_struct<D: Deserializer>(deserializer);
        visit_seq<A: SeqAccess>(seq);
        visit_map<A: MapAccess>(map);
        visit_enum<A: EnumAccess>(data);
    }
}
