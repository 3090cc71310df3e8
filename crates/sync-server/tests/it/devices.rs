//! Devices that really sync: stores on separate data folders, the sync client
//! (`onno-sync`), the real server on PostgreSQL and the real keychain. What the person
//! cares about: every device ends with the same meetings, notes and relationships, no
//! edit lost, nothing deleted coming back, and the server holding none of it readable.

use onno_secrets::Secrets;
use onno_store::Store;
use onno_sync::{Credentials, Device, KdfParams, Round};
use onno_test_support::store::{TestStore, test_store};
use onno_test_support::sync_edits::{Rng, random_edit};

use crate::support::{Fixture, Server, random_hex};

/// Cheap stretching for the wrapped key: these tests check sync, not Argon2id's cost.
pub(crate) const FAST: KdfParams = KdfParams {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};

const PASSWORD: &str = "correct horse battery";

/// A keychain service of the test's own, so runs never see each other's entries.
pub(crate) fn keychain() -> Secrets {
    Secrets::new(&format!("Onno sync test {}", random_hex(6)))
}

fn credentials<'a>(server: &'a str, email: &'a str, name: &'a str) -> Credentials<'a> {
    Credentials {
        server,
        email,
        password: PASSWORD,
        device_name: name,
    }
}

/// `count` devices on one account: the first creates it, the rest sign in.
pub(crate) async fn devices(
    base: &str,
    email: &str,
    secrets: &Secrets,
    count: usize,
) -> Vec<TestStore> {
    let stores: Vec<TestStore> = (0..count).map(|_| test_store()).collect();
    onno_sync::create_account(
        &stores[0].store,
        secrets,
        &credentials(base, email, "device 0"),
        FAST,
    )
    .await
    .expect("create the account");
    for (i, device) in stores.iter().enumerate().skip(1) {
        let name = format!("device {i}");
        onno_sync::sign_in(&device.store, secrets, &credentials(base, email, &name))
            .await
            .expect("sign in");
    }
    stores
}

pub(crate) async fn sync(store: &Store, secrets: &Secrets) -> Round {
    Device::open(store, secrets)
        .await
        .expect("open the device")
        .sync()
        .await
        .expect("a sync round")
}

/// Rounds on every device until a whole pass moves nothing.
async fn settle(stores: &[&Store], secrets: &Secrets) {
    for _ in 0..5 {
        let mut moved = 0;
        for store in stores {
            let round = sync(store, secrets).await;
            moved += round.pushed + round.applied;
        }
        if moved == 0 {
            return;
        }
    }
    panic!("the devices kept exchanging changes");
}

fn assert_converged(stores: &[&Store]) {
    let first = stores[0].synced_content().expect("read device 0");
    assert!(
        first.keys().any(|(table, _)| table == "meetings"),
        "the edits made meetings"
    );
    for (i, store) in stores.iter().enumerate().skip(1) {
        let other = store.synced_content().expect("read a device");
        let differ: Vec<_> = first
            .iter()
            .filter(|(k, v)| other.get(*k) != Some(*v))
            .map(|(k, _)| k)
            .chain(other.keys().filter(|k| !first.contains_key(*k)))
            .take(10)
            .collect();
        assert!(
            differ.is_empty(),
            "device {i} differs from device 0 in {differ:?}"
        );
        assert_eq!(store.pending_change_count().expect("count"), 0);
    }
}

#[tokio::test]
async fn three_devices_converge_through_random_edits_partitions_and_a_server_restart() {
    // A port of its own, so the restarted server is where the devices look for it.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("a free port")
        .port();
    let bind = format!("127.0.0.1:{port}");
    let args = [
        "--bind",
        bind.as_str(),
        "--device-requests-per-window",
        "100000",
    ];
    let mut fx = Fixture::start(&args).await;
    let secrets = keychain();
    let stores = devices(&fx.server.base, "ada@example.com", &secrets, 3).await;
    let refs: Vec<&Store> = stores.iter().map(|s| &s.store).collect();

    let mut rng = Rng(0x5eed_0001);
    let mut offline = [0usize; 3];
    for step in 0..90 {
        let who = rng.below(3) as usize;
        random_edit(refs[who], &mut rng, step);
        if step == 45 {
            // Killed as a crash would, and started again on the same database.
            fx.server.kill();
            fx.server = Server::start(&fx.db.url, &args);
        }
        for d in 0..3 {
            if offline[d] > 0 {
                offline[d] -= 1;
            } else if rng.chance(10) {
                // A partition: this device does not sync for a while.
                offline[d] = 1 + rng.below(12) as usize;
            } else if rng.chance(50) {
                sync(refs[d], &secrets).await;
            }
        }
    }
    settle(&refs, &secrets).await;
    assert_converged(&refs);
}

/// What a person wrote, which the server must never hold readable.
const PLAINTEXTS: [&str; 4] = [
    "Zeppelin Robotics",
    "our churn is three point seven percent",
    "시리즈 A는 120억 밸류로",
    "Call Jiwoo about the Busan plant",
];

/// A relationship, a meeting under it with a line, and a note, written on `store`.
pub(crate) fn meeting_with_words(store: &Store) -> i64 {
    use onno_store::{
        MeetingType, NewMeeting, NewRelationship, NewSegment, RelationshipType, SegmentSource,
    };
    let relationship = store
        .create_relationship(&NewRelationship::new(PLAINTEXTS[0], RelationshipType::Deal))
        .expect("a relationship");
    let mut meeting = NewMeeting::new(
        "Intro",
        MeetingType::InvestmentScreening,
        "2026-12-01T10:00:00Z",
    );
    meeting.relationship_id = Some(relationship.id);
    let meeting = store.create_meeting(&meeting).expect("a meeting").id;
    let lines: Vec<NewSegment> = PLAINTEXTS[1..3]
        .iter()
        .enumerate()
        .map(|(i, text)| NewSegment {
            meeting_id: meeting,
            source: SegmentSource::Them,
            speaker: None,
            text: (*text).to_owned(),
            start_ms: i as i64 * 3_000,
            end_ms: i as i64 * 3_000 + 2_500,
            confidence: Some(0.9),
            language: None,
            is_final: true,
        })
        .collect();
    store.add_segments(&lines).expect("the lines");
    store.add_note(meeting, PLAINTEXTS[3]).expect("a note");
    meeting
}

#[tokio::test]
async fn the_other_device_gets_the_words_and_the_server_holds_none_of_them() {
    // Debug logs: what an operator chasing a problem would turn on.
    let fx = Fixture::start_with(&[], "debug").await;
    let secrets = keychain();
    let stores = devices(&fx.server.base, "jiwoo@example.com", &secrets, 2).await;
    meeting_with_words(&stores[0]);
    sync(&stores[0], &secrets).await;
    let round = sync(&stores[1], &secrets).await;
    assert!(round.applied > 0, "{round:?}");

    let found = stores[1]
        .search(&onno_store::SearchQuery::new("churn"))
        .expect("search on the second device");
    assert_eq!(
        found.total, 1,
        "the line said on the first device is found on the second"
    );
    assert_eq!(
        stores[0].synced_content().unwrap(),
        stores[1].synced_content().unwrap()
    );

    let held = format!("{}\n{}", fx.db.dump().await, fx.server.logs());
    for text in PLAINTEXTS {
        assert!(!held.contains(text), "the server holds {text:?}");
    }
    for word in ["churn", "Zeppelin", "밸류", "Busan", "jiwoo@example.com"] {
        assert!(
            !fx.server.logs().contains(word),
            "the server logged {word:?}"
        );
    }
    assert!(!fx.db.dump().await.contains("churn"));
}

#[tokio::test]
async fn altered_moved_and_replayed_changes_are_refused_and_counted_for_the_user() {
    let fx = Fixture::start(&[]).await;
    let secrets = keychain();
    let stores = devices(&fx.server.base, "mira@example.com", &secrets, 2).await;
    meeting_with_words(&stores[0]);
    // The first push of a new workspace numbers the changes in the device's order.
    let pending = stores[0].pending_changes(1_000).unwrap();
    let seq_of = |table: &str, nth: usize| {
        pending
            .iter()
            .enumerate()
            .filter(|(_, c)| c.table == table && c.column == onno_store::sync::ROW_COLUMN)
            .nth(nth)
            .map(|(i, _)| i as i64 + 1)
            .unwrap_or_else(|| panic!("no new row of {table} in {pending:?}"))
    };
    let (note, first_line, second_line, meeting) = (
        seq_of("notes", 0),
        seq_of("transcript_segments", 0),
        seq_of("transcript_segments", 1),
        seq_of("meetings", 0),
    );
    sync(&stores[0], &secrets).await;
    let pool = &fx.db.pool;
    let tamper = |sql: String| async move {
        sqlx::query(sqlx::AssertSqlSafe(sql))
            .execute(pool)
            .await
            .expect("tamper")
            .rows_affected()
    };
    // A flipped bit in the note.
    let altered = tamper(format!(
        "UPDATE changes SET ciphertext = set_byte(ciphertext, 0, get_byte(ciphertext, 0) # 1)
         WHERE seq = {note}"
    ))
    .await;
    // The first line's change moved onto the second line's row.
    let moved = tamper(format!(
        "UPDATE changes SET row_tag = (SELECT row_tag FROM changes WHERE seq = {second_line})
         WHERE seq = {first_line}"
    ))
    .await;
    // The meeting stored again under a new id, as a replay by the server would be.
    let replayed = tamper(format!(
        "INSERT INTO changes (workspace_id, seq, change_id, device_id, row_tag, hlc, nonce, ciphertext, schema_version)
         SELECT workspace_id, (SELECT max(seq) + 1 FROM changes), change_id || '-again', device_id,
                row_tag, hlc, nonce, ciphertext, schema_version
         FROM changes WHERE seq = {meeting}"
    ))
    .await;
    sqlx::query("UPDATE workspaces SET latest_seq = (SELECT max(seq) FROM changes)")
        .execute(pool)
        .await
        .expect("move the workspace's counter");
    assert_eq!((altered, moved, replayed), (1, 1, 1));

    let round = sync(&stores[1], &secrets).await;
    assert_eq!(round.refused, 3, "{round:?}");
    let outcome: onno_sync::Outcome = stores[1]
        .setting(onno_sync::OUTCOME_SETTING)
        .unwrap()
        .expect("the status is kept");
    assert_eq!(outcome.refused, 3, "the status tells the user");
    // What was not touched arrived; what was, did not.
    let said = |text: &str| {
        stores[1]
            .search(&onno_store::SearchQuery::new(text))
            .expect("search")
            .total
    };
    assert_eq!(said("밸류"), 1, "the second line arrived");
    assert_eq!(said("churn"), 0, "the moved line was refused");
    assert_eq!(said("Busan"), 0, "the altered note was refused");
}

/// The `onno` command line beside the server binary (`cargo test --workspace` builds
/// both before running any test).
pub(crate) fn cli() -> std::path::PathBuf {
    let server = std::path::Path::new(env!("CARGO_BIN_EXE_onno-sync-server"));
    let cli = server.with_file_name(format!("onno{}", std::env::consts::EXE_SUFFIX));
    assert!(
        cli.exists(),
        "{} is missing: build it first (cargo build --bin onno)",
        cli.display()
    );
    cli
}

/// `onno <args>` on `dir`, killed with SIGKILL after `after`; whether it finished first.
pub(crate) fn killed_after(
    dir: &std::path::Path,
    args: &[&str],
    after: std::time::Duration,
) -> bool {
    let mut child = std::process::Command::new(cli())
        .args(["--data-dir"])
        .arg(dir)
        .args(args)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("start onno");
    std::thread::sleep(after);
    let finished = child.try_wait().expect("poll the child").is_some();
    let _ = child.kill();
    let _ = child.wait();
    finished
}

#[tokio::test]
async fn clients_killed_mid_push_and_mid_pull_still_converge() {
    let fx = Fixture::start(&["--device-requests-per-window", "100000"]).await;
    // The command line keeps its keys under the app's own keychain service.
    let secrets = Secrets::onno();
    let stores = devices(&fx.server.base, "kim@example.com", &secrets, 2).await;
    let refs: Vec<&Store> = stores.iter().map(|s| &s.store).collect();
    let mut rng = Rng(0x5eed_0002);
    // Enough to take several pushes and pulls: a long meeting's transcript.
    let meeting = meeting_with_words(refs[0]);
    let lines: Vec<onno_store::NewSegment> = (0..3_000)
        .map(|i| onno_store::NewSegment {
            meeting_id: meeting,
            source: onno_store::SegmentSource::Them,
            speaker: None,
            text: format!("line {i} of a long meeting"),
            start_ms: 10_000 + i * 1_000,
            end_ms: 10_000 + i * 1_000 + 900,
            confidence: Some(0.9),
            language: None,
            is_final: true,
        })
        .collect();
    refs[0].add_segments(&lines).expect("the lines");
    for step in 0..20 {
        random_edit(refs[rng.below(2) as usize], &mut rng, step);
    }

    let mut kills = 0;
    for (device, dir) in stores.iter().map(|s| s._dir.path()).enumerate() {
        for attempt in 0..6 {
            let after = std::time::Duration::from_millis(150 + rng.below(600) + attempt * 50);
            if !killed_after(dir, &["sync", "now", "--no-files"], after) {
                kills += 1;
            }
        }
        let _ = device;
    }
    assert!(
        kills >= 2,
        "the clients were killed mid-round only {kills} times"
    );
    settle(&refs, &secrets).await;
    assert_converged(&refs);
}

#[tokio::test]
async fn with_the_password_forgotten_the_recovery_key_signs_in_and_sets_a_new_one() {
    let fx = Fixture::start(&[]).await;
    let secrets = keychain();
    let base = fx.server.base.clone();
    let laptop = test_store();
    let recovery = onno_sync::create_account(
        &laptop,
        &secrets,
        &credentials(&base, "sora@example.com", "laptop"),
        FAST,
    )
    .await
    .expect("create the account");
    meeting_with_words(&laptop);
    sync(&laptop, &secrets).await;

    // The recovery key as the person wrote it down, read back from its words.
    let written = recovery.display().to_string().to_lowercase();
    let recovery = onno_sync::RecoveryKey::parse(&written).expect("read the recovery key back");
    let desk = test_store();
    let new_password = "a brand new password";
    let who = Credentials {
        password: new_password,
        ..credentials(&base, "sora@example.com", "desk")
    };
    onno_sync::recover(&desk, &secrets, &who, &recovery, FAST)
        .await
        .expect("recover with the recovery key");
    sync(&desk, &secrets).await;
    assert_eq!(
        laptop.synced_content().unwrap(),
        desk.synced_content().unwrap()
    );

    // The old password is refused, the new one opens the workspace on a third device,
    // and the laptop, signed in all along, keeps syncing.
    let phone = test_store();
    let old = onno_sync::sign_in(
        &phone,
        &secrets,
        &credentials(&base, "sora@example.com", "phone"),
    )
    .await
    .expect_err("the old password");
    assert_eq!(old.kind(), onno_sync::SyncErrorKind::Unauthorized);
    let who = Credentials {
        password: new_password,
        ..credentials(&base, "sora@example.com", "phone")
    };
    onno_sync::sign_in(&phone, &secrets, &who)
        .await
        .expect("the new password");
    sync(&phone, &secrets).await;
    assert_eq!(
        laptop.synced_content().unwrap(),
        phone.synced_content().unwrap()
    );
    meeting_with_words(&desk);
    sync(&desk, &secrets).await;
    assert!(
        sync(&laptop, &secrets).await.applied > 0,
        "the laptop still syncs"
    );

    // A wrong recovery key signs nothing in.
    let wrong = onno_sync::RecoveryKey::generate().unwrap();
    let err = onno_sync::recover(&test_store(), &secrets, &who, &wrong, FAST)
        .await
        .expect_err("a wrong recovery key");
    assert_eq!(err.kind(), onno_sync::SyncErrorKind::RecoveryKey);
}

#[tokio::test]
async fn deleting_everything_on_one_device_signs_it_out_and_leaves_the_others_their_copy() {
    let fx = Fixture::start(&[]).await;
    // The command line keeps its keys under the app's own keychain service.
    let secrets = Secrets::onno();
    let stores = devices(&fx.server.base, "yuna@example.com", &secrets, 2).await;
    meeting_with_words(&stores[0]);
    sync(&stores[0], &secrets).await;
    sync(&stores[1], &secrets).await;

    let deleted = std::process::Command::new(cli())
        .args(["--data-dir"])
        .arg(stores[1]._dir.path())
        .args(["delete-everything", "--yes"])
        .output()
        .expect("run onno delete-everything");
    assert!(
        deleted.status.success(),
        "{}",
        String::from_utf8_lossy(&deleted.stderr)
    );
    assert!(String::from_utf8_lossy(&deleted.stdout).contains("signed out of sync"));
    assert_eq!(onno_sync::Account::load(&stores[1]).unwrap(), None);

    let round = sync(&stores[0], &secrets).await;
    assert_eq!(round.applied, 0, "no deletion reached the other device");
    let found = stores[0]
        .search(&onno_store::SearchQuery::new("churn"))
        .unwrap();
    assert_eq!(found.total, 1, "the other device keeps its copy");
    let device = Device::open(&stores[0], &secrets).await.unwrap();
    let list = device.api().devices(device.access_token()).await.unwrap();
    assert_eq!(list.devices.len(), 1, "the deleted device left the account");
}
