//! `serde_struct!`: a struct's `Deserialize` and `Serialize`, from its fields with their JSON
//! names, their places and their kinds, written once in the generated file.

/// `Deserialize` and `Serialize` of a struct, from its fields with their JSON names, their
/// indices and kinds, then what takes the other keys: `keep extra` (the unknown-field map, or the
/// map of `additionalProperties`), `skip`, or `union variant`.
///
/// Reading: each known field streams into its slot as its key comes and each other key goes to
/// the map: nothing is buffered, where serde's `flatten` collects every entry of the object
/// before it builds the struct. A key read twice keeps its last value.
///
/// The kinds: `optional` (an `Option`: absent or `null` is `None`), `nullable` (a required field
/// that may be `null`, an `Option`: `null` or absent is `None`), `required` (absent is serde's
/// "missing field" error), `lenient` (absent or `null` reads as its type's default, a lenient
/// read), `any` (a JSON value, where `null` is a value; absent reads as `Null`, a lenient read).
/// The slots' types are inferred from the struct's fields. `with_null` after `optional` or
/// `lenient` marks a type that holds `null` itself (a union with a nullable member): `null` is
/// read by the type, as any other value is, and written back by it; absent is as before.
/// `in_slot` marks a generated struct or tagged union, read into its slot; `numbers` a list of
/// numbers, read with a first allocation of several.
///
/// Presence (see the runtime's `presence`): where a field's value cannot say how it was sent
/// (`None` for `null` or absent, a default for absent or `null`), the read notes it in the map
/// that `keep` names, and the write follows the note while the value is unchanged. `| name`
/// after a field gives it a method `name` that sets it to `null` on purpose; a name after
/// `keep extra` is the method that says how a field was sent (`field_presence`).
///
/// Writing: the declared fields in order (an optional `None` left out), then the map's entries.
/// `union variant` instead: a struct merged with a union (`allOf`), whose field `variant` reads
/// every key the struct does not declare, streamed to it as an object (the runtime's [`rest`]),
/// into its slot when `in_slot` follows (a tagged union); its `Serialize` is serde's derive.
///
/// [`rest`]: super::rest
macro_rules! serde_struct {
    ($name:ident $fields:tt union $union:ident $($slot:ident)?) => {
        $crate::__runtime::serde_struct!(@union $name $fields $union $($slot)?);
    };
    ($name:ident $fields:tt $rest:ident $($map:ident $($presence:ident)?)?) => {
        $crate::__runtime::serde_struct!(@de $name $fields $rest $($map)?);
        $crate::__runtime::serde_struct!(@ser $name $fields $($map)?);
        $($($crate::__runtime::serde_struct!(@presence $name $map $presence $fields);)?)?
    };
    (@union $name:ident { $($field:ident $wire:literal $index:literal $kind:ident $($slot:ident)? $(| $null:ident)?),* $(,)? } $union:ident $($union_slot:ident)?) => {
        $crate::__runtime::serde_struct!(@visitor $name map {
            $(let mut $field = ::core::option::Option::None;)*
            let mut __seen: u64 = 0;
            // Nowhere to keep them: the union takes the other keys.
            let mut __notes = $crate::__runtime::Notes::NONE;
            let $union = $crate::__runtime::serde_struct!(@whole $($union_slot)? $crate::__runtime::rest(map, |key: &str, _access: &mut A| -> ::core::result::Result<bool, A::Error> {
                // A `null` noted here goes nowhere: a local of each call, which the compiler drops.
                let mut __notes = $crate::__runtime::Notes::NONE;
                match key {
                    $($wire => {
                        $crate::__runtime::serde_struct!(@read $kind $($slot)?; $field $index __seen __notes _access);
                        ::core::result::Result::Ok(true)
                    })*
                    _ => ::core::result::Result::Ok(false),
                }
            }), A)?;
            ::core::result::Result::Ok($name {
                $($field: $crate::__runtime::serde_struct!(@finish $kind $field $wire $index __seen __notes A),)*
                $union,
            })
        });
    };
    // The union merged with a struct, read whole from the rest of the object: into a slot of
    // this call when it reads into one (`in_slot`, a tagged union: its read inlines here, and
    // the value is not returned through serde's `Result`s on its way), else returned.
    (@whole in_slot $rest:expr, $access:ident) => {{
        let mut slot = ::core::option::Option::None;
        match $crate::__runtime::ReadInto::read_into($rest, &mut slot) {
            ::core::result::Result::Ok(()) => slot.ok_or_else(|| <$access::Error as serde::de::Error>::custom("the deserializer returned no value")),
            ::core::result::Result::Err(error) => ::core::result::Result::Err(error),
        }
    }};
    (@whole $rest:expr, $access:ident) => {
        serde::Deserialize::deserialize($rest)
    };
    (@de $name:ident { $($field:ident $wire:literal $index:literal $kind:ident $($slot:ident)? $(| $null:ident)?),* $(,)? } $rest:ident $($map:ident)?) => {
        $crate::__runtime::serde_struct!(@visitor $name map {
            $(let mut $field = ::core::option::Option::None;)*
            $(let mut $map = ::core::default::Default::default();)?
            // The required fields whose key came, and the notes of presence: registers.
            let mut __seen: u64 = 0;
            let mut __notes = $crate::__runtime::Notes::NONE;
            while let ::core::option::Option::Some(key) = map.next_key_seed($crate::__runtime::KeySeed::<$name>::new())? {
                match &*key {
                    $($wire => $crate::__runtime::serde_struct!(@read $kind $($slot)?; $field $index __seen __notes map),)*
                    _ => $crate::__runtime::serde_struct!(@other $rest $($map)? key map),
                }
            }
            ::core::result::Result::Ok($name {
                $($field: $crate::__runtime::serde_struct!(@finish $kind $field $wire $index __seen __notes A),)*
                $($map: $crate::__runtime::Entries::finish($map, __notes),)?
            })
        });
    };
    // The visitor, its `visit_map` the body given (`$map` names the `MapAccess` it reads, `A`
    // its type), and the struct's `Deserialize` and `ReadInto` through it.
    (@visitor $name:ident $map:ident $body:block) => {
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
                #[allow(deprecated, unused_mut, unused_variables)]
                fn visit_map<A: serde::de::MapAccess<'de>>(self, mut $map: A) -> ::core::result::Result<$name, A::Error> $body
            }
            $crate::__runtime::serde_struct!(@impls $name __Visitor);
        };
    };
    (@ser $name:ident { $($field:ident $wire:literal $index:literal $kind:ident $($slot:ident)? $(| $null:ident)?),* $(,)? } $($map:ident)?) => {
        impl serde::Serialize for $name {
            // A struct without fields or a map has nothing to note or write.
            #[allow(deprecated, unused_mut, unused_variables)]
            fn serialize<S: serde::Serializer>(&self, serializer: S) -> ::core::result::Result<S::Ok, S::Error> {
                use serde::ser::SerializeMap as _;
                let notes = $crate::__runtime::serde_struct!(@notes self $($map)?);
                let mut map = serializer.serialize_map(::core::option::Option::None)?;
                $($crate::__runtime::serde_struct!(@write $kind self map notes $field $wire $index);)*
                $($crate::__runtime::Entries::write(&self.$map, &mut map)?;)?
                map.end()
            }
        }
    };
    // How each field was sent (`field_presence`) and the `null_*` methods: only where `keep` names
    // the unknown-field map, which keeps the notes.
    (@presence $name:ident $map:ident $presence:ident { $($field:ident $wire:literal $index:literal $kind:ident $($slot:ident)? $(| $null:ident)?),* $(,)? }) => {
        // A struct whose fields are all required notes nothing.
        #[allow(deprecated, unused_variables)]
        impl $name {
            /// How the field with this JSON name was sent in what was read: a value, `null`, or
            /// nothing (`Presence`); `None` when the struct declares no such field.
            pub fn $presence(&self, field: &str) -> ::core::option::Option<$crate::__runtime::Presence> {
                let notes = $crate::__runtime::Entries::notes(&self.$map);
                match field {
                    $($wire => ::core::option::Option::Some($crate::__runtime::serde_struct!(@how $kind self notes $field $index)),)*
                    _ => ::core::option::Option::None,
                }
            }
            $($(
                #[doc = concat!("Sets `", $wire, "` to `null`: it is written as `null`, where `None` leaves it out.")]
                pub fn $null(mut self) -> Self {
                    self.$field = ::core::option::Option::None;
                    $crate::__runtime::Entries::set_note(&mut self.$map, $index, true);
                    self
                }
            )?)*
        }
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
    (@read $kind:ident $($slot:ident)?; $field:ident $index:literal $seen:ident $notes:ident $access:ident) => {{
        $crate::__runtime::serde_struct!(@value $kind $($slot)? $field $access);
        $crate::__runtime::serde_struct!(@mark $kind $field $index $seen $notes);
    }};
    // An optional field notes `null` as it reads it (only the keys that come cost anything); a
    // required one marks its key seen, so that the end of the read tells absent from `null`.
    (@mark optional $field:ident $index:literal $seen:ident $notes:ident) => { $crate::__runtime::note_null(&$field, &mut $notes, $index) };
    (@mark required $field:ident $index:literal $seen:ident $notes:ident) => {};
    (@mark $kind:ident $field:ident $index:literal $seen:ident $notes:ident) => { $seen |= $crate::__runtime::bit($index) };
    (@value optional $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::Nullable::new(|| ()))? };
    (@value nullable $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::Nullable::new(|| ()))? };
    (@value required $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    (@value any $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    // `null` leaves the slot empty, so it reads as absent does (the default, one lenient read):
    // no `Option<T>` to unwrap and wrap again, which for a large `T` is two copies of it.
    (@value lenient $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::Nullable::new(|| ()))? };
    (@value optional with_null $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    (@value nullable with_null $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    (@value lenient with_null $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Plain::new(|| ()))?) };
    // A list of numbers (`numbers`): its first allocation holds several.
    (@value optional numbers $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::NullableNumbers::new(|| ()))? };
    (@value nullable numbers $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::NullableNumbers::new(|| ()))? };
    (@value required numbers $field:ident $access:ident) => { $field = ::core::option::Option::Some($access.next_value_seed($crate::__runtime::Numbers::new(|| ()))?) };
    (@value lenient numbers $field:ident $access:ident) => { $field = $access.next_value_seed($crate::__runtime::NullableNumbers::new(|| ()))? };
    // A generated struct or tagged union (`in_slot`): read into its slot, not returned.
    (@value optional in_slot $field:ident $access:ident) => { $access.next_value_seed($crate::__runtime::NullableInSlot::new(&mut $field, || ()))? };
    (@value nullable in_slot $field:ident $access:ident) => { $access.next_value_seed($crate::__runtime::NullableInSlot::new(&mut $field, || ()))? };
    (@value required in_slot $field:ident $access:ident) => { $access.next_value_seed($crate::__runtime::InSlot::<_, _, false>::new(&mut $field, || ()))? };
    (@value lenient in_slot $field:ident $access:ident) => { $access.next_value_seed($crate::__runtime::NullableInSlot::new(&mut $field, || ()))? };
    (@other keep $map:ident $key:ident $access:ident) => {
        $crate::__runtime::keep(&mut $map, $key, &mut $access)?
    };
    (@other skip $key:ident $access:ident) => {
        ::core::mem::drop($access.next_value::<serde::de::IgnoredAny>()?)
    };
    // An empty slot of a key that came was `null`; of one that did not, absent (the runtime's
    // `presence` notes it).
    (@finish optional $field:ident $wire:literal $index:literal $seen:ident $notes:ident $access:ident) => {
        $field
    };
    (@finish nullable $field:ident $wire:literal $index:literal $seen:ident $notes:ident $access:ident) => {
        $crate::__runtime::nullable($field, $seen, &mut $notes, $index)
    };
    (@finish required $field:ident $wire:literal $index:literal $seen:ident $notes:ident $access:ident) => {
        match $field {
            ::core::option::Option::Some(value) => value,
            ::core::option::Option::None => return ::core::result::Result::Err(<$access::Error as serde::de::Error>::missing_field($wire)),
        }
    };
    (@finish $kind:ident $field:ident $wire:literal $index:literal $seen:ident $notes:ident $access:ident) => {
        $crate::__runtime::lenient($field, $seen, &mut $notes, $index)
    };
    (@notes $self:ident $map:ident) => { $crate::__runtime::Entries::notes(&$self.$map) };
    (@notes $self:ident) => { $crate::__runtime::Notes::NONE };
    (@write optional $self:ident $out:ident $notes:ident $field:ident $wire:literal $index:literal) => {
        $crate::__runtime::write_optional(&mut $out, $wire, &$self.$field, $notes, $index)?
    };
    (@write nullable $self:ident $out:ident $notes:ident $field:ident $wire:literal $index:literal) => {
        $crate::__runtime::write_nullable(&mut $out, $wire, &$self.$field, $notes, $index)?
    };
    (@write required $self:ident $out:ident $notes:ident $field:ident $wire:literal $index:literal) => {
        $out.serialize_entry($wire, &$self.$field)?
    };
    // `lenient` and `any`: a default that was read from `null` or from nothing is written so.
    (@write $kind:ident $self:ident $out:ident $notes:ident $field:ident $wire:literal $index:literal) => {
        $crate::__runtime::write_lenient(&mut $out, $wire, &$self.$field, $notes, $index)?
    };
    (@how optional $self:ident $notes:ident $field:ident $index:literal) => { $crate::__runtime::how_optional(&$self.$field, $notes, $index) };
    (@how nullable $self:ident $notes:ident $field:ident $index:literal) => { $crate::__runtime::how_nullable(&$self.$field, $notes, $index) };
    (@how required $self:ident $notes:ident $field:ident $index:literal) => { $crate::__runtime::Presence::Value };
    // A JSON value holds `null` itself.
    (@how any $self:ident $notes:ident $field:ident $index:literal) => { $crate::__runtime::how_any(&$self.$field, $notes, $index) };
    (@how $kind:ident $self:ident $notes:ident $field:ident $index:literal) => { $crate::__runtime::how_lenient(&$self.$field, $notes, $index) };
}
pub(crate) use serde_struct;
