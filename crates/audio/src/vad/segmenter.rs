//! The streaming form of detect, pad and pack: samples in, whisper windows with their
//! audio out, holding only the audio that a window may still need.

use super::{Span, Utterances, VadConfig, VoiceDetector, Window, ms_to_samples};
use crate::SAMPLE_RATE;

/// A packed window and its audio, ready for one whisper call.
#[derive(Debug, Clone, PartialEq)]
pub struct PackedWindow {
    /// Where each part of `samples` came from in the stream.
    pub window: Window,
    /// The window's 16 kHz mono audio, `window.len()` samples.
    pub samples: Vec<f32>,
}

/// Runs a [`VoiceDetector`], [`Utterances`] and window packing over a stream as it
/// arrives. It keeps the audio from the earliest point a coming utterance could start
/// (the detector's open speech, or the held-back utterance, less the padding), so memory
/// stays near one utterance plus one window whatever the stream's length, and however
/// long the silences.
pub struct Segmenter<D> {
    vad: D,
    utterances: Utterances,
    pad: u64,
    max_window: u64,
    /// Stream samples from `kept_from` on.
    audio: Vec<f32>,
    kept_from: u64,
    spans: Vec<Span>,
    done: Vec<Span>,
    window: Window,
    window_samples: Vec<f32>,
    peak_held: usize,
}

impl<D: VoiceDetector> Segmenter<D> {
    /// A segmenter running `vad`, padding and capping as `cfg` says; windows are at most
    /// `cfg.max_utterance_ms` long.
    pub fn new(vad: D, cfg: &VadConfig) -> Self {
        Self {
            vad,
            utterances: Utterances::new(cfg),
            pad: ms_to_samples(cfg.pad_ms),
            max_window: ms_to_samples(cfg.max_utterance_ms).max(1),
            audio: Vec::new(),
            kept_from: 0,
            spans: Vec::new(),
            done: Vec::new(),
            window: Window::default(),
            window_samples: Vec::new(),
            peak_held: 0,
        }
    }

    /// Feeds the next samples (contiguous with the last call) and appends the windows
    /// that are now full.
    pub fn push(&mut self, samples: &[f32], out: &mut Vec<PackedWindow>) {
        self.audio.extend_from_slice(samples);
        self.vad.push(samples, &mut self.spans);
        for span in self.spans.drain(..) {
            self.utterances.push(span, &mut self.done);
        }
        let earliest = self
            .vad
            .pending_start()
            .unwrap_or_else(|| self.vad.position());
        self.utterances.flush_before(earliest, &mut self.done);
        self.take_done(out);
        self.peak_held = self
            .peak_held
            .max(self.audio.len() + self.window_samples.len());
        // Drop audio no coming utterance can reach.
        let keep = self
            .utterances
            .pending_start()
            .unwrap_or(u64::MAX)
            .min(earliest.saturating_sub(self.pad));
        if keep > self.kept_from {
            let n = ((keep - self.kept_from) as usize).min(self.audio.len());
            self.audio.drain(..n);
            self.kept_from += n as u64;
        }
    }

    /// Ends the stream and appends the last windows.
    pub fn finish(&mut self, out: &mut Vec<PackedWindow>) {
        self.vad.finish(&mut self.spans);
        for span in self.spans.drain(..) {
            self.utterances.push(span, &mut self.done);
        }
        let len = self.kept_from + self.audio.len() as u64;
        self.utterances.finish(len, &mut self.done);
        self.take_done(out);
        if !self.window.is_empty() {
            self.emit(out);
        }
    }

    /// The most samples held at once (stream audio plus the window being filled).
    pub fn peak_held(&self) -> usize {
        self.peak_held
    }

    /// Seconds of stream seen so far.
    pub fn position_s(&self) -> f64 {
        self.vad.position() as f64 / SAMPLE_RATE as f64
    }

    fn take_done(&mut self, out: &mut Vec<PackedWindow>) {
        for i in 0..self.done.len() {
            let u = self.done[i];
            if !self.window.is_empty() && self.window.len() + u.len() > self.max_window {
                self.emit(out);
            }
            let from = u.start.saturating_sub(self.kept_from) as usize;
            let to = u.end.saturating_sub(self.kept_from) as usize;
            let (from, to) = (from.min(self.audio.len()), to.min(self.audio.len()));
            // `keep` never passes a coming utterance's start, so the audio is all here.
            debug_assert_eq!(
                to - from,
                u.len() as usize,
                "utterance {u:?} audio was dropped"
            );
            let offset = self.window.len();
            self.window.pieces.push(super::Piece {
                offset,
                source: Span {
                    start: u.start,
                    end: u.start + (to - from) as u64,
                },
            });
            self.window_samples.extend_from_slice(&self.audio[from..to]);
        }
        self.done.clear();
    }

    fn emit(&mut self, out: &mut Vec<PackedWindow>) {
        out.push(PackedWindow {
            window: std::mem::take(&mut self.window),
            samples: std::mem::take(&mut self.window_samples),
        });
    }
}
