//! A large JSON document read on two cores.
//!
//! Reading the OpenAI spec into a value is the longest step that runs on one core before the
//! model is built. Its component schemas are two thirds of the text and its paths a third, so
//! the member of `components.schemas` that starts at or after a fixed point of the text (four
//! sevenths in) is a cut. The other core finds it, skipping over the text before it without
//! reading it, and reads the schemas from there on; this core reads the document up to the cut,
//! one member at a time (each read says where it ended, so this core skips nothing), then the
//! rest after the schemas. Both find the same cut by the same rule, and the parts are put
//! together in order. Anything unexpected (the two disagree on the cut, a part that does not
//! read, a key written twice) gives up, and the whole text is read as one, for the same value or
//! the error with its place.

use serde_json::{Map, Value};

/// Below this size the document is read as one: a thread costs more than it saves.
const WORTH_SPLITTING: usize = 256 * 1024;

/// Where the cut is looked for, as a fraction of the text: the other core skips the text before
/// it (a quarter of the cost of reading it) and reads the rest, so that both cores end about
/// together (on the OpenAI spec, 51 M instructions each).
const CUT_AT: (usize, usize) = (4, 7);

/// A member's value read from the start of a text, `depth` levels deep in the document: the value
/// and the length of its text; `None` where it does not read.
pub type ReadValue<'f> = dyn Fn(&str, usize) -> Option<(Value, usize)> + Sync + 'f;

/// The value of `text` read in two parts, or `None` where it is read as one (see the module).
pub fn read(text: &str, read: &ReadValue) -> Option<Value> {
    if text.len() < WORTH_SPLITTING {
        return None;
    }
    let target = text.len() / CUT_AT.1 * CUT_AT.0;
    let reader = Reader { text, read, target };
    std::thread::scope(|scope| {
        let later = scope.spawn(|| reader.later());
        reader.document(later)
    })
}

struct Reader<'t, 'f> {
    text: &'t str,
    read: &'f ReadValue<'f>,
    /// The cut is the first schema that starts here or after.
    target: usize,
}

/// The other core's part: where the cut is, the schemas from there on, and where the schemas end
/// (`None` where the schemas end before the target); the thread gives `None` where it gives up.
type Later = Option<(usize, Map<String, Value>, usize)>;
type Handle<'s> = std::thread::ScopedJoinHandle<'s, Option<Later>>;

impl Reader<'_, '_> {
    /// The other core's part, or `Some` of an empty part where the schemas end before the target
    /// (`None` where it gives up).
    fn later(&self) -> Option<Later> {
        let bytes = self.text.as_bytes();
        let Some(cut) = self.find_cut()? else { return Some(None) };
        let mut schemas = Map::new();
        let mut at = cut;
        loop {
            let (key, value, end) = self.member(at, 3)?;
            if schemas.insert(key, value).is_some() {
                return None;
            }
            at = skip_space(self.text, end);
            match bytes.get(at)? {
                b',' => at = skip_space(self.text, at + 1),
                b'}' => return Some(Some((cut, schemas, at + 1))),
                _ => return None,
            }
        }
    }

    /// Where the first schema at or after the target starts (`Some(None)`: there is none),
    /// found by skipping the values before it.
    fn find_cut(&self) -> Option<Option<usize>> {
        let bytes = self.text.as_bytes();
        let mut at = skip_space(self.text, 0);
        for name in ["components", "schemas"] {
            // Into the member `name` of the object at `at`.
            if bytes.get(at) != Some(&b'{') {
                return None;
            }
            at = skip_space(self.text, at + 1);
            loop {
                if bytes.get(at)? == &b'}' {
                    return Some(None);
                }
                let key_end = string_end(bytes, at)?;
                let key = key_text(&self.text[at..key_end])?;
                at = skip_space(self.text, key_end);
                if bytes.get(at) != Some(&b':') {
                    return None;
                }
                at = skip_space(self.text, at + 1);
                if key == name && bytes.get(at) == Some(&b'{') {
                    break;
                }
                at = skip_space(self.text, value_end(bytes, at)?);
                match bytes.get(at)? {
                    b',' => at = skip_space(self.text, at + 1),
                    b'}' => return Some(None),
                    _ => return None,
                }
            }
        }
        // The schemas: their members, until one starts at the target or after.
        at = skip_space(self.text, at + 1);
        loop {
            match bytes.get(at)? {
                b'}' => return Some(None),
                _ if at >= self.target => return Some(Some(at)),
                _ => {}
            }
            let key_end = string_end(bytes, at)?;
            at = skip_space(self.text, key_end);
            if bytes.get(at) != Some(&b':') {
                return None;
            }
            at = skip_space(self.text, value_end(bytes, skip_space(self.text, at + 1))?);
            match bytes.get(at)? {
                b',' => at = skip_space(self.text, at + 1),
                b'}' => return Some(None),
                _ => return None,
            }
        }
    }

    /// The member whose key starts at `at`: its key, its value read, and where the value ends.
    fn member(&self, at: usize, depth: usize) -> Option<(String, Value, usize)> {
        let bytes = self.text.as_bytes();
        let key_end = string_end(bytes, at)?;
        let key = key_text(&self.text[at..key_end])?;
        let colon = skip_space(self.text, key_end);
        if bytes.get(colon) != Some(&b':') {
            return None;
        }
        let start = skip_space(self.text, colon + 1);
        let (value, length) = (self.read)(&self.text[start..], depth)?;
        Some((key, value, start + length))
    }

    /// The whole document: this core's part read here, the later schemas taken from the other
    /// core when the schemas reach the cut.
    fn document(&self, later: Handle) -> Option<Value> {
        let mut later = Some(later);
        let at = skip_space(self.text, 0);
        let read = self.object(at, 0, &mut later);
        // The other core's part, when the schemas never reached the cut: it must have found none
        // (a thread that panicked gives up too).
        if let Some(handle) = later {
            let found: Later = handle.join().ok()??;
            if found.is_some() {
                return None;
            }
        }
        let (root, end) = read?;
        (skip_space(self.text, end) == self.text.len()).then_some(Value::Object(root))
    }

    /// The object whose `{` is at `at`, `depth` levels deep (the root is 0; `components` 1; its
    /// `schemas` 2), and where it ends.
    fn object(&self, at: usize, depth: usize, later: &mut Option<Handle>) -> Option<(Map<String, Value>, usize)> {
        let bytes = self.text.as_bytes();
        if bytes.get(at) != Some(&b'{') {
            return None;
        }
        let mut map = Map::new();
        let mut at = skip_space(self.text, at + 1);
        if bytes.get(at) == Some(&b'}') {
            return Some((map, at + 1));
        }
        loop {
            if depth == 2 && at >= self.target {
                // The cut: the rest of the schemas are the other core's.
                let found: Later = later.take()?.join().ok()??;
                let (cut, schemas, end) = found?;
                if cut != at {
                    return None;
                }
                for (key, value) in schemas {
                    if map.insert(key, value).is_some() {
                        return None;
                    }
                }
                return Some((map, end));
            }
            let (key, value, end) = match depth {
                0 | 1 => {
                    let key_end = string_end(bytes, at)?;
                    let key = key_text(&self.text[at..key_end])?;
                    let colon = skip_space(self.text, key_end);
                    let start = skip_space(self.text, colon + 1);
                    let inner = if depth == 0 { "components" } else { "schemas" };
                    if bytes.get(colon) == Some(&b':') && key == inner && bytes.get(start) == Some(&b'{') && later.is_some() {
                        let (inner, end) = self.object(start, depth + 1, later)?;
                        (key, Value::Object(inner), end)
                    } else {
                        self.member(at, depth + 1)?
                    }
                }
                _ => self.member(at, depth + 1)?,
            };
            if map.insert(key, value).is_some() {
                return None;
            }
            at = skip_space(self.text, end);
            match bytes.get(at)? {
                b',' => at = skip_space(self.text, at + 1),
                b'}' => return Some((map, at + 1)),
                _ => return None,
            }
        }
    }
}

/// A key's text (`"..."` with its quotes) as the key it spells.
fn key_text(quoted: &str) -> Option<String> {
    match quoted.contains('\\') {
        true => serde_json::from_str(quoted).ok(),
        false => Some(quoted[1..quoted.len() - 1].to_owned()),
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

    fn whole(text: &str, _depth: usize) -> Option<(Value, usize)> {
        let mut values = serde_json::Deserializer::from_str(text).into_iter::<Value>();
        let value = values.next()?.ok()?;
        Some((value, values.byte_offset()))
    }

    /// A document large enough to be split: `paths` of `paths` operations, 5,000 schemas with
    /// `extra` written after them, and `after` bytes of a member after the components.
    fn document(paths: usize, extra: &str, after: usize) -> String {
        let paths: Vec<String> = (0..paths).map(|n| format!(r#""/p{n}": {{"get": {{"description": "{{[\"]}}"}}}}"#)).collect();
        let schemas: Vec<String> = (0..5000).map(|n| format!(r#""S{n}": {{"type": "object", "description": "The \"{n}\" one. {{[,]}}"}}"#)).collect();
        format!(
            r#"{{"openapi": "3.1.0", "info": {{"title": "t", "version": "1"}}, "paths": {{{}}},
            "components": {{"responses": {{}}, "schemas": {{{}{extra}}}, "x-after": [1, 2.5, true, null]}}, "x-end": "\u00e9{}"}}"#,
            paths.join(", "),
            schemas.join(",\n"),
            "x".repeat(after)
        )
    }

    fn read_as_one(text: &str) {
        assert!(text.len() > WORTH_SPLITTING);
        let parts = read(text, &whole).expect("read in parts");
        assert_eq!(parts, serde_json::from_str::<Value>(text).expect("reads"));
        let keys: Vec<&String> = parts["components"]["schemas"].as_object().expect("schemas").keys().collect();
        assert_eq!(keys.len(), 5000);
        assert_eq!(keys[4999], "S4999");
    }

    #[test]
    fn the_parts_make_the_value_read_as_one() {
        // The cut in the schemas; before them (long paths); after them (a long member after).
        read_as_one(&document(10, "", 0));
        read_as_one(&document(20_000, "", 0));
        read_as_one(&document(10, "", 1_000_000));
    }

    #[test]
    fn what_is_not_plain_is_read_as_one() {
        // A key both parts hold, a value that does not read, text that is not an object, text
        // after the document, and a small document.
        assert!(read(&document(10, r#", "S1": {}"#, 0), &whole).is_none());
        assert!(read(&document(10, r#", "S9999": tru"#, 0), &whole).is_none());
        assert!(read(&document(10, r#", "S9999": 1 2"#, 0), &whole).is_none());
        assert!(read(&format!("[{}]", document(10, "", 0)), &whole).is_none());
        assert!(read(&format!("{} {{}}", document(10, "", 0)), &whole).is_none(), "text after the document");
        assert!(read(r#"{"components": {"schemas": {}}}"#, &whole).is_none());
    }
}
