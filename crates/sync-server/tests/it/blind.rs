use onno_sync::wire::Snapshot;
use reqwest::Method;

use crate::support::{Account, Fixture};

/// What the user typed, which the server must never see.
const PLAINTEXTS: [&str; 3] = [
    "Quarterly revenue target is 4.2 million",
    "Call Jiwoo about the Seoul contract",
    "연봉 협상은 다음 주에",
];

#[tokio::test]
async fn the_server_logs_and_stores_only_ciphertext_and_never_the_email_or_tokens() {
    // Debug level: what an operator chasing a problem would turn on.
    let fx = Fixture::start_with(&[], "debug").await;
    let (db, api) = (&fx.db, fx.api.clone());
    let email = "jiwoo.kim@example.com";
    let laptop = Account::sign_up(&api, email).await;
    let phone = laptop.second_device("phone").await;
    let ws = laptop.session.workspace_id.clone();

    let changes: Vec<_> = PLAINTEXTS
        .iter()
        .enumerate()
        .map(|(i, text)| {
            laptop
                .secrets
                .change(&ws, "notes", &format!("row-{i}"), "body", text)
        })
        .collect();
    laptop.push(&changes).await;
    phone.pull(0, 10).await;
    // A blob and a snapshot, sealed the same way.
    let context = onno_sync::ChangeContext {
        workspace: &ws,
        table: "files",
        row: "file-1",
        column: "content",
        hlc: "0",
    };
    let blob =
        onno_sync::seal(&laptop.secrets.key, &context, PLAINTEXTS[1].as_bytes()).expect("seal");
    let mut sealed_bytes = blob.nonce.clone();
    sealed_bytes.extend_from_slice(&blob.ciphertext);
    laptop
        .put_chunk("f1", 0, sealed_bytes.clone())
        .await
        .expect_status(204);
    let size = sealed_bytes.len() as u64;
    laptop.complete_blob("f1", 1, size).await.expect_status(204);
    let snapshot = Snapshot {
        cursor: 3,
        sealed: onno_sync::seal(
            &laptop.secrets.key,
            &context,
            PLAINTEXTS.join("\n").as_bytes(),
        )
        .expect("seal"),
    };
    laptop.put_snapshot(&snapshot).await.expect_status(204);
    // A wrong sign-in and a malformed body: error paths log too.
    let mut wrong = laptop.secrets.sign_in_request("tablet");
    wrong.auth_key = crate::support::random_hex(32);
    api.send(Method::POST, "/v1/sessions", None, &wrong)
        .await
        .expect_status(401);
    api.send_bytes(
        Method::POST,
        "/v1/accounts",
        None,
        Some(format!(r#"{{"email":"{email}","auth_key":5}}"#).into_bytes()),
        &[("content-type", "application/json")],
    )
    .await
    .expect_status(400);

    let logs = fx.server.logs();
    assert!(
        logs.contains("request"),
        "the server logged its requests:\n{logs}"
    );
    let secrets = [
        email,
        laptop.secrets.auth_key.as_str(),
        laptop.token(),
        laptop.session.tokens.refresh_token.as_str(),
        phone.token(),
        phone.session.tokens.refresh_token.as_str(),
    ];
    for secret in secrets.iter().chain(&PLAINTEXTS) {
        assert!(!logs.contains(secret), "the logs hold {secret:?}:\n{logs}");
    }

    // The database holds the email (it is how one signs in), but no plaintext, in
    // text or as the hex bytea prints as, and no token or auth key.
    let dump = db.dump().await;
    for text in PLAINTEXTS {
        assert!(!dump.contains(text), "the database holds {text:?}");
        assert!(
            !dump.contains(&hex::encode(text)),
            "the database holds {text:?} as bytes"
        );
    }
    for secret in &secrets[1..] {
        assert!(!dump.contains(secret), "the database holds a token or key");
    }
}
