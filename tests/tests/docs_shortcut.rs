//! A doc text with nothing in it that cleaning rewrites is cleaned without its Markdown parse
//! (`codegen::docs::clean`); checked here against the parse on every text of the pinned spec.

use serde_json::Value;

/// Every title, summary and description in `value`.
fn texts<'v>(value: &'v Value, out: &mut Vec<&'v str>) {
    match value {
        Value::Object(map) => {
            for (key, value) in map {
                match (key.as_str(), value) {
                    ("title" | "summary" | "description", Value::String(text)) => out.push(text),
                    _ => texts(value, out),
                }
            }
        }
        Value::Array(items) => items.iter().for_each(|item| texts(item, out)),
        _ => {}
    }
}

#[test]
fn every_text_of_the_pinned_spec_is_cleaned_as_when_parsed() {
    let (text, source) = xtask::read_pinned_spec().unwrap_or_else(|message| panic!("{message}"));
    let value = codegen::load::parse(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let mut all = Vec::new();
    texts(&value, &mut all);
    all.sort_unstable();
    all.dedup();
    assert!(all.len() > 4000, "only {} texts in the spec", all.len());
    for base in [None, Some("https://platform.openai.com")] {
        let different: Vec<&&str> = all.iter().filter(|text| codegen::docs::clean(text, base) != codegen::docs::clean_parsed(text, base)).collect();
        assert!(different.is_empty(), "{} texts cleaned otherwise than parsed, the first: {:?}", different.len(), different.first());
    }
}

/// A type's summary (its docs' first sentence, on a paragraph of its own) is found without the
/// Markdown parse where the first paragraph is plain lines (`codegen::docs::summary`): checked
/// against the parse on the doc lines of every text of the pinned spec.
#[test]
fn every_summary_of_the_pinned_spec_reads_as_when_parsed() {
    let (text, source) = xtask::read_pinned_spec().unwrap_or_else(|message| panic!("{message}"));
    let value = codegen::load::parse(&text).unwrap_or_else(|e| panic!("{source}: {e}"));
    let mut all = Vec::new();
    texts(&value, &mut all);
    all.sort_unstable();
    all.dedup();
    let fallback = || "Fallback.".to_owned();
    let mut split = 0;
    for text in &all {
        let lines = codegen::docs::doc_lines(None, Some(text), None);
        let summary = codegen::docs::summary(&lines, fallback);
        assert_eq!(summary, codegen::docs::summary_of_parsed(&lines, fallback), "{text:?}");
        split += usize::from(summary.len() > lines.len());
    }
    assert!(split > 100, "only {split} summaries split from their paragraph");
}
