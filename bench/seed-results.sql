-- Issue #6 benchmark data, on PostgreSQL, into a database the service has migrated:
-- one trust of 100 schools, each with Years 7-11 of 8 classes (4,000 classes), 25 pupils a class
-- (100,000 pupils), and 10 assessments with a result for every pupil (1,000,000 results).
-- Three viewers with API tokens: a teacher of one class, the headteacher of that school, and an
-- organisational overview of the whole trust. Tokens are stored as their SHA-256, as the service does.
\set ON_ERROR_STOP on
BEGIN;
INSERT INTO organisations (id, name, templates, created_at) VALUES ('bench-org', 'Bench Trust', 'school-trust', now());
INSERT INTO units (id, organisation_id, parent_id, type, name, created_at) VALUES ('root', 'bench-org', NULL, 'organisation', 'Bench Trust', now());
INSERT INTO units (id, organisation_id, parent_id, type, name, created_at)
  SELECT 's' || s, 'bench-org', 'root', 'school', 'School ' || s, now() FROM generate_series(1, 100) s;
INSERT INTO units (id, organisation_id, parent_id, type, name, created_at)
  SELECT 's' || s || 'y' || y, 'bench-org', 's' || s, 'year', 'Year ' || y, now()
  FROM generate_series(1, 100) s, generate_series(7, 11) y;
INSERT INTO units (id, organisation_id, parent_id, type, name, created_at)
  SELECT 's' || s || 'y' || y || 'c' || c, 'bench-org', 's' || s || 'y' || y, 'class', y || chr(64 + c), now()
  FROM generate_series(1, 100) s, generate_series(7, 11) y, generate_series(1, 8) c;
INSERT INTO pupils (id, organisation_id, class_id, external_id, first_name, last_name, search_text, created_at)
  SELECT 'p' || s || '-' || y || '-' || c || '-' || n, 'bench-org', 's' || s || 'y' || y || 'c' || c,
         'X' || s || '-' || y || '-' || c || '-' || n, 'Pupil', 'P' || n, 'pupil p' || n, now()
  FROM generate_series(1, 100) s, generate_series(7, 11) y, generate_series(1, 8) c, generate_series(1, 25) n;
INSERT INTO assessments (id, organisation_id, name, taken_on, created_at)
  SELECT 'a' || a, 'bench-org', 'Assessment ' || a, DATE '2026-09-01' + a, now() FROM generate_series(1, 10) a;
INSERT INTO assessment_bands (assessment_id, seq, name)
  SELECT 'a' || a, b, (ARRAY['below', 'at', 'above'])[b + 1] FROM generate_series(1, 10) a, generate_series(0, 2) b;
INSERT INTO results (assessment_id, pupil_id, class_id, score, band, recorded_at)
  SELECT 'a' || a, p.id, p.class_id, sc, CASE WHEN sc < 40 THEN 0 WHEN sc < 70 THEN 1 ELSE 2 END, now()
  FROM pupils p, generate_series(1, 10) a, LATERAL (SELECT (abs(hashtext(p.id || a)) % 101)::numeric AS sc) x
  WHERE p.organisation_id = 'bench-org';
INSERT INTO accounts (id, email, email_key, first_name, last_name, search_text, sort_key, created_at) VALUES
  ('teacher', 'teacher@bench.example', 'teacher@bench.example', 'Tess', 'Teacher', 'tess teacher', 'teacher tess', now()),
  ('head', 'head@bench.example', 'head@bench.example', 'Hal', 'Head', 'hal head', 'head hal', now()),
  ('overview', 'overview@bench.example', 'overview@bench.example', 'Olive', 'Overview', 'olive overview', 'overview olive', now());
INSERT INTO memberships (organisation_id, account_id, status, created_at)
  SELECT 'bench-org', id, 'active', now() FROM accounts WHERE id IN ('teacher', 'head', 'overview');
INSERT INTO role_assignments (id, organisation_id, account_id, role_key, unit_id, created_at, sort_key, search_text)
  SELECT r.id, 'bench-org', a.id, r.role_key, r.unit_id, now(), a.sort_key, a.search_text
  FROM (VALUES ('ra-teacher', 'teacher', 'teacher', 's1y7c1'), ('ra-head', 'head', 'headteacher', 's1'),
               ('ra-overview', 'overview', 'org-overview', 'root')) r(id, account_id, role_key, unit_id)
  JOIN accounts a ON a.id = r.account_id;
INSERT INTO api_tokens (token_hash, account_id, created_at, expires_at)
  SELECT encode(sha256(convert_to('bench-token-' || id, 'UTF8')), 'hex'), id, now(), now() + interval '1 day'
  FROM accounts WHERE id IN ('teacher', 'head', 'overview');
COMMIT;
ANALYZE;
