-- Tenants, API keys, vehicles, their history and per-tenant display-id counters.
-- UUIDs are 16-byte blobs; timestamps are RFC 3339 text in UTC.

CREATE TABLE tenants (
    id          BLOB PRIMARY KEY NOT NULL,
    slug        TEXT NOT NULL UNIQUE,
    name        TEXT NOT NULL,
    created_at  TEXT NOT NULL
);

CREATE TABLE tenant_api_keys (
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    id          BLOB NOT NULL,
    key_hash    TEXT NOT NULL UNIQUE,
    key_prefix  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    revoked_at  TEXT,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE display_id_counters (
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    prefix      TEXT NOT NULL,
    last_value  INTEGER NOT NULL,
    PRIMARY KEY (tenant_id, prefix)
);

CREATE TABLE vehicles (
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    id               BLOB NOT NULL,
    display_id       TEXT NOT NULL,
    make             TEXT NOT NULL,
    model            TEXT NOT NULL,
    variant          TEXT,
    year             INTEGER NOT NULL,
    price            INTEGER NOT NULL CHECK (price >= 0),
    mileage_km       INTEGER CHECK (mileage_km >= 0),
    transmission     TEXT,
    fuel             TEXT,
    color            TEXT,
    plate            TEXT,
    engine_cc        INTEGER,
    status           TEXT NOT NULL,
    description      TEXT,
    tax_valid_until  TEXT,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    sold_at          TEXT,
    PRIMARY KEY (tenant_id, id)
);

CREATE UNIQUE INDEX vehicles_display_id_key ON vehicles (tenant_id, display_id);
CREATE UNIQUE INDEX vehicles_plate_key ON vehicles (tenant_id, plate)
    WHERE plate IS NOT NULL AND status <> 'deleted';
CREATE INDEX vehicles_list_idx ON vehicles (tenant_id, status, created_at);

CREATE TABLE vehicle_history (
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    id          BLOB NOT NULL,
    vehicle_id  BLOB NOT NULL,
    field       TEXT NOT NULL,
    old_value   TEXT,
    new_value   TEXT,
    actor       TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id)
);

CREATE INDEX vehicle_history_vehicle_idx ON vehicle_history (tenant_id, vehicle_id, created_at);
