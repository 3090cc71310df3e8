use onno_sync::wire::{BlobDone, BlobInfo, ErrorCode, Snapshot};
use reqwest::Method;

use crate::support::{Account, Api, Server, TestDb};

#[tokio::test]
async fn a_blob_uploaded_in_chunks_comes_back_whole_and_then_cannot_change() {
    let db = TestDb::create().await;
    let server = Server::start(&db.url, &[]);
    let api = Api::new(&server.base);
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let phone = laptop.second_device("phone").await;
    let chunks: Vec<Vec<u8>> = vec![vec![1; 1000], vec![2; 1000], vec![3; 10]];

    // Out of order, and one chunk sent twice (a retry): the last one counts.
    for index in [2usize, 0, 1, 0] {
        api.send_bytes(
            Method::PUT,
            &format!("/v1/blobs/rec-1/chunks/{index}"),
            Some(laptop.token()),
            Some(chunks[index].clone()),
            &[],
        )
        .await
        .expect_status(204);
    }
    let info: BlobInfo = api
        .get("/v1/blobs/rec-1", Some(phone.token()))
        .await
        .expect(200);
    assert_eq!(
        info,
        BlobInfo {
            chunks: 3,
            total_bytes: 2010,
            complete: false
        }
    );

    let wrong = BlobDone {
        chunks: 4,
        total_bytes: 2010,
    };
    let reply = api
        .send(
            Method::POST,
            "/v1/blobs/rec-1/complete",
            Some(laptop.token()),
            &wrong,
        )
        .await;
    reply.expect_status(400);
    assert_eq!(reply.error().code, ErrorCode::BadRequest);
    let done = BlobDone {
        chunks: 3,
        total_bytes: 2010,
    };
    for _ in 0..2 {
        api.send(
            Method::POST,
            "/v1/blobs/rec-1/complete",
            Some(laptop.token()),
            &done,
        )
        .await
        .expect_status(204);
    }
    let info: BlobInfo = api
        .get("/v1/blobs/rec-1", Some(phone.token()))
        .await
        .expect(200);
    assert!(info.complete);
    for (index, chunk) in chunks.iter().enumerate() {
        let reply = api
            .get(
                &format!("/v1/blobs/rec-1/chunks/{index}"),
                Some(phone.token()),
            )
            .await;
        reply.expect_status(200);
        assert_eq!(&reply.body, chunk);
    }
    api.get("/v1/blobs/rec-1/chunks/3", Some(phone.token()))
        .await
        .expect_status(404);
    let reply = api
        .send_bytes(
            Method::PUT,
            "/v1/blobs/rec-1/chunks/0",
            Some(laptop.token()),
            Some(vec![9]),
            &[],
        )
        .await;
    reply.expect_status(400);
    api.get("/v1/blobs/never-sent", Some(phone.token()))
        .await
        .expect_status(404);
}

#[tokio::test]
async fn the_latest_snapshot_replaces_the_one_before() {
    let db = TestDb::create().await;
    let server = Server::start(&db.url, &[]);
    let api = Api::new(&server.base);
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let phone = laptop.second_device("phone").await;
    api.get("/v1/snapshots/latest", Some(phone.token()))
        .await
        .expect_status(404);
    laptop.push(&laptop.changes(4)).await;

    for cursor in [2, 4] {
        let snapshot = Snapshot {
            cursor,
            sealed: onno_sync::Sealed {
                nonce: vec![cursor as u8; 24],
                ciphertext: vec![7; 300],
            },
        };
        api.send(
            Method::PUT,
            "/v1/snapshots",
            Some(laptop.token()),
            &snapshot,
        )
        .await
        .expect_status(204);
    }
    let latest: Snapshot = api
        .get("/v1/snapshots/latest", Some(phone.token()))
        .await
        .expect(200);
    assert_eq!(latest.cursor, 4);
    assert_eq!(latest.sealed.nonce, vec![4; 24]);
    assert_eq!(db.count("snapshots").await, 1);

    // A snapshot past the log's end would make a device skip changes.
    let ahead = Snapshot {
        cursor: 5,
        sealed: latest.sealed,
    };
    let reply = api
        .send(Method::PUT, "/v1/snapshots", Some(laptop.token()), &ahead)
        .await;
    reply.expect_status(400);
}
