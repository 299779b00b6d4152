-- An upload is kept as ordered chunks of at most 1 MiB (imports.ImportJobs), so that storing and
-- reading it never holds it in memory whole: the PostgreSQL driver reads a BYTEA value all at once.
-- A file stored before this is moved as one chunk, however large; an empty file has no chunks.
CREATE TABLE import_file_chunks (
    job_id              VARCHAR(36)  NOT NULL REFERENCES import_jobs (id) ON DELETE CASCADE,
    seq                 INTEGER      NOT NULL,
    content             BINARY LARGE OBJECT NOT NULL,
    PRIMARY KEY (job_id, seq)
);
INSERT INTO import_file_chunks (job_id, seq, content)
SELECT job_id, 0, content FROM import_files WHERE size_bytes > 0;
ALTER TABLE import_files DROP COLUMN content;
