-- KvK's answers now carry the day the register lists an organisation as ended (`ended_on`, read
-- from `materieleRegistratie.datumEinde` and the owner's `datumUitschrijving`). An answer kept
-- before did not read those fields and would say "not ended" for an organisation that has
-- ended: every kept answer is dropped, and asked of KvK again on its next lookup.
DELETE FROM kvk_cache;
