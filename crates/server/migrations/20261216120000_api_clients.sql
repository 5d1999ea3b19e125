-- API clients ("Koppelingen", issue 12): a manager's standing connection for one organisation,
-- through which an HR system or identity provider orders and revokes means (SCIM 2.0 at
-- /scim/v2, and the ordering API with a bearer token).

CREATE TABLE api_clients (
    id TEXT PRIMARY KEY,
    kvk_number TEXT NOT NULL,
    manager_id BIGINT NOT NULL REFERENCES managers (id),
    name TEXT NOT NULL,
    -- The permissions' words, comma-separated in the vocabulary's order.
    permissions TEXT NOT NULL,
    -- The provisioning profile as JSON (api::clients::ProvisioningProfile).
    profile TEXT NOT NULL,
    expires_on TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    revoked_at BIGINT,
    last_used_at BIGINT
);

CREATE INDEX api_clients_kvk ON api_clients (kvk_number, created_at);

-- Secrets only as SHA-256 hashes (they are 256 random bits: no slow hash needed). The current
-- one has no end; a rotated one ends `valid_until`.
CREATE TABLE api_client_secrets (
    hash TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES api_clients (id),
    hint TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    valid_until BIGINT
);

CREATE INDEX api_client_secrets_client ON api_client_secrets (client_id);

-- The users a client created through SCIM: the identity provider's record of them as it last
-- sent it (`resource`, JSON, without what the server derives), the request ordered for them
-- (none while the provider wants them inactive), and the version behind the ETag.
CREATE TABLE scim_users (
    id TEXT PRIMARY KEY,
    client_id TEXT NOT NULL REFERENCES api_clients (id),
    user_name TEXT NOT NULL,
    -- Lower-cased: userName is unique and not case-exact (RFC 7643 §4.1.1).
    user_name_key TEXT NOT NULL,
    external_id TEXT,
    resource TEXT NOT NULL,
    request_id TEXT,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL,
    UNIQUE (client_id, user_name_key)
);

CREATE INDEX scim_users_external ON scim_users (client_id, external_id);
CREATE INDEX scim_users_request ON scim_users (request_id);
