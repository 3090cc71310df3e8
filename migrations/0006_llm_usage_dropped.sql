-- Onno schema, version 6: how many of a call's answers Onno dropped, and why (a small
-- model's statement offered as a question, a transcript line repeated back, an echo of
-- an earlier suggestion). Counts only, like the rest of the table.

ALTER TABLE llm_usage ADD COLUMN dropped INTEGER NOT NULL DEFAULT 0 CHECK (dropped >= 0);
-- A JSON object of reason -> count ({"not_a_question": 2}); NULL when none was dropped.
ALTER TABLE llm_usage ADD COLUMN dropped_reasons TEXT
    CHECK (dropped_reasons IS NULL OR json_valid(dropped_reasons));
