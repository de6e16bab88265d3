-- The web panel: login accounts, server-side sessions, the audit log, and suspending a
-- showroom or disabling a person.

ALTER TABLE tenants ADD COLUMN suspended_at timestamptz;
ALTER TABLE users ADD COLUMN disabled_at timestamptz;

-- Login identities. A platform table like `tenants`: an email is looked up before the
-- tenant is known. A showroom member's account has the id of their `users` row (which holds
-- the role); an account without a tenant is a platform super admin, member of no showroom.
CREATE TABLE accounts (
    id                uuid PRIMARY KEY,
    tenant_id         uuid REFERENCES tenants (id),
    email             text NOT NULL UNIQUE,
    password_hash     text,
    totp_secret       text,
    totp_last_step    bigint,
    recovery_codes    text NOT NULL DEFAULT '[]',
    setup_token_hash  text UNIQUE,
    setup_expires_at  timestamptz,
    disabled_at       timestamptz,
    created_at        timestamptz NOT NULL
);
CREATE INDEX accounts_tenant_idx ON accounts (tenant_id);

-- Sessions are found by the hash of the cookie's value, never the value itself.
CREATE TABLE sessions (
    id_hash       text PRIMARY KEY,
    account_id    uuid NOT NULL REFERENCES accounts (id),
    stage         text NOT NULL CHECK (stage IN ('second_factor', 'enroll', 'full')),
    csrf_token    text NOT NULL,
    created_at    timestamptz NOT NULL,
    last_seen_at  timestamptz NOT NULL,
    ip            text,
    user_agent    text
);
CREATE INDEX sessions_account_idx ON sessions (account_id);

-- Who changed what, when and from where. Append-only for the app role. A showroom's entries
-- are visible inside its own tenant scope; the platform admin reads across tenants by
-- setting `app.platform` in its transaction.
CREATE TABLE audit_log (
    id            uuid PRIMARY KEY,
    tenant_id     uuid REFERENCES tenants (id),
    actor         text NOT NULL,
    action        text NOT NULL,
    target        text,
    before_value  text,
    after_value   text,
    ip            text,
    created_at    timestamptz NOT NULL
);
CREATE INDEX audit_log_tenant_idx ON audit_log (tenant_id, created_at);
CREATE INDEX audit_log_created_idx ON audit_log (created_at);

ALTER TABLE audit_log ENABLE ROW LEVEL SECURITY;
ALTER TABLE audit_log FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_or_platform ON audit_log
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid
           OR current_setting('app.platform', true) = 'on')
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid
                OR current_setting('app.platform', true) = 'on');

GRANT SELECT, INSERT, UPDATE ON accounts TO autolumiku_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sessions TO autolumiku_app;
GRANT SELECT, INSERT ON audit_log TO autolumiku_app;
GRANT UPDATE (name, suspended_at) ON tenants TO autolumiku_app;

-- The platform admin lists every showroom's people (names and roles) in the platform scope.
CREATE POLICY platform_read ON users FOR SELECT
    USING (current_setting('app.platform', true) = 'on');
