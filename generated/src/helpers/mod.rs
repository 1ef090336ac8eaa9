//! Hand-written helpers for the everyday work around the generated types: joining streams,
//! reading a response's text, decoding embeddings, reading and verifying webhooks, and reading
//! structured output into your own types.
//!
//! This folder is not generated: `cargo xtask regenerate` never writes, lists or deletes a file
//! here (`generated/codegen.yaml`'s `helpers`), and its drift check ignores it. Each helper is
//! compiled under the area feature of the types it uses.
//!
//! | helper | feature |
//! |---|---|
//! | [`ChatCompletionAccumulator`]: chunks of a streamed chat completion → [`CreateChatCompletionResponse`](crate::CreateChatCompletionResponse) | `chat` |
//! | [`ResponseAccumulator`]: events of a streamed response → [`Response`](crate::Response) | `responses` |
//! | [`Response::output_text`](crate::Response::output_text): the text of every `output_text` part | `responses` |
//! | [`Embedding::vector`](crate::Embedding::vector): the embedding as `Vec<f32>`, from floats or base64 | `embeddings` |
//! | [`ChatCompletionResponseMessage::parse`](crate::ChatCompletionResponseMessage::parse), [`Response::parse_output`](crate::Response::parse_output): structured output into your `T: Deserialize` | `chat`, `responses` |
//! | [`WebhookEvent`](crate::WebhookEvent) (generated): any webhook by its `type` | `webhooks` |
//! | `WebhookVerifier`: a webhook's signature and timestamp checked, then read | `webhook-signatures` (not a default) |

#[cfg(feature = "chat")]
mod chat_stream;
#[cfg(feature = "embeddings")]
mod embeddings;
#[cfg(feature = "responses")]
mod output_text;
#[cfg(feature = "responses")]
mod response_stream;
#[cfg(any(feature = "chat", feature = "responses"))]
mod structured;
#[cfg(feature = "webhook-signatures")]
mod webhook_signatures;

#[cfg(feature = "chat")]
pub use chat_stream::ChatCompletionAccumulator;
#[cfg(feature = "embeddings")]
pub use embeddings::EmbeddingError;
#[cfg(feature = "responses")]
pub use response_stream::ResponseAccumulator;
#[cfg(any(feature = "chat", feature = "responses"))]
pub use structured::{parse_json, StructuredOutputError};
#[cfg(feature = "webhook-signatures")]
pub use webhook_signatures::{read_event, WebhookError, WebhookHeaders, WebhookVerifier, DEFAULT_TOLERANCE};
