-- Member search by someone who sees only some scopes (a school's user-admin) starts from the role
-- assignments at the units they may see. Each assignment now carries its account's sort key and
-- search text, so that the visible members are found, filtered by text, counted and sorted from one
-- index of role_assignments, without looking up each visible account (about 2,500 index probes a
-- page for a school of a 1,000,000-account trust: docs/benchmarks.md, aim c). The copies are
-- written with the assignment (from the account) and kept in step when an account's names or
-- email change (grants.RoleAssignments, on accounts.AccountSearchKeysChanged), in the same
-- transaction.
ALTER TABLE role_assignments ADD COLUMN sort_key VARCHAR(500);
ALTER TABLE role_assignments ADD COLUMN search_text VARCHAR(1000);
UPDATE role_assignments SET
    sort_key = (SELECT a.sort_key FROM accounts a WHERE a.id = role_assignments.account_id),
    search_text = (SELECT a.search_text FROM accounts a WHERE a.id = role_assignments.account_id);
ALTER TABLE role_assignments ALTER COLUMN sort_key SET NOT NULL;
ALTER TABLE role_assignments ALTER COLUMN search_text SET NOT NULL;
