//! [`UnknownFields`], the map of the fields a struct does not declare, and [`Entries`], what the
//! struct deserializers put such fields into. The map also keeps the struct's [`Notes`]: which
//! of its declared fields were read as `null` or left out where their Rust value cannot say so.
use super::presence::Notes;
use serde::ser::SerializeMap;
use serde_json::Value;
use std::borrow::Cow;
use std::num::NonZeroUsize;
use std::ptr::NonNull;

/// A map that keeps the keys a struct does not declare: the unknown-field map or the map of
/// `additionalProperties`.
pub trait Entries: Sized {
    type Value;
    /// Adds an entry read from the input (a key read twice: see [`Entries::finish`]).
    fn put(&mut self, key: Cow<'_, str>, value: Self::Value);
    /// The map once the object is read: a key read twice keeps its last value. `notes` are
    /// the struct's: the map that keeps them does (see [`Entries::notes`]).
    #[inline]
    fn finish(self, _notes: Notes) -> Self {
        self
    }
    /// The notes kept by [`Entries::finish`], or none: only [`UnknownFields`] keeps them, so a
    /// struct with a typed map of `additionalProperties` writes `null` and absent fields as
    /// their Rust values say.
    #[inline]
    fn notes(&self) -> Notes {
        Notes::NONE
    }
    /// Notes one field or clears its note (the `null_*` methods).
    #[inline]
    fn set_note(&mut self, _index: u32, _noted: bool) {}
    /// Writes the entries into a struct's map being serialized, after its declared fields.
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error>;
}

// The maps of `additionalProperties`: a key read twice keeps its first place and its last value.
impl<V: serde::Serialize> Entries for indexmap::IndexMap<String, V> {
    type Value = V;
    fn put(&mut self, key: Cow<'_, str>, value: V) {
        self.insert(key.into_owned(), value);
    }
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.iter().try_for_each(|(key, value)| map.serialize_entry(key, value))
    }
}

impl Entries for serde_json::Map<String, Value> {
    type Value = Value;
    fn put(&mut self, key: Cow<'_, str>, value: Value) {
        self.insert(key.into_owned(), value);
    }
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.iter().try_for_each(|(key, value)| map.serialize_entry(key, value))
    }
}

/// The most bytes of a key kept inline: a key and its length fill the 24 bytes a heap key takes.
const INLINE: usize = 22;

/// The key of an unknown field. Most are short (`store`, `obfuscation`), and those are kept
/// inline: no allocation for the key of an unknown field.
#[derive(Clone)]
enum Key {
    Inline(u8, [u8; INLINE]),
    Heap(Box<str>),
}

impl Key {
    fn new(key: &str) -> Key {
        if key.len() > INLINE {
            return Key::Heap(key.into());
        }
        let mut bytes = [0; INLINE];
        bytes[..key.len()].copy_from_slice(key.as_bytes());
        Key::Inline(key.len() as u8, bytes)
    }

    fn owned(key: String) -> Key {
        if key.len() > INLINE { Key::Heap(key.into_boxed_str()) } else { Key::new(&key) }
    }

    fn as_str(&self) -> &str {
        match self {
            // Copied from a `str` whole, so the bytes are UTF-8.
            Key::Inline(len, bytes) => std::str::from_utf8(&bytes[..usize::from(*len)]).unwrap_or_default(),
            Key::Heap(key) => key,
        }
    }
}

/// The fields of an object that this version of the crate does not declare, kept as sent and
/// written back in order: a map from key to `serde_json::Value` with the methods of
/// `serde_json::Map` (`get`, `insert`, `remove`, `iter`, `keys`, indexing by key...).
///
/// One word: an empty one allocates nothing, so a struct pays nothing for keeping them when the
/// API sent none (most of the time). The same word keeps the struct's notes of presence (a field
/// read as `null` or left out, see the crate docs), inline, without an allocation; they are not
/// fields and not compared by `==`. The fields are a list, not a hash map: there are few, a
/// lookup compares them in turn, and keeping the first costs no hashing and one allocation (the
/// first field lives in the box, a key of up to 22 bytes inline), where a `serde_json::Map`
/// takes four.
#[derive(Clone, Default)]
pub struct UnknownFields(Word);

/// `first` is `None` only when the allocation holds notes and no field; `rest` is then empty.
#[derive(Clone)]
struct Fields {
    first: Option<Entry>,
    rest: Vec<Entry>,
    notes: Notes,
}

type Entry = (Key, Value);

/// The map in one word, either a `Box<Fields>` it owns (the fields, and the notes beside them),
/// or, odd, the `noted` bits of notes without a `null` bit, shifted left past a 1: a box's
/// address is even (`Fields` aligns to 8), and `1` is a map without fields or notes. So a
/// struct's notes, which nearly always fit, take no allocation, and the struct no byte more
/// than the map took before it kept notes; the word is never zero, so an `Option` of a struct
/// is no larger either.
struct Word(NonNull<Fields>);

// Safety: a `Word` owns its box as a `Box<Fields>` would (`Fields` is `Send` and `Sync`), and an
// inline word is plain bits.
unsafe impl Send for Word {}
unsafe impl Sync for Word {}

impl Word {
    /// The most `noted` bits an inline word holds: a bit less than the word.
    const INLINE_BITS: u32 = usize::BITS - 1;

    /// The word of notes without a box, when they fit in one: no `null` bit, no field noted past
    /// the word's bits.
    #[inline]
    fn inline(notes: Notes) -> Option<Word> {
        if notes.null != 0 || notes.noted >> Word::INLINE_BITS != 0 {
            return None;
        }
        // `noted` fits in the word's bits less one, so the cast loses nothing.
        NonZeroUsize::new(((notes.noted as usize) << 1) | 1).map(Word::odd)
    }

    #[inline]
    fn empty() -> Word {
        Word::odd(NonZeroUsize::MIN)
    }

    /// A word of bits, not a pointer: never read through (`is_boxed` is false).
    #[inline]
    fn odd(bits: NonZeroUsize) -> Word {
        Word(NonNull::dangling().with_addr(bits))
    }

    #[inline]
    fn is_boxed(&self) -> bool {
        self.0.addr().get() & 1 == 0
    }

    #[inline]
    fn boxed(fields: Box<Fields>) -> Word {
        Word(NonNull::from(Box::leak(fields)))
    }

    // Not `then_some`: the reference must only be made from a box, never from an odd word.
    #[inline]
    fn fields(&self) -> Option<&Fields> {
        if self.is_boxed() {
            // Safety: an even word is a box this word owns.
            Some(unsafe { self.0.as_ref() })
        } else {
            None
        }
    }

    #[inline]
    fn fields_mut(&mut self) -> Option<&mut Fields> {
        if self.is_boxed() {
            // Safety: an even word is a box this word owns, borrowed mutably through it.
            Some(unsafe { self.0.as_mut() })
        } else {
            None
        }
    }

    /// The box, leaving the word empty; `None` (and the notes of an inline word kept) when there
    /// is none.
    #[inline]
    fn take(&mut self) -> Option<Box<Fields>> {
        if !self.is_boxed() {
            return None;
        }
        let pointer = std::mem::replace(&mut self.0, Word::empty().0);
        // Safety: the word owned the box, and no longer points at it.
        Some(unsafe { Box::from_raw(pointer.as_ptr()) })
    }

    #[inline]
    fn notes(&self) -> Notes {
        match self.fields() {
            Some(fields) => fields.notes,
            None => Notes { noted: (self.0.addr().get() >> 1) as u64, null: 0 },
        }
    }
}

impl Default for Word {
    #[inline]
    fn default() -> Word {
        Word::empty()
    }
}

impl Clone for Word {
    fn clone(&self) -> Word {
        match self.fields() {
            Some(fields) => Word::boxed(Box::new(fields.clone())),
            None => Word(self.0),
        }
    }
}

/// Every struct drops one, and nearly all have no box: that check inline, the freeing out of
/// line. The compiler's own drop of an `Option<Box<_>>` stayed a call per struct, about ten
/// instructions each (0.4% of reading a chat completion).
impl Drop for Word {
    #[inline]
    fn drop(&mut self) {
        if self.is_boxed() {
            free(self.take());
        }
    }
}

#[inline(never)]
fn free(fields: Option<Box<Fields>>) {
    drop(fields);
}

impl UnknownFields {
    /// An empty map.
    pub fn new() -> Self {
        UnknownFields(Word::empty())
    }

    /// How many fields there are.
    pub fn len(&self) -> usize {
        self.0.fields().map_or(0, |fields| usize::from(fields.first.is_some()) + fields.rest.len())
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.0.fields().is_none_or(|fields| fields.first.is_none())
    }

    fn entries(&self) -> impl Iterator<Item = &Entry> {
        self.0.fields().into_iter().flat_map(|fields| fields.first.iter().chain(&fields.rest))
    }

    fn entries_mut(&mut self) -> impl Iterator<Item = &mut Entry> {
        self.0.fields_mut().into_iter().flat_map(|fields| fields.first.iter_mut().chain(&mut fields.rest))
    }

    fn push(&mut self, entry: Entry) {
        match self.0.fields_mut() {
            Some(fields) if fields.first.is_none() => fields.first = Some(entry),
            Some(fields) => fields.rest.push(entry),
            None => self.0 = Word::boxed(Box::new(Fields { first: Some(entry), rest: Vec::new(), notes: self.0.notes() })),
        }
    }

    /// [`Entries::finish`] with fields, or with notes that need the box.
    #[inline(never)]
    fn finish_boxed(&mut self, notes: Notes) {
        if self.0.fields().is_some_and(|fields| !fields.rest.is_empty()) {
            self.dedup();
        }
        if notes != Notes::NONE || self.0.is_boxed() {
            self.keep_notes(notes);
        }
    }

    /// Keeps `notes` beside the fields: in the word when there are no fields and the notes fit.
    #[inline]
    fn keep_notes(&mut self, notes: Notes) {
        match self.0.fields_mut() {
            Some(fields) => fields.notes = notes,
            None => self.0 = Word::inline(notes).unwrap_or_else(|| Word::boxed(Box::new(Fields { first: None, rest: Vec::new(), notes }))),
        }
    }

    /// The value of `key`.
    pub fn get(&self, key: &str) -> Option<&Value> {
        self.entries().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    }

    /// The value of `key`, to change.
    pub fn get_mut(&mut self, key: &str) -> Option<&mut Value> {
        self.entries_mut().find(|(k, _)| k.as_str() == key).map(|(_, v)| v)
    }

    /// Whether there is a field `key`.
    pub fn contains_key(&self, key: &str) -> bool {
        self.get(key).is_some()
    }

    /// Sets `key` to `value`: in its place when it is there (the old value is returned), else last.
    pub fn insert(&mut self, key: impl Into<String>, value: impl Into<Value>) -> Option<Value> {
        let key = key.into();
        let value = value.into();
        match self.get_mut(&key) {
            Some(old) => Some(std::mem::replace(old, value)),
            None => {
                self.push((Key::owned(key), value));
                None
            }
        }
    }

    /// Takes `key` out; the fields after it keep their order.
    pub fn remove(&mut self, key: &str) -> Option<Value> {
        let index = self.entries().position(|(k, _)| k.as_str() == key)?;
        let fields = self.0.fields_mut()?;
        let (_, value) = match index {
            0 if fields.rest.is_empty() => fields.first.take()?,
            0 => fields.first.replace(fields.rest.remove(0))?,
            _ => fields.rest.remove(index - 1),
        };
        if fields.first.is_none() {
            // No field left: the notes go back into the word when they fit.
            let notes = fields.notes;
            if let Some(word) = Word::inline(notes) {
                self.0 = word;
            }
        }
        Some(value)
    }

    /// The fields in order.
    pub fn iter(&self) -> Iter<'_> {
        match self.0.fields() {
            Some(fields) => Iter(fields.first.as_ref(), fields.rest.iter()),
            None => Iter(None, [].iter()),
        }
    }

    /// The keys in order.
    pub fn keys(&self) -> impl Iterator<Item = &str> {
        self.entries().map(|(k, _)| k.as_str())
    }

    /// The values in order.
    pub fn values(&self) -> impl Iterator<Item = &Value> {
        self.entries().map(|(_, v)| v)
    }

    /// The fields as a `serde_json::Map`, in order.
    pub fn into_map(self) -> serde_json::Map<String, Value> {
        self.into_iter().collect()
    }

    /// A key read twice keeps its last value, in the place of its first (as `serde_json::Map`
    /// reads an object). Real objects have no repeated keys, so this mostly only looks: it
    /// compares each pair when there are a few fields and sorts the keys when there are many.
    fn dedup(&mut self) {
        const FEW: usize = 16;
        let Some(fields) = self.0.fields() else { return };
        let repeated = match fields.rest.len() {
            0 => false,
            n if n < FEW => {
                let keys: Vec<&str> = self.keys().collect();
                (1..keys.len()).any(|i| keys[..i].contains(&keys[i]))
            }
            _ => true,
        };
        if repeated {
            let notes = self.notes();
            let mut entries: Vec<Entry> = self.0.take().into_iter().flat_map(|fields| fields.first.into_iter().chain(fields.rest)).collect();
            dedup(&mut entries);
            entries.into_iter().for_each(|entry| self.push(entry));
            if notes != Notes::NONE {
                self.keep_notes(notes);
            }
        }
    }
}

/// Keeps the first of each key, with the value of its last.
fn dedup(entries: &mut Vec<Entry>) {
    let mut order: Vec<usize> = (0..entries.len()).collect();
    // Stable: each key's indices stay in input order.
    order.sort_by(|&a, &b| entries[a].0.as_str().cmp(entries[b].0.as_str()));
    let mut dropped = vec![false; entries.len()];
    let mut moves = Vec::new();
    for group in order.chunk_by(|&a, &b| entries[a].0.as_str() == entries[b].0.as_str()) {
        if let [first, .., last] = *group {
            moves.push((first, last));
            for &later in &group[1..] {
                dropped[later] = true;
            }
        }
    }
    // The whole entries swap: both keys are the same text.
    for (first, last) in moves {
        entries.swap(first, last);
    }
    let mut index = 0;
    entries.retain(|_| {
        index += 1;
        !dropped[index - 1]
    });
}

/// The fields of an [`UnknownFields`] in order, as `(key, value)`.
pub struct Iter<'a>(Option<&'a Entry>, std::slice::Iter<'a, Entry>);

impl<'a> Iterator for Iter<'a> {
    type Item = (&'a str, &'a Value);
    fn next(&mut self) -> Option<Self::Item> {
        let (key, value) = self.0.take().or_else(|| self.1.next())?;
        Some((key.as_str(), value))
    }
}

impl<'a> IntoIterator for &'a UnknownFields {
    type Item = (&'a str, &'a Value);
    type IntoIter = Iter<'a>;
    fn into_iter(self) -> Iter<'a> {
        self.iter()
    }
}

impl IntoIterator for UnknownFields {
    type Item = (String, Value);
    type IntoIter = IntoIter;
    fn into_iter(mut self) -> IntoIter {
        match self.0.take() {
            Some(fields) => {
                let Fields { first, rest, .. } = *fields;
                IntoIter(first, rest.into_iter())
            }
            None => IntoIter(None, Vec::new().into_iter()),
        }
    }
}

/// The fields of an [`UnknownFields`] taken out in order, as `(key, value)`.
pub struct IntoIter(Option<Entry>, std::vec::IntoIter<Entry>);

impl Iterator for IntoIter {
    type Item = (String, Value);
    fn next(&mut self) -> Option<(String, Value)> {
        let (key, value) = self.0.take().or_else(|| self.1.next())?;
        let key = match key {
            Key::Heap(key) => key.into_string(),
            inline => inline.as_str().to_owned(),
        };
        Some((key, value))
    }
}

impl<K: Into<String>> Extend<(K, Value)> for UnknownFields {
    fn extend<I: IntoIterator<Item = (K, Value)>>(&mut self, entries: I) {
        for (key, value) in entries {
            self.insert(key, value);
        }
    }
}

impl<K: Into<String>> FromIterator<(K, Value)> for UnknownFields {
    fn from_iter<I: IntoIterator<Item = (K, Value)>>(entries: I) -> Self {
        let mut fields = UnknownFields::new();
        fields.extend(entries);
        fields
    }
}

impl std::ops::Index<&str> for UnknownFields {
    type Output = Value;
    /// The value of `key`, or `null` when there is none (as indexing a `serde_json::Value`).
    fn index(&self, key: &str) -> &Value {
        static NULL: Value = Value::Null;
        self.get(key).unwrap_or(&NULL)
    }
}

/// Equal when both have the same keys with equal values, in any order (as `serde_json::Map`).
impl PartialEq for UnknownFields {
    fn eq(&self, other: &Self) -> bool {
        self.len() == other.len() && self.iter().all(|(key, value)| other.get(key) == Some(value))
    }
}

impl std::fmt::Debug for UnknownFields {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_map().entries(self.iter()).finish()
    }
}

impl From<serde_json::Map<String, Value>> for UnknownFields {
    fn from(map: serde_json::Map<String, Value>) -> Self {
        let mut fields = UnknownFields::new();
        map.into_iter().for_each(|(k, v)| fields.push((Key::owned(k), v)));
        fields
    }
}

impl From<UnknownFields> for serde_json::Map<String, Value> {
    fn from(fields: UnknownFields) -> Self {
        fields.into_map()
    }
}

impl serde::Serialize for UnknownFields {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de> serde::Deserialize<'de> for UnknownFields {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct Visitor;
        impl<'de> serde::de::Visitor<'de> for Visitor {
            type Value = UnknownFields;
            fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
                f.write_str("a JSON object")
            }
            fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<UnknownFields, A::Error> {
                let mut fields = UnknownFields::new();
                while let Some(key) = map.next_key_seed(super::KeySeed::<UnknownFields>::new())? {
                    fields.put(key, map.next_value()?);
                }
                Ok(fields.finish(Notes::NONE))
            }
        }
        deserializer.deserialize_map(Visitor)
    }
}

impl Entries for UnknownFields {
    type Value = Value;
    #[inline]
    fn put(&mut self, key: Cow<'_, str>, value: Value) {
        let key = match key {
            Cow::Borrowed(key) => Key::new(key),
            Cow::Owned(key) => Key::owned(key),
        };
        self.push((key, value));
    }
    #[inline]
    fn finish(mut self, notes: Notes) -> Self {
        // Inline: no unknown field (nearly always) and notes that fit in the word, or none, are
        // a few instructions; the rest out of line.
        match Word::inline(notes) {
            Some(word) if !self.0.is_boxed() => self.0 = word,
            _ => self.finish_boxed(notes),
        }
        self
    }
    #[inline]
    fn notes(&self) -> Notes {
        self.0.notes()
    }
    fn set_note(&mut self, index: u32, noted: bool) {
        let notes = self.notes().with(index, noted);
        if notes != self.notes() {
            self.keep_notes(notes);
        }
    }
    #[inline]
    fn write<M: SerializeMap>(&self, map: &mut M) -> Result<(), M::Error> {
        self.iter().try_for_each(|(key, value)| map.serialize_entry(key, value))
    }
}
