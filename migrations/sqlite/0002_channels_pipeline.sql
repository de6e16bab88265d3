-- Staff users, per-tenant channel settings, conversations, the inbox/outbox and the job queue.

CREATE TABLE users (
    tenant_id           BLOB NOT NULL REFERENCES tenants (id),
    id                  BLOB NOT NULL,
    name                TEXT NOT NULL,
    role                TEXT NOT NULL CHECK (role IN ('owner', 'admin', 'staff')),
    phone               TEXT,
    telegram_user_id    TEXT,
    telegram_link_hash  TEXT,
    created_at          TEXT NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX users_phone_key ON users (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX users_telegram_key ON users (tenant_id, telegram_user_id) WHERE telegram_user_id IS NOT NULL;

-- Platform-level: looked up by provider ids before the tenant is known.
CREATE TABLE tenant_channels (
    tenant_id                 BLOB PRIMARY KEY NOT NULL REFERENCES tenants (id),
    whatsapp_phone_number_id  TEXT UNIQUE,
    whatsapp_access_token     TEXT,
    telegram_bot_id           TEXT UNIQUE,
    telegram_bot_token        TEXT,
    telegram_secret_token     TEXT,
    updated_at                TEXT NOT NULL
);

CREATE TABLE conversations (
    tenant_id        BLOB NOT NULL REFERENCES tenants (id),
    channel          TEXT NOT NULL,
    chat_id          TEXT NOT NULL,
    last_inbound_at  TEXT,
    created_at       TEXT NOT NULL,
    PRIMARY KEY (tenant_id, channel, chat_id)
);

CREATE TABLE inbox (
    tenant_id            BLOB NOT NULL REFERENCES tenants (id),
    id                   BLOB NOT NULL,
    channel              TEXT NOT NULL,
    provider_message_id  TEXT NOT NULL,
    chat_id              TEXT NOT NULL,
    sender_id            TEXT NOT NULL,
    sender_name          TEXT,
    sender_role          TEXT NOT NULL,
    message              TEXT NOT NULL,
    sent_at              TEXT NOT NULL,
    received_at          TEXT NOT NULL,
    processed_at         TEXT,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX inbox_provider_key ON inbox (tenant_id, channel, provider_message_id);

CREATE TABLE outbox (
    tenant_id            BLOB NOT NULL REFERENCES tenants (id),
    id                   BLOB NOT NULL,
    channel              TEXT NOT NULL,
    chat_id              TEXT NOT NULL,
    message              TEXT NOT NULL,
    status               TEXT NOT NULL,
    provider_message_id  TEXT,
    error                TEXT,
    created_at           TEXT NOT NULL,
    sent_at              TEXT,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX outbox_provider_idx ON outbox (provider_message_id);

-- Platform-level queue of work: pointers only, no message content.
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    queue        TEXT NOT NULL,
    tenant_id    BLOB NOT NULL,
    ref_id       BLOB NOT NULL,
    chat_key     TEXT NOT NULL,
    status       TEXT NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    run_at       TEXT NOT NULL,
    lease_until  TEXT,
    last_error   TEXT,
    created_at   TEXT NOT NULL
);
CREATE INDEX jobs_claim_idx ON jobs (queue, status, run_at);
CREATE INDEX jobs_chat_idx ON jobs (queue, chat_key, status);
