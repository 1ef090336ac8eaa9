//! Presence: which declared fields of a struct were read as `null`, or left out, where the
//! field's Rust value cannot say so, so that the struct is written back as it was read.
//!
//! A required field is `T` and an optional one `Option<T>`, as a user expects to build and
//! match them; the difference between absent and `null` that those types lose is kept as
//! [`Notes`], one bit per field, in the struct's map of unknown fields (no allocation and no
//! byte more in the struct when there is nothing to note, as when a payload sends every field).
//! How each kind of field uses them (`serde_struct!`):
//!
//! | field | read | noted | written back while noted |
//! |---|---|---|---|
//! | optional `Option<T>` | `null` | null | `null`, while `None` |
//! | required and nullable `Option<T>` | absent | absent | left out, while `None` |
//! | required `T` read leniently | absent, or `null` | absent, or null | left out, or `null`, while it holds its default |
//!
//! A value the user builds has no notes and is written as its fields say; a field given another
//! value is written with it whatever its note says.

/// How a declared field of a struct was sent in what was read: a value, `null`, or nothing.
/// A struct's `field_presence("name")` says it (`None` for a name the struct does not declare).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Presence {
    /// The field was sent with a value, or set to one since.
    Value,
    /// The field was sent as `null`, or set to `null` with its `null_*` method.
    Null,
    /// The field was not sent (or, in a value built in Rust, never set).
    Absent,
}

/// One bit per declared field, in declaration order: read as `null`, read as absent. A field at
/// index 64 or later is not noted (no struct of the OpenAI spec has that many), and is written
/// as its Rust value says.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Notes {
    pub null: u64,
    pub absent: u64,
}

impl Notes {
    pub const NONE: Notes = Notes { null: 0, absent: 0 };

    /// The notes with field `index` noted as given.
    #[inline]
    pub fn with(self, index: u32, null: bool, absent: bool) -> Notes {
        let bit = bit(index);
        let set = |bits: u64, on: bool| if on { bits | bit } else { bits & !bit };
        Notes { null: set(self.null, null), absent: set(self.absent, absent) }
    }

    #[inline(always)]
    pub fn is_null(self, index: u32) -> bool {
        self.null & bit(index) != 0
    }

    #[inline(always)]
    pub fn is_absent(self, index: u32) -> bool {
        self.absent & bit(index) != 0
    }
}

/// The bit of field `index`: none from 64 on.
#[inline(always)]
pub const fn bit(index: u32) -> u64 {
    if index < 64 { 1 << index } else { 0 }
}

/// Whether a required field still holds the default it was read as, so its note still holds.
#[inline]
pub fn is_default<T: Default + PartialEq>(value: &T) -> bool {
    *value == T::default()
}

// What `serde_struct!` writes once per field, as functions: one call per field is less for the
// compiler to check than the same lines expanded into every struct (`cargo check` of an area
// is mostly the bodies of its serde impls), and inlined, it is the same code.

/// An optional field's slot at the end of a read: empty where its key came, it was `null`.
#[inline(always)]
pub fn optional<T>(value: Option<T>, seen: u64, notes: &mut Notes, index: u32) -> Option<T> {
    if value.is_none() && seen & bit(index) != 0 {
        notes.null |= bit(index);
    }
    value
}

/// A required nullable field's slot at the end of a read: empty where its key did not come, it
/// was absent.
#[inline(always)]
pub fn nullable<T>(value: Option<T>, seen: u64, notes: &mut Notes, index: u32) -> Option<T> {
    if value.is_none() && seen & bit(index) == 0 {
        notes.absent |= bit(index);
    }
    value
}

/// A required field read leniently (or a JSON value): an empty slot is its default, read from
/// `null` where its key came and from nothing where it did not (a lenient read either way).
#[inline(always)]
pub fn lenient<T: Default>(value: Option<T>, seen: u64, notes: &mut Notes, index: u32) -> T {
    match value {
        Some(value) => value,
        None => {
            if seen & bit(index) != 0 {
                notes.null |= bit(index);
            } else {
                notes.absent |= bit(index);
            }
            super::absent()
        }
    }
}

/// Writes an optional field: its value, or `null` where it was read as `null`, or nothing.
#[inline(always)]
pub fn write_optional<M: serde::ser::SerializeMap, T: serde::Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
    notes: Notes,
    index: u32,
) -> Result<(), M::Error> {
    match value {
        Some(value) => map.serialize_entry(key, value),
        None if notes.is_null(index) => map.serialize_entry(key, &()),
        None => Ok(()),
    }
}

/// Writes a required nullable field, but not where it was read as absent and is still `None`.
#[inline(always)]
pub fn write_nullable<M: serde::ser::SerializeMap, T: serde::Serialize>(
    map: &mut M,
    key: &'static str,
    value: &Option<T>,
    notes: Notes,
    index: u32,
) -> Result<(), M::Error> {
    if value.is_none() && notes.is_absent(index) {
        return Ok(());
    }
    map.serialize_entry(key, value)
}

/// Writes a lenient field (or a JSON value): a default that was read from `null` or from
/// nothing is written so, any other value as it is.
#[inline(always)]
pub fn write_lenient<M: serde::ser::SerializeMap, T: serde::Serialize + Default + PartialEq>(
    map: &mut M,
    key: &'static str,
    value: &T,
    notes: Notes,
    index: u32,
) -> Result<(), M::Error> {
    if (notes.null | notes.absent) & bit(index) == 0 || !is_default(value) {
        map.serialize_entry(key, value)
    } else if notes.is_null(index) {
        map.serialize_entry(key, &())
    } else {
        Ok(())
    }
}

/// How an optional field was sent.
#[inline]
pub fn how_optional<T>(value: &Option<T>, notes: Notes, index: u32) -> Presence {
    match value {
        Some(_) => Presence::Value,
        None if notes.is_null(index) => Presence::Null,
        None => Presence::Absent,
    }
}

/// How a required nullable field was sent.
#[inline]
pub fn how_nullable<T>(value: &Option<T>, notes: Notes, index: u32) -> Presence {
    match value {
        Some(_) => Presence::Value,
        None if notes.is_absent(index) => Presence::Absent,
        None => Presence::Null,
    }
}

/// How a lenient field was sent: a default read from `null` or nothing, or a value.
#[inline]
pub fn how_lenient<T: Default + PartialEq>(value: &T, notes: Notes, index: u32) -> Presence {
    if notes.is_null(index) && is_default(value) {
        Presence::Null
    } else if notes.is_absent(index) && is_default(value) {
        Presence::Absent
    } else {
        Presence::Value
    }
}

/// How a JSON value field was sent: it holds `null` itself.
#[inline]
pub fn how_any(value: &serde_json::Value, notes: Notes, index: u32) -> Presence {
    match value {
        serde_json::Value::Null if notes.is_absent(index) => Presence::Absent,
        serde_json::Value::Null => Presence::Null,
        _ => Presence::Value,
    }
}
