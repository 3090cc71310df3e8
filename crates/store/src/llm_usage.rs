//! What each call to the language model cost: tokens, latency and outcome, per meeting.
//! Counts only; the prompt, the reply and the key are never stored.

use std::collections::BTreeMap;

use rusqlite::{OptionalExtension, Row, params};
use serde::{Deserialize, Serialize};

use crate::clock::now_timestamp;
use crate::error::missing_parent;
use crate::validate::{optional_text, required_text};
use crate::{Result, Store, StoreError};

/// Which try of one request a call was.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum LlmAttempt {
    /// The request as first asked.
    #[default]
    First,
    /// Asked again another way after the endpoint refused or ignored the way
    /// structured output was asked.
    FormatFallback,
    /// The one request to repair an answer that broke the schema.
    Repair,
}

impl LlmAttempt {
    pub fn as_str(self) -> &'static str {
        match self {
            LlmAttempt::First => "first",
            LlmAttempt::FormatFallback => "format_fallback",
            LlmAttempt::Repair => "repair",
        }
    }

    fn parse(name: &str) -> LlmAttempt {
        match name {
            "format_fallback" => LlmAttempt::FormatFallback,
            "repair" => LlmAttempt::Repair,
            _ => LlmAttempt::First,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct NewLlmUsage {
    /// `None` for a call outside any meeting.
    pub meeting_id: Option<i64>,
    /// What the call was for: "questions", "action_items", "summary", ...
    pub purpose: String,
    pub model: String,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    /// The server reported no usage, so the counts are estimates.
    pub estimated: bool,
    pub latency_ms: u32,
    /// `None` when the call succeeded; else the error's kind ("timeout", ...).
    pub error_kind: Option<String>,
    pub attempt: LlmAttempt,
    /// The error was the endpoint refusing (or ignoring) the way structured output was
    /// asked, and the next way was tried: a format negotiation, not a failure.
    pub format_refused: bool,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct LlmUsage {
    pub id: i64,
    pub meeting_id: Option<i64>,
    pub purpose: String,
    pub model: String,
    pub prompt_tokens: u32,
    pub completion_tokens: u32,
    pub estimated: bool,
    pub latency_ms: u32,
    pub ok: bool,
    pub error_kind: Option<String>,
    pub attempt: LlmAttempt,
    /// See [`NewLlmUsage::format_refused`].
    pub format_refused: bool,
    /// Answers Onno dropped from this call's reply, by reason ("not_a_question": 2).
    pub dropped: BTreeMap<String, u32>,
    pub created_at: String,
}

fn usage_row(row: &Row<'_>) -> rusqlite::Result<LlmUsage> {
    let outcome: String = row.get(8)?;
    Ok(LlmUsage {
        id: row.get(0)?,
        meeting_id: row.get(1)?,
        purpose: row.get(2)?,
        model: row.get(3)?,
        prompt_tokens: row.get(4)?,
        completion_tokens: row.get(5)?,
        estimated: row.get(6)?,
        latency_ms: row.get(7)?,
        ok: outcome == "ok",
        error_kind: row.get(9)?,
        created_at: row.get(10)?,
        dropped: match row.get::<_, Option<String>>(11)? {
            Some(json) => serde_json::from_str(&json).unwrap_or_default(),
            None => BTreeMap::new(),
        },
        attempt: LlmAttempt::parse(&row.get::<_, String>(12)?),
        format_refused: row.get(13)?,
    })
}

impl Store {
    /// Records one call to the language model.
    pub fn record_llm_usage(&self, usage: &NewLlmUsage) -> Result<LlmUsage> {
        let purpose = required_text("purpose", &usage.purpose, 50)?;
        let model = required_text("model", &usage.model, 200)?;
        let error_kind = optional_text("error kind", usage.error_kind.as_deref(), 50)?;
        let outcome = if error_kind.is_some() { "error" } else { "ok" };
        let id = self.write(|tx| {
            tx.execute(
                "INSERT INTO llm_usage (meeting_id, purpose, model, prompt_tokens,
                    completion_tokens, estimated, latency_ms, outcome, error_kind, created_at,
                    attempt, format_refused)
                 VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
                params![
                    usage.meeting_id,
                    purpose,
                    model,
                    usage.prompt_tokens,
                    usage.completion_tokens,
                    usage.estimated,
                    usage.latency_ms,
                    outcome,
                    error_kind,
                    now_timestamp(),
                    usage.attempt.as_str(),
                    usage.format_refused && error_kind.is_some()
                ],
            )
            .map_err(|e| missing_parent(e, "meeting", usage.meeting_id.unwrap_or_default()))?;
            Ok(tx.last_insert_rowid())
        })?;
        self.reader()
            .query_row(
                "SELECT id, meeting_id, purpose, model, prompt_tokens, completion_tokens,
                        estimated, latency_ms, outcome, error_kind, created_at, dropped_reasons,
                        attempt, format_refused
                 FROM llm_usage WHERE id = ?1",
                [id],
                usage_row,
            )
            .map_err(StoreError::from)
    }

    /// Every call recorded for meeting `meeting_id`, oldest first.
    pub fn llm_usage(&self, meeting_id: i64) -> Result<Vec<LlmUsage>> {
        Ok(self
            .reader()
            .prepare(
                "SELECT id, meeting_id, purpose, model, prompt_tokens, completion_tokens,
                        estimated, latency_ms, outcome, error_kind, created_at, dropped_reasons,
                        attempt, format_refused
                 FROM llm_usage WHERE meeting_id = ?1 ORDER BY id",
            )?
            .query_map([meeting_id], usage_row)?
            .collect::<rusqlite::Result<Vec<_>>>()?)
    }

    /// Notes on call `usage_id` that Onno dropped answers from its reply, by reason
    /// (added to what is already noted); a reason is a short snake_case word.
    pub fn record_dropped_answers(
        &self,
        usage_id: i64,
        dropped: &BTreeMap<String, u32>,
    ) -> Result<()> {
        if dropped.is_empty() {
            return Ok(());
        }
        for reason in dropped.keys() {
            required_text("drop reason", reason, 50)?;
        }
        self.write(|tx| {
            let noted: Option<Option<String>> = tx
                .query_row(
                    "SELECT dropped_reasons FROM llm_usage WHERE id = ?1",
                    [usage_id],
                    |row| row.get(0),
                )
                .optional()?;
            let Some(noted) = noted else {
                return Err(StoreError::NotFound {
                    entity: "language model call",
                    id: usage_id,
                });
            };
            let mut all: BTreeMap<String, u32> = noted
                .and_then(|json| serde_json::from_str(&json).ok())
                .unwrap_or_default();
            for (reason, n) in dropped {
                *all.entry(reason.clone()).or_default() += n;
            }
            let total: u32 = all.values().sum();
            let json = serde_json::to_string(&all)
                .map_err(|e| StoreError::invalid("drop reasons", e.to_string()))?;
            tx.execute(
                "UPDATE llm_usage SET dropped = ?1, dropped_reasons = ?2 WHERE id = ?3",
                params![total, json, usage_id],
            )?;
            Ok(())
        })
    }
}
