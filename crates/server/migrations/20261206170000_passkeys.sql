-- Passkeys (src/auth/passkey.rs): WebAuthn credentials as a second factor, which also sign in on
-- their own. Portable SQL for SQLite and PostgreSQL; times are BIGINT unix seconds.

-- The account's WebAuthn user handle (a random UUID, not its id): a passkey keeps it and gives
-- it back when it signs in without a password. Made at the account's first passkey.
ALTER TABLE managers ADD COLUMN webauthn_user_id TEXT;

CREATE UNIQUE INDEX managers_webauthn_user_id ON managers (webauthn_user_id);

-- A passkey: `passkey` is webauthn-rs's `Passkey` as JSON (public key, counter, …);
-- `credential_id` its credential id in base64url, unique across accounts.
CREATE TABLE passkeys (
    id BIGINT PRIMARY KEY,
    manager_id BIGINT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    credential_id TEXT NOT NULL UNIQUE,
    passkey TEXT NOT NULL,
    name TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT
);

CREATE INDEX passkeys_manager_id ON passkeys (manager_id);

-- A WebAuthn ceremony under way: the server's state (the challenge, as JSON) between its two
-- requests, under the SHA-256 (hex) of the token the client sends back; 5 minutes, once.
-- `manager_id` is null for a sign-in without password (the account is not known yet).
CREATE TABLE webauthn_ceremonies (
    token_hash TEXT PRIMARY KEY,
    purpose TEXT NOT NULL CHECK (purpose IN ('register', 'second_factor', 'sign_in')),
    manager_id BIGINT REFERENCES managers (id) ON DELETE CASCADE,
    state TEXT NOT NULL,
    expires_at BIGINT NOT NULL
);

CREATE INDEX webauthn_ceremonies_expires_at ON webauthn_ceremonies (expires_at);
