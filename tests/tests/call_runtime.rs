//! The `call` module that every generated crate carries (`codegen/assets/call.rs`), tested on its
//! own: paths, queries, headers, bodies (JSON, form, multipart with files), server-sent events
//! and paging, as the generated operations use them.

#[path = "../../codegen/assets/call.rs"]
mod call;

use call::{
    encode_query, form_body, header_value, json_body, multipart_body, next_call, raw_body, read_error, read_event, render_path, value, Answer, Body,
    BodyError, Call, EventReader, File, Method, NoEvents, Page, Paged, Part, PartValue, PathError, PathProblem, Query, Style,
};
use serde::{Deserialize, Serialize};
use serde_json::{json, Value};

// ---------------------------------------------------------------------------------------------
// Calls as the generator writes them.

/// `GET /files`: a paged list.
#[derive(Clone, Debug, Default, PartialEq)]
struct ListFiles {
    after: Option<String>,
    limit: Option<u32>,
    purpose: Option<Purpose>,
}

#[derive(Clone, Copy, Debug, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
enum Purpose {
    FineTune,
    Assistants,
}

#[derive(Debug, Deserialize)]
struct FileList {
    data: Vec<FileObject>,
    has_more: bool,
    last_id: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Deserialize)]
struct FileObject {
    id: String,
}

impl Page for FileList {
    type Item = FileObject;
    fn items(&self) -> &[FileObject] {
        &self.data
    }
    fn has_more(&self) -> bool {
        self.has_more
    }
    fn next_cursor(&self) -> Option<String> {
        self.last_id.clone()
    }
}

impl Call for ListFiles {
    type Output = FileList;
    type Event = NoEvents;
    type Error = Value;
    const METHOD: Method = Method::Get;
    const PATH: &'static str = "/files";
    const OPERATION_ID: &'static str = "listFiles";
    fn path(&self) -> Result<String, PathError> {
        render_path(Self::PATH, &[])
    }
    fn query(&self) -> Vec<(String, String)> {
        let mut query = Query::new(false);
        query.add("after", self.after.as_ref(), Style::Form, true);
        query.add("limit", self.limit.as_ref(), Style::Form, true);
        query.add("purpose", self.purpose.as_ref(), Style::Form, true);
        query.into_pairs()
    }
    fn headers(&self) -> Vec<(&'static str, String)> {
        Vec::new()
    }
    fn body(&self) -> Result<Body, BodyError> {
        Ok(Body::Empty)
    }
    fn answer(status: u16, content_type: &str) -> Answer {
        match status {
            200..=299 if content_type.starts_with("application/json") => Answer::Output,
            400..=599 => Answer::Error,
            _ => Answer::Unexpected,
        }
    }
    fn read_output(body: &[u8]) -> Result<FileList, serde_json::Error> {
        serde_json::from_slice(body)
    }
}

impl Paged for ListFiles {
    fn set_cursor(&mut self, cursor: String) {
        self.after = Some(cursor);
    }
}

/// `POST /files/{file_id}/content?beta=true`, a header, a JSON body and a streamed answer.
struct UpdateContent {
    file_id: String,
    version: Option<i64>,
    request: UpdateRequest,
}

#[derive(Serialize)]
struct UpdateRequest {
    text: String,
}

#[derive(Debug, PartialEq, Deserialize)]
#[serde(tag = "type")]
enum ContentEvent {
    #[serde(rename = "content.delta")]
    Delta { delta: String },
    #[serde(rename = "content.done")]
    Done,
}

impl Call for UpdateContent {
    type Output = String;
    type Event = ContentEvent;
    type Error = Value;
    const METHOD: Method = Method::Post;
    const PATH: &'static str = "/files/{file_id}/content";
    const OPERATION_ID: &'static str = "updateContent";
    fn path(&self) -> Result<String, PathError> {
        render_path(Self::PATH, &[("file_id", value(&self.file_id))])
    }
    fn query(&self) -> Vec<(String, String)> {
        Query::new(true).fixed("beta", "true").into_pairs()
    }
    fn headers(&self) -> Vec<(&'static str, String)> {
        header_value(self.version.as_ref()).map(|v| ("X-Version", v)).into_iter().collect()
    }
    fn body(&self) -> Result<Body, BodyError> {
        json_body(&self.request)
    }
    fn answer(status: u16, content_type: &str) -> Answer {
        match (status, content_type) {
            (200, "text/event-stream") => Answer::Events,
            (200, _) => Answer::Output,
            (400..=599, _) => Answer::Error,
            _ => Answer::Unexpected,
        }
    }
    fn read_output(body: &[u8]) -> Result<String, serde_json::Error> {
        Ok(String::from_utf8_lossy(body).into_owned())
    }
}

fn path(template: &str, name: &str, value: Value) -> Result<String, PathError> {
    render_path(template, &[(name, value)])
}

fn path_error(rendered: Result<String, PathError>) -> PathError {
    rendered.err().unwrap_or_else(|| panic!("no error"))
}

fn pairs(list: &[(&str, &str)]) -> Vec<(String, String)> {
    list.iter().map(|(n, v)| (n.to_string(), v.to_string())).collect()
}

fn query<T: Serialize + ?Sized>(brackets: bool, name: &str, value: &T, style: Style, explode: bool) -> Vec<(String, String)> {
    let mut query = Query::new(brackets);
    query.add(name, Some(value), style, explode);
    query.into_pairs()
}

// ---------------------------------------------------------------------------------------------
// Calls, methods, answers.

#[test]
fn methods_print_as_http_writes_them() {
    let all = [
        (Method::Get, "GET"),
        (Method::Put, "PUT"),
        (Method::Post, "POST"),
        (Method::Delete, "DELETE"),
        (Method::Options, "OPTIONS"),
        (Method::Head, "HEAD"),
        (Method::Patch, "PATCH"),
        (Method::Trace, "TRACE"),
    ];
    for (method, text) in all {
        assert_eq!(method.as_str(), text);
        assert_eq!(method.to_string(), text);
    }
}

#[test]
fn a_call_gives_everything_a_request_needs() {
    let call = UpdateContent { file_id: "file 1".into(), version: Some(3), request: UpdateRequest { text: "hi".into() } };
    assert_eq!(UpdateContent::METHOD, Method::Post);
    assert_eq!(UpdateContent::OPERATION_ID, "updateContent");
    assert_eq!(call.path().as_deref(), Ok("/files/file%201/content"));
    assert_eq!(call.path_and_query().as_deref(), Ok("/files/file%201/content?beta=true"));
    assert_eq!(call.headers(), vec![("X-Version", "3".to_string())]);
    let body = call.body().unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body, Body::Json(br#"{"text":"hi"}"#.to_vec()));
    assert_eq!(body.content_type(), Some("application/json"));
    assert_eq!(UpdateContent::answer(200, "text/event-stream"), Answer::Events);
    assert_eq!(UpdateContent::answer(200, "text/plain"), Answer::Output);
    assert_eq!(UpdateContent::answer(302, "text/plain"), Answer::Unexpected);
    assert_eq!(UpdateContent::read_output(b"done").ok().as_deref(), Some("done"));

    let event = read_event::<UpdateContent>(r#"{"type":"content.delta","delta":"x"}"#);
    assert_eq!(event.ok(), Some(ContentEvent::Delta { delta: "x".into() }));
    assert_eq!(read_event::<UpdateContent>(r#"{"type":"content.done"}"#).ok(), Some(ContentEvent::Done));
    let error = read_error::<UpdateContent>(br#"{"error":{"message":"no"}}"#);
    assert_eq!(error.ok(), Some(json!({"error": {"message": "no"}})));
    assert!(read_error::<UpdateContent>(b"<html>").is_err());
}

#[test]
fn a_call_without_a_query_has_no_question_mark() {
    let call = ListFiles::default();
    assert_eq!(call.path_and_query().as_deref(), Ok("/files"));
    let call = ListFiles { limit: Some(2), purpose: Some(Purpose::FineTune), ..ListFiles::default() };
    assert_eq!(call.path_and_query().as_deref(), Ok("/files?limit=2&purpose=fine-tune"));
    assert_eq!(ListFiles::answer(200, "application/json; charset=utf-8"), Answer::Output);
    assert_eq!(ListFiles::answer(404, "application/json"), Answer::Error);
    assert_eq!(call.body().ok(), Some(Body::Empty));
    assert_eq!(Body::Empty.content_type(), None);
}

#[test]
fn no_events_never_reads() {
    let error = match read_event::<ListFiles>(r#"{"type":"x"}"#) {
        Ok(never) => match never {},
        Err(error) => error,
    };
    assert!(error.to_string().contains("this call's answer has no events"), "{error}");
    assert!(serde_json::from_str::<NoEvents>("null").is_err());
}

// ---------------------------------------------------------------------------------------------
// Paths.

#[test]
fn path_parameters_are_fully_percent_encoded() {
    let rendered = path("/files/{file_id}/content", "file_id", json!("a/b?c#d e%"));
    assert_eq!(rendered.as_deref(), Ok("/files/a%2Fb%3Fc%23d%20e%25/content"));
    let rendered = path("/x/{id}", "id", json!("AZaz09-._~é+&=;,[]"));
    assert_eq!(rendered.as_deref(), Ok("/x/AZaz09-._~%C3%A9%2B%26%3D%3B%2C%5B%5D"));
    // A percent sign is encoded, so an encoded-looking value cannot smuggle a `/` or `..`.
    assert_eq!(path("/x/{id}", "id", json!("%2E%2E")).as_deref(), Ok("/x/%252E%252E"));
    assert_eq!(path("/x/{id}", "id", json!("...")).as_deref(), Ok("/x/..."));
}

#[test]
fn empty_and_dot_segments_are_errors_naming_the_parameter() {
    let cases = [
        (json!(""), PathProblem::Empty),
        (json!([]), PathProblem::Empty),
        (json!("."), PathProblem::DotSegment),
        (json!(".."), PathProblem::DotSegment),
        (json!([".."]), PathProblem::DotSegment),
        (Value::Null, PathProblem::NotText),
        (json!({"a": 1}), PathProblem::NotText),
        (json!([["a"]]), PathProblem::NotText),
        (json!(["a", null]), PathProblem::NotText),
    ];
    for (value, problem) in cases {
        let error = path_error(path("/files/{file_id}", "file_id", value.clone()));
        assert_eq!(error, PathError { parameter: "file_id".into(), problem }, "{value}");
        let message = error.to_string();
        assert!(message.starts_with("path parameter `file_id` "), "{message}");
    }
    let error = path_error(path("/files/{file_id}", "file_id", json!("")));
    assert_eq!(error.to_string(), "path parameter `file_id` is empty: the request would reach another endpoint");
    let error: Box<dyn std::error::Error> = Box::new(error);
    assert!(error.source().is_none());
}

#[test]
fn path_numbers_bools_enums_and_arrays() {
    assert_eq!(path("/n/{n}", "n", json!(42)).as_deref(), Ok("/n/42"));
    assert_eq!(path("/n/{n}", "n", json!(-1.5)).as_deref(), Ok("/n/-1.5"));
    assert_eq!(path("/n/{n}", "n", json!(true)).as_deref(), Ok("/n/true"));
    assert_eq!(path("/p/{p}", "p", value(&Purpose::FineTune)).as_deref(), Ok("/p/fine-tune"));
    assert_eq!(path("/a/{a}", "a", json!(["x", "y z", 3])).as_deref(), Ok("/a/x,y%20z,3"));
    // The separator stays a comma; a comma inside an item is encoded.
    assert_eq!(path("/a/{a}", "a", json!(["x,y", "z"])).as_deref(), Ok("/a/x%2Cy,z"));
}

#[test]
fn path_templates_with_several_missing_or_broken_parameters() {
    let params = [("org", json!("o/1")), ("id", json!(7))];
    assert_eq!(render_path("/orgs/{org}/items/{id}", &params).as_deref(), Ok("/orgs/o%2F1/items/7"));
    assert_eq!(render_path("/a/{missing}/{id}", &params).as_deref(), Ok("/a/{missing}/7"));
    assert_eq!(render_path("/a/{id", &params).as_deref(), Ok("/a/{id"));
    assert_eq!(render_path("/a/}{id}{", &params).as_deref(), Ok("/a/}7{"));
    assert_eq!(render_path("", &params).as_deref(), Ok(""));
    // The first bad parameter is the one named.
    let params = [("org", json!("ok")), ("id", json!(".."))];
    let error = path_error(render_path("/orgs/{org}/items/{id}", &params));
    assert_eq!((error.parameter.as_str(), error.problem), ("id", PathProblem::DotSegment));
}

// ---------------------------------------------------------------------------------------------
// Queries.

#[test]
fn query_scalars_and_absent_values() {
    assert_eq!(query(false, "limit", &10, Style::Form, true), pairs(&[("limit", "10")]));
    assert_eq!(query(false, "x", &1.25, Style::Form, true), pairs(&[("x", "1.25")]));
    assert_eq!(query(false, "on", &false, Style::Form, true), pairs(&[("on", "false")]));
    assert_eq!(query(true, "s", "a b", Style::DeepObject, false), pairs(&[("s", "a b")]));
    assert_eq!(query(false, "null", &Value::Null, Style::Form, true), pairs(&[]));
    assert_eq!(query(false, "none", &None::<u8>, Style::Form, true), pairs(&[]));
    let mut query = Query::new(false);
    query.add::<str>("absent", None, Style::Form, true);
    query.add("empty", Some(&Vec::<String>::new()), Style::Form, false);
    query.add("empty", Some(&json!({})), Style::Form, false);
    assert_eq!(query.into_pairs(), pairs(&[]));
}

#[test]
fn query_arrays_by_style() {
    let items = json!(["a", "b c", 3]);
    let case = |style, explode| query(false, "x", &items, style, explode);
    assert_eq!(case(Style::Form, true), pairs(&[("x", "a"), ("x", "b c"), ("x", "3")]));
    assert_eq!(case(Style::Form, false), pairs(&[("x", "a,b c,3")]));
    assert_eq!(case(Style::SpaceDelimited, false), pairs(&[("x", "a b c 3")]));
    assert_eq!(case(Style::PipeDelimited, false), pairs(&[("x", "a|b c|3")]));
    assert_eq!(case(Style::PipeDelimited, true), pairs(&[("x", "a"), ("x", "b c"), ("x", "3")]));
    assert_eq!(case(Style::DeepObject, false), pairs(&[("x", "a"), ("x", "b c"), ("x", "3")]));
    assert_eq!(case(Style::Simple, true), pairs(&[("x", "a,b c,3")]));
    // Nested arrays and objects in a form array are their JSON text; nulls are left out.
    let nested = json!([[1, 2], {"k": "v"}, null]);
    assert_eq!(query(false, "n", &nested, Style::Form, true), pairs(&[("n", "[1,2]"), ("n", r#"{"k":"v"}"#)]));
    assert_eq!(query(false, "n", &nested, Style::Form, false), pairs(&[("n", r#"[1,2],{"k":"v"}"#)]));
}

#[test]
fn query_objects_by_style() {
    let object = json!({"role": "admin", "first": "Alex", "skip": null});
    let case = |style, explode| query(false, "id", &object, style, explode);
    assert_eq!(case(Style::Form, true), pairs(&[("role", "admin"), ("first", "Alex")]));
    assert_eq!(case(Style::Form, false), pairs(&[("id", "role,admin,first,Alex")]));
    assert_eq!(case(Style::SpaceDelimited, false), pairs(&[("id", "role admin first Alex")]));
    assert_eq!(case(Style::PipeDelimited, false), pairs(&[("id", "role|admin|first|Alex")]));
    assert_eq!(case(Style::DeepObject, true), pairs(&[("id[role]", "admin"), ("id[first]", "Alex")]));
}

#[test]
fn query_deep_objects_nest() {
    let filter = json!({"created": {"gte": 1, "lt": {"x": true}}, "ids": ["a", "b"], "name": "n", "none": null});
    assert_eq!(
        query(false, "filter", &filter, Style::DeepObject, true),
        pairs(&[
            ("filter[created][gte]", "1"),
            ("filter[created][lt][x]", "true"),
            ("filter[ids]", "a"),
            ("filter[ids]", "b"),
            ("filter[name]", "n"),
        ])
    );
}

#[test]
fn query_brackets_whatever_the_style() {
    let items = json!(["a", "b"]);
    for (style, explode) in [(Style::Form, true), (Style::Form, false), (Style::PipeDelimited, false)] {
        assert_eq!(query(true, "include", &items, style, explode), pairs(&[("include[]", "a"), ("include[]", "b")]));
        assert_eq!(query(true, "include[]", &items, style, explode), pairs(&[("include[]", "a"), ("include[]", "b")]));
    }
    let object = json!({"a": {"b": 1}, "tags": ["x", "y"], "c": "d"});
    assert_eq!(
        query(true, "metadata", &object, Style::Form, true),
        pairs(&[("metadata[a][b]", "1"), ("metadata[tags][]", "x"), ("metadata[tags][]", "y"), ("metadata[c]", "d")])
    );
    let records = json!([{"k": 1}, {"k": 2}]);
    assert_eq!(query(true, "r", &records, Style::Form, true), pairs(&[("r[][k]", "1"), ("r[][k]", "2")]));
}

#[test]
fn query_pairs_keep_their_order_and_encode_fully() {
    let mut query = Query::new(false).fixed("beta", "true");
    query.add("q", Some("a b&c=d+e"), Style::Form, true);
    query.add("ids[]", Some(&["x/y"]), Style::Form, true);
    let pairs = query.into_pairs();
    assert_eq!(pairs[0], ("beta".to_string(), "true".to_string()));
    assert_eq!(encode_query(&pairs), "beta=true&q=a%20b%26c%3Dd%2Be&ids%5B%5D=x%2Fy");
    assert_eq!(encode_query(&[]), "");
    assert_eq!(encode_query(&[("é".into(), String::new())]), "%C3%A9=");
}

#[test]
fn header_values_are_simple_style() {
    assert_eq!(header_value(Some("v")), Some("v".into()));
    assert_eq!(header_value(Some(&12)), Some("12".into()));
    assert_eq!(header_value(Some(&true)), Some("true".into()));
    assert_eq!(header_value(Some(&Purpose::Assistants)), Some("assistants".into()));
    assert_eq!(header_value(Some(&["a", "b"])), Some("a,b".into()));
    assert_eq!(header_value(Some(&json!({"k": "v", "n": 1}))), Some("k,v,n,1".into()));
    assert_eq!(header_value::<str>(None), None);
    assert_eq!(header_value(Some(&Value::Null)), None);
    assert_eq!(header_value(Some(&None::<String>)), None);
}

// ---------------------------------------------------------------------------------------------
// Bodies.

#[derive(Serialize)]
struct Upload {
    purpose: String,
    file: File,
    mask: Option<File>,
    extra: Option<File>,
    images: Vec<File>,
    metadata: Metadata,
    tags: Vec<String>,
    count: u32,
    stream: bool,
    nothing: Option<String>,
}

#[derive(Serialize)]
struct Metadata {
    project: String,
    limits: Limits,
}

#[derive(Serialize)]
struct Limits {
    max: f64,
}

fn upload() -> Upload {
    Upload {
        purpose: "fine-tune".into(),
        file: File::named("data.jsonl", b"{}\n".to_vec()),
        mask: Some(File::new(vec![0, 159, 146, 150]).filename("mask.png").content_type("image/png")),
        extra: None,
        images: vec![File::named("a.PNG", vec![1]), File::named("b.webp", vec![2])],
        metadata: Metadata { project: "p".into(), limits: Limits { max: 1.5 } },
        tags: vec!["x".into(), "y".into()],
        count: 2,
        stream: true,
        nothing: None,
    }
}

fn text(name: &str, value: &str) -> Part {
    Part { name: name.into(), value: PartValue::Text(value.into()) }
}

fn file(name: &str, bytes: &[u8], filename: &str, content_type: &str) -> Part {
    let file = File { bytes: bytes.to_vec(), filename: filename.into(), content_type: content_type.into() };
    Part { name: name.into(), value: PartValue::File(file) }
}

#[test]
fn multipart_parts_in_order_with_brackets() {
    let body = multipart_body(&upload(), true).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body.content_type(), Some("multipart/form-data"));
    let Body::Multipart(parts) = body else { panic!("not multipart: {body:?}") };
    assert_eq!(
        parts,
        vec![
            text("purpose", "fine-tune"),
            file("file", b"{}\n", "data.jsonl", "application/jsonl"),
            file("mask", &[0, 159, 146, 150], "mask.png", "image/png"),
            file("images[]", &[1], "a.PNG", "image/png"),
            file("images[]", &[2], "b.webp", "image/webp"),
            text("metadata[project]", "p"),
            text("metadata[limits][max]", "1.5"),
            text("tags[]", "x"),
            text("tags[]", "y"),
            text("count", "2"),
            text("stream", "true"),
        ]
    );
}

#[test]
fn multipart_parts_without_brackets_repeat_the_name() {
    let Ok(Body::Multipart(parts)) = multipart_body(&upload(), false) else { panic!("not multipart") };
    let names: Vec<&str> = parts.iter().map(|part| part.name.as_str()).collect();
    assert_eq!(
        names,
        ["purpose", "file", "mask", "images", "images", "metadata[project]", "metadata[limits][max]", "tags", "tags", "count", "stream"]
    );
    assert_eq!(parts[3], file("images", &[1], "a.PNG", "image/png"));
}

#[test]
fn files_outside_multipart_are_text_again() {
    // After a multipart body, and after one whose value fails to serialize half way.
    struct Failing;
    impl Serialize for Failing {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            Err(serde::ser::Error::custom("no"))
        }
    }
    #[derive(Serialize)]
    struct Half {
        file: File,
        failing: Failing,
    }
    assert!(multipart_body(&upload(), true).is_ok());
    let Err(error) = multipart_body(&Half { file: File::new("a"), failing: Failing }, true) else { panic!("no error") };
    assert!(matches!(error, BodyError::Json(_)));
    assert_eq!(error.to_string(), "the request body cannot be written: no");
    assert!(std::error::Error::source(&error).is_some());
    assert_eq!(serde_json::to_string(&File::new("plain")).ok().as_deref(), Some(r#""plain""#));
    // A form body has no files: a file is its content as text.
    #[derive(Serialize)]
    struct Form {
        f: File,
    }
    let Ok(Body::Form(pairs)) = form_body(&Form { f: File::new("abc") }, true) else { panic!("not a form") };
    assert_eq!(pairs, vec![("f".to_string(), "abc".to_string())]);
}

#[test]
fn a_panic_inside_multipart_leaves_form_mode() {
    struct Panicking;
    impl Serialize for Panicking {
        fn serialize<S: serde::Serializer>(&self, _: S) -> Result<S::Ok, S::Error> {
            panic!("a Serialize impl panics (expected by this test)")
        }
    }
    let panicked = std::panic::catch_unwind(|| multipart_body(&(File::new("a"), Panicking), true).is_ok());
    assert!(panicked.is_err());
    assert_eq!(serde_json::to_string(&File::new("plain")).ok().as_deref(), Some(r#""plain""#));
}

#[test]
fn multipart_inside_a_serialize_impl_keeps_the_outer_files() {
    // A value whose `Serialize` builds another multipart body half way through its own.
    struct Nested {
        before: File,
        after: File,
    }
    impl Serialize for Nested {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            use serde::ser::SerializeMap;
            let mut map = serializer.serialize_map(Some(3))?;
            map.serialize_entry("before", &self.before)?;
            let inner = multipart_body(&json!({"x": 1}), true).map_err(serde::ser::Error::custom)?;
            let Body::Multipart(inner) = inner else { return Err(serde::ser::Error::custom("not multipart")) };
            map.serialize_entry("inner", &inner.len())?;
            map.serialize_entry("after", &self.after)?;
            map.end()
        }
    }
    let value = Nested { before: File::named("1.txt", "one"), after: File::named("2.csv", "two") };
    let Ok(Body::Multipart(parts)) = multipart_body(&value, true) else { panic!("not multipart") };
    assert_eq!(parts, vec![file("before", b"one", "1.txt", "text/plain"), text("inner", "1"), file("after", b"two", "2.csv", "text/csv")]);
}

#[test]
fn a_string_that_looks_like_a_file_marker_stays_text() {
    let forged = "\u{0}file:0:0";
    let value = json!({"a": forged});
    let Ok(Body::Multipart(parts)) = multipart_body(&value, true) else { panic!("not multipart") };
    assert_eq!(parts, vec![text("a", forged)]);
}

#[test]
fn forms_take_objects_of_fields() {
    let body = form_body(&json!({"a": "x y", "list": [1, 2], "o": {"k": null, "v": false}, "n": null}), false);
    let body = body.unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(body.content_type(), Some("application/x-www-form-urlencoded"));
    assert_eq!(body, Body::Form(pairs(&[("a", "x y"), ("list", "1"), ("list", "2"), ("o[v]", "false")])));
    assert_eq!(body.form_text().as_deref(), Some("a=x%20y&list=1&list=2&o%5Bv%5D=false"));
    assert_eq!(body.multipart_bytes("b"), None);
    assert_eq!(form_body(&Value::Null, true).ok(), Some(Body::Form(Vec::new())));
    assert!(matches!(form_body(&"text", true), Err(BodyError::Json(_))));
    assert!(matches!(multipart_body(&[1, 2], true), Err(BodyError::Json(_))));
    assert_eq!(multipart_body(&(), true).ok(), Some(Body::Multipart(Vec::new())));
}

#[test]
fn multipart_bytes_are_rfc_7578() {
    let body = Body::Multipart(vec![
        text("purpose", "batch"),
        file("file", b"{}", "in.jsonl", "application/jsonl"),
        file("bad\"name\r\n", b"", "a\"b\nc.txt", "text/plain\r\nX-Evil: 1"),
        file("empty", b"z", "f", ""),
    ]);
    let expected = "--XyZ\r\n\
        Content-Disposition: form-data; name=\"purpose\"\r\n\r\n\
        batch\r\n\
        --XyZ\r\n\
        Content-Disposition: form-data; name=\"file\"; filename=\"in.jsonl\"\r\n\
        Content-Type: application/jsonl\r\n\r\n\
        {}\r\n\
        --XyZ\r\n\
        Content-Disposition: form-data; name=\"bad%22name%0D%0A\"; filename=\"a%22b%0Ac.txt\"\r\n\
        Content-Type: text/plainX-Evil: 1\r\n\r\n\
        \r\n\
        --XyZ\r\n\
        Content-Disposition: form-data; name=\"empty\"; filename=\"f\"\r\n\
        Content-Type: application/octet-stream\r\n\r\n\
        z\r\n\
        --XyZ--\r\n";
    let bytes = body.multipart_bytes("XyZ").unwrap_or_default();
    assert_eq!(String::from_utf8_lossy(&bytes), expected);
    assert_eq!(Body::Multipart(Vec::new()).multipart_bytes("b").as_deref(), Some(&b"--b--\r\n"[..]));
    assert_eq!(body.form_text(), None);
    assert_eq!(Body::Json(Vec::new()).multipart_bytes("b"), None);
}

#[test]
fn raw_and_json_bodies() {
    let raw = raw_body("application/sdp", "v=0");
    assert_eq!(raw, Body::Raw { content_type: "application/sdp".into(), bytes: b"v=0".to_vec() });
    assert_eq!(raw.content_type(), Some("application/sdp"));
    assert_eq!(json_body(&json!({"b": 1, "a": [null]})).ok(), Some(Body::Json(br#"{"b":1,"a":[null]}"#.to_vec())));
    // A map with non-string keys is no JSON object.
    let map: std::collections::BTreeMap<Vec<u8>, u8> = [(vec![1], 1)].into();
    assert!(matches!(json_body(&map), Err(BodyError::Json(_))));
}

// ---------------------------------------------------------------------------------------------
// Files.

#[test]
fn file_defaults_and_builders() {
    let file = File::new("abc");
    assert_eq!((file.bytes.as_slice(), file.filename.as_str()), (&b"abc"[..], "upload"));
    assert_eq!(file.content_type, "application/octet-stream");
    assert_eq!(File::default(), File::new(Vec::new()));
    assert_eq!(File::from(vec![1, 2]), File::new([1, 2]));
    assert_eq!(File::from(&b"xy"[..]), File::new("xy"));
    let file = File::new("x").filename("a.b").content_type("text/x");
    assert_eq!((file.filename.as_str(), file.content_type.as_str()), ("a.b", "text/x"));
}

#[test]
fn file_content_type_from_the_extension() {
    let cases = [
        ("a.png", "image/png"),
        ("a.jpg", "image/jpeg"),
        ("A.JPEG", "image/jpeg"),
        ("a.gif", "image/gif"),
        ("a.webp", "image/webp"),
        ("a.mp3", "audio/mpeg"),
        ("a.mpga", "audio/mpeg"),
        ("a.mp4", "video/mp4"),
        ("a.mpeg", "video/mpeg"),
        ("a.m4a", "audio/mp4"),
        ("a.wav", "audio/wav"),
        ("a.webm", "video/webm"),
        ("a.ogg", "audio/ogg"),
        ("a.flac", "audio/flac"),
        ("a.pdf", "application/pdf"),
        ("a.json", "application/json"),
        ("batch.input.jsonl", "application/jsonl"),
        ("a.txt", "text/plain"),
        ("README.md", "text/markdown"),
        ("a.csv", "text/csv"),
        ("a.zip", "application/zip"),
        ("a.exe", "application/octet-stream"),
        ("png", "application/octet-stream"),
        ("a.", "application/octet-stream"),
        ("", "application/octet-stream"),
    ];
    for (filename, content_type) in cases {
        let file = File::named(filename, "x");
        assert_eq!(file.content_type, content_type, "{filename}");
        assert_eq!(file.filename, filename);
    }
}

#[test]
fn a_file_as_json_is_its_text() {
    #[derive(Debug, Serialize, Deserialize)]
    struct Holder {
        file: File,
    }
    let holder: Holder = serde_json::from_str(r#"{"file":"line\nä"}"#).unwrap_or_else(|e| panic!("{e}"));
    assert_eq!(holder.file, File::new("line\nä"));
    assert_eq!(serde_json::to_string(&holder).ok().as_deref(), Some(r#"{"file":"line\nä"}"#));
    assert_eq!(serde_json::to_string(&File::new(vec![0xff, b'a'])).ok().as_deref(), Some("\"\u{fffd}a\""));
    assert!(serde_json::from_str::<File>("12").is_err());
}

// ---------------------------------------------------------------------------------------------
// Server-sent events.

fn events(chunks: &[&[u8]]) -> Vec<String> {
    let mut reader = EventReader::new();
    let mut out = Vec::new();
    for chunk in chunks {
        out.extend(reader.push(chunk));
    }
    out.extend(reader.finish());
    out
}

const STREAM: &str = "\u{feff}data: {\"delta\":\"héllo ✓\"}\r\n\
    : keep-alive comment\r\n\
    event: response.delta\r\n\
    id: 1\r\n\
    \r\n\
    data:first\n\
    data: second\n\
    data\n\
    retry: 10\n\
    \n\
    event: no data\n\
    \n\
    data: cr\r\
    \r\
    data: [DONE]\n\
    \n\
    data: last";

fn expected_stream() -> Vec<String> {
    vec!["{\"delta\":\"héllo ✓\"}".into(), "first\nsecond\n".into(), "cr".into(), "last".into()]
}

#[test]
fn events_from_one_chunk() {
    assert_eq!(events(&[STREAM.as_bytes()]), expected_stream());
}

#[test]
fn events_split_anywhere_read_the_same() {
    let bytes = STREAM.as_bytes();
    for cut in 0..=bytes.len() {
        let (a, b) = bytes.split_at(cut);
        assert_eq!(events(&[a, b]), expected_stream(), "cut at {cut}");
    }
    let bytes_one_by_one: Vec<&[u8]> = bytes.chunks(1).collect();
    assert_eq!(events(&bytes_one_by_one), expected_stream());
}

#[test]
fn events_come_as_soon_as_a_blank_line_ends_them() {
    let mut reader = EventReader::new();
    assert!(reader.push(b"data: a\r").is_empty());
    // The LF ending the CRLF split across chunks is no blank line.
    assert!(reader.push(b"\ndata: b\r").is_empty());
    assert_eq!(reader.push(b"\n\r\n"), vec!["a\nb".to_string()]);
    assert_eq!(reader.push(b"data: \xe2\x9c"), Vec::<String>::new());
    assert_eq!(reader.push(b"\x93\n\ndata: [DONE]\n\n"), vec!["✓".to_string()]);
    assert!(reader.finish().is_empty());
    // A stream cut inside a character reads it as a replacement rather than failing.
    assert_eq!(events(&[b"data: \xe2\x9c".as_slice()]), vec!["\u{fffd}".to_string()]);
    assert!(events(&[b": only a comment\n\n".as_slice(), b"\n\n"]).is_empty());
}

// ---------------------------------------------------------------------------------------------
// Paging.

fn page(ids: &[&str], has_more: bool, last_id: Option<&str>) -> FileList {
    FileList { data: ids.iter().map(|id| FileObject { id: id.to_string() }).collect(), has_more, last_id: last_id.map(str::to_owned) }
}

#[test]
fn next_call_follows_the_cursor() {
    let call = ListFiles { limit: Some(2), ..ListFiles::default() };
    let next = next_call(&call, &page(&["a", "b"], true, Some("b")));
    assert_eq!(next, Some(ListFiles { after: Some("b".into()), limit: Some(2), purpose: None }));
    let next = next.unwrap_or_default();
    assert_eq!(next.path_and_query().as_deref(), Ok("/files?after=b&limit=2"));
}

#[test]
fn next_call_stops_on_the_last_page() {
    let call = ListFiles::default();
    assert_eq!(next_call(&call, &page(&["a"], false, Some("a"))), None);
    assert_eq!(next_call(&call, &page(&["a"], true, None)), None);
    assert_eq!(next_call(&call, &page(&[], true, Some(""))), None);
}

#[test]
fn paging_reads_every_page_once() {
    let answers = [
        br#"{"data":[{"id":"a"},{"id":"b"}],"has_more":true,"last_id":"b"}"#.as_slice(),
        br#"{"data":[{"id":"c"}],"has_more":true,"last_id":"c"}"#.as_slice(),
        br#"{"data":[],"has_more":false,"last_id":null}"#.as_slice(),
    ];
    let mut call = Some(ListFiles::default());
    let mut ids = Vec::new();
    let mut cursors = Vec::new();
    for answer in answers {
        let Some(current) = call.take() else { break };
        cursors.push(current.after.clone());
        let page = ListFiles::read_output(answer).unwrap_or_else(|e| panic!("{e}"));
        ids.extend(page.items().iter().map(|item| item.id.clone()));
        call = next_call(&current, &page);
    }
    assert!(call.is_none());
    assert_eq!(ids, ["a", "b", "c"]);
    assert_eq!(cursors, [None, Some("b".to_string()), Some("c".to_string())]);
}

/// The answer rules generated `Call::answer`s pass: an exact status first, then its range, then
/// `default`; a listed status with another media type is an error body for errors and unexpected
/// for successes; an unlisted error status is still an error.
#[test]
fn answers_by_status_and_media_type() {
    use call::{answer, Answer};
    let rules: &[(&str, &str, Answer)] = &[
        ("200", "application/json", Answer::Output),
        ("200", "text/event-stream", Answer::Events),
        ("4XX", "application/json", Answer::Error),
        ("429", "", Answer::Error),
        ("default", "application/json", Answer::Error),
    ];
    assert_eq!(answer(200, "application/json; charset=utf-8", rules), Answer::Output);
    assert_eq!(answer(200, "TEXT/EVENT-STREAM", rules), Answer::Events);
    assert_eq!(answer(200, "text/html", rules), Answer::Unexpected);
    assert_eq!(answer(404, "application/json", rules), Answer::Error);
    assert_eq!(answer(429, "text/plain", rules), Answer::Error);
    assert_eq!(answer(503, "application/json", rules), Answer::Error);
    assert_eq!(answer(204, "", &[("204", "", Answer::Output)]), Answer::Output);
    assert_eq!(answer(201, "application/json", &[("200", "application/json", Answer::Output)]), Answer::Unexpected);
    assert_eq!(answer(500, "text/html", &[("200", "application/json", Answer::Output)]), Answer::Error);
    assert_eq!(answer(200, "application/octet-stream", &[("2XX", "", Answer::Output)]), Answer::Output);
}
