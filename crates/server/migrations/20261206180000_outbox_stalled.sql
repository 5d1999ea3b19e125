-- Messages that could not be delivered because their transport (the SMTP server, the SMS
-- gateway) could not be reached at all: once it answers again they are due at once instead of
-- waiting out their backoff (src/outbox/worker/run.rs).
ALTER TABLE outbox ADD COLUMN stalled INTEGER NOT NULL DEFAULT 0;
CREATE INDEX outbox_stalled ON outbox (kind) WHERE stalled = 1;
