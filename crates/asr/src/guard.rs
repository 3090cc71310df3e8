//! Hallucination guards: pure functions over token ids and segment texts, so they are
//! tested without a model.

/// Longest repeated unit (in tokens) the loop detector looks for.
const MAX_PERIOD: usize = 16;

/// The number of leading `tokens` to keep so that no unit of 1 to 16 tokens follows
/// itself more than `limit` times in a row: whisper's "thank you thank you thank you…"
/// loops are cut after `limit` copies. Returns `tokens.len()` when there is no loop.
pub(crate) fn repetition_cut(tokens: &[i32], limit: usize) -> usize {
    let limit = limit.max(1);
    let n = tokens.len();
    for start in 0..n {
        for period in 1..=MAX_PERIOD.min((n - start) / (limit + 1)) {
            let unit = &tokens[start..start + period];
            let mut copies = 1;
            let mut at = start + period;
            while at + period <= n && &tokens[at..at + period] == unit {
                copies += 1;
                at += period;
            }
            if copies > limit {
                return start + period * limit;
            }
        }
    }
    n
}

/// Text tokens per second of a segment, with durations under one second counted as one
/// second so that a short word is never mistaken for a burst.
pub(crate) fn token_rate(n_tokens: usize, duration_ms: i64) -> f32 {
    n_tokens as f32 / (duration_ms.max(1000) as f32 / 1000.0)
}

/// Case- and whitespace-insensitive form of a segment's text, for spotting repeats.
pub(crate) fn normalized(text: &str) -> String {
    text.split_whitespace()
        .map(str::to_lowercase)
        .collect::<Vec<_>>()
        .join(" ")
}

/// Whether `text` is only the vocabulary prompt said back: two or more of `terms`, in
/// any order, separated by the prompt's commas or full stops and nothing else. Over
/// silence and noise whisper writes its prompt ("ComfyUI, 김민준."); a term said alone
/// ("Acme Robotics.") may be what someone said, so one term is kept.
pub(crate) fn echoes_prompt(text: &str, terms: &[String]) -> bool {
    if terms.is_empty() {
        return false;
    }
    let known: std::collections::HashSet<String> =
        terms.iter().map(|t| normalized(t.trim())).collect();
    let parts: Vec<String> = text
        .split([',', '.', '，', '。', '、'])
        .map(|p| normalized(p.trim()))
        .filter(|p| !p.is_empty())
        .collect();
    parts.len() >= 2 && parts.iter().all(|p| known.contains(p))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check_cut(tokens: &[i32], limit: usize, keep: usize) {
        assert_eq!(
            repetition_cut(tokens, limit),
            keep,
            "tokens {tokens:?} limit {limit}"
        );
    }

    #[test]
    fn repetition_cut_cases() {
        check_cut(&[], 3, 0);
        check_cut(&[1, 2, 3, 4, 5], 3, 5);
        check_cut(&[7, 7, 7], 3, 3);
        check_cut(&[7, 7, 7, 7], 3, 3);
        check_cut(&[1, 7, 7, 7, 7, 7, 7, 2], 3, 4);
        check_cut(&[1, 2, 1, 2, 1, 2], 3, 6);
        check_cut(&[1, 2, 1, 2, 1, 2, 1, 2, 9], 3, 6);
        check_cut(&[5, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3, 1, 2, 3], 2, 7);
        check_cut(&[4, 4], 1, 1);
    }

    #[test]
    fn token_rate_counts_short_segments_as_one_second() {
        assert_eq!(token_rate(10, 200), 10.0);
        assert_eq!(token_rate(10, 2000), 5.0);
        assert_eq!(token_rate(0, 0), 0.0);
    }

    #[test]
    fn normalized_ignores_case_and_spacing() {
        assert_eq!(normalized("  Thank   you. "), "thank you.");
        assert_eq!(normalized("THANK YOU."), normalized("thank you."));
    }

    #[test]
    fn a_segment_of_prompt_terms_only_is_an_echo() {
        let terms: Vec<String> = ["ComfyUI", "김민준", "Acme Robotics", "MRR"]
            .map(String::from)
            .to_vec();
        assert!(echoes_prompt("ComfyUI, 김민준.", &terms));
        assert!(echoes_prompt(" mrr, acme  robotics, comfyui. ", &terms));
        // Said alone, a name may be what someone said.
        assert!(!echoes_prompt("Acme Robotics.", &terms));
        assert!(!echoes_prompt(
            "ComfyUI, 김민준, and the rest of the team.",
            &terms
        ));
        assert!(!echoes_prompt("We use ComfyUI, and MRR is up.", &terms));
        assert!(!echoes_prompt("ComfyUI, 김민준.", &[]));
    }
}
