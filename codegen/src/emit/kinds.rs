//! The kinds of JSON value a type reads (a string, a number, an object...): what decides which
//! variant of a union a value streams into, for untagged unions (`emit::unions`) and the
//! fallback members of tagged ones (`emit::tagged`).

use crate::ir::{Dispatch, Payload, TypeRef};

// The kinds of JSON value a type's `Deserialize` accepts (null aside: a `null` is always
// buffered), as bits.
pub const STR: u8 = 1;
pub const INT: u8 = 2;
pub const FLOAT: u8 = 4;
pub const BOOL: u8 = 8;
pub const SEQ: u8 = 16;
pub const MAP: u8 = 32;
const ANY: u8 = STR | INT | FLOAT | BOOL | SEQ | MAP;

/// The kinds of JSON `ty` reads. Unions read what their variants read; a union nested too deep
/// (through itself) counts as reading anything, which only makes its parent buffer more.
pub fn kinds(model: &crate::ir::Model, ty: &TypeRef, depth: usize) -> u8 {
    use crate::ir::TypeKind;
    match ty {
        // A file reads from a string (its content): see the runtime's `call::File`.
        TypeRef::String | TypeRef::File => STR,
        TypeRef::Bool => BOOL,
        TypeRef::I32 | TypeRef::I64 => INT,
        TypeRef::F64 => INT | FLOAT,
        TypeRef::Vec(_) => SEQ,
        TypeRef::Map(_) | TypeRef::Object => MAP,
        TypeRef::Any => ANY,
        TypeRef::Option(inner) | TypeRef::Box(inner) => kinds(model, inner, depth),
        TypeRef::Named(_) if depth > 8 => ANY,
        TypeRef::Named(id) => match &model.types[*id].kind {
            // serde's derive (`Config::derive_deserialize`) also reads a struct from an array
            // of its fields, unless a flattened map or union makes it read a map.
            TypeKind::Struct(object)
                if model.derive_deserialize && object.flattened.is_empty() && object.additional.is_none() && object.unknown_fields.is_none() =>
            {
                MAP | SEQ
            }
            TypeKind::Struct(_) => MAP,
            TypeKind::Enum(_) | TypeKind::Const(_) => STR,
            TypeKind::Integers(_) => INT,
            TypeKind::Alias(inner) | TypeKind::Newtype(inner) => kinds(model, inner, depth + 1),
            TypeKind::Union(union) => match &union.dispatch {
                // An object by its tag, and what its fallback variants read (a string member of a
                // tagged union, as `EvalItemContentItem`'s text).
                Dispatch::Tagged(tagged) => tagged
                    .fallback
                    .iter()
                    .filter_map(|&i| match &union.variants.get(i)?.payload {
                        Payload::Value(inner) => Some(kinds(model, inner, depth + 1)),
                        Payload::Unit { .. } => Some(STR),
                    })
                    .fold(MAP, |all, kinds| all | kinds),
                Dispatch::Untagged => union
                    .variants
                    .iter()
                    .map(|variant| match &variant.payload {
                        Payload::Unit { .. } => STR,
                        Payload::Value(inner) => kinds(model, inner, depth + 1),
                    })
                    .fold(0, |all, kinds| all | kinds),
            },
            TypeKind::Pending | TypeKind::Operation(_) => ANY,
        },
    }
}
