use std::time::{Duration, Instant};

use onno_sync::wire::{Envelope, Latest, PullPage};

use crate::support::{Account, Fixture};

/// The whole log from `after`, page by page.
async fn pull_all(device: &Account, limit: i64) -> Vec<onno_sync::wire::Pulled> {
    let mut all = vec![];
    let mut after = 0;
    loop {
        let page = device.pull(after, limit).await;
        assert!(page.changes.len() as i64 <= limit);
        all.extend(page.changes.iter().cloned());
        after = page.next;
        if !page.more {
            return all;
        }
    }
}

#[tokio::test]
async fn another_device_pulls_the_pushed_changes_in_order_in_stable_pages() {
    let fx = Fixture::start(&[]).await;
    let api = fx.api.clone();
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let phone = laptop.second_device("phone").await;

    let first = laptop.changes(3);
    let second = phone.changes(4);
    let ack = laptop.push(&first).await;
    assert_eq!((ack.accepted, ack.duplicates, ack.latest), (3, 0, 3));
    let ack = phone.push(&second).await;
    assert_eq!((ack.accepted, ack.duplicates, ack.latest), (4, 0, 7));

    let pulled = pull_all(&phone, 2).await;
    let envelopes: Vec<Envelope> = pulled.iter().map(|p| p.envelope.clone()).collect();
    let pushed: Vec<Envelope> = first.iter().chain(&second).cloned().collect();
    assert_eq!(envelopes, pushed, "the same envelopes, in push order");
    let seqs: Vec<i64> = pulled.iter().map(|p| p.seq).collect();
    assert_eq!(seqs, [1, 2, 3, 4, 5, 6, 7]);
    let devices: Vec<&str> = pulled.iter().map(|p| p.device_id.as_str()).collect();
    assert_eq!(devices[..3], [laptop.session.device_id.as_str(); 3]);
    assert_eq!(devices[3..], [phone.session.device_id.as_str(); 4]);

    // The same cursor gives the same page, every time.
    for after in [0, 2, 5] {
        let a = phone.pull(after, 2).await;
        let b = laptop.pull(after, 2).await;
        assert_eq!(a.changes, b.changes);
        assert_eq!((a.next, a.more), (b.next, b.more));
    }
    let last: PullPage = phone.pull(7, 2).await;
    assert!(last.changes.is_empty());
    assert_eq!((last.next, last.more), (7, false));

    // What the phone opens is what the laptop sealed.
    let ws = &laptop.session.workspace_id;
    let note = laptop.secrets.change(ws, "notes", "row-1", "body", "hello");
    laptop.push(std::slice::from_ref(&note)).await;
    let page = phone.pull(7, 10).await;
    let context = onno_sync::ChangeContext {
        workspace: ws,
        table: "notes",
        row: "row-1",
        column: "body",
        hlc: &page.changes[0].envelope.hlc,
    };
    let opened = onno_sync::open(
        &phone.secrets.key,
        &context,
        &page.changes[0].envelope.sealed,
    )
    .expect("the phone opens the laptop's change");
    assert_eq!(opened, b"hello");
}

#[tokio::test]
async fn a_repeated_push_stores_nothing_twice() {
    let fx = Fixture::start(&[]).await;
    let (db, api) = (&fx.db, fx.api.clone());
    let laptop = Account::sign_up(&api, "ada@example.com").await;

    let changes = laptop.changes(5);
    laptop.push(&changes).await;
    // The answer was lost; the client pushes the same changes again, and one more,
    // with one of them twice.
    let mut again = changes.clone();
    let new = laptop.changes(1);
    again.extend(new.iter().cloned());
    again.push(changes[0].clone());
    let ack = laptop.push(&again).await;
    assert_eq!((ack.accepted, ack.duplicates, ack.latest), (1, 6, 6));
    assert_eq!(db.count("changes").await, 6);
    let pulled = pull_all(&laptop, 1000).await;
    assert_eq!(pulled.len(), 6);
    assert_eq!(pulled[5].envelope, new[0]);

    let ack = laptop.push(&[]).await;
    assert_eq!((ack.accepted, ack.duplicates, ack.latest), (0, 0, 6));
}

#[tokio::test]
async fn a_long_poll_wakes_when_another_device_pushes_and_ends_at_its_timeout() {
    let fx = Fixture::start(&[]).await;
    let api = fx.api.clone();
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let phone = laptop.second_device("phone").await;
    laptop.push(&laptop.changes(2)).await;

    // Nothing past the cursor: it answers at the timeout with the latest as it is.
    let started = Instant::now();
    let latest: Latest = phone
        .get("/v1/changes/wait?after=2&timeout_s=1")
        .await
        .expect(200);
    assert_eq!(latest.latest, 2);
    let waited = started.elapsed();
    assert!(
        waited >= Duration::from_millis(900) && waited < Duration::from_secs(5),
        "{waited:?}"
    );

    // Something past the cursor already: at once.
    let started = Instant::now();
    let latest: Latest = phone
        .get("/v1/changes/wait?after=1&timeout_s=30")
        .await
        .expect(200);
    assert_eq!(latest.latest, 2);
    assert!(started.elapsed() < Duration::from_secs(2));

    // Waiting, then the laptop pushes half a second later: the phone wakes then, not
    // at its 30 s timeout.
    let waiter = {
        let api = phone.api.clone();
        let token = phone.token().to_owned();
        tokio::spawn(async move {
            let started = Instant::now();
            let reply = api
                .get("/v1/changes/wait?after=2&timeout_s=30", Some(&token))
                .await;
            (reply, started.elapsed())
        })
    };
    tokio::time::sleep(Duration::from_millis(500)).await;
    laptop.push(&laptop.changes(1)).await;
    let (reply, waited) = waiter.await.expect("the waiting task");
    let latest: Latest = reply.expect(200);
    assert_eq!(latest.latest, 3);
    assert!(waited < Duration::from_secs(5), "woke after {waited:?}");
    let page = phone.pull(2, 10).await;
    assert_eq!(page.changes.len(), 1);
}

#[tokio::test]
async fn concurrent_pushes_get_gap_free_numbers_that_a_puller_never_skips() {
    const DEVICES: usize = 6;
    const PUSHES: usize = 15;
    const PER_PUSH: usize = 4;
    let fx = Fixture::start(&[
        "--sign-ins-per-window",
        "100",
        "--device-requests-per-window",
        "100000",
    ])
    .await;
    let laptop = Account::sign_up(&fx.api, "ada@example.com").await;
    let mut pushers = vec![];
    for i in 0..DEVICES {
        let device = laptop.second_device(&format!("device {i}")).await;
        pushers.push(tokio::spawn(async move {
            for _ in 0..PUSHES {
                device.push(&device.changes(PER_PUSH)).await;
            }
        }));
    }

    // Pulling while they push: every page continues exactly where the last ended.
    let total = (DEVICES * PUSHES * PER_PUSH) as i64;
    let mut cursor = 0;
    let started = Instant::now();
    while cursor < total {
        assert!(
            started.elapsed() < Duration::from_secs(60),
            "stuck at {cursor}"
        );
        let page = laptop.pull(cursor, 7).await;
        for (i, change) in page.changes.iter().enumerate() {
            assert_eq!(change.seq, cursor + 1 + i as i64, "a gap after {cursor}");
        }
        cursor = page.next;
    }
    for pusher in pushers {
        pusher.await.expect("a pushing device");
    }
    assert_eq!(fx.db.count("changes").await, total);
}

#[tokio::test]
async fn a_device_can_leave_out_its_own_changes_and_its_cursor_still_passes_them() {
    let fx = Fixture::start(&[]).await;
    let laptop = Account::sign_up(&fx.api, "own@example.com").await;
    let phone = laptop.second_device("phone").await;
    let mine = laptop.changes(3);
    laptop.push(&mine).await;
    let theirs = phone.changes(2);
    phone.push(&theirs).await;
    laptop.push(&laptop.changes(1)).await;

    let pull = |after: i64, limit: i64| {
        let laptop = &laptop;
        async move {
            laptop
                .api
                .get(
                    &format!("/v1/changes?after={after}&limit={limit}&skip_own=true"),
                    Some(laptop.token()),
                )
                .await
                .expect::<PullPage>(200)
        }
    };
    let page = pull(0, 100).await;
    let got: Vec<_> = page.changes.iter().map(|p| p.envelope.clone()).collect();
    assert_eq!(got, theirs, "only the phone's changes");
    assert_eq!(
        (page.next, page.more),
        (6, false),
        "the cursor passes the laptop's own"
    );
    // Paged one at a time: the same two, then a cursor at the end.
    let first = pull(0, 1).await;
    assert_eq!((first.changes.len(), first.more), (1, true));
    let second = pull(first.next, 1).await;
    assert_eq!(second.changes[0].envelope, theirs[1]);
    assert_eq!(pull(second.next, 1).await.next, 6);
}
