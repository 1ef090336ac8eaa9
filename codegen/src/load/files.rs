//! Several files into one document: relative external `$ref`s.
//!
//! The root document is read first; every `$ref` whose target is in another file
//! (`./schemas/pet.yaml#/Pet`, resolved against the folder of the file that contains it) loads
//! that file once, then:
//!
//! - in a schema position, the target schema becomes a component of the root document, named
//!   after the last word of its pointer (`Pet`; the file's stem when the pointer is empty; the
//!   stem and the word, `PetsPet`, when the name is taken), and the `$ref` points to it. Its own
//!   references are rewritten the same way, relative to its own file, so a schema imported twice is
//!   one component;
//! - anywhere else (a path item, an operation, a response, a request body, a parameter, a
//!   header, a link, a callback, a security scheme), the target is copied in place;
//! - in a map of examples (`examples` of a parameter, a header, a media type, the components),
//!   each example that is a `$ref` is copied in place the same way (`examples.yml#/gateway`), but
//!   nothing inside an example is followed: its `value` is data, whatever keys it has;
//! - inside a schema, where the value is not a schema (`description: {$ref: '#/.../description'}`,
//!   a whole `properties` map in another file), the target is any JSON value and is copied in
//!   place, as bundlers do, in the root document too; a map of schemas copied from another file
//!   is then read as written there (its references relative to that file).
//!
//! Problems are collected, not returned at the first: a reference that cannot be followed is
//! reported (named by `file#pointer`) and replaced by an empty schema, so the later stages still
//! report what else is wrong in the same run; the error points at the `$ref`, with its line where
//! its text is found in the file. Errors found later in an imported component are located back in
//! its own file with [`Bundle::relocate`].

use super::yaml::MAX_DEPTH;
use crate::error::Diagnostic;
use crate::naming::ComponentNames;
use crate::pointer::SCHEMA_PREFIX;
use crate::pointer::{escape, unescape};
use serde_json::{Map, Value};
use std::collections::{HashMap, VecDeque};
use std::path::{Path, PathBuf};

/// The root document with every external schema merged into its components.
pub struct Bundle {
    pub value: Value,
    /// References that could not be followed, files that could not be read.
    pub errors: Vec<Diagnostic>,
    /// `#/components/schemas/<name>` of each imported schema, and where it was read from.
    origins: Vec<(String, String)>,
    /// The text of each file read, by the name its pointers start with (empty for the root), so
    /// a later stage's error can be given its line.
    texts: Vec<(String, String)>,
    /// Every file read, the root first: what the crate is made from, for a caller that skips a
    /// generation when none of them changed.
    pub files: Vec<PathBuf>,
}

impl Bundle {
    /// Records that the component at `merged` was moved there from `origin`, so errors in it
    /// point at where it is written.
    pub(crate) fn add_origin(&mut self, merged: String, origin: String) {
        self.origins.push((merged, origin));
    }

    /// Points a diagnostic about an imported component at the file and place it came from.
    pub fn relocate(&self, diagnostic: &mut Diagnostic) {
        for (merged, origin) in &self.origins {
            if let Some(rest) = diagnostic.pointer.strip_prefix(merged.as_str()) {
                if rest.is_empty() || rest.starts_with('/') {
                    diagnostic.pointer = format!("{origin}{rest}");
                    return;
                }
            }
        }
    }

    /// Gives a diagnostic (once [`Bundle::relocate`]d) the line and column of the place its
    /// pointer names, when it has none and the text of its file has that place. One read of
    /// the file per call: for errors, not for every warning.
    pub fn locate(&self, diagnostic: &mut Diagnostic) {
        if diagnostic.position.is_some() {
            return;
        }
        let Some((file, fragment)) = diagnostic.pointer.split_once('#') else { return };
        let Some((_, text)) = self.texts.iter().find(|(name, _)| name == file) else { return };
        diagnostic.position = super::locate::position(text, fragment);
    }
}

/// Reads a file as UTF-8 text; a byte that is not UTF-8 is named by line and column. Only a
/// regular file is read: a `$ref` to a device or a pipe (`/dev/zero`) would never end.
pub fn read_text(path: &Path) -> Result<String, Diagnostic> {
    let cannot = |e: std::io::Error| Diagnostic::new("#", format!("cannot read the file: {e}"));
    if !std::fs::metadata(path).map_err(cannot)?.is_file() {
        return Err(Diagnostic::new("#", "cannot read the file: it is not a regular file (a folder, a device or a pipe)"));
    }
    let bytes = std::fs::read(path).map_err(cannot)?;
    String::from_utf8(bytes).map_err(|error| {
        let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
        let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
        let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
        let column = String::from_utf8_lossy(&valid[line_start..]).chars().count() + 1;
        let byte = error.as_bytes().get(valid.len()).copied().unwrap_or_default();
        Diagnostic::new("#", format!("the file is not UTF-8 text: byte 0x{byte:02X} cannot start a character; save it as UTF-8")).at(line, column)
    })
}

/// Bundles the document `root` (already parsed and version-checked, from `text`). `path` is its
/// file, whose folder relative references resolve against; without one, a reference to another
/// file is an error.
pub fn bundle(root: Value, text: &str, path: Option<&Path>) -> Bundle {
    let root_path = path.map(|p| std::fs::canonicalize(p).unwrap_or_else(|_| p.to_path_buf())).unwrap_or_default();
    let base = root_path.parent().map(Path::to_path_buf).unwrap_or_default();
    let mut loader = Loader {
        on_disk: path.is_some(),
        root: root_path.clone(),
        base,
        files: HashMap::new(),
        imports: HashMap::new(),
        queue: VecDeque::new(),
        names: ComponentNames::default(),
        inlining: Vec::new(),
        errors: Vec::new(),
        origins: Vec::new(),
        texts: HashMap::from([(root_path.clone(), text.to_owned())]),
        seen: HashMap::new(),
        deferred: Vec::new(),
        root_value: None,
        copied: Vec::new(),
    };
    let mut root = root;
    if let Some(schemas) = root.pointer("/components/schemas").and_then(Value::as_object) {
        loader.names = ComponentNames::new(schemas.keys().map(String::as_str));
    }
    let mut pointer = String::from("#");
    loader.walk(&mut root, &root_path, &mut pointer, Mode::Other, 0);
    loader.values_of_the_root(&mut root);

    let mut imported = Vec::new();
    // The root document is walked: the imports may read values from it.
    loader.root_value = Some(root);
    while let Some(import) = loader.queue.pop_front() {
        let Some(mut schema) = loader.target(&import.file, &import.fragment).cloned() else { continue };
        let mut pointer = format!("{}#{}", loader.display(&import.file), import.fragment);
        loader.walk(&mut schema, &import.file, &mut pointer, Mode::Schema, 0);
        imported.push((import.name, schema));
    }
    let mut root = loader.root_value.take().unwrap_or_default();
    if !imported.is_empty() {
        if let Some(object) = root.as_object_mut() {
            let components = object.entry("components").or_insert_with(|| Value::Object(Map::new()));
            if let Some(components) = components.as_object_mut() {
                let schemas = components.entry("schemas").or_insert_with(|| Value::Object(Map::new()));
                if let Some(schemas) = schemas.as_object_mut() {
                    schemas.extend(imported);
                }
            }
        }
    }
    let mut files: Vec<PathBuf> = loader.texts.keys().filter(|path| **path != loader.root).cloned().collect();
    files.sort();
    files.insert(0, loader.root.clone());
    let texts = std::mem::take(&mut loader.texts)
        .into_iter()
        .map(|(path, text)| (if path == loader.root { String::new() } else { loader.display(&path) }, text))
        .collect();
    Bundle { value: root, errors: loader.errors, origins: loader.origins, texts, files }
}

#[derive(Clone, Copy, PartialEq)]
enum Mode {
    /// Inside a schema: a reference to another file imports its target as a component.
    Schema,
    /// Anywhere else: a reference to another file is replaced by a copy of its target.
    Other,
    /// A map of examples: each member is an [`Mode::Example`].
    Examples,
    /// One example: a reference is replaced by a copy of its target, as in [`Mode::Other`],
    /// and nothing inside it is walked (its `value` is data).
    Example,
}

struct Import {
    file: PathBuf,
    fragment: String,
    name: String,
}

struct Loader {
    on_disk: bool,
    /// The root file, canonical (empty for text without a file).
    root: PathBuf,
    /// Its folder: other files are named relative to it.
    base: PathBuf,
    /// Every other file read, by canonical path (`None`: unreadable, already reported).
    files: HashMap<PathBuf, Option<Value>>,
    /// The component each imported target became.
    imports: HashMap<(PathBuf, String), String>,
    queue: VecDeque<Import>,
    /// Component names in use, lower case (names that differ only in case make one Rust name).
    names: ComponentNames,
    /// The targets being copied in, to stop a cycle.
    inlining: Vec<(PathBuf, String)>,
    errors: Vec<Diagnostic>,
    origins: Vec<(String, String)>,
    /// The text of every file read, to find the line of a `$ref` that fails.
    texts: HashMap<PathBuf, String>,
    /// How many times each `$ref` text has been met in each file: which occurrence it is.
    seen: HashMap<(PathBuf, String), usize>,
    /// Values of the root document that a `$ref` in it stands for, copied once it is walked.
    deferred: Vec<Deferred>,
    /// The root document once it is walked (while the imported schemas are), for the values
    /// their `$ref`s take from it.
    root_value: Option<Value>,
    /// While a part of another file is copied into the root document: where its places (as
    /// `file#pointer`) are in the root, innermost last.
    copied: Vec<(String, String)>,
}

/// A `$ref` that stands for a value of the root document, in the root document (or in a part of
/// another file the root copies in), copied once the root is walked.
struct Deferred {
    /// Where the `$ref` is in the root document: a JSON pointer (`#/...`).
    location: String,
    /// Where it is written, for its errors: `location`, or a place in the other file.
    pointer: String,
    /// The file it is written in, its text and its occurrence among the same texts there.
    file: PathBuf,
    written: String,
    nth: usize,
    /// The value it stands for, as a reference local to the root (`#/...`).
    target: String,
    /// It stands for a map or list of schemas (else for a value such as a description).
    container: bool,
}

/// The reference of `{$ref: "..."}` (and nothing else beside it).
fn lone_reference(value: &Value) -> Option<String> {
    match value.as_object() {
        Some(object) if object.len() == 1 => reference_of(object).map(str::to_owned),
        _ => None,
    }
}

/// The `$ref` string of an object. Most objects have a few keys, and comparing each with `$ref`
/// is cheaper than hashing it (every object of the document is asked).
pub(super) fn reference_of(object: &Map<String, Value>) -> Option<&str> {
    let reference = match object.len() {
        0..=8 => object.iter().find(|(key, _)| *key == "$ref").map(|(_, value)| value),
        _ => object.get("$ref"),
    };
    reference.and_then(Value::as_str)
}

/// Keys of a schema whose values are data however they look (a `$ref` there is not followed).
fn is_schema_data(key: &str) -> bool {
    is_opaque(key) || key == "default"
}

/// A mapping value naming a whole file (`pet.yaml`), not a schema.
fn is_file_name(value: &str) -> bool {
    let lower = value.to_ascii_lowercase();
    [".yaml", ".yml", ".json"].iter().any(|extension| lower.ends_with(extension))
}

/// Keys whose values are free data, never a schema or a place that holds one. Only asked outside
/// schemas, where `default` is a response (`responses.default`), never data, so it is walked.
fn is_opaque(key: &str) -> bool {
    matches!(key, "example" | "examples" | "enum" | "const") || key.starts_with("x-")
}

impl Loader {
    fn walk(&mut self, value: &mut Value, file: &Path, pointer: &mut String, mode: Mode, depth: usize) {
        if depth > MAX_DEPTH {
            self.errors.push(Diagnostic::new(pointer.to_owned(), format!("nested deeper than {MAX_DEPTH} levels once other files are copied in")));
            *value = Value::Object(Map::new());
            return;
        }
        match value {
            Value::Object(object) => {
                if let Some(reference) = reference_of(object) {
                    let reference = reference.to_owned();
                    self.reference(value, &reference, file, pointer, mode, depth);
                    return;
                }
                if mode == Mode::Example {
                    return;
                }
                let at_components = pointer.ends_with("#/components");
                for (key, child) in object.iter_mut() {
                    let length = pointer.len();
                    pointer.push('/');
                    pointer.push_str(&escape(key));
                    match (mode, key.as_str()) {
                        (Mode::Schema, "properties" | "patternProperties" | "$defs" | "definitions" | "dependentSchemas") => {
                            self.each_value(child, file, pointer, depth)
                        }
                        (Mode::Schema, "allOf" | "anyOf" | "oneOf" | "prefixItems") => self.each_value(child, file, pointer, depth),
                        (
                            Mode::Schema,
                            "items"
                            | "additionalProperties"
                            | "not"
                            | "contains"
                            | "if"
                            | "then"
                            | "else"
                            | "propertyNames"
                            | "unevaluatedProperties"
                            | "unevaluatedItems"
                            | "additionalItems",
                        ) => self.walk(child, file, pointer, Mode::Schema, depth + 1),
                        (Mode::Schema, "discriminator") => self.mapping(child, file, pointer),
                        (Mode::Schema, key) if !is_schema_data(key) => {
                            if let Some(reference) = lone_reference(child) {
                                self.value(child, &reference, file, pointer, false);
                            }
                        }
                        (Mode::Schema, _) => {}
                        (Mode::Other, "schema") => self.walk(child, file, pointer, Mode::Schema, depth + 1),
                        (Mode::Other, "schemas") if at_components => self.each_value(child, file, pointer, depth),
                        // Outside schemas `examples` is always a map of examples (an `example`
                        // is the value itself).
                        (Mode::Other, "examples") => self.walk(child, file, pointer, Mode::Examples, depth + 1),
                        (Mode::Other, key) if is_opaque(key) => {}
                        (Mode::Other, _) => self.walk(child, file, pointer, Mode::Other, depth + 1),
                        (Mode::Examples, _) => self.walk(child, file, pointer, Mode::Example, depth + 1),
                        (Mode::Example, _) => {}
                    }
                    pointer.truncate(length);
                }
            }
            Value::Array(items) if mode == Mode::Other => {
                for (index, item) in items.iter_mut().enumerate() {
                    let length = pointer.len();
                    pointer.push_str(&format!("/{index}"));
                    self.walk(item, file, pointer, Mode::Other, depth + 1);
                    pointer.truncate(length);
                }
            }
            _ => {}
        }
    }

    /// Every member of a map or list of schemas.
    fn each_value(&mut self, container: &mut Value, file: &Path, pointer: &mut String, depth: usize) {
        if let Some(reference) = lone_reference(container) {
            // The whole map or list is elsewhere: read as written there.
            if let Some((from, mut at)) = self.value(container, &reference, file, pointer, true) {
                // Values of the root that its members stand for go where the copy is.
                let location = self.root_location(pointer);
                let copied = location.is_some();
                self.copied.extend(location.map(|location| (at.clone(), location)));
                self.each_value(container, &from, &mut at, depth + 1);
                if copied {
                    self.copied.pop();
                }
            }
            return;
        }
        let members: Vec<(std::borrow::Cow<str>, &mut Value)> = match container {
            Value::Object(map) => map.iter_mut().map(|(k, v)| (escape(k), v)).collect(),
            Value::Array(list) => list.iter_mut().enumerate().map(|(i, v)| (i.to_string().into(), v)).collect(),
            _ => return,
        };
        for (segment, member) in members {
            let length = pointer.len();
            pointer.push('/');
            pointer.push_str(&segment);
            self.walk(member, file, pointer, Mode::Schema, depth + 2);
            pointer.truncate(length);
        }
    }

    /// `discriminator.mapping` values that are references to other files.
    fn mapping(&mut self, discriminator: &mut Value, file: &Path, pointer: &mut String) {
        let Some(mapping) = discriminator.get_mut("mapping").and_then(Value::as_object_mut) else { return };
        for (tag, target) in mapping.iter_mut() {
            // A value is a schema name or a reference; a name may contain dots (`shapes.Line`),
            // so only a pointer, a path or a spec file name is taken for a reference.
            let Some(reference) = target.as_str().filter(|r| r.contains('#') || r.contains('/') || is_file_name(r)) else { continue };
            if reference.starts_with('#') && file == self.root {
                continue;
            }
            let reference = reference.to_owned();
            let at = format!("{pointer}/mapping/{}", escape(tag));
            let mut stand_in = Value::Object(Map::from_iter([("$ref".to_owned(), Value::String(reference.clone()))]));
            self.reference(&mut stand_in, &reference, file, &at, Mode::Schema, 0);
            if let Some(rewritten) = stand_in.get("$ref").cloned() {
                *target = rewritten;
            }
        }
    }

    /// Counts one more `$ref: reference` met in `file`, and says which occurrence it is.
    fn meet(&mut self, file: &Path, reference: &str) -> usize {
        let count = self.seen.entry((file.to_path_buf(), reference.to_owned())).or_default();
        *count += 1;
        *count
    }

    /// Copies in place the value a `$ref` in a non-schema position of a schema stands for
    /// (`description: {$ref: ...}`), following chains of them. Returns the file the value was
    /// read from and its place, against which its own references resolve; `None` when it failed
    /// (reported; `value` is then an empty map when it is a `container` of schemas, else `null`)
    /// or is a value of the root document, copied once the walk is done.
    fn value(&mut self, value: &mut Value, reference: &str, file: &Path, pointer: &str, container: bool) -> Option<(PathBuf, String)> {
        let nth = self.meet(file, reference);
        let outcome = self.value_within(value, reference, file, pointer, container, nth);
        if outcome.is_none() && !container && value.as_object().is_some_and(Map::is_empty) {
            *value = Value::Null;
        }
        outcome
    }

    fn value_within(
        &mut self,
        value: &mut Value,
        written: &str,
        file: &Path,
        pointer: &str,
        container: bool,
        nth: usize,
    ) -> Option<(PathBuf, String)> {
        // Errors name the link of the chain that fails, at the place of the `$ref` as written.
        let mut current = (file.to_path_buf(), written.to_owned());
        let mut followed: Vec<(PathBuf, String)> = Vec::new();
        loop {
            let (from, link) = &current;
            let (target_file, fragment) = match self.locate(link, from) {
                Ok(found) => found,
                Err(message) => {
                    self.fail_at(value, pointer, file, written, nth, message);
                    return None;
                }
            };
            if target_file == self.root && self.root_value.is_none() {
                // The root document is being walked: its values are copied once it is, into the
                // place the `$ref` has in it.
                match self.root_location(pointer) {
                    Some(location) => self.deferred.push(Deferred {
                        location,
                        pointer: pointer.to_owned(),
                        file: file.to_path_buf(),
                        written: written.to_owned(),
                        nth,
                        target: format!("#{fragment}"),
                        container,
                    }),
                    None => {
                        let message = format!("`$ref: {link}` stands for a value of the root document from a place that is not in it");
                        self.fail_at(value, pointer, file, written, nth, message);
                    }
                }
                return None;
            }
            if followed.contains(&(target_file.clone(), fragment.clone())) {
                let message = format!("`$ref: {link}` is part of a cycle of references that never reaches a value");
                self.fail_at(value, pointer, file, written, nth, message);
                return None;
            }
            followed.push((target_file.clone(), fragment.clone()));
            let Some(target) = self.target(&target_file, &fragment).cloned() else {
                let message = self.nothing_there(link, &target_file, &fragment);
                self.fail_at(value, pointer, file, written, nth, message);
                return None;
            };
            match lone_reference(&target) {
                Some(next) => current = (target_file, next),
                None => {
                    *value = target;
                    let at = format!("{}#{fragment}", self.display(&target_file));
                    return Some((target_file, at));
                }
            }
        }
    }

    /// The file and JSON pointer a reference written in `from` names; the file is read.
    fn locate(&mut self, reference: &str, from: &Path) -> Result<(PathBuf, String), String> {
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        if !fragment.is_empty() && !fragment.starts_with('/') {
            return Err(format!("`$ref: {reference}` is not a JSON pointer: after `#` it must start with `/`"));
        }
        if file_part.is_empty() {
            return Ok((from.to_path_buf(), fragment.to_owned()));
        }
        let path = self.open(file_part, from).map_err(|message| format!("`$ref: {reference}` {message}"))?;
        Ok((path, fragment.to_owned()))
    }

    fn nothing_there(&self, reference: &str, file: &Path, fragment: &str) -> String {
        if file != self.root && !self.files.get(file).is_some_and(Option::is_some) {
            return String::new(); // the file's own error is reported
        }
        format!("`$ref: {reference}` points to nothing: {} has no `{}`", self.display(file), if fragment.is_empty() { "#" } else { fragment })
    }

    /// Where a place being walked is in the root document: the place itself in the root's own
    /// text, else through the parts of other files being copied in.
    fn root_location(&self, pointer: &str) -> Option<String> {
        if pointer.starts_with('#') {
            return Some(pointer.to_owned());
        }
        self.copied.iter().rev().find_map(|(at, location)| {
            let rest = pointer.strip_prefix(at.as_str())?;
            (rest.is_empty() || rest.starts_with('/')).then(|| format!("{location}{rest}"))
        })
    }

    /// The root document's values that `$ref`s stand for, copied now that it is walked. Every
    /// target is read before any is copied, so chains see the document as written.
    fn values_of_the_root(&mut self, root: &mut Value) {
        let deferred = std::mem::take(&mut self.deferred);
        let mut copies = Vec::new();
        for Deferred { location, pointer, file, written, nth, target, container } in deferred {
            let reference = written.clone();
            let mut followed = Vec::new();
            let mut current = target;
            let outcome = loop {
                let Some(("", fragment)) = current.split_once('#') else {
                    break Err(format!(
                        "`$ref: {current}` stands for a value in another file; write the value, or refer to it from the file it is in"
                    ));
                };
                if followed.contains(&current) {
                    break Err(format!("`$ref: {reference}` is part of a cycle of references that never reaches a value"));
                }
                followed.push(current.clone());
                match root.pointer(fragment) {
                    // The first link as written, the others as the chain names them.
                    None => break Err(self.nothing_there(if followed.len() == 1 { &written } else { &current }, &self.root.clone(), fragment)),
                    Some(target) => match lone_reference(target) {
                        Some(next) => current = next,
                        None => break Ok(target.clone()),
                    },
                }
            };
            copies.push((location, pointer, file, written, nth, container, outcome));
        }
        for (location, pointer, file, written, nth, container, outcome) in copies {
            let Some(place) = root.pointer_mut(location.trim_start_matches('#')) else { continue };
            match outcome {
                Ok(copy) => *place = copy,
                Err(message) => {
                    self.fail_at(place, &pointer, &file, &written, nth, message);
                    if !container {
                        *place = Value::Null;
                    }
                }
            }
        }
    }

    /// Follows one `$ref` found in `file` at `pointer`, rewriting or replacing `value`.
    fn reference(&mut self, value: &mut Value, reference: &str, file: &Path, pointer: &str, mode: Mode, depth: usize) {
        let nth = self.meet(file, reference);
        let fail = |loader: &mut Loader, value: &mut Value, message: String| loader.fail_at(value, pointer, file, reference, nth, message);
        let (file_part, fragment) = reference.split_once('#').unwrap_or((reference, ""));
        let fragment = fragment.to_owned();
        if !fragment.is_empty() && !fragment.starts_with('/') {
            if file_part.is_empty() && file == self.root {
                return; // the resolve stage reports a malformed local pointer with the others
            }
            return fail(self, value, format!("`$ref: {reference}` is not a JSON pointer: after `#` it must start with `/`"));
        }
        let target_file = if file_part.is_empty() {
            if file == self.root {
                return; // a local reference of the root document: the resolve stage checks it
            }
            file.to_path_buf()
        } else {
            match self.open(file_part, file) {
                Ok(path) => path,
                Err(message) => return fail(self, value, format!("`$ref: {reference}` {message}")),
            }
        };
        if target_file == self.root {
            // The root document named by its file: a local reference.
            if let Some(object) = value.as_object_mut() {
                object.insert("$ref".into(), Value::String(format!("#{fragment}")));
            }
            return;
        }
        if self.target(&target_file, &fragment).is_none() {
            if self.files.get(&target_file).is_some_and(Option::is_some) {
                let message = format!(
                    "`$ref: {reference}` points to nothing: {} has no `{}`",
                    self.display(&target_file),
                    if fragment.is_empty() { "#" } else { &fragment }
                );
                return fail(self, value, message);
            }
            return fail(self, value, String::new());
        }
        match mode {
            Mode::Schema => {
                let name = self.import(&target_file, &fragment);
                if let Some(object) = value.as_object_mut() {
                    object.insert("$ref".into(), Value::String(format!("{SCHEMA_PREFIX}{}", escape(&name))));
                }
            }
            Mode::Other | Mode::Examples | Mode::Example => {
                let key = (target_file.clone(), fragment.clone());
                if self.inlining.contains(&key) {
                    return fail(self, value, format!("`$ref: {reference}` is part of a cycle of references that never reaches a value"));
                }
                let Some(mut copy) = self.target(&target_file, &fragment).cloned() else { return };
                self.inlining.push(key);
                let mut inner = format!("{}#{fragment}", self.display(&target_file));
                // Values of the root that the copy's `$ref`s stand for go where the copy is.
                let location = self.root_location(pointer);
                let copied = location.is_some();
                self.copied.extend(location.map(|location| (inner.clone(), location)));
                self.walk(&mut copy, &target_file, &mut inner, mode, depth + 1);
                if copied {
                    self.copied.pop();
                }
                self.inlining.pop();
                // Siblings of the reference (a 3.1 `summary` or `description`) win over the copy's.
                if let (Value::Object(copy), Value::Object(siblings)) = (&mut copy, &*value) {
                    for (key, sibling) in siblings.iter().filter(|(key, _)| *key != "$ref") {
                        copy.insert(key.clone(), sibling.clone());
                    }
                }
                *value = copy;
            }
        }
    }

    /// Resolves and reads the file a reference names, relative to the file it is written in.
    fn open(&mut self, relative: &str, from: &Path) -> Result<PathBuf, String> {
        if relative.contains("://") {
            return Err("points to a remote document; only files beside the spec (relative paths) are supported".to_owned());
        }
        if !self.on_disk {
            return Err("points to another file, but the spec was given as text: generate from the spec's file so its folder is known".to_owned());
        }
        let folder = from.parent().unwrap_or(Path::new(""));
        let path = folder.join(relative);
        let path = std::fs::canonicalize(&path).map_err(|e| match e.kind() {
            std::io::ErrorKind::NotFound => format!("points to a file that does not exist: {}", self.display(&path)),
            _ => format!("points to a file that cannot be read: {} ({e})", self.display(&path)),
        })?;
        if path == self.root || self.files.contains_key(&path) {
            return Ok(path);
        }
        let name = self.display(&path);
        let text = super::files::read_text(&path);
        if let Ok(text) = &text {
            self.texts.insert(path.clone(), text.clone());
        }
        let parsed = text.and_then(|text| super::parse(&text)).map_err(|mut error| {
            error.pointer = format!("{name}{}", error.pointer);
            error
        });
        match parsed {
            Ok(value) => {
                self.files.insert(path.clone(), Some(value));
            }
            Err(error) => {
                self.errors.push(error);
                self.files.insert(path.clone(), None);
            }
        }
        Ok(path)
    }

    fn target(&self, file: &Path, fragment: &str) -> Option<&Value> {
        if file == self.root {
            return self.root_value.as_ref()?.pointer(fragment);
        }
        self.files.get(file)?.as_ref()?.pointer(fragment)
    }

    /// The component an external schema becomes (one per target).
    fn import(&mut self, file: &Path, fragment: &str) -> String {
        let key = (file.to_path_buf(), fragment.to_owned());
        if let Some(name) = self.imports.get(&key) {
            return name.clone();
        }
        let stem = file.file_stem().and_then(|s| s.to_str()).unwrap_or("external").to_owned();
        let words: Vec<String> = fragment.split('/').filter(|s| !s.is_empty()).map(unescape).collect();
        let word = match words.as_slice() {
            [] => stem.clone(),
            // `#/Pets/items` or `#/Pet/oneOf/0`: the schema's name and the keyword.
            [.., parent, last] if !last.chars().any(char::is_alphabetic) || is_keyword(last) => format!("{parent}_{last}"),
            [.., last] => last.clone(),
        };
        let name = self.names.claim(&[word.clone(), format!("{stem}_{word}")], &word);
        self.imports.insert(key, name.clone());
        self.origins.push((format!("{SCHEMA_PREFIX}{}", escape(&name)), format!("{}#{fragment}", self.display(file))));
        self.queue.push_back(Import { file: file.to_path_buf(), fragment: fragment.to_owned(), name: name.clone() });
        name
    }

    /// A reference that cannot be followed: reported at the `$ref` (its `nth` occurrence in
    /// `file`), and replaced by an empty object so the later stages carry on. An empty message
    /// means the file's own error was reported already.
    fn fail_at(&mut self, value: &mut Value, pointer: &str, file: &Path, reference: &str, nth: usize, message: String) {
        if !message.is_empty() {
            let mut error = Diagnostic::new(pointer.to_owned(), message);
            if let Some((line, column)) = self.texts.get(file).and_then(|text| position(text, reference, nth)) {
                error = error.at(line, column);
            }
            self.errors.push(error);
        }
        *value = Value::Object(Map::new());
    }

    /// A file's name relative to the root's folder.
    fn display(&self, path: &Path) -> String {
        path.strip_prefix(&self.base).unwrap_or(path).display().to_string()
    }
}

/// The line and column of the `nth` (from 1) `$ref` whose value is `reference` in `text`, in
/// YAML or JSON, quoted or not.
fn position(text: &str, reference: &str, nth: usize) -> Option<(usize, usize)> {
    let mut found = 0;
    let mut from = 0;
    while let Some(offset) = text[from..].find("$ref") {
        let start = from + offset;
        from = start + 4;
        let rest = text[from..].trim_start_matches(['"', '\'', ' ', '\t']);
        let Some(rest) = rest.strip_prefix(':') else { continue };
        let rest = rest.trim_start_matches([' ', '\t', '"', '\'']);
        if rest.starts_with(reference) && !rest[reference.len()..].starts_with(|c: char| c.is_alphanumeric() || "/_.~-#".contains(c)) {
            found += 1;
            if found == nth {
                let line_start = text[..start].rfind('\n').map_or(0, |i| i + 1);
                let line = text[..start].matches('\n').count() + 1;
                return Some((line, text[line_start..start].chars().count() + 1));
            }
        }
    }
    None
}

fn is_keyword(word: &str) -> bool {
    matches!(word, "items" | "additionalProperties" | "not" | "allOf" | "anyOf" | "oneOf" | "properties" | "schema")
}
