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
