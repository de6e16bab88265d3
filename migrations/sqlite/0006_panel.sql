-- The web panel: login accounts, server-side sessions, the audit log, and suspending a
-- showroom or disabling a person. (PostgreSQL's twin adds the audit log's RLS policy.)

ALTER TABLE tenants ADD COLUMN suspended_at TEXT;
ALTER TABLE users ADD COLUMN disabled_at TEXT;

CREATE TABLE accounts (
    id                BLOB PRIMARY KEY NOT NULL,
    tenant_id         BLOB REFERENCES tenants (id),
    email             TEXT NOT NULL UNIQUE,
    password_hash     TEXT,
    totp_secret       TEXT,
    totp_last_step    INTEGER,
    recovery_codes    TEXT NOT NULL DEFAULT '[]',
    setup_token_hash  TEXT UNIQUE,
    setup_expires_at  TEXT,
    disabled_at       TEXT,
    created_at        TEXT NOT NULL
);
CREATE INDEX accounts_tenant_idx ON accounts (tenant_id);

CREATE TABLE sessions (
    id_hash       TEXT PRIMARY KEY NOT NULL,
    account_id    BLOB NOT NULL REFERENCES accounts (id),
    stage         TEXT NOT NULL CHECK (stage IN ('second_factor', 'enroll', 'full')),
    csrf_token    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    ip            TEXT,
    user_agent    TEXT
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

CREATE TABLE audit_log (
    id            BLOB PRIMARY KEY NOT NULL,
    tenant_id     BLOB REFERENCES tenants (id),
    actor         TEXT NOT NULL,
    action        TEXT NOT NULL,
    target        TEXT,
    before_value  TEXT,
    after_value   TEXT,
    ip            TEXT,
    created_at    TEXT NOT NULL
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, created_at);
CREATE INDEX audit_log_created_idx ON audit_log (created_at);
