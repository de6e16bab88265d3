-- What the photo pipeline knows about each stored photo: size, analysis (quality flags,
-- same-photo hash, colour) and when its web and WhatsApp sizes were made.

CREATE TABLE photo_meta (
    tenant_id       BLOB NOT NULL REFERENCES tenants (id),
    id              BLOB NOT NULL,
    storage_key     TEXT NOT NULL,
    width           INTEGER NOT NULL,
    height          INTEGER NOT NULL,
    hash            TEXT NOT NULL,
    findings        TEXT NOT NULL,
    sizes_ready_at  TEXT,
    created_at      TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX photo_meta_key ON photo_meta (tenant_id, storage_key);
