-- Onno schema, version 9: the text of a relationship's files, searchable. Each page of
-- a PDF, slide of a deck and sheet of a workbook is one row (a Word document or a text
-- file is one row), so a search hit and a figure read from a file can say where it
-- was: "deck.pdf p.12". Images have no text (no OCR) and so no rows.
CREATE TABLE relationship_file_parts (
    id       INTEGER PRIMARY KEY,
    file_id  INTEGER NOT NULL REFERENCES relationship_files (id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('page', 'slide', 'sheet', 'text')),
    -- From 1, in the file's order.
    number   INTEGER NOT NULL CHECK (number >= 1),
    -- A sheet's name; empty for the other kinds.
    label    TEXT NOT NULL DEFAULT '',
    text     TEXT NOT NULL,
    UNIQUE (file_id, number)
);

-- Tokenized like the transcripts, so the same prefix queries find Korean words with
-- their particles attached.
CREATE VIRTUAL TABLE file_parts_fts USING fts5 (
    text, content = 'relationship_file_parts', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
CREATE TRIGGER file_parts_fts_insert AFTER INSERT ON relationship_file_parts BEGIN
    INSERT INTO file_parts_fts (rowid, text) VALUES (NEW.id, NEW.text);
END;
-- Also fires when a file's row goes and its parts go with it (ON DELETE CASCADE).
CREATE TRIGGER file_parts_fts_delete AFTER DELETE ON relationship_file_parts BEGIN
    INSERT INTO file_parts_fts (file_parts_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
END;
CREATE TRIGGER file_parts_fts_update AFTER UPDATE OF text ON relationship_file_parts BEGIN
    INSERT INTO file_parts_fts (file_parts_fts, rowid, text) VALUES ('delete', OLD.id, OLD.text);
    INSERT INTO file_parts_fts (rowid, text) VALUES (NEW.id, NEW.text);
END;

-- Text already pulled out of a file (the old single column) becomes its one part.
INSERT INTO relationship_file_parts (file_id, kind, number, text)
    SELECT id, 'text', 1, extracted_text FROM relationship_files
    WHERE extracted_text IS NOT NULL AND extracted_text <> '';
