//! Silero's verdict on a piece of audio as a whole: does it hold speech at all?
//!
//! A live meeting's last check before whisper: whichever detector cut the utterance
//! (Silero run 0.5 s at a time, or the energy detector when no model is installed), the
//! worker asks the gate about the audio it is about to decode and leaves it undecoded
//! when Silero hears no speech in it, so no decoding of music or typing can put words on
//! screen. Measured: none of the 6 pieces the energy detector cut from noise and music
//! alone passes (the `voice_detectors` bench), and the piece of music Silero took for
//! speech in the live non-speech test was turned away.

use std::ops::Range;
use std::path::Path;

use onno_audio::VadConfig;

use crate::error::AsrError;
use crate::vad::{SILENCE_THRESHOLD, SPEECH_THRESHOLD, SileroVad};

/// The shortest speech, in Silero frames of 32 ms, for a piece of audio to count as
/// speech: 8 frames, 256 ms, about Silero's own shortest speech (250 ms). A short
/// "yes" or "네" lasts longer.
pub const GATE_MIN_SPEECH_FRAMES: usize = 8;

/// Silero asked about whole pieces of audio.
pub struct SpeechGate {
    vad: SileroVad,
}

impl SpeechGate {
    /// Loads the Silero model at `model` (checked first, as [`SileroVad::new`] does).
    pub fn new(model: &Path) -> Result<Self, AsrError> {
        Ok(Self {
            vad: SileroVad::new(model, &VadConfig::default())?,
        })
    }

    /// Whether `samples` (16 kHz mono) hold speech: a run of at least
    /// [`GATE_MIN_SPEECH_FRAMES`] frames that Silero's hysteresis calls speech. An error
    /// when whisper.cpp fails to run the model; what to do with the audio then is the
    /// caller's choice (the live worker decodes it, so nothing is lost to the gate).
    pub fn holds_speech(&mut self, samples: &[f32]) -> Result<bool, AsrError> {
        let probabilities = self.vad.speech_probabilities(samples)?;
        Ok(speech_runs(&probabilities)
            .iter()
            .any(|run| run.len() >= GATE_MIN_SPEECH_FRAMES))
    }
}

/// The runs of frames that Silero's hysteresis calls speech, as frame ranges: a run
/// starts at a frame at or above [`SPEECH_THRESHOLD`] and goes on while frames stay at
/// or above [`SILENCE_THRESHOLD`].
pub fn speech_runs(probabilities: &[f32]) -> Vec<Range<usize>> {
    let mut runs = Vec::new();
    let mut open: Option<usize> = None;
    for (i, &p) in probabilities.iter().enumerate() {
        match open {
            None if p >= SPEECH_THRESHOLD => open = Some(i),
            Some(start) if p < SILENCE_THRESHOLD => {
                runs.push(start..i);
                open = None;
            }
            _ => {}
        }
    }
    if let Some(start) = open {
        runs.push(start..probabilities.len());
    }
    runs
}

#[cfg(test)]
mod tests {
    use super::speech_runs;

    #[test]
    fn a_run_starts_above_the_speech_threshold_and_lasts_above_the_silence_one() {
        assert!(speech_runs(&[]).is_empty());
        // 0.4 alone never starts speech; after 0.6 it continues it.
        assert!(speech_runs(&[0.4, 0.4, 0.1]).is_empty());
        assert_eq!(speech_runs(&[0.4, 0.6, 0.4, 0.4, 0.1, 0.9]), [1..4, 5..6]);
        // Scattered blips, as noise gives, stay one frame each.
        assert_eq!(speech_runs(&[0.6, 0.1, 0.6, 0.1]), [0..1, 2..3]);
    }
}
