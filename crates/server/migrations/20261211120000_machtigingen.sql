-- Machtigingen beheren (src/manage/machtigingen/): machtigingen added to a means after it was
-- issued, given a new last day or withdrawn; the additions' idempotency and price; co-managers.
-- Portable SQL for SQLite and PostgreSQL; times are BIGINT unix seconds, dates ISO text.

-- A machtiging's history: when and by whom it was added (null for those that came with the
-- means), when it was withdrawn (it stopped at once; `valid_until` is then that day), and for a
-- paid addition the end of the term it was paid for (the latest last day it may be given).
ALTER TABLE means_authorisations ADD COLUMN added_at BIGINT;
ALTER TABLE means_authorisations ADD COLUMN added_by BIGINT;
ALTER TABLE means_authorisations ADD COLUMN withdrawn_at BIGINT;
ALTER TABLE means_authorisations ADD COLUMN paid_until TEXT;

-- One change a manager asked for with an idempotency key (one means' addition, or a bulk
-- change): the same key again answers `result` (the JSON answered the first time) without doing
-- it twice. `request_hash` tells a retry from another change that reuses the key. The price is
-- kept for the invoice.
CREATE TABLE authorisation_changes (
    manager_id BIGINT NOT NULL REFERENCES managers (id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    kvk_numbers TEXT NOT NULL,
    total_excl_vat BIGINT NOT NULL,
    total_incl_vat BIGINT NOT NULL,
    result TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (manager_id, idempotency_key)
);

-- A user whom a manager made machtigingenbeheerder of the organisation of their means. The
-- account (`manager_id`) manages the organisation only while the means is active and valid:
-- the rights are read through this row (src/auth/), so the role ends with the means.
CREATE TABLE co_managers (
    manager_id BIGINT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    kvk_number TEXT NOT NULL,
    request_id TEXT NOT NULL UNIQUE REFERENCES requests (id),
    means_id TEXT NOT NULL REFERENCES means (id),
    appointed_by BIGINT REFERENCES managers (id) ON DELETE SET NULL,
    appointed_at BIGINT NOT NULL,
    PRIMARY KEY (manager_id, kvk_number)
);

-- Expiry warnings (src/activation/means_expiry.rs): which means were warned about at which
-- threshold (60 or 14 days before their last day), and the days whose warnings went out. The
-- instance that inserts a day's row sends that day's digests, in the same transaction as the
-- warnings and their messages: with several instances, each warning goes out once.
CREATE TABLE expiry_warnings (
    means_id TEXT NOT NULL REFERENCES means (id),
    threshold_days BIGINT NOT NULL,
    warned_on TEXT NOT NULL,
    PRIMARY KEY (means_id, threshold_days)
);

CREATE TABLE expiry_warning_days (
    day TEXT PRIMARY KEY,
    sent_at BIGINT NOT NULL,
    means_count BIGINT NOT NULL
);
