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
