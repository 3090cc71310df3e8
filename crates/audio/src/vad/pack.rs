//! Padding speech spans into utterances, and packing utterances into whisper windows.

use super::{Span, VadConfig, ms_to_samples};

/// Turns raw speech spans into utterances: each padded by `pad_ms` on both sides (never
/// before the stream's start, after its end, or into the previous utterance), overlapping
/// neighbours merged. Speech that runs on past `max_utterance_ms` with no pause longer
/// than the two paddings (one long span, spans the detector cut back to back, or words
/// with short gaps) is cut at exactly the cap: the pieces are contiguous, so an internal
/// cut needs no padding, and a minute of monologue costs two whisper windows, not three. Streaming: spans in, finished
/// utterances out.
pub struct Utterances {
    pad: u64,
    max: u64,
    /// The last utterance, held back in case the next span merges into it.
    open: Option<Span>,
    /// End of the last utterance given out.
    emitted_end: u64,
}

impl Utterances {
    /// Padding and cap from `cfg`.
    pub fn new(cfg: &VadConfig) -> Self {
        Self {
            pad: ms_to_samples(cfg.pad_ms),
            max: ms_to_samples(cfg.max_utterance_ms).max(1),
            open: None,
            emitted_end: 0,
        }
    }

    /// Takes the next speech span (in order) and appends the utterances now final.
    pub fn push(&mut self, span: Span, out: &mut Vec<Span>) {
        if span.is_empty() {
            return;
        }
        let floor = self.open.map_or(self.emitted_end, |o| o.start);
        let padded = Span {
            start: span.start.saturating_sub(self.pad).max(floor),
            end: span.end + self.pad,
        };
        let next = match self.open {
            // Paddings that touch: the pause is shorter than both, and its audio goes
            // to whisper either way. Cutting such speech at a pause instead would leave
            // every window a little short of 30 s and cost a whole extra window per
            // minute; cutting at the cap may split one word per 30 s of unbroken speech,
            // which whisper transcribes in halves.
            Some(open) if padded.start <= open.end => Span {
                start: open.start,
                end: padded.end.max(open.end),
            },
            Some(open) => {
                self.emit(open, out);
                padded
            }
            None => padded,
        };
        self.open = Some(self.cut_to_cap(next, out));
    }

    /// Gives out full-length pieces from the front of `span` while it is over the cap,
    /// and returns the rest.
    fn cut_to_cap(&mut self, mut span: Span, out: &mut Vec<Span>) -> Span {
        while span.len() > self.max {
            let cut = span.start + self.max;
            self.emit(
                Span {
                    start: span.start,
                    end: cut,
                },
                out,
            );
            span.start = cut;
        }
        span
    }

    /// Gives out the held-back utterance once no span starting at `earliest_next` or
    /// later could merge into it.
    pub fn flush_before(&mut self, earliest_next: u64, out: &mut Vec<Span>) {
        if let Some(open) = self.open
            && earliest_next.saturating_sub(self.pad) > open.end
        {
            self.open = None;
            self.emit(open, out);
        }
    }

    /// Gives out the held-back utterance now, whatever comes next (a live caller that
    /// wants each utterance at once rather than packed).
    pub fn flush(&mut self, out: &mut Vec<Span>) {
        if let Some(open) = self.open.take() {
            self.emit(open, out);
        }
    }

    /// Start of the held-back utterance, whose audio is still needed.
    pub fn pending_start(&self) -> Option<u64> {
        self.open.map(|o| o.start)
    }

    /// Ends the stream at `stream_len` samples and appends the last utterance.
    pub fn finish(&mut self, stream_len: u64, out: &mut Vec<Span>) {
        if let Some(mut open) = self.open.take() {
            open.end = open.end.min(stream_len);
            self.emit(open, out);
        }
    }

    fn emit(&mut self, span: Span, out: &mut Vec<Span>) {
        if !span.is_empty() {
            self.emitted_end = span.end;
            out.push(span);
        }
    }

    /// Pads and caps a whole list of spans at once.
    pub fn from_spans(spans: &[Span], stream_len: u64, cfg: &VadConfig) -> Vec<Span> {
        let mut u = Self::new(cfg);
        let mut out = Vec::new();
        for s in spans {
            u.push(*s, &mut out);
        }
        u.finish(stream_len, &mut out);
        out
    }
}

/// One utterance's place in a [`Window`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Piece {
    /// Where the piece starts inside the window, in samples.
    pub offset: u64,
    /// The stream samples it holds.
    pub source: Span,
}

/// Consecutive utterances laid end to end, at most `max_utterance_ms` long: one whisper
/// call. Window time maps back to stream time exactly, piece by piece.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Window {
    /// The pieces in order; each starts where the previous one ends.
    pub pieces: Vec<Piece>,
}

impl Window {
    /// The window's length in samples.
    pub fn len(&self) -> u64 {
        self.pieces.last().map_or(0, |p| p.offset + p.source.len())
    }

    /// Whether the window holds nothing.
    pub fn is_empty(&self) -> bool {
        self.len() == 0
    }

    /// The stream sample for window sample `pos`. A position past the end maps to the
    /// end of the last piece.
    pub fn to_stream(&self, pos: u64) -> u64 {
        let i = self
            .pieces
            .partition_point(|p| p.offset <= pos)
            .saturating_sub(1);
        match self.pieces.get(i) {
            Some(p) => p.source.start + (pos - p.offset.min(pos)).min(p.source.len()),
            None => 0,
        }
    }

    /// The stream time in milliseconds for window time `ms` (e.g. a whisper timestamp).
    pub fn to_stream_ms(&self, ms: u64) -> u64 {
        let sr = crate::SAMPLE_RATE as u64;
        (self.to_stream(ms * sr / 1000) * 1000 + sr / 2) / sr
    }

    /// Copies the window's audio out of the whole stream's samples.
    pub fn gather(&self, stream: &[f32]) -> Vec<f32> {
        let mut out = Vec::with_capacity(self.len() as usize);
        for p in &self.pieces {
            let s = (p.source.start as usize).min(stream.len());
            let e = (p.source.end as usize).min(stream.len());
            out.extend_from_slice(&stream[s..e]);
        }
        out
    }
}

/// Packs utterances (in order, none longer than `max_window` samples) into windows of at
/// most `max_window` samples, greedily. An utterance longer than that gets a window of
/// its own.
pub fn pack_windows(utterances: &[Span], max_window: u64) -> Vec<Window> {
    let mut windows = Vec::new();
    let mut current = Window::default();
    for u in utterances.iter().filter(|u| !u.is_empty()) {
        let len = current.len();
        if !current.is_empty() && len + u.len() > max_window {
            windows.push(std::mem::take(&mut current));
        }
        let offset = current.len();
        current.pieces.push(Piece { offset, source: *u });
    }
    if !current.is_empty() {
        windows.push(current);
    }
    windows
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(start: u64, end: u64) -> Span {
        Span { start, end }
    }

    fn cfg(pad_ms: u32, max_ms: u32) -> VadConfig {
        VadConfig {
            pad_ms,
            max_utterance_ms: max_ms,
            ..VadConfig::default()
        }
    }

    #[track_caller]
    fn check(spans: &[Span], len: u64, pad_ms: u32, max_ms: u32, expected: &[Span]) {
        let got = Utterances::from_spans(spans, len, &cfg(pad_ms, max_ms));
        assert_eq!(got, expected);
        let max = ms_to_samples(max_ms);
        assert!(got.iter().all(|u| u.len() <= max));
        assert!(got.windows(2).all(|w| w[0].end <= w[1].start));
        for sp in spans {
            // No speech sample is lost.
            let covered: u64 = got
                .iter()
                .map(|u| u.end.min(sp.end).saturating_sub(u.start.max(sp.start)))
                .sum();
            assert_eq!(covered, sp.len(), "{sp:?} not covered by {got:?}");
        }
    }

    #[test]
    fn padding_is_clamped_to_the_stream() {
        check(&[s(1_000, 2_000)], 2_500, 250, 30_000, &[s(0, 2_500)]);
        check(
            &[s(10_000, 20_000)],
            100_000,
            250,
            30_000,
            &[s(6_000, 24_000)],
        );
    }

    #[test]
    fn overlapping_padding_merges() {
        check(
            &[s(10_000, 20_000), s(25_000, 30_000)],
            100_000,
            250,
            30_000,
            &[s(6_000, 34_000)],
        );
        check(
            &[s(10_000, 20_000), s(30_000, 40_000)],
            100_000,
            250,
            30_000,
            &[s(6_000, 24_000), s(26_000, 44_000)],
        );
    }

    #[test]
    fn merging_stops_at_the_cap() {
        // 1 s cap: two 0.5 s spans 0.2 s apart are one stretch of speech, cut at 1 s.
        check(
            &[s(8_000, 16_000), s(19_200, 27_200)],
            64_000,
            250,
            1_000,
            &[s(4_000, 20_000), s(20_000, 31_200)],
        );
    }

    #[test]
    fn long_speech_is_cut_at_the_cap_without_inner_padding() {
        let max = 16 * 30_000;
        // One long span, and the same speech cut back to back by a detector.
        let len = 16_000 * 70;
        let whole = [s(0, len)];
        let cut = [s(0, 472_000), s(472_000, 944_000), s(944_000, len)];
        let expected = [s(0, max), s(max, 2 * max), s(2 * max, len)];
        check(&whole, len, 250, 30_000, &expected);
        check(&cut, len, 250, 30_000, &expected);
        // A minute of monologue is exactly two windows.
        let minute = Utterances::from_spans(&[s(0, 16_000 * 60)], 16_000 * 60, &cfg(250, 30_000));
        assert_eq!(pack_windows(&minute, max).len(), 2, "{minute:?}");
        // Away from the stream's edges the outer padding stays.
        check(
            &[s(16_000, 16_000 + 2 * max)],
            16_000 * 100,
            250,
            30_000,
            &[
                s(12_000, 12_000 + max),
                s(12_000 + max, 12_000 + 2 * max),
                s(12_000 + 2 * max, 20_000 + 2 * max),
            ],
        );
    }

    #[test]
    fn windows_pack_greedily_and_map_back() {
        let us = [s(0, 100), s(500, 700), s(1_000, 1_150), s(5_000, 5_300)];
        let ws = pack_windows(&us, 500);
        assert_eq!(ws.len(), 2);
        assert_eq!(ws[0].len(), 450);
        assert_eq!(
            ws[1].pieces,
            vec![Piece {
                offset: 0,
                source: s(5_000, 5_300)
            }]
        );
        assert_eq!(ws[0].to_stream(0), 0);
        assert_eq!(ws[0].to_stream(99), 99);
        assert_eq!(ws[0].to_stream(100), 500);
        assert_eq!(ws[0].to_stream(299), 699);
        assert_eq!(ws[0].to_stream(300), 1_000);
        assert_eq!(ws[0].to_stream(449), 1_149);
        assert_eq!(ws[0].to_stream(10_000), 1_150);
        let audio: Vec<f32> = (0..6_000).map(|i| i as f32).collect();
        let g = ws[0].gather(&audio);
        assert_eq!(g.len(), 450);
        assert_eq!((g[100], g[300]), (500.0, 1_000.0));
    }

    #[test]
    fn milliseconds_map_back() {
        let ws = pack_windows(&[s(16_000, 32_000), s(160_000, 176_000)], 480_000);
        assert_eq!(ws[0].to_stream_ms(0), 1_000);
        assert_eq!(ws[0].to_stream_ms(999), 1_999);
        assert_eq!(ws[0].to_stream_ms(1_000), 10_000);
        assert_eq!(ws[0].to_stream_ms(1_500), 10_500);
    }
}
