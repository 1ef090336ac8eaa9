//! A response's text: what most users want from a Responses API answer.

use crate::{OutputItem, OutputMessageContent, Response};

impl Response {
    /// The text of the response: every `output_text` part of every `message` item of `output`,
    /// joined in order with nothing between them (the official SDKs' `output_text`). Refusals,
    /// reasoning and tool calls are not part of it; a response without text gives `""`.
    pub fn output_text(&self) -> String {
        let mut text = String::new();
        for item in &self.output {
            let OutputItem::Message(message) = item else { continue };
            for part in &message.content {
                if let OutputMessageContent::OutputText(part) = part {
                    text.push_str(&part.text);
                }
            }
        }
        text
    }
}
