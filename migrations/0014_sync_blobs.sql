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
    UNIQUE (meeting_id, source)
);
CREATE UNIQUE INDEX meeting_recordings_by_gid ON meeting_recordings (gid);

CREATE TABLE sync_blobs_sent (
    sha256  TEXT PRIMARY KEY
) WITHOUT ROWID;
