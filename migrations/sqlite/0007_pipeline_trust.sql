-- Trust under load: a claim's fencing token, a paced send's reserved slot, a reply being sent,
-- and the tenant in every job's chat key. (PostgreSQL's twin says why.)

ALTER TABLE jobs ADD COLUMN lease_token TEXT;
ALTER TABLE jobs ADD COLUMN slot_at TEXT;
ALTER TABLE outbox ADD COLUMN sending_at TEXT;

UPDATE jobs SET chat_key = lower(hex(tenant_id)) || ':' || chat_key
    WHERE status IN ('pending', 'running');

CREATE INDEX jobs_dead_idx ON jobs (status) WHERE status = 'dead';
