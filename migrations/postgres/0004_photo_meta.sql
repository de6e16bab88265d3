-- What the photo pipeline knows about each stored photo: size, analysis (quality flags,
-- same-photo hash, colour) and when its web and WhatsApp sizes were made.

CREATE TABLE photo_meta (
    tenant_id       uuid NOT NULL REFERENCES tenants (id),
    id              uuid NOT NULL,
    storage_key     text NOT NULL,
    width           bigint NOT NULL,
    height          bigint NOT NULL,
    hash            text NOT NULL,
    findings        text NOT NULL,
    sizes_ready_at  timestamptz,
    created_at      timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX photo_meta_key ON photo_meta (tenant_id, storage_key);

ALTER TABLE photo_meta ENABLE ROW LEVEL SECURITY;
ALTER TABLE photo_meta FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON photo_meta
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE, DELETE ON photo_meta TO autolumiku_app;
