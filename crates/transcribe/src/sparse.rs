//! Windows for which whisper wrote far too little: given a window in which the language
//! changes, it writes the first sentence and ends the window there. Such a window is
//! decoded again part by part.

use std::ops::Range;

use onno_asr::AsrSegment;
use onno_audio::{PackedWindow, SAMPLE_RATE};

/// Whether `found` holds far less text than `samples` of speech would say: under
/// about two fifths of a normal speaking rate (Korean 5-7 syllables a second, English
/// 12-15 letters; a window holds some padding and pauses too). whisper, given a window in which the language changes, has written only
/// the first sentence and ended the window there (a Korean sentence and 11 s of
/// English: one Korean line, the English lost, whichever language was asked for).
pub(crate) fn too_little(found: &[AsrSegment], samples: usize) -> bool {
    let chars = text_chars(found);
    if chars == 0 {
        // Nothing at all is whisper's verdict of no speech, which the filters made.
        return false;
    }
    let hangul = found
        .iter()
        .flat_map(|s| s.text.chars())
        .filter(|c| onno_asr::is_hangul(*c))
        .count();
    let per_second = if 2 * hangul > chars { 2.5 } else { 6.0 };
    let seconds = samples as f64 / f64::from(SAMPLE_RATE);
    (chars as f64) < per_second * seconds
}

/// The characters of text in `found`, spaces left out.
pub(crate) fn text_chars(found: &[AsrSegment]) -> usize {
    found
        .iter()
        .flat_map(|s| s.text.chars())
        .filter(|c| !c.is_whitespace())
        .count()
}

/// A pause inside an utterance at least this long (20 ms frames) may be where its
/// language changes: 0.3 s, the live detectors' end of an utterance.
const MIN_PAUSE_FRAMES: usize = 15;
const FRAME: usize = SAMPLE_RATE as usize / 50;
/// A frame this far under the window's loudest is a pause.
const PAUSE_BELOW_PEAK_DB: f32 = 30.0;

/// Where `packed` is cut to be decoded part by part, in window samples: at its
/// utterances' joins, and in the middle of every pause inside an utterance (a sentence,
/// a breath, the next sentence, perhaps in another language). One part when there is no
/// such place.
pub(crate) fn parts(packed: &PackedWindow) -> Vec<Range<usize>> {
    let len = packed.samples.len();
    let mut parts = Vec::new();
    for piece in &packed.window.pieces {
        let from = (piece.offset as usize).min(len);
        let to = (from + piece.source.len() as usize).min(len);
        let mut start = from;
        for pause in pauses(&packed.samples[from..to]) {
            let cut = from + (pause.start + pause.end) / 2 * FRAME;
            parts.push(start..cut);
            start = cut;
        }
        parts.push(start..to);
    }
    parts
}

/// The runs of quiet frames, at least [`MIN_PAUSE_FRAMES`] long, with sound on both
/// sides, in frames.
fn pauses(samples: &[f32]) -> Vec<Range<usize>> {
    let levels: Vec<f32> = samples
        .chunks_exact(FRAME)
        .map(|f| 10.0 * (f.iter().map(|v| v * v).sum::<f32>() / FRAME as f32 + 1e-10).log10())
        .collect();
    let peak = levels.iter().copied().fold(f32::NEG_INFINITY, f32::max);
    let quiet = |db: f32| db < peak - PAUSE_BELOW_PEAK_DB;
    let mut found = Vec::new();
    let mut start = None;
    let mut heard_sound = false;
    for (i, db) in levels.iter().enumerate() {
        match (quiet(*db), start) {
            (true, None) if heard_sound => start = Some(i),
            (false, Some(s)) => {
                if i - s >= MIN_PAUSE_FRAMES {
                    found.push(s..i);
                }
                start = None;
            }
            _ => {}
        }
        heard_sound |= !quiet(*db);
    }
    found
}

#[cfg(test)]
mod tests {
    use super::*;

    fn tone(seconds: f32) -> Vec<f32> {
        (0..(seconds * SAMPLE_RATE as f32) as usize)
            .map(|i| 0.3 * (i as f32 * 0.05).sin())
            .collect()
    }

    fn one_utterance(samples: Vec<f32>) -> PackedWindow {
        let len = samples.len() as u64;
        PackedWindow {
            window: onno_audio::Window {
                pieces: vec![onno_audio::Piece {
                    offset: 0,
                    source: onno_audio::Span { start: 0, end: len },
                }],
            },
            samples,
        }
    }

    #[test]
    fn one_utterance_is_cut_in_the_middle_of_each_pause() {
        let mut samples = tone(2.0);
        samples.extend(vec![0.0; SAMPLE_RATE as usize / 2]);
        samples.extend(tone(1.0));
        samples.extend(vec![0.0; SAMPLE_RATE as usize * 3 / 2]);
        samples.extend(tone(3.0));
        samples.extend(vec![0.0; SAMPLE_RATE as usize]);
        let parts = parts(&one_utterance(samples.clone()));
        let cuts: Vec<f32> = parts[1..]
            .iter()
            .map(|p| p.start as f32 / SAMPLE_RATE as f32)
            .collect();
        // In the middle of the 0.5 s pause after 2 s and of the 1.5 s one after 3.5 s;
        // the silence at the end has no sound after it.
        assert_eq!(cuts.len(), 2, "{parts:?}");
        assert!((2.2..2.3).contains(&cuts[0]), "{cuts:?}");
        assert!((4.2..4.3).contains(&cuts[1]), "{cuts:?}");
        assert_eq!(parts[0].start, 0);
        assert_eq!(parts[2].end, samples.len());
        assert!(parts.windows(2).all(|w| w[0].end == w[1].start));
    }

    #[test]
    fn an_utterance_without_a_long_pause_stays_whole() {
        let mut samples = tone(2.0);
        samples.extend(vec![0.0; SAMPLE_RATE as usize / 5]);
        samples.extend(tone(2.0));
        let whole = |samples: Vec<f32>| {
            let len = samples.len();
            let parts = parts(&one_utterance(samples));
            parts.len() == 1 && parts[0] == (0..len)
        };
        assert!(whole(samples));
        assert!(whole(vec![0.0; 16_000]));
    }

    fn line(text: &str) -> AsrSegment {
        AsrSegment {
            start_ms: 0,
            end_ms: 1_000,
            text: text.to_owned(),
            confidence: 0.9,
            language: "ko".to_owned(),
            no_speech_prob: 0.1,
        }
    }

    fn seconds(s: usize) -> usize {
        s * SAMPLE_RATE as usize
    }

    #[test]
    fn one_sentence_for_twenty_seconds_of_speech_is_too_little() {
        // What whisper wrote for a window of a Korean sentence and 11 s of English.
        let korean = [line("그는 이리저리 피하면서 길 한 옆으로 걸어갔다.")];
        assert!(too_little(&korean, seconds(13)));
        let english = [line("He went to the airport by running a car on the road.")];
        assert!(too_little(&english, seconds(13)));
    }

    #[test]
    fn speech_at_a_slow_speaking_rate_is_not_too_little() {
        let korean = [line("그는 이리저리 피하면서 길 한 옆으로 걸어갔다.")];
        assert!(!too_little(&korean, seconds(8)));
        let english = [line(
            "And so my fellow Americans, ask not what your country can do for you, \
             ask what you can do for your country.",
        )];
        assert!(!too_little(&english, seconds(11)));
    }

    #[test]
    fn no_text_at_all_is_a_verdict_not_a_loss() {
        assert!(!too_little(&[], seconds(20)));
    }
}
