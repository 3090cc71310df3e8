//! One whisper.cpp run's limits (how much audio context and how many tokens, and a
//! guard that stops a run stuck on one spot) and what becomes of its raw output: the
//! segments with their tokens, filtered and timed into [`AsrSegment`]s.

use std::ffi::c_int;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use whisper_rs::{FullParams, WhisperContext, WhisperState};

use crate::guard;
use crate::nonspeech;
use crate::{AsrSegment, CancelHandle, SAMPLE_RATE, TranscribeOptions};

use super::{MIN_TOKEN_CAP, RunStats, STUCK_MS_PER_PASS, WINDOW_MS};

/// The segments whisper.cpp returned, with their text tokens; records every decoded
/// token and the decoding's average log-probability in `stats`. `window_nsp` replaces
/// whisper.cpp's no-speech probability when Onno computed one.
pub(super) fn raw_segments<'a>(
    state: &WhisperState,
    ctx: &'a WhisperContext,
    window_nsp: Option<f32>,
    stats: &mut RunStats,
) -> Vec<RawSegment<'a>> {
    let eot = ctx.token_eot();
    let mut logprobs = Vec::new();
    let mut raw = Vec::new();
    for segment in state.as_iter() {
        let mut tokens = Vec::new();
        for j in 0..segment.n_tokens() {
            let Some(token) = segment.get_token(j) else {
                continue;
            };
            let id = token.token_id();
            stats.decoded.push(id);
            logprobs.push(token.token_data().plog);
            if id >= eot {
                continue; // timestamps, language and task tokens
            }
            let bytes = ctx.token_to_bytes(id).unwrap_or_default();
            tokens.push(RawToken {
                id,
                p: token.token_probability(),
                bytes,
            });
        }
        raw.push(RawSegment {
            start_ms: segment.start_timestamp() * 10,
            end_ms: segment.end_timestamp() * 10,
            no_speech_prob: window_nsp.unwrap_or_else(|| segment.no_speech_probability()),
            tokens,
        });
    }
    stats.avg_logprob = nonspeech::avg_logprob(&logprobs);
    raw
}

/// What [`stuck_guard`] saw of a call.
pub(super) struct Guard {
    /// The call was stopped for starting more windows than its audio can need.
    pub(super) stuck: Arc<AtomicBool>,
    /// Encoder and decoder passes run.
    pub(super) passes: Arc<AtomicUsize>,
}

/// Stops whisper.cpp once its main loop has started more windows than `audio_ms` can
/// need (see [`STUCK_MS_PER_PASS`]), or when the call is cancelled, and counts its
/// passes.
pub(super) fn stuck_guard(
    params: &mut FullParams<'_, '_>,
    audio_ms: i64,
    cancel: &CancelHandle,
) -> Guard {
    let max_passes = (audio_ms / STUCK_MS_PER_PASS + 2) as usize;
    let passes = Arc::new(AtomicUsize::new(0));
    let stuck = Arc::new(AtomicBool::new(false));
    // The progress callback runs once at the start of every window of the main loop.
    let counter = Arc::clone(&passes);
    params.set_progress_callback_safe(move |_percent: i32| {
        counter.fetch_add(1, Ordering::Relaxed);
    });
    // The abort callback runs after every encoder and decoder pass. It must be handed
    // over as a `Box<dyn FnMut>`: whisper-rs 0.16 boxes the closure as a trait object and
    // its trampoline casts the pointer back to the closure's own type, which is only the
    // same type when that type is the boxed trait object itself.
    let flag = Arc::clone(&stuck);
    let cancel = cancel.clone();
    let passes_run = Arc::new(AtomicUsize::new(0));
    let counted = Arc::clone(&passes_run);
    let abort: Box<dyn FnMut() -> bool> = Box::new(move || {
        counted.fetch_add(1, Ordering::Relaxed);
        let over = passes.load(Ordering::Relaxed) > max_passes;
        if over {
            flag.store(true, Ordering::Relaxed);
        }
        over || cancel.is_cancelled()
    });
    params.set_abort_callback_safe(abort);
    Guard {
        stuck,
        passes: passes_run,
    }
}

/// The encoder positions `audio_len` samples fill (50 a second), plus two seconds of the
/// silence after them, in steps of 64, at most the whole window (1500). The silence tells
/// the decoder that the speech has ended: with half a second of it, real weights said
/// whole sentences two or three times over in live meetings.
pub(super) fn audio_ctx(audio_len: usize) -> c_int {
    const PER_SECOND: usize = 50;
    const MARGIN: usize = 2 * PER_SECOND;
    const FULL: usize = 1_500;
    let needed = audio_len * PER_SECOND / SAMPLE_RATE as usize + MARGIN;
    needed.div_ceil(64).saturating_mul(64).min(FULL) as c_int
}

/// Tokens allowed in one window: the per-second cap times the window's length.
pub(super) fn token_cap(audio_len: usize, max_tokens_per_second: f32) -> i32 {
    let window_ms = (audio_len as i64 * 1000 / i64::from(SAMPLE_RATE)).min(WINDOW_MS);
    let cap = (window_ms as f32 / 1000.0 * max_tokens_per_second).ceil() as i32;
    cap.max(MIN_TOKEN_CAP)
}

pub(super) struct RawToken<'a> {
    id: i32,
    p: f32,
    bytes: &'a [u8],
}

pub(super) struct RawSegment<'a> {
    start_ms: i64,
    end_ms: i64,
    no_speech_prob: f32,
    tokens: Vec<RawToken<'a>>,
}

/// Applies the guards, clamps timestamps into the audio, and adds the offset.
pub(super) fn finish_segments(
    raw: Vec<RawSegment<'_>>,
    audio_ms: i64,
    offset_ms: i64,
    language: &str,
    opts: &TranscribeOptions,
    stats: &mut RunStats,
) -> Vec<AsrSegment> {
    let mut out: Vec<AsrSegment> = Vec::with_capacity(raw.len());
    let mut last_end = 0i64;
    let mut last_text = String::new();
    let mut repeats = 0usize;
    stats.segments_in = raw.len();
    for seg in raw {
        stats.text_tokens += seg.tokens.len();
        if seg.no_speech_prob > opts.no_speech_threshold {
            stats.dropped_no_speech += 1;
            continue;
        }
        if seg.start_ms >= audio_ms {
            stats.dropped_outside += 1;
            continue;
        }
        let start = seg.start_ms.max(last_end).min(audio_ms);
        let end = seg.end_ms.clamp(start, audio_ms);

        let ids: Vec<i32> = seg.tokens.iter().map(|t| t.id).collect();
        let keep = guard::repetition_cut(&ids, opts.repetition_limit);
        let keep = guard::phrase_repeat_cut(&ids[..keep]);
        if keep < ids.len() {
            stats.cut_repetitions += 1;
        }
        let tokens = &seg.tokens[..keep];
        if guard::token_rate(tokens.len(), end - start) > opts.max_tokens_per_second {
            stats.dropped_token_rate += 1;
            continue;
        }
        // Byte-level tokens may split a UTF-8 character: join the bytes, then decode.
        let bytes: Vec<u8> = tokens
            .iter()
            .flat_map(|t| t.bytes.iter().copied())
            .collect();
        let text = String::from_utf8_lossy(&bytes).trim().to_string();
        if nonspeech::is_sound_caption(&text) {
            stats.dropped_caption += usize::from(!text.is_empty());
            continue;
        }
        if nonspeech::is_known_hallucination(&text) {
            stats.dropped_known_phrase += 1;
            continue;
        }
        if guard::echoes_prompt(&text, &opts.vocabulary) {
            stats.dropped_prompt_echo += 1;
            continue;
        }
        let text = match guard::prompt_echo_start(&text, &opts.vocabulary) {
            Some(at) => {
                stats.cut_prompt_echo += 1;
                let head = guard::cut_at(&text, at);
                if head.is_empty() {
                    stats.dropped_prompt_echo += 1;
                    continue;
                }
                head.to_owned()
            }
            None => text,
        };
        let norm = guard::normalized(&text);
        if norm == last_text {
            repeats += 1;
            // A sentence said twice back to back is whisper looping on a window (a
            // fitted one ends in silence); a word or two ("Yes. Yes.") may be speech.
            if repeats >= opts.repetition_limit
                || norm.split_whitespace().count() >= guard::SENTENCE_WORDS
            {
                stats.dropped_repeated += 1;
                continue;
            }
        } else {
            repeats = 0;
            last_text = norm;
        }
        let confidence = (tokens.iter().map(|t| t.p.clamp(0.0, 1.0)).sum::<f32>()
            / tokens.len() as f32)
            .clamp(0.0, 1.0);
        last_end = end;
        out.push(AsrSegment {
            start_ms: start + offset_ms,
            end_ms: end + offset_ms,
            text,
            confidence,
            language: language.to_string(),
            no_speech_prob: seg.no_speech_prob,
        });
    }
    stats.segments_out = out.len();
    out
}
