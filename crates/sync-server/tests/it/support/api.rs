//! An HTTP client for the server's endpoints: plain HTTP on loopback, JSON in and out.

use std::sync::Arc;

use onno_sync::wire::ErrorBody;
use reqwest::Method;
use serde::Serialize;
use serde::de::DeserializeOwned;

#[derive(Clone)]
pub struct Api {
    http: reqwest::Client,
    pub base: String,
}

/// An answer: its status, headers and body.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: reqwest::header::HeaderMap,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn json<T: DeserializeOwned>(&self) -> T {
        serde_json::from_slice(&self.body).unwrap_or_else(|e| {
            panic!(
                "answer {} is not the JSON expected ({e}): {}",
                self.status,
                String::from_utf8_lossy(&self.body)
            )
        })
    }

    pub fn error(&self) -> ErrorBody {
        self.json()
    }

    /// The body as `T` after checking the status.
    pub fn expect<T: DeserializeOwned>(&self, status: u16) -> T {
        self.expect_status(status);
        self.json()
    }

    pub fn expect_status(&self, status: u16) {
        assert_eq!(
            self.status,
            status,
            "unexpected answer: {}",
            String::from_utf8_lossy(&self.body)
        );
    }
}

impl Api {
    pub fn new(base: &str) -> Api {
        // Plain HTTP only, but reqwest is built without a TLS provider of its own.
        let tls = rustls::ClientConfig::builder_with_provider(Arc::new(
            rustls::crypto::ring::default_provider(),
        ))
        .with_safe_default_protocol_versions()
        .expect("TLS settings")
        .with_root_certificates(rustls::RootCertStore::empty())
        .with_no_client_auth();
        let http = reqwest::Client::builder()
            .tls_backend_preconfigured(tls)
            .no_proxy()
            .build()
            .expect("HTTP client");
        Api {
            http,
            base: base.to_owned(),
        }
    }

    /// Sends `body` (raw bytes) with `token` as the bearer token, if any.
    pub async fn send_bytes(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: Option<Vec<u8>>,
        headers: &[(&str, &str)],
    ) -> Reply {
        let mut request = self.http.request(method, format!("{}{path}", self.base));
        if let Some(token) = token {
            request = request.bearer_auth(token);
        }
        for (name, value) in headers {
            request = request.header(*name, *value);
        }
        if let Some(body) = body {
            request = request.body(body);
        }
        let response = request.send().await.expect("the server answers");
        Reply {
            status: response.status().as_u16(),
            headers: response.headers().clone(),
            body: response.bytes().await.expect("read the answer").to_vec(),
        }
    }

    pub async fn send<T: Serialize>(
        &self,
        method: Method,
        path: &str,
        token: Option<&str>,
        body: &T,
    ) -> Reply {
        let body = serde_json::to_vec(body).expect("serialise the request");
        self.send_bytes(
            method,
            path,
            token,
            Some(body),
            &[("content-type", "application/json")],
        )
        .await
    }

    pub async fn get(&self, path: &str, token: Option<&str>) -> Reply {
        self.send_bytes(Method::GET, path, token, None, &[]).await
    }

    pub async fn delete(&self, path: &str, token: Option<&str>) -> Reply {
        self.send_bytes(Method::DELETE, path, token, None, &[])
            .await
    }
}
