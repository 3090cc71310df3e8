//! Which language a call decodes in, and detection restricted to the languages the user
//! speaks.
//!
//! whisper.cpp's own detection chooses among all of its languages, and on speech it
//! finds unusual (a synthetic voice, a noisy line) it picks a third one: espeak-ng's
//! Korean comes out in Thai script. Given the languages the user speaks, Onno takes
//! whisper's probability of every language from the first decoder step and chooses the
//! most probable of those, then decodes in that language.

use whisper_rs::{WhisperContext, WhisperState};

use crate::error::{AsrError, ErrorKind};
use crate::{Language, TranscribeOptions};

/// How a call chooses its language.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) enum Plan {
    /// Decode in this language.
    Fixed(&'static str),
    /// whisper.cpp detects among every language it knows.
    Any,
    /// Detect, choosing among these (two or more, distinct).
    Among(Vec<&'static str>),
}

/// What a call's language detection saw and chose.
#[derive(Clone, Debug, PartialEq)]
pub struct Detection {
    /// The language decoded in: the most probable of the languages allowed.
    pub language: String,
    /// whisper's probability of each language it knows, most probable first (they sum
    /// to 1 over all of them, allowed or not).
    pub probabilities: Vec<(String, f32)>,
    /// The call was decoded a second time, because the language it was first decoded
    /// in (the one detected last time) was not the one detected now.
    pub redecoded: bool,
}

impl Detection {
    /// whisper's probability of `code`, 0 when it knows no such language.
    pub fn probability(&self, code: &str) -> f32 {
        self.probabilities
            .iter()
            .find(|(c, _)| c == code)
            .map_or(0.0, |(_, p)| *p)
    }
}

/// The canonical codes of `names` (codes or English names), in order, without repeats.
pub(crate) fn canonical_codes(names: &[String]) -> Result<Vec<&'static str>, AsrError> {
    let mut codes: Vec<&'static str> = Vec::new();
    for name in names {
        let code = crate::language_code(&name.trim().to_lowercase()).ok_or_else(|| {
            AsrError::new(
                ErrorKind::UnsupportedLanguage,
                format!("unknown language '{}'", name.trim()),
            )
        })?;
        if !codes.contains(&code) {
            codes.push(code);
        }
    }
    Ok(codes)
}

/// The plan for `opts` on a multilingual model or an English-only one (`model` names it
/// in errors).
pub(super) fn plan(
    opts: &TranscribeOptions,
    multilingual: bool,
    model: &str,
) -> Result<Plan, AsrError> {
    match &opts.language {
        // An English-only model has nothing to choose.
        Language::Auto if !multilingual => Ok(Plan::Fixed("en")),
        Language::Auto => {
            let codes = canonical_codes(&opts.spoken_languages)?;
            Ok(match codes.as_slice() {
                [] => Plan::Any,
                [only] => Plan::Fixed(only),
                _ => Plan::Among(codes),
            })
        }
        Language::Code(code) => {
            let canonical = crate::language_code(code).ok_or_else(|| {
                AsrError::new(
                    ErrorKind::UnsupportedLanguage,
                    format!("unknown language '{code}'"),
                )
            })?;
            if !multilingual && canonical != "en" {
                return Err(AsrError::new(
                    ErrorKind::UnsupportedLanguage,
                    format!(
                        "model '{model}' is English-only; language '{canonical}' needs a multilingual model"
                    ),
                ));
            }
            Ok(Plan::Fixed(canonical))
        }
    }
}

/// whisper's probability of each language the model knows, most probable first, from
/// the logits of the decoder step right after `<|startoftranscript|>`.
pub(crate) fn language_probabilities(
    logits: &[f32],
    ctx: &WhisperContext,
) -> Vec<(&'static str, f32)> {
    let sot = ctx.token_sot();
    // The language tokens run from just after `<|startoftranscript|>` to just before
    // `<|translate|>`; whisper.cpp's table also lists languages newer models added.
    let count = (ctx.token_translate() - sot - 1).min(whisper_rs::get_lang_max_id() + 1);
    let mut found: Vec<(&'static str, f32)> = (0..count.max(0))
        .filter_map(|id| {
            let logit = *logits.get(usize::try_from(sot + 1 + id).ok()?)?;
            Some((whisper_rs::get_lang_str(id)?, logit))
        })
        .filter(|(_, logit)| logit.is_finite())
        .collect();
    let max = found
        .iter()
        .map(|(_, l)| *l)
        .fold(f32::NEG_INFINITY, f32::max);
    let sum: f64 = found.iter().map(|(_, l)| f64::from(*l - max).exp()).sum();
    for (_, l) in &mut found {
        *l = (f64::from(*l - max).exp() / sum) as f32;
    }
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    found
}

/// Another language than the one heard last takes over only when it is at least this
/// probable (among all of whisper's languages)...
const SWITCH_MIN_PROBABILITY: f32 = 0.1;
/// ...and this many times as probable as the last one. On speech whisper hardly places
/// (espeak-ng's Korean sentences: Thai 0.75-0.94), Korean and English both sit near 1 %
/// and swap at random from one sentence to the next; real speech in either is well over
/// 0.5 (measured: 0.96-0.99).
const SWITCH_MIN_RATIO: f32 = 2.0;

/// The most probable of `among` in `probabilities` (sorted, most probable first), unless
/// `last` (the language heard last) is allowed and the winner is not clearly more
/// probable; the first of `among` when none of them is listed.
pub(super) fn choose(
    probabilities: &[(&'static str, f32)],
    among: &[&'static str],
    last: Option<&'static str>,
) -> &'static str {
    let p = |code: &str| {
        probabilities
            .iter()
            .find(|(c, _)| *c == code)
            .map_or(0.0, |(_, p)| *p)
    };
    let best = probabilities
        .iter()
        .map(|(code, _)| *code)
        .find(|code| among.contains(code))
        .or_else(|| among.first().copied())
        .unwrap_or("en");
    match last.filter(|l| among.contains(l)) {
        Some(last)
            if last != best
                && (p(best) < SWITCH_MIN_PROBABILITY || p(best) < SWITCH_MIN_RATIO * p(last)) =>
        {
            last
        }
        _ => best,
    }
}

/// Detects the language of the first 30 s of `audio` on `state` with whisper.cpp's own
/// detection (an encoder pass over the padded window). Only for a state whose every
/// call encodes whole windows: whisper.cpp encodes with the state's last encoder length.
pub(super) fn detect_on_window(
    state: &mut WhisperState,
    ctx: &WhisperContext,
    audio: &[f32],
    threads: usize,
) -> Result<Vec<(&'static str, f32)>, AsrError> {
    let window = &audio[..audio.len().min(30 * crate::SAMPLE_RATE as usize)];
    let failed = |e: whisper_rs::WhisperError| {
        AsrError::with_source(
            ErrorKind::Inference,
            format!("whisper.cpp could not detect the language: {e}"),
            e,
        )
    };
    state.pcm_to_mel(window, threads).map_err(failed)?;
    let (_, probs) = state.lang_detect(0, threads).map_err(failed)?;
    let count = (ctx.token_translate() - ctx.token_sot() - 1).max(0) as usize;
    let mut found: Vec<(&'static str, f32)> = probs
        .iter()
        .take(count)
        .enumerate()
        .filter_map(|(id, p)| Some((whisper_rs::get_lang_str(id as i32)?, *p)))
        .collect();
    found.sort_by(|a, b| b.1.total_cmp(&a.1));
    Ok(found)
}

/// Owned probabilities, for [`Detection`].
pub(super) fn owned(probabilities: &[(&'static str, f32)]) -> Vec<(String, f32)> {
    probabilities
        .iter()
        .map(|(c, p)| ((*c).to_owned(), *p))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn opts(language: Language, spoken: &[&str]) -> TranscribeOptions {
        TranscribeOptions {
            language,
            spoken_languages: spoken.iter().map(|s| s.to_string()).collect(),
            ..TranscribeOptions::default()
        }
    }

    #[test]
    fn auto_chooses_among_the_spoken_languages() {
        let plan = |o: &TranscribeOptions| plan(o, true, "m").unwrap();
        assert_eq!(plan(&opts(Language::Auto, &[])), Plan::Any);
        assert_eq!(
            plan(&opts(Language::Auto, &["Korean", " ko"])),
            Plan::Fixed("ko")
        );
        assert_eq!(
            plan(&opts(Language::Auto, &["ko", "english", "ko"])),
            Plan::Among(vec!["ko", "en"])
        );
        assert_eq!(
            plan(&opts(Language::Code("de".into()), &["ko", "en"])),
            Plan::Fixed("de"),
            "a language given is kept"
        );
        assert_eq!(
            super::plan(&opts(Language::Auto, &["ko", "en"]), false, "m").unwrap(),
            Plan::Fixed("en"),
            "an English-only model"
        );
        let err = super::plan(&opts(Language::Auto, &["ko", "xx\0"]), true, "m").unwrap_err();
        assert_eq!(err.kind(), ErrorKind::UnsupportedLanguage);
    }

    #[test]
    fn the_most_probable_allowed_language_is_chosen_and_a_switch_must_be_clear() {
        let probs = [("th", 0.6), ("ko", 0.3), ("en", 0.1)];
        assert_eq!(choose(&probs, &["ko", "en"], None), "ko");
        assert_eq!(choose(&probs, &["en", "ko"], None), "ko");
        assert_eq!(
            choose(&probs, &["de", "fr"], None),
            "de",
            "none listed: the first"
        );
        assert_eq!(
            choose(&probs, &["ko", "en"], Some("en")),
            "ko",
            "3 times as probable"
        );
        let near = [("th", 0.9), ("en", 0.04), ("ko", 0.01)];
        assert_eq!(
            choose(&near, &["ko", "en"], Some("ko")),
            "ko",
            "below 10 %: stays"
        );
        assert_eq!(choose(&near, &["ko", "en"], None), "en");
        let tie = [("en", 0.5), ("ko", 0.3)];
        assert_eq!(
            choose(&tie, &["ko", "en"], Some("ko")),
            "ko",
            "not twice as probable"
        );
        assert_eq!(
            choose(&tie, &["ko", "en"], Some("de")),
            "en",
            "the last not allowed"
        );
    }
}
