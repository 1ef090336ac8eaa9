//! JSON pointers (RFC 6901) and the HTTP methods of a path item: the one home of each, for every
//! stage that names a place in a document or walks its operations.

use openapiv3::{Operation, PathItem};

/// The prefix of every schema reference.
pub const SCHEMA_PREFIX: &str = "#/components/schemas/";

/// Escapes one segment of a JSON pointer: `~` is written `~0`, `/` is written `~1`. Most
/// segments have neither and are borrowed (the load stage escapes every key it walks).
pub fn escape(segment: &str) -> std::borrow::Cow<'_, str> {
    // Byte by byte: a search for either of two characters went through a char pattern, and the
    // load stage escapes every key it walks.
    if segment.bytes().any(|byte| byte == b'~' || byte == b'/') {
        segment.replace('~', "~0").replace('/', "~1").into()
    } else {
        segment.into()
    }
}

/// The name one segment of a JSON pointer stands for (the inverse of [`escape`]).
pub fn unescape(segment: &str) -> String {
    segment.replace("~1", "/").replace("~0", "~")
}

/// The HTTP methods a path item may hold an operation for, in the order the generator visits
/// them (OpenAPI's field names).
pub const METHODS: [&str; 8] = ["get", "put", "post", "delete", "options", "head", "patch", "trace"];

/// The operations of a path item with their methods, in the order of [`METHODS`].
pub fn operations(item: &PathItem) -> impl Iterator<Item = (&'static str, &Operation)> {
    let slots = [&item.get, &item.put, &item.post, &item.delete, &item.options, &item.head, &item.patch, &item.trace];
    METHODS.into_iter().zip(slots).filter_map(|(method, operation)| operation.as_ref().map(|operation| (method, operation)))
}

/// [`operations`], to change them.
pub fn operations_mut(item: &mut PathItem) -> impl Iterator<Item = (&'static str, &mut Operation)> {
    let slots = [&mut item.get, &mut item.put, &mut item.post, &mut item.delete, &mut item.options, &mut item.head, &mut item.patch, &mut item.trace];
    METHODS.into_iter().zip(slots).filter_map(|(method, operation)| operation.as_mut().map(|operation| (method, operation)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_escape_and_come_back() {
        for (name, escaped) in [("plain", "plain"), ("a/b", "a~1b"), ("~", "~0"), ("~1", "~01"), ("/~/", "~1~0~1"), ("", "")] {
            assert_eq!(escape(name), escaped);
            assert_eq!(unescape(escaped), name);
        }
    }

    /// Both walks pair each operation with its own method, in the order of `METHODS`.
    #[test]
    fn operations_carry_their_method() {
        let operation = |id: &str| Some(Operation { operation_id: Some(id.to_owned()), ..Operation::default() });
        let mut item = PathItem {
            get: operation("get"),
            put: operation("put"),
            post: operation("post"),
            delete: operation("delete"),
            options: operation("options"),
            head: operation("head"),
            patch: operation("patch"),
            trace: operation("trace"),
            ..PathItem::default()
        };
        let seen: Vec<(&str, String)> = operations(&item).map(|(m, o)| (m, o.operation_id.clone().unwrap_or_default())).collect();
        assert_eq!(seen.iter().map(|(m, _)| *m).collect::<Vec<_>>(), METHODS);
        assert!(seen.iter().all(|(method, id)| method == id), "{seen:?}");
        let seen: Vec<(&str, String)> = operations_mut(&mut item).map(|(m, o)| (m, o.operation_id.clone().unwrap_or_default())).collect();
        assert!(seen.iter().all(|(method, id)| method == id), "{seen:?}");
        item.post = None;
        assert_eq!(operations(&item).count(), 7);
    }
}
