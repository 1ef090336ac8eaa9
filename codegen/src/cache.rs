//! Formatted files from an earlier run, by a hash of their tokens, so a file whose tokens did
//! not change is not formatted again (formatting is most of a generation's time).
//!
//! The cache only ever saves time: the text it gives for a key is the text formatting those
//! tokens gave before, by the same generator (a cache written by another build, `identity`, is
//! ignored whole). A cache file that is missing, unreadable or malformed is an empty cache.

use proc_macro2::{Delimiter, Spacing, TokenStream, TokenTree};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io;
use std::path::Path;

/// A 128-bit hash of a token stream: its tokens' text, spacing and grouping, which is all the
/// formatter reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(u128);

impl Key {
    pub fn of(tokens: &TokenStream) -> Key {
        // Two hashers told apart by a first byte, for 128 bits: a collision would give a file
        // another file's text.
        let mut hashers = TwoHashers([DefaultHasher::new(), DefaultHasher::new()]);
        hashers.0[1].write_u8(1);
        hash_stream(tokens, &mut hashers);
        let [a, b] = hashers.0.map(|h| h.finish());
        Key((u128::from(a) << 64) | u128::from(b))
    }
}

struct TwoHashers([DefaultHasher; 2]);

impl TwoHashers {
    fn bytes(&mut self, bytes: &[u8]) {
        for hasher in &mut self.0 {
            hasher.write(bytes);
        }
    }
}

/// Feeds what a token prints to the hashers, without building a string for each.
impl std::fmt::Write for TwoHashers {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.bytes(text.as_bytes());
        Ok(())
    }
}

fn hash_stream(tokens: &TokenStream, hashers: &mut TwoHashers) {
    use std::fmt::Write;
    for token in tokens.clone() {
        // A tag before each token and a length after each word, so no two streams feed the
        // same bytes.
        match &token {
            TokenTree::Group(group) => {
                let tag = match group.delimiter() {
                    Delimiter::Parenthesis => b'(',
                    Delimiter::Brace => b'{',
                    Delimiter::Bracket => b'[',
                    Delimiter::None => b'0',
                };
                hashers.bytes(&[tag]);
                hash_stream(&group.stream(), hashers);
                hashers.bytes(b")");
            }
            TokenTree::Ident(ident) => {
                hashers.bytes(b"i");
                let _ = write!(hashers, "{ident}");
                hashers.bytes(b"\0");
            }
            TokenTree::Punct(punct) => {
                let spacing = if punct.spacing() == Spacing::Joint { b'j' } else { b'a' };
                hashers.bytes(&[b'p', spacing]);
                let _ = write!(hashers, "{}", punct.as_char());
            }
            TokenTree::Literal(literal) => {
                let text = literal.to_string();
                hashers.bytes(b"l");
                hashers.bytes(&text.len().to_le_bytes());
                hashers.bytes(text.as_bytes());
            }
        }
    }
}

/// Formatted texts by the key of their tokens.
#[derive(Debug, Default)]
pub struct FormatCache {
    texts: HashMap<Key, String>,
}

const MAGIC: &str = "codegen format cache 1";

impl FormatCache {
    pub fn get(&self, key: Key) -> Option<&str> {
        self.texts.get(&key).map(String::as_str)
    }

    pub fn len(&self) -> usize {
        self.texts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.texts.is_empty()
    }

    /// The cache of the texts given, by their keys.
    pub fn from_texts(texts: impl IntoIterator<Item = (Key, String)>) -> FormatCache {
        FormatCache { texts: texts.into_iter().collect() }
    }

    /// Reads the cache at `path` that the generator `identity` wrote; anything else (no file, a
    /// file another build wrote, a malformed file) is an empty cache.
    pub fn read(path: &Path, identity: &str) -> FormatCache {
        std::fs::read(path).ok().and_then(|bytes| parse(&bytes, identity)).unwrap_or_default()
    }

    /// Writes the cache for the generator `identity`: beside, then renamed, so a reader never
    /// sees half of it.
    pub fn write(&self, path: &Path, identity: &str) -> io::Result<()> {
        let mut keys: Vec<&Key> = self.texts.keys().collect();
        keys.sort_by_key(|key| key.0);
        let mut out = format!("{MAGIC}\n{}\n", identity.replace('\n', " ")).into_bytes();
        for key in keys {
            let text = &self.texts[key];
            out.extend_from_slice(format!("{:032x} {}\n", key.0, text.len()).as_bytes());
            out.extend_from_slice(text.as_bytes());
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let mut partial = path.as_os_str().to_owned();
        partial.push(".partial");
        std::fs::write(&partial, out)?;
        std::fs::rename(&partial, path)
    }
}

fn parse(bytes: &[u8], identity: &str) -> Option<FormatCache> {
    let text = std::str::from_utf8(bytes).ok()?;
    let rest = text.strip_prefix(MAGIC)?.strip_prefix('\n')?;
    let (written_by, mut rest) = rest.split_once('\n')?;
    if written_by != identity.replace('\n', " ") {
        return None;
    }
    let mut texts = HashMap::new();
    while !rest.is_empty() {
        let (line, after) = rest.split_once('\n')?;
        let (key, len) = line.split_once(' ')?;
        let key = u128::from_str_radix(key, 16).ok()?;
        let len: usize = len.parse().ok()?;
        let body = after.get(..len)?;
        texts.insert(Key(key), body.to_owned());
        rest = &after[len..];
    }
    Some(FormatCache { texts })
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn keys_tell_apart_what_the_formatter_reads() {
        let keys = [
            Key::of(&quote!(
                struct A;
            )),
            Key::of(&quote!(
                struct B;
            )),
            Key::of(&quote!(
                struct A {}
            )),
            Key::of(&quote!(
                fn f() -> A {}
            )),
            Key::of(&quote!(fn f() - > A {})),
            Key::of(&quote!(
                const A: &str = "a";
            )),
            Key::of(&quote!(
                const A: &str = "b";
            )),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(
            Key::of(&quote!(
                struct A;
            )),
            keys[0]
        );
    }

    #[test]
    fn a_cache_reads_back_what_it_wrote_and_nothing_else() {
        let dir = std::env::temp_dir().join(format!("codegen-cache-test-{}", std::process::id()));
        let path = dir.join("cache");
        let cache = FormatCache::from_texts([(Key(1), "fn a() {}\n".to_owned()), (Key(u128::MAX), "é\n\nx".to_owned())]);
        cache.write(&path, "build 1").unwrap_or_else(|e| panic!("{e}"));
        let read = FormatCache::read(&path, "build 1");
        assert_eq!(read.get(Key(1)), Some("fn a() {}\n"));
        assert_eq!(read.get(Key(u128::MAX)), Some("é\n\nx"));
        assert!(FormatCache::read(&path, "build 2").is_empty(), "another build's cache is ignored");
        let bytes = std::fs::read(&path).unwrap_or_default();
        std::fs::write(&path, &bytes[..bytes.len() - 2]).unwrap_or_else(|e| panic!("{e}"));
        assert!(FormatCache::read(&path, "build 1").is_empty(), "a cut cache is ignored");
        assert!(FormatCache::read(&dir.join("missing"), "build 1").is_empty());
        let _ = std::fs::remove_dir_all(dir);
    }
}
