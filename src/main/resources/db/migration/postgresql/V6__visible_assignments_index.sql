-- Member search by someone who sees only some scopes starts from the role assignments at the visible
-- units. With the organisation, the unit and the account in one index that lookup is an index-only
-- scan, instead of one heap visit per assignment (docs/benchmarks.md, aim c).
CREATE INDEX ix_assignments_org_unit ON role_assignments (organisation_id, unit_id, account_id);
