use crate::support::{Account, Api, Fixture, Server};

#[tokio::test]
async fn a_server_killed_mid_use_and_started_again_keeps_the_log_and_its_numbering() {
    let mut fx = Fixture::start(&[]).await;
    let api = fx.api.clone();
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let first = laptop.changes(3);
    laptop.push(&first).await;

    fx.server.kill();
    let server = Server::start(&fx.db.url, &[]);
    let api = Api::new(&server.base);
    let laptop = Account { api, ..laptop };

    // The device's tokens survive the restart, and so does the log.
    let page = laptop.pull(0, 100).await;
    let pulled: Vec<_> = page.changes.iter().map(|p| p.envelope.clone()).collect();
    assert_eq!(pulled, first);
    let ack = laptop.push(&laptop.changes(2)).await;
    assert_eq!((ack.accepted, ack.latest), (2, 5));
    let seqs: Vec<i64> = laptop
        .pull(0, 100)
        .await
        .changes
        .iter()
        .map(|p| p.seq)
        .collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5]);
    // A change pushed before the crash and pushed again is still a duplicate.
    let ack = laptop.push(&first).await;
    assert_eq!((ack.accepted, ack.duplicates), (0, 3));
}

#[tokio::test]
async fn sigterm_stops_the_server_cleanly_even_with_a_long_poll_waiting() {
    let mut fx = Fixture::start(&[]).await;
    let api = fx.api.clone();
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let waiter = {
        let api = api.clone();
        let token = laptop.token().to_owned();
        tokio::spawn(async move {
            api.get("/v1/changes/wait?after=0&timeout_s=60", Some(&token))
                .await
        })
    };
    tokio::time::sleep(std::time::Duration::from_millis(300)).await;
    let started = std::time::Instant::now();
    let status = fx.server.terminate();
    assert!(status.success(), "{status:?}");
    assert!(started.elapsed() < std::time::Duration::from_secs(10));
    let reply = waiter.await.expect("the waiting task");
    reply.expect_status(200);
    assert!(fx.server.logs().contains("stopped"));
}

#[tokio::test]
async fn a_push_to_one_instance_wakes_a_device_long_polling_another() {
    let fx = Fixture::start(&[]).await;
    // A second instance on the same database, as behind a load balancer.
    let other = Server::start(&fx.db.url, &[]);
    let laptop = Account::sign_up(&fx.api, "ada@example.com").await;
    let phone = Account {
        api: Api::new(&other.base),
        ..laptop.second_device("phone").await
    };
    let waiter = {
        let api = phone.api.clone();
        let token = phone.token().to_owned();
        tokio::spawn(async move {
            let started = std::time::Instant::now();
            let reply = api
                .get("/v1/changes/wait?after=0&timeout_s=30", Some(&token))
                .await;
            (reply, started.elapsed())
        })
    };
    // The phone is waiting on the other instance before the laptop pushes.
    tokio::time::sleep(std::time::Duration::from_millis(500)).await;
    laptop.push(&laptop.changes(2)).await;
    let (reply, waited) = waiter.await.expect("the waiting task");
    let latest: onno_sync::wire::Latest = reply.expect(200);
    assert_eq!(latest.latest, 2);
    assert!(
        waited < std::time::Duration::from_secs(5),
        "woken by the push, not the timeout: {waited:?}"
    );
}
