//! The crate's calls against a real HTTP server: a mock server (mockito) listens on a local port,
//! and every call goes through one generic function, `send`, over a real HTTP client (ureq), as a
//! user's own client would send it. The server checks what arrives (method, path as sent, query,
//! headers, JSON, each multipart part) and answers; the answer reads into the call's types.

use mockito::{Matcher, Server};
use openai_models::call::{self, Answer, Body, Call, File, Page};
use openai_models::operations::{
    CreateChatCompletion, CreateFile, CreateSpeech, ListFiles, ListPaginatedFineTuningJobs, RetrieveFile, UsageCompletions,
};
use openai_models::{ChatCompletionRequestUserMessage, CreateChatCompletionRequest, CreateFileRequest, CreateSpeechRequest, FileExpirationAfter};
use serde::de::DeserializeOwned;

/// What one call answered.
enum Reply<C: Call> {
    Output(C::Output),
    Events(Vec<C::Event>),
    Error(C::Error),
}

type Failure = Box<dyn std::error::Error>;

const BOUNDARY: &str = "------------------------boundary7MA4YWxk";

/// Sends any call to `base` and reads its answer: the whole HTTP layer a user writes.
fn send<C: Call>(base: &str, call: &C) -> Result<Reply<C>, Failure>
where
    C::Event: DeserializeOwned,
    C::Error: DeserializeOwned,
{
    let mut request = ureq::http::Request::builder().method(C::METHOD.as_str()).uri(format!("{base}{}", call.path_and_query()?));
    for (name, value) in call.headers() {
        request = request.header(name, value);
    }
    let body = call.body()?;
    let bytes = match &body {
        Body::Empty => Vec::new(),
        Body::Json(json) => json.clone(),
        Body::Form(_) => body.form_text().unwrap_or_default().into_bytes(),
        Body::Multipart(_) => body.multipart_bytes(BOUNDARY).unwrap_or_default(),
        Body::Raw { bytes, .. } => bytes.clone(),
    };
    if let Some(content_type) = body.content_type() {
        let multipart = matches!(body, Body::Multipart(_));
        request = request.header("content-type", if multipart { format!("{content_type}; boundary={BOUNDARY}") } else { content_type.to_owned() });
    }
    let agent: ureq::Agent = ureq::Agent::config_builder().http_status_as_error(false).build().into();
    let mut response = if bytes.is_empty() { agent.run(request.body(())?)? } else { agent.run(request.body(bytes)?)? };
    let status = response.status().as_u16();
    let content_type = response.headers().get("content-type").and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
    let answer = response.body_mut().read_to_vec()?;
    Ok(match C::answer(status, &content_type) {
        Answer::Output => Reply::Output(C::read_output(&answer)?),
        Answer::Events => {
            let mut reader = call::EventReader::new();
            let mut events = reader.push(&answer);
            events.extend(reader.finish());
            Reply::Events(events.iter().map(|data| call::read_event::<C>(data)).collect::<Result<_, _>>()?)
        }
        Answer::Error => Reply::Error(call::read_error::<C>(&answer)?),
        Answer::Unexpected => return Err(format!("an answer the spec does not name: {status} {content_type}").into()),
    })
}

fn output<C: Call>(reply: Reply<C>) -> C::Output
where
    C::Event: std::fmt::Debug,
    C::Error: std::fmt::Debug,
{
    match reply {
        Reply::Output(output) => output,
        Reply::Events(events) => panic!("a stream, not the success body: {events:?}"),
        Reply::Error(error) => panic!("an error, not the success body: {error:?}"),
    }
}

#[test]
fn a_json_body_is_sent_and_the_answer_read() {
    let mut server = Server::new();
    let answer = r#"{"id":"chatcmpl-1","object":"chat.completion","created":1741569952,"model":"gpt-4.1","choices":[{"index":0,"message":{"role":"assistant","content":"Hello!","refusal":null,"annotations":[]},"logprobs":null,"finish_reason":"stop"}],"usage":{"prompt_tokens":9,"completion_tokens":2,"total_tokens":11}}"#;
    let mock = server
        .mock("POST", "/chat/completions")
        .match_header("content-type", "application/json")
        .match_body(Matcher::JsonString(r#"{"messages":[{"role":"user","content":"Hi"}],"model":"gpt-4.1","temperature":0.2}"#.to_owned()))
        .with_header("content-type", "application/json")
        .with_body(answer)
        .create();
    let request = CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hi").into()], "gpt-4.1").temperature(0.2);
    let completion = output(send(&server.url(), &CreateChatCompletion::new(request)).expect("sent"));
    mock.assert();
    assert_eq!(completion.id, "chatcmpl-1");
    assert_eq!(serde_json::to_value(&completion).expect("writes"), serde_json::from_str::<serde_json::Value>(answer).expect("JSON"));
}

#[test]
fn a_list_with_array_and_object_query_parameters() {
    let mut server = Server::new();
    // The API's brackets (`generated/codegen.yaml`): arrays as `name[]`, objects as `name[key]`.
    let usage = server
        .mock("GET", "/organization/usage/completions")
        .match_query(Matcher::Exact("start_time=1730419200&project_ids%5B%5D=proj_a&project_ids%5B%5D=proj_b&limit=1".to_owned()))
        .with_header("content-type", "application/json")
        .with_body(r#"{"object":"page","data":[],"has_more":false,"next_page":null}"#)
        .create();
    let call = UsageCompletions::new(1730419200).project_ids(vec!["proj_a".to_owned(), "proj_b".to_owned()]).limit(1);
    let page = output(send(&server.url(), &call).expect("sent"));
    usage.assert();
    assert!(!page.has_more);
    let jobs = server
        .mock("GET", "/fine_tuning/jobs")
        .match_query(Matcher::Exact("limit=2&metadata%5Bkey%5D=value".to_owned()))
        .with_header("content-type", "application/json")
        .with_body(r#"{"object":"list","data":[],"has_more":false}"#)
        .create();
    let metadata: indexmap::IndexMap<String, String> = [("key".to_owned(), "value".to_owned())].into_iter().collect();
    let list = output(send(&server.url(), &ListPaginatedFineTuningJobs::new().limit(2).metadata(metadata)).expect("sent"));
    jobs.assert();
    assert!(list.data.is_empty());
}

#[test]
fn a_path_parameter_that_needs_encoding_never_reaches_another_endpoint() {
    let mut server = Server::new();
    let file = r#"{"id":"file/../x?y#z","object":"file","bytes":3,"created_at":1,"filename":"a.txt","purpose":"assistants","status":"processed"}"#;
    let mock = server.mock("GET", "/files/file%2F..%2Fx%3Fy%23z").with_header("content-type", "application/json").with_body(file).create();
    let read = output(send(&server.url(), &RetrieveFile::new("file/../x?y#z")).expect("sent"));
    mock.assert();
    assert_eq!(read.id, "file/../x?y#z");
    let Err(empty) = send(&server.url(), &RetrieveFile::new("")) else { panic!("an empty id is sent") };
    assert!(empty.to_string().contains("`file_id` is empty"), "{empty}");
    assert!(send(&server.url(), &RetrieveFile::new("..")).is_err(), "`..` is refused before sending");
}

/// A part of a multipart body as the server reads it: name, filename, content type, bytes.
type ReadPart = (String, Option<String>, Option<String>, Vec<u8>);

/// The parts of a multipart body.
fn parts(content_type: &str, body: &[u8]) -> Vec<ReadPart> {
    let boundary = content_type.split("boundary=").nth(1).expect("a boundary");
    let delimiter = format!("--{boundary}");
    let text = body.to_vec();
    let mut found = Vec::new();
    let mut rest = &text[..];
    while let Some(start) = find(rest, delimiter.as_bytes()) {
        rest = &rest[start + delimiter.len()..];
        if rest.starts_with(b"--") {
            break;
        }
        let end = find(rest, delimiter.as_bytes()).expect("a closing delimiter");
        let part = &rest[2..end - 2];
        let split = find(part, b"\r\n\r\n").expect("headers, then content");
        let head = String::from_utf8_lossy(&part[..split]).into_owned();
        let field = |key: &str| head.split(&format!("{key}=\"")).nth(1).and_then(|v| v.split('"').next()).map(str::to_owned);
        let content_type = head.lines().find_map(|line| line.strip_prefix("Content-Type: ")).map(str::to_owned);
        found.push((field("name").unwrap_or_default(), field("filename"), content_type, part[split + 4..].to_vec()));
    }
    found
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack.windows(needle.len()).position(|window| window == needle)
}

#[test]
fn a_multipart_upload_of_bytes() {
    let mut server = Server::new();
    let bytes = b"{\"prompt\":\"a\"}\n\xff\x00".to_vec();
    let expected = vec![
        ("file".to_owned(), Some("train.jsonl".to_owned()), Some("application/jsonl".to_owned()), bytes.clone()),
        ("purpose".to_owned(), None, None, b"fine-tune".to_vec()),
        ("expires_after[anchor]".to_owned(), None, None, b"created_at".to_vec()),
        ("expires_after[seconds]".to_owned(), None, None, b"3600".to_vec()),
    ];
    let mock = server
        .mock("POST", "/files")
        .match_request(move |request| {
            let content_type = request.header("content-type").first().and_then(|v| v.to_str().ok()).unwrap_or("").to_owned();
            content_type.starts_with("multipart/form-data; boundary=") && request.body().is_ok_and(|body| parts(&content_type, body) == expected)
        })
        .with_header("content-type", "application/json")
        .with_body(r#"{"id":"file-1","object":"file","bytes":17,"created_at":1,"filename":"train.jsonl","purpose":"fine-tune","status":"uploaded"}"#)
        .create();
    let request = CreateFileRequest::new(File::named("train.jsonl", bytes.clone()), "fine-tune").expires_after(FileExpirationAfter::new(3600));
    let file = output(send(&server.url(), &CreateFile::new(request)).expect("sent"));
    mock.assert();
    assert_eq!(file.id, "file-1");
}

#[test]
fn a_binary_download_is_bytes() {
    let mut server = Server::new();
    let audio: Vec<u8> = vec![0xff, 0xfb, 0x90, 0x44, 0x00, 0x0f, 0xf0, 0x80];
    let mock = server.mock("POST", "/audio/speech").with_header("content-type", "application/octet-stream").with_body(audio.clone()).create();
    let speech = CreateSpeech::new(CreateSpeechRequest::new("gpt-4o-mini-tts", "Hello", "marin"));
    let read = output(send(&server.url(), &speech).expect("sent"));
    mock.assert();
    assert_eq!(read, audio, "every byte, not UTF-8 text");
}

#[test]
fn a_list_read_across_three_pages_by_one_generic_loop() {
    let mut server = Server::new();
    let file = |id: &str| {
        format!(r#"{{"id":"{id}","object":"file","bytes":1,"created_at":1,"filename":"{id}.txt","purpose":"assistants","status":"processed"}}"#)
    };
    let page = |ids: &[&str], more: bool| {
        let data: Vec<String> = ids.iter().map(|id| file(id)).collect();
        let (first, last) = (ids.first().copied().unwrap_or(""), ids.last().copied().unwrap_or(""));
        format!(r#"{{"object":"list","data":[{}],"first_id":"{first}","last_id":"{last}","has_more":{more}}}"#, data.join(","))
    };
    let mocks: Vec<mockito::Mock> =
        [("limit=2", page(&["a", "b"], true)), ("limit=2&after=b", page(&["c", "d"], true)), ("limit=2&after=d", page(&["e"], false))]
            .into_iter()
            .map(|(query, body)| {
                server
                    .mock("GET", "/files")
                    .match_query(Matcher::Exact(query.to_owned()))
                    .with_header("content-type", "application/json")
                    .with_body(body)
                    .create()
            })
            .collect();
    let ids = every_item(&server.url(), ListFiles::new().limit(2)).expect("every page");
    mocks.iter().for_each(mockito::Mock::assert);
    assert_eq!(ids.iter().map(|file| file.id.as_str()).collect::<Vec<_>>(), ["a", "b", "c", "d", "e"]);
}

/// Every item of any list, page after page.
fn every_item<C>(base: &str, first: C) -> Result<Vec<<C::Output as Page>::Item>, Failure>
where
    C: call::Paged + Clone,
    C::Output: Page,
    <C::Output as Page>::Item: Clone,
    C::Event: DeserializeOwned + std::fmt::Debug,
    C::Error: DeserializeOwned + std::fmt::Debug,
{
    let (mut call, mut items) = (first, Vec::new());
    loop {
        let page = output(send(base, &call)?);
        items.extend(page.items().iter().cloned());
        match call::next_call(&call, &page) {
            Some(next) => call = next,
            None => return Ok(items),
        }
    }
}

#[test]
fn a_server_sent_event_stream_reads_into_the_event_type() {
    let mut server = Server::new();
    let chunk = |delta: &str, finish: &str| {
        format!(
            r#"{{"id":"chatcmpl-1","object":"chat.completion.chunk","created":1694268190,"model":"gpt-4.1","choices":[{{"index":0,"delta":{delta},"logprobs":null,"finish_reason":{finish}}}]}}"#
        )
    };
    let stream = format!(
        "data: {}\n\ndata: {}\n\n: a comment\r\ndata: {}\n\ndata: [DONE]\n\n",
        chunk(r#"{"role":"assistant","content":""}"#, "null"),
        chunk(r#"{"content":"Hello"}"#, "null"),
        chunk("{}", r#""stop""#)
    );
    let mock = server
        .mock("POST", "/chat/completions")
        .match_body(Matcher::PartialJsonString(r#"{"stream":true}"#.to_owned()))
        .with_header("content-type", "text/event-stream")
        .with_body(stream)
        .create();
    let request = CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hi").into()], "gpt-4.1").stream(true);
    let Reply::Events(events) = send(&server.url(), &CreateChatCompletion::new(request)).expect("sent") else { panic!("not a stream") };
    mock.assert();
    assert_eq!(events.len(), 3);
    let text: String = events.iter().filter_map(|event| event.choices.first()?.delta.content.clone()).collect();
    assert_eq!(text, "Hello");
}

/// The README's examples of calls, exactly as it shows them.
#[test]
fn the_readme_examples() {
    let request = CreateChatCompletionRequest::new(vec![ChatCompletionRequestUserMessage::new("Hi").into()], "gpt-4.1");
    let call = CreateChatCompletion::new(request);
    assert_eq!((CreateChatCompletion::METHOD.as_str(), call.path_and_query().expect("a url").as_str()), ("POST", "/chat/completions"));
    assert!(matches!(call.body().expect("a body"), Body::Json(_)));
    let call = UsageCompletions::new(1730419200).project_ids(vec!["proj_a".into(), "proj_b".into()]).limit(1);
    assert_eq!(
        call.path_and_query().expect("a url"),
        "/organization/usage/completions?start_time=1730419200&project_ids%5B%5D=proj_a&project_ids%5B%5D=proj_b&limit=1"
    );
    assert_eq!(RetrieveFile::new("file/../x?y#z").path().expect("a path"), "/files/file%2F..%2Fx%3Fy%23z");
    assert_eq!(
        RetrieveFile::new("").path().expect_err("refused").to_string(),
        "path parameter `file_id` is empty: the request would reach another endpoint"
    );
    let upload = CreateFile::new(CreateFileRequest::new(File::named("train.jsonl", b"{}".to_vec()), "fine-tune"));
    let Body::Multipart(parts) = upload.body().expect("a body") else { panic!("not multipart") };
    assert_eq!(parts.iter().map(|part| part.name.as_str()).collect::<Vec<_>>(), ["file", "purpose"]);
}
