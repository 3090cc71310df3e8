-- The sync relay's schema. The server holds only what it needs to relay: who may sign
-- in (an Argon2id hash of a key derived from the password, never the password), the
-- devices and their hashed tokens, and per workspace an append-only log of sealed
-- changes, sealed blobs and a sealed snapshot it cannot open.
--
-- The workspace id is the natural shard key: every change, blob and snapshot is
-- reached through it and nothing joins across workspaces, so the log, blobs and
-- snapshots can be split by workspace id across databases.
--
-- Deleting an account deletes every row of it: each table reaches the account by
-- ON DELETE CASCADE. Times are Unix milliseconds from the server's clock.

CREATE TABLE accounts (
    id TEXT PRIMARY KEY,
    -- Trimmed and lower-cased, as the client derives the sign-in key from it.
    email TEXT NOT NULL UNIQUE,
    -- The PHC string of Argon2id over the client's auth key.
    auth_hash TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE workspaces (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL UNIQUE REFERENCES accounts (id) ON DELETE CASCADE,
    -- The workspace key wrapped by the password and by the recovery key (JSON of
    -- onno_sync::wire::WorkspaceKeys); the server can open neither.
    wrapped_keys TEXT NOT NULL,
    -- The newest change format seen; older clients are refused ("update Onno").
    schema_version INTEGER NOT NULL,
    -- The log's highest sequence number. Pushes lock this row and raise it in the
    -- transaction that stores their changes, so numbers are gap-free and commit in
    -- order: a reader never sees seq n+1 before seq n.
    latest_seq BIGINT NOT NULL DEFAULT 0,
    created_at_ms BIGINT NOT NULL
);

CREATE TABLE devices (
    id TEXT PRIMARY KEY,
    account_id TEXT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    name TEXT NOT NULL,
    created_at_ms BIGINT NOT NULL,
    last_seen_at_ms BIGINT NOT NULL,
    -- Set when signed out or revoked; its tokens are deleted at the same time.
    revoked_at_ms BIGINT
);
CREATE INDEX devices_by_account ON devices (account_id);

-- Tokens are kept as SHA-256 of the random 256-bit value: a copy of the database
-- signs nobody in.
CREATE TABLE access_tokens (
    token_hash BYTEA PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX access_tokens_by_device ON access_tokens (device_id);

CREATE TABLE refresh_tokens (
    token_hash BYTEA PRIMARY KEY,
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    expires_at_ms BIGINT NOT NULL
);
CREATE INDEX refresh_tokens_by_device ON refresh_tokens (device_id);

CREATE TABLE changes (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    seq BIGINT NOT NULL,
    -- The client's id for the change: a repeated push stores nothing twice.
    change_id TEXT NOT NULL,
    device_id TEXT NOT NULL REFERENCES devices (id) ON DELETE CASCADE,
    row_tag TEXT NOT NULL,
    hlc TEXT NOT NULL,
    nonce BYTEA NOT NULL,
    ciphertext BYTEA NOT NULL,
    schema_version INTEGER NOT NULL,
    PRIMARY KEY (workspace_id, seq),
    UNIQUE (workspace_id, change_id)
);

CREATE TABLE blobs (
    workspace_id TEXT NOT NULL REFERENCES workspaces (id) ON DELETE CASCADE,
    tag TEXT NOT NULL,
    -- Set when the upload is complete; until then counted from the chunks.
    chunks INTEGER,
    total_bytes BIGINT,
    complete BOOLEAN NOT NULL DEFAULT FALSE,
    created_at_ms BIGINT NOT NULL,
    PRIMARY KEY (workspace_id, tag)
);

CREATE TABLE blob_chunks (
    workspace_id TEXT NOT NULL,
    tag TEXT NOT NULL,
    idx INTEGER NOT NULL,
    data BYTEA NOT NULL,
    PRIMARY KEY (workspace_id, tag, idx),
    FOREIGN KEY (workspace_id, tag) REFERENCES blobs (workspace_id, tag) ON DELETE CASCADE
);

-- Only the latest snapshot is kept: a new device starts from it.
CREATE TABLE snapshots (
    workspace_id TEXT PRIMARY KEY REFERENCES workspaces (id) ON DELETE CASCADE,
    cursor BIGINT NOT NULL,
    nonce BYTEA NOT NULL,
    ciphertext BYTEA NOT NULL,
    created_at_ms BIGINT NOT NULL
);
