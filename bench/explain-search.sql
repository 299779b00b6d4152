-- EXPLAIN ANALYZE of the member directory's statements (MemberDirectory.search) for the school-level
-- user-admin of bench/seed-million.sql: visible units = school 2 and everything below it (27 ids,
-- bound as a literal IN list like the application's), q = :'q' (a LIKE pattern such as '%smith%').
--   psql -h 127.0.0.1 -U postgres -d DB -v q='%smith%' -f bench/explain-search.sql
-- Sections: (1) the page with its total, as the code runs it now, and (1b) the same again once its
-- pages are in shared buffers (128 MB by default: the previous q's org-wide scans evict them); (2) the count it adds only for an
-- empty page; (3) the two statements the code ran before (count, then page), for comparison;
-- (4) an org-admin's unfiltered count and page, and (4c) its count without a text (memberships only); (5) the page statement of
-- an earlier version (wide rows through the total and the sort, read from the table); (6) session
-- 2's page statement (each visible account looked up in accounts, ~2,500 index probes).
-- (7) the org-admin's statements now: the total counted up to 250, and (7b) the page of a text from
-- the accounts matching it (used when at most 25,000 match; otherwise (4)'s page statement runs).
SELECT quote_literal(md5('bench-org')::uuid::text) AS org \gset
SELECT string_agg(quote_literal(id), ', ') AS visible FROM units
WHERE id = md5('school-2')::uuid::text OR parent_id = md5('school-2')::uuid::text
   OR parent_id IN (SELECT id FROM units WHERE parent_id = md5('school-2')::uuid::text) \gset

\echo '--- (1) now: page 1 of 50 with the total, from the assignments copies of sort key and search text (V10), q =' :'q'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT p.account_id, a.email, a.first_name, a.last_name, a.job_title, a.phone, m.status, m.main_account_holder, p.total
FROM (SELECT r.account_id, r.sort_key, COUNT(*) OVER () AS total
  FROM (SELECT DISTINCT v.account_id, v.sort_key FROM role_assignments v
        WHERE v.organisation_id = :org AND v.unit_id IN (:visible) AND v.search_text LIKE :'q' ESCAPE '\') r
  ORDER BY r.sort_key, r.account_id LIMIT 50 OFFSET 0) p
JOIN accounts a ON a.id = p.account_id
JOIN memberships m ON m.organisation_id = :org AND m.account_id = p.account_id ORDER BY p.sort_key, p.account_id;

\echo '--- (1b) the same again, its pages now in shared buffers, q =' :'q'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT p.account_id, a.email, a.first_name, a.last_name, a.job_title, a.phone, m.status, m.main_account_holder, p.total
FROM (SELECT r.account_id, r.sort_key, COUNT(*) OVER () AS total
  FROM (SELECT DISTINCT v.account_id, v.sort_key FROM role_assignments v
        WHERE v.organisation_id = :org AND v.unit_id IN (:visible) AND v.search_text LIKE :'q' ESCAPE '\') r
  ORDER BY r.sort_key, r.account_id LIMIT 50 OFFSET 0) p
JOIN accounts a ON a.id = p.account_id
JOIN memberships m ON m.organisation_id = :org AND m.account_id = p.account_id ORDER BY p.sort_key, p.account_id;

\echo '--- (2) now, only when the page is empty: the total, q =' :'q'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT COUNT(*) FROM (SELECT DISTINCT v.account_id, v.sort_key FROM role_assignments v
        WHERE v.organisation_id = :org AND v.unit_id IN (:visible) AND v.search_text LIKE :'q' ESCAPE '\') r;

\echo '--- (3a) before: count, q =' :'q'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT COUNT(*) FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.organisation_id = :org
  AND a.search_text LIKE :'q' ESCAPE '\'
  AND m.account_id IN (SELECT v.account_id FROM role_assignments v WHERE v.organisation_id = :org AND v.unit_id IN (:visible));
\echo '--- (3b) before: page 1 of 50, q =' :'q'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT a.id, a.email, a.first_name, a.last_name, a.job_title, a.phone, m.status, m.main_account_holder
FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.organisation_id = :org
  AND a.search_text LIKE :'q' ESCAPE '\'
  AND m.account_id IN (SELECT v.account_id FROM role_assignments v WHERE v.organisation_id = :org AND v.unit_id IN (:visible))
ORDER BY a.sort_key, a.id LIMIT 50 OFFSET 0;

\echo '--- (4) unfiltered (an org-admin sees everyone): count and page 1, q =' :'q'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT COUNT(*) FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.organisation_id = :org
  AND a.search_text LIKE :'q' ESCAPE '\';
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT a.id, a.email, a.first_name, a.last_name, a.job_title, a.phone, m.status, m.main_account_holder
FROM memberships m JOIN accounts a ON a.id = m.account_id WHERE m.organisation_id = :org
  AND a.search_text LIKE :'q' ESCAPE '\'
ORDER BY a.sort_key, a.id LIMIT 50 OFFSET 0;

\echo '--- (4c) the org-admin count as it is made now when there is no text: memberships only'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT COUNT(*) FROM memberships m WHERE m.organisation_id = :org;

\echo '--- (5) previous version of (1): wide rows, read from the table, q =' :'q'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT p.id, p.email, p.first_name, p.last_name, p.job_title, p.phone, m.status, m.main_account_holder, p.total
FROM (SELECT r.id, r.email, r.first_name, r.last_name, r.job_title, r.phone, r.sort_key, COUNT(*) OVER () AS total
  FROM (SELECT a.id, a.email, a.first_name, a.last_name, a.job_title, a.phone, a.sort_key, a.search_text
        FROM accounts a WHERE a.id IN (SELECT v.account_id FROM role_assignments v
                                       WHERE v.organisation_id = :org AND v.unit_id IN (:visible)) OFFSET 0) r
  WHERE r.search_text LIKE :'q' ESCAPE '\'
  ORDER BY r.sort_key, r.id LIMIT 50 OFFSET 0) p
JOIN memberships m ON m.organisation_id = :org AND m.account_id = p.id ORDER BY p.sort_key, p.id;

\echo '--- (6) session 2 version of (1): each visible account looked up in accounts, q =' :'q'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT p.id, a.email, a.first_name, a.last_name, a.job_title, a.phone, m.status, m.main_account_holder, p.total
FROM (SELECT r.id, r.sort_key, COUNT(*) OVER () AS total
  FROM (SELECT a.id, a.sort_key, a.search_text
        FROM accounts a WHERE a.id IN (SELECT v.account_id FROM role_assignments v
                                       WHERE v.organisation_id = :org AND v.unit_id IN (:visible)) OFFSET 0) r
  WHERE r.search_text LIKE :'q' ESCAPE '\'
  ORDER BY r.sort_key, r.id LIMIT 50 OFFSET 0) p
JOIN accounts a ON a.id = p.id
JOIN memberships m ON m.organisation_id = :org AND m.account_id = p.id ORDER BY p.sort_key, p.id;


\echo '--- (7) the org-admin now: the total counted up to 250 (count-limit), q =' :'q'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT COUNT(*) FROM (SELECT 1 FROM memberships m JOIN accounts a ON a.id = m.account_id
  WHERE m.organisation_id = :org AND a.search_text LIKE :'q' ESCAPE '\' LIMIT 251) n;
\echo '--- (7b) the org-admin now: page 1 of 50 from the accounts matching the text (at most 25,000 read), the first 100 checked for membership, q =' :'q'
EXPLAIN (ANALYZE, BUFFERS, COSTS OFF)
SELECT p.id, a.email, a.first_name, a.last_name, a.job_title, a.phone, m.status, m.main_account_holder, p.matches, p.kept
FROM (SELECT t.id, t.sort_key, t.matches, COUNT(*) OVER () AS kept
  FROM (SELECT x.id, x.sort_key, COUNT(*) OVER () AS matches
        FROM (SELECT a.id, a.sort_key FROM accounts a WHERE a.search_text LIKE :'q' ESCAPE '\' LIMIT 25001) x
        ORDER BY x.sort_key, x.id LIMIT 100) t
  WHERE EXISTS (SELECT 1 FROM memberships s WHERE s.organisation_id = :org AND s.account_id = t.id)
  ORDER BY t.sort_key, t.id LIMIT 50 OFFSET 0) p
JOIN accounts a ON a.id = p.id
JOIN memberships m ON m.organisation_id = :org AND m.account_id = p.id ORDER BY p.sort_key, p.id;
