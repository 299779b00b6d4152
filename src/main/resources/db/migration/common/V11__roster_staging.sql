-- Where a roster import keeps its students and enrolments while it checks them, so that what it holds
-- in memory does not grow with the package (issue #5): the duplicate, reference and class-choice checks
-- over them are made in SQL. Rows live only inside the import's own transaction. On PostgreSQL each run
-- stages into temporary tables of the same shape (ON COMMIT DROP: no WAL, no vacuum, no clean-up); on
-- H2 into these, under the run's id, and they are emptied before the transaction ends.
CREATE TABLE roster_staged_users (
    run_id              VARCHAR(36)  NOT NULL,
    row_number          INTEGER      NOT NULL,
    source_id           VARCHAR      NOT NULL,
    -- a student (staged with what making them a pupil needs), or a member of staff (the id only)
    student             BOOLEAN      NOT NULL,
    deleted             BOOLEAN      NOT NULL,
    -- a student row with a problem already reported (a name missing): never a pupil
    invalid             BOOLEAN      NOT NULL,
    first_name          VARCHAR,
    last_name           VARCHAR,
    external_id         VARCHAR,
    -- set once all rows are staged: a sourcedId or identifier already on an earlier row (reported)
    repeated            BOOLEAN      NOT NULL DEFAULT FALSE,
    -- OneRoster 1.2: a user with no staff role, a student only if roles.csv gives them a student role
    -- (found in SQL once roles.csv and users.csv are staged); has_roles: a staff role ended there
    pending             BOOLEAN      NOT NULL DEFAULT FALSE,
    has_roles           BOOLEAN      NOT NULL DEFAULT FALSE
);
CREATE INDEX ix_roster_staged_users_source ON roster_staged_users (run_id, source_id);
CREATE INDEX ix_roster_staged_users_external ON roster_staged_users (run_id, external_id);

CREATE TABLE roster_staged_enrolments (
    run_id              VARCHAR(36)  NOT NULL,
    row_number          INTEGER      NOT NULL,
    source_id           VARCHAR      NOT NULL,
    -- set for an active student enrolment in a known class, the ones that choose a pupil's class
    student_source      VARCHAR,
    class_source        VARCHAR,
    homeroom            BOOLEAN,
    -- the import's fixed-size Bloom filter says this sourcedId may be on an earlier row: only these
    -- are looked at for duplicates
    seen_before         BOOLEAN      NOT NULL
);
CREATE INDEX ix_roster_staged_enrolments_source ON roster_staged_enrolments (run_id, source_id);
CREATE INDEX ix_roster_staged_enrolments_student ON roster_staged_enrolments (run_id, student_source);

-- OneRoster 1.2's roles.csv rows that make no member of staff (students', guardians'...), by user.
CREATE TABLE roster_staged_roles (
    run_id              VARCHAR(36)  NOT NULL,
    user_source         VARCHAR      NOT NULL,
    student             BOOLEAN      NOT NULL
);
CREATE INDEX ix_roster_staged_roles_user ON roster_staged_roles (run_id, user_source);

-- Pupils imported before who enrol in a delta without a users.csv row: the class each moves to.
CREATE TABLE roster_staged_moves (
    run_id              VARCHAR(36)  NOT NULL,
    student_source      VARCHAR      NOT NULL,
    class_source        VARCHAR      NOT NULL
);
CREATE INDEX ix_roster_staged_moves_student ON roster_staged_moves (run_id, student_source);
