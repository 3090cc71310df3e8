-- Onno schema, version 7: a fact heard in a meeting that the user removed is kept as a
-- marker rather than deleted, so analysing the meeting again does not bring it back. A
-- dismissed fact is hidden from every list and from what the language model is told.

ALTER TABLE relationship_data ADD COLUMN dismissed_at TEXT;
