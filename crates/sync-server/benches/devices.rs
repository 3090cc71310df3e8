//! What a person waits for: a new device filling with a year of meetings (500 meetings,
//! 300,000 transcript lines by default), and a meeting made on one device showing on
//! another while both run the background sync. Prints wall time, bytes on the wire per
//! line, the server's CPU time, and the delivery latency's p50 and p95. Needs a
//! PostgreSQL cluster and a keychain:
//!
//!   scripts/with-secret-service.sh scripts/with-postgres.sh \
//!     cargo bench -p onno-sync-server --bench devices
//!
//! `ONNO_BENCH_MEETINGS` and `ONNO_BENCH_LINES` (per meeting) scale the first part.
//! Server, database, both devices and the load share this machine's cores.

#[path = "../tests/it/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use onno_secrets::Secrets;
use onno_store::{MeetingType, NewMeeting, NewSegment, SegmentSource, Store};
use onno_sync::{Credentials, Device, KdfParams, Pace};
use onno_test_support::store::test_store;
use support::{Fixture, random_hex};

const PASSWORD: &str = "a long benchmark password";
/// A server and client pace far above the default, so the loop's own delays (long
/// poll, local polling) are what is measured, not the request limit.
const REQUESTS: &str = "100000";

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run());
}

fn env_number(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

/// The server's user and system CPU time so far.
fn cpu_time(pid: u32) -> Duration {
    let stat = std::fs::read_to_string(format!("/proc/{pid}/stat")).unwrap_or_default();
    // The fields after the command's closing parenthesis; utime and stime are 14 and 15.
    let fields: Vec<&str> = stat
        .rsplit_once(')')
        .map(|(_, rest)| rest.split_whitespace().collect())
        .unwrap_or_default();
    let ticks: u64 = [11, 12]
        .iter()
        .filter_map(|&i| fields.get(i).and_then(|f| f.parse::<u64>().ok()))
        .sum();
    Duration::from_millis(ticks * 10)
}

/// An hour's meeting recorded on `first` (both sides, 16 kHz mono 16-bit: 115 MB each)
/// sent, then fetched by `second`: time, throughput and the server's CPU.
async fn recordings(first: &Store, second: &Store, secrets: &Secrets, server: u32) {
    const SIDE_BYTES: usize = 16_000 * 2 * 3_600;
    let id = first
        .create_meeting(&NewMeeting::new(
            "an hour recorded",
            MeetingType::Sales,
            "2026-01-06T10:00:00Z",
        ))
        .expect("a meeting")
        .id;
    let folder = first.layout().meeting(id);
    std::fs::create_dir_all(folder.path()).expect("the meeting's folder");
    let mut paths = Vec::new();
    for (n, side) in [SegmentSource::Me, SegmentSource::Them]
        .into_iter()
        .enumerate()
    {
        let path = folder.recording(side).expect("a recorded side");
        // Noise-like samples: what a recording costs, since nothing compresses it.
        let mut state = 0x9e37_79b9_u32 + n as u32;
        let bytes: Vec<u8> = (0..SIDE_BYTES)
            .map(|_| {
                state ^= state << 13;
                state ^= state >> 17;
                state ^= state << 5;
                state as u8
            })
            .collect();
        std::fs::write(first.layout().absolute(&path), bytes).expect("a recording");
        paths.push(path);
    }
    first
        .set_meeting_audio_paths(id, &paths)
        .expect("the recordings");
    first
        .end_meeting(id, "2026-01-06T11:00:00Z")
        .expect("the meeting ends");
    let mb = (2 * SIDE_BYTES) as f64 / 1e6;
    let carry = |store, fetch| async move {
        let (cpu, started) = (cpu_time(server), Instant::now());
        let device = Device::open(store, secrets).await.expect("a device");
        device.sync().await.expect("a round");
        let transfer = device
            .transfer_files(fetch, None, &mut |_| {})
            .await
            .expect("a transfer");
        let took = started.elapsed().as_secs_f64();
        (transfer, took, (cpu_time(server) - cpu).as_secs_f64())
    };
    let (sent, took, cpu) = carry(first, onno_sync::Fetch::None).await;
    assert_eq!(sent.sent, 2);
    println!(
        "devices: an hour's recordings ({mb:.0} MB) sent in {took:.1} s ({:.0} MB/s, {:.3} bytes on the wire per byte), server CPU {cpu:.1} s",
        mb / took,
        sent.bytes as f64 / (2 * SIDE_BYTES) as f64
    );
    let (fetched, took, cpu) = carry(second, onno_sync::Fetch::All).await;
    assert_eq!(fetched.fetched, 2);
    println!(
        "devices: and fetched by the other device in {took:.1} s ({:.0} MB/s, checked against their hashes), server CPU {cpu:.1} s",
        mb / took
    );
}

fn meeting(store: &Store, title: &str, lines: usize) {
    let id = store
        .create_meeting(&NewMeeting::new(
            title,
            MeetingType::Sales,
            "2026-01-05T10:00:00Z",
        ))
        .expect("a meeting")
        .id;
    let lines: Vec<NewSegment> = (0..lines as i64)
        .map(|i| NewSegment {
            meeting_id: id,
            source: if i % 2 == 0 {
                SegmentSource::Them
            } else {
                SegmentSource::Me
            },
            speaker: None,
            text: format!(
                "line {i}: our monthly recurring revenue grew twelve percent since the last call"
            ),
            start_ms: i * 4_000,
            end_ms: i * 4_000 + 3_500,
            confidence: Some(0.9),
            language: Some("en".to_owned()),
            is_final: true,
        })
        .collect();
    store.add_segments(&lines).expect("the lines");
}

async fn run() {
    let meetings = env_number("ONNO_BENCH_MEETINGS", 500);
    let lines = env_number("ONNO_BENCH_LINES", 600);
    let fx = Fixture::start(&["--device-requests-per-window", REQUESTS]).await;
    let secrets = Secrets::new(&format!("Onno sync benchmark {}", random_hex(6)));
    let who = |name: &'static str| Credentials {
        server: &fx.server.base,
        email: "bench@example.com",
        password: PASSWORD,
        device_name: name,
    };
    let fast = KdfParams {
        memory_kib: 1024,
        iterations: 1,
        parallelism: 1,
    };

    let first = test_store();
    let made = Instant::now();
    for m in 0..meetings {
        meeting(&first, &format!("meeting {m}"), lines);
    }
    println!(
        "devices: {meetings} meetings, {} lines made in {:.1} s",
        meetings * lines,
        made.elapsed().as_secs_f64()
    );
    onno_sync::create_account(&first, &secrets, &who("first"), fast)
        .await
        .expect("the account");

    let (cpu, started) = (cpu_time(fx.server.pid()), Instant::now());
    let device = Device::open(&first, &secrets)
        .await
        .expect("the first device");
    let round = device.sync().await.expect("the first push");
    let push_s = started.elapsed().as_secs_f64();
    let push_bytes = device.api().body_bytes();
    let push_cpu = cpu_time(fx.server.pid()) - cpu;
    println!(
        "devices: first device sent {} changes in {push_s:.1} s ({} bytes a line on the wire), server CPU {:.1} s",
        round.pushed,
        push_bytes / (meetings * lines).max(1) as u64,
        push_cpu.as_secs_f64()
    );

    let second = test_store();
    onno_sync::sign_in(&second, &secrets, &who("second"))
        .await
        .expect("the second device");
    let (cpu, started) = (cpu_time(fx.server.pid()), Instant::now());
    let device = Device::open(&second, &secrets)
        .await
        .expect("the second device");
    let round = device.sync().await.expect("the initial sync");
    let pull_s = started.elapsed().as_secs_f64();
    println!(
        "devices: the new device received and stored {} changes in {pull_s:.1} s ({} bytes a line on the wire), server CPU {:.1} s",
        round.applied,
        device.api().body_bytes() / (meetings * lines).max(1) as u64,
        (cpu_time(fx.server.pid()) - cpu).as_secs_f64()
    );
    assert_eq!(
        first.synced_content().expect("read"),
        second.synced_content().expect("read"),
        "the devices hold the same"
    );

    recordings(&first, &second, &secrets, fx.server.pid()).await;

    // Steady state: both devices run the background loop; one makes a meeting every few
    // seconds, the other is watched for it.
    let pace = Pace {
        round_requests: 100_000.0,
        ..Pace::default()
    };
    let (stop, stopped) = tokio::sync::watch::channel(false);
    let latencies = std::thread::scope(|scope| {
        for store in [&first.store, &second.store] {
            let (secrets, stopped) = (secrets.clone(), stopped.clone());
            scope.spawn(move || {
                let runtime = tokio::runtime::Builder::new_current_thread()
                    .enable_all()
                    .build()
                    .expect("a runtime");
                runtime.block_on(onno_sync::keep_in_sync(
                    store,
                    &secrets,
                    pace,
                    stopped,
                    |_| {},
                ));
            });
        }
        let mut latencies = Vec::new();
        for n in 0..20 {
            let title = format!("new meeting {n}");
            let made = Instant::now();
            meeting(&first, &title, 30);
            loop {
                let seen = second
                    .search(&onno_store::SearchQuery::new(&format!("\"{title}\"")))
                    .map(|r| r.total > 0)
                    .unwrap_or(false);
                if seen || made.elapsed() > Duration::from_secs(60) {
                    break;
                }
                std::thread::sleep(Duration::from_millis(50));
            }
            latencies.push(made.elapsed());
            std::thread::sleep(Duration::from_secs(2));
        }
        let _ = stop.send(true);
        latencies
    });
    let mut sorted = latencies.clone();
    sorted.sort();
    let at = |q: f64| sorted[((sorted.len() - 1) as f64 * q).round() as usize].as_secs_f64();
    println!(
        "devices: a new meeting (30 lines) showed on the other device in p50 {:.2} s, p95 {:.2} s, max {:.2} s ({} meetings)",
        at(0.5),
        at(0.95),
        at(1.0),
        sorted.len()
    );
}
