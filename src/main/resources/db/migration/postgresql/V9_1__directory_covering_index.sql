-- Member search by someone who sees only some scopes reads, for every member they may see, the
-- account's id, sort key and search text, and the rest of the account for the 50 rows of a page
-- only. With those three columns in one index that read is an index-only scan: no visit to the
-- accounts table, whose rows are wide, for each of the (say) 2,500 visible members
-- (docs/benchmarks.md, aim c). H2 has no INCLUDE, and its sizes do not need it.
CREATE INDEX ix_accounts_id_search ON accounts (id) INCLUDE (sort_key, search_text);
