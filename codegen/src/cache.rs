//! Formatted files from an earlier run, by a hash of their tokens, so a file whose tokens did
//! not change is not formatted again (formatting is most of a generation's time).
//!
//! The cache only ever saves time: the text it gives for a key is the text formatting those
//! tokens gave before, by the same generator (a cache written by another build, `identity`, is
//! ignored whole). A cache file that is missing, unreadable or malformed is an empty cache.

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};
use std::collections::HashMap;
use std::hash::{DefaultHasher, Hasher};
use std::io;
use std::path::Path;

/// A 128-bit hash of a token stream: its tokens' text, spacing and grouping, which is all the
/// formatter reads.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Key(u128);

impl Key {
    /// The key of `tokens`, and the same tokens. They are taken and handed back rather than read
    /// through a reference because proc-macro2 only iterates a stream it owns: reading a borrowed
    /// one copies every token (an allocation per identifier), which cost as much as the hash.
    pub fn of(tokens: TokenStream) -> (Key, TokenStream) {
        let mut bytes = Bytes(Vec::with_capacity(64 * 1024));
        let tokens = encode(tokens, &mut bytes);
        // Two hashers told apart by a first byte, for 128 bits: a collision would give a file
        // another file's text.
        let (mut a, mut b) = (DefaultHasher::new(), DefaultHasher::new());
        b.write_u8(1);
        a.write(&bytes.0);
        b.write(&bytes.0);
        (Key((u128::from(a.finish()) << 64) | u128::from(b.finish())), tokens)
    }

    /// This key and `texts` (a file's doc blocks, which its tokens only hold placeholders for),
    /// each text's length before it so that no two lists hash the same bytes.
    pub fn with_texts(self, texts: &[String]) -> Key {
        if texts.is_empty() {
            return self;
        }
        let (mut a, mut b) = (DefaultHasher::new(), DefaultHasher::new());
        b.write_u8(1);
        for hasher in [&mut a, &mut b] {
            hasher.write_u128(self.0);
            for text in texts {
                hasher.write_usize(text.len());
                hasher.write(text.as_bytes());
            }
        }
        Key((u128::from(a.finish()) << 64) | u128::from(b.finish()))
    }
}

/// The bytes the key hashes, filled without a string per token.
struct Bytes(Vec<u8>);

impl std::fmt::Write for Bytes {
    fn write_str(&mut self, text: &str) -> std::fmt::Result {
        self.0.extend_from_slice(text.as_bytes());
        Ok(())
    }
}

/// Writes the tokens into `bytes`, each with a tag, so no two streams write the same bytes
/// (an identifier ends with a byte none holds, a literal's length comes before its text), and
/// rebuilds the stream from the tokens taken out of it.
fn encode(tokens: TokenStream, bytes: &mut Bytes) -> TokenStream {
    use std::fmt::Write;
    tokens
        .into_iter()
        .map(|token| match token {
            TokenTree::Group(group) => {
                let delimiter = group.delimiter();
                let tag = match delimiter {
                    Delimiter::Parenthesis => b'(',
                    Delimiter::Brace => b'{',
                    Delimiter::Bracket => b'[',
                    Delimiter::None => b'0',
                };
                // The group dropped first, its stream is the only owner of its tokens, and is
                // read without a copy.
                let stream = group.stream();
                drop(group);
                bytes.0.push(tag);
                let stream = encode(stream, bytes);
                bytes.0.push(b')');
                TokenTree::Group(Group::new(delimiter, stream))
            }
            TokenTree::Ident(ident) => {
                bytes.0.push(b'i');
                let _ = write!(bytes, "{ident}");
                bytes.0.push(0);
                TokenTree::Ident(ident)
            }
            TokenTree::Punct(punct) => {
                let spacing = if punct.spacing() == Spacing::Joint { b'j' } else { b'a' };
                bytes.0.extend_from_slice(&[b'p', spacing]);
                let _ = write!(bytes, "{}", punct.as_char());
                TokenTree::Punct(punct)
            }
            TokenTree::Literal(literal) => {
                bytes.0.push(b'l');
                let at = bytes.0.len();
                bytes.0.extend_from_slice(&[0; 8]);
                let _ = write!(bytes, "{literal}");
                let len = (bytes.0.len() - at - 8) as u64;
                bytes.0[at..at + 8].copy_from_slice(&len.to_le_bytes());
                TokenTree::Literal(literal)
            }
        })
        .collect()
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
        let key = |tokens: TokenStream| {
            let text = tokens.to_string();
            let (key, back) = Key::of(tokens);
            assert_eq!(back.to_string(), text, "the tokens come back as they were");
            key
        };
        let keys = [
            key(quote!(
                struct A;
            )),
            key(quote!(
                struct B;
            )),
            key(quote!(
                struct A {}
            )),
            key(quote!(
                fn f() -> A {}
            )),
            key(quote!(fn f() - > A {})),
            key(quote!(
                const A: &str = "a";
            )),
            key(quote!(
                const A: &str = "b";
            )),
            key(quote!(
                const A: [u8; 1] = [b'a'];
            )),
        ];
        for (i, a) in keys.iter().enumerate() {
            for b in &keys[i + 1..] {
                assert_ne!(a, b);
            }
        }
        assert_eq!(
            key(quote!(
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
