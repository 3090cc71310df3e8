-- Onno schema, version 10: what the user changes in what the copilot wrote stays the
-- user's. An action item keeps the text the model first gave, so analysing again still
-- recognises an item the user reworded; one the user removed stays as a marker, hidden
-- everywhere, so analysing again does not bring it back. A summary the user edited is
-- not replaced by the next analysis.

ALTER TABLE action_items ADD COLUMN model_text TEXT;
ALTER TABLE action_items ADD COLUMN removed_at TEXT;
ALTER TABLE summaries ADD COLUMN edited_at TEXT;
