-- A second factor (identity.md section 1): TOTP, recovery codes, an organisation's policy, and
-- when a token last proved a second factor (step-up).

-- none | administrators | everyone
ALTER TABLE organisations ADD COLUMN mfa_required VARCHAR(20) DEFAULT 'none' NOT NULL;

-- When the token's holder last used a second factor (signing in with it counts); null when never.
ALTER TABLE api_tokens ADD COLUMN second_factor_at TIMESTAMP WITH TIME ZONE;

CREATE TABLE totp_factors (
    account_id          VARCHAR(36)  PRIMARY KEY REFERENCES accounts (id),
    -- the base32 secret, sealed with STAFFROOM_SECRET_KEY (system/secrets/SealedSecrets)
    secret_sealed       VARCHAR(500) NOT NULL,
    -- null while pending: enrolment is confirmed by a first code
    confirmed_at        TIMESTAMP WITH TIME ZONE,
    -- the 30-second step of the last code accepted, so no code is accepted twice
    last_used_step      BIGINT       DEFAULT 0 NOT NULL,
    created_at          TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Ten per account, each usable once; only a hash is kept.
CREATE TABLE recovery_codes (
    account_id          VARCHAR(36)  NOT NULL REFERENCES accounts (id),
    code_hash           VARCHAR(64)  NOT NULL,
    used_at             TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (account_id, code_hash)
);
