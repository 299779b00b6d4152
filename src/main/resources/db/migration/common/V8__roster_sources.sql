-- OneRoster sourcedIds, so that a re-import updates and never duplicates. An account is shared by
-- organisations, so a person's sourcedId belongs to their membership (each trust's MIS has its
-- own ids); a teacher's role at a class keeps the sourcedId of the enrolment that gave it, so a
-- delta row marked tobedeleted ends exactly that assignment. Units already have source_id.
ALTER TABLE memberships ADD COLUMN source_id VARCHAR(255);
ALTER TABLE role_assignments ADD COLUMN source_id VARCHAR(255);
CREATE UNIQUE INDEX uq_memberships_source ON memberships (organisation_id, source_id);
CREATE INDEX ix_assignments_source ON role_assignments (organisation_id, source_id);
CREATE INDEX ix_units_source ON units (organisation_id, source_id);
