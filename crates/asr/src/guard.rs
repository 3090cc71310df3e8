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

/// Tokens from which a run said twice back to back is a sentence repeated (" You can
/// call me Abby." is six).
const PHRASE_TOKENS: usize = 5;

/// The number of leading `tokens` to keep so that no run of [`PHRASE_TOKENS`] or more
/// follows itself even once: a fitted window sometimes has whisper say its sentence
/// again ("Then you go into your Confu-i folder. Then you go into your Confu-i folder.").
/// Hardly anybody says five tokens twice over without a pause that would end the line.
pub(crate) fn phrase_repeat_cut(tokens: &[i32]) -> usize {
    let n = tokens.len();
    for start in 0..n {
        for period in PHRASE_TOKENS..=(n - start) / 2 {
            if tokens[start..start + period] == tokens[start + period..start + 2 * period] {
                return start + period;
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

/// Words from which a repeated segment is a sentence said twice rather than a short
/// answer said again.
pub(crate) const SENTENCE_WORDS: usize = 4;

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
    let known = known_terms(terms);
    let parts = parts(text);
    !known.is_empty() && parts.len() >= 2 && parts.iter().all(|(_, p)| known.contains(p))
}

/// Where a run of the vocabulary's terms in which one term comes twice begins in
/// `text`: whisper reading its prompt back after the speech it heard ("다음, 조금
/// 요리가 이틀, Quota, ACV, OTE, CX, OTE, CX" on espeak-ng's Korean with a sales
/// glossary). Nobody lists the same term twice in a row; a list of distinct terms
/// ("ARR, NRR, CAC.") may be what someone said, and is kept.
pub(crate) fn prompt_echo_start(text: &str, terms: &[String]) -> Option<usize> {
    let known = known_terms(terms);
    if known.is_empty() {
        return None;
    }
    let parts = parts(text);
    let mut i = 0;
    while i < parts.len() {
        let mut seen = std::collections::HashSet::new();
        let mut end = i;
        let mut repeated = false;
        while let Some((_, part)) = parts.get(end).filter(|(_, p)| known.contains(p)) {
            repeated |= !seen.insert(part);
            end += 1;
        }
        if repeated {
            return Some(parts[i].0);
        }
        i = end.max(i + 1);
    }
    None
}

/// What separates the prompt's terms, and sentences: whisper writes the prompt back
/// with them.
const SEPARATORS: [char; 5] = [',', '.', '，', '。', '、'];

/// `text` with a prompt echo from `at` on cut off, and the separators left before it.
pub(crate) fn cut_at(text: &str, at: usize) -> &str {
    text.get(..at)
        .unwrap_or(text)
        .trim_end_matches(|c: char| c.is_whitespace() || SEPARATORS.contains(&c))
}

fn known_terms(terms: &[String]) -> std::collections::HashSet<String> {
    terms.iter().map(|t| normalized(t.trim())).collect()
}

/// The non-empty parts of `text` between separators, normalised, each with the byte
/// offset where it begins.
fn parts(text: &str) -> Vec<(usize, String)> {
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices().chain([(text.len(), ',')]) {
        if SEPARATORS.contains(&c) {
            let part = normalized(text[start..i].trim());
            if !part.is_empty() {
                parts.push((start, part));
            }
            start = i + c.len_utf8();
        }
    }
    parts
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
    fn a_phrase_said_twice_is_cut_after_the_first() {
        let phrase: Vec<i32> = (1..=6).collect();
        let mut tokens = vec![50, 51];
        tokens.extend(&phrase);
        tokens.extend(&phrase);
        assert_eq!(phrase_repeat_cut(&tokens), 8);
        // A short run said twice ("no, no") is left to `repetition_cut`.
        assert_eq!(phrase_repeat_cut(&[1, 2, 3, 4, 1, 2, 3, 4]), 8);
        assert_eq!(phrase_repeat_cut(&phrase), 6);
        assert_eq!(phrase_repeat_cut(&[]), 0);
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

    #[test]
    fn a_run_of_prompt_terms_with_one_said_twice_is_cut_from_where_it_begins() {
        let terms: Vec<String> = ["Quota", "ACV", "OTE", "CX", "ARR", "NRR", "CAC"]
            .map(String::from)
            .to_vec();
        let text = "다음, 조금 요리가 이틀, Quota, ACV, OTE, CX, OTE, CX, OTE, CX";
        let at = prompt_echo_start(text, &terms).unwrap();
        assert_eq!(cut_at(text, at), "다음, 조금 요리가 이틀");
        let text = "OTE, CX, OTE, CX.";
        assert_eq!(cut_at(text, prompt_echo_start(text, &terms).unwrap()), "");
        // Distinct terms listed, or a term said twice in a sentence, are speech.
        assert_eq!(prompt_echo_start("We look at ARR, NRR, CAC.", &terms), None);
        assert_eq!(
            prompt_echo_start("ARR grew. ARR is what we track.", &terms),
            None
        );
        assert_eq!(prompt_echo_start("OTE, CX, OTE, CX", &[]), None);
    }
}
