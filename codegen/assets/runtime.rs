//! Helpers of the generated serde impls (structs, tagged unions, string and integer enums, constants). Not part of the crate's API.
// Not every spec's types need every helper.
#![allow(dead_code, unused_macros, unused_imports)]

use serde::de::{Deserialize, Error};
use std::borrow::Cow;

mod buffered;
pub use buffered::{Buffered, ReadError};
mod fields;
pub use fields::{absent, exactly, keep, note_lenient, or_default, some, string, KeySeed, Nullable, NullableNumbers, Numbers, Plain};
use fields::{lenient_reads, set_lenient_reads};
mod presence;
pub use presence::{
    bit, how_any, how_lenient, how_nullable, how_optional, is_default, lenient, note_null, nullable, write_lenient, write_nullable, write_optional, Notes, Presence,
};
mod rest;
pub use rest::{rest, Rest};
mod store;
pub use store::{read, read_into, Entry, InSlot, NullableInSlot, ReadInto};
mod structs;
pub(crate) use structs::serde_struct;
mod tagged;
pub use tagged::{missing, tag, tagged, tagged_into, unknown, variant, Scalar, Tagged};
mod unknown_fields;
pub use unknown_fields::{Entries, UnknownFields};

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
    pub fn attempt<'de, V: Deserialize<'de>>(&mut self, value: &Buffered<'de>, variant: impl FnOnce(V) -> T) -> Option<T> {
        set_lenient_reads(self.start);
        let read = buffered::probe(|| V::deserialize(value));
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
/// `parts [...]` goes straight to its variant, nothing buffered. A kind no variant reads (`none`)
/// is the union's error, the value skipped, not buffered. A kind that several variants could
/// read (`-`) is buffered (a [`Buffered`]), then a constant string names its unit variant, else
/// each variant is tried in order with a [`Choice`]. The other variants could not have read a
/// value of that kind, so both ways pick the same variant. `(Variant nullable)` names a variant
/// that is an `Option<T>`: the value streams into its `T` (a `null` is buffered and tried, and
/// the `Option` reads it as `None`).
macro_rules! untagged {
    ($name:ident, [$($unit:ident($wire:literal)),*], [$($variant:ident),*],
     str $str:tt, int $int:tt, float $float:tt, bool $bool:tt, seq $seq:tt, map $map:tt) => {
        impl<'de> serde::Deserialize<'de> for $name {
            #[inline]
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                #[allow(unused)]
                fn buffered<E: serde::de::Error>(value: $crate::__runtime::Buffered<'_>) -> ::core::result::Result<$name, E> {
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
                        $crate::__runtime::untagged!(@scalar $name $str serde::de::value::BorrowedStrDeserializer::<E>::new(v), $crate::__runtime::Buffered::Str(::std::borrow::Cow::Borrowed(v)))
                    }
                    fn visit_str<E: serde::de::Error>(self, v: &str) -> ::core::result::Result<$name, E> {
                        $(
                            if v == $wire {
                                return ::core::result::Result::Ok($name::$unit);
                            }
                        )*
                        $crate::__runtime::untagged!(@scalar $name $str serde::de::value::StrDeserializer::<E>::new(v), $crate::__runtime::Buffered::Str(::std::borrow::Cow::Owned(v.to_owned())))
                    }
                    fn visit_i64<E: serde::de::Error>(self, v: i64) -> ::core::result::Result<$name, E> {
                        $crate::__runtime::untagged!(@scalar $name $int serde::de::value::I64Deserializer::<E>::new(v), $crate::__runtime::Buffered::int(v))
                    }
                    fn visit_u64<E: serde::de::Error>(self, v: u64) -> ::core::result::Result<$name, E> {
                        $crate::__runtime::untagged!(@scalar $name $int serde::de::value::U64Deserializer::<E>::new(v), $crate::__runtime::Buffered::U64(v))
                    }
                    fn visit_f64<E: serde::de::Error>(self, v: f64) -> ::core::result::Result<$name, E> {
                        $crate::__runtime::untagged!(@scalar $name $float serde::de::value::F64Deserializer::<E>::new(v), $crate::__runtime::Buffered::float(v))
                    }
                    fn visit_bool<E: serde::de::Error>(self, v: bool) -> ::core::result::Result<$name, E> {
                        $crate::__runtime::untagged!(@scalar $name $bool serde::de::value::BoolDeserializer::<E>::new(v), $crate::__runtime::Buffered::Bool(v))
                    }
                    fn visit_unit<E: serde::de::Error>(self) -> ::core::result::Result<$name, E> {
                        buffered($crate::__runtime::Buffered::Null)
                    }
                    fn visit_none<E: serde::de::Error>(self) -> ::core::result::Result<$name, E> {
                        buffered($crate::__runtime::Buffered::Null)
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
    // A scalar: into the one variant that reads its kind, else buffered; no variant reads it:
    // the error that trying each would end in.
    (@scalar $name:ident - $from:expr, $value:expr) => { buffered($value) };
    (@scalar $name:ident none $from:expr, $value:expr) => {{
        let _ = $from;
        ::core::result::Result::Err($crate::__runtime::no_variant(stringify!($name)))
    }};
    (@scalar $name:ident $variant:ident $from:expr, $value:expr) => {
        serde::Deserialize::deserialize($from).map($name::$variant)
    };
    // A nullable variant (`Option<T>`): the value is its `T`. Read as an `Option`, a string or
    // a list handed over alone would be refused (`expected option`): `null` never comes here.
    (@scalar $name:ident ($variant:ident nullable) $from:expr, $value:expr) => {
        serde::Deserialize::deserialize($from).map(|value| $name::$variant(::core::option::Option::Some(value)))
    };
    // An array or object: streamed into the one variant that reads its kind, else buffered.
    (@nested $name:ident - $from:expr) => {
        buffered(<$crate::__runtime::Buffered as serde::Deserialize>::deserialize($from)?)
    };
    // No variant reads it: skipped to its end (no string copied), so the error comes where it
    // came when the value was buffered and tried.
    (@nested $name:ident none $from:expr) => {{
        <serde::de::IgnoredAny as serde::Deserialize>::deserialize($from)?;
        ::core::result::Result::Err($crate::__runtime::no_variant(stringify!($name)))
    }};
    (@nested $name:ident $variant:ident $from:expr) => {
        serde::Deserialize::deserialize($from).map($name::$variant)
    };
    (@nested $name:ident ($variant:ident nullable) $from:expr) => {
        serde::Deserialize::deserialize($from).map(|value| $name::$variant(::core::option::Option::Some(value)))
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

/// A tagged union's `Deserialize` and `ReadInto` (see [`Tagged`]); with its tag, the `Tagged`
/// impl too, for a union whose one tag names one variant by each of its values and that keeps any
/// other object in a variant of its own: `Name "type" { 0 "message" => Message, 1 "a" | "b" =>
/// Other } else Unknown`, each value's variant with its index for [`Tagged::streamed`]. The
/// other tagged unions (two tags, values several variants share, fallbacks) write theirs out.
macro_rules! tagged_union {
    ($name:ident) => {
        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> ::core::result::Result<Self, D::Error> {
                $crate::__runtime::tagged(deserializer)
            }
        }

        impl<'de> $crate::__runtime::ReadInto<'de> for $name {
            #[inline]
            fn read_into<D: serde::Deserializer<'de>>(deserializer: D, slot: &mut ::core::option::Option<Self>) -> ::core::result::Result<(), D::Error> {
                $crate::__runtime::tagged_into(deserializer, slot)
            }
        }
    };
    ($name:ident $key:literal { $($index:literal $($tag:literal)|+ => $variant:ident),+ $(,)? } else $unknown:ident) => {
        $crate::__runtime::tagged_union!($name);

        impl $crate::__runtime::Tagged for $name {
            const KEYS: &'static [&'static str] = &[$key];

            fn needs_second(_first: ::core::option::Option<&str>) -> bool {
                false
            }

            fn streamed(tags: &[::core::option::Option<&str>]) -> ::core::option::Option<usize> {
                match tags[0] {
                    $(::core::option::Option::Some($($tag)|+) => ::core::option::Option::Some($index),)+
                    _ => ::core::option::Option::None,
                }
            }

            #[inline]
            fn variant<'de, D: serde::Deserializer<'de>>(index: usize, object: D) -> ::core::result::Result<Self, D::Error> {
                match index {
                    $($index => serde::Deserialize::deserialize(object).map(Self::$variant),)+
                    _ => ::core::result::Result::Err(serde::de::Error::custom("no variant has this index")),
                }
            }

            fn from_value<E: serde::de::Error>(value: $crate::__runtime::Buffered<'_>) -> ::core::result::Result<Self, E> {
                let tag = $crate::__runtime::tag(&value, $key);
                if let ::core::option::Option::Some(index) = Self::streamed(&[tag]) {
                    return Self::variant(index, &value).map_err(serde::de::Error::custom);
                }
                ::core::result::Result::Ok(Self::$unknown(value.into()))
            }
        }
    };
}
pub(crate) use tagged_union;

/// `From` each member's type for a union, so that a member converts with `.into()`:
/// `Name { Variant(Type), Other(Vec<Type>) boxed }` for any member type, `root Name { ... }` for
/// types at the crate's root named by one word (`crate::` is left out); a `boxed` member
/// converts from what it boxes. `str Variant` adds `From<&str>` into that member, the string
/// passed through the member's own `From<&str>` and the wrappers listed after it, outermost
/// first (`str Variant boxed some` is `Box::new(Some(From::from(value)))`).
macro_rules! members_from {
    (root $name:ident { $($variant:ident($ty:ident) $($boxed:ident)?),* $(,)? } $(str $($str:ident)+)?) => {
        $crate::__runtime::members_from!(@impls $name $($variant(crate::$ty) $($boxed)?),*);
        $($crate::__runtime::members_from!(@str $name $($str)+);)?
    };
    ($name:ident { $($variant:ident($ty:ty) $($boxed:ident)?),* $(,)? } $(str $($str:ident)+)?) => {
        $crate::__runtime::members_from!(@impls $name $($variant($ty) $($boxed)?),*);
        $($crate::__runtime::members_from!(@str $name $($str)+);)?
    };
    (@impls $name:ident $($variant:ident($ty:ty) $($boxed:ident)?),*) => {
        $(
            impl ::core::convert::From<$ty> for $name {
                fn from(value: $ty) -> Self {
                    Self::$variant($crate::__runtime::members_from!(@member value $($boxed)?))
                }
            }
        )*
    };
    (@member $value:ident boxed) => { ::std::boxed::Box::new($value) };
    (@member $value:ident) => { $value };
    (@str $name:ident $variant:ident $($wrapper:ident)*) => {
        impl ::core::convert::From<&str> for $name {
            fn from(value: &str) -> Self {
                Self::$variant($crate::__runtime::members_from!(@wrap value $($wrapper)*))
            }
        }
    };
    (@wrap $value:ident boxed $($rest:ident)*) => {
        ::std::boxed::Box::new($crate::__runtime::members_from!(@wrap $value $($rest)*))
    };
    (@wrap $value:ident some $($rest:ident)*) => {
        ::core::option::Option::Some($crate::__runtime::members_from!(@wrap $value $($rest)*))
    };
    (@wrap $value:ident) => { ::core::convert::From::from($value) };
}
pub(crate) use members_from;

/// `Default` of a union whose default variant holds a value: `Name::Variant` holding its
/// payload's default (`Unknown(null)`, or the first member that has a default).
macro_rules! default_member {
    ($name:ident::$variant:ident) => {
        impl ::core::default::Default for $name {
            fn default() -> Self {
                Self::$variant(::core::default::Default::default())
            }
        }
    };
}
pub(crate) use default_member;

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

/// The registry's (feature `registry`) `round_trip` and `names`, from one table: each type's
/// spec name, its name at the crate's root, and the features that compile it (`(all())` when
/// the crate has no areas). Expanded in the registry, whose `run` the arms call.
macro_rules! registry_types {
    ($($wire:literal $name:ident ($($on:tt)*)),* $(,)?) => {
        /// Deserializes `json` as the type the spec calls `name` and serializes it back;
        /// `None` when no type has that name.
        #[allow(unused_variables, unreachable_code)]
        pub fn round_trip(name: &str, json: &str) -> Option<Result<serde_json::Value, String>> {
            Some(match name {
                $(#[cfg($($on)*)] $wire => run::<crate::$name>(json),)*
                _ => return None,
            })
        }

        /// Every spec name that has a type (of the areas that are on).
        pub fn names() -> &'static [&'static str] {
            static NAMES: std::sync::OnceLock<Vec<&'static str>> = std::sync::OnceLock::new();
            NAMES.get_or_init(|| [$(($wire, cfg!($($on)*))),*].into_iter().filter_map(|(name, on)| on.then_some(name)).collect())
        }
    };
}
pub(crate) use registry_types;

/// The registry's `render_call`, from a table of the operations: each one's `operationId`, its
/// value's name in `operations`, and the features that compile it.
macro_rules! registry_calls {
    ($($wire:literal $name:ident ($($on:tt)*)),* $(,)?) => {
        /// The path and query pairs the operation `operation_id` renders for `params`: its
        /// parameters by their spec names, and its body under `body`. `None` when no operation
        /// has that id.
        #[allow(unused_variables, unreachable_code)]
        pub fn render_call(operation_id: &str, params: serde_json::Value) -> Option<Result<Rendered, String>> {
            Some(match operation_id {
                $(#[cfg($($on)*)] $wire => call::<crate::operations::$name>(params),)*
                _ => return None,
            })
        }
    };
}
pub(crate) use registry_calls;
