-- KvK's answers (src/kvk/cache.rs): an organisation with its branches as Middelpunt read it, by
-- KvK number, shared by every instance, so that the wizard's lookups, the order's own check and
-- Beheer cost one paid call per organisation per `MIDDELPUNT_KVK_CACHE_TTL` (a day). Only found
-- organisations are kept: "not found" and outages are asked again.
CREATE TABLE kvk_cache (
    kvk_number TEXT PRIMARY KEY,
    organisation TEXT NOT NULL,
    fetched_at BIGINT NOT NULL
);
