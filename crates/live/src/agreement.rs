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
    let norm = |s: &str| -> String {
        s.chars()
            .filter(|c| c.is_alphanumeric())
            .flat_map(char::to_lowercase)
            .collect()
    };
    let (a, b) = (norm(a), norm(b));
    !a.is_empty() && a == b
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
