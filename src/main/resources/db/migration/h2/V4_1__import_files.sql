-- The uploaded file, kept with its job so that any node can run it, even after a restart.
CREATE TABLE import_files (
    job_id              VARCHAR(36)  PRIMARY KEY REFERENCES import_jobs (id) ON DELETE CASCADE,
    content_type        VARCHAR(100) NOT NULL,
    size_bytes          BIGINT       NOT NULL,
    content             BINARY LARGE OBJECT NOT NULL
);
