//! Downloads over real HTTP: resume, restarts, faults, offline.

use std::time::{Duration, Instant};

use onno_models::{ErrorKind, Method, ModelKind, Phase, Progress, Stop};
use onno_test_support::http_server::Fault;

use crate::{Fixture, content, entry};

fn no_progress() -> impl FnMut(Progress) {
    |_| {}
}

#[test]
fn a_download_is_verified_and_renamed_into_place() {
    let (fx, data) = Fixture::one(700_000);
    let mut seen = Vec::new();
    let path = fx
        .manager
        .download("m", &mut |p| seen.push(p))
        .expect("download");

    assert_eq!(path, fx.models_dir().join("m.bin"));
    assert_eq!(std::fs::read(&path).expect("read"), data);
    assert!(!fx.models_dir().join("m.bin.partial").exists());
    let requests = fx.server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].range, None);
    assert_eq!(seen.first().map(|p| p.phase), Some(Phase::Connecting));
    assert_eq!(seen.last().map(|p| p.phase), Some(Phase::Done));
    assert!(seen.windows(2).all(|w| w[0].downloaded <= w[1].downloaded));

    let v = fx.manager.verify("m").expect("verify");
    assert_eq!(v.method, Method::Checksum);
    assert_eq!(v.checksums, ["sha1", "sha256"]);

    // A second download finds the verified file and sends no request.
    fx.manager.download("m", &mut no_progress()).expect("again");
    assert_eq!(fx.server.requests().len(), 1);
}

#[test]
fn a_dropped_connection_resumes_from_the_partial_file() {
    let (fx, data) = Fixture::one(1_000_000);
    fx.server.push_fault(Fault::DropAfter(300_000));
    let path = fx
        .manager
        .download("m", &mut no_progress())
        .expect("download");

    assert_eq!(std::fs::read(path).expect("read"), data);
    let requests = fx.server.requests();
    assert_eq!(requests.len(), 2, "{requests:?}");
    assert_eq!(requests[0].body_bytes, 300_000);
    assert_eq!(requests[1].range.as_deref(), Some("bytes=300000-"));
    assert_eq!(requests[1].status, 206);
    let sent: u64 = requests.iter().map(|r| r.body_bytes).sum();
    assert_eq!(sent, 1_000_000, "no byte was downloaded twice");
}

#[test]
fn an_interrupted_download_is_kept_and_resumed_by_the_next_call() {
    let (fx, data) = Fixture::one(1_000_000);
    for _ in 0..4 {
        fx.server.push_fault(Fault::DropAfter(100_000));
    }
    let err = fx
        .manager
        .download("m", &mut no_progress())
        .expect_err("interrupted");
    assert_eq!(err.kind(), ErrorKind::Interrupted, "{err}");
    assert!(err.to_string().contains("400000 of 1000000"), "{err}");
    let partial = fx.models_dir().join("m.bin.partial");
    assert_eq!(std::fs::metadata(&partial).expect("partial").len(), 400_000);
    assert!(!fx.models_dir().join("m.bin").exists());

    let path = fx
        .manager
        .download("m", &mut no_progress())
        .expect("resumed");
    assert_eq!(std::fs::read(path).expect("read"), data);
    let requests = fx.server.requests();
    assert_eq!(
        requests.last().and_then(|r| r.range.as_deref()),
        Some("bytes=400000-")
    );
    let sent: u64 = requests.iter().map(|r| r.body_bytes).sum();
    assert_eq!(sent, 1_000_000);
}

#[test]
fn a_server_that_ignores_ranges_restarts_the_file_cleanly() {
    let (fx, data) = Fixture::one(500_000);
    std::fs::create_dir_all(fx.models_dir()).expect("dir");
    // A partial whose bytes are wrong: only a full restart can fix it.
    std::fs::write(fx.models_dir().join("m.bin.partial"), vec![0u8; 200_000]).expect("partial");
    fx.server.set_ranges(false);

    let path = fx
        .manager
        .download("m", &mut no_progress())
        .expect("download");
    assert_eq!(std::fs::read(path).expect("read"), data);
    let requests = fx.server.requests();
    assert_eq!(requests.len(), 1);
    assert_eq!(requests[0].range.as_deref(), Some("bytes=200000-"));
    assert_eq!(requests[0].status, 200);
}

#[test]
fn a_refused_range_drops_the_partial_and_starts_over() {
    let (fx, data) = Fixture::one(300_000);
    std::fs::create_dir_all(fx.models_dir()).expect("dir");
    std::fs::write(fx.models_dir().join("m.bin.partial"), &data[..1000]).expect("partial");
    fx.server.push_fault(Fault::Status(416));

    let path = fx
        .manager
        .download("m", &mut no_progress())
        .expect("download");
    assert_eq!(std::fs::read(path).expect("read"), data);
    let ranges: Vec<_> = fx.server.requests().into_iter().map(|r| r.range).collect();
    assert_eq!(ranges, [Some("bytes=1000-".to_string()), None]);
}

#[test]
fn a_checksum_mismatch_deletes_the_download_and_says_so() {
    let (fx, _) = Fixture::one(200_000);
    fx.server.push_fault(Fault::WrongBytes);
    let err = fx
        .manager
        .download("m", &mut no_progress())
        .expect_err("mismatch");

    assert_eq!(err.kind(), ErrorKind::ChecksumMismatch, "{err}");
    let message = err.to_string();
    assert!(
        message.contains("deleted") && message.contains("sha"),
        "{message}"
    );
    assert!(!fx.models_dir().join("m.bin").exists());
    assert!(!fx.models_dir().join("m.bin.partial").exists());
}

#[test]
fn a_size_that_differs_from_the_manifest_is_refused() {
    let data = content(10_000);
    let mut e = entry("m", "m.bin", &data);
    e.size += 5;
    let fx = Fixture::new(vec![(e, data)]);
    let err = fx
        .manager
        .download("m", &mut no_progress())
        .expect_err("size");
    assert_eq!(err.kind(), ErrorKind::SizeMismatch, "{err}");
    assert!(!fx.models_dir().join("m.bin").exists());
    assert!(!fx.models_dir().join("m.bin.partial").exists());
}

#[test]
fn server_errors_are_reported_with_their_status() {
    let (fx, _) = Fixture::one(1000);
    fx.server.push_fault(Fault::Status(500));
    let err = fx
        .manager
        .download("m", &mut no_progress())
        .expect_err("500");
    assert_eq!(err.kind(), ErrorKind::Http);
    assert!(err.to_string().contains("500"), "{err}");

    let data = content(10);
    let missing = Fixture::new(vec![(entry("m", "m.bin", &data), data)]);
    let manager = missing
        .manager
        .clone()
        .with_base_url(Some(format!("{}/elsewhere", missing.server.url())));
    let err = manager.download("m", &mut no_progress()).expect_err("404");
    assert_eq!(err.kind(), ErrorKind::Http);
    assert!(err.to_string().contains("not found (404)"), "{err}");
}

#[test]
fn offline_fails_fast_and_names_the_path_to_install_by_hand() {
    let (fx, _) = Fixture::one(1000);
    // A loopback port that nothing listens on.
    let port = std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .expect("free port")
        .port();
    let manager = fx
        .manager
        .clone()
        .with_base_url(Some(format!("http://127.0.0.1:{port}")));

    let started = Instant::now();
    let err = manager
        .download("m", &mut no_progress())
        .expect_err("offline");
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(err.kind(), ErrorKind::Offline, "{err}");
    let message = err.to_string();
    let target = fx.models_dir().join("m.bin");
    assert!(message.contains(&target.display().to_string()), "{message}");
    assert!(
        message.contains(&format!("http://127.0.0.1:{port}/m.bin")),
        "{message}"
    );
}

#[test]
fn a_model_without_a_checksum_is_verified_by_size_and_header() {
    // The header of a whisper.cpp Silero VAD file, then filler.
    let mut vad = Vec::new();
    vad.extend_from_slice(&0x6767_6d6cu32.to_le_bytes());
    vad.extend_from_slice(&10u32.to_le_bytes());
    vad.extend_from_slice(b"silero-16k");
    vad.extend_from_slice(&content(5000));
    let mut vad_entry = entry("vad", "vad.bin", &vad);
    vad_entry.kind = ModelKind::Vad;
    vad_entry.sha1 = None;
    vad_entry.sha256 = None;

    let junk = content(4000);
    let mut junk_entry = entry("junk", "junk.bin", &junk);
    junk_entry.sha1 = None;
    junk_entry.sha256 = None;

    let fx = Fixture::new(vec![(vad_entry, vad), (junk_entry, junk)]);
    fx.manager.download("vad", &mut no_progress()).expect("vad");
    let v = fx.manager.verify("vad").expect("verify");
    assert_eq!(v.method, Method::SizeAndHeader);
    assert!(
        v.summary().contains("no published checksum"),
        "{}",
        v.summary()
    );

    let err = fx
        .manager
        .download("junk", &mut no_progress())
        .expect_err("junk");
    assert_eq!(err.kind(), ErrorKind::InvalidModel, "{err}");
    assert!(!fx.models_dir().join("junk.bin").exists());
    assert!(!fx.models_dir().join("junk.bin.partial").exists());
}

#[test]
fn a_second_download_of_the_same_model_is_refused_while_one_runs() {
    let (fx, _) = Fixture::one(1000);
    std::fs::create_dir_all(fx.models_dir()).expect("dir");
    // What a running download holds: the lock on `.<file>.lock`.
    let held = std::fs::File::create(fx.models_dir().join(".m.bin.lock")).expect("lock file");
    held.try_lock().expect("lock");
    let err = fx
        .manager
        .download("m", &mut no_progress())
        .expect_err("busy");
    assert_eq!(err.kind(), ErrorKind::Busy, "{err}");
    assert!(fx.server.requests().is_empty());

    drop(held);
    fx.manager
        .download("m", &mut no_progress())
        .expect("after the other one ends");
}

#[test]
fn a_paused_download_keeps_its_bytes_and_the_next_one_resumes_them() {
    let (fx, data) = Fixture::one(2_000_000);
    let stop = Stop::new();
    let err = fx
        .manager
        .download_until("m", &stop, &mut |p| {
            if p.downloaded >= 500_000 {
                stop.pause();
            }
        })
        .expect_err("paused");
    assert_eq!(err.kind(), ErrorKind::Paused, "{err}");
    let partial = fx.models_dir().join("m.bin.partial");
    let kept = std::fs::metadata(&partial)
        .expect("the partial is kept")
        .len();
    assert!((500_000..2_000_000).contains(&kept), "{kept} bytes kept");
    assert!(!fx.models_dir().join("m.bin").exists());
    let listed = fx.manager.list().expect("list");
    assert_eq!(listed[0].partial_bytes, Some(kept));

    let path = fx
        .manager
        .download("m", &mut no_progress())
        .expect("resumed");
    assert_eq!(std::fs::read(path).expect("read"), data);
    let requests = fx.server.requests();
    let resumed_at = format!("bytes={kept}-");
    assert_eq!(
        requests.last().and_then(|r| r.range.as_deref()),
        Some(resumed_at.as_str())
    );
}

#[test]
fn a_cancelled_download_deletes_its_partial_file() {
    let (fx, data) = Fixture::one(2_000_000);
    let stop = Stop::new();
    let err = fx
        .manager
        .download_until("m", &stop, &mut |p| {
            if p.downloaded >= 500_000 {
                stop.cancel();
            }
        })
        .expect_err("cancelled");
    assert_eq!(err.kind(), ErrorKind::Cancelled, "{err}");
    assert!(!fx.models_dir().join("m.bin.partial").exists());
    assert!(!fx.models_dir().join("m.bin").exists());
    assert_eq!(fx.manager.list().expect("list")[0].partial_bytes, None);

    // The next download starts from the first byte.
    let path = fx
        .manager
        .download("m", &mut no_progress())
        .expect("download");
    assert_eq!(std::fs::read(path).expect("read"), data);
    assert_eq!(
        fx.server.requests().last().map(|r| r.range.clone()),
        Some(None)
    );
}

#[test]
fn a_pause_from_another_thread_stops_a_running_download() {
    let (fx, _data) = Fixture::one(40_000_000);
    let stop = std::sync::Arc::new(Stop::new());
    let (started, on_start) = std::sync::mpsc::channel();
    let pauser = {
        let stop = std::sync::Arc::clone(&stop);
        std::thread::spawn(move || {
            let _ = on_start.recv();
            stop.pause();
        })
    };
    let mut told = false;
    let err = fx
        .manager
        .download_until("m", &stop, &mut |p| {
            if p.phase == Phase::Downloading && !told {
                told = true;
                let _ = started.send(());
            }
        })
        .expect_err("paused");
    pauser.join().expect("pauser");
    assert_eq!(err.kind(), ErrorKind::Paused, "{err}");
    let kept = std::fs::metadata(fx.models_dir().join("m.bin.partial"))
        .expect("partial")
        .len();
    assert!(kept > 0 && kept < 40_000_000, "{kept}");
}

#[test]
fn a_download_cancelled_before_it_starts_sends_no_request() {
    let (fx, _data) = Fixture::one(100_000);
    let stop = Stop::new();
    stop.cancel();
    let err = fx
        .manager
        .download_until("m", &stop, &mut no_progress())
        .expect_err("cancelled");
    assert_eq!(err.kind(), ErrorKind::Cancelled);
    assert!(fx.server.requests().is_empty());
}
