-- H2: no trigram indexes; a sort index keeps paging ordered by name cheap.
CREATE INDEX ix_accounts_sort ON accounts (sort_key, id);
