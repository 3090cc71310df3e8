//! How an endpoint is asked for structured output. Endpoints differ: OpenAI and Azure
//! take `json_schema`; llama.cpp's and Ollama's servers take it in some versions and
//! refuse it in others; some take only `json_object`, some ignore `response_format`
//! altogether. [`crate::ask`] starts with the best mode, steps down when the endpoint
//! refuses or ignores it, and remembers per endpoint (base URL and model) what worked,
//! so the next call does not ask the refused way again.

use std::collections::BTreeMap;

use onno_store::Store;
use serde::{Deserialize, Serialize};

use crate::config::LlmSettings;
use crate::error::Result;
use crate::wire::{Message, Schema};

/// One way of asking for an answer that follows a schema, best first.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum StructuredMode {
    /// `response_format: {type: json_schema, json_schema: {strict: true, schema}}`.
    JsonSchema,
    /// `response_format: {type: json_object, schema}` (llama.cpp's servers constrain the
    /// answer to the schema; others at least to JSON), the schema also in the prompt.
    JsonObject,
    /// No `response_format`: the schema is described in the prompt and the answer is
    /// checked strictly, with one repair round.
    Prompt,
}

impl StructuredMode {
    /// The next mode to try when this one is refused or ignored.
    pub fn fallback(self) -> Option<StructuredMode> {
        match self {
            StructuredMode::JsonSchema => Some(StructuredMode::JsonObject),
            StructuredMode::JsonObject => Some(StructuredMode::Prompt),
            StructuredMode::Prompt => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            StructuredMode::JsonSchema => "json_schema",
            StructuredMode::JsonObject => "json_object",
            StructuredMode::Prompt => "prompt",
        }
    }

    /// The request's `response_format` in this mode.
    pub(crate) fn response_format(self, schema: &Schema) -> Option<serde_json::Value> {
        match self {
            StructuredMode::JsonSchema => Some(serde_json::json!({
                "type": "json_schema",
                "json_schema": { "name": schema.name, "strict": true, "schema": schema.for_strict_mode() }
            })),
            // Without string lengths here too: llama.cpp turns a `maxLength` into one
            // grammar rule per character, and past a few hundred it refuses the
            // grammar and drops the connection mid-answer.
            StructuredMode::JsonObject => Some(serde_json::json!({
                "type": "json_object",
                "schema": schema.for_strict_mode()
            })),
            StructuredMode::Prompt => None,
        }
    }

    /// The conversation as sent in this mode: below `json_schema` the schema is also
    /// described in a system message, since the server may not constrain the answer.
    pub(crate) fn messages(self, messages: &[Message], schema: &Schema) -> Vec<Message> {
        let mut out = messages.to_vec();
        if self != StructuredMode::JsonSchema {
            let rule = Message::system(format!(
                "Answer with only one JSON object, no other text, that follows this JSON \
                 schema exactly (every property present, no others): {}",
                schema.schema
            ));
            // After the instructions, before the data they are about.
            let at = out
                .iter()
                .take_while(|m| m.role == crate::Role::System)
                .count();
            out.insert(at, rule);
        }
        out
    }
}

/// The store's settings key of what worked, per endpoint.
const MODES_KEY: &str = "llm.structured_modes";

/// The endpoint as the memory knows it: base URL and model.
pub fn endpoint_key(settings: &LlmSettings) -> String {
    format!("{} {}", settings.base_url, settings.model)
}

/// The mode that worked last for this endpoint, if any.
pub fn remembered_mode(store: &Store, settings: &LlmSettings) -> Result<Option<StructuredMode>> {
    let modes: BTreeMap<String, StructuredMode> = store.setting(MODES_KEY)?.unwrap_or_default();
    Ok(modes.get(&endpoint_key(settings)).copied())
}

/// Remembers `mode` for this endpoint (a write only when it changed).
pub fn remember_mode(store: &Store, settings: &LlmSettings, mode: StructuredMode) -> Result<()> {
    let mut modes: BTreeMap<String, StructuredMode> = store.setting(MODES_KEY)?.unwrap_or_default();
    if modes.insert(endpoint_key(settings), mode) != Some(mode) {
        store.set_setting(MODES_KEY, &modes)?;
    }
    Ok(())
}
