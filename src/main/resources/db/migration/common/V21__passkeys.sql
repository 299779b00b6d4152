-- Passkeys (identity.md section 1), in the tables that Spring Security's WebAuthn support reads and
-- writes (JdbcPublicKeyCredentialUserEntityRepository, JdbcUserCredentialRepository), so every node
-- accepts every passkey. A user entity's name is the account's email key, the pages' username.
CREATE TABLE user_entities (
    id                           VARCHAR(1000) NOT NULL,
    name                         VARCHAR(320)  NOT NULL,
    display_name                 VARCHAR(400),
    PRIMARY KEY (id)
);
CREATE UNIQUE INDEX uq_user_entities_name ON user_entities (name);

CREATE TABLE user_credentials (
    credential_id                VARCHAR(1000) NOT NULL,
    user_entity_user_id          VARCHAR(1000) NOT NULL,
    public_key                   BYTEA NOT NULL,
    signature_count              BIGINT,
    uv_initialized               BOOLEAN,
    backup_eligible              BOOLEAN       NOT NULL,
    authenticator_transports     VARCHAR(1000),
    public_key_credential_type   VARCHAR(100),
    backup_state                 BOOLEAN       NOT NULL,
    attestation_object           BYTEA,
    attestation_client_data_json BYTEA,
    created                      TIMESTAMP,
    last_used                    TIMESTAMP,
    label                        VARCHAR(1000) NOT NULL,
    PRIMARY KEY (credential_id)
);
CREATE INDEX ix_user_credentials_user ON user_credentials (user_entity_user_id);
