-- Orders placed by managers, and one request per user (src/orders/). Portable SQL for SQLite and
-- PostgreSQL; times are BIGINT unix seconds; ids are given by the application.

-- An order as placed: what was chosen and the price it was placed at. `idempotency_key` is the
-- SPA's key for its draft: the same manager sending it again gets the same order back.
-- `request_hash` (SHA-256 of the normalised order) tells a retry from a different order that
-- reuses a key.
CREATE TABLE orders (
    order_number TEXT PRIMARY KEY,
    manager_id BIGINT NOT NULL REFERENCES managers (id),
    idempotency_key TEXT NOT NULL,
    request_hash TEXT NOT NULL,
    kvk_number TEXT NOT NULL,
    organisation_name TEXT NOT NULL,
    branch_number TEXT,
    level TEXT NOT NULL,
    term_years BIGINT NOT NULL,
    authorisations TEXT NOT NULL,
    quote TEXT NOT NULL,
    total_excl_vat BIGINT NOT NULL,
    total_incl_vat BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    UNIQUE (manager_id, idempotency_key)
);

CREATE INDEX orders_kvk_number ON orders (kvk_number);

-- One user's request for a means. The invitation link's token is stored only as its SHA-256.
CREATE TABLE requests (
    id TEXT PRIMARY KEY,
    order_number TEXT NOT NULL REFERENCES orders (order_number),
    position BIGINT NOT NULL,
    first_names TEXT NOT NULL,
    infix TEXT NOT NULL,
    last_name TEXT NOT NULL,
    birth_date TEXT NOT NULL,
    birth_place TEXT NOT NULL,
    email TEXT NOT NULL,
    mobile TEXT NOT NULL,
    employed BIGINT NOT NULL CHECK (employed IN (0, 1)),
    status TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    token_expires_at BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);

CREATE INDEX requests_order_number ON requests (order_number);
CREATE INDEX requests_email ON requests (email);

-- Every state change of a request, with its time and actor: the timeline and the audit trail.
CREATE TABLE request_events (
    request_id TEXT NOT NULL REFERENCES requests (id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    actor TEXT NOT NULL
);

CREATE INDEX request_events_request_id ON request_events (request_id);
