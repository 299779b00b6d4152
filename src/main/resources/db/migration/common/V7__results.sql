-- The results portal: pupils in classes, assessments with ordered bands, and one result per pupil
-- per assessment. A pupil's school and year are not stored: they follow from the class's place in
-- the unit tree, so moving a class moves its pupils' results with it.
CREATE TABLE pupils (
    id                  VARCHAR(36)  PRIMARY KEY,
    organisation_id     VARCHAR(36)  NOT NULL REFERENCES organisations (id),
    class_id            VARCHAR(36)  NOT NULL REFERENCES units (id),
    external_id         VARCHAR(255) NOT NULL,
    first_name          VARCHAR(200) NOT NULL,
    last_name           VARCHAR(200) NOT NULL,
    -- the OneRoster sourcedId, when the pupil came from a roster: a re-import updates, never duplicates
    source_id           VARCHAR(255),
    -- accent- and case-folded "first last externalId", for search
    search_text         VARCHAR(1000) NOT NULL,
    version             INTEGER      NOT NULL DEFAULT 0,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_pupils_external_id UNIQUE (organisation_id, external_id),
    CONSTRAINT uq_pupils_source_id UNIQUE (organisation_id, source_id)
);
CREATE INDEX ix_pupils_class ON pupils (class_id, last_name, first_name);

CREATE TABLE assessments (
    id                  VARCHAR(36)  PRIMARY KEY,
    organisation_id     VARCHAR(36)  NOT NULL REFERENCES organisations (id),
    name                VARCHAR(200) NOT NULL,
    taken_on            DATE         NOT NULL,
    -- bumped by every change to the results it aggregates (an upload, a pupil moving class or
    -- leaving): each node's cache of class totals compares it
    results_version     BIGINT       NOT NULL DEFAULT 0,
    created_by          VARCHAR(36),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_assessments_org ON assessments (organisation_id, taken_on);

-- Bands from lowest (seq 0) to highest.
CREATE TABLE assessment_bands (
    assessment_id       VARCHAR(36)  NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    seq                 INTEGER      NOT NULL,
    name                VARCHAR(100) NOT NULL,
    PRIMARY KEY (assessment_id, seq)
);

CREATE TABLE results (
    assessment_id       VARCHAR(36)  NOT NULL REFERENCES assessments (id) ON DELETE CASCADE,
    pupil_id            VARCHAR(36)  NOT NULL REFERENCES pupils (id) ON DELETE CASCADE,
    -- the pupil's class, kept in step when the pupil moves, so that an assessment's class totals
    -- are one scan of its results with no join
    class_id            VARCHAR(36)  NOT NULL,
    score               DECIMAL(12, 3) NOT NULL,
    band                INTEGER      NOT NULL,
    recorded_by         VARCHAR(36),
    recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (assessment_id, pupil_id)
);
CREATE INDEX ix_results_pupil ON results (pupil_id);
