-- Onno schema, version 8: a transcript corrected after the call. People fix misheard
-- lines, name who spoke, merge a sentence the recogniser cut in two and split one it
-- ran together; each of these can be undone.

-- The name of a side of the call ('me': the user, 'them': the call's audio) in one
-- meeting. A new line of that side without a name of its own takes this one, so the
-- lines a final pass puts in place of the live ones keep the name the user gave.
CREATE TABLE meeting_speakers (
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    source      TEXT NOT NULL CHECK (source IN ('me', 'them')),
    name        TEXT NOT NULL CHECK (length(name) BETWEEN 1 AND 200),
    PRIMARY KEY (meeting_id, source)
) WITHOUT ROWID;

-- What each correction changed, newest last, so it can be undone: the rows it touched
-- as they were before, which of them it deleted and which rows it added. The store
-- keeps the last corrections of each meeting only, and a final pass clears them.
-- Nothing here is indexed for search: the text a correction replaced is not found.
CREATE TABLE transcript_corrections (
    id          INTEGER PRIMARY KEY,
    meeting_id  INTEGER NOT NULL REFERENCES meetings (id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('edit_text', 'name_line', 'name_side', 'merge', 'split')),
    -- The touched segments as they were: a JSON array of rows.
    before      TEXT NOT NULL CHECK (json_valid(before)),
    -- Ids (a JSON array) of the segments the correction deleted (a merge's second line).
    removed     TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(removed)),
    -- Ids (a JSON array) of the segments the correction added (a split's second half).
    added       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(added)),
    -- For 'name_side': the side, and its name before (NULL when it had none).
    side        TEXT CHECK (side IS NULL OR side IN ('me', 'them')),
    side_name   TEXT,
    at          TEXT NOT NULL
);
CREATE INDEX transcript_corrections_by_meeting ON transcript_corrections (meeting_id, id);
