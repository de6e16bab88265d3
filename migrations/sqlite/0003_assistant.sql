-- The assistant: showroom profile, conversation state and mode, photos of a car, leads,
-- test drives, and the message a chat-listed car came from (so a replayed message never
-- lists the car twice).

ALTER TABLE tenants ADD COLUMN profile TEXT NOT NULL DEFAULT '{}';

ALTER TABLE conversations ADD COLUMN state TEXT NOT NULL DEFAULT '{}';
ALTER TABLE conversations ADD COLUMN mode TEXT NOT NULL DEFAULT 'bot' CHECK (mode IN ('bot', 'human'));
ALTER TABLE conversations ADD COLUMN human_until TEXT;
ALTER TABLE conversations ADD COLUMN updated_at TEXT;

ALTER TABLE vehicles ADD COLUMN source_ref TEXT;
CREATE UNIQUE INDEX vehicles_source_ref_key ON vehicles (tenant_id, source_ref) WHERE source_ref IS NOT NULL;

CREATE TABLE vehicle_photos (
    tenant_id    BLOB NOT NULL REFERENCES tenants (id),
    id           BLOB NOT NULL,
    vehicle_id   BLOB NOT NULL,
    position     INTEGER NOT NULL,
    storage_key  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id)
);
CREATE UNIQUE INDEX vehicle_photos_key ON vehicle_photos (tenant_id, vehicle_id, storage_key);

CREATE TABLE leads (
    tenant_id      BLOB NOT NULL REFERENCES tenants (id),
    id             BLOB NOT NULL,
    channel        TEXT NOT NULL,
    chat_id        TEXT NOT NULL,
    customer_name  TEXT,
    phone          TEXT,
    status         TEXT NOT NULL CHECK (status IN ('new', 'contacted', 'qualified', 'negotiating', 'won', 'lost')),
    interest       TEXT,
    budget         INTEGER CHECK (budget >= 0),
    vehicles       TEXT NOT NULL DEFAULT '[]',
    created_at     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX leads_chat_key ON leads (tenant_id, channel, chat_id);
CREATE INDEX leads_created_idx ON leads (tenant_id, created_at);

CREATE TABLE test_drives (
    tenant_id     BLOB NOT NULL REFERENCES tenants (id),
    id            BLOB NOT NULL,
    lead_id       BLOB NOT NULL,
    vehicle_id    BLOB,
    scheduled_at  TEXT NOT NULL,
    status        TEXT NOT NULL CHECK (status IN ('requested', 'confirmed', 'done', 'cancelled')),
    source_ref    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, lead_id) REFERENCES leads (tenant_id, id)
);
CREATE UNIQUE INDEX test_drives_source_key ON test_drives (tenant_id, source_ref);
