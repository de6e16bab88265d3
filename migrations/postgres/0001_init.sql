-- Tenants, API keys, vehicles, their history and per-tenant display-id counters.
-- Tenant tables: tenant_id leads the key; RLS enabled and forced; the app role owns nothing.

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'autolumiku_app') THEN
        CREATE ROLE autolumiku_app NOLOGIN;
    END IF;
END
$$;

CREATE TABLE tenants (
    id          uuid PRIMARY KEY,
    slug        text NOT NULL UNIQUE,
    name        text NOT NULL,
    created_at  timestamptz NOT NULL
);

CREATE TABLE tenant_api_keys (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL,
    key_hash    text NOT NULL UNIQUE,
    key_prefix  text NOT NULL,
    created_at  timestamptz NOT NULL,
    revoked_at  timestamptz,
    PRIMARY KEY (tenant_id, id)
);

CREATE TABLE display_id_counters (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    prefix      text NOT NULL,
    last_value  bigint NOT NULL,
    PRIMARY KEY (tenant_id, prefix)
);

CREATE TABLE vehicles (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    id               uuid NOT NULL,
    display_id       text NOT NULL,
    make             text NOT NULL,
    model            text NOT NULL,
    variant          text,
    year             integer NOT NULL,
    price            bigint NOT NULL CHECK (price >= 0),
    mileage_km       bigint CHECK (mileage_km >= 0),
    transmission     text,
    fuel             text,
    color            text,
    plate            text,
    engine_cc        integer,
    status           text NOT NULL,
    description      text,
    tax_valid_until  date,
    created_at       timestamptz NOT NULL,
    updated_at       timestamptz NOT NULL,
    sold_at          timestamptz,
    PRIMARY KEY (tenant_id, id)
);

CREATE UNIQUE INDEX vehicles_display_id_key ON vehicles (tenant_id, display_id);
CREATE UNIQUE INDEX vehicles_plate_key ON vehicles (tenant_id, plate)
    WHERE plate IS NOT NULL AND status <> 'deleted';
CREATE INDEX vehicles_list_idx ON vehicles (tenant_id, status, created_at);

CREATE TABLE vehicle_history (
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    id          uuid NOT NULL,
    vehicle_id  uuid NOT NULL,
    field       text NOT NULL,
    old_value   text,
    new_value   text,
    actor       text NOT NULL,
    created_at  timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id),
    FOREIGN KEY (tenant_id, vehicle_id) REFERENCES vehicles (tenant_id, id)
);

CREATE INDEX vehicle_history_vehicle_idx ON vehicle_history (tenant_id, vehicle_id, created_at);

-- Row-level security on every tenant table. An unset app.tenant_id matches nothing.
ALTER TABLE display_id_counters ENABLE ROW LEVEL SECURITY;
ALTER TABLE display_id_counters FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON display_id_counters
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE vehicles ENABLE ROW LEVEL SECURITY;
ALTER TABLE vehicles FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON vehicles
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE vehicle_history ENABLE ROW LEVEL SECURITY;
ALTER TABLE vehicle_history FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON vehicle_history
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

GRANT SELECT, INSERT ON tenants, tenant_api_keys TO autolumiku_app;
GRANT SELECT, INSERT, UPDATE ON display_id_counters TO autolumiku_app;
GRANT SELECT, INSERT, UPDATE ON vehicles TO autolumiku_app;
GRANT SELECT, INSERT ON vehicle_history TO autolumiku_app;
