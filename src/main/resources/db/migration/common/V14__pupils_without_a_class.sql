-- A roster's student with no class enrolment (valid OneRoster: a new pupil not placed yet) is placed at
-- their school, which comes from users.csv's orgSourcedIds (1.1) or roles.csv's student roles (1.2),
-- staged with them; and the report lists them as notices, apart from the problems that stop an import.
ALTER TABLE roster_staged_users ADD COLUMN school_source VARCHAR;
-- OneRoster 1.2: a pending user's name has characters a name may not have (reported if they are a student)
ALTER TABLE roster_staged_users ADD COLUMN bad_text BOOLEAN NOT NULL DEFAULT FALSE;
ALTER TABLE roster_staged_roles ADD COLUMN org_source VARCHAR;
ALTER TABLE import_errors ADD COLUMN notice BOOLEAN NOT NULL DEFAULT FALSE;
