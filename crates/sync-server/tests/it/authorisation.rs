use onno_sync::wire::{BlobInfo, DeviceList, ErrorCode, Refresh, Tokens};
use reqwest::Method;

use crate::support::{Account, Fixture};

#[tokio::test]
async fn another_accounts_ids_answer_404_and_its_changes_never_come_back() {
    let fx = Fixture::start(&[]).await;
    let api = fx.api.clone();
    let ada = Account::sign_up(&api, "ada@example.com").await;
    let ada_phone = ada.second_device("phone").await;
    let mallory = Account::sign_up(&api, "mallory@example.com").await;

    ada.push(&ada.changes(3)).await;
    ada.put_chunk("adas-recording", 0, vec![1, 2, 3])
        .await
        .expect_status(204);

    // Ada's device id, blob tag and cursor mean nothing to Mallory's account.
    let revoke = api
        .delete(
            &format!("/v1/devices/{}", ada_phone.session.device_id),
            Some(mallory.token()),
        )
        .await;
    revoke.expect_status(404);
    assert_eq!(revoke.error().code, ErrorCode::NotFound);
    for path in [
        "/v1/blobs/adas-recording",
        "/v1/blobs/adas-recording/chunks/0",
    ] {
        let reply = mallory.get(path).await;
        reply.expect_status(404);
        assert_eq!(reply.error().code, ErrorCode::NotFound);
    }
    let complete = mallory.complete_blob("adas-recording", 1, 3).await;
    complete.expect_status(404);
    for after in [0, 1, 2] {
        let page = mallory.pull(after, 100).await;
        assert!(page.changes.is_empty(), "nothing of Ada's after {after}");
    }
    let devices: DeviceList = mallory.get("/v1/devices").await.expect(200);
    assert_eq!(devices.devices.len(), 1);
    mallory.get("/v1/snapshots/latest").await.expect_status(404);

    // Mallory writing under the same tag writes into Mallory's own workspace.
    mallory
        .put_chunk("adas-recording", 0, vec![9; 10])
        .await
        .expect_status(204);
    let info: BlobInfo = ada.get("/v1/blobs/adas-recording").await.expect(200);
    assert_eq!((info.chunks, info.total_bytes), (1, 3));
    let chunk = ada.get("/v1/blobs/adas-recording/chunks/0").await;
    assert_eq!(chunk.body, [1, 2, 3]);
    // And Ada's phone is still signed in.
    ada_phone.get("/v1/devices").await.expect_status(200);
}

/// Every endpoint that takes a token, with a body it would accept.
fn every_authorised_call() -> Vec<(Method, &'static str, Option<Vec<u8>>)> {
    let push = br#"{"schema_version":1,"changes":[]}"#.to_vec();
    let done = br#"{"chunks":1,"total_bytes":1}"#.to_vec();
    let snapshot = br#"{"cursor":0,"sealed":{"nonce":"00","ciphertext":"00"}}"#.to_vec();
    let delete = br#"{"auth_key":"00000000000000000000000000000000"}"#.to_vec();
    vec![
        (Method::GET, "/v1/devices", None),
        (Method::DELETE, "/v1/devices/0000", None),
        (Method::POST, "/v1/changes", Some(push)),
        (Method::GET, "/v1/changes?after=0", None),
        (Method::GET, "/v1/changes/wait?after=0&timeout_s=1", None),
        (Method::PUT, "/v1/blobs/t/chunks/0", Some(vec![1])),
        (Method::GET, "/v1/blobs/t/chunks/0", None),
        (Method::POST, "/v1/blobs/t/complete", Some(done)),
        (Method::GET, "/v1/blobs/t", None),
        (Method::PUT, "/v1/snapshots", Some(snapshot)),
        (Method::GET, "/v1/snapshots/latest", None),
        (Method::DELETE, "/v1/account", Some(delete)),
        (Method::DELETE, "/v1/sessions/current", None),
    ]
}

#[tokio::test]
async fn a_revoked_device_gets_401_on_every_endpoint() {
    let fx = Fixture::start(&[]).await;
    let api = fx.api.clone();
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let stolen = laptop.second_device("stolen phone").await;
    let tablet = laptop.second_device("tablet").await;
    stolen.push(&stolen.changes(1)).await;

    api.delete(
        &format!("/v1/devices/{}", stolen.session.device_id),
        Some(laptop.token()),
    )
    .await
    .expect_status(204);
    // The tablet signs itself out.
    api.delete("/v1/sessions/current", Some(tablet.token()))
        .await
        .expect_status(204);

    let json = [("content-type", "application/json")];
    for device in [&stolen, &tablet] {
        for (method, path, body) in every_authorised_call() {
            let reply = api
                .send_bytes(method.clone(), path, Some(device.token()), body, &json)
                .await;
            assert_eq!(reply.status, 401, "{method} {path}");
            assert_eq!(reply.error().code, ErrorCode::Unauthorized);
        }
        let refresh = Refresh {
            refresh_token: device.session.tokens.refresh_token.clone(),
        };
        let reply = api
            .send(Method::POST, "/v1/sessions/refresh", None, &refresh)
            .await;
        reply.expect_status(401);
    }
    // No token, or a made-up one, is refused the same way.
    for (method, path, body) in every_authorised_call() {
        let reply = api
            .send_bytes(method.clone(), path, None, body.clone(), &json)
            .await;
        assert_eq!(reply.status, 401, "{method} {path} without a token");
        let reply = api
            .send_bytes(method.clone(), path, Some("not-a-token"), body, &json)
            .await;
        assert_eq!(reply.status, 401, "{method} {path} with a made-up token");
    }

    let devices: DeviceList = laptop.get("/v1/devices").await.expect(200);
    let names: Vec<&str> = devices.devices.iter().map(|d| d.name.as_str()).collect();
    assert_eq!(names, ["laptop"]);
    // Revoking it again: there is no such device any more.
    api.delete(
        &format!("/v1/devices/{}", stolen.session.device_id),
        Some(laptop.token()),
    )
    .await
    .expect_status(404);
    // What it pushed before is kept.
    assert_eq!(laptop.pull(0, 10).await.changes.len(), 1);
}

#[tokio::test]
async fn a_refresh_replaces_the_refresh_token_and_the_old_one_stops_working() {
    // No grace: the old token stops at once.
    let fx = Fixture::start(&["--refresh-grace-s", "0"]).await;
    let (db, api) = (&fx.db, fx.api.clone());
    let laptop = Account::sign_up(&api, "ada@example.com").await;

    let old = Refresh {
        refresh_token: laptop.session.tokens.refresh_token.clone(),
    };
    let fresh: Tokens = api
        .send(Method::POST, "/v1/sessions/refresh", None, &old)
        .await
        .expect(200);
    assert_ne!(fresh.refresh_token, old.refresh_token);
    assert_ne!(fresh.access_token, laptop.token());
    assert_eq!(fresh.access_expires_in_s, 15 * 60);
    api.get("/v1/devices", Some(&fresh.access_token))
        .await
        .expect_status(200);

    let reply = api
        .send(Method::POST, "/v1/sessions/refresh", None, &old)
        .await;
    reply.expect_status(401);
    assert_eq!(reply.error().code, ErrorCode::Unauthorized);

    let next = Refresh {
        refresh_token: fresh.refresh_token,
    };
    let _: Tokens = api
        .send(Method::POST, "/v1/sessions/refresh", None, &next)
        .await
        .expect(200);
    assert_eq!(
        db.count("refresh_tokens").await,
        1,
        "only the newest is kept"
    );
}

#[tokio::test]
async fn a_device_killed_before_keeping_its_new_refresh_token_signs_in_with_the_old_one_for_a_while()
 {
    let fx = Fixture::start(&["--refresh-grace-s", "2"]).await;
    let api = fx.api.clone();
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let old = Refresh {
        refresh_token: laptop.session.tokens.refresh_token.clone(),
    };
    // The answer to this refresh is lost with the device.
    let _lost: Tokens = api
        .send(Method::POST, "/v1/sessions/refresh", None, &old)
        .await
        .expect(200);
    let again: Tokens = api
        .send(Method::POST, "/v1/sessions/refresh", None, &old)
        .await
        .expect(200);
    api.get("/v1/devices", Some(&again.access_token))
        .await
        .expect_status(200);
    // After the grace period the old token is refused; the newest still works.
    tokio::time::sleep(std::time::Duration::from_millis(2_300)).await;
    api.send(Method::POST, "/v1/sessions/refresh", None, &old)
        .await
        .expect_status(401);
    let next = Refresh {
        refresh_token: again.refresh_token,
    };
    let _: Tokens = api
        .send(Method::POST, "/v1/sessions/refresh", None, &next)
        .await
        .expect(200);
}

#[tokio::test]
async fn an_expired_access_token_is_refused_and_a_refresh_renews_it() {
    let fx = Fixture::start(&["--access-token-s", "1"]).await;
    let api = fx.api.clone();
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    assert_eq!(laptop.session.tokens.access_expires_in_s, 1);
    tokio::time::sleep(std::time::Duration::from_millis(1300)).await;
    laptop.get("/v1/devices").await.expect_status(401);
    let refresh = Refresh {
        refresh_token: laptop.session.tokens.refresh_token.clone(),
    };
    let fresh: Tokens = api
        .send(Method::POST, "/v1/sessions/refresh", None, &refresh)
        .await
        .expect(200);
    api.get("/v1/devices", Some(&fresh.access_token))
        .await
        .expect_status(200);
}
