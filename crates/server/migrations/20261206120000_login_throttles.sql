-- Failed logins per account and per network address (src/auth/lockout.rs), replacing the lock
-- of a whole account: five wrong passwords from one address slowed that account down for
-- everyone, which anyone could repeat to keep a manager out. Now only the address that failed
-- waits, longer with every failure (1, 2, 4, 8, then 15 minutes), and a sign-in from it starts
-- afresh. `subject` is `manager:{id}`, or `email:{sha256 of the address}` for an e-mail address
-- without an account, treated alike so that a wait reveals nothing. `address` is the IPv4
-- address or the IPv6 /64. Rows are purged a day after their last failure.
CREATE TABLE login_throttles (
    subject TEXT NOT NULL,
    address TEXT NOT NULL,
    failures BIGINT NOT NULL,
    locked_until BIGINT,
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (subject, address)
);

CREATE INDEX login_throttles_updated_at ON login_throttles (updated_at);

DROP TABLE login_failures;
ALTER TABLE managers DROP COLUMN failed_logins;
ALTER TABLE managers DROP COLUMN locked_until;
