//! Joining the events of a streamed Responses API answer (`"stream": true`) into the final
//! [`Response`].

use crate::{OutputContent, OutputItem, OutputMessageContent, Response, ResponseStreamEvent, SummaryTextContent};

/// Folds the events of a Responses API stream, one [`push`](Self::push) per event, into the
/// [`Response`] they stand for ([`finish`](Self::finish)).
///
/// The response itself comes with `response.created` (then `in_progress`, `queued`); each output
/// item with `response.output_item.added`, at its `output_index`; then the deltas build it up:
/// a message's content parts and their text, refusals and annotations; a function call's, a
/// custom tool call's and an MCP call's arguments; a code interpreter call's code; a reasoning
/// item's summary parts and text. `response.output_item.done` gives the item as it ended, and
/// `response.completed` (or `failed`, `incomplete`) the response as it ended. Events of other
/// kinds (progress of searches, audio) change nothing.
///
/// ```text
/// let mut stream = ResponseAccumulator::new();
/// for event in events { stream.push(&event?); }
/// let response: Response = stream.finish();
/// println!("{}", response.output_text());
/// ```
#[derive(Clone, Debug, Default)]
pub struct ResponseAccumulator {
    response: Response,
}

impl ResponseAccumulator {
    pub fn new() -> Self {
        Self::default()
    }

    /// Adds one event.
    pub fn push(&mut self, event: &ResponseStreamEvent) {
        use ResponseStreamEvent as E;
        match event {
            E::ResponseCreated(e) => self.set_response(&e.response),
            E::ResponseInProgress(e) => self.set_response(&e.response),
            E::ResponseQueued(e) => self.set_response(&e.response),
            E::ResponseCompleted(e) => self.set_response(&e.response),
            E::ResponseFailed(e) => self.set_response(&e.response),
            E::ResponseIncomplete(e) => self.set_response(&e.response),
            E::ResponseOutputItemAdded(e) => *self.item(e.output_index) = e.item.clone(),
            E::ResponseOutputItemDone(e) => *self.item(e.output_index) = e.item.clone(),
            E::ResponseContentPartAdded(e) => self.set_part(e.output_index, e.content_index, &e.part),
            E::ResponseContentPartDone(e) => self.set_part(e.output_index, e.content_index, &e.part),
            E::ResponseOutputTextDelta(e) => {
                if let Some(OutputMessageContent::OutputText(part)) = self.part(e.output_index, e.content_index) {
                    part.text.push_str(&e.delta);
                }
            }
            E::ResponseOutputTextDone(e) => {
                if let Some(OutputMessageContent::OutputText(part)) = self.part(e.output_index, e.content_index) {
                    part.text.clone_from(&e.text);
                }
            }
            E::ResponseOutputTextAnnotationAdded(e) => {
                if let (Some(OutputMessageContent::OutputText(part)), Some(annotation)) = (self.part(e.output_index, e.content_index), &e.annotation)
                {
                    *slot(&mut part.annotations, e.annotation_index) = annotation.clone();
                }
            }
            E::ResponseRefusalDelta(e) => {
                if let Some(OutputMessageContent::Refusal(part)) = self.part(e.output_index, e.content_index) {
                    part.refusal.push_str(&e.delta);
                }
            }
            E::ResponseRefusalDone(e) => {
                if let Some(OutputMessageContent::Refusal(part)) = self.part(e.output_index, e.content_index) {
                    part.refusal.clone_from(&e.refusal);
                }
            }
            E::ResponseFunctionCallArgumentsDelta(e) => {
                if let OutputItem::FunctionCall(call) = self.item(e.output_index) {
                    call.arguments.push_str(&e.delta);
                }
            }
            E::ResponseFunctionCallArgumentsDone(e) => {
                if let OutputItem::FunctionCall(call) = self.item(e.output_index) {
                    call.arguments.clone_from(&e.arguments);
                }
            }
            E::ResponseCustomToolCallInputDelta(e) => {
                if let OutputItem::CustomToolCall(call) = self.item(e.output_index) {
                    call.input.push_str(&e.delta);
                }
            }
            E::ResponseCustomToolCallInputDone(e) => {
                if let OutputItem::CustomToolCall(call) = self.item(e.output_index) {
                    call.input.clone_from(&e.input);
                }
            }
            E::ResponseMcpCallArgumentsDelta(e) => {
                if let OutputItem::McpCall(call) = self.item(e.output_index) {
                    call.arguments.push_str(&e.delta);
                }
            }
            E::ResponseMcpCallArgumentsDone(e) => {
                if let OutputItem::McpCall(call) = self.item(e.output_index) {
                    call.arguments.clone_from(&e.arguments);
                }
            }
            E::ResponseCodeInterpreterCallCodeDelta(e) => {
                if let OutputItem::CodeInterpreterCall(call) = self.item(e.output_index) {
                    call.code.get_or_insert_with(String::new).push_str(&e.delta);
                }
            }
            E::ResponseCodeInterpreterCallCodeDone(e) => {
                if let OutputItem::CodeInterpreterCall(call) = self.item(e.output_index) {
                    call.code = Some(e.code.clone());
                }
            }
            E::ResponseReasoningSummaryPartAdded(e) => {
                if let OutputItem::Reasoning(reasoning) = self.item(e.output_index) {
                    slot(&mut reasoning.summary, e.summary_index).text.clone_from(&e.part.text);
                }
            }
            E::ResponseReasoningSummaryPartDone(e) => {
                if let OutputItem::Reasoning(reasoning) = self.item(e.output_index) {
                    slot(&mut reasoning.summary, e.summary_index).text.clone_from(&e.part.text);
                }
            }
            E::ResponseReasoningSummaryTextDelta(e) => {
                if let OutputItem::Reasoning(reasoning) = self.item(e.output_index) {
                    slot::<SummaryTextContent>(&mut reasoning.summary, e.summary_index).text.push_str(&e.delta);
                }
            }
            E::ResponseReasoningSummaryTextDone(e) => {
                if let OutputItem::Reasoning(reasoning) = self.item(e.output_index) {
                    slot(&mut reasoning.summary, e.summary_index).text.clone_from(&e.text);
                }
            }
            E::ResponseReasoningTextDelta(e) => {
                if let OutputItem::Reasoning(reasoning) = self.item(e.output_index) {
                    slot(reasoning.content.get_or_insert_with(Vec::new), e.content_index).text.push_str(&e.delta);
                }
            }
            E::ResponseReasoningTextDone(e) => {
                if let OutputItem::Reasoning(reasoning) = self.item(e.output_index) {
                    slot(reasoning.content.get_or_insert_with(Vec::new), e.content_index).text.clone_from(&e.text);
                }
            }
            _ => {}
        }
    }

    /// The response joined so far.
    pub fn response(&self) -> &Response {
        &self.response
    }

    /// The response.
    pub fn finish(self) -> Response {
        self.response
    }

    /// The response of a lifecycle event; the output joined so far stays when it sends none
    /// (`response.created` and `in_progress` send `"output": []`).
    fn set_response(&mut self, response: &Response) {
        let output = std::mem::take(&mut self.response.output);
        self.response = response.clone();
        if self.response.output.is_empty() {
            self.response.output = output;
        }
    }

    /// The output item at `index`, made (as `Unknown(null)`) when the stream has not sent it yet.
    fn item(&mut self, index: i64) -> &mut OutputItem {
        slot_or(&mut self.response.output, index, || OutputItem::Unknown(serde_json::Value::Null))
    }

    /// A content part of the message at `output_index`, made when not sent yet; `None` when that
    /// item is no message.
    fn part(&mut self, output_index: i64, content_index: i64) -> Option<&mut OutputMessageContent> {
        match self.item(output_index) {
            OutputItem::Message(message) => {
                Some(slot_or(&mut message.content, content_index, || OutputMessageContent::Unknown(serde_json::Value::Null)))
            }
            _ => None,
        }
    }

    /// A content part as sent (`content_part.added` or `done`), in a message or a reasoning item.
    fn set_part(&mut self, output_index: i64, content_index: i64, part: &OutputContent) {
        let unknown = || OutputMessageContent::Unknown(serde_json::Value::Null);
        match (self.item(output_index), part) {
            (OutputItem::Message(message), OutputContent::OutputText(text)) => {
                *slot_or(&mut message.content, content_index, unknown) = OutputMessageContent::OutputText(text.clone());
            }
            (OutputItem::Message(message), OutputContent::Refusal(refusal)) => {
                *slot_or(&mut message.content, content_index, unknown) = OutputMessageContent::Refusal(refusal.clone());
            }
            (OutputItem::Reasoning(reasoning), OutputContent::ReasoningText(text)) => {
                *slot(reasoning.content.get_or_insert_with(Vec::new), content_index) = text.clone();
            }
            _ => {}
        }
    }
}

/// The element at `index` of a list the stream fills in order, made with its default when the
/// stream has not sent it yet.
fn slot<T: Default>(list: &mut Vec<T>, index: i64) -> &mut T {
    slot_or(list, index, T::default)
}

fn slot_or<T>(list: &mut Vec<T>, index: i64, make: impl Fn() -> T) -> &mut T {
    // An index past the end that no event could mean (negative, or absurdly far) lands at the end.
    let index = usize::try_from(index).unwrap_or(list.len()).min(list.len());
    if index == list.len() {
        list.push(make());
    }
    &mut list[index]
}
