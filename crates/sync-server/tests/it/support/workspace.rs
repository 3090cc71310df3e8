//! A person's account as a client holds it: the password-derived keys, the workspace
//! key, and changes sealed with the real `onno_sync` cryptography.

use onno_sync::wire::{
    BlobDone, Envelope, PullPage, Push, PushAck, SCHEMA_VERSION, Session, SignIn, SignUp, Snapshot,
    WorkspaceKeys,
};
use onno_sync::{ChangeContext, KdfParams, RecoveryKey, WorkspaceKey, WrappedKey};
use reqwest::Method;

use super::{Api, Reply};

pub fn random_hex(bytes: usize) -> String {
    let mut buf = vec![0u8; bytes];
    getrandom::fill(&mut buf).expect("random bytes");
    hex::encode(buf)
}

/// What only the client knows.
pub struct Secrets {
    pub email: String,
    /// Stands for `onno_sync::auth_key(email, password)`: random, as that is, and
    /// without a second of Argon2id per test.
    pub auth_key: String,
    pub key: WorkspaceKey,
    pub keys: WorkspaceKeys,
    pub recovery_auth_key: String,
}

/// Quick settings for wrapping in tests; the server never looks inside.
fn cheap_kdf() -> KdfParams {
    KdfParams {
        memory_kib: 8,
        iterations: 1,
        parallelism: 1,
    }
}

impl Secrets {
    pub fn new(email: &str) -> Secrets {
        let key = WorkspaceKey::generate().expect("a workspace key");
        let recovery = RecoveryKey::generate().expect("a recovery key");
        let keys = WorkspaceKeys {
            by_password: WrappedKey::with_password(&key, "correct horse", cheap_kdf())
                .expect("wrap by password"),
            by_recovery: WrappedKey::with_recovery(&key, &recovery).expect("wrap by recovery"),
        };
        Secrets {
            email: email.to_owned(),
            auth_key: random_hex(32),
            recovery_auth_key: onno_sync::recovery_auth_key(&recovery),
            key,
            keys,
        }
    }

    pub fn sign_up_request(&self, device: &str) -> SignUp {
        SignUp {
            email: self.email.clone(),
            auth_key: self.auth_key.clone(),
            device_name: device.to_owned(),
            schema_version: SCHEMA_VERSION,
            keys: self.keys.clone(),
            recovery_auth_key: self.recovery_auth_key.clone(),
        }
    }

    pub fn sign_in_request(&self, device: &str) -> SignIn {
        SignIn {
            email: self.email.clone(),
            auth_key: self.auth_key.clone(),
            device_name: device.to_owned(),
            schema_version: SCHEMA_VERSION,
        }
    }

    /// One change setting `column` of `row` in `table` to `value`, sealed.
    pub fn change(
        &self,
        workspace_id: &str,
        table: &str,
        row: &str,
        column: &str,
        value: &str,
    ) -> Envelope {
        let hlc = format!(
            "{:020}-0000-{}",
            std::time::UNIX_EPOCH.elapsed().map_or(0, |d| d.as_nanos()),
            random_hex(4)
        );
        let context = ChangeContext {
            workspace: workspace_id,
            table,
            row,
            column,
            hlc: &hlc,
        };
        Envelope {
            change_id: random_hex(16),
            row_tag: onno_sync::row_tag(&self.key, table, row),
            sealed: onno_sync::seal(&self.key, &context, value.as_bytes()).expect("seal"),
            hlc,
        }
    }
}

/// A signed-in device of an account.
pub struct Account {
    pub secrets: Secrets,
    pub session: Session,
    pub api: Api,
}

impl Account {
    /// Creates an account for `email` through the API.
    pub async fn sign_up(api: &Api, email: &str) -> Account {
        let secrets = Secrets::new(email);
        let session: Session = api
            .send(
                Method::POST,
                "/v1/accounts",
                None,
                &secrets.sign_up_request("laptop"),
            )
            .await
            .expect(201);
        Account {
            secrets,
            session,
            api: api.clone(),
        }
    }

    /// Signs another device in to the same account.
    pub async fn second_device(&self, name: &str) -> Account {
        let session: Session = self
            .api
            .send(
                Method::POST,
                "/v1/sessions",
                None,
                &self.secrets.sign_in_request(name),
            )
            .await
            .expect(200);
        Account {
            secrets: Secrets {
                email: self.secrets.email.clone(),
                auth_key: self.secrets.auth_key.clone(),
                key: WorkspaceKey::from_bytes(*self.secrets.key.as_bytes()),
                keys: self.secrets.keys.clone(),
                recovery_auth_key: self.secrets.recovery_auth_key.clone(),
            },
            session,
            api: self.api.clone(),
        }
    }

    pub fn token(&self) -> &str {
        &self.session.tokens.access_token
    }

    /// `n` sealed changes to one table.
    pub fn changes(&self, n: usize) -> Vec<Envelope> {
        (0..n)
            .map(|i| {
                self.secrets.change(
                    &self.session.workspace_id,
                    "notes",
                    &random_hex(16),
                    "body",
                    &format!("note {i}"),
                )
            })
            .collect()
    }

    pub async fn push_reply(&self, schema_version: u32, changes: &[Envelope]) -> Reply {
        let push = Push {
            schema_version,
            changes: changes.to_vec(),
        };
        self.api
            .send(Method::POST, "/v1/changes", Some(self.token()), &push)
            .await
    }

    pub async fn push(&self, changes: &[Envelope]) -> PushAck {
        self.push_reply(SCHEMA_VERSION, changes).await.expect(200)
    }

    pub async fn pull(&self, after: i64, limit: i64) -> PullPage {
        self.api
            .get(
                &format!("/v1/changes?after={after}&limit={limit}"),
                Some(self.token()),
            )
            .await
            .expect(200)
    }

    /// GET with this device's token.
    pub async fn get(&self, path: &str) -> Reply {
        self.api.get(path, Some(self.token())).await
    }

    pub async fn put_chunk(&self, tag: &str, index: usize, data: Vec<u8>) -> Reply {
        let path = format!("/v1/blobs/{tag}/chunks/{index}");
        self.api
            .send_bytes(Method::PUT, &path, Some(self.token()), Some(data), &[])
            .await
    }

    pub async fn complete_blob(&self, tag: &str, chunks: u32, total_bytes: u64) -> Reply {
        let done = BlobDone {
            chunks,
            total_bytes,
        };
        let path = format!("/v1/blobs/{tag}/complete");
        self.api
            .send(Method::POST, &path, Some(self.token()), &done)
            .await
    }

    pub async fn put_snapshot(&self, snapshot: &Snapshot) -> Reply {
        self.api
            .send(Method::PUT, "/v1/snapshots", Some(self.token()), snapshot)
            .await
    }
}
