//! Stage 1: text → `openapiv3::OpenAPI`.
//!
//! YAML or JSON (told apart by the first character), OpenAPI 3.0 or 3.1. The text is first read
//! into a JSON value (YAML through a visitor that accepts integers `serde_yaml` rejects), then
//! rewritten into the 3.0 shape `openapiv3` models (see [`normalize`]), then typed.

pub mod normalize;
mod yaml;

use crate::error::{Diagnostic, Diagnostics};
use serde_json::Value;

/// Parses and normalizes a document. `source` names the file in error messages.
pub fn load(text: &str, source: &str) -> Result<openapiv3::OpenAPI, Diagnostics> {
    typed(normalized(text, source)?, source)
}

/// The document as a normalized JSON value (the 3.0 shape `openapiv3` reads).
pub fn normalized(text: &str, source: &str) -> Result<Value, Diagnostics> {
    let fail = |error: Diagnostic| Diagnostics::one(source, error);
    let mut value = parse(text).map_err(fail)?;
    check_version(&value).map_err(fail)?;
    normalize::document(&mut value);
    Ok(value)
}

/// A normalized value typed as `openapiv3::OpenAPI`.
pub fn typed(value: Value, source: &str) -> Result<openapiv3::OpenAPI, Diagnostics> {
    serde_path_to_error::deserialize(value).map_err(|error| {
        let pointer = pointer_of(&error.path().to_string());
        Diagnostics::one(source, Diagnostic::new(pointer, format!("not a valid OpenAPI object: {}", error.inner())))
    })
}

/// Reads YAML or JSON text into a JSON value.
pub fn parse(text: &str) -> Result<Value, Diagnostic> {
    if text.trim().is_empty() {
        return Err(Diagnostic::new("#", "the file is empty"));
    }
    if text.trim_start().starts_with('{') {
        serde_json::from_str(text).map_err(|error| {
            Diagnostic::new("#", format!("invalid JSON: {error}")).at(error.line(), error.column())
        })
    } else {
        yaml::parse(text).map_err(|error| {
            let diagnostic = Diagnostic::new("#", format!("invalid YAML: {error}"));
            match error.location() {
                Some(location) => diagnostic.at(location.line(), location.column()),
                None => diagnostic,
            }
        })
    }
}

fn check_version(value: &Value) -> Result<(), Diagnostic> {
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
        pointer.push_str(&segment.replace('~', "~0").replace('/', "~1"));
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
}
