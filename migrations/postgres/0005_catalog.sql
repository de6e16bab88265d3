-- Custom domains of showroom catalogs. A platform table like `tenants`: it is read before a
-- tenant is known (from the request's Host), so it carries no RLS policy; the app reads it by
-- domain and writes it only from the command line and the platform admin.

CREATE TABLE tenant_domains (
    domain      text PRIMARY KEY,
    tenant_id   uuid NOT NULL REFERENCES tenants (id),
    created_at  timestamptz NOT NULL
);
CREATE INDEX tenant_domains_tenant_idx ON tenant_domains (tenant_id, created_at);

-- The catalog lists public cars of one tenant by status, newest or cheapest first.
CREATE INDEX vehicles_catalog_idx ON vehicles (tenant_id, status, price);

GRANT SELECT, INSERT, DELETE ON tenant_domains TO autolumiku_app;
