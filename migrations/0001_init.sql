-- Onno schema, version 1. Append-only: never edit this file once it has shipped;
-- add a new numbered migration instead.
--
-- Conventions: ids are INTEGER PRIMARY KEY; timestamps are RFC 3339 UTC text
-- ("2026-11-02T12:34:56Z"), dates are "YYYY-MM-DD"; lists and objects are JSON text.
-- Enumerations are checked here as a last line of defence; the store validates them
-- first so callers get a readable error.

CREATE TABLE profile (
    id          INTEGER PRIMARY KEY CHECK (id = 1),
    name        TEXT NOT NULL DEFAULT '',
    title       TEXT NOT NULL DEFAULT '',
    company     TEXT NOT NULL DEFAULT '',
    locale      TEXT NOT NULL DEFAULT 'ko' CHECK (locale IN ('ko', 'en')),
    timezone    TEXT NOT NULL DEFAULT 'Asia/Seoul',
    domains     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(domains)),
    updated_at  TEXT NOT NULL
);
INSERT INTO profile (id, updated_at) VALUES (1, strftime('%Y-%m-%dT%H:%M:%SZ', 'now'));

CREATE TABLE relationships (
    id                  INTEGER PRIMARY KEY,
    name                TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    type                TEXT NOT NULL CHECK (type IN ('deal', 'portfolio', 'client', 'candidate', 'partner')),
    status              TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'archived', 'completed', 'passed')),
    industry            TEXT,
    stage               TEXT,
    tags                TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    primary_contact     TEXT CHECK (primary_contact IS NULL OR json_valid(primary_contact)),
    team_members        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(team_members)),
    first_contact_date  TEXT,
    last_interaction_at TEXT,
    next_meeting_at     TEXT,
    description         TEXT NOT NULL DEFAULT '',
    notes               TEXT NOT NULL DEFAULT '',
    custom_fields       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(custom_fields)),
    importance          TEXT NOT NULL DEFAULT 'medium' CHECK (importance IN ('high', 'medium', 'low')),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX relationships_by_type_status ON relationships (type, status);

CREATE TABLE checklists (
    id            INTEGER PRIMARY KEY,
    name          TEXT NOT NULL,
    meeting_type  TEXT NOT NULL CHECK (meeting_type IN ('investment_screening', 'mentoring', 'sales', 'recruiting', 'partnership', 'general')),
    builtin       INTEGER NOT NULL DEFAULT 0 CHECK (builtin IN (0, 1)),
    created_at    TEXT NOT NULL
);

CREATE TABLE checklist_items (
    id            INTEGER PRIMARY KEY,
    checklist_id  INTEGER NOT NULL REFERENCES checklists (id) ON DELETE CASCADE,
    position      INTEGER NOT NULL,
    text          TEXT NOT NULL,
    -- Words and phrases, Korean and English, whose mention covers the item.
    keywords      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(keywords))
);
CREATE INDEX checklist_items_by_checklist ON checklist_items (checklist_id, position);

CREATE TABLE meetings (
    id               INTEGER PRIMARY KEY,
    relationship_id  INTEGER REFERENCES relationships (id) ON DELETE SET NULL,
    title            TEXT NOT NULL CHECK (length(title) BETWEEN 1 AND 300),
    type             TEXT NOT NULL DEFAULT 'general' CHECK (type IN ('investment_screening', 'mentoring', 'sales', 'recruiting', 'partnership', 'general')),
    status           TEXT NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'completed', 'cancelled')),
    started_at       TEXT NOT NULL,
    ended_at         TEXT,
    language         TEXT,
    -- Relative to the data folder, so the folder can move between machines.
    audio_paths      TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(audio_paths)),
    checklist_id     INTEGER REFERENCES checklists (id) ON DELETE SET NULL,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL
);
CREATE INDEX meetings_by_started ON meetings (started_at);
CREATE INDEX meetings_by_relationship ON meetings (relationship_id, started_at);

CREATE TABLE meeting_participants (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    name        TEXT NOT NULL,
    email       TEXT,
    role        TEXT NOT NULL DEFAULT 'guest' CHECK (role IN ('host', 'guest'))
);
CREATE INDEX meeting_participants_by_meeting ON meeting_participants (meeting_id);

CREATE TABLE transcript_segments (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    source      TEXT NOT NULL CHECK (source IN ('me', 'them', 'file')),
    speaker     TEXT,
    text        TEXT NOT NULL,
    start_ms    INTEGER NOT NULL CHECK (start_ms >= 0),
    end_ms      INTEGER NOT NULL CHECK (end_ms >= start_ms),
    confidence  REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
    language    TEXT,
    is_final    INTEGER NOT NULL DEFAULT 1 CHECK (is_final IN (0, 1)),
    edited      INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
    created_at  TEXT NOT NULL
);
CREATE INDEX transcript_segments_by_meeting ON transcript_segments (meeting_id, start_ms);

CREATE TABLE relationship_data (
    id               INTEGER PRIMARY KEY,
    relationship_id  INTEGER NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    category         TEXT NOT NULL CHECK (category IN ('metrics', 'financials', 'product', 'team')),
    key              TEXT NOT NULL CHECK (length(key) BETWEEN 1 AND 100),
    value_kind       TEXT NOT NULL CHECK (value_kind IN ('text', 'number', 'date', 'json')),
    -- The value as written; for numbers also in value_number so it sorts and compares.
    value_text       TEXT NOT NULL,
    value_number     REAL,
    unit             TEXT,
    source           TEXT NOT NULL DEFAULT '',
    confidence       TEXT NOT NULL DEFAULT 'unverified' CHECK (confidence IN ('verified', 'estimated', 'unverified')),
    recorded_at      TEXT NOT NULL,
    meeting_id       INTEGER REFERENCES meetings (id) ON DELETE SET NULL
);
CREATE INDEX relationship_data_by_relationship ON relationship_data (relationship_id, category, key);

CREATE TABLE relationship_files (
    id               INTEGER PRIMARY KEY,
    relationship_id  INTEGER NOT NULL REFERENCES relationships (id) ON DELETE CASCADE,
    name             TEXT NOT NULL,
    media_type       TEXT NOT NULL,
    size_bytes       INTEGER NOT NULL CHECK (size_bytes >= 0),
    sha256           TEXT NOT NULL CHECK (length(sha256) = 64),
    category         TEXT NOT NULL CHECK (category IN ('pitch_deck', 'financial', 'contract', 'product_demo')),
    tags             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
    description      TEXT NOT NULL DEFAULT '',
    meeting_id       INTEGER REFERENCES meetings (id) ON DELETE SET NULL,
    -- Relative to the data folder: the store keeps its own copy, never a link to the original.
    stored_path      TEXT NOT NULL,
    extracted_text   TEXT,
    added_at         TEXT NOT NULL
);
CREATE INDEX relationship_files_by_relationship ON relationship_files (relationship_id);

CREATE TABLE ai_questions (
    id            INTEGER PRIMARY KEY,
    meeting_id    INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    text          TEXT NOT NULL,
    priority      TEXT NOT NULL CHECK (priority IN ('critical', 'important', 'follow_up')),
    reason        TEXT NOT NULL DEFAULT '',
    suggested_at  TEXT NOT NULL,
    user_action   TEXT CHECK (user_action IS NULL OR user_action IN ('used', 'ignored', 'dismissed')),
    actioned_at   TEXT
);
CREATE INDEX ai_questions_by_meeting ON ai_questions (meeting_id);

CREATE TABLE action_items (
    id                  INTEGER PRIMARY KEY,
    meeting_id          INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    text                TEXT NOT NULL,
    assignee            TEXT,
    due_date            TEXT,
    confidence          REAL CHECK (confidence IS NULL OR confidence BETWEEN 0 AND 1),
    status              TEXT NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'approved', 'rejected', 'completed')),
    integration_status  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(integration_status)),
    created_at          TEXT NOT NULL,
    updated_at          TEXT NOT NULL
);
CREATE INDEX action_items_by_meeting ON action_items (meeting_id);

CREATE TABLE summaries (
    id                INTEGER PRIMARY KEY,
    meeting_id        INTEGER NOT NULL UNIQUE REFERENCES meetings (id) ON DELETE CASCADE,
    content           TEXT NOT NULL,
    key_points        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(key_points)),
    decisions         TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(decisions)),
    missed_questions  TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(missed_questions)),
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL
);

CREATE TABLE notes (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    body        TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL
);
CREATE INDEX notes_by_meeting ON notes (meeting_id);

CREATE TABLE glossary_terms (
    id             INTEGER PRIMARY KEY,
    term           TEXT NOT NULL UNIQUE COLLATE NOCASE,
    aliases        TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(aliases)),
    definition_en  TEXT NOT NULL,
    definition_ko  TEXT NOT NULL,
    example        TEXT NOT NULL DEFAULT '',
    category       TEXT NOT NULL DEFAULT 'general',
    difficulty     TEXT NOT NULL DEFAULT 'basic' CHECK (difficulty IN ('basic', 'intermediate', 'advanced'))
);

CREATE TABLE benchmarks (
    id        INTEGER PRIMARY KEY,
    metric    TEXT NOT NULL,
    industry  TEXT NOT NULL,
    stage     TEXT NOT NULL,
    p25       REAL NOT NULL,
    p50       REAL NOT NULL,
    p75       REAL NOT NULL,
    unit      TEXT NOT NULL,
    source    TEXT NOT NULL,
    UNIQUE (metric, industry, stage),
    CHECK (p25 <= p50 AND p50 <= p75)
);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        TEXT NOT NULL,
    action    TEXT NOT NULL,
    resource  TEXT NOT NULL,
    details   TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(details))
);

CREATE TABLE settings (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL CHECK (json_valid(value)),
    updated_at  TEXT NOT NULL
);

-- A meeting counts as an interaction with its relationship.
CREATE TRIGGER meetings_touch_relationship AFTER INSERT ON meetings
WHEN NEW.relationship_id IS NOT NULL
BEGIN
    UPDATE relationships
       SET last_interaction_at = NEW.started_at
     WHERE id = NEW.relationship_id
       AND (last_interaction_at IS NULL OR last_interaction_at < NEW.started_at);
END;

-- Full-text search. External-content FTS5 tables index the text where it lives; the
-- triggers below keep them in step, so no write path can forget the index.
-- unicode61 splits on spaces and punctuation; Korean particles stay attached to the
-- word ("매출은"), which the search layer handles with prefix queries ("매출"*).
-- Prefix indexes for 2 and 3 characters keep such queries fast for the short words
-- that match most often (most Korean nouns are two or three syllables).
CREATE VIRTUAL TABLE transcript_fts USING fts5 (
    text, content = 'transcript_segments', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER transcript_fts_insert AFTER INSERT ON transcript_segments BEGIN
    INSERT INTO transcript_fts (rowid, text) VALUES (NEW.id, NEW.text);
END;
CREATE TRIGGER transcript_fts_delete AFTER DELETE ON transcript_segments BEGIN
    INSERT INTO transcript_fts (transcript_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;
CREATE TRIGGER transcript_fts_update AFTER UPDATE OF text ON transcript_segments BEGIN
    INSERT INTO transcript_fts (transcript_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
    INSERT INTO transcript_fts (rowid, text) VALUES (NEW.id, NEW.text);
END;

CREATE VIRTUAL TABLE notes_fts USING fts5 (
    body, content = 'notes', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER notes_fts_insert AFTER INSERT ON notes BEGIN
    INSERT INTO notes_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;
CREATE TRIGGER notes_fts_delete AFTER DELETE ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
END;
CREATE TRIGGER notes_fts_update AFTER UPDATE OF body ON notes BEGIN
    INSERT INTO notes_fts (notes_fts, rowid, body) VALUES ('delete', OLD.id, OLD.body);
    INSERT INTO notes_fts (rowid, body) VALUES (NEW.id, NEW.body);
END;

CREATE VIRTUAL TABLE summaries_fts USING fts5 (
    content, key_points, decisions, content = 'summaries', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER summaries_fts_insert AFTER INSERT ON summaries BEGIN
    INSERT INTO summaries_fts (rowid, content, key_points, decisions)
    VALUES (NEW.id, NEW.content, NEW.key_points, NEW.decisions);
END;
CREATE TRIGGER summaries_fts_delete AFTER DELETE ON summaries BEGIN
    INSERT INTO summaries_fts (summaries_fts, rowid, content, key_points, decisions)
    VALUES ('delete', OLD.id, OLD.content, OLD.key_points, OLD.decisions);
END;
CREATE TRIGGER summaries_fts_update AFTER UPDATE OF content, key_points, decisions ON summaries BEGIN
    INSERT INTO summaries_fts (summaries_fts, rowid, content, key_points, decisions)
    VALUES ('delete', OLD.id, OLD.content, OLD.key_points, OLD.decisions);
    INSERT INTO summaries_fts (rowid, content, key_points, decisions)
    VALUES (NEW.id, NEW.content, NEW.key_points, NEW.decisions);
END;

CREATE VIRTUAL TABLE relationships_fts USING fts5 (
    name, description, notes, content = 'relationships', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER relationships_fts_insert AFTER INSERT ON relationships BEGIN
    INSERT INTO relationships_fts (rowid, name, description, notes)
    VALUES (NEW.id, NEW.name, NEW.description, NEW.notes);
END;
CREATE TRIGGER relationships_fts_delete AFTER DELETE ON relationships BEGIN
    INSERT INTO relationships_fts (relationships_fts, rowid, name, description, notes)
    VALUES ('delete', OLD.id, OLD.name, OLD.description, OLD.notes);
END;
CREATE TRIGGER relationships_fts_update AFTER UPDATE OF name, description, notes ON relationships BEGIN
    INSERT INTO relationships_fts (relationships_fts, rowid, name, description, notes)
    VALUES ('delete', OLD.id, OLD.name, OLD.description, OLD.notes);
    INSERT INTO relationships_fts (rowid, name, description, notes)
    VALUES (NEW.id, NEW.name, NEW.description, NEW.notes);
END;
