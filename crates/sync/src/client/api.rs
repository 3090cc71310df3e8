//! The sync server's endpoints ([`crate::wire`]) as async calls.

use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use reqwest::{Method, Url};
use serde::Serialize;
use serde::de::DeserializeOwned;

use super::error::{SyncError, SyncErrorKind};
use crate::wire::{
    BlobDone, BlobInfo, DeleteAccount, DeviceList, Latest, NewPassword, PullPage, Push, PushAck,
    Recover, Refresh, Session, SignIn, SignUp, Tokens,
};

/// How long a call may take before the device counts the server as unreachable; a
/// long poll adds its own wait on top.
const TIMEOUT: Duration = Duration::from_secs(30);
/// A chunk (4 MiB) may take longer on a slow uplink: 2 minutes is about 280 kbit/s.
const CHUNK_TIMEOUT: Duration = Duration::from_secs(120);
/// Where the blob endpoints live: the server counts their requests apart.
const BLOB_PATHS: &str = "/v1/blobs/";

/// One sync server.
#[derive(Debug, Clone)]
pub struct Api {
    http: reqwest::Client,
    base: Url,
    /// Requests sent, for pacing within the server's per-device limit.
    sent: Arc<AtomicU64>,
    /// Blob requests sent, which the server limits apart.
    blob_sent: Arc<AtomicU64>,
    /// Bytes of request and answer bodies, for the status and the benchmarks.
    bytes: Arc<AtomicU64>,
}

impl Api {
    /// The server at `base` (`https://…`; plain `http://` only on loopback, for a
    /// server on this machine).
    pub fn new(base: &str) -> Result<Api, SyncError> {
        let base = Url::parse(base.trim_end_matches('/')).map_err(|e| {
            SyncError::new(SyncErrorKind::Refused, format!("the server address: {e}"))
        })?;
        let loopback = matches!(base.host_str(), Some("127.0.0.1" | "localhost" | "[::1]"));
        if base.scheme() != "https" && !(base.scheme() == "http" && loopback) {
            return Err(SyncError::new(
                SyncErrorKind::Refused,
                "the sync server's address must start with https://",
            ));
        }
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls_config()?)
            .connect_timeout(Duration::from_secs(10))
            .build()
            .map_err(|e| {
                SyncError::new(SyncErrorKind::Refused, format!("cannot set up HTTPS: {e}"))
            })?;
        Ok(Api {
            http,
            base,
            sent: Arc::default(),
            blob_sent: Arc::default(),
            bytes: Arc::default(),
        })
    }

    /// Requests sent so far through this `Api` and its clones, blob requests aside.
    pub fn requests_sent(&self) -> u64 {
        self.sent.load(Ordering::Relaxed)
    }

    /// Blob requests (a file's chunks) sent so far: the server counts them apart.
    pub fn blob_requests_sent(&self) -> u64 {
        self.blob_sent.load(Ordering::Relaxed)
    }

    /// Bytes of request and answer bodies sent and received so far.
    pub fn body_bytes(&self) -> u64 {
        self.bytes.load(Ordering::Relaxed)
    }

    pub fn base(&self) -> &str {
        self.base.as_str().trim_end_matches('/')
    }

    pub async fn sign_up(&self, body: &SignUp) -> Result<Session, SyncError> {
        self.call(Method::POST, "/v1/accounts", None, Some(body), TIMEOUT)
            .await
    }

    pub async fn sign_in(&self, body: &SignIn) -> Result<Session, SyncError> {
        self.call(Method::POST, "/v1/sessions", None, Some(body), TIMEOUT)
            .await
    }

    pub async fn recover(&self, body: &Recover) -> Result<Session, SyncError> {
        self.call(
            Method::POST,
            "/v1/sessions/recover",
            None,
            Some(body),
            TIMEOUT,
        )
        .await
    }

    pub async fn set_password(&self, token: &str, body: &NewPassword) -> Result<(), SyncError> {
        self.call_empty(Method::PUT, "/v1/account/password", token, Some(body))
            .await
    }

    pub async fn refresh(&self, refresh_token: &str) -> Result<Tokens, SyncError> {
        let body = Refresh {
            refresh_token: refresh_token.to_owned(),
        };
        self.call(
            Method::POST,
            "/v1/sessions/refresh",
            None,
            Some(&body),
            TIMEOUT,
        )
        .await
    }

    pub async fn sign_out(&self, token: &str) -> Result<(), SyncError> {
        self.call_empty(Method::DELETE, "/v1/sessions/current", token, None::<&()>)
            .await
    }

    pub async fn devices(&self, token: &str) -> Result<DeviceList, SyncError> {
        self.call(
            Method::GET,
            "/v1/devices",
            Some(token),
            None::<&()>,
            TIMEOUT,
        )
        .await
    }

    pub async fn revoke_device(&self, token: &str, id: &str) -> Result<(), SyncError> {
        let path = format!("/v1/devices/{}", path_part(id));
        self.call_empty(Method::DELETE, &path, token, None::<&()>)
            .await
    }

    pub async fn push(&self, token: &str, body: &Push) -> Result<PushAck, SyncError> {
        self.call(
            Method::POST,
            "/v1/changes",
            Some(token),
            Some(body),
            TIMEOUT,
        )
        .await
    }

    pub async fn pull(&self, token: &str, after: i64, limit: u32) -> Result<PullPage, SyncError> {
        let path = format!("/v1/changes?after={after}&limit={limit}&skip_own=true");
        self.call(Method::GET, &path, Some(token), None::<&()>, TIMEOUT)
            .await
    }

    /// Waits up to `timeout` for a change past `after`.
    pub async fn wait(
        &self,
        token: &str,
        after: i64,
        timeout: Duration,
    ) -> Result<Latest, SyncError> {
        let path = format!(
            "/v1/changes/wait?after={after}&timeout_s={}",
            timeout.as_secs()
        );
        self.call(
            Method::GET,
            &path,
            Some(token),
            None::<&()>,
            TIMEOUT + timeout,
        )
        .await
    }

    pub async fn delete_account(&self, token: &str, auth_key: &str) -> Result<(), SyncError> {
        let body = DeleteAccount {
            auth_key: auth_key.to_owned(),
        };
        self.call_empty(Method::DELETE, "/v1/account", token, Some(&body))
            .await
    }

    /// What the server holds of blob `tag`; `None` when it holds nothing of it.
    pub async fn blob_info(&self, token: &str, tag: &str) -> Result<Option<BlobInfo>, SyncError> {
        let path = format!("{BLOB_PATHS}{}", path_part(tag));
        match self
            .call(Method::GET, &path, Some(token), None::<&()>, TIMEOUT)
            .await
        {
            Ok(info) => Ok(Some(info)),
            Err(e) if e.is_not_found() => Ok(None),
            Err(e) => Err(e),
        }
    }

    pub async fn put_chunk(
        &self,
        token: &str,
        tag: &str,
        index: u32,
        sealed: Vec<u8>,
    ) -> Result<(), SyncError> {
        let path = format!("{BLOB_PATHS}{}/chunks/{index}", path_part(tag));
        let body = Some((sealed, "application/octet-stream"));
        self.exchange(Method::PUT, &path, Some(token), body, CHUNK_TIMEOUT)
            .await
            .map(drop)
    }

    pub async fn get_chunk(
        &self,
        token: &str,
        tag: &str,
        index: u32,
    ) -> Result<Vec<u8>, SyncError> {
        let path = format!("{BLOB_PATHS}{}/chunks/{index}", path_part(tag));
        self.exchange(Method::GET, &path, Some(token), None, CHUNK_TIMEOUT)
            .await
    }

    pub async fn complete_blob(
        &self,
        token: &str,
        tag: &str,
        done: &BlobDone,
    ) -> Result<(), SyncError> {
        let path = format!("{BLOB_PATHS}{}/complete", path_part(tag));
        self.call_empty(Method::POST, &path, token, Some(done))
            .await
    }

    async fn call<B: Serialize, T: DeserializeOwned>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&B>,
        timeout: Duration,
    ) -> Result<T, SyncError> {
        let bytes = self.send(method, path, token, body, timeout).await?;
        serde_json::from_slice(&bytes).map_err(|e| {
            SyncError::new(
                SyncErrorKind::Server,
                format!("the sync server's answer to {path} is not understood: {e}"),
            )
        })
    }

    async fn call_empty<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        token: &str,
        body: Option<&B>,
    ) -> Result<(), SyncError> {
        self.send(method, path, Some(token), body, TIMEOUT)
            .await
            .map(drop)
    }

    async fn send<B: Serialize>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<&B>,
        timeout: Duration,
    ) -> Result<Vec<u8>, SyncError> {
        let body = body
            .map(|body| {
                serde_json::to_vec(body)
                    .map_err(|e| SyncError::new(SyncErrorKind::Refused, format!("a request: {e}")))
            })
            .transpose()?;
        self.exchange(
            method,
            path,
            token,
            body.map(|b| (b, "application/json")),
            timeout,
        )
        .await
    }

    /// Sends one request with `body` (bytes and their content type) and returns the
    /// answer's body.
    async fn exchange(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<(Vec<u8>, &str)>,
        timeout: Duration,
    ) -> Result<Vec<u8>, SyncError> {
        let counter = if path.starts_with(BLOB_PATHS) {
            &self.blob_sent
        } else {
            &self.sent
        };
        counter.fetch_add(1, Ordering::Relaxed);
        let url = format!("{}{path}", self.base());
        let mut request = self.http.request(method, url).timeout(timeout);
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        if let Some((bytes, content_type)) = body {
            self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
            request = request
                .header(reqwest::header::CONTENT_TYPE, content_type)
                .body(bytes);
        }
        let response = request.send().await.map_err(|e| offline(&self.base, e))?;
        let status = response.status();
        let bytes = response.bytes().await.map_err(|e| offline(&self.base, e))?;
        self.bytes.fetch_add(bytes.len() as u64, Ordering::Relaxed);
        if status.is_success() {
            Ok(bytes.to_vec())
        } else {
            Err(SyncError::from_answer(status.as_u16(), &bytes))
        }
    }
}

fn offline(base: &Url, e: reqwest::Error) -> SyncError {
    let host = base.host_str().unwrap_or("the sync server");
    let why = if e.is_timeout() {
        "did not answer in time"
    } else {
        "could not be reached"
    };
    SyncError::new(
        SyncErrorKind::Offline,
        format!("{host} {why}; changes wait on this device and go when it answers"),
    )
}

/// An id as one path segment: ids are UUIDs, anything else is refused by the server.
fn path_part(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
        .collect()
}

fn tls_config() -> Result<rustls::ClientConfig, SyncError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let roots = rustls::RootCertStore {
        roots: webpki_roots::TLS_SERVER_ROOTS.to_vec(),
    };
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| SyncError::new(SyncErrorKind::Refused, format!("cannot set up TLS: {e}")))?
        .with_root_certificates(roots)
        .with_no_client_auth())
}
