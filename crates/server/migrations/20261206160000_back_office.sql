-- The back office (src/back_office/): roles as a set, the organisations the provider has
-- registered, and on whose authority each manager manages each organisation. Portable SQL for
-- SQLite and PostgreSQL; times are BIGINT unix seconds.

-- What an account may do. A manager (machtigingenbeheerder) holds `manager` alone; the
-- provider's staff hold `operator` (identifications), `admin` (onboarding) or both.
CREATE TABLE account_roles (
    manager_id BIGINT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    role TEXT NOT NULL CHECK (role IN ('manager', 'operator', 'admin')),
    PRIMARY KEY (manager_id, role)
);

INSERT INTO account_roles (manager_id, role) SELECT id, role FROM managers;

-- `managers.role` held one role; `account_roles` holds them all. (The column's CHECK is its
-- own, so SQLite drops it with the column.)
ALTER TABLE managers DROP COLUMN role;

-- An organisation the provider has registered (looked up in the KvK register at the time):
-- only a registered organisation can be given a manager. `name` and `place` are the register's
-- at registration; null for an organisation that had managers before registration existed.
CREATE TABLE organisations (
    kvk_number TEXT PRIMARY KEY CHECK (length(kvk_number) = 8),
    name TEXT,
    place TEXT,
    registered_at BIGINT NOT NULL,
    registered_by BIGINT REFERENCES managers (id) ON DELETE SET NULL
);

INSERT INTO organisations (kvk_number, registered_at)
    SELECT DISTINCT kvk_number, 0 FROM manager_organisations;

-- On whose authority a manager manages an organisation: the wettelijk vertegenwoordiger(s) who
-- signed the appointment (`representatives`, one name per line), whether one of them may sign
-- alone (`sole`) or they sign jointly (`joint`), and the reference of the signed authorisation.
-- One row per row of `manager_organisations` given by the back office; null for the rows made
-- before it (the demo, the command line).
CREATE TABLE manager_authorities (
    manager_id BIGINT NOT NULL REFERENCES managers (id) ON DELETE CASCADE,
    kvk_number TEXT NOT NULL,
    representatives TEXT NOT NULL,
    authority TEXT NOT NULL CHECK (authority IN ('sole', 'joint')),
    reference TEXT NOT NULL,
    appointed_by BIGINT REFERENCES managers (id) ON DELETE SET NULL,
    appointed_at BIGINT NOT NULL,
    PRIMARY KEY (manager_id, kvk_number)
);
