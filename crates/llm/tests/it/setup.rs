//! A client for the scripted server, shared with the assistant's tests and bench.

use std::time::Duration;

use onno_llm::{ApiKey, LlmConfig, LlmSettings};
use onno_test_support::llm_server::LlmServer;

pub fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime for the test")
}

/// A client for `server` with short waits, so failure tests stay fast.
pub fn config(server: &LlmServer, stream: bool) -> LlmConfig {
    let mut settings = LlmSettings::new(&server.base_url(), "test-model");
    settings.stream = stream;
    let mut config = LlmConfig::new(settings, ApiKey::new("sk-test-secret-123"));
    config.backoff = Duration::from_millis(20);
    config.timeout = Duration::from_secs(2);
    config
}
