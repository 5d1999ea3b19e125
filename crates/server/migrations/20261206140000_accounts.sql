-- Real accounts (src/auth/setup.rs, src/auth/second_factor.rs): an account is created without a
-- password and set up through a one-time link; it can do nothing until it has a password and a
-- second factor, and every sign-in passes that second factor.

-- A one-time link to set up an account (purpose `setup`, valid 24 hours) or to choose a new
-- password (`reset`, valid one hour). Only the SHA-256 (hex) of the random token is stored.
-- `used_at` is set by a compare-and-set when the link is used, so a link works once.
CREATE TABLE account_links (
    token_hash TEXT PRIMARY KEY,
    manager_id BIGINT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    purpose TEXT NOT NULL CHECK (purpose IN ('setup', 'reset')),
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    used_at BIGINT
);

CREATE INDEX account_links_manager_id ON account_links (manager_id);

-- An authenticator app (TOTP, RFC 6238: SHA-1, 6 digits, 30 s steps). `secret` is base32.
-- `confirmed_at` is null until the account entered a first code from the app; only a
-- confirmed authenticator signs in. `last_step` is the last 30-second step accepted, so a
-- code is accepted once (RFC 6238 §5.2).
CREATE TABLE totp_authenticators (
    manager_id BIGINT PRIMARY KEY REFERENCES managers (id) ON DELETE CASCADE,
    secret TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    confirmed_at BIGINT,
    last_step BIGINT NOT NULL DEFAULT 0
);

-- Single-use recovery codes, shown once; only the SHA-256 (hex) of each is stored (a code holds
-- 50 random bits, so a fast hash suffices). `used_at` is set by a compare-and-set.
CREATE TABLE recovery_codes (
    manager_id BIGINT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    code_hash TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    used_at BIGINT,
    PRIMARY KEY (manager_id, code_hash)
);

-- When the session passed the second factor; null while only the password was given. Such a
-- session reaches nothing but the second factor's own endpoints.
ALTER TABLE sessions ADD COLUMN second_factor_at BIGINT;

-- The browser's `User-Agent` at sign-in (at most 300 characters), so that the account page can
-- tell the account's sessions apart ("Firefox on Windows").
ALTER TABLE sessions ADD COLUMN user_agent TEXT;

-- Sessions from before this change passed no second factor: they end.
DELETE FROM sessions;

-- When the account was suspended (`middelpunt-server admin suspend`); null while it is not.
-- A suspended account cannot sign in, its sessions end at once, and its links open nothing.
ALTER TABLE managers ADD COLUMN suspended_at BIGINT;
