-- The assistant: showroom profile, conversation state and mode, photos of a car, leads,
-- test drives, and the message a chat-listed car came from (so a replayed message never
-- lists the car twice).

ALTER TABLE tenants ADD COLUMN profile text NOT NULL DEFAULT '{}';

ALTER TABLE conversations ADD COLUMN state text NOT NULL DEFAULT '{}';
ALTER TABLE conversations ADD COLUMN mode text NOT NULL DEFAULT 'bot' CHECK (mode IN ('bot', 'human'));
ALTER TABLE conversations ADD COLUMN human_until timestamptz;
ALTER TABLE conversations ADD COLUMN updated_at timestamptz;

ALTER TABLE vehicles ADD COLUMN source_ref text;
CREATE UNIQUE INDEX vehicles_source_ref_key ON vehicles (tenant_id, source_ref) WHERE source_ref IS NOT NULL;

CREATE TABLE vehicle_photos (
    tenant_id    uuid NOT NULL REFERENCES tenants (id),
    id           uuid NOT NULL,
    vehicle_id   uuid NOT NULL,
    position     bigint NOT NULL,
    storage_key  text NOT NULL,
    created_at   timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id)
);
CREATE UNIQUE INDEX vehicle_photos_key ON vehicle_photos (tenant_id, vehicle_id, storage_key);

CREATE TABLE leads (
    tenant_id      uuid NOT NULL REFERENCES tenants (id),
    id             uuid NOT NULL,
    channel        text NOT NULL,
    chat_id        text NOT NULL,
    customer_name  text,
    phone          text,
    status         text NOT NULL CHECK (status IN ('new', 'contacted', 'qualified', 'negotiating', 'won', 'lost')),
    interest       text,
    budget         bigint CHECK (budget >= 0),
    vehicles       text NOT NULL DEFAULT '[]',
    created_at     timestamptz NOT NULL,
    updated_at     timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX leads_chat_key ON leads (tenant_id, channel, chat_id);
CREATE INDEX leads_created_idx ON leads (tenant_id, created_at);

CREATE TABLE test_drives (
    tenant_id     uuid NOT NULL REFERENCES tenants (id),
    id            uuid NOT NULL,
    lead_id       uuid NOT NULL,
    vehicle_id    uuid,
    scheduled_at  timestamptz NOT NULL,
    status        text NOT NULL CHECK (status IN ('requested', 'confirmed', 'done', 'cancelled')),
    source_ref    text NOT NULL,
    created_at    timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id)
);
CREATE UNIQUE INDEX test_drives_source_key ON test_drives (tenant_id, source_ref);

ALTER TABLE vehicle_photos ENABLE ROW LEVEL SECURITY;
ALTER TABLE vehicle_photos FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON vehicle_photos
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE leads ENABLE ROW LEVEL SECURITY;
ALTER TABLE leads FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON leads
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE test_drives ENABLE ROW LEVEL SECURITY;
ALTER TABLE test_drives FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON test_drives
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE, DELETE ON vehicle_photos TO autolumiku_app;
GRANT SELECT, INSERT, UPDATE ON leads, test_drives TO autolumiku_app;
GRANT UPDATE (profile) ON tenants TO autolumiku_app;
