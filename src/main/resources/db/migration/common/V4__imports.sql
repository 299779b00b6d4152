-- Bulk imports run as jobs that any node can pick up; a node that dies leaves its claim to lapse,
-- and the job runs again from the start (a real run applies in one transaction: all or nothing).
CREATE TABLE import_jobs (
    id                  VARCHAR(36)  PRIMARY KEY,
    organisation_id     VARCHAR(36)  NOT NULL REFERENCES organisations (id),
    started_by          VARCHAR(36)  NOT NULL,
    kind                VARCHAR(20)  NOT NULL,
    dry_run             BOOLEAN      NOT NULL,
    partial_apply       BOOLEAN      NOT NULL,
    options             VARCHAR(2000),
    status              VARCHAR(20)  NOT NULL,
    done                INTEGER      NOT NULL DEFAULT 0,
    total               INTEGER      NOT NULL DEFAULT 0,
    counts              VARCHAR(4000),
    message             VARCHAR(2000),
    attempts            INTEGER      NOT NULL DEFAULT 0,
    claimed_by          VARCHAR(100),
    claimed_until       TIMESTAMP WITH TIME ZONE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    started_at          TIMESTAMP WITH TIME ZONE,
    finished_at         TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_import_jobs_status ON import_jobs (status, created_at);
CREATE INDEX ix_import_jobs_org ON import_jobs (organisation_id, created_at);

CREATE TABLE import_errors (
    job_id              VARCHAR(36)  NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    seq                 INTEGER      NOT NULL,
    file_name           VARCHAR(200),
    row_number          INTEGER,
    column_name         VARCHAR(200),
    code                VARCHAR(64)  NOT NULL,
    message             VARCHAR(2000) NOT NULL,
    PRIMARY KEY (job_id, seq)
);
