-- Onno schema, version 14: recordings and attached files travel between a person's
-- devices, sealed, beside the rows that describe them.
--
-- A meeting's recordings are described by a synced row each (which side, its SHA-256,
-- its size) once the meeting has ended, so another device knows what to fetch; the
-- attached files are described by their relationship_files rows already. Which of this
-- device's files the sync server holds is kept locally: it never syncs.

CREATE TABLE meeting_recordings (
    id          INTEGER PRIMARY KEY,
    gid         TEXT,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    source      TEXT NOT NULL CHECK (source IN ('me', 'them')),
    sha256      TEXT NOT NULL CHECK (length(sha256) = 64),
    size_bytes  INTEGER NOT NULL CHECK (size_bytes >= 0),
    -- This device removed the recording (audio retention): it is not fetched again.
    -- Local: it does not sync.
    removed_here  INTEGER NOT NULL DEFAULT 0 CHECK (removed_here IN (0, 1)),
    UNIQUE (meeting_id, source)
);
CREATE UNIQUE INDEX meeting_recordings_by_gid ON meeting_recordings (gid);

CREATE TABLE sync_blobs_sent (
    sha256  TEXT PRIMARY KEY
) WITHOUT ROWID;

-- The names given to a side of a meeting's call travel too: the table gets an integer
-- id and a gid like every synced table (SQLite cannot add them to a WITHOUT ROWID
-- table, so it is made again). The gids are given at open, as for any row without one.
CREATE TABLE meeting_speakers_new (
    id          INTEGER PRIMARY KEY,
    gid         TEXT,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    source      TEXT NOT NULL CHECK (source IN ('me', 'them')),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    UNIQUE (meeting_id, source)
);
INSERT INTO meeting_speakers_new (meeting_id, source, name)
    SELECT meeting_id, source, name FROM meeting_speakers;
DROP TABLE meeting_speakers;
ALTER TABLE meeting_speakers_new RENAME TO meeting_speakers;
CREATE UNIQUE INDEX meeting_speakers_by_gid ON meeting_speakers (gid);

-- Which synced tables' rows from before sync have been logged for the other devices,
-- per table, so a table that starts to sync later (as meeting_speakers does now) is
-- logged once too. A folder already past that first logging has done it for the
-- tables version 13 synced.
CREATE TABLE sync_snapshots (
    tbl  TEXT PRIMARY KEY
) WITHOUT ROWID;
INSERT INTO sync_snapshots (tbl)
    SELECT value FROM json_each('["profile", "settings", "relationships", "checklists",
        "checklist_items", "meetings", "meeting_participants", "transcript_segments",
        "relationship_data", "relationship_files", "ai_questions", "action_items",
        "summaries", "notes", "glossary_terms", "benchmarks"]')
    WHERE (SELECT snapshot FROM sync_state WHERE id = 1) = 1;
