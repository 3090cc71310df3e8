-- Onno schema, version 4: what each call to the language model cost, per meeting.
-- Only counts and outcomes are kept here: never the prompt, the reply or any key.

CREATE TABLE llm_usage (
    id                 INTEGER PRIMARY KEY,
    -- NULL for calls that belong to no meeting (a connection test).
    meeting_id         INTEGER REFERENCES meetings (id) ON DELETE CASCADE,
    -- What the call was for: questions, action_items, summary, ...
    purpose            TEXT NOT NULL CHECK (length(purpose) BETWEEN 1 AND 50),
    model              TEXT NOT NULL CHECK (length(model) BETWEEN 1 AND 200),
    prompt_tokens      INTEGER NOT NULL CHECK (prompt_tokens >= 0),
    completion_tokens  INTEGER NOT NULL CHECK (completion_tokens >= 0),
    -- 1 when the server reported no usage and the counts are Onno's own estimate.
    estimated          INTEGER NOT NULL DEFAULT 0 CHECK (estimated IN (0, 1)),
    latency_ms         INTEGER NOT NULL CHECK (latency_ms >= 0),
    outcome            TEXT NOT NULL CHECK (outcome IN ('ok', 'error')),
    -- The error's kind (timeout, rate_limited, ...) when outcome is 'error'.
    error_kind         TEXT CHECK (error_kind IS NULL OR length(error_kind) BETWEEN 1 AND 50),
    created_at         TEXT NOT NULL
);
CREATE INDEX llm_usage_by_meeting ON llm_usage (meeting_id);
