//! Whether two suggestions say the same thing, in Korean or English: character bigrams
//! of the text with case, spaces and punctuation taken out, compared by Jaccard
//! similarity. Bigrams suit both scripts: Korean particles change a syllable or two
//! ("LTV는" / "LTV가"), English word order changes little.

use std::collections::HashSet;

/// Texts at least this similar are the same suggestion.
pub const NEAR_DUPLICATE: f64 = 0.6;

pub fn similarity(a: &str, b: &str) -> f64 {
    let (a, b) = (bigrams(a), bigrams(b));
    if a.is_empty() && b.is_empty() {
        return 1.0;
    }
    let shared = a.intersection(&b).count();
    let all = a.union(&b).count();
    shared as f64 / all as f64
}

pub fn is_near_duplicate(a: &str, b: &str) -> bool {
    similarity(a, b) >= NEAR_DUPLICATE
}

fn bigrams(text: &str) -> HashSet<(char, char)> {
    let chars: Vec<char> = text
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    match chars.len() {
        0 => HashSet::new(),
        1 => HashSet::from([(chars[0], ' ')]),
        _ => chars.windows(2).map(|w| (w[0], w[1])).collect(),
    }
}

#[cfg(test)]
mod tests {
    use super::is_near_duplicate;

    #[track_caller]
    fn check(a: &str, b: &str, same: bool) {
        assert_eq!(is_near_duplicate(a, b), same, "{a:?} / {b:?}");
    }

    #[test]
    fn rewordings_are_duplicates_and_different_questions_are_not() {
        check("What is your LTV?", "what's your LTV", true);
        check("LTV는 얼마인가요?", "LTV가 얼마인가요", true);
        check(
            "What is your monthly churn?",
            "What is your monthly churn rate?",
            true,
        );
        check(
            "What is your LTV?",
            "What is your CAC payback period?",
            false,
        );
        check("런웨이는 몇 개월인가요?", "팀은 몇 명인가요?", false);
        check("", "", true);
        check("?", "LTV", false);
    }
}
