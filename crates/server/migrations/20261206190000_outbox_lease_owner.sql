-- Who holds an outbox message's lease: a worker's random token, so that a worker can renew the
-- leases of what it is still sending (every third of the lease) and record only its own
-- outcomes. A worker killed mid-send holds nothing for longer than one lease.
ALTER TABLE outbox ADD COLUMN lease_owner TEXT;
