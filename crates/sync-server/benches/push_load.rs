//! Pushes per second from 100 devices on loopback: 10 accounts of 10 devices each,
//! every device pushing batches of sealed changes to its workspace as fast as the
//! server answers, for 15 seconds. Prints pushes and changes per second and push
//! latency. Needs a PostgreSQL cluster:
//!
//!   scripts/with-postgres.sh cargo bench -p onno-sync-server --bench push_load
//!
//! Server, database and load all share this machine's cores, so the figure is a floor
//! for a server with a machine of its own.

#[path = "../tests/it/support/mod.rs"]
mod support;

use std::time::{Duration, Instant};

use support::{Account, Fixture};

const ACCOUNTS: usize = 10;
const DEVICES_PER_ACCOUNT: usize = 10;
const CHANGES_PER_PUSH: usize = 10;
const RUN: Duration = Duration::from_secs(15);

fn main() {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("a tokio runtime");
    runtime.block_on(run());
}

async fn run() {
    let fx = Fixture::start(&[
        "--sign-ins-per-window",
        "100000",
        "--device-requests-per-window",
        "100000000",
        "--db-connections",
        "32",
    ])
    .await;
    let (db, api) = (&fx.db, &fx.api);

    let mut devices = vec![];
    for a in 0..ACCOUNTS {
        let first = Account::sign_up(api, &format!("load{a}@example.com")).await;
        for d in 1..DEVICES_PER_ACCOUNT {
            devices.push(first.second_device(&format!("device {d}")).await);
        }
        devices.push(first);
    }
    println!(
        "push_load: {} devices in {ACCOUNTS} workspaces, {CHANGES_PER_PUSH} changes a push, {} s",
        devices.len(),
        RUN.as_secs()
    );

    let started = Instant::now();
    let tasks: Vec<_> = devices
        .into_iter()
        .map(|device| {
            tokio::spawn(async move {
                let mut latencies = vec![];
                while started.elapsed() < RUN {
                    // Sealed before the clock starts: the server's work is measured,
                    // not the client's encryption.
                    let changes = device.changes(CHANGES_PER_PUSH);
                    let sent = Instant::now();
                    device.push(&changes).await;
                    latencies.push(sent.elapsed());
                }
                latencies
            })
        })
        .collect();
    let mut latencies = vec![];
    for task in tasks {
        latencies.extend(task.await.expect("a device's task"));
    }
    let elapsed = started.elapsed().as_secs_f64();
    latencies.sort();
    let at = |q: f64| latencies[((latencies.len() - 1) as f64 * q) as usize];
    let pushes = latencies.len() as f64;
    let stored = db.count("changes").await;
    println!(
        "push_load: {:.0} pushes/s, {:.0} changes/s ({} pushes, {stored} changes stored in {elapsed:.1} s)",
        pushes / elapsed,
        stored as f64 / elapsed,
        latencies.len(),
    );
    println!(
        "push_load: push latency p50 {:.1} ms, p99 {:.1} ms, max {:.1} ms",
        at(0.5).as_secs_f64() * 1000.0,
        at(0.99).as_secs_f64() * 1000.0,
        at(1.0).as_secs_f64() * 1000.0,
    );
    assert_eq!(stored as usize, latencies.len() * CHANGES_PER_PUSH);
}
