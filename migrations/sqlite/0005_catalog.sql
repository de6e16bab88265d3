-- Custom domains of showroom catalogs. A platform table like `tenants`: it is read before a
-- tenant is known (from the request's Host), so it carries no tenant scope of its own.

CREATE TABLE tenant_domains (
    domain      TEXT PRIMARY KEY,
    tenant_id   BLOB NOT NULL REFERENCES tenants (id),
    created_at  TEXT NOT NULL
);
CREATE INDEX tenant_domains_tenant_idx ON tenant_domains (tenant_id, created_at);

-- The catalog lists public cars of one tenant by status, newest or cheapest first.
CREATE INDEX vehicles_catalog_idx ON vehicles (tenant_id, status, price);
