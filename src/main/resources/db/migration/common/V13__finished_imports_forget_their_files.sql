-- A finished import never reads its file again, and a roster holds pupils' names: from now on a job's
-- file is deleted when the job finishes (ImportJobs.finish). Files of jobs finished before go now.
DELETE FROM import_file_chunks WHERE job_id IN (SELECT id FROM import_jobs WHERE status IN ('succeeded', 'failed'));
