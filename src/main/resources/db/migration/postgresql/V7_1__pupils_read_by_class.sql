-- Pupils are only ever read a class or a school at a time (never the whole table), through
-- ix_pupils_class. Under load the planner otherwise picks a parallel sequential scan of every pupil
-- for a school's 40 classes (measured: 150-300 ms instead of 9 ms on 100,000 pupils), because
-- splitting the per-pupil result lookups across workers looks cheaper than it is.
ALTER TABLE pupils SET (parallel_workers = 0);
