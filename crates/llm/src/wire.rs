//! The chat-completions request and answer, as OpenAI-compatible servers speak them.

use serde::{Deserialize, Serialize};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Role {
    System,
    User,
    Assistant,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub role: Role,
    pub content: String,
}

impl Message {
    pub fn system(content: impl Into<String>) -> Message {
        Message {
            role: Role::System,
            content: content.into(),
        }
    }
    pub fn user(content: impl Into<String>) -> Message {
        Message {
            role: Role::User,
            content: content.into(),
        }
    }
    pub fn assistant(content: impl Into<String>) -> Message {
        Message {
            role: Role::Assistant,
            content: content.into(),
        }
    }
}

/// A JSON schema the answer must follow (`response_format: json_schema`), made from the
/// answer's Rust type by [`crate::schema_of`].
#[derive(Debug, Clone, PartialEq)]
pub struct Schema {
    pub name: &'static str,
    pub schema: serde_json::Value,
}

impl Schema {
    /// The schema as constrained decoding takes it: OpenAI's strict mode refuses string
    /// lengths (`minLength`, `maxLength`) and llama.cpp's grammars cannot hold long
    /// ones, so they are left to Onno's own check of the answer; everything else is
    /// sent as it is checked.
    pub fn for_strict_mode(&self) -> serde_json::Value {
        let mut schema = self.schema.clone();
        strip_string_lengths(&mut schema);
        schema
    }
}

fn strip_string_lengths(schema: &mut serde_json::Value) {
    match schema {
        serde_json::Value::Object(object) => {
            object.remove("minLength");
            object.remove("maxLength");
            object.values_mut().for_each(strip_string_lengths);
        }
        serde_json::Value::Array(items) => items.iter_mut().for_each(strip_string_lengths),
        _ => {}
    }
}

#[derive(Serialize)]
pub(crate) struct RequestBody<'a> {
    pub model: &'a str,
    pub messages: &'a [Message],
    pub max_tokens: u32,
    pub temperature: f32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub seed: Option<u64>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub response_format: Option<serde_json::Value>,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    pub stream: bool,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub stream_options: Option<serde_json::Value>,
}

#[derive(Debug, Default, Clone, Copy, PartialEq, Eq, Deserialize)]
pub(crate) struct WireUsage {
    #[serde(default)]
    pub prompt_tokens: u32,
    #[serde(default)]
    pub completion_tokens: u32,
}

#[derive(Deserialize)]
pub(crate) struct WireReply {
    #[serde(default)]
    pub choices: Vec<WireChoice>,
    pub usage: Option<WireUsage>,
    pub model: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct WireChoice {
    pub message: Option<WireContent>,
    pub delta: Option<WireContent>,
    pub finish_reason: Option<String>,
}

#[derive(Deserialize)]
pub(crate) struct WireContent {
    pub content: Option<String>,
    /// Some servers answer structured-output refusals here.
    pub refusal: Option<String>,
}
