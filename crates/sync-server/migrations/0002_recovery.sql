-- The recovery key signs in too: its own derivation's Argon2id hash, set at sign-up.
-- With the password forgotten, a device proves the recovery key, opens the workspace key
-- wrapped by it, and sets a new password (PUT /v1/account/password). Accounts made
-- before this have none and recover nothing through the server.
ALTER TABLE accounts ADD COLUMN recovery_hash TEXT;
