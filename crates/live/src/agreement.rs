//! LocalAgreement-2: text is confirmed when two consecutive decodings of the growing
//! audio agree on it.
//!
//! While someone speaks, the open utterance is decoded again every step as it grows.
//! Each decoding is a hypothesis: whisper segments with times. The segments at the
//! front that the last two hypotheses share (same text, once normalised) are
//! confirmed, except a hypothesis's last segment, which may still be cut mid-word by
//! the end of the audio. Confirmed segments are committed and their audio is not
//! decoded again, so confirmed text never changes; the rest is shown as tentative.

use onno_asr::AsrSegment;

/// One source's agreement state: the last hypothesis not yet confirmed.
#[derive(Debug, Default)]
pub struct LocalAgreement {
    previous: Vec<AsrSegment>,
}

impl LocalAgreement {
    /// Takes the next hypothesis (times in stream milliseconds, all after what was
    /// confirmed before) and returns the segments now confirmed, in order.
    pub fn next(&mut self, hypothesis: Vec<AsrSegment>) -> Vec<AsrSegment> {
        let comparable = hypothesis.len().saturating_sub(1);
        let agreed = hypothesis[..comparable]
            .iter()
            .zip(&self.previous)
            .take_while(|(a, b)| same_text(&a.text, &b.text))
            .count();
        let mut rest = hypothesis;
        let confirmed: Vec<AsrSegment> = rest.drain(..agreed).collect();
        self.previous = rest;
        confirmed
    }

    /// The text not confirmed yet, for display.
    pub fn tentative_text(&self) -> String {
        join_text(&self.previous)
    }

    /// Forgets the hypothesis (its utterance was committed whole).
    pub fn reset(&mut self) {
        self.previous.clear();
    }
}

/// The segments' texts, trimmed and joined with single spaces.
pub fn join_text(segments: &[AsrSegment]) -> String {
    segments
        .iter()
        .map(|s| s.text.trim())
        .filter(|t| !t.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// Equal apart from case, punctuation and spacing.
fn same_text(a: &str, b: &str) -> bool {
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
}

/// `s` without case, punctuation or spacing.
fn norm(s: &str) -> String {
    s.chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect()
}

/// How many of the last words a side committed are kept to compare its next line with.
pub const TAIL_WORDS: usize = 8;

/// The fewest words in a row that make a repeat at a join: one word said again ("no,
/// no") is speech as often as not.
const MIN_JOIN_WORDS: usize = 2;

/// The words of `text`, each without case or punctuation, for [`drop_repeated_join`].
pub fn words(text: &str) -> Vec<String> {
    text.split_whitespace()
        .map(norm)
        .filter(|w| !w.is_empty())
        .collect()
}

/// Drops from the front of `segments` the words that repeat the end of `tail` (the
/// last words the same side committed just before), two or more in a row, and returns
/// how many. A line confirmed from tentative text ends where whisper's timestamp said;
/// when that was early, the rest of the utterance, decoded on its own, starts with the
/// same words again ("You can call me Abby." twice).
pub fn drop_repeated_join(tail: &[String], segments: &mut Vec<AsrSegment>) -> usize {
    let Some(first) = segments.first_mut() else {
        return 0;
    };
    let raw: Vec<&str> = first.text.split_whitespace().collect();
    let said: Vec<String> = raw.iter().map(|w| norm(w)).collect();
    let longest = tail.len().min(said.len());
    let Some(repeated) = (MIN_JOIN_WORDS..=longest)
        .rev()
        .find(|&k| tail[tail.len() - k..] == said[..k])
    else {
        return 0;
    };
    if repeated == raw.len() {
        segments.remove(0);
    } else {
        first.text = raw[repeated..].join(" ");
    }
    repeated
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seg(text: &str, start_ms: i64, end_ms: i64) -> AsrSegment {
        AsrSegment {
            start_ms,
            end_ms,
            text: text.into(),
            confidence: 0.9,
            language: "en".into(),
            no_speech_prob: 0.0,
        }
    }

    #[test]
    fn segments_two_hypotheses_share_are_confirmed_but_never_the_last() {
        let mut la = LocalAgreement::default();
        assert!(la.next(vec![seg(" We grew", 0, 900)]).is_empty());
        assert_eq!(la.tentative_text(), "We grew");
        // The same first segment again, now followed by more: confirmed.
        let confirmed = la.next(vec![
            seg("We grew.", 0, 1_000),
            seg(" MRR is", 1_000, 1_800),
        ]);
        assert_eq!(confirmed.len(), 1);
        assert_eq!(confirmed[0].text, "We grew.");
        assert_eq!(la.tentative_text(), "MRR is");
        // A changed hypothesis confirms nothing.
        assert!(la.next(vec![seg("MRR was", 1_000, 1_900)]).is_empty());
        assert_eq!(la.tentative_text(), "MRR was");
    }

    #[test]
    fn words_repeating_the_end_of_the_last_line_are_dropped_at_the_join() {
        let tail = words("I'm Abigail Claflin. You can call me Abby.");
        let mut segments = vec![seg(" You can call me Abby.", 2_000, 3_000)];
        assert_eq!(drop_repeated_join(&tail, &mut segments), 5);
        assert!(segments.is_empty());

        let mut segments = vec![
            seg("call me Abby. I run sales.", 2_000, 3_000),
            seg("Next.", 3_000, 3_500),
        ];
        assert_eq!(drop_repeated_join(&tail, &mut segments), 3);
        assert_eq!(join_text(&segments), "I run sales. Next.");

        let tail = words("그는 이리저리 피하면서");
        let mut segments = vec![seg("이리저리 피하면서 길 한 옆으로 걸어갔다.", 0, 900)];
        assert_eq!(drop_repeated_join(&tail, &mut segments), 2);
        assert_eq!(join_text(&segments), "길 한 옆으로 걸어갔다.");
    }

    #[test]
    fn one_word_said_again_or_new_words_are_kept() {
        let tail = words("The answer is no.");
        let mut segments = vec![seg("No, we never did.", 0, 900)];
        assert_eq!(drop_repeated_join(&tail, &mut segments), 0);
        assert_eq!(join_text(&segments), "No, we never did.");
        assert_eq!(drop_repeated_join(&[], &mut segments), 0);
        assert_eq!(drop_repeated_join(&tail, &mut Vec::new()), 0);
    }

    #[test]
    fn disagreement_at_the_front_confirms_nothing() {
        let mut la = LocalAgreement::default();
        la.next(vec![seg("a b", 0, 500), seg("c", 500, 900)]);
        let confirmed = la.next(vec![
            seg("x y", 0, 500),
            seg("c", 500, 900),
            seg("d", 900, 1_200),
        ]);
        assert!(confirmed.is_empty());
        la.reset();
        assert_eq!(la.tentative_text(), "");
    }
}
