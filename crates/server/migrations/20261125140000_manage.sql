-- Beheer: "Gebruikers", "Lopende aanvragen" and the audit log (src/manage/). Portable SQL for
-- SQLite and PostgreSQL.

-- The lists filter and sort requests by organisation, level and name without joining the
-- order: these are copied from it at insert. `sort_name` is the Dutch sort key, lower-cased
-- without accents: last name, first names, infix ("de Vries, Anna" sorts under V).
-- `search_text` is the lower-cased, accent-free "name e-mail" the free-text filter searches.
ALTER TABLE requests ADD COLUMN kvk_number TEXT;
ALTER TABLE requests ADD COLUMN branch_number TEXT;
ALTER TABLE requests ADD COLUMN level TEXT;
ALTER TABLE requests ADD COLUMN sort_name TEXT;
ALTER TABLE requests ADD COLUMN search_text TEXT;
ALTER TABLE requests ADD COLUMN last_event_at BIGINT;

UPDATE requests SET
    kvk_number = (SELECT o.kvk_number FROM orders o WHERE o.order_number = requests.order_number),
    branch_number = (SELECT o.branch_number FROM orders o WHERE o.order_number = requests.order_number),
    level = (SELECT o.level FROM orders o WHERE o.order_number = requests.order_number),
    sort_name = LOWER(last_name || ' ' || first_names || ' ' || infix),
    search_text = LOWER(first_names || ' ' || infix || ' ' || last_name || ' ' || email),
    last_event_at = created_at;

CREATE INDEX requests_kvk_sort_name ON requests (kvk_number, sort_name);
CREATE INDEX requests_kvk_created_at ON requests (kvk_number, created_at);
CREATE INDEX requests_sort_name ON requests (sort_name);
CREATE INDEX requests_created_at ON requests (created_at);
CREATE INDEX means_valid_until ON means (valid_until);

-- Who did what and when, for the organisations concerned. Only ever added to: the application
-- has no statement that changes or deletes an entry. `id` is time-ordered and given by the
-- application; `actor` is `manager:{id}`; `detail` is JSON or text (a filter, old → new).
CREATE TABLE audit_log (
    id BIGINT PRIMARY KEY,
    at BIGINT NOT NULL,
    actor TEXT NOT NULL,
    actor_name TEXT NOT NULL,
    actor_email TEXT NOT NULL,
    kvk_number TEXT,
    action TEXT NOT NULL,
    subject TEXT NOT NULL,
    detail TEXT
);

CREATE INDEX audit_log_kvk_at ON audit_log (kvk_number, at);
CREATE INDEX audit_log_actor_at ON audit_log (actor, at);

-- The order of a request's events within one second: time-ordered ids from the application.
ALTER TABLE request_events ADD COLUMN id BIGINT;
