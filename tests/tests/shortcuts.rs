//! The generator's shortcuts, each checked against the long way on the pinned spec: a doc text
//! with nothing in it that cleaning rewrites is cleaned without its Markdown parse
//! (`codegen::docs::clean`), a summary is found without it where the first paragraph is plain
//! lines (`codegen::docs::summary`), and ASCII names are cased without `heck`
//! (`codegen::case`).

use serde_json::Value;

/// The pinned spec as a value.
fn pinned_spec() -> Value {
    let (text, source) = xtask::read_pinned_spec().unwrap_or_else(|message| panic!("{message}"));
    codegen::load::parse(&text).unwrap_or_else(|e| panic!("{source}: {e}"))
}

/// Every title, summary and description in `value`, sorted, each once.
fn texts(value: &Value) -> Vec<&str> {
    fn walk<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
        match value {
            Value::Object(map) => {
                for (key, value) in map {
                    match (key.as_str(), value) {
                        ("title" | "summary" | "description", Value::String(text)) => out.push(text),
                        _ => walk(value, out),
                    }
                }
            }
            Value::Array(items) => items.iter().for_each(|item| walk(item, out)),
            _ => {}
        }
    }
    let mut all = Vec::new();
    walk(value, &mut all);
    all.sort_unstable();
    all.dedup();
    all
}

#[test]
fn every_text_of_the_pinned_spec_is_cleaned_as_when_parsed() {
    let spec = pinned_spec();
    let all = texts(&spec);
    assert!(all.len() > 4000, "only {} texts in the spec", all.len());
    for base in [None, Some("https://platform.openai.com")] {
        let different: Vec<&&str> = all.iter().filter(|text| codegen::docs::clean(text, base) != codegen::docs::clean_parsed(text, base)).collect();
        assert!(different.is_empty(), "{} texts cleaned otherwise than parsed, the first: {:?}", different.len(), different.first());
    }
}

/// A type's summary is its docs' first sentence, on a paragraph of its own: checked against the
/// parse on the doc lines of every text of the pinned spec.
#[test]
fn every_summary_of_the_pinned_spec_reads_as_when_parsed() {
    let spec = pinned_spec();
    let fallback = || "Fallback.".to_owned();
    let mut split = 0;
    for text in texts(&spec) {
        let lines = codegen::docs::doc_lines(None, Some(text), None);
        let summary = codegen::docs::summary(&lines, fallback);
        assert_eq!(summary, codegen::docs::summary_of_parsed(&lines, fallback), "{text:?}");
        split += usize::from(summary.len() > lines.len());
    }
    assert!(split > 100, "only {split} summaries split from their paragraph");
}

/// Every key of the pinned spec and every string value short enough to be a name (enum values,
/// `operationId`s, media types, status codes) is cased as `heck` cases it.
#[test]
fn every_name_of_the_pinned_spec_is_cased_as_heck_cases_it() {
    use heck::{ToSnakeCase, ToUpperCamelCase};
    fn names<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
        match value {
            Value::Object(map) => map.iter().for_each(|(key, value)| {
                out.push(key);
                names(value, out);
            }),
            Value::Array(items) => items.iter().for_each(|item| names(item, out)),
            Value::String(text) if text.len() <= 80 => out.push(text),
            _ => {}
        }
    }
    let spec = pinned_spec();
    let mut all = Vec::new();
    names(&spec, &mut all);
    all.sort_unstable();
    all.dedup();
    assert!(all.len() > 5000, "only {} names in the spec", all.len());
    for name in all {
        assert_eq!(codegen::case::snake(name), name.to_snake_case(), "snake case of {name:?}");
        assert_eq!(codegen::case::upper_camel(name), name.to_upper_camel_case(), "upper camel case of {name:?}");
    }
}
