//! Which speech model suits a language on this machine: a fit per model and language,
//! one recommendation per language, and the memory and speed to expect.
//!
//! The advice follows what whisper's authors published and what our own tests saw:
//! on conversational Korean the error rate roughly halves from base to medium, so tiny
//! and base are marked weak for Korean and the pick is small or larger (a quantized
//! variant where it saves memory and download with little loss); English is served well
//! by the English-only `.en` models from base up. Speed is an **estimate**, not a
//! measurement: a relative cost per model family (its encoder and decoder sizes) scaled
//! by the cores, calibrated so that base runs about 20 times faster than real time on
//! four cores. A model whose estimate is below [`LIVE_SPEED`] cannot be trusted to keep
//! up with a live meeting, and one that needs more than half the memory is too heavy.

use serde::Serialize;

use crate::manifest::{Languages, Manifest, ModelEntry, ModelKind};

/// The machine the advice is for.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct Machine {
    /// Physical memory in bytes, when the system says.
    pub memory_bytes: Option<u64>,
    /// Cores whisper can use.
    pub cores: usize,
}

impl Machine {
    /// This machine: its cores, and its memory where the OS tells (Linux, macOS).
    pub fn detect() -> Machine {
        Machine {
            memory_bytes: memory_bytes(),
            cores: std::thread::available_parallelism().map_or(1, |n| n.get()),
        }
    }

    /// Memory assumed where the OS does not say: a modest laptop.
    const ASSUMED_MEMORY: u64 = 8 << 30;

    fn memory(&self) -> u64 {
        self.memory_bytes.unwrap_or(Self::ASSUMED_MEMORY)
    }

    /// A machine with 16 GiB or more and 8 cores or more.
    fn is_strong(&self) -> bool {
        self.memory() >= 15 << 30 && self.cores >= 8
    }

    /// A machine with 8 GiB or more and 4 cores or more.
    fn is_middling(&self) -> bool {
        self.memory() >= 7 << 30 && self.cores >= 4
    }
}

/// How well a model suits one language on this machine.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Fit {
    /// The one model recommended for the language on this machine.
    Recommended,
    /// A sound choice.
    Good,
    /// Works, but makes many mistakes in this language (tiny and base for Korean).
    Weak,
    /// Needs more memory than this machine can spare, or is estimated too slow to keep
    /// up with a live meeting.
    TooHeavy,
    /// Does not transcribe this language (an English-only model for Korean).
    Unsupported,
}

/// What to expect of one model on this machine.
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct Advice {
    pub name: String,
    pub korean: Fit,
    pub english: Fit,
    /// Estimated times faster than real time on this machine (an estimate from the
    /// model's family and the cores, not a measurement).
    pub estimated_speed: f32,
    /// Memory the model needs while it transcribes, estimated from its file size.
    pub memory_bytes: u64,
}

/// Below this estimated speed a model may fall behind a live meeting.
pub const LIVE_SPEED: f32 = 2.0;

/// The languages the advice distinguishes: Korean, and English; any other language
/// gets the Korean advice's multilingual picks.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AdviceLanguage {
    Korean,
    English,
}

impl AdviceLanguage {
    /// "en" (or "english") is English; every other code, "auto" included, is advised
    /// like Korean, which needs a multilingual model that is not weak.
    pub fn from_code(code: &str) -> AdviceLanguage {
        match code.trim().to_ascii_lowercase().as_str() {
            "en" | "english" => AdviceLanguage::English,
            _ => AdviceLanguage::Korean,
        }
    }
}

/// The recommended model for `language` on `machine`, among the manifest's whisper
/// models: the first of the preference list that fits the machine.
pub fn recommended(
    manifest: &Manifest,
    machine: &Machine,
    language: AdviceLanguage,
) -> Option<String> {
    let wanted: &[&str] = match (language, machine.is_strong(), machine.is_middling()) {
        (AdviceLanguage::Korean, true, _) => &["medium-q5_0", "small", "small-q5_1"],
        (AdviceLanguage::Korean, false, true) => &["small", "small-q5_1", "medium-q5_0"],
        (AdviceLanguage::Korean, false, false) => &["small-q5_1", "small", "base"],
        (AdviceLanguage::English, true, _) => &["small.en", "base.en", "base.en-q5_1"],
        (AdviceLanguage::English, false, true) => &["base.en", "small.en-q5_1", "base.en-q5_1"],
        (AdviceLanguage::English, false, false) => &["base.en-q5_1", "base.en", "tiny.en"],
    };
    wanted
        .iter()
        .filter_map(|name| manifest.get(name))
        .find(|entry| !too_heavy(entry, machine))
        .or_else(|| {
            // A manifest without our names (a mirror's own list): the largest model that
            // supports the language and is neither weak nor too heavy.
            manifest
                .entries()
                .iter()
                .filter(|e| e.kind == ModelKind::Whisper)
                .filter(|e| base_fit(e, machine, language) == Fit::Good)
                .max_by_key(|e| e.size)
        })
        .map(|entry| entry.name.clone())
}

/// Advice for every whisper model of the manifest, in manifest order.
pub fn advise(manifest: &Manifest, machine: &Machine) -> Vec<Advice> {
    let korean = recommended(manifest, machine, AdviceLanguage::Korean);
    let english = recommended(manifest, machine, AdviceLanguage::English);
    manifest
        .entries()
        .iter()
        .filter(|e| e.kind == ModelKind::Whisper)
        .map(|entry| {
            let fit = |language, pick: &Option<String>| {
                if pick.as_deref() == Some(entry.name.as_str()) {
                    Fit::Recommended
                } else {
                    base_fit(entry, machine, language)
                }
            };
            Advice {
                name: entry.name.clone(),
                korean: fit(AdviceLanguage::Korean, &korean),
                english: fit(AdviceLanguage::English, &english),
                estimated_speed: estimated_speed(entry, machine),
                memory_bytes: memory_needed(entry),
            }
        })
        .collect()
}

fn base_fit(entry: &ModelEntry, machine: &Machine, language: AdviceLanguage) -> Fit {
    if language == AdviceLanguage::Korean && entry.languages == Languages::En {
        return Fit::Unsupported;
    }
    if too_heavy(entry, machine) {
        return Fit::TooHeavy;
    }
    let family = Family::of(&entry.name);
    if language == AdviceLanguage::Korean && matches!(family, Family::Tiny | Family::Base) {
        return Fit::Weak;
    }
    if language == AdviceLanguage::English && family == Family::Tiny {
        return Fit::Weak;
    }
    Fit::Good
}

fn too_heavy(entry: &ModelEntry, machine: &Machine) -> bool {
    memory_needed(entry) > machine.memory() / 2 || estimated_speed(entry, machine) < LIVE_SPEED
}

/// The model's weights plus whisper's working buffers (about 200 MB at most for the
/// sizes we ship).
fn memory_needed(entry: &ModelEntry) -> u64 {
    entry.size + entry.size / 5 + (200 << 20)
}

/// Times faster than real time, estimated: base runs about 20× real time on four
/// cores; more cores help less than linearly.
fn estimated_speed(entry: &ModelEntry, machine: &Machine) -> f32 {
    let cost = Family::of(&entry.name).cost(entry.size);
    // Quantized weights are read faster; the arithmetic is about the same.
    let quantized = if entry.name.contains("-q") { 0.85 } else { 1.0 };
    let cores = machine.cores.clamp(1, 16) as f32;
    let speed = 40.0 / (cost * quantized) * (cores / 4.0).powf(0.7);
    (speed * 10.0).round() / 10.0
}

/// A model family: what decides its cost and its accuracy.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Family {
    Tiny,
    Base,
    Small,
    Medium,
    LargeTurbo,
    Large,
    /// A name we do not know: judged by its file size.
    Other,
}

impl Family {
    fn of(name: &str) -> Family {
        let stem = name.split(['.', '-']).next().unwrap_or(name);
        match stem {
            "tiny" => Family::Tiny,
            "base" => Family::Base,
            "small" => Family::Small,
            "medium" => Family::Medium,
            "large" if name.contains("turbo") => Family::LargeTurbo,
            "large" => Family::Large,
            _ => Family::Other,
        }
    }

    /// Relative compute per second of audio, base = 2.
    fn cost(self, size: u64) -> f32 {
        match self {
            Family::Tiny => 1.0,
            Family::Base => 2.0,
            Family::Small => 6.0,
            Family::Medium => 16.0,
            Family::LargeTurbo => 14.0,
            Family::Large => 32.0,
            // About 75 MB of f16 weights per unit.
            Family::Other => (size as f32 / 75e6).max(0.5),
        }
    }
}

#[cfg(target_os = "linux")]
fn memory_bytes() -> Option<u64> {
    let text = std::fs::read_to_string("/proc/meminfo").ok()?;
    let line = text.lines().find(|l| l.starts_with("MemTotal:"))?;
    let kib: u64 = line.split_whitespace().nth(1)?.parse().ok()?;
    kib.checked_mul(1024)
}

#[cfg(target_os = "macos")]
fn memory_bytes() -> Option<u64> {
    let out = std::process::Command::new("sysctl")
        .args(["-n", "hw.memsize"])
        .output()
        .ok()?;
    String::from_utf8(out.stdout).ok()?.trim().parse().ok()
}

#[cfg(not(any(target_os = "linux", target_os = "macos")))]
fn memory_bytes() -> Option<u64> {
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const GIB: u64 = 1 << 30;

    fn machine(gib: u64, cores: usize) -> Machine {
        Machine {
            memory_bytes: Some(gib * GIB),
            cores,
        }
    }

    fn pick(m: Machine, language: AdviceLanguage) -> String {
        recommended(&Manifest::builtin(), &m, language).unwrap_or_default()
    }

    #[test]
    fn korean_is_never_steered_to_tiny_or_base() {
        for m in [
            machine(4, 2),
            machine(8, 4),
            machine(16, 8),
            machine(64, 16),
        ] {
            let name = pick(m, AdviceLanguage::Korean);
            assert!(
                name.starts_with("small") || name.starts_with("medium"),
                "{m:?}: {name}"
            );
        }
        assert_eq!(pick(machine(32, 12), AdviceLanguage::Korean), "medium-q5_0");
        assert_eq!(pick(machine(8, 4), AdviceLanguage::Korean), "small");
        assert_eq!(pick(machine(4, 2), AdviceLanguage::Korean), "small-q5_1");
    }

    #[test]
    fn english_gets_an_english_only_model() {
        assert_eq!(pick(machine(32, 12), AdviceLanguage::English), "small.en");
        assert_eq!(pick(machine(8, 4), AdviceLanguage::English), "base.en");
        assert_eq!(pick(machine(4, 2), AdviceLanguage::English), "base.en-q5_1");
    }

    #[test]
    fn each_model_is_judged_per_language() {
        let advice = advise(&Manifest::builtin(), &machine(8, 4));
        let of = |name: &str| advice.iter().find(|a| a.name == name).expect(name).clone();
        let base = of("base");
        assert_eq!((base.korean, base.english), (Fit::Weak, Fit::Good));
        let base_en = of("base.en");
        assert_eq!(
            (base_en.korean, base_en.english),
            (Fit::Unsupported, Fit::Recommended)
        );
        assert_eq!(of("small").korean, Fit::Recommended);
        assert!(
            advice.iter().all(|a| a.name != "silero-v5.1.2"),
            "no VAD advice"
        );
        let count =
            |f: fn(&Advice) -> Fit| advice.iter().filter(|a| f(a) == Fit::Recommended).count();
        assert_eq!(count(|a| a.korean), 1);
        assert_eq!(count(|a| a.english), 1);

        // On two cores and 4 GiB the large model cannot keep up with a meeting.
        let small_machine = advise(&Manifest::builtin(), &machine(4, 2));
        let large = small_machine
            .iter()
            .find(|a| a.name == "large-v3-turbo")
            .expect("large");
        assert_eq!(large.korean, Fit::TooHeavy, "{large:?}");
    }

    #[test]
    fn speed_falls_with_size_and_rises_with_cores() {
        let manifest = Manifest::builtin();
        let speed = |name: &str, cores| {
            manifest
                .get(name)
                .map_or(0.0, |e| estimated_speed(e, &machine(16, cores)))
        };
        assert!(speed("tiny", 4) > speed("base", 4));
        assert!(speed("base", 4) > speed("small", 4));
        assert!(speed("small", 4) > speed("medium", 4));
        assert!(speed("base", 8) > speed("base", 4));
        assert!(
            (speed("base", 4) - 20.0).abs() < 0.5,
            "{}",
            speed("base", 4)
        );
    }

    #[test]
    fn this_machine_reports_its_cores_and_memory() {
        let m = Machine::detect();
        assert!(m.cores >= 1);
        if cfg!(any(target_os = "linux", target_os = "macos")) {
            assert!(m.memory_bytes.is_some_and(|b| b > GIB / 4), "{m:?}");
        }
    }

    #[test]
    fn languages_other_than_english_are_advised_like_korean() {
        assert_eq!(AdviceLanguage::from_code("en"), AdviceLanguage::English);
        assert_eq!(AdviceLanguage::from_code(" EN "), AdviceLanguage::English);
        assert_eq!(AdviceLanguage::from_code("ko"), AdviceLanguage::Korean);
        assert_eq!(AdviceLanguage::from_code("auto"), AdviceLanguage::Korean);
    }
}
