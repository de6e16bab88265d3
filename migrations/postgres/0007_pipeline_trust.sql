-- Trust under load: a claim's fencing token (only the worker holding the job may finish it),
-- a paced send's reserved slot (a limit we set delays a send and never spends its attempts),
-- a reply being sent (so a worker that died mid-send is reconciled from the provider's status
-- report instead of sending twice), and the tenant in every job's chat key (one showroom's
-- stuck chat never holds up another's).

ALTER TABLE jobs ADD COLUMN lease_token uuid;
ALTER TABLE jobs ADD COLUMN slot_at timestamptz;
ALTER TABLE outbox ADD COLUMN sending_at timestamptz;

UPDATE jobs SET chat_key = replace(tenant_id::text, '-', '') || ':' || chat_key
    WHERE status IN ('pending', 'running');

CREATE INDEX jobs_dead_idx ON jobs (status) WHERE status = 'dead';
