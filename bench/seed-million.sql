-- Aim (c): one organisation of 1,000,000 accounts, generated in PostgreSQL with generate_series,
-- straight into the tables that Flyway made (run the service once against the empty database first).
--
--   psql -h 127.0.0.1 -U postgres -d DB -v ON_ERROR_STOP=1 -v token_hash=SHA256HEX -v admin_token_hash=SHA256HEX \
--        -f bench/seed-million.sql      (bench/run-search.sh does all of this)
--
-- Shape: the root, 400 schools x (1 school + 7 years + 19 classes) = 10,801 units. Account i
-- (1..1,000,000) belongs to school (i % 400) + 1 and teaches one class of it; 30% also teach a year
-- group there. Accounts 1-800 are also user-admins of their school (2 a school), 801-1,200
-- headteachers, 1,201-1,203 org-admins at the root. So a school has about 2,500 members.
-- Names are drawn (by a hash of i, so independent of the school) from lists with accents (Zoë, José, Chloé, Müller, ...); search_text is the folded
-- "first last email" and sort_key the folded "last first", as SearchText makes them.
-- The caller for the benchmark is account 1, user-admin of school 2, with a bearer token whose SHA-256
-- is :token_hash (the script makes the token).

\timing on
SET synchronous_commit = off;
SET maintenance_work_mem = '512MB';

-- Bulk load without the secondary indexes, then rebuild them exactly as the migrations define them.
CREATE TEMP TABLE bench_indexes AS
  SELECT indexname, indexdef FROM pg_indexes
  WHERE schemaname = current_schema() AND tablename IN ('accounts', 'memberships', 'role_assignments')
    AND indexname NOT IN (SELECT conname FROM pg_constraint);
DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexname FROM bench_indexes LOOP EXECUTE format('DROP INDEX %I', r.indexname); END LOOP;
END $$;

INSERT INTO organisations (id, name, templates, created_at)
VALUES (md5('bench-org')::uuid::text, 'Million Trust', 'school-trust', now());

-- Units: the root, schools, years (7 a school), classes (3,3,3,3,3,2,2 a school).
INSERT INTO units (id, organisation_id, parent_id, type, name, created_at)
VALUES (md5('bench-root')::uuid::text, md5('bench-org')::uuid::text, NULL, 'organisation', 'Million Trust', now());
INSERT INTO units (id, organisation_id, parent_id, type, name, created_at)
SELECT md5('school-' || s)::uuid::text, md5('bench-org')::uuid::text, md5('bench-root')::uuid::text, 'school',
       'School ' || s, now()
FROM generate_series(1, 400) s;
INSERT INTO units (id, organisation_id, parent_id, type, name, created_at)
SELECT md5('year-' || s || '-' || y)::uuid::text, md5('bench-org')::uuid::text, md5('school-' || s)::uuid::text,
       'year', 'Year ' || (y + 6), now()
FROM generate_series(1, 400) s, generate_series(1, 7) y;
INSERT INTO units (id, organisation_id, parent_id, type, name, created_at)
SELECT md5('class-' || s || '-' || y || '-' || c)::uuid::text, md5('bench-org')::uuid::text,
       md5('year-' || s || '-' || y)::uuid::text, 'class', (y + 6) || chr(64 + c), now()
FROM generate_series(1, 400) s, generate_series(1, 7) y, generate_series(1, 3) c
WHERE NOT (y >= 6 AND c = 3);

-- Accounts. Display names, with their folded forms (lower case, accents removed).
CREATE TEMP TABLE bench_first (n int, display text, folded text);
INSERT INTO bench_first
SELECT ordinality - 1, d, NULL FROM unnest(
  ARRAY['Olivia','Amelia','Isla','Ava','Mia','Zoë','Chloé','Sophie','Grace','Lily','Freya','Emily','Ivy','Ella',
        'Rosie','Noah','Oliver','George','Arthur','Leo','Muhammad','Harry','Oscar','Archie','Henry','Theo',
        'José','Jack','Charlie','Jacob','Thomas','Joshua','William','James','Isaac','Ibrahim','Aarav','Björn',
        'Siân','Niamh']) WITH ORDINALITY AS t(d, ordinality);
-- Accents off (what NFKD and dropping the marks do to these letters; ø has no mark and stays), then lower case.
UPDATE bench_first SET folded = lower(translate(display, 'àáâäãåçèéêëìíîïñòóôöõùúûüýÿÀÁÂÄÃÅÇÈÉÊËÌÍÎÏÑÒÓÔÖÕÙÚÛÜÝŞş', 'aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUYSs'));
CREATE TEMP TABLE bench_last (n int, display text, folded text);
INSERT INTO bench_last
SELECT ordinality - 1, d, NULL FROM unnest(
  ARRAY['Smith','Jones','Taylor','Brown','Williams','Wilson','Johnson','Davies','Patel','Robinson','Wright',
        'Thompson','Evans','Walker','White','Roberts','Green','Hall','Thomas','Clarke','Jackson','Wood','Harris',
        'Edwards','Turner','Martin','Cooper','Hill','Ward','Hughes','Moore','Clark','King','Harrison','Lewis',
        'Baker','Lee','Allen','Morris','Khan','Scott','Watson','Davis','Parker','James','Bennett','Young',
        'Müller','García','O''Brien','Núñez','Kowalski','Nowak','Çelik','Søren','Dubois','Lefèvre','Ó Súilleabháin',
        'Ahmed','Begum']) WITH ORDINALITY AS t(d, ordinality);
UPDATE bench_last SET folded = lower(translate(display, 'àáâäãåçèéêëìíîïñòóôöõùúûüýÿÀÁÂÄÃÅÇÈÉÊËÌÍÎÏÑÒÓÔÖÕÙÚÛÜÝŞş', 'aaaaaaceeeeiiiinooooouuuuyyAAAAAACEEEEIIIINOOOOOUUUUYSs'));

INSERT INTO accounts (id, email, email_key, first_name, last_name, job_title, notifications, search_text,
                      sort_key, created_at)
SELECT md5('acct-' || i)::uuid::text,
       f.folded || '.' || replace(replace(l.folded, ' ', ''), '''', '') || '.' || i || '@million.example',
       f.folded || '.' || replace(replace(l.folded, ' ', ''), '''', '') || '.' || i || '@million.example',
       f.display, l.display, 'Teacher', '',
       f.folded || ' ' || l.folded || ' ' || f.folded || '.' || replace(replace(l.folded, ' ', ''), '''', '') || '.'
         || i || '@million.example',
       l.folded || ' ' || f.folded, now()
FROM generate_series(1, 1000000) i
JOIN bench_first f ON f.n = abs(hashtext('first-' || i)) % 40
JOIN bench_last l ON l.n = abs(hashtext('last-' || i)) % 60;

INSERT INTO memberships (organisation_id, account_id, status, main_account_holder, created_at)
SELECT md5('bench-org')::uuid::text, md5('acct-' || i)::uuid::text, 'active', i = 1201, now()
FROM generate_series(1, 1000000) i;

-- Teachers: one class of their school; 30% also a year group of it. Each assignment carries its
-- account's sort key and search text, as the application writes them (migration V10).
INSERT INTO role_assignments (id, organisation_id, account_id, role_key, unit_id, created_at, sort_key, search_text)
SELECT md5('ra-class-' || i)::uuid::text, md5('bench-org')::uuid::text, md5('acct-' || i)::uuid::text, 'teacher',
       md5('class-' || (i % 400 + 1) || '-' || y || '-' || ((i / 2800) % (CASE WHEN y >= 6 THEN 2 ELSE 3 END) + 1))::uuid::text,
       now(), a.sort_key, a.search_text
FROM generate_series(1, 1000000) i JOIN accounts a ON a.id = md5('acct-' || i)::uuid::text, LATERAL (SELECT (i / 400) % 7 + 1 AS y) yy;
INSERT INTO role_assignments (id, organisation_id, account_id, role_key, unit_id, created_at, sort_key, search_text)
SELECT md5('ra-year-' || i)::uuid::text, md5('bench-org')::uuid::text, md5('acct-' || i)::uuid::text, 'teacher',
       md5('year-' || (i % 400 + 1) || '-' || ((i / 1200) % 7 + 1))::uuid::text, now(), a.sort_key, a.search_text
FROM generate_series(1, 1000000) i JOIN accounts a ON a.id = md5('acct-' || i)::uuid::text
WHERE i % 10 < 3;
-- School leadership and trust-wide administrators.
INSERT INTO role_assignments (id, organisation_id, account_id, role_key, unit_id, created_at, sort_key, search_text)
SELECT md5('ra-ua-' || i)::uuid::text, md5('bench-org')::uuid::text, md5('acct-' || i)::uuid::text, 'user-admin',
       md5('school-' || (i % 400 + 1))::uuid::text, now(), a.sort_key, a.search_text
FROM generate_series(1, 800) i JOIN accounts a ON a.id = md5('acct-' || i)::uuid::text;
INSERT INTO role_assignments (id, organisation_id, account_id, role_key, unit_id, created_at, sort_key, search_text)
SELECT md5('ra-head-' || i)::uuid::text, md5('bench-org')::uuid::text, md5('acct-' || i)::uuid::text, 'headteacher',
       md5('school-' || (i % 400 + 1))::uuid::text, now(), a.sort_key, a.search_text
FROM generate_series(801, 1200) i JOIN accounts a ON a.id = md5('acct-' || i)::uuid::text;
INSERT INTO role_assignments (id, organisation_id, account_id, role_key, unit_id, created_at, sort_key, search_text)
SELECT md5('ra-oa-' || i)::uuid::text, md5('bench-org')::uuid::text, md5('acct-' || i)::uuid::text, 'org-admin',
       md5('bench-root')::uuid::text, now(), a.sort_key, a.search_text
FROM generate_series(1201, 1203) i JOIN accounts a ON a.id = md5('acct-' || i)::uuid::text;

-- The signed-in school-level user-admin (account 1, school 2), and an org-admin (account 1201) for
-- the unfiltered comparison: only the tokens' SHA-256 is stored, as for any API token.
INSERT INTO api_tokens (token_hash, account_id, created_at, expires_at)
VALUES (:'token_hash', md5('acct-1')::uuid::text, now(), now() + interval '1 day'),
       (:'admin_token_hash', md5('acct-1201')::uuid::text, now(), now() + interval '1 day');

DO $$ DECLARE r record; BEGIN
  FOR r IN SELECT indexdef FROM bench_indexes LOOP EXECUTE r.indexdef; END LOOP;
END $$;
VACUUM ANALYZE accounts;
VACUUM ANALYZE memberships;
VACUUM ANALYZE role_assignments;
VACUUM ANALYZE units;

SELECT (SELECT count(*) FROM accounts) AS accounts, (SELECT count(*) FROM memberships) AS memberships,
       (SELECT count(*) FROM role_assignments) AS assignments, (SELECT count(*) FROM units) AS units,
       (SELECT count(DISTINCT v.account_id) FROM role_assignments v JOIN units u ON u.id = v.unit_id
         WHERE u.id = md5('school-2')::uuid::text OR u.parent_id = md5('school-2')::uuid::text
            OR u.parent_id IN (SELECT id FROM units WHERE parent_id = md5('school-2')::uuid::text)) AS visible_to_caller;
