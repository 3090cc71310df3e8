-- Onno schema, version 11: a relationship may have a checklist of its own (a
-- due-diligence list for one deal), tracked in every meeting with that relationship
-- beside the meeting type's. A checklist without a relationship is a meeting type's.
-- Deleting the relationship takes its checklist.

ALTER TABLE checklists ADD COLUMN relationship_id INTEGER REFERENCES relationships (id) ON DELETE CASCADE;
CREATE UNIQUE INDEX checklists_by_relationship ON checklists (relationship_id)
    WHERE relationship_id IS NOT NULL;
