//! A deliberately simple token estimate, used to keep every request within budget
//! before it is sent (the real count comes back in the reply's usage).
//!
//! The rule: a Hangul syllable, kana or CJK ideograph counts as one token (BPE
//! vocabularies split Korean into about one token per syllable, often more for rare
//! ones); any other run of characters counts one token per four characters, rounded up,
//! which is the usual figure for English. Whitespace is included in those runs. Each chat
//! message adds four tokens for its role and separators. The estimate errs high for
//! English and close for Korean, which is the safe side for a budget.

/// Tokens in `text` by the rule above.
pub fn estimate_tokens(text: &str) -> usize {
    let mut tokens = 0usize;
    let mut other = 0usize;
    for c in text.chars() {
        if is_wide_script(c) {
            tokens += 1;
        } else {
            other += 1;
        }
    }
    tokens + other.div_ceil(4)
}

/// Per-message overhead of the chat format (role, separators).
pub const MESSAGE_OVERHEAD_TOKENS: usize = 4;

fn is_wide_script(c: char) -> bool {
    matches!(c,
        '\u{AC00}'..='\u{D7A3}'   // Hangul syllables
        | '\u{1100}'..='\u{11FF}' // Hangul jamo
        | '\u{3130}'..='\u{318F}' // Hangul compatibility jamo
        | '\u{3040}'..='\u{30FF}' // kana
        | '\u{4E00}'..='\u{9FFF}' // CJK ideographs
    )
}

#[cfg(test)]
mod tests {
    use super::estimate_tokens;

    #[track_caller]
    fn check(text: &str, expected: usize) {
        assert_eq!(estimate_tokens(text), expected, "{text:?}");
    }

    #[test]
    fn korean_counts_a_token_per_syllable_and_english_one_per_four_characters() {
        check("", 0);
        check("런웨이", 3);
        check("runway", 2); // 6 chars
        check("MRR이 50K 정도", 2 + 3); // 이, 정, 도 + "MRR 50K " 8 chars -> 2
        check("abcd", 1);
        check("abcde", 2);
    }
}
