//! An embedding as floats, whichever encoding the API sent.

use crate::embedding::EmbeddingEmbedding;
use crate::Embedding;
use base64::Engine;
use std::fmt;

/// Why a base64 embedding did not decode.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum EmbeddingError {
    /// Not base64 text; the decoder's error.
    Base64(String),
    /// The bytes are not a whole number of 32-bit floats.
    Length(usize),
}

impl fmt::Display for EmbeddingError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            EmbeddingError::Base64(error) => write!(f, "the embedding is not base64: {error}"),
            EmbeddingError::Length(bytes) => write!(f, "the embedding's {bytes} bytes are not a whole number of 32-bit floats"),
        }
    }
}

impl std::error::Error for EmbeddingError {}

impl Embedding {
    /// The vector as `f32`s: a list of floats as sent (each narrowed to `f32`, the precision the
    /// API computes in), or base64 (`encoding_format: base64`, the official SDKs' default)
    /// decoded from its little-endian 32-bit floats.
    pub fn vector(&self) -> Result<Vec<f32>, EmbeddingError> {
        match &self.embedding {
            EmbeddingEmbedding::Array(floats) => Ok(floats.iter().map(|&x| x as f32).collect()),
            EmbeddingEmbedding::Base64(text) => {
                let bytes = base64::engine::general_purpose::STANDARD.decode(text).map_err(|e| EmbeddingError::Base64(e.to_string()))?;
                if bytes.len() % 4 != 0 {
                    return Err(EmbeddingError::Length(bytes.len()));
                }
                Ok(bytes.chunks_exact(4).map(|b| f32::from_le_bytes([b[0], b[1], b[2], b[3]])).collect())
            }
        }
    }
}
