//! Joining the chunks of a streamed chat completion (`"stream": true`) into the
//! [`CreateChatCompletionResponse`] the same request answers without streaming.

use crate::chat_completion_message_tool_calls::ChatCompletionMessageToolCall as ToolCall;
use crate::create_chat_completion_response::{Choice, ChoiceLogprobs};
use crate::create_chat_completion_stream_response::Choice as ChunkChoice;
use crate::{ChatCompletionMessageToolCall, ChatCompletionResponseMessage, CreateChatCompletionResponse, CreateChatCompletionStreamResponse};

/// Folds the chunks of a chat completion stream, one [`push`](Self::push) per chunk, into the
/// answer the request would have had without `stream` ([`finish`](Self::finish)).
///
/// Per choice (by its `index`, chunks of several choices interleaved): the content, the refusal
/// and the log probabilities are appended; each tool call is joined by its `index` (its id, name
/// and the pieces of its `arguments`); the role and the finish reason are the last sent. The
/// completion's id, model, creation time, service tier and usage (sent last, with
/// `stream_options.include_usage`) are taken from the chunks that carry them.
///
/// ```text
/// let mut stream = ChatCompletionAccumulator::new();
/// for chunk in chunks { stream.push(&chunk?); }
/// let completion: CreateChatCompletionResponse = stream.finish();
/// ```
#[derive(Clone, Debug, Default)]
pub struct ChatCompletionAccumulator {
    completion: CreateChatCompletionResponse,
}

impl ChatCompletionAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one chunk.
    pub fn push(&mut self, chunk: &CreateChatCompletionStreamResponse) {
        let completion = &mut self.completion;
        completion.id.clone_from(&chunk.id);
        completion.created = chunk.created;
        completion.model.clone_from(&chunk.model);
        if chunk.service_tier.is_some() {
            completion.service_tier.clone_from(&chunk.service_tier);
        }
        if chunk.system_fingerprint.is_some() {
            completion.system_fingerprint.clone_from(&chunk.system_fingerprint);
        }
        if chunk.usage.is_some() {
            completion.usage.clone_from(&chunk.usage);
        }
        if chunk.moderation.is_some() {
            completion.moderation.clone_from(&chunk.moderation);
        }
        for part in &chunk.choices {
            let position = match completion.choices.iter().position(|choice| choice.index == part.index) {
                Some(position) => position,
                None => {
                    let role = crate::chat_completion_response_message::Role::Assistant;
                    let message = ChatCompletionResponseMessage { role, ..Default::default() };
                    completion.choices.push(Choice { index: part.index, message, ..Default::default() });
                    completion.choices.len() - 1
                }
            };
            add_delta(&mut completion.choices[position], part);
        }
    }

    /// The completion joined so far.
    pub fn completion(&self) -> &CreateChatCompletionResponse {
        &self.completion
    }

    /// The completion, its choices in the order of their `index`.
    pub fn finish(mut self) -> CreateChatCompletionResponse {
        self.completion.choices.sort_by_key(|choice| choice.index);
        self.completion
    }
}

/// One choice's part of a chunk, added to that choice.
fn add_delta(choice: &mut Choice, part: &ChunkChoice) {
    let (delta, message) = (&part.delta, &mut choice.message);
    if let Some(role) = &delta.role {
        message.role = role.as_str().into();
    }
    append(&mut message.content, delta.content.as_deref());
    append(&mut message.refusal, delta.refusal.as_deref());
    if let Some(call) = &delta.function_call {
        let function = message.function_call.get_or_insert_with(Default::default);
        function.name.push_str(call.name.as_deref().unwrap_or(""));
        function.arguments.push_str(call.arguments.as_deref().unwrap_or(""));
    }
    for piece in delta.tool_calls.iter().flatten() {
        let calls = message.tool_calls.get_or_insert_with(Vec::new);
        // A tool call's `index` is its place in the message's list; its first piece names it.
        let at = usize::try_from(piece.index).unwrap_or(usize::MAX).min(calls.len());
        if at == calls.len() {
            calls.push(ToolCall::Function(ChatCompletionMessageToolCall::default()));
        }
        if let ToolCall::Function(call) = &mut calls[at] {
            call.id.push_str(piece.id.as_deref().unwrap_or(""));
            if let Some(function) = &piece.function {
                call.function.name.push_str(function.name.as_deref().unwrap_or(""));
                call.function.arguments.push_str(function.arguments.as_deref().unwrap_or(""));
            }
        }
    }
    if let Some(logprobs) = &part.logprobs {
        let joined = choice.logprobs.get_or_insert_with(ChoiceLogprobs::default);
        if let Some(content) = &logprobs.content {
            joined.content.get_or_insert_with(Vec::new).extend(content.iter().cloned());
        }
        if let Some(refusal) = &logprobs.refusal {
            joined.refusal.get_or_insert_with(Vec::new).extend(refusal.iter().cloned());
        }
    }
    if let Some(reason) = &part.finish_reason {
        choice.finish_reason = reason.as_str().into();
    }
}

/// Appends a piece of text; a field no chunk sent stays `None` (`null`, as the full answer has it).
fn append(text: &mut Option<String>, piece: Option<&str>) {
    if let Some(piece) = piece {
        text.get_or_insert_with(String::new).push_str(piece);
    }
}
