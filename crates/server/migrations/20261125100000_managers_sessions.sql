-- The manager's account (src/auth/): managers, the organisations each manages, their sessions
-- and the failed logins for e-mail addresses that have no account. Portable SQL: runs on SQLite
-- and PostgreSQL alike; times are BIGINT unix seconds.

-- A machtigingenbeheerder. `email` is stored lower-cased; `password_hash` is an argon2id PHC
-- string; `level` is the manager's own assurance level, the highest they may order at.
-- `failed_logins` counts failed logins in a row; at 5 the account is locked until `locked_until`.
-- Ids are given by the application (src/auth/mod.rs: `create_manager`), as no auto-increment
-- syntax is shared by SQLite and PostgreSQL.
CREATE TABLE managers (
    id BIGINT PRIMARY KEY,
    email TEXT NOT NULL UNIQUE,
    display_name TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    level TEXT NOT NULL CHECK (level IN ('EH2', 'EH2+', 'EH3')),
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT,
    created_at BIGINT NOT NULL
);

-- The organisations (KvK numbers, 8 digits) a manager may order for.
CREATE TABLE manager_organisations (
    manager_id BIGINT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    kvk_number TEXT NOT NULL CHECK (length(kvk_number) = 8),
    PRIMARY KEY (manager_id, kvk_number)
);

-- Server sessions, shared by every instance. Only the SHA-256 (hex) of the random session token
-- is stored, so a copy of this table opens no session. A session ends at `expires_at` (8 hours
-- after login) or 30 minutes after `last_seen_at`, whichever comes first.
CREATE TABLE sessions (
    token_hash TEXT PRIMARY KEY,
    manager_id BIGINT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    last_seen_at BIGINT NOT NULL
);

CREATE INDEX sessions_manager_id ON sessions (manager_id);
CREATE INDEX sessions_expires_at ON sessions (expires_at);

-- Failed logins for e-mail addresses without an account, keyed by the SHA-256 (hex) of the
-- lower-cased address, so that they are locked exactly like accounts and a lock does not reveal
-- whether an account exists. Purged a day after the last failure.
CREATE TABLE login_failures (
    email_hash TEXT PRIMARY KEY,
    failed_logins BIGINT NOT NULL,
    locked_until BIGINT,
    updated_at BIGINT NOT NULL
);

CREATE INDEX login_failures_updated_at ON login_failures (updated_at);
