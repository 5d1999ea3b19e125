-- The audit log's free-text filter searches one folded column, like the users lists do
-- (`requests.search_text`): lower-cased and without accents by the application
-- (`domain::user::search_key`), so that SQLite (whose LOWER folds ASCII only) and PostgreSQL
-- find the same entries. Existing entries get the database's LOWER as a start.
ALTER TABLE audit_log ADD COLUMN search_text TEXT;
UPDATE audit_log SET search_text = LOWER(subject || ' ' || COALESCE(detail, ''));
