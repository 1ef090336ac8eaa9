//! Structured output: a message or response whose format is a JSON schema
//! (`response_format: {type: json_schema}`, `text.format`), read into the user's own type.

use serde::de::DeserializeOwned;
use std::fmt;

/// Why structured output did not read into the asked type.
#[derive(Debug)]
pub enum StructuredOutputError {
    /// The model refused; its refusal.
    Refusal(String),
    /// There was no text to read (a message of tool calls only, an empty response).
    NoContent,
    /// The text is not the type's JSON: the path of the field where it failed (`items[2].price`,
    /// `.` for the whole value) and serde's error (with its line and column in the text).
    Json { path: String, error: serde_json::Error },
}

impl fmt::Display for StructuredOutputError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            StructuredOutputError::Refusal(refusal) => write!(f, "the model refused: {refusal}"),
            StructuredOutputError::NoContent => f.write_str("there is no text output to read"),
            StructuredOutputError::Json { path, error } => write!(f, "structured output does not read at `{path}`: {error}"),
        }
    }
}

impl std::error::Error for StructuredOutputError {
    fn source(&self) -> Option<&(dyn std::error::Error + 'static)> {
        match self {
            StructuredOutputError::Json { error, .. } => Some(error),
            _ => None,
        }
    }
}

/// `text` read as a `T`, or where it failed.
pub fn parse_json<T: DeserializeOwned>(text: &str) -> Result<T, StructuredOutputError> {
    let mut reader = serde_json::Deserializer::from_str(text);
    let value = serde_path_to_error::deserialize(&mut reader)
        .map_err(|error| StructuredOutputError::Json { path: error.path().to_string(), error: error.into_inner() })?;
    // Text after the value (two objects, a stray brace) fails the whole value.
    reader.end().map_err(|error| StructuredOutputError::Json { path: ".".to_owned(), error })?;
    Ok(value)
}

#[cfg(feature = "chat")]
impl crate::ChatCompletionResponseMessage {
    /// The message's content read as a `T` (the type its `json_schema` response format
    /// describes); a refusal or a message without content is an error that says so.
    pub fn parse<T: DeserializeOwned>(&self) -> Result<T, StructuredOutputError> {
        match (&self.content, &self.refusal) {
            (Some(content), _) => parse_json(content),
            (None, Some(refusal)) => Err(StructuredOutputError::Refusal(refusal.clone())),
            (None, None) => Err(StructuredOutputError::NoContent),
        }
    }
}

#[cfg(feature = "responses")]
impl crate::Response {
    /// The response's text ([`output_text`](Self::output_text)) read as a `T` (the type its
    /// `text.format` JSON schema describes); a refusal, or a response without text, is an error
    /// that says so.
    pub fn parse_output<T: DeserializeOwned>(&self) -> Result<T, StructuredOutputError> {
        let text = self.output_text();
        if !text.is_empty() {
            return parse_json(&text);
        }
        let refusal = self.output.iter().find_map(|item| match item {
            crate::OutputItem::Message(message) => message.content.iter().find_map(|part| match part {
                crate::OutputMessageContent::Refusal(refusal) => Some(refusal.refusal.clone()),
                _ => None,
            }),
            _ => None,
        });
        Err(refusal.map_or(StructuredOutputError::NoContent, StructuredOutputError::Refusal))
    }
}
