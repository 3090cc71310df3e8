//! The private PulseAudio server the live capture tests run beside (started by
//! `scripts/with-pulseaudio.sh`): its devices, playing sound into them, and taking
//! them away.
//!
//! The server's devices are shared by every test of a binary, so a test that plays
//! into them or changes them holds [`exclusive`] for its duration.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Mutex, MutexGuard};

/// The default output, whose monitor is "them".
pub const MEET_SINK: &str = "meet";
/// Its monitor source.
pub const MEET_MONITOR: &str = "meet.monitor";
/// The sink feeding the virtual microphone.
pub const MIC_FEED_SINK: &str = "micfeed";
/// The virtual microphone, the default input: "me".
pub const MIC_SOURCE: &str = "vmic";

/// Checks that the server is there; panics with what to do when it is not.
pub fn require() {
    let ok = Command::new("pactl")
        .arg("info")
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success());
    assert!(
        ok,
        "no PulseAudio server: run the tests through scripts/with-pulseaudio.sh (scripts/test.sh does)"
    );
}

/// Serialises the tests that use the server's devices.
pub fn exclusive() -> MutexGuard<'static, ()> {
    static LOCK: Mutex<()> = Mutex::new(());
    require();
    LOCK.lock().unwrap_or_else(|poisoned| poisoned.into_inner())
}

/// Starts playing `wav` into `sink`; the child ends when the file has played.
pub fn play(sink: &str, wav: &Path) -> Child {
    Command::new("paplay")
        .arg(format!("--device={sink}"))
        .arg(wav)
        .stdout(Stdio::null())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run paplay: {e}"))
}

/// Plays `wav` into `sink` and waits until it has played.
pub fn play_to_end(sink: &str, wav: &Path) {
    let status = play(sink, wav)
        .wait()
        .unwrap_or_else(|e| panic!("paplay failed: {e}"));
    assert!(status.success(), "paplay failed: {status}");
}

/// Stops the server and starts it again with the same devices.
pub fn restart_server() {
    let status = Command::new(scripts_dir().join("pulse-server.sh"))
        .arg("restart")
        .status()
        .unwrap_or_else(|e| panic!("cannot run pulse-server.sh: {e}"));
    assert!(status.success(), "restarting PulseAudio failed: {status}");
}

/// A module loaded into the server for one test (an extra sink, say); unloaded when
/// dropped.
pub struct Module {
    index: String,
}

impl Module {
    /// `pactl load-module NAME ARGS...`.
    pub fn load(name: &str, args: &[&str]) -> Module {
        let out = Command::new("pactl")
            .arg("load-module")
            .arg(name)
            .args(args)
            .output()
            .unwrap_or_else(|e| panic!("cannot run pactl: {e}"));
        assert!(
            out.status.success(),
            "pactl load-module {name} failed: {}",
            String::from_utf8_lossy(&out.stderr)
        );
        Module {
            index: String::from_utf8_lossy(&out.stdout).trim().to_owned(),
        }
    }

    /// A null sink called `name` with extra `args` (`rate=8000`, `channels=6`).
    pub fn null_sink(name: &str, args: &[&str]) -> Module {
        let mut all = vec![format!("sink_name={name}")];
        all.extend(args.iter().map(|a| a.to_string()));
        let refs: Vec<&str> = all.iter().map(String::as_str).collect();
        Module::load("module-null-sink", &refs)
    }

    /// Unloads the module now (the device vanishes).
    pub fn unload(mut self) {
        self.unload_now();
    }

    fn unload_now(&mut self) {
        if !self.index.is_empty() {
            let _ = Command::new("pactl")
                .args(["unload-module", &self.index])
                .status();
            self.index.clear();
        }
    }
}

impl Drop for Module {
    fn drop(&mut self) {
        self.unload_now();
    }
}

/// Sets the server's default sink.
pub fn set_default_sink(name: &str) {
    let status = Command::new("pactl")
        .args(["set-default-sink", name])
        .status()
        .unwrap_or_else(|e| panic!("cannot run pactl: {e}"));
    assert!(status.success(), "pactl set-default-sink {name} failed");
}

fn scripts_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../scripts")
}
