//! Layers that keep silence, noise, music and breathing from becoming text.
//!
//! Whisper was trained on subtitles, so on audio without speech it writes what subtitles
//! say there: `[BLANK_AUDIO]`, `(upbeat music)`, `[구독]`, `ご視聴ありがとうございました`.
//! Three layers, each enough for most of it on its own:
//!
//! 1. **The window's no-speech probability**, computed by Onno: the model's probability
//!    of `<|nospeech|>` right after `<|startoftranscript|>`, as OpenAI's and
//!    faster-whisper's code take it. whisper.cpp 1.8.3 reads it from a row of its logits
//!    buffer that it fills only when it detects the language, so with a fixed language it
//!    reports a stale value (0, or the previous window's). Above
//!    [`TranscribeOptions::no_speech_threshold`] the window gives nothing.
//! 2. **Sound captions**: a segment that is only bracketed or parenthesised text, music
//!    notes, or punctuation (`[BLANK_AUDIO]`, `(water flowing)`, `-`) is dropped.
//! 3. **Known hallucinations**, a last resort: whole segments that are subtitle credits
//!    and sign-offs in English, Korean and Japanese (`Thanks for watching!`,
//!    `시청해 주셔서 감사합니다`), which nobody says as a whole utterance in a meeting.
//!
//! Measured and not used: the average log-probability (noise decodes at -0.1 to -2.9,
//! real speech at -0.4 to -1.8 with the base model: no threshold separates them), and
//! whisper's non-speech token suppression, which turns captions into words ("Thank
//! you.", "고마워요") that only the first layer still catches.
//!
//! [`TranscribeOptions::no_speech_threshold`]: crate::TranscribeOptions::no_speech_threshold

use whisper_rs::{WhisperContext, WhisperState};

/// What the decoder's first step says of a window: how likely it holds no speech, and
/// which language it is in.
pub(crate) struct WindowStart {
    pub(crate) no_speech_prob: f32,
    /// Every language the model knows, most probable first.
    pub(crate) languages: Vec<(&'static str, f32)>,
}

/// The window's probability that it holds no speech (`<|nospeech|>` after
/// `<|startoftranscript|>`) and its languages' probabilities, both from one decoder step
/// against the encoder output the state holds (the last window `full()` encoded).
/// `None` when whisper.cpp fails to decode.
pub(crate) fn window_start(
    state: &mut WhisperState,
    ctx: &WhisperContext,
    threads: usize,
) -> Option<WindowStart> {
    state.decode(&[ctx.token_sot()], 0, threads).ok()?;
    let logits = state.get_logits().ok()?;
    let nosp = usize::try_from(ctx.token_nosp()).ok()?;
    let max = logits.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let sum: f64 = logits.iter().map(|&l| f64::from(l - max).exp()).sum();
    let p = f64::from(*logits.get(nosp)? - max).exp() / sum;
    p.is_finite().then(|| WindowStart {
        no_speech_prob: p as f32,
        languages: crate::engine::language_probabilities(logits, ctx),
    })
}

/// OpenAI's average log-probability of a decoding: the sum over its tokens divided by
/// their count plus one (the end-of-text token's, which whisper.cpp does not report).
pub(crate) fn avg_logprob(logprobs: &[f32]) -> f32 {
    logprobs.iter().sum::<f32>() / (logprobs.len() + 1) as f32
}

/// Whether `text` is a caption of a sound rather than words: nothing but bracketed or
/// parenthesised parts, music notes, and punctuation.
pub(crate) fn is_sound_caption(text: &str) -> bool {
    let mut depth = 0usize;
    let mut words_outside = false;
    for c in text.chars() {
        match c {
            '[' | '(' | '（' | '【' | '《' | '<' | '{' => depth += 1,
            ']' | ')' | '）' | '】' | '》' | '>' | '}' => depth = depth.saturating_sub(1),
            _ if depth > 0 => {}
            c if c.is_alphanumeric() => words_outside = true,
            _ => {}
        }
    }
    !words_outside
}

/// Sign-offs and credits whisper writes on silence and noise, normalised by
/// [`phrase_key`]. Only whole segments match.
const KNOWN_HALLUCINATIONS: &[&str] = &[
    // English
    "thanks for watching",
    "thank you for watching",
    "thank you for watching please subscribe",
    "please subscribe",
    "subtitles by the amaraorg community",
    "transcription by castingwords",
    // Korean
    "시청해주셔서 감사합니다",
    "시청해 주셔서 감사합니다",
    "구독과 좋아요 부탁드립니다",
    "구독 좋아요 부탁드립니다",
    "구독",
    "mbc 뉴스 이덕영입니다",
    "다음 영상에서 만나요",
    // Japanese (what auto detection often picks for noise)
    "ご視聴ありがとうございました",
    "チャンネル登録よろしくお願いします",
];

/// Lower case, letters, digits and single spaces only.
fn phrase_key(text: &str) -> String {
    let kept: String = text
        .chars()
        .filter(|c| c.is_alphanumeric() || c.is_whitespace())
        .flat_map(char::to_lowercase)
        .collect();
    kept.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Whether the whole of `text` is one of whisper's known hallucinations.
pub(crate) fn is_known_hallucination(text: &str) -> bool {
    let key = phrase_key(text);
    !key.is_empty() && KNOWN_HALLUCINATIONS.contains(&key.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn captions_are_brackets_music_and_punctuation() {
        for caption in [
            "[BLANK_AUDIO]",
            "(upbeat music)",
            "[구독]",
            "(끝)",
            "[끝까지",
            "♪ ♪",
            "-",
            "...",
            "[Music] (applause)",
            "",
        ] {
            assert!(is_sound_caption(caption), "{caption:?}");
        }
        for words in [
            "and so my fellow Americans",
            "그는 이리저리 피하면서",
            "the price (in dollars) is 50",
            "[laughs] okay",
            "MRR이 50K 정도예요",
        ] {
            assert!(!is_sound_caption(words), "{words:?}");
        }
    }

    #[test]
    fn known_hallucinations_match_whole_segments_only() {
        assert!(is_known_hallucination("Thanks for watching!"));
        assert!(is_known_hallucination(" ご視聴ありがとうございました"));
        assert!(is_known_hallucination("시청해주셔서 감사합니다."));
        assert!(is_known_hallucination(
            "Subtitles by the Amara.org community"
        ));
        assert!(!is_known_hallucination(
            "thanks for watching the demo with us"
        ));
        assert!(!is_known_hallucination("구독자 수가 늘었어요"));
        assert!(!is_known_hallucination(""));
    }

    #[test]
    fn avg_logprob_counts_the_end_of_text() {
        assert_eq!(avg_logprob(&[]), 0.0);
        assert_eq!(avg_logprob(&[-1.0, -2.0, -3.0]), -1.5);
    }
}
