use onno_sync::wire::{ErrorCode, SCHEMA_VERSION};
use reqwest::Method;

use crate::support::{Account, Fixture};

#[tokio::test]
async fn a_client_older_than_the_workspaces_changes_is_told_to_update() {
    let fx = Fixture::start(&[]).await;
    let (db, api) = (&fx.db, fx.api.clone());
    let old = Account::sign_up(&api, "ada@example.com").await;
    let new = old.second_device("updated laptop").await;

    old.push_reply(SCHEMA_VERSION, &old.changes(1))
        .await
        .expect_status(200);
    // A device on a newer version writes changes of the newer format.
    new.push_reply(SCHEMA_VERSION + 1, &new.changes(1))
        .await
        .expect_status(200);

    let refused = old.push_reply(SCHEMA_VERSION, &old.changes(1)).await;
    refused.expect_status(426);
    let error = refused.error();
    assert_eq!(error.code, ErrorCode::UpgradeRequired);
    assert_eq!(error.message, "update Onno to sync");
    assert_eq!(
        db.count("changes").await,
        2,
        "the refused push stored nothing"
    );

    // Signing a device of the old version in is refused the same way.
    let reply = api
        .send(
            Method::POST,
            "/v1/sessions",
            None,
            &old.secrets.sign_in_request("old phone"),
        )
        .await;
    reply.expect_status(426);
    assert_eq!(reply.error().message, "update Onno to sync");
    // The newer version goes on.
    new.push_reply(SCHEMA_VERSION + 1, &new.changes(1))
        .await
        .expect_status(200);
}

#[tokio::test]
async fn a_client_older_than_the_server_reads_is_told_to_update_before_anything_is_stored() {
    let fx = Fixture::start(&[]).await;
    let (db, api) = (&fx.db, fx.api.clone());
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let old = onno_sync::wire::OLDEST_SCHEMA_VERSION - 1;
    let refused = laptop.push_reply(old, &laptop.changes(1)).await;
    refused.expect_status(426);
    assert_eq!(refused.error().code, ErrorCode::UpgradeRequired);
    assert_eq!(db.count("changes").await, 0);

    let mut sign_in = laptop.secrets.sign_in_request("old phone");
    sign_in.schema_version = old;
    let reply = api.send(Method::POST, "/v1/sessions", None, &sign_in).await;
    reply.expect_status(426);
}
