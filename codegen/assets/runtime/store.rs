//! Reading a value into a slot of its caller's, rather than returning it through serde_json.
//!
//! serde_json moves a visitor's value through two matches before it returns it (the value
//! with the end of the object, then with the error's position): two copies of the whole
//! struct or union per object, which for a chat completion (536 bytes) or a realtime event
//! (1 KB) were a larger share of the read than any field. Stored through the [`Store`] adapter,
//! the value is written once into the caller's slot; serde_json moves only a `Result<(), Error>`.
//!
//! A struct's field of a generated struct or tagged union is read the same way, into its slot
//! in the struct's `visit_map` ([`InSlot`]): returned through `next_value_seed` and moved into
//! the slot, a choice's `message` (256 bytes) was copied three times more on its way.

use serde::de::{DeserializeSeed, Deserializer, EnumAccess, Error, MapAccess, SeqAccess, Visitor};

/// A generated struct or tagged union, which reads itself into its caller's `Option<Self>`.
pub trait ReadInto<'de>: Sized {
    fn read_into<D: Deserializer<'de>>(deserializer: D, slot: &mut Option<Self>) -> Result<(), D::Error>;
}

/// What a visitor is given: a struct's object, or any JSON value (a union's).
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Entry {
    Map,
    Any,
}

/// Reads a `V::Value` with `visitor` from `entry`: stored when it is large (see the module),
/// returned when it is not.
#[inline(always)]
pub fn read<'de, V: Visitor<'de>, D: Deserializer<'de>>(deserializer: D, visitor: V, entry: Entry) -> Result<V::Value, D::Error> {
    if worth_storing::<V::Value>() {
        let mut slot = None;
        read_into(deserializer, visitor, entry, &mut slot)?;
        match slot {
            Some(value) => Ok(value),
            // A deserializer that returns `Ok` without calling the visitor: not one of serde's.
            None => Err(D::Error::custom("the deserializer returned no value")),
        }
    } else {
        start(deserializer, visitor, entry)
    }
}

/// [`read`] into `slot`: how a generated type implements [`ReadInto`].
#[inline(always)]
pub fn read_into<'de, V: Visitor<'de>, D: Deserializer<'de>>(deserializer: D, visitor: V, entry: Entry, slot: &mut Option<V::Value>) -> Result<(), D::Error> {
    if worth_storing::<V::Value>() {
        start(deserializer, Store { visitor, slot }, entry)
    } else {
        *slot = Some(start(deserializer, visitor, entry)?);
        Ok(())
    }
}

// `entry` is a constant at every call: the match is compiled out.
#[inline(always)]
fn start<'de, V: Visitor<'de>, D: Deserializer<'de>>(deserializer: D, visitor: V, entry: Entry) -> Result<V::Value, D::Error> {
    match entry {
        Entry::Map => deserializer.deserialize_map(visitor),
        Entry::Any => deserializer.deserialize_any(visitor),
    }
}

/// Whether a `T` is large enough to store: a copy of up to 128 bytes is a few moves inline,
/// where the store's extra call can cost more than it saves (with every struct and union
/// stored, a Responses API response read 0.7% more instructions, while a realtime voice session
/// read 1.6% fewer). A constant: the branch not taken is compiled out.
#[inline(always)]
const fn worth_storing<T>() -> bool {
    std::mem::size_of::<T>() > 128
}

/// Reads a field's value of a [`ReadInto`] type into its slot (a key read twice keeps its last
/// value). One type per field, as `Plain` is. `NULLABLE` is for an `Option<T>` field: there
/// `null` empties the slot, as `Nullable` reads `None`.
pub struct InSlot<'a, T, F, const NULLABLE: bool>(&'a mut Option<T>, std::marker::PhantomData<F>);

/// [`InSlot`] for an `Option<T>` field.
pub type NullableInSlot<'a, T, F> = InSlot<'a, T, F, true>;

impl<'a, T, F: Fn(), const NULLABLE: bool> InSlot<'a, T, F, NULLABLE> {
    #[inline(always)]
    pub fn new(slot: &'a mut Option<T>, _field: F) -> Self {
        InSlot(slot, std::marker::PhantomData)
    }
}

impl<'de, T: ReadInto<'de>, F, const NULLABLE: bool> DeserializeSeed<'de> for InSlot<'_, T, F, NULLABLE> {
    type Value = ();

    // `NULLABLE` is a constant: the branch not taken is compiled out.
    #[inline(always)]
    fn deserialize<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        if NULLABLE {
            deserializer.deserialize_option(self)
        } else {
            T::read_into(deserializer, self.0)
        }
    }
}

// Only the nullable seed is visited (through `deserialize_option`); the other reads its type.
impl<'de, T: ReadInto<'de>, F, const NULLABLE: bool> Visitor<'de> for InSlot<'_, T, F, NULLABLE> {
    type Value = ();

    fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
        f.write_str("option")
    }

    #[inline]
    fn visit_unit<E: Error>(self) -> Result<(), E> {
        *self.0 = None;
        Ok(())
    }

    #[inline]
    fn visit_none<E: Error>(self) -> Result<(), E> {
        *self.0 = None;
        Ok(())
    }

    #[inline]
    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<(), D::Error> {
        T::read_into(deserializer, self.0)
    }
}

/// Forwards every call to `V` and stores its value in `slot`.
struct Store<'a, T, V> {
    visitor: V,
    slot: &'a mut Option<T>,
}

macro_rules! forward {
    ($($method:ident($($arg:ident: $ty:ty),*);)*) => {
        $(
            #[inline]
            fn $method<E: Error>(self, $($arg: $ty),*) -> Result<(), E> {
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
