-- Shared server state that must live in the database, so that several server instances behind
-- one load balancer agree on it. Portable SQL: runs on SQLite and PostgreSQL alike.

-- Fixed-window request counters (src/rate_limit.rs): one row per key and window.
-- `window_start` is in unix seconds; rows older than a day are purged periodically.
CREATE TABLE rate_limits (
    key TEXT NOT NULL,
    window_start BIGINT NOT NULL,
    count BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);

CREATE INDEX rate_limits_window_start ON rate_limits (window_start);
