//! Helpers for the generated `Deserialize` impls of tagged unions. Not part of the crate's API.
// Not every spec's unions need every helper.
#![allow(dead_code)]

use serde::de::{Deserialize, Error};
use serde_json::Value;

/// The string value of `key` in a JSON object.
pub fn tag<'v>(value: &'v Value, key: &str) -> Option<&'v str> {
    value.get(key)?.as_str()
}

/// Deserializes a variant from the buffered object.
pub fn variant<'v, T: Deserialize<'v>, E: Error>(value: &'v Value) -> Result<T, E> {
    T::deserialize(value).map_err(E::custom)
}

/// Deserializes a variant if the object fits it.
pub fn attempt<'v, T: Deserialize<'v>>(value: &'v Value) -> Option<T> {
    T::deserialize(value).ok()
}

pub fn missing<E: Error>(key: &str, union: &str) -> E {
    E::custom(format_args!("{union}: the object has no string `{key}` to tell which variant it is"))
}

pub fn unknown<E: Error>(key: &str, tag: Option<&str>, union: &str) -> E {
    match tag {
        Some(tag) => E::custom(format_args!("{union}: unknown `{key}` value {tag:?}")),
        None => missing(key, union),
    }
}
