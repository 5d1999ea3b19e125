-- Beheer at scale (cargo xtask bench beheer): the lists pick a page's keys from an index alone.
-- By name, in order, with the organisation and status to filter on: a page deep in the list
-- skips index entries, not rows.
CREATE INDEX requests_list_name ON requests (sort_name, id, kvk_number, status);
-- Counting and filtering by organisation, status, level and free text without reading rows.
CREATE INDEX requests_list_filter ON requests (kvk_number, status, level, search_text, id);
