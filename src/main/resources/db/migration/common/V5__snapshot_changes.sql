-- What each version of an organisation changed, so that a node whose snapshot is a few versions
-- old reloads only the members those versions touched, not the whole organisation.
CREATE TABLE snapshot_changes (
    organisation_id     VARCHAR(36)  NOT NULL,
    version             BIGINT       NOT NULL,
    subject_id          VARCHAR(36)  NOT NULL,
    recorded_at         TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (organisation_id, version, subject_id)
);
CREATE INDEX ix_snapshot_changes_recorded ON snapshot_changes (recorded_at);
