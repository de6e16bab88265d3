-- Staff users, per-tenant channel settings, conversations, the inbox/outbox and the job queue.

CREATE TABLE users (
    tenant_id           uuid NOT NULL REFERENCES tenants (id),
    id                  uuid NOT NULL,
    name                text NOT NULL,
    role                text NOT NULL CHECK (role IN ('owner', 'admin', 'staff')),
    phone               text,
    telegram_user_id    text,
    telegram_link_hash  text,
    created_at          timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX users_phone_key ON users (tenant_id, phone) WHERE phone IS NOT NULL;
CREATE UNIQUE INDEX users_telegram_key ON users (tenant_id, telegram_user_id) WHERE telegram_user_id IS NOT NULL;

-- Platform-level: looked up by provider ids before the tenant is known.
CREATE TABLE tenant_channels (
    tenant_id                 uuid PRIMARY KEY REFERENCES tenants (id),
    whatsapp_phone_number_id  text UNIQUE,
    whatsapp_access_token     text,
    telegram_bot_id           text UNIQUE,
    telegram_bot_token        text,
    telegram_secret_token     text,
    updated_at                timestamptz NOT NULL
);

CREATE TABLE conversations (
    tenant_id        uuid NOT NULL REFERENCES tenants (id),
    channel          text NOT NULL,
    chat_id          text NOT NULL,
    last_inbound_at  timestamptz,
    created_at       timestamptz NOT NULL,
    PRIMARY KEY (tenant_id, channel, chat_id)
);

CREATE TABLE inbox (
    tenant_id            uuid NOT NULL REFERENCES tenants (id),
    id                   uuid NOT NULL,
    channel              text NOT NULL,
    provider_message_id  text NOT NULL,
    chat_id              text NOT NULL,
    sender_id            text NOT NULL,
    sender_name          text,
    sender_role          text NOT NULL,
    message              text NOT NULL,
    sent_at              timestamptz NOT NULL,
    received_at          timestamptz NOT NULL,
    processed_at         timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE UNIQUE INDEX inbox_provider_key ON inbox (tenant_id, channel, provider_message_id);

CREATE TABLE outbox (
    tenant_id            uuid NOT NULL REFERENCES tenants (id),
    id                   uuid NOT NULL,
    channel              text NOT NULL,
    chat_id              text NOT NULL,
    message              text NOT NULL,
    status               text NOT NULL,
    provider_message_id  text,
    error                text,
    created_at           timestamptz NOT NULL,
    sent_at              timestamptz,
    PRIMARY KEY (tenant_id, id)
);
CREATE INDEX outbox_provider_idx ON outbox (provider_message_id);

-- Platform-level queue of work: pointers only, no message content.
CREATE TABLE jobs (
    id           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    queue        text NOT NULL,
    tenant_id    uuid NOT NULL,
    ref_id       uuid NOT NULL,
    chat_key     text NOT NULL,
    status       text NOT NULL,
    attempts     integer NOT NULL DEFAULT 0,
    run_at       timestamptz NOT NULL,
    lease_until  timestamptz,
    last_error   text,
    created_at   timestamptz NOT NULL
);
CREATE INDEX jobs_claim_idx ON jobs (queue, status, run_at);
CREATE INDEX jobs_chat_idx ON jobs (queue, chat_key, status);

ALTER TABLE users ENABLE ROW LEVEL SECURITY;
ALTER TABLE users FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON users
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE conversations ENABLE ROW LEVEL SECURITY;
ALTER TABLE conversations FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON conversations
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE inbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE inbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON inbox
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

ALTER TABLE outbox ENABLE ROW LEVEL SECURITY;
ALTER TABLE outbox FORCE ROW LEVEL SECURITY;
CREATE POLICY tenant_isolation ON outbox
    USING (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid)
    WITH CHECK (tenant_id = NULLIF(current_setting('app.tenant_id', true), '')::uuid);

GRANT SELECT, INSERT, UPDATE ON users, conversations, inbox, outbox TO autolumiku_app;
GRANT SELECT, INSERT, UPDATE ON tenant_channels TO autolumiku_app;
GRANT SELECT, INSERT, UPDATE ON jobs TO autolumiku_app;
