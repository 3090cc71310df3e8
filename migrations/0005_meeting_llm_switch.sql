-- Onno schema, version 5: the per-meeting language model switch is a column of the
-- meeting, where it is created, read and deleted with it. Until now it was the setting
-- `llm.meeting.<id>.enabled` (JSON true or false; absent meant on), which outlived its
-- meeting and could be inherited by a later meeting given the same id.

ALTER TABLE meetings
    ADD COLUMN llm_enabled INTEGER NOT NULL DEFAULT 1 CHECK (llm_enabled IN (0, 1));

UPDATE meetings SET llm_enabled = 0
WHERE EXISTS (
    SELECT 1 FROM settings s
    WHERE s.key = 'llm.meeting.' || meetings.id || '.enabled' AND s.value = 'false'
);

DELETE FROM settings WHERE key GLOB 'llm.meeting.*.enabled';
