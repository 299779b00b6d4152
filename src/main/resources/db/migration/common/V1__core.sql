-- Staffroom core schema. Portable SQL: runs unchanged on H2 (PostgreSQL mode) and PostgreSQL 15.
-- Timestamps are UTC instants; ids are opaque strings (random UUIDs).

CREATE TABLE accounts (
    id                  VARCHAR(36)  PRIMARY KEY,
    email               VARCHAR(320) NOT NULL,
    email_key           VARCHAR(320) NOT NULL,
    first_name          VARCHAR(200) NOT NULL,
    last_name           VARCHAR(200) NOT NULL,
    job_title           VARCHAR(200),
    phone               VARCHAR(50),
    password_hash       VARCHAR(255),
    operator            BOOLEAN      NOT NULL DEFAULT FALSE,
    notifications       VARCHAR(1000) NOT NULL DEFAULT '',
    -- accent- and case-folded "first last email", for member search
    search_text         VARCHAR(1000) NOT NULL,
    sort_key            VARCHAR(500) NOT NULL,
    version             INTEGER      NOT NULL DEFAULT 0,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT uq_accounts_email_key UNIQUE (email_key)
);

CREATE TABLE organisations (
    id                  VARCHAR(36)  PRIMARY KEY,
    name                VARCHAR(200) NOT NULL,
    templates           VARCHAR(100) NOT NULL,
    invitation_days     INTEGER      NOT NULL DEFAULT 7,
    small_group_k       INTEGER      NOT NULL DEFAULT 5,
    -- bumped by every change that an access decision depends on; caches compare it
    version             BIGINT       NOT NULL DEFAULT 0,
    created_by          VARCHAR(36),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE units (
    id                  VARCHAR(36)  PRIMARY KEY,
    organisation_id     VARCHAR(36)  NOT NULL REFERENCES organisations (id),
    parent_id           VARCHAR(36)  REFERENCES units (id),
    type                VARCHAR(20)  NOT NULL,
    name                VARCHAR(200) NOT NULL,
    source_id           VARCHAR(255),
    archived            BOOLEAN      NOT NULL DEFAULT FALSE,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_units_organisation ON units (organisation_id);
CREATE INDEX ix_units_parent ON units (parent_id);

CREATE TABLE memberships (
    organisation_id     VARCHAR(36)  NOT NULL REFERENCES organisations (id),
    account_id          VARCHAR(36)  NOT NULL REFERENCES accounts (id),
    status              VARCHAR(20)  NOT NULL,
    main_account_holder BOOLEAN      NOT NULL DEFAULT FALSE,
    version             INTEGER      NOT NULL DEFAULT 0,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (organisation_id, account_id)
);
CREATE INDEX ix_memberships_account ON memberships (account_id);
CREATE INDEX ix_memberships_org_status ON memberships (organisation_id, status);

CREATE TABLE role_assignments (
    id                  VARCHAR(36)  PRIMARY KEY,
    organisation_id     VARCHAR(36)  NOT NULL,
    account_id          VARCHAR(36)  NOT NULL,
    role_key            VARCHAR(64)  NOT NULL,
    unit_id             VARCHAR(36)  NOT NULL REFERENCES units (id),
    granted_by          VARCHAR(36),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    CONSTRAINT fk_assignments_membership FOREIGN KEY (organisation_id, account_id)
        REFERENCES memberships (organisation_id, account_id) ON DELETE CASCADE,
    CONSTRAINT uq_assignments UNIQUE (organisation_id, account_id, role_key, unit_id)
);
CREATE INDEX ix_assignments_unit ON role_assignments (unit_id, account_id);
CREATE INDEX ix_assignments_org_role ON role_assignments (organisation_id, role_key, account_id);

CREATE TABLE custom_roles (
    organisation_id     VARCHAR(36)  NOT NULL REFERENCES organisations (id),
    role_key            VARCHAR(64)  NOT NULL,
    name                VARCHAR(200) NOT NULL,
    description         VARCHAR(1000) NOT NULL,
    unit_types          VARCHAR(100) NOT NULL,
    grants              VARCHAR(2000) NOT NULL,
    may_assign          VARCHAR(2000) NOT NULL,
    created_by          VARCHAR(36),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (organisation_id, role_key)
);

CREATE TABLE invitations (
    id                  VARCHAR(36)  PRIMARY KEY,
    organisation_id     VARCHAR(36)  NOT NULL REFERENCES organisations (id),
    account_id          VARCHAR(36)  NOT NULL REFERENCES accounts (id),
    token_hash          VARCHAR(64)  NOT NULL,
    status              VARCHAR(20)  NOT NULL,
    invited_by          VARCHAR(36),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    ended_at            TIMESTAMP WITH TIME ZONE,
    CONSTRAINT uq_invitations_token UNIQUE (token_hash)
);
CREATE INDEX ix_invitations_org_status ON invitations (organisation_id, status);
CREATE INDEX ix_invitations_account ON invitations (account_id);

-- Links of invitations that were resent: they answer "used", never "unknown".
CREATE TABLE retired_invitation_tokens (
    token_hash          VARCHAR(64)  PRIMARY KEY,
    invitation_id       VARCHAR(36)  NOT NULL REFERENCES invitations (id) ON DELETE CASCADE,
    retired_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- One-time tokens for signing in and confirming: only their SHA-256 is kept.
CREATE TABLE api_tokens (
    token_hash          VARCHAR(64)  PRIMARY KEY,
    account_id          VARCHAR(36)  NOT NULL REFERENCES accounts (id),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL
);
CREATE INDEX ix_api_tokens_account ON api_tokens (account_id);

CREATE TABLE password_resets (
    token_hash          VARCHAR(64)  PRIMARY KEY,
    account_id          VARCHAR(36)  NOT NULL REFERENCES accounts (id),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at             TIMESTAMP WITH TIME ZONE
);

CREATE TABLE email_changes (
    token_hash          VARCHAR(64)  PRIMARY KEY,
    account_id          VARCHAR(36)  NOT NULL REFERENCES accounts (id),
    new_email           VARCHAR(320) NOT NULL,
    new_email_key       VARCHAR(320) NOT NULL,
    requested_by        VARCHAR(36),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    expires_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    used_at             TIMESTAMP WITH TIME ZONE
);

CREATE TABLE sign_in_failures (
    throttle_key        VARCHAR(400) PRIMARY KEY,
    failures            INTEGER      NOT NULL,
    first_failure_at    TIMESTAMP WITH TIME ZONE NOT NULL,
    locked_until        TIMESTAMP WITH TIME ZONE
);

CREATE TABLE audit_entries (
    id                  BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    organisation_id     VARCHAR(36),
    at                  TIMESTAMP WITH TIME ZONE NOT NULL,
    actor_id            VARCHAR(36),
    actor_label         VARCHAR(320),
    via                 VARCHAR(20)  NOT NULL,
    action              VARCHAR(64)  NOT NULL,
    target_id           VARCHAR(36),
    target_label        VARCHAR(320),
    before_state        VARCHAR(20000),
    after_state         VARCHAR(20000)
);
CREATE INDEX ix_audit_org ON audit_entries (organisation_id, id);
CREATE INDEX ix_audit_target ON audit_entries (organisation_id, target_id);

-- The transactional outbox: an email is written with the change that causes it.
CREATE TABLE outbox_emails (
    id                  BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY,
    organisation_id     VARCHAR(36),
    recipient           VARCHAR(320) NOT NULL,
    subject             VARCHAR(500) NOT NULL,
    body_text           VARCHAR(20000) NOT NULL,
    body_html           VARCHAR(40000),
    status              VARCHAR(20)  NOT NULL,
    attempts            INTEGER      NOT NULL DEFAULT 0,
    next_attempt_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    claimed_by          VARCHAR(100),
    claimed_until       TIMESTAMP WITH TIME ZONE,
    last_error          VARCHAR(2000),
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL,
    sent_at             TIMESTAMP WITH TIME ZONE
);
CREATE INDEX ix_outbox_due ON outbox_emails (status, next_attempt_at);
