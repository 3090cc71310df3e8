//! A keyless endpoint (a local server) is saved and used with no Secret Service
//! running, the way the settings screen's "no key" choice saves it: through the public
//! functions `save_llm_settings` and the app's client cache call (the command itself
//! needs a running app).
//!
//! The session bus must point nowhere for the whole process, and a test may not change
//! its own environment while others run, so the test runs its other half in a child
//! process of this binary with that environment.

use std::process::Command;

use onno_app::AppState;
use onno_llm::{ChatRequest, LlmSettings, Message, StructuredMode};
use onno_secrets::{LLM_API_KEY, Secrets};
use onno_store::DataDir;
use onno_test_support::llm_server::{LlmServer, Reply};

/// Set in the child process that runs [`saved_and_used_without_a_keychain`].
const CHILD: &str = "ONNO_APP_TEST_NO_KEYCHAIN";

#[test]
fn a_keyless_endpoint_is_saved_and_used_with_no_secret_service() {
    let out = Command::new(std::env::current_exe().unwrap())
        .args(["--exact", "keyless::saved_and_used_without_a_keychain"])
        .args(["--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .env(
            "DBUS_SESSION_BUS_ADDRESS",
            "unix:path=/nonexistent/onno-app-test-bus",
        )
        .env_remove("ONNO_LLM_API_KEY")
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout);
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(out.status.success(), "{stdout}\n{stderr}");
    assert!(
        stdout.contains("1 passed"),
        "the child ran the test: {stdout}"
    );
}

/// The child's half; in the parent's own run it has nothing to do (the parent's test
/// above is the one that runs it, with no keychain reachable).
#[test]
fn saved_and_used_without_a_keychain() {
    if std::env::var_os(CHILD).is_none() {
        return;
    }
    // No keychain is reachable here: asking it fails, so nothing below may need it.
    assert!(Secrets::onno().get(LLM_API_KEY).is_err());

    let dir = tempfile::tempdir().unwrap();
    let state = AppState::open(Ok(DataDir::new(dir.path())));
    let store = state.store().unwrap();
    let server = LlmServer::start();
    let mut settings = LlmSettings::new(&server.base_url(), "local-model");
    settings.keyless = true;
    // What `save_llm_settings` does for a keyless endpoint: validate, forget any old
    // key (where no keychain runs that fails, and is let fail), save.
    settings.validate().unwrap();
    let _ = Secrets::onno().delete(LLM_API_KEY);
    settings.save(&store).unwrap();

    // What the app's client cache does with the saved settings.
    let saved = LlmSettings::load(&store).unwrap().unwrap();
    assert!(saved.keyless);
    let keyed = onno_assist::client_for(saved, &Secrets::onno()).unwrap();
    assert!(
        keyed.keychain_problem.is_none(),
        "a keyless endpoint does not ask the keychain"
    );
    server.push(Reply::json("ok"));
    let messages = [Message::user("This is a connection test.")];
    let request = ChatRequest {
        messages: &messages,
        schema: None,
        mode: StructuredMode::Prompt,
    };
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .unwrap();
    let reply = runtime.block_on(keyed.client.chat(request)).unwrap();
    assert_eq!(reply.content, "ok");
    let sent = &server.requests()[0];
    assert_eq!(sent.header("authorization"), None, "no key is sent");
}
