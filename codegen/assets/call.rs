//! Operations of the API as values: each operation of the spec is a struct in `operations` that
//! implements [`Call`], and gives, each in one call, everything an HTTP request needs. The crate
//! has no HTTP client of its own, so any client sends it:
//!
//! - the method: [`Call::METHOD`] (`.as_str()` is `"GET"`, `"POST"`, ...);
//! - the path and query, percent-encoded: [`Call::path_and_query`], to append to the base URL
//!   (or [`Call::path`] and the pairs of [`Call::query`], for a client that encodes them);
//! - the headers: [`Call::headers`];
//! - the body: [`Call::body`], a [`Body`] with its [`Body::content_type`];
//! - what the answer holds: [`Call::answer`] tells, by status and `Content-Type`, whether it is
//!   the output ([`Call::read_output`]), a stream of events (split by an [`EventReader`], each
//!   read by [`read_event`]) or an error ([`read_error`]).
//!
//! ```text
//! let call = operations::RetrieveFile::new("file-abc123");
//! let url = format!("https://api.example.com/v1{}", call.path_and_query()?);
//! let mut request = client.request(RetrieveFile::METHOD.as_str(), url).bearer_auth(key);
//! for (name, value) in call.headers() {
//!     request = request.header(name, value);
//! }
//! let body = call.body()?;
//! request = match body {
//!     Body::Empty => request,
//!     Body::Json(bytes) => request.header("Content-Type", "application/json").body(bytes),
//!     Body::Form(pairs) => request.form(&pairs),       // or body.form_text()
//!     Body::Multipart(parts) => request.multipart(...), // or body.multipart_bytes(boundary)
//!     Body::Raw { content_type, bytes } => request.header("Content-Type", content_type).body(bytes),
//! };
//! let response = request.send()?;
//! match RetrieveFile::answer(response.status(), response.content_type()) {
//!     Answer::Output => RetrieveFile::read_output(&response.bytes())?,
//!     Answer::Events => { /* EventReader::push each chunk, read_event::<RetrieveFile>(data) */ }
//!     Answer::Error => return Err(read_error::<RetrieveFile>(&response.bytes())?),
//!     Answer::Unexpected => return Err(/* the status and the body as they are */),
//! }
//! ```
//!
//! A list whose answer is a [`Page`] is a [`Paged`] call: [`next_call`] gives the call for the
//! page after an answer, and `None` on the last page.

use serde::de::{self, DeserializeOwned, Deserializer, Visitor};
use serde::ser::{Serialize, Serializer};
use serde_json::Value;
use std::cell::RefCell;
use std::collections::hash_map::RandomState;
use std::fmt;
use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};

/// The HTTP method.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Method {
    /// `GET`
    Get,
    /// `PUT`
    Put,
    /// `POST`
    Post,
    /// `DELETE`
    Delete,
    /// `OPTIONS`
    Options,
    /// `HEAD`
    Head,
    /// `PATCH`
    Patch,
    /// `TRACE`
    Trace,
}

impl Method {
    /// The method as HTTP writes it: `"GET"`, `"POST"`, ...
    pub const fn as_str(self) -> &'static str {
        match self {
            Method::Get => "GET",
            Method::Put => "PUT",
            Method::Post => "POST",
            Method::Delete => "DELETE",
            Method::Options => "OPTIONS",
            Method::Head => "HEAD",
            Method::Patch => "PATCH",
            Method::Trace => "TRACE",
        }
    }
}

impl fmt::Display for Method {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One operation of the API as a value: everything the call needs.
pub trait Call {
    /// What a success answer's body reads into (a JSON type, `Vec<u8>` for bytes, `String` for
    /// text, `()` when none).
    type Output;
    /// One event of a `text/event-stream` answer ([`NoEvents`] when the operation has none).
    type Event;
    /// What an error answer's body reads into (`serde_json::Value` when the spec names no type).
    type Error;
    /// The HTTP method.
    const METHOD: Method;
    /// The path template as the spec writes it (`/files/{file_id}`).
    const PATH: &'static str;
    /// The spec's `operationId`.
    const OPERATION_ID: &'static str;
    /// The path with each parameter percent-encoded (by default, [`Call::PATH`]: a path without
    /// parameters).
    fn path(&self) -> Result<String, PathError> {
        render_path(Self::PATH, &[])
    }
    /// The query pairs in order, not yet percent-encoded (most HTTP clients take pairs); by
    /// default none.
    fn query(&self) -> Vec<(String, String)> {
        Vec::new()
    }
    /// The header parameters, by name; by default none.
    fn headers(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    /// The request body; by default none ([`Body::Empty`]).
    fn body(&self) -> Result<Body, BodyError> {
        Ok(Body::Empty)
    }
    /// Which body an answer with this status and `Content-Type` holds.
    fn answer(status: u16, content_type: &str) -> Answer;
    /// Reads a success answer's body ([`Answer::Output`]).
    fn read_output(body: &[u8]) -> Result<Self::Output, serde_json::Error>;

    /// [`Call::path`], then `?` and the percent-encoded query when there is one.
    fn path_and_query(&self) -> Result<String, PathError> {
        let mut path = self.path()?;
        let query = encode_query(&self.query());
        if !query.is_empty() {
            path.push('?');
            path.push_str(&query);
        }
        Ok(path)
    }
}

/// Reads one event's `data` (from an [`EventReader`]) into the call's event type.
pub fn read_event<C: Call>(data: &str) -> Result<C::Event, serde_json::Error>
where
    C::Event: DeserializeOwned,
{
    serde_json::from_str(data)
}

/// Reads an error answer's body ([`Answer::Error`]) into the call's error type.
pub fn read_error<C: Call>(body: &[u8]) -> Result<C::Error, serde_json::Error>
where
    C::Error: DeserializeOwned,
{
    serde_json::from_slice(body)
}

/// Which body an answer holds, by its status and `Content-Type` ([`Call::answer`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Answer {
    /// The success body: read it with [`Call::read_output`].
    Output,
    /// A `text/event-stream`: split it with an [`EventReader`], read each with [`read_event`].
    Events,
    /// An error body: read it with [`read_error`].
    Error,
    /// A status or content type the spec does not name for this operation.
    Unexpected,
}

/// The answer an operation's rules give for `status` and `content_type` (generated
/// [`Call::answer`]s call this with their spec's responses: status `200`, `2XX` or `default`;
/// the media type's essence, empty for an answer without a body). The first rule whose status
/// and media type match wins; then the first whose status matches (a media type the spec does not
/// list, or none); then any `2XX` is [`Answer::Output`] when the spec names no success media type
/// either; a status of 400 or more that no rule names is [`Answer::Error`] (an API answers
/// errors its spec does not list), and anything else is [`Answer::Unexpected`].
#[doc(hidden)]
pub fn answer(status: u16, content_type: &str, rules: &[(&str, &str, Answer)]) -> Answer {
    let essence = content_type.split(';').next().unwrap_or("").trim().to_ascii_lowercase();
    let code = status.to_string();
    let range = format!("{}XX", status / 100);
    // An exact status first, then its range, then `default`, as OpenAPI orders them.
    for wanted in [code.as_str(), range.as_str(), "default"] {
        let matching = || rules.iter().filter(|(status, _, _)| status.eq_ignore_ascii_case(wanted));
        if let Some((_, _, answer)) = matching().find(|(_, media, _)| *media == essence) {
            return *answer;
        }
        // A status the spec lists, with a media type it does not: an error body is read as one
        // whatever its type; a success body in another type is unexpected.
        if let Some((_, _, answer)) = matching().next() {
            return match answer {
                Answer::Error => Answer::Error,
                _ if matching().all(|(_, media, _)| media.is_empty()) => *answer,
                _ => Answer::Unexpected,
            };
        }
    }
    if status >= 400 {
        Answer::Error
    } else {
        Answer::Unexpected
    }
}

/// An event type for calls whose answer is never a stream: it has no value.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NoEvents {}

impl Serialize for NoEvents {
    fn serialize<S: Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
        match *self {}
    }
}

impl<'de> serde::Deserialize<'de> for NoEvents {
    fn deserialize<D: Deserializer<'de>>(_: D) -> Result<Self, D::Error> {
        Err(de::Error::custom("this call's answer has no events"))
    }
}

/// A path parameter that cannot be sent: names the parameter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PathError {
    /// The parameter's name in the path template.
    pub parameter: String,
    /// What is wrong with its value.
    pub problem: PathProblem,
}

/// What is wrong with a path parameter's value.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PathProblem {
    /// An empty string (or empty array): the path would lose a segment.
    Empty,
    /// `.` or `..`: the URL would be resolved to another path.
    DotSegment,
    /// Null, an object or a nested array: a path segment cannot hold it.
    NotText,
}

impl fmt::Display for PathError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let problem = match self.problem {
            PathProblem::Empty => "is empty: the request would reach another endpoint",
            PathProblem::DotSegment => "is `.` or `..`: the request would reach another endpoint",
            PathProblem::NotText => "is null, an object or a nested array: a path cannot hold it",
        };
        write!(f, "path parameter `{}` {problem}", self.parameter)
    }
}

impl std::error::Error for PathError {}

/// A request body that cannot be written.
#[derive(Debug)]
pub enum BodyError {
    /// The value does not serialize (as JSON, or as the fields of a form).
    Json(serde_json::Error),
}

impl fmt::Display for BodyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            BodyError::Json(error) => write!(f, "the request body cannot be written: {error}"),
        }
    }
}

impl std::error::Error for BodyError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            BodyError::Json(error) => Some(error),
        }
    }
}

impl From<serde_json::Error> for BodyError {
    fn from(error: serde_json::Error) -> Self {
        BodyError::Json(error)
    }
}

/// A request body.
#[derive(Clone, Debug, PartialEq)]
pub enum Body {
    /// No body.
    Empty,
    /// JSON text (`application/json`).
    Json(Vec<u8>),
    /// `application/x-www-form-urlencoded` pairs, not yet encoded.
    Form(Vec<(String, String)>),
    /// `multipart/form-data` parts in order.
    Multipart(Vec<Part>),
    /// Bytes with their content type (`application/sdp`, `application/octet-stream`).
    Raw {
        /// The `Content-Type` to send.
        content_type: String,
        /// The bytes as they are sent.
        bytes: Vec<u8>,
    },
}

impl Body {
    /// The `Content-Type` of the body: `application/json`, `multipart/form-data` (a client
    /// adds the boundary), ...; `None` for [`Body::Empty`].
    pub fn content_type(&self) -> Option<&str> {
        match self {
            Body::Empty => None,
            Body::Json(_) => Some("application/json"),
            Body::Form(_) => Some("application/x-www-form-urlencoded"),
            Body::Multipart(_) => Some("multipart/form-data"),
            Body::Raw { content_type, .. } => Some(content_type),
        }
    }

    /// The multipart body encoded with this boundary (RFC 7578), for clients without multipart
    /// support: send it with `Content-Type: multipart/form-data; boundary=<boundary>`. Quotes
    /// and line ends in names and filenames are escaped as `%22`, `%0D`, `%0A` (as browsers do),
    /// so a name cannot end its header. `None` unless [`Body::Multipart`].
    pub fn multipart_bytes(&self, boundary: &str) -> Option<Vec<u8>> {
        let Body::Multipart(parts) = self else { return None };
        let mut out = Vec::new();
        for part in parts {
            out.extend_from_slice(format!("--{boundary}\r\n").as_bytes());
            let name = quoted(&part.name);
            out.extend_from_slice(format!("Content-Disposition: form-data; name=\"{name}\"").as_bytes());
            match &part.value {
                PartValue::Text(text) => {
                    out.extend_from_slice(b"\r\n\r\n");
                    out.extend_from_slice(text.as_bytes());
                }
                PartValue::File(file) => {
                    let filename = quoted(&file.filename);
                    // A line end in the content type would start a header of its own.
                    let content_type: String = file.content_type.chars().filter(|c| !matches!(c, '\r' | '\n')).collect();
                    let content_type = if content_type.is_empty() { OCTET_STREAM } else { &content_type };
                    let head = format!("; filename=\"{filename}\"\r\nContent-Type: {content_type}\r\n\r\n");
                    out.extend_from_slice(head.as_bytes());
                    out.extend_from_slice(&file.bytes);
                }
            }
            out.extend_from_slice(b"\r\n");
        }
        out.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
        Some(out)
    }

    /// The form pairs encoded as `a=b&c=d` (percent-encoded, spaces as `%20`); `None` unless
    /// [`Body::Form`].
    pub fn form_text(&self) -> Option<String> {
        match self {
            Body::Form(pairs) => Some(encode_query(pairs)),
            _ => None,
        }
    }
}

/// A name or filename inside the quotes of a `Content-Disposition` header.
fn quoted(text: &str) -> String {
    text.replace('"', "%22").replace('\r', "%0D").replace('\n', "%0A")
}

const OCTET_STREAM: &str = "application/octet-stream";

/// One part of a multipart body.
#[derive(Clone, Debug, PartialEq)]
pub struct Part {
    /// The field name (`file`, `purpose`, `metadata[key]`, `image[]`).
    pub name: String,
    /// Its text or file.
    pub value: PartValue,
}

/// The content of a multipart part.
#[derive(Clone, Debug, PartialEq)]
pub enum PartValue {
    /// A text field.
    Text(String),
    /// A file, sent with its filename and content type.
    File(File),
}

/// A file to upload: bytes, a filename and a content type.
///
/// In a multipart body (the only place an API takes files) it is a file part. Anywhere else, as
/// JSON, a file is its content as a string (lossy UTF-8): a file has no JSON form in the API, and
/// a string read as a file is written back unchanged.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct File {
    /// The content.
    pub bytes: Vec<u8>,
    /// The filename the server sees (many servers read the format from its extension).
    pub filename: String,
    /// The part's `Content-Type`.
    pub content_type: String,
}

impl File {
    /// Bytes with the defaults: filename `upload`, content type `application/octet-stream`.
    pub fn new(bytes: impl Into<Vec<u8>>) -> File {
        File { bytes: bytes.into(), filename: "upload".to_owned(), content_type: OCTET_STREAM.to_owned() }
    }

    /// Bytes with a filename; the content type guessed from its extension (common audio, image,
    /// video and document types; else `application/octet-stream`).
    pub fn named(filename: impl Into<String>, bytes: impl Into<Vec<u8>>) -> File {
        let filename = filename.into();
        let extension = filename.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
        let content_type = match extension.as_deref().unwrap_or("") {
            "png" => "image/png",
            "jpg" | "jpeg" => "image/jpeg",
            "gif" => "image/gif",
            "webp" => "image/webp",
            "mp3" | "mpga" => "audio/mpeg",
            "mp4" => "video/mp4",
            "mpeg" => "video/mpeg",
            "m4a" => "audio/mp4",
            "wav" => "audio/wav",
            "webm" => "video/webm",
            "ogg" => "audio/ogg",
            "flac" => "audio/flac",
            "pdf" => "application/pdf",
            "json" => "application/json",
            "jsonl" => "application/jsonl",
            "txt" => "text/plain",
            "md" => "text/markdown",
            "csv" => "text/csv",
            "zip" => "application/zip",
            _ => OCTET_STREAM,
        };
        File { bytes: bytes.into(), filename, content_type: content_type.to_owned() }
    }

    /// The file with this filename.
    pub fn filename(self, filename: impl Into<String>) -> File {
        File { filename: filename.into(), ..self }
    }

    /// The file with this content type.
    pub fn content_type(self, content_type: impl Into<String>) -> File {
        File { content_type: content_type.into(), ..self }
    }
}

impl Default for File {
    /// No bytes, with the defaults of [`File::new`].
    fn default() -> Self {
        File::new(Vec::new())
    }
}

impl From<Vec<u8>> for File {
    fn from(bytes: Vec<u8>) -> Self {
        File::new(bytes)
    }
}

impl From<&[u8]> for File {
    fn from(bytes: &[u8]) -> Self {
        File::new(bytes)
    }
}

/// The files met while [`multipart_body`] serializes its value: a [`File`] there serializes as a
/// marker naming its place here, since serde_json's `Value` has no room for a file.
struct Stash {
    nonce: u64,
    files: Vec<File>,
}

thread_local! {
    static FORM: RefCell<Option<Stash>> = const { RefCell::new(None) };
}

/// Swaps the thread's stash, giving the one it held; `None` when the stash cannot be reached (a
/// thread being torn down): files then serialize as text, and nothing panics.
fn swap_stash(stash: Option<Stash>) -> Option<Option<Stash>> {
    FORM.try_with(|cell| cell.try_borrow_mut().ok().map(|mut slot| std::mem::replace(&mut *slot, stash))).ok().flatten()
}

/// Form mode while a value serializes: puts back the stash of an enclosing `multipart_body` (a
/// `Serialize` impl may call one) when it ends, also when serializing fails or panics, so that
/// no file serializes as a marker outside form mode.
struct FormMode {
    nonce: u64,
    /// The stash to put back; `None` once put back, or when form mode could not start.
    previous: Option<Option<Stash>>,
}

impl FormMode {
    fn start() -> FormMode {
        // A counter keeps nonces apart; hashing it with std's random keys makes the marker
        // unguessable, so no string of the user's data reads as a file.
        static COUNTER: AtomicU64 = AtomicU64::new(0);
        let mut hasher = RandomState::new().build_hasher();
        hasher.write_u64(COUNTER.fetch_add(1, Ordering::Relaxed));
        let nonce = hasher.finish();
        FormMode { nonce, previous: swap_stash(Some(Stash { nonce, files: Vec::new() })) }
    }

    /// Leaves form mode: the files that serialized, by index.
    fn finish(mut self) -> Vec<File> {
        let ours = self.previous.take().and_then(swap_stash).flatten();
        ours.map(|stash| stash.files).unwrap_or_default()
    }
}

impl Drop for FormMode {
    fn drop(&mut self) {
        if let Some(previous) = self.previous.take() {
            swap_stash(previous);
        }
    }
}

fn marker_prefix(nonce: u64) -> String {
    format!("\u{0}file:{nonce}:")
}

impl Serialize for File {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let marker = FORM
            .try_with(|cell| {
                let mut slot = cell.try_borrow_mut().ok()?;
                let stash = slot.as_mut()?;
                let index = stash.files.len();
                stash.files.push(self.clone());
                Some(format!("{}{index}", marker_prefix(stash.nonce)))
            })
            .ok()
            .flatten();
        match marker {
            Some(marker) => serializer.serialize_str(&marker),
            None => serializer.serialize_str(&String::from_utf8_lossy(&self.bytes)),
        }
    }
}

impl<'de> serde::Deserialize<'de> for File {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct FileVisitor;
        impl Visitor<'_> for FileVisitor {
            type Value = File;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a file's content as a string")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<File, E> {
                Ok(File::new(text))
            }
            fn visit_string<E: de::Error>(self, text: String) -> Result<File, E> {
                Ok(File::new(text))
            }
            fn visit_bytes<E: de::Error>(self, bytes: &[u8]) -> Result<File, E> {
                Ok(File::new(bytes))
            }
            fn visit_byte_buf<E: de::Error>(self, bytes: Vec<u8>) -> Result<File, E> {
                Ok(File::new(bytes))
            }
        }
        deserializer.deserialize_string(FileVisitor)
    }
}

/// A page of a list: its items, whether there is more, and the cursor of the next page.
pub trait Page {
    /// One item of the list.
    type Item;
    /// The items of this page.
    fn items(&self) -> &[Self::Item];
    /// Whether a page follows this one.
    fn has_more(&self) -> bool;
    /// The cursor that asks for the next page (often the last item's id).
    fn next_cursor(&self) -> Option<String>;
}

/// A list call that takes the cursor of the next page.
pub trait Paged: Call<Output: Page> {
    /// Asks for the page after this cursor.
    fn set_cursor(&mut self, cursor: String);
}

/// The call for the page after `page`, the answer to `call`; `None` on the last page: when
/// `has_more()` is false or there is no cursor (an empty one included, which would ask for the
/// first page again and loop forever).
pub fn next_call<C: Paged + Clone>(call: &C, page: &C::Output) -> Option<C> {
    if !page.has_more() {
        return None;
    }
    let cursor = page.next_cursor().filter(|cursor| !cursor.is_empty())?;
    let mut next = call.clone();
    next.set_cursor(cursor);
    Some(next)
}

/// Server-sent events: splits a `text/event-stream` body into each event's `data` (its `data`
/// lines joined with `"\n"`), skipping comments, `[DONE]` and events without data. Chunks may
/// split the stream anywhere, inside a line or a UTF-8 character; lines end in CRLF, LF or CR.
#[derive(Default, Debug)]
pub struct EventReader {
    /// The bytes of a line not ended yet: decoded once whole, so a split character survives.
    line: Vec<u8>,
    data: String,
    has_data: bool,
    /// The last chunk ended in CR: an LF starting the next one ends no second line.
    after_cr: bool,
    started: bool,
}

impl EventReader {
    /// A reader at the start of a stream.
    pub fn new() -> Self {
        EventReader::default()
    }

    /// Reads the next chunk of the body: the data of each event it completes.
    pub fn push(&mut self, chunk: &[u8]) -> Vec<String> {
        let mut events = Vec::new();
        let mut rest = chunk;
        if std::mem::take(&mut self.after_cr) {
            rest = rest.strip_prefix(b"\n").unwrap_or(rest);
        }
        while let Some(end) = rest.iter().position(|&b| b == b'\n' || b == b'\r') {
            let (line, tail) = rest.split_at(end);
            self.line.extend_from_slice(line);
            rest = match tail {
                [b'\r', b'\n', tail @ ..] => tail,
                [b'\r'] => {
                    self.after_cr = true;
                    &[]
                }
                [_, tail @ ..] => tail,
                [] => &[],
            };
            self.end_line(&mut events);
        }
        self.line.extend_from_slice(rest);
        events
    }

    /// Ends the stream: the data of a last event not followed by a blank line.
    pub fn finish(mut self) -> Vec<String> {
        let mut events = Vec::new();
        if !self.line.is_empty() {
            self.end_line(&mut events);
        }
        self.dispatch(&mut events);
        events
    }

    fn end_line(&mut self, events: &mut Vec<String>) {
        let mut bytes = std::mem::take(&mut self.line);
        {
            let text = String::from_utf8_lossy(&bytes);
            let mut line: &str = &text;
            if !std::mem::replace(&mut self.started, true) {
                line = line.strip_prefix('\u{feff}').unwrap_or(line);
            }
            if line.is_empty() {
                self.dispatch(events);
            } else if !line.starts_with(':') {
                let (field, value) = match line.split_once(':') {
                    Some((field, value)) => (field, value.strip_prefix(' ').unwrap_or(value)),
                    None => (line, ""),
                };
                // `event`, `id` and `retry` do not change the data an event carries.
                if field == "data" {
                    if self.has_data {
                        self.data.push('\n');
                    }
                    self.data.push_str(value);
                    self.has_data = true;
                }
            }
        }
        // Keeps the buffer's capacity for the next line.
        bytes.clear();
        self.line = bytes;
    }

    fn dispatch(&mut self, events: &mut Vec<String>) {
        let data = std::mem::take(&mut self.data);
        if std::mem::take(&mut self.has_data) && data != "[DONE]" {
            events.push(data);
        }
    }
}

/// Each `{name}` of the template replaced by its value, percent-encoded: every byte but the
/// unreserved `A-Z a-z 0-9 - . _ ~` is encoded, so `/`, `?`, `#`, `%` or a space never reach
/// another endpoint. Strings as they are, numbers and bools as text, enums by their string; an
/// array as comma-separated values (simple style). An empty value, `.` or `..`, null or an object
/// is a [`PathError`] naming the parameter. A `{name}` with no value given stays as written.
#[doc(hidden)]
pub fn render_path(template: &str, params: &[(&str, Value)]) -> Result<String, PathError> {
    let mut out = String::with_capacity(template.len());
    let mut rest = template;
    while let Some((before, after)) = rest.split_once('{') {
        out.push_str(before);
        let Some((name, tail)) = after.split_once('}') else {
            out.push('{');
            rest = after;
            break;
        };
        match params.iter().find(|(param, _)| *param == name) {
            Some((_, value)) => path_segment(name, value, &mut out)?,
            None => {
                out.push('{');
                out.push_str(name);
                out.push('}');
            }
        }
        rest = tail;
    }
    out.push_str(rest);
    Ok(out)
}

fn path_segment(name: &str, value: &Value, out: &mut String) -> Result<(), PathError> {
    let error = |problem| PathError { parameter: name.to_owned(), problem };
    let texts = match value {
        Value::Array(items) => items.iter().map(scalar_text).collect::<Option<Vec<_>>>(),
        scalar => scalar_text(scalar).map(|text| vec![text]),
    };
    let texts = texts.ok_or(error(PathProblem::NotText))?;
    match texts.join(",").as_str() {
        "" => return Err(error(PathProblem::Empty)),
        "." | ".." => return Err(error(PathProblem::DotSegment)),
        _ => {}
    }
    for (i, text) in texts.iter().enumerate() {
        if i > 0 {
            // The simple style's separator stays a comma; one inside a value is encoded.
            out.push(',');
        }
        percent_encode(text, out);
    }
    Ok(())
}

/// A string, number or bool as text; `None` for anything else.
fn scalar_text(value: &Value) -> Option<String> {
    match value {
        Value::String(text) => Some(text.clone()),
        Value::Number(number) => Some(number.to_string()),
        Value::Bool(flag) => Some(flag.to_string()),
        Value::Null | Value::Array(_) | Value::Object(_) => None,
    }
}

/// A value as text: scalars as [`scalar_text`], null as nothing, arrays and objects as JSON.
fn text(value: &Value) -> String {
    match value {
        Value::Null => String::new(),
        Value::Array(_) | Value::Object(_) => value.to_string(),
        scalar => scalar_text(scalar).unwrap_or_default(),
    }
}

fn percent_encode(text: &str, out: &mut String) {
    const HEX: &[u8; 16] = b"0123456789ABCDEF";
    for &byte in text.as_bytes() {
        if byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~') {
            out.push(char::from(byte));
        } else {
            out.push('%');
            out.push(char::from(HEX[usize::from(byte >> 4)]));
            out.push(char::from(HEX[usize::from(byte & 0xF)]));
        }
    }
}

/// `serde_json::to_value` that never fails (`Null` on error), to convert fields.
#[doc(hidden)]
pub fn value<T: Serialize + ?Sized>(value: &T) -> Value {
    serde_json::to_value(value).unwrap_or(Value::Null)
}

/// How a parameter's array or object is written (OpenAPI's `style`).
#[doc(hidden)]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Style {
    /// `name=a&name=b` (explode) or `name=a,b`.
    Form,
    /// `name=a b`.
    SpaceDelimited,
    /// `name=a|b`.
    PipeDelimited,
    /// `name[key]=value`.
    DeepObject,
    /// `a,b` (headers and paths).
    Simple,
}

/// The query pairs of a call, added parameter by parameter.
#[doc(hidden)]
#[derive(Default, Debug, Clone)]
pub struct Query {
    pairs: Vec<(String, String)>,
    brackets: bool,
}

impl Query {
    /// An empty query. `brackets`: the API's convention (as Stainless SDKs send it) writes
    /// arrays as `name[]=a&name[]=b` (not doubled when the name ends in `[]`) and objects as
    /// `name[key]=v` (nested: `name[a][b]=v`, `name[key][]=v`), whatever the style says.
    pub fn new(brackets: bool) -> Query {
        Query { pairs: Vec::new(), brackets }
    }

    /// A pair written in the path template (`/responses?beta=true`).
    pub fn fixed(mut self, name: &str, value: &str) -> Query {
        self.pairs.push((name.to_owned(), value.to_owned()));
        self
    }

    /// Adds a parameter's pairs (none for `None` or null). Without brackets, by OpenAPI's rules:
    /// a scalar is `name=v`; an array `name=a&name=b` (form, explode; deepObject), or joined by
    /// `,` (form), ` ` (spaceDelimited) or `|` (pipeDelimited); an object `k1=v1&k2=v2` (form,
    /// explode), `name=k1,v1,k2,v2` (form; the delimiter of the style), or `name[k]=v` (deepObject;
    /// nested `name[k][k2]=v`, arrays repeated `name[k]=a&name[k]=b`). Arrays or objects inside
    /// an array or a form object are their JSON text.
    pub fn add<T: Serialize + ?Sized>(&mut self, name: &str, value: Option<&T>, style: Style, explode: bool) {
        let Some(value) = value else { return };
        let json = self::value(value);
        let mut push = |name: String, value: &Value| self.pairs.push((name, text(value)));
        if self.brackets {
            leaves(name.to_owned(), &json, true, &mut push);
            return;
        }
        let delimiter = match style {
            Style::SpaceDelimited => " ",
            Style::PipeDelimited => "|",
            Style::Form | Style::Simple | Style::DeepObject => ",",
        };
        // Simple has no exploded form in a query; deepObject arrays have none but repeats.
        let explode = explode && style != Style::Simple;
        match &json {
            Value::Array(items) if explode || style == Style::DeepObject => {
                items.iter().filter(|item| !item.is_null()).for_each(|item| push(name.to_owned(), item));
            }
            Value::Object(map) if style == Style::DeepObject => {
                map.iter().for_each(|(key, value)| leaves(format!("{name}[{key}]"), value, false, &mut push));
            }
            Value::Object(map) if explode => {
                map.iter().filter(|(_, value)| !value.is_null()).for_each(|(key, value)| push(key.clone(), value));
            }
            Value::Array(_) | Value::Object(_) => {
                if let Some(joined) = joined(&json, delimiter) {
                    push(name.to_owned(), &Value::String(joined));
                }
            }
            scalar => leaves(name.to_owned(), scalar, false, &mut push),
        }
    }

    /// The pairs in order, not yet percent-encoded.
    pub fn into_pairs(self) -> Vec<(String, String)> {
        self.pairs
    }
}

/// Visits each scalar inside `value` with its field name: an object's properties as
/// `name[key]`, an array's items as `name[]` (`brackets`, not doubled when the name already ends
/// in `[]`) or as `name` again; null is left out.
fn leaves(name: String, value: &Value, brackets: bool, visit: &mut dyn FnMut(String, &Value)) {
    match value {
        Value::Null => {}
        Value::Array(items) => {
            let name = if brackets && !name.ends_with("[]") { format!("{name}[]") } else { name };
            for item in items {
                leaves(name.clone(), item, brackets, visit);
            }
        }
        Value::Object(map) => {
            for (key, value) in map {
                leaves(format!("{name}[{key}]"), value, brackets, visit);
            }
        }
        scalar => visit(name, scalar),
    }
}

/// Query pairs as `a=b&c=d`, each name and value percent-encoded: every byte but the unreserved
/// `A-Z a-z 0-9 - . _ ~` (so a space is `%20` and `[` is `%5B`).
#[doc(hidden)]
pub fn encode_query(pairs: &[(String, String)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if !out.is_empty() {
            out.push('&');
        }
        percent_encode(name, &mut out);
        out.push('=');
        percent_encode(value, &mut out);
    }
    out
}

/// A header's value (simple style: an array comma-separated, an object `k,v,k,v`); `None` for
/// `None` or null.
#[doc(hidden)]
pub fn header_value<T: Serialize + ?Sized>(value: Option<&T>) -> Option<String> {
    match self::value(value?) {
        Value::Null => None,
        json @ (Value::Array(_) | Value::Object(_)) => joined(&json, ","),
        scalar => Some(text(&scalar)),
    }
}

/// An array's items or an object's keys and values as text, joined by `delimiter`, nulls left
/// out; `None` when nothing is left (no pair or header is sent for it).
fn joined(value: &Value, delimiter: &str) -> Option<String> {
    let texts: Vec<String> = match value {
        Value::Array(items) => items.iter().filter(|item| !item.is_null()).map(text).collect(),
        Value::Object(map) => map.iter().filter(|(_, value)| !value.is_null()).flat_map(|(key, value)| [key.clone(), text(value)]).collect(),
        _ => return None,
    };
    (!texts.is_empty()).then(|| texts.join(delimiter))
}

/// The value as a JSON body.
#[doc(hidden)]
pub fn json_body<T: Serialize + ?Sized>(value: &T) -> Result<Body, BodyError> {
    Ok(Body::Json(serde_json::to_vec(value)?))
}

/// The parts of a multipart body, in the order the value serializes its fields: strings,
/// numbers and bools as text, null left out, arrays as a `name[]` part per item (`brackets`) or
/// `name` repeated, objects as `name[key]` parts (nested the same way); a [`File`] anywhere as a
/// file part under its name. The value must serialize as an object (or null: no parts). The
/// order is serde_json's: the fields' own with its `preserve_order` feature (the generated crate
/// turns it on), sorted by name without it.
#[doc(hidden)]
pub fn multipart_body<T: Serialize + ?Sized>(value: &T, brackets: bool) -> Result<Body, BodyError> {
    let mode = FormMode::start();
    let prefix = marker_prefix(mode.nonce);
    let json = serde_json::to_value(value);
    let mut files: Vec<Option<File>> = mode.finish().into_iter().map(Some).collect();
    let mut parts = Vec::new();
    fields(&json?, brackets, &mut |name, leaf| {
        let file = match leaf {
            Value::String(text) => {
                text.strip_prefix(&prefix).and_then(|index| index.parse::<usize>().ok()).and_then(|index| files.get_mut(index)).and_then(Option::take)
            }
            _ => None,
        };
        let value = match file {
            Some(file) => PartValue::File(file),
            None => PartValue::Text(text(leaf)),
        };
        parts.push(Part { name, value });
    })?;
    Ok(Body::Multipart(parts))
}

/// The pairs of an `application/x-www-form-urlencoded` body, by the rules of [`multipart_body`]
/// (a file is its content as text).
#[doc(hidden)]
pub fn form_body<T: Serialize + ?Sized>(value: &T, brackets: bool) -> Result<Body, BodyError> {
    let mut pairs = Vec::new();
    fields(&serde_json::to_value(value)?, brackets, &mut |name, leaf| pairs.push((name, text(leaf))))?;
    Ok(Body::Form(pairs))
}

/// Visits the leaves of each field of a form's value.
fn fields(value: &Value, brackets: bool, visit: &mut dyn FnMut(String, &Value)) -> Result<(), BodyError> {
    match value {
        Value::Null => Ok(()),
        Value::Object(map) => {
            for (key, value) in map {
                leaves(key.clone(), value, brackets, visit);
            }
            Ok(())
        }
        _ => Err(BodyError::Json(serde::ser::Error::custom("a form body must be an object of fields"))),
    }
}

/// Bytes sent as they are, with their content type.
#[doc(hidden)]
pub fn raw_body(content_type: &str, bytes: impl Into<Vec<u8>>) -> Body {
    Body::Raw { content_type: content_type.to_owned(), bytes: bytes.into() }
}
