//! Echo bleed: when the call plays through speakers, the microphone hears "them" too.
//!
//! A stretch of microphone speech is bleed when its loudness follows the system audio's
//! loudness closely at some small delay (the way from speaker to microphone), and it is
//! quieter than the system audio. Loudness envelopes (RMS per 10 ms) are compared
//! rather than waveforms, so room reverberation and a speaker's colouring do not hide
//! the match; when the person talks over the other side, their own voice breaks the
//! envelope's resemblance and the stretch is kept.

/// Settings of the bleed check.
#[derive(Debug, Clone, PartialEq)]
pub struct EchoConfig {
    /// Off: every microphone utterance is transcribed.
    pub enabled: bool,
    /// The longest speaker-to-microphone delay looked for, either way, ms. Default 300.
    pub max_delay_ms: u32,
    /// Correlation of the loudness envelopes above which the stretch is bleed.
    /// Default 0.8.
    pub min_correlation: f32,
    /// The microphone must be at least this many dB quieter than the system audio for
    /// the stretch to be bleed (a person close to their microphone is louder there
    /// than the call's echo). Default 3.
    pub min_attenuation_db: f32,
}

impl Default for EchoConfig {
    fn default() -> Self {
        Self {
            enabled: true,
            max_delay_ms: 300,
            min_correlation: 0.8,
            min_attenuation_db: 3.0,
        }
    }
}

/// How a microphone stretch compares with the system audio.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Bleed {
    pub correlation: f32,
    /// How late the microphone hears the call; negative when the sources' clocks put
    /// it early.
    pub delay_ms: i32,
    /// System level over microphone level, dB.
    pub attenuation_db: f32,
}

impl Bleed {
    pub fn is_echo(&self, cfg: &EchoConfig) -> bool {
        cfg.enabled
            && self.correlation >= cfg.min_correlation
            && self.attenuation_db >= cfg.min_attenuation_db
    }
}

const FRAME: usize = 160; // 10 ms at 16 kHz

/// Compares `mic` with `system`, where `system` starts `max_delay_ms` before `mic` and
/// may run `max_delay_ms` past its end. Delays are searched both ways: the two sources'
/// clocks are aligned only to within a device buffer or two, so the echo may seem to
/// come a little early. `None` when the system side is silent or too short to compare.
pub fn compare(mic: &[f32], system: &[f32], cfg: &EchoConfig) -> Option<Bleed> {
    let mic_env = envelope(mic);
    let sys_env = envelope(system);
    let max_lag = (cfg.max_delay_ms / 10) as i64;
    if mic_env.len() < 10 || sys_env.len() < mic_env.len() {
        return None;
    }
    // System frame `max_lag - delay + i` lines up with mic frame `i` when the echo
    // comes `delay` frames late.
    let window = |delay: i64| {
        let shift = usize::try_from(max_lag - delay).ok()?;
        sys_env.get(shift..shift + mic_env.len())
    };
    let (correlation, delay) = (-max_lag..=max_lag)
        .filter_map(|d| window(d).map(|w| (pearson(&mic_env, w), d)))
        .max_by(|a, b| a.0.total_cmp(&b.0))?;
    let level = |env: &[f32]| env.iter().map(|v| v * v).sum::<f32>() / env.len() as f32;
    let (mic_level, sys_level) = (level(&mic_env), level(window(delay)?));
    if sys_level <= 1e-8 {
        return None;
    }
    Some(Bleed {
        correlation,
        delay_ms: (delay * 10) as i32,
        attenuation_db: 10.0 * (sys_level / mic_level.max(1e-12)).log10(),
    })
}

fn envelope(audio: &[f32]) -> Vec<f32> {
    audio
        .chunks(FRAME)
        .filter(|c| c.len() == FRAME)
        .map(|c| (c.iter().map(|v| v * v).sum::<f32>() / FRAME as f32).sqrt())
        .collect()
}

fn pearson(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len() as f32;
    let (ma, mb) = (a.iter().sum::<f32>() / n, b.iter().sum::<f32>() / n);
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in a.iter().zip(b) {
        let (dx, dy) = (x - ma, y - mb);
        cov += dx * dy;
        va += dx * dx;
        vb += dy * dy;
    }
    if va <= 1e-12 || vb <= 1e-12 {
        return 0.0;
    }
    cov / (va.sqrt() * vb.sqrt())
}

#[cfg(test)]
mod tests {
    use super::*;
    use onno_test_support::audio::speech_like;

    fn delayed(audio: &[f32], delay: usize, gain: f32) -> Vec<f32> {
        let mut out = vec![0.0; delay];
        out.extend(audio.iter().map(|v| v * gain));
        out.truncate(audio.len());
        out
    }

    #[test]
    fn a_quieter_late_copy_of_the_system_audio_is_echo() {
        let cfg = EchoConfig::default();
        let them = speech_like(4.0, 7);
        // The mic hears them at -12 dB, 40 ms late; the check sees system audio from
        // 300 ms before the mic stretch.
        let mic = delayed(&them, 640, 0.25);
        let pre = 4_800;
        let mic_part = &mic[pre..];
        let sys_part = &them[..];
        let b = compare(mic_part, sys_part, &cfg).unwrap();
        assert!(b.is_echo(&cfg), "{b:?}");
        assert!(b.delay_ms.abs_diff(40) <= 10, "{b:?}");
        // The same with the sources' clocks 100 ms apart the other way.
        let early = delayed(&them, 0, 0.25);
        let b = compare(&early[pre + 1_600..], sys_part, &cfg).unwrap();
        assert!(b.is_echo(&cfg) && b.delay_ms.abs_diff(-100) <= 10, "{b:?}");
        assert!((b.attenuation_db - 12.0).abs() < 1.5, "{b:?}");
    }

    #[test]
    fn the_person_talking_is_not_echo() {
        let cfg = EchoConfig::default();
        let them = speech_like(4.0, 7);
        let me = speech_like(4.0, 99);
        // Their own voice, louder than the bleed under it.
        let mic: Vec<f32> = me
            .iter()
            .zip(delayed(&them, 640, 0.25))
            .map(|(a, b)| a + b)
            .collect();
        let b = compare(&mic[4_800..], &them, &cfg).unwrap();
        assert!(!b.is_echo(&cfg), "{b:?}");
        // And with no call audio at all there is nothing to compare.
        assert!(compare(&me[4_800..], &vec![0.0; them.len()], &cfg).is_none());
    }
}
