//! Stage 1: text → `openapiv3::OpenAPI`.
//!
//! YAML or JSON (told apart by the first character), OpenAPI 3.0 or 3.1. The text is first read
//! into a JSON value (YAML through a visitor that accepts integers `serde_yaml` rejects), then
//! rewritten into the 3.0 shape `openapiv3` models (see [`normalize`]), corrected by the config's
//! overrides (see [`overrides`]), then typed.

pub mod files;
mod json_halves;
mod locate;
pub mod normalize;
pub mod overrides;
pub mod paths;
pub mod schemas;
mod webhooks;
mod yaml;

pub use files::Bundle;
pub use yaml::{json_in_halves, MAX_DEPTH};

use crate::error::{Diagnostic, Diagnostics};
use serde_json::Value;
use std::path::Path;

/// Parses and normalizes a document. `source` names the file in error messages.
pub fn load(text: &str, source: &str) -> Result<openapiv3::OpenAPI, Diagnostics> {
    typed(normalized(text, source)?, source).map(|document| document.api)
}

/// The typed document: what `openapiv3` models, and the webhooks (OpenAPI 3.1), which it does not.
#[derive(Debug, Clone)]
pub struct Document {
    pub api: openapiv3::OpenAPI,
    /// Their inline request body schemas are already components (see the module `webhooks`); they are
    /// kept so the resolve stage checks every `$ref` in them.
    pub webhooks: indexmap::IndexMap<String, openapiv3::ReferenceOr<openapiv3::PathItem>>,
}

/// The document as a normalized JSON value (the 3.0 shape `openapiv3` reads). A reference to
/// another file is an error here: [`bundled_file`] reads those.
pub fn normalized(text: &str, source: &str) -> Result<Value, Diagnostics> {
    let bundle = bundled(text, source, None)?;
    match bundle.errors.is_empty() {
        true => Ok(bundle.value),
        false => Err(Diagnostics { source: source.to_owned(), errors: bundle.errors }),
    }
}

/// The spec in the file at `path` with the schemas of the files it refers to merged in,
/// normalized. Errors of references are in [`Bundle::errors`], so the later stages still run and
/// report theirs in the same run; an unreadable or unparsable root file is an error at once.
pub fn bundled_file(path: &Path) -> Result<Bundle, Diagnostics> {
    let source = path.display().to_string();
    let text = files::read_text(path).map_err(|error| Diagnostics::one(&source, error))?;
    bundled(&text, &source, Some(path))
}

/// The document `text` (read from `path`, when it is a file) bundled and normalized.
pub fn bundled(text: &str, source: &str, path: Option<&Path>) -> Result<Bundle, Diagnostics> {
    let fail = |error: Diagnostic| Diagnostics::one(source, error);
    let value = parse(text).map_err(fail)?;
    check_version(&value).map_err(fail)?;
    let mut bundle = files::bundle(value, text, path);
    webhooks::lift(&mut bundle);
    normalize::document(&mut bundle.value);
    Ok(bundle)
}

/// A normalized value typed as `openapiv3::OpenAPI`, and its webhooks.
///
/// The component schemas, most of a document such as OpenAI's, are typed by hand on another
/// core (see [`schemas`]) while this thread types the paths by hand (see [`paths`]), the rest
/// with serde, and the last of the schemas. The first error in document order is reported, with
/// its place in the document.
pub fn typed(mut value: Value, source: &str) -> Result<Document, Diagnostics> {
    let webhooks = value.as_object_mut().and_then(|root| root.remove("webhooks"));
    let fail = |prefix: &str, error: serde_path_to_error::Error<serde_json::Error>| {
        let pointer = format!("{prefix}{}", pointer_of(&error.path().to_string()).trim_start_matches('#'));
        Diagnostics::one(source, Diagnostic::new(pointer, format!("not a valid OpenAPI object: {}", error.inner())))
    };
    let mut schemas = value.pointer_mut("/components/schemas").and_then(Value::as_object_mut).map(std::mem::take).unwrap_or_default();
    // The last eighth of the schemas is typed on this core, after the rest of the document: with
    // the paths typed by hand, this core had the lighter share (on the OpenAI spec, 31 M
    // instructions here against 41 M there).
    let later: serde_json::Map<String, Value> = {
        let keep = schemas.len() - schemas.len() / 8;
        let mut all = std::mem::take(&mut schemas).into_iter();
        schemas = all.by_ref().take(keep).collect();
        all.collect()
    };
    let (api, schemas, later) = std::thread::scope(|scope| {
        let schemas = scope.spawn(|| schemas::typed_map(schemas));
        // The paths typed by hand (see `paths`), the rest of the document by serde.
        let paths = value.get("paths").and_then(paths::paths);
        if paths.is_some() {
            value["paths"] = Value::Object(serde_json::Map::new());
        }
        let api = serde_path_to_error::deserialize::<_, openapiv3::OpenAPI>(value).map(|mut api| {
            if let Some(paths) = paths {
                api.paths = paths;
            }
            api
        });
        let later = schemas::typed_map(later);
        (api, schemas.join(), later)
    });
    let mut api = api.map_err(|error| fail("#", error))?;
    let schemas = schemas.map_err(|_| Diagnostics::one(source, Diagnostic::new("#", "generator bug: typing the schemas panicked")))?;
    let schema_error = |(name, error): (String, _)| fail(&format!("#/components/schemas/{}", crate::pointer::escape(&name)), error);
    let mut schemas = schemas.map_err(schema_error)?;
    schemas.extend(later.map_err(schema_error)?);
    if !schemas.is_empty() {
        api.components.get_or_insert_with(Default::default).schemas = schemas;
    }
    let webhooks = match webhooks {
        Some(webhooks) => serde_path_to_error::deserialize(webhooks).map_err(|error| fail("#/webhooks", error))?,
        None => indexmap::IndexMap::new(),
    };
    Ok(Document { api, webhooks })
}

/// What the config changes in a bundled document before it is typed: its overrides, then the
/// union of its webhooks' payloads when the config names one.
pub fn corrections(value: &mut Value, config: &crate::Config) -> Vec<Diagnostic> {
    let mut errors = overrides::apply(value, &config.overrides);
    if let Some(name) = &config.webhook_union {
        errors.extend(webhooks::union(value, name));
    }
    errors
}

/// The floor `cargo xtask bench` compares generation with: the text into `openapiv3`'s types and
/// nothing else (YAML through [`parse`] first, as `serde_yaml` cannot type the document itself:
/// integers beyond i64). It lives here rather than in the benchmark so that it is compiled as the
/// generator is: the deserializer is generic, instantiated in whichever crate calls it, and in the
/// dev-profile xtask it ran unoptimized, 3.3 times slower on the JSON spec than in a release build,
/// which made generation look 3 times closer to the floor than it is.
pub fn parse_floor(text: &str) -> Result<(), String> {
    if text.trim_start().starts_with('{') {
        serde_json::from_str::<openapiv3::OpenAPI>(text).map_err(|e| e.to_string())?;
    } else {
        let value = parse(text).map_err(|e| e.to_string())?;
        // A 3.1 document may not type as 3.0: the parse is the floor either way.
        let _: Result<openapiv3::OpenAPI, _> = serde_json::from_value(value);
    }
    Ok(())
}

/// Reads YAML or JSON text into a JSON value.
pub fn parse(text: &str) -> Result<Value, Diagnostic> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    if text.trim().is_empty() {
        return Err(Diagnostic::new("#", "the file is empty"));
    }
    let problem = |yaml::Problem { pointer, message }| Diagnostic::new(pointer, message);
    let value = if text.trim_start().starts_with('{') {
        yaml::parse_json(text).map_err(|(error, deep)| {
            let diagnostic = deep.map_or_else(|| Diagnostic::new("#", format!("invalid JSON: {error}")), problem);
            diagnostic.at(error.line(), error.column())
        })?
    } else {
        yaml::parse(text).map_err(|(error, deep)| {
            let diagnostic = deep.map_or_else(|| Diagnostic::new("#", format!("invalid YAML: {}", yaml_message(&error))), problem);
            match error.location() {
                Some(location) => diagnostic.at(location.line(), location.column()),
                None => diagnostic,
            }
        })?
    };
    if value.is_null() {
        return Err(Diagnostic::new("#", "the file has no content (only comments or an empty document)"));
    }
    Ok(value)
}

/// serde_yaml's message, with a hint where it is terse.
fn yaml_message(error: &serde_yaml::Error) -> String {
    let message = error.to_string();
    if message.starts_with("repetition limit exceeded") {
        return format!("{message}: aliases (`*name`) expand to too many values; write the values out or use `$ref`");
    }
    if message.contains("more than one document") {
        return format!("{message}: the file holds several YAML documents (`---`); an OpenAPI spec is one");
    }
    message
}

pub(crate) fn check_version(value: &Value) -> Result<(), Diagnostic> {
    if !value.is_object() {
        return Err(Diagnostic::new("#", "the document is not a mapping; an OpenAPI document is an object"));
    }
    if let Some(swagger) = value.get("swagger") {
        return Err(Diagnostic::new(
            "#/swagger",
            format!("Swagger {swagger} documents are not supported; convert the document to OpenAPI 3.0 or 3.1 first"),
        ));
    }
    match value.get("openapi").and_then(Value::as_str) {
        Some(version) if version.starts_with("3.") => Ok(()),
        Some(version) => Err(Diagnostic::new("#/openapi", format!("OpenAPI {version} is not supported; expected 3.0.x or 3.1.x"))),
        None => Err(Diagnostic::new("#/openapi", "missing the `openapi` version field: this is not an OpenAPI 3.x document")),
    }
}

/// `components.schemas.Order.properties` → `#/components/schemas/Order/properties`.
fn pointer_of(path: &str) -> String {
    if path == "." || path.is_empty() {
        return "#".to_owned();
    }
    let mut pointer = String::from("#");
    for segment in path.split('.') {
        let segment = segment.trim_start_matches('[').trim_end_matches(']');
        pointer.push('/');
        pointer.push_str(&crate::pointer::escape(segment));
    }
    pointer
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn swagger_two_is_named() {
        let error = load("swagger: '2.0'\n", "spec.yaml").expect_err("rejected");
        assert!(error.to_string().contains("Swagger"), "{error}");
    }

    #[test]
    fn json_and_yaml_both_load() {
        let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\n";
        let json = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}}"#;
        assert!(load(yaml, "a.yaml").is_ok());
        assert!(load(json, "a.json").is_ok());
    }

    #[test]
    fn type_errors_name_the_place() {
        let yaml = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents:\n  schemas:\n    A:\n      required: 5\n";
        let error = load(yaml, "a.yaml").expect_err("rejected");
        assert!(error.to_string().contains("#/components/schemas/A"), "{error}");
    }

    /// The schemas are typed in two parts on two threads: each part's errors name the place, the
    /// first one in the document is reported, and the schemas keep their order.
    #[test]
    fn schemas_typed_apart_keep_their_places_and_order() {
        let spec = |bad: Option<&str>| {
            let mut text = String::from("openapi: 3.0.3\ninfo: {title: t, version: '1'}\npaths: {}\ncomponents:\n  schemas:\n");
            for name in ["D", "C", "B", "A"] {
                let body = if Some(name) == bad || bad == Some("all") { "{required: 5}" } else { "{type: string}" };
                text.push_str(&format!("    {name}: {body}\n"));
            }
            text
        };
        let api = load(&spec(None), "a.yaml").expect("loads");
        let names: Vec<&str> = api.components.as_ref().expect("components").schemas.keys().map(String::as_str).collect();
        assert_eq!(names, ["D", "C", "B", "A"]);
        for (bad, place) in [("D", "/D"), ("A", "/A"), ("all", "/D")] {
            let error = load(&spec(Some(bad)), "a.yaml").expect_err("rejected").to_string();
            assert!(error.contains(&format!("#/components/schemas{place}:")) || error.contains(&format!("#/components/schemas{place} ")), "{error}");
        }
    }
}
