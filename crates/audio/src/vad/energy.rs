//! The built-in detector: frame energy against an adaptive noise floor, with zero
//! crossings to keep unvoiced consonants.

use super::{Span, VadConfig, VoiceDetector, ms_to_samples};
use crate::SAMPLE_RATE;

/// Frames whose levels all lie within [`STEADY_DB`] of each other are steady noise (hum,
/// fan, line noise), however loud: speech is never that steady for this long.
const STEADY_FRAMES: usize = 25;
const STEADY_DB: f32 = 3.0;

/// Energy and zero-crossing voice activity detection; needs no model file.
///
/// Per frame (20 ms by default) it measures RMS level in dBFS and the zero-crossing rate.
/// The noise floor follows the quietest frames: it drops to any quieter frame at once
/// and rises slowly otherwise, or jumps to a level that has held steady for half a second
/// (a hum or a fan, which speech never is). A frame is speech when it is `threshold_db` over the floor
/// and over `min_level_dbfs`, or, for unvoiced sounds, 6 dB over the floor with a high
/// zero-crossing rate. Speech closes after `min_silence_ms` without a speech frame, and is
/// cut so that, padded, it fits `max_utterance_ms`. Speech shorter than `min_speech_ms`
/// is dropped as a click when it stands alone (not within twice `min_silence_ms` of other
/// speech, and not cut off by the end of the stream).
pub struct EnergyVad {
    frame: usize,
    threshold_db: f32,
    min_level_db: f32,
    rise_per_frame: f32,
    unvoiced_zcr: f32,
    min_silence: u64,
    min_speech: u64,
    max_speech: u64,
    floor_db: f32,
    /// Levels of the last frames (a ring), to spot steady noise.
    recent: [f32; STEADY_FRAMES],
    recent_at: usize,
    /// A partial frame carried to the next push.
    buf: Vec<f32>,
    /// Index of the first sample of `buf`.
    pos: u64,
    /// The open span: its start and the end of its last speech frame.
    open: Option<(u64, u64)>,
    /// End of the last span given out.
    last_end: Option<u64>,
}

impl EnergyVad {
    /// A detector with `cfg`'s settings.
    pub fn new(cfg: &VadConfig) -> Self {
        let frame = ms_to_samples(cfg.frame_ms.max(1)).max(1) as usize;
        let frames_per_s = SAMPLE_RATE as f32 / frame as f32;
        let max_speech = ms_to_samples(cfg.max_utterance_ms)
            .saturating_sub(2 * ms_to_samples(cfg.pad_ms))
            .max(frame as u64);
        Self {
            frame,
            threshold_db: cfg.threshold_db,
            min_level_db: cfg.min_level_dbfs,
            rise_per_frame: cfg.floor_rise_db_per_s / frames_per_s,
            unvoiced_zcr: cfg.unvoiced_zcr,
            min_silence: ms_to_samples(cfg.min_silence_ms),
            min_speech: ms_to_samples(cfg.min_speech_ms),
            max_speech,
            floor_db: cfg.min_level_dbfs - cfg.threshold_db,
            recent: [f32::NAN; STEADY_FRAMES],
            recent_at: 0,
            last_end: None,
            buf: Vec::with_capacity(frame),
            pos: 0,
            open: None,
        }
    }

    fn frame_is_speech(&mut self, frame: &[f32]) -> bool {
        let energy = frame.iter().map(|v| v * v).sum::<f32>() / frame.len() as f32;
        let db = 10.0 * (energy + 1e-10).log10();
        let crossings = frame
            .windows(2)
            .filter(|w| (w[0] >= 0.0) != (w[1] >= 0.0))
            .count();
        let zcr = crossings as f32 / frame.len() as f32;
        let voiced = db > self.floor_db + self.threshold_db && db > self.min_level_db;
        let unvoiced =
            zcr > self.unvoiced_zcr && db > self.floor_db + 6.0 && db > self.min_level_db - 10.0;
        self.floor_db = if db < self.floor_db {
            db
        } else {
            self.floor_db + self.rise_per_frame
        };
        self.recent[self.recent_at] = db;
        self.recent_at = (self.recent_at + 1) % STEADY_FRAMES;
        let (lo, hi) = self
            .recent
            .iter()
            .fold((f32::INFINITY, f32::NEG_INFINITY), |(lo, hi), v| {
                (lo.min(*v), hi.max(*v))
            });
        // NaN (not yet filled) makes both folds skip it; require a full ring.
        if !self.recent.iter().any(|v| v.is_nan()) && hi - lo < STEADY_DB && lo > self.floor_db {
            self.floor_db = lo;
        }
        voiced || unvoiced
    }

    fn step(&mut self, start: u64, len: usize, speech: bool, spans: &mut Vec<Span>) {
        let end = start + len as u64;
        match (self.open, speech) {
            (None, true) => self.open = Some((start, end)),
            (None, false) => {}
            (Some((s, _)), true) => {
                if end - s >= self.max_speech {
                    self.emit(Span { start: s, end }, spans);
                    self.open = None;
                } else {
                    self.open = Some((s, end));
                }
            }
            (Some((s, last)), false) => {
                if end - last >= self.min_silence {
                    self.close(s, last, spans);
                }
            }
        }
    }

    /// Closes the open span. A short one is a click only when it stands alone; close to
    /// other speech it is a word's last consonant or next onset, and kept.
    fn close(&mut self, start: u64, end: u64, spans: &mut Vec<Span>) {
        let near_speech = self
            .last_end
            .is_some_and(|e| start - e <= 2 * self.min_silence);
        if end - start >= self.min_speech || near_speech {
            self.emit(Span { start, end }, spans);
        }
        self.open = None;
    }

    fn emit(&mut self, span: Span, spans: &mut Vec<Span>) {
        self.last_end = Some(span.end);
        spans.push(span);
    }
}

impl VoiceDetector for EnergyVad {
    fn push(&mut self, mut samples: &[f32], spans: &mut Vec<Span>) {
        while !samples.is_empty() {
            let take = (self.frame - self.buf.len()).min(samples.len());
            self.buf.extend_from_slice(&samples[..take]);
            samples = &samples[take..];
            if self.buf.len() == self.frame {
                let frame = std::mem::take(&mut self.buf);
                let speech = self.frame_is_speech(&frame);
                let start = self.pos;
                self.step(start, frame.len(), speech, spans);
                self.pos += frame.len() as u64;
                self.buf = frame;
                self.buf.clear();
            }
        }
    }

    fn finish(&mut self, spans: &mut Vec<Span>) {
        if !self.buf.is_empty() {
            let frame = std::mem::take(&mut self.buf);
            let speech = self.frame_is_speech(&frame);
            let start = self.pos;
            self.step(start, frame.len(), speech, spans);
            self.pos += frame.len() as u64;
        }
        // Speech cut off by the end of the stream is kept however short: it is the start
        // of something, not a click.
        if let Some((start, end)) = self.open.take() {
            self.emit(Span { start, end }, spans);
        }
    }

    fn position(&self) -> u64 {
        self.pos + self.buf.len() as u64
    }

    fn pending_start(&self) -> Option<u64> {
        self.open.map(|(start, _)| start)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn detect(samples: &[f32], cfg: &VadConfig) -> Vec<Span> {
        let mut vad = EnergyVad::new(cfg);
        let mut spans = Vec::new();
        for chunk in samples.chunks(123) {
            vad.push(chunk, &mut spans);
        }
        vad.finish(&mut spans);
        assert_eq!(vad.position(), samples.len() as u64);
        spans
    }

    fn tone(len: usize, amp: f32) -> Vec<f32> {
        (0..len).map(|i| amp * (i as f32 * 0.2).sin()).collect()
    }

    /// A tone whose level swings 20 dB four times a second, like syllables.
    fn syllables(len: usize, amp: f32) -> Vec<f32> {
        (0..len)
            .map(|i| {
                let t = i as f32 / 16_000.0;
                let env = 0.55 + 0.45 * (std::f32::consts::TAU * 4.0 * t).sin();
                amp * env * (i as f32 * 0.2).sin()
            })
            .collect()
    }

    #[test]
    fn silence_has_no_speech() {
        assert!(detect(&vec![0.0; 48_000], &VadConfig::default()).is_empty());
    }

    #[test]
    fn a_tone_between_silences_is_one_span_on_frame_boundaries() {
        let mut a = vec![0.0; 16_000];
        a.extend(tone(6_400, 0.3));
        a.extend(vec![0.0; 16_000]);
        assert_eq!(
            detect(&a, &VadConfig::default()),
            vec![Span {
                start: 16_000,
                end: 22_400
            }]
        );
    }

    #[test]
    fn clicks_are_dropped_and_short_pauses_bridged() {
        let mut a = vec![0.0; 16_000];
        a.extend(tone(320, 0.3)); // 20 ms click
        a.extend(vec![0.0; 16_000]);
        a.extend(tone(3_200, 0.3));
        a.extend(vec![0.0; 3_200]); // 200 ms pause
        a.extend(tone(3_200, 0.3));
        a.extend(vec![0.0; 16_000]);
        assert_eq!(
            detect(&a, &VadConfig::default()),
            vec![Span {
                start: 32_320,
                end: 41_920
            }]
        );
    }

    #[test]
    fn long_speech_is_cut_to_fit_the_cap_with_padding() {
        let a = syllables(16_000 * 70, 0.3);
        let spans = detect(&a, &VadConfig::default());
        assert!(spans.len() >= 3);
        let max = 16 * (30_000 - 500);
        assert!(spans.iter().all(|s| s.len() <= max), "{spans:?}");
        assert_eq!(spans[0].start, 0);
        assert_eq!(spans.last().unwrap().end, a.len() as u64);
        assert!(spans.windows(2).all(|w| w[0].end == w[1].start));
    }

    #[test]
    fn the_floor_adapts_to_steady_noise() {
        // Hum at -40 dBFS for 10 s, then a second of speech 20-30 dB above it.
        let hum = |n| tone(n, 0.014);
        let mut a = hum(160_000);
        let loud = syllables(16_000, 0.45)
            .into_iter()
            .zip(hum(16_000))
            .map(|(a, b)| a + b);
        a.extend(loud);
        a.extend(hum(32_000));
        let spans = detect(&a, &VadConfig::default());
        // The hum may open a span in its first half second, before it is known steady.
        let speech: Vec<_> = spans.iter().filter(|s| s.start > 16_000).collect();
        assert!(
            spans.len() - speech.len() <= 1 && spans[0].end <= 16_000,
            "{spans:?}"
        );
        assert_eq!(speech.len(), 1, "{spans:?}");
        assert!(speech[0].start.abs_diff(160_000) <= 640 && speech[0].end.abs_diff(176_000) <= 640);
    }
}
