use onno_sync::wire::{DeleteAccount, ErrorCode, Snapshot};
use reqwest::Method;

use crate::support::{Account, Fixture, random_hex};

/// Fills every table for `account`: changes, a blob, a snapshot, a second device.
async fn use_everything(account: &Account) {
    account.push(&account.changes(3)).await;
    account
        .put_chunk("recording", 0, vec![7; 100])
        .await
        .expect_status(204);
    let snapshot = Snapshot {
        cursor: 3,
        sealed: onno_sync::Sealed {
            nonce: vec![1; 24],
            ciphertext: vec![2; 64],
        },
    };
    account.put_snapshot(&snapshot).await.expect_status(204);
}

#[tokio::test]
async fn deleting_the_account_leaves_no_row_of_it_in_any_table() {
    let fx = Fixture::start(&[]).await;
    let (db, api) = (&fx.db, fx.api.clone());
    let ada = Account::sign_up(&api, "ada@example.com").await;
    let ada_phone = ada.second_device("phone").await;
    let grace = Account::sign_up(&api, "grace@example.com").await;
    use_everything(&ada).await;
    use_everything(&grace).await;
    for table in db.tables().await {
        assert!(db.count(&table).await > 0, "the test fills {table}");
    }

    let wrong = DeleteAccount {
        auth_key: random_hex(32),
    };
    let reply = api
        .send(Method::DELETE, "/v1/account", Some(ada.token()), &wrong)
        .await;
    reply.expect_status(401);
    assert_eq!(reply.error().code, ErrorCode::Unauthorized);

    let right = DeleteAccount {
        auth_key: ada.secrets.auth_key.clone(),
    };
    api.send(
        Method::DELETE,
        "/v1/account",
        Some(ada_phone.token()),
        &right,
    )
    .await
    .expect_status(204);

    let dump = db.dump().await;
    let ada_ids = [
        ada.session.account_id.as_str(),
        ada.session.workspace_id.as_str(),
        ada.session.device_id.as_str(),
        ada_phone.session.device_id.as_str(),
        "ada@example.com",
    ];
    for id in ada_ids {
        assert!(!dump.contains(id), "{id} is still in the database:\n{dump}");
    }
    // Every table still holds Grace's rows: the deletion took only Ada's.
    for table in db.tables().await {
        assert!(db.count(&table).await > 0, "{table} lost Grace's rows");
    }
    assert!(dump.contains(&grace.session.workspace_id));

    // Ada's devices are signed out, and her email is free again.
    ada.get("/v1/devices").await.expect_status(401);
    let reply = api
        .send(
            Method::POST,
            "/v1/sessions",
            None,
            &ada.secrets.sign_in_request("phone"),
        )
        .await;
    reply.expect_status(401);
    Account::sign_up(&api, "ada@example.com").await;
}
