-- Outgoing webhooks of API clients (issue 12, item 4): a client may name an HTTPS URL that is
-- told when one of its users' requests changes, signed with HMAC-SHA256.

-- The client whose token placed the order (through SCIM or the ordering API); NULL when a
-- manager ordered in the browser.
ALTER TABLE orders ADD COLUMN api_client_id TEXT;

-- The webhook: where to POST, and the signing secret (`whsec_…`, kept as is: the server signs
-- with it). What the page shows of the last delivery: when, the HTTP status (NULL when no answer
-- came), `delivered` or `failed`, and the failed attempts since the last success.
ALTER TABLE api_clients ADD COLUMN webhook_url TEXT;
ALTER TABLE api_clients ADD COLUMN webhook_secret TEXT;
ALTER TABLE api_clients ADD COLUMN webhook_last_at BIGINT;
ALTER TABLE api_clients ADD COLUMN webhook_last_status BIGINT;
ALTER TABLE api_clients ADD COLUMN webhook_last_outcome TEXT;
ALTER TABLE api_clients ADD COLUMN webhook_failures BIGINT NOT NULL DEFAULT 0;

-- The outbox learns the kind `webhook` (recipient: the client's id; subject: the event type;
-- body_text: the JSON payload). SQLite cannot change a CHECK constraint, so the table is
-- rebuilt, the same way on both databases; nothing references it.
CREATE TABLE outbox_next (
    id BIGINT PRIMARY KEY,
    kind TEXT NOT NULL CHECK (kind IN ('email', 'sms', 'webhook')),
    recipient TEXT NOT NULL,
    subject TEXT,
    body_text TEXT NOT NULL,
    body_html TEXT,
    dedupe_key TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    next_attempt_at BIGINT NOT NULL,
    sent_at BIGINT,
    failed_at BIGINT,
    last_error TEXT,
    locked_until BIGINT,
    stalled INTEGER NOT NULL DEFAULT 0,
    lease_owner TEXT
);

INSERT INTO outbox_next (id, kind, recipient, subject, body_text, body_html, dedupe_key,
    created_at, attempts, next_attempt_at, sent_at, failed_at, last_error, locked_until,
    stalled, lease_owner)
SELECT id, kind, recipient, subject, body_text, body_html, dedupe_key, created_at, attempts,
    next_attempt_at, sent_at, failed_at, last_error, locked_until, stalled, lease_owner
FROM outbox;

DROP TABLE outbox;
ALTER TABLE outbox_next RENAME TO outbox;

CREATE INDEX outbox_due ON outbox (next_attempt_at) WHERE sent_at IS NULL AND failed_at IS NULL;
CREATE INDEX outbox_stalled ON outbox (kind) WHERE stalled = 1;
