-- The scoped member search reads, for the visible units, each assignment's account, sort key and
-- search text: with all of them in one index that is an index-only scan (docs/benchmarks.md, aim
-- c). It replaces the index of V6 (the same leading columns) and the covering index of accounts
-- from V9_1, which only that search used.
CREATE INDEX ix_assignments_directory ON role_assignments (organisation_id, unit_id)
    INCLUDE (account_id, sort_key, search_text);
DROP INDEX ix_assignments_org_unit;
DROP INDEX ix_accounts_id_search;
