//! A large JSON document read on two cores.
//!
//! Reading the OpenAI spec into a value is the longest step that runs on one core before the
//! model is built. Its component schemas are two thirds of the text and its paths a third, so
//! the text is cut, without reading it, at the boundaries of the members of the root, of
//! `components` and of `components.schemas`: the later half of the schemas is read on another
//! core while this one reads the rest, and the parts are put together in order. Anything
//! unexpected (a cut that does not land, a part that does not read, a key the parts both hold)
//! gives up, and the whole text is read as one, for the same value or the error with its place.

use serde_json::{Map, Value};
use std::ops::Range;

/// Below this size the document is read as one: a thread costs more than it saves.
const WORTH_SPLITTING: usize = 256 * 1024;

/// The value of `text` read in two halves, or `None` where it is read as one (see the module).
/// `read` reads one member's value, at the depth it sits in the document.
pub fn read<F>(text: &str, read: F) -> Option<Value>
where
    F: Fn(&str, usize) -> Option<Value> + Sync,
{
    if text.len() < WORTH_SPLITTING {
        return None;
    }
    let root = object(text, skip_space(text, 0), &["components", "schemas"])?;
    if skip_space(text, root.end) != text.len() {
        return None;
    }
    let (components, in_components) = root.inner?;
    let (schemas, in_schemas) = in_components.inner?;
    let (root, in_components, in_schemas) = (root.members, in_components.members, in_schemas.members);
    // The later schemas, about half the text, go to the other core.
    let half = text.len() / 2;
    let mut later_bytes = 0;
    let mut cut = in_schemas.len();
    while cut > 0 && later_bytes < half {
        cut -= 1;
        later_bytes += in_schemas[cut].value.len();
    }
    let (first, later) = in_schemas.split_at(cut);
    let read_all = |members: &[Member], depth: usize| -> Option<Map<String, Value>> {
        let mut map = Map::new();
        for member in members {
            let value = read(&text[member.value.clone()], depth)?;
            // A key written twice: the whole reading names it.
            if map.insert(member.key.clone(), value).is_some() {
                return None;
            }
        }
        Some(map)
    };
    let (rest, later) = std::thread::scope(|scope| {
        let later = scope.spawn(|| read_all(later, 3));
        let rest = (|| {
            let mut root_map = Map::new();
            for (index, member) in root.iter().enumerate() {
                let value = if index != components {
                    read(&text[member.value.clone()], 1)?
                } else {
                    let mut components_map = Map::new();
                    for (index, member) in in_components.iter().enumerate() {
                        let value = if index != schemas { read(&text[member.value.clone()], 2)? } else { Value::Object(read_all(first, 3)?) };
                        if components_map.insert(member.key.clone(), value).is_some() {
                            return None;
                        }
                    }
                    Value::Object(components_map)
                };
                if root_map.insert(member.key.clone(), value).is_some() {
                    return None;
                }
            }
            Some(root_map)
        })();
        (rest, later.join().ok().flatten())
    });
    let (mut root_map, later) = (rest?, later?);
    let schemas = root_map.get_mut("components")?.get_mut("schemas")?.as_object_mut()?;
    for (key, value) in later {
        if schemas.insert(key, value).is_some() {
            return None;
        }
    }
    Some(Value::Object(root_map))
}

/// A member of an object: its key, and where its value's text is.
struct Member {
    key: String,
    value: Range<usize>,
}

/// An object's members, found without reading their values, and where it ends; and, when its
/// member named first in the path it was looked at with is an object, that member's own.
struct Object {
    members: Vec<Member>,
    end: usize,
    inner: Option<(usize, Box<Object>)>,
}

/// The object whose `{` is at `at`, looked into along `path` (each object of the document is
/// gone through once).
fn object(text: &str, at: usize, path: &[&str]) -> Option<Object> {
    let bytes = text.as_bytes();
    if bytes.get(at) != Some(&b'{') {
        return None;
    }
    let mut found = Object { members: Vec::new(), end: 0, inner: None };
    let mut at = skip_space(text, at + 1);
    if bytes.get(at) == Some(&b'}') {
        found.end = at + 1;
        return Some(found);
    }
    loop {
        let key_end = string_end(bytes, at)?;
        let key = &text[at..key_end];
        let key = match key.contains('\\') {
            true => serde_json::from_str(key).ok()?,
            false => key[1..key.len() - 1].to_owned(),
        };
        at = skip_space(text, key_end);
        if bytes.get(at) != Some(&b':') {
            return None;
        }
        let start = skip_space(text, at + 1);
        let end = match path.split_first() {
            Some((first, rest)) if key == *first && bytes.get(start) == Some(&b'{') => {
                let inner = object(text, start, rest)?;
                let end = inner.end;
                found.inner = Some((found.members.len(), Box::new(inner)));
                end
            }
            _ => value_end(bytes, start)?,
        };
        found.members.push(Member { key, value: start..end });
        at = skip_space(text, end);
        match bytes.get(at)? {
            b',' => at = skip_space(text, at + 1),
            b'}' => {
                found.end = at + 1;
                return Some(found);
            }
            _ => return None,
        }
    }
}

fn skip_space(text: &str, at: usize) -> usize {
    at + text[at..].len() - text[at..].trim_start_matches([' ', '\t', '\n', '\r']).len()
}

/// Just past the string whose `"` is at `at`.
fn string_end(bytes: &[u8], at: usize) -> Option<usize> {
    if bytes.get(at) != Some(&b'"') {
        return None;
    }
    let mut at = at + 1;
    loop {
        at += memchr::memchr2(b'"', b'\\', &bytes[at..])?;
        match bytes[at] {
            b'"' => return Some(at + 1),
            _ => at += 2,
        }
    }
}

/// Just past the value that starts at `at` (its text is checked when it is read). Inside an
/// object only its own braces count (brackets pair up inside it), and likewise in an array.
fn value_end(bytes: &[u8], at: usize) -> Option<usize> {
    let (open, close) = match bytes.get(at)? {
        b'"' => return string_end(bytes, at),
        b'{' => (b'{', b'}'),
        b'[' => (b'[', b']'),
        _ => {
            let length = bytes[at..].iter().position(|byte| matches!(byte, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r'))?;
            return Some(at + length);
        }
    };
    let (mut depth, mut at) = (0usize, at);
    loop {
        at += memchr::memchr3(b'"', open, close, bytes.get(at..)?)?;
        match bytes[at] {
            b'"' => {
                at = string_end(bytes, at)?;
                continue;
            }
            byte if byte == open => depth += 1,
            _ => {
                depth -= 1;
                if depth == 0 {
                    return Some(at + 1);
                }
            }
        }
        at += 1;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn whole(text: &str, _depth: usize) -> Option<Value> {
        serde_json::from_str(text).ok()
    }

    /// A document large enough to be split, with `extra` written into its schemas.
    fn document(extra: &str) -> String {
        let schemas: Vec<String> = (0..5000).map(|n| format!(r#""S{n}": {{"type": "object", "description": "The \"{n}\" one. {{[,]}}"}}"#)).collect();
        format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{"/a": {{"get": {{}}}}}},
            "components": {{"responses": {{}}, "schemas": {{{}{extra}}}, "x-after": [1, 2.5, true, null]}}, "x-end": "\u00e9"}}"#,
            schemas.join(",\n")
        )
    }

    #[test]
    fn the_halves_make_the_value_read_as_one() {
        let text = document("");
        assert!(text.len() > WORTH_SPLITTING);
        let halves = read(&text, whole).expect("split");
        assert_eq!(halves, serde_json::from_str::<Value>(&text).expect("reads"));
        let keys: Vec<&String> = halves["components"]["schemas"].as_object().expect("schemas").keys().collect();
        assert_eq!(keys.len(), 5000);
        assert_eq!(keys[4999], "S4999");
    }

    #[test]
    fn what_is_not_plain_is_read_as_one() {
        // A key the halves both hold, a value that does not read, text that is not an object,
        // and a small document.
        assert!(read(&document(r#", "S1": {}"#), whole).is_none());
        assert!(read(&document(r#", "S9999": tru"#), whole).is_none());
        assert!(read(&format!("[{}]", document("")), whole).is_none());
        assert!(read(&format!("{} {{}}", document("")), whole).is_none(), "text after the document");
        assert!(read(r#"{"components": {"schemas": {}}}"#, whole).is_none());
    }
}
