-- PostgreSQL only: trigram indexes make "name or email contains q" an index scan on large
-- organisations. H2 has no equivalent; its V1_1 is a plain index. The extension lives in the
-- public schema so that every schema of the database can use its operator class.
CREATE EXTENSION IF NOT EXISTS pg_trgm SCHEMA public;
CREATE INDEX ix_accounts_search_trgm ON accounts USING gin (search_text public.gin_trgm_ops);
CREATE INDEX ix_accounts_sort ON accounts (sort_key, id);
