-- The manager's year: a request may renew or replace an earlier means (issue 11). A renewal's
-- means is valid from the day after the old one ends and needs no identification while the old
-- one is valid; a change of level's new means replaces the old one when it is issued.

ALTER TABLE requests ADD COLUMN predecessor_means_id TEXT;
ALTER TABLE requests ADD COLUMN succession TEXT CHECK (succession IN ('renewal', 'level_change'));

-- Partial: nearly every request follows no means, and an index of them all would tell the
-- planner (after ANALYZE) that a lookup finds every request.
CREATE INDEX requests_predecessor ON requests (predecessor_means_id)
    WHERE predecessor_means_id IS NOT NULL;

ALTER TABLE means ADD COLUMN replaced_by TEXT;

-- The bulk actions on people: one row per action (its idempotency key), one per person once
-- done or skipped, written in the same transaction as the person's change, so a retry with the
-- same key goes on where the first attempt stopped.
CREATE TABLE bulk_actions (
    id TEXT PRIMARY KEY,
    manager_id BIGINT NOT NULL REFERENCES managers (id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    kind TEXT NOT NULL,
    people BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    finished_at BIGINT,
    result TEXT,
    UNIQUE (manager_id, idempotency_key)
);

CREATE TABLE bulk_action_people (
    action_id TEXT NOT NULL REFERENCES bulk_actions (id),
    request_id TEXT NOT NULL,
    position BIGINT NOT NULL,
    name TEXT NOT NULL,
    outcome TEXT NOT NULL,
    reason TEXT,
    message TEXT NOT NULL,
    order_number TEXT,
    PRIMARY KEY (action_id, request_id)
);

-- At most one renewal or change of level per means that is under way or done: two managers
-- renewing the same means at once cannot both succeed.
CREATE UNIQUE INDEX requests_one_successor ON requests (predecessor_means_id)
    WHERE predecessor_means_id IS NOT NULL AND status NOT IN ('cancelled', 'rejected', 'expired');
