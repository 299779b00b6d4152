-- A member asks for a role they cannot give themselves (rule 4); someone who may assign it decides.
CREATE TABLE access_requests (
    id                  VARCHAR(36)  PRIMARY KEY,
    organisation_id     VARCHAR(36)  NOT NULL REFERENCES organisations (id),
    account_id          VARCHAR(36)  NOT NULL,
    role_key            VARCHAR(64)  NOT NULL,
    unit_id             VARCHAR(36)  NOT NULL REFERENCES units (id),
    note                VARCHAR(1000),
    status              VARCHAR(20)  NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    decided_by          VARCHAR(36),
    decided_at          TIMESTAMP WITH TIME ZONE,
    CONSTRAINT fk_access_requests_membership FOREIGN KEY (organisation_id, account_id)
        REFERENCES memberships (organisation_id, account_id) ON DELETE CASCADE
);
CREATE INDEX ix_access_requests_org_status ON access_requests (organisation_id, status);
