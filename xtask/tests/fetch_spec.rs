//! `cargo xtask fetch-spec` against a server on this machine (never the network): a download
//! with the pinned spec's sha256 is written, any other is refused and nothing is written; the
//! error on a missing spec names the pinned spec.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use xtask::pinned::PINNED;

/// Serves one request on 127.0.0.1 with `status` and `body`, and returns its URL.
fn serve_once(status: &str, body: Vec<u8>) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").expect("a port on the loopback");
    let url = format!("http://{}/openapi.yaml", listener.local_addr().expect("bound"));
    let status = status.to_owned();
    std::thread::spawn(move || {
        let Ok((mut stream, _)) = listener.accept() else { return };
        // The request's head, up to its blank line (a GET has no body).
        let mut head = Vec::new();
        let mut byte = [0u8; 1];
        while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).is_ok_and(|n| n == 1) {
            head.push(byte[0]);
        }
        let header = format!("HTTP/1.1 {status}\r\nContent-Type: application/yaml\r\nContent-Length: {}\r\nConnection: close\r\n\r\n", body.len());
        let _ = stream.write_all(header.as_bytes()).and_then(|()| stream.write_all(&body));
    });
    url
}

/// `cargo xtask` (the built binary) with `args`, proxies off, the pinned spec looked for at
/// `spec`.
fn xtask(args: &[&str], spec: &Path) -> Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command.args(args).env("OPENAPI_SPEC", spec);
    for proxy in ["ALL_PROXY", "all_proxy", "HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "https_proxy"] {
        command.env_remove(proxy);
    }
    command.output().expect("the xtask binary runs")
}

/// A new empty folder for one test.
fn scratch(name: &str) -> PathBuf {
    let dir = Path::new(env!("CARGO_TARGET_TMPDIR")).join("fetch-spec").join(name);
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).expect("writable");
    dir
}

/// The bytes of one form of the pinned spec, from where the project reads it.
fn pinned_bytes(json: bool) -> Vec<u8> {
    let (text, _) = xtask::read_pinned_spec().unwrap_or_else(|message| panic!("{message}"));
    if json {
        let path = xtask::pinned_spec().with_extension("json");
        std::fs::read(&path).unwrap_or_else(|e| panic!("{}: {e}\n\n{}", path.display(), xtask::missing_pinned_spec()))
    } else {
        text.into_bytes()
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn a_download_with_the_pinned_hash_is_written() {
    let bytes = pinned_bytes(false);
    let dir = scratch("matches");
    let out = dir.join("specs/openai/openapi.yaml");
    let url = serve_once("200 OK", bytes.clone());
    let output = xtask(&["fetch-spec", "--url", &url, "--out", out.to_str().expect("UTF-8 path")], &dir.join("unused.yaml"));
    assert!(output.status.success(), "fetch-spec failed:\n{}", stderr(&output));
    assert!(std::fs::read(&out).expect("written") == bytes, "the file written is not the one served");
    let files: Vec<_> = std::fs::read_dir(out.parent().expect("a folder")).expect("readable").collect();
    assert_eq!(files.len(), 1, "only the spec is left, no partial file");
}

#[test]
fn the_json_form_goes_beside_the_yaml_by_default() {
    let bytes = pinned_bytes(true);
    let dir = scratch("json");
    let url = serve_once("200 OK", bytes.clone());
    let output = xtask(&["fetch-spec", "--url", &url], &dir.join("openapi.yaml"));
    assert!(output.status.success(), "fetch-spec failed:\n{}", stderr(&output));
    assert!(std::fs::read(dir.join("openapi.json")).expect("written beside the YAML's place") == bytes);
    assert!(!dir.join("openapi.yaml").exists(), "the JSON form is not written as the YAML");
}

#[test]
fn a_download_with_another_hash_is_refused_and_nothing_is_written() {
    let mut bytes = pinned_bytes(false);
    bytes.extend_from_slice(b"\n# one line more\n");
    let dir = scratch("differs");
    // A file already there is left as it was.
    let out = dir.join("openapi.yaml");
    std::fs::write(&out, "before").expect("writable");
    let url = serve_once("200 OK", bytes);
    let output = xtask(&["fetch-spec", "--url", &url, "--out", out.to_str().expect("UTF-8 path")], &out);
    assert!(!output.status.success(), "a file of another hash was accepted");
    let message = stderr(&output);
    assert!(message.contains("refused") && message.contains(PINNED.yaml.sha256) && message.contains(PINNED.json.sha256), "{message}");
    assert_eq!(std::fs::read_to_string(&out).expect("still there"), "before", "the file was overwritten");
    assert_eq!(std::fs::read_dir(&dir).expect("readable").count(), 1, "something else was written");
}

#[test]
fn a_failed_download_writes_nothing() {
    let dir = scratch("not_found");
    let url = serve_once("404 Not Found", b"no such file".to_vec());
    let output = xtask(&["fetch-spec", "--url", &url], &dir.join("openapi.yaml"));
    assert!(!output.status.success());
    assert!(stderr(&output).contains("404"), "{}", stderr(&output));
    assert_eq!(std::fs::read_dir(&dir).expect("readable").count(), 0, "something was written");
}

/// Without a recorded URL, `fetch-spec` needs `--url` and says which file it checks for.
#[test]
fn without_a_url_the_pinned_spec_is_described() {
    if PINNED.url.is_some() {
        return; // it would download from the network: not in a test
    }
    let dir = scratch("no_url");
    let output = xtask(&["fetch-spec"], &dir.join("openapi.yaml"));
    assert!(!output.status.success());
    let message = stderr(&output);
    assert!(message.contains("--url") && message.contains(PINNED.yaml.sha256), "{message}");
}

/// A newcomer without the spec is told which it is, where it comes from and how to get it.
#[test]
fn the_error_on_a_missing_spec_names_the_pinned_spec() {
    let dir = scratch("missing");
    let output = xtask(&["regenerate", "--check"], &dir.join("openapi.yaml"));
    assert!(!output.status.success());
    let message = stderr(&output);
    for fact in ["openai-openapi", "commit:", "URL:", PINNED.yaml.sha256, PINNED.json.sha256, "cargo xtask fetch-spec", "OPENAPI_SPEC"] {
        assert!(message.contains(fact), "the error does not say `{fact}`:\n{message}");
    }
}
