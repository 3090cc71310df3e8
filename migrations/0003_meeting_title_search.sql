-- Onno schema, version 3: meeting titles are searchable, so "Acme" finds the meetings
-- called "Acme screening" as well as what was said in them.

CREATE VIRTUAL TABLE meetings_fts USING fts5 (
    title, content = 'meetings', content_rowid = 'id',
    tokenize = 'unicode61 remove_diacritics 2', prefix = '2 3'
);
-- Index the meetings that already exist.
INSERT INTO meetings_fts (meetings_fts) VALUES ('rebuild');

CREATE TRIGGER meetings_fts_insert AFTER INSERT ON meetings BEGIN
    INSERT INTO meetings_fts (rowid, title) VALUES (NEW.id, NEW.title);
END;
CREATE TRIGGER meetings_fts_delete AFTER DELETE ON meetings BEGIN
    INSERT INTO meetings_fts (meetings_fts, rowid, title) VALUES ('delete', OLD.id, OLD.title);
END;
CREATE TRIGGER meetings_fts_update AFTER UPDATE OF title ON meetings BEGIN
    INSERT INTO meetings_fts (meetings_fts, rowid, title) VALUES ('delete', OLD.id, OLD.title);
    INSERT INTO meetings_fts (rowid, title) VALUES (NEW.id, NEW.title);
END;
