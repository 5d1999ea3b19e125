-- The user's side of a request (src/activation/) and the back office's identification
-- (src/activation/identification.rs). Portable SQL for SQLite and PostgreSQL; times are BIGINT
-- unix seconds, dates ISO text; ids are given by the application; 0/1 instead of booleans.

-- An account is a manager (orders for their organisations) or an operator (the back office:
-- records identifications). Existing accounts are managers.
ALTER TABLE managers ADD COLUMN role TEXT NOT NULL DEFAULT 'manager' CHECK (role IN ('manager', 'operator'));

-- The milestones of a request, next to its `status`: when the user confirmed the e-mail
-- address, verified the mobile number and ordered; the deadline of the identification of a
-- non-employee; when and why the request ended (issued, rejected, expired, cancelled).
ALTER TABLE requests ADD COLUMN email_confirmed_at BIGINT;
ALTER TABLE requests ADD COLUMN mobile_verified_at BIGINT;
ALTER TABLE requests ADD COLUMN user_ordered_at BIGINT;
ALTER TABLE requests ADD COLUMN identification_deadline BIGINT;
ALTER TABLE requests ADD COLUMN finished_at BIGINT;
ALTER TABLE requests ADD COLUMN end_reason TEXT;

CREATE INDEX requests_status ON requests (status);

-- Events may say more than their kind, e.g. the reason of a rejection. Never a secret.
ALTER TABLE request_events ADD COLUMN detail TEXT;

-- The SMS codes sent to verify a user's mobile number. Only the newest unused code of a
-- request counts. The code is stored as the SHA-256 of "{id}:{code}": it lives 10 minutes.
CREATE TABLE sms_codes (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL REFERENCES requests (id),
    code_hash TEXT NOT NULL,
    sent_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    wrong_attempts BIGINT NOT NULL DEFAULT 0,
    used_at BIGINT
);

CREATE INDEX sms_codes_request_id ON sms_codes (request_id, sent_at);

-- An issued eHerkenning means: who holds it for which organisation, at which level, valid
-- from/until (the ordered term, inclusive dates).
CREATE TABLE means (
    id TEXT PRIMARY KEY,
    request_id TEXT NOT NULL UNIQUE REFERENCES requests (id),
    kvk_number TEXT NOT NULL,
    organisation_name TEXT NOT NULL,
    branch_number TEXT,
    level TEXT NOT NULL,
    email TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    status TEXT NOT NULL CHECK (status IN ('active', 'revoked')),
    issued_at BIGINT NOT NULL,
    revoked_at BIGINT
);

CREATE INDEX means_kvk_number ON means (kvk_number);

-- The machtigingen of a means, with the same validity: all services, all services of a
-- provider (`subject` = its id), or one service (`subject` = its id). `label` is as shown.
CREATE TABLE means_authorisations (
    means_id TEXT NOT NULL REFERENCES means (id),
    position BIGINT NOT NULL,
    kind TEXT NOT NULL CHECK (kind IN ('all_services', 'provider', 'service')),
    subject TEXT NOT NULL,
    label TEXT NOT NULL,
    valid_from TEXT NOT NULL,
    valid_until TEXT NOT NULL,
    PRIMARY KEY (means_id, position)
);

-- The outcome of a non-employee's identification, as the operator recorded it. Of the
-- document only its type and the last 4 characters of its number are kept.
CREATE TABLE identifications (
    request_id TEXT PRIMARY KEY REFERENCES requests (id),
    outcome TEXT NOT NULL CHECK (outcome IN ('approved', 'rejected')),
    method TEXT NOT NULL CHECK (method IN ('in_person', 'video')),
    document_type TEXT NOT NULL CHECK (document_type IN ('passport', 'id_card')),
    document_last4 TEXT NOT NULL,
    name_matches BIGINT NOT NULL CHECK (name_matches IN (0, 1)),
    birth_date_matches BIGINT NOT NULL CHECK (birth_date_matches IN (0, 1)),
    reason TEXT,
    checked_by BIGINT NOT NULL REFERENCES managers (id),
    checked_at BIGINT NOT NULL
);
