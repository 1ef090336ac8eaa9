//! Presence: which declared fields of a struct were read as `null`, or left out, where the
//! field's Rust value cannot say so, so that the struct is written back as it was read.
//!
//! A required field is `T` and an optional one `Option<T>`, as a user expects to build and
//! match them; the difference between absent and `null` that those types lose is kept as
//! [`Notes`], a bit per field, in the word of the struct's map of unknown fields (no byte more
//! in the struct, and no allocation unless a required field was sent as `null`). What a noted
//! field was, its kind says (`serde_struct!`):
//!
//! | field | read | noted as | written back while noted |
//! |---|---|---|---|
//! | optional `Option<T>` | `null` | `noted` | `null`, while `None` |
//! | required and nullable `Option<T>` | absent | `noted` | left out, while `None` |
//! | required `T` read leniently | absent, or `null` | `noted`, or `noted` and `null` | left out, or `null`, while it holds its default |
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

/// One bit per declared field, in declaration order. `noted`: the field's Rust value does not
/// say how it was sent, and its kind says what it was: `null` for an optional field, absent for
/// a required nullable one, absent for a lenient one unless its `null` bit says `null` (the rare
/// case: a required field sent as `null`). A field at index 64 or later is not noted (no struct
/// of the OpenAI spec has that many), and is written as its Rust value says.
///
/// Without a `null` bit, the notes fit in the word of the unknown-field map itself (no
/// allocation), which is how nearly every payload notes (see the runtime's `unknown_fields`).
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct Notes {
    pub noted: u64,
    pub null: u64,
}

impl Notes {
    pub const NONE: Notes = Notes { noted: 0, null: 0 };

    /// The notes with field `index` noted or not.
    #[inline]
    pub fn with(self, index: u32, noted: bool) -> Notes {
        let bit = bit(index);
        Notes { noted: if noted { self.noted | bit } else { self.noted & !bit }, null: self.null & !bit }
    }

    #[inline(always)]
    pub fn is_noted(self, index: u32) -> bool {
        self.noted & bit(index) != 0
    }

    #[inline(always)]
    pub fn is_null(self, index: u32) -> bool {
        self.null & bit(index) != 0
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
// is mostly the bodies of its serde impls), and inlined, it is the same code. The reads note
// without a branch: a mask from the slot's emptiness (and the key's arrival).

/// All ones when `on`, else zero.
#[inline(always)]
fn mask(on: bool) -> u64 {
    (on as u64).wrapping_neg()
}

/// An optional field's slot just read: empty, it was `null`.
#[inline(always)]
pub fn note_null<T>(value: &Option<T>, notes: &mut Notes, index: u32) {
    notes.noted |= bit(index) & mask(value.is_none());
}

/// A required nullable field's slot at the end of a read: empty where its key did not come, it
/// was absent.
#[inline(always)]
pub fn nullable<T>(value: Option<T>, seen: u64, notes: &mut Notes, index: u32) -> Option<T> {
    notes.noted |= !seen & bit(index) & mask(value.is_none());
    value
}

/// A required field read leniently (or a JSON value): an empty slot is its default, read from
/// `null` where its key came and from nothing where it did not (a lenient read either way).
#[inline(always)]
pub fn lenient<T: Default>(value: Option<T>, seen: u64, notes: &mut Notes, index: u32) -> T {
    match value {
        Some(value) => value,
        None => {
            notes.noted |= bit(index);
            notes.null |= seen & bit(index);
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
        None if notes.is_noted(index) => map.serialize_entry(key, &()),
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
    if value.is_none() && notes.is_noted(index) {
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
    if !notes.is_noted(index) || !is_default(value) {
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
        None if notes.is_noted(index) => Presence::Null,
        None => Presence::Absent,
    }
}

/// How a required nullable field was sent.
#[inline]
pub fn how_nullable<T>(value: &Option<T>, notes: Notes, index: u32) -> Presence {
    match value {
        Some(_) => Presence::Value,
        None if notes.is_noted(index) => Presence::Absent,
        None => Presence::Null,
    }
}

/// How a lenient field was sent: a default read from `null` or nothing, or a value.
#[inline]
pub fn how_lenient<T: Default + PartialEq>(value: &T, notes: Notes, index: u32) -> Presence {
    match notes.is_noted(index) && is_default(value) {
        true if notes.is_null(index) => Presence::Null,
        true => Presence::Absent,
        false => Presence::Value,
    }
}

/// How a JSON value field was sent: it holds `null` itself.
#[inline]
pub fn how_any(value: &serde_json::Value, notes: Notes, index: u32) -> Presence {
    match value {
        serde_json::Value::Null if notes.is_noted(index) => Presence::Absent,
        serde_json::Value::Null => Presence::Null,
        _ => Presence::Value,
    }
}
