use onno_sync::wire::{BlobInfo, ErrorCode, Snapshot};

use crate::support::{Account, Fixture};

#[tokio::test]
async fn a_blob_uploaded_in_chunks_comes_back_whole_and_then_cannot_change() {
    let fx = Fixture::start(&[]).await;
    let api = fx.api.clone();
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let phone = laptop.second_device("phone").await;
    let chunks: Vec<Vec<u8>> = vec![vec![1; 1000], vec![2; 1000], vec![3; 10]];

    // Out of order, and one chunk sent twice (a retry): the last one counts.
    for index in [2usize, 0, 1, 0] {
        let reply = laptop
            .put_chunk("rec-1", index, chunks[index].clone())
            .await;
        reply.expect_status(204);
    }
    let info: BlobInfo = phone.get("/v1/blobs/rec-1").await.expect(200);
    let expected = BlobInfo {
        chunks: 3,
        total_bytes: 2010,
        complete: false,
    };
    assert_eq!(info, expected);

    let reply = laptop.complete_blob("rec-1", 4, 2010).await;
    reply.expect_status(400);
    assert_eq!(reply.error().code, ErrorCode::BadRequest);
    // Completing twice (a retry) is the same as once.
    for _ in 0..2 {
        laptop
            .complete_blob("rec-1", 3, 2010)
            .await
            .expect_status(204);
    }
    let info: BlobInfo = phone.get("/v1/blobs/rec-1").await.expect(200);
    assert!(info.complete);
    for (index, chunk) in chunks.iter().enumerate() {
        let reply = phone.get(&format!("/v1/blobs/rec-1/chunks/{index}")).await;
        reply.expect_status(200);
        assert_eq!(&reply.body, chunk);
    }
    let reply = phone.get("/v1/blobs/rec-1/chunks/3").await;
    reply.expect_status(404);
    // A complete blob cannot change.
    laptop
        .put_chunk("rec-1", 0, vec![9])
        .await
        .expect_status(400);
    phone.get("/v1/blobs/never-sent").await.expect_status(404);
}

#[tokio::test]
async fn the_latest_snapshot_replaces_the_one_before() {
    let fx = Fixture::start(&[]).await;
    let (db, api) = (&fx.db, fx.api.clone());
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let phone = laptop.second_device("phone").await;
    phone.get("/v1/snapshots/latest").await.expect_status(404);
    laptop.push(&laptop.changes(4)).await;

    for cursor in [2, 4] {
        let snapshot = Snapshot {
            cursor,
            sealed: onno_sync::Sealed {
                nonce: vec![cursor as u8; 24],
                ciphertext: vec![7; 300],
            },
        };
        laptop.put_snapshot(&snapshot).await.expect_status(204);
    }
    let latest: Snapshot = phone.get("/v1/snapshots/latest").await.expect(200);
    assert_eq!(latest.cursor, 4);
    assert_eq!(latest.sealed.nonce, vec![4; 24]);
    assert_eq!(db.count("snapshots").await, 1);

    // A snapshot past the log's end would make a device skip changes.
    let ahead = Snapshot {
        cursor: 5,
        sealed: latest.sealed,
    };
    let reply = laptop.put_snapshot(&ahead).await;
    reply.expect_status(400);
}
