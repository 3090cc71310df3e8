//! The words of a conversation worth looking up in the past: content words, Korean
//! particles and verb endings taken off, English plurals trimmed, fillers and
//! function words out, weighted by how often and how lately they were said.
//!
//! The index keeps a Korean word with its particle ("매출은") and matches query terms
//! as prefixes, so the query needs the bare stem ("매출"): "매출이" said now must find
//! "매출은" written then. The same prefix match lets "churn" find "churned".

use std::collections::HashMap;

/// Noun + 하다/되다/이다 endings: what is left is the noun ("인상했어요" → "인상").
const NOUN_VERB_ENDINGS: &[&str] = &[
    "되었습니다",
    "이었습니다",
    "했습니다",
    "됐습니다",
    "였습니다",
    "하겠습니다",
    "이었어요",
    "했는데요",
    "하셨는데",
    "했었는데",
    "합니다",
    "됩니다",
    "입니다",
    "했어요",
    "됐어요",
    "였어요",
    "이에요",
    "하려고",
    "했는데",
    "하는데",
    "이라서",
    "했던",
    "했고",
    "하고",
    "하는",
    "하면",
    "해서",
    "하기",
    "해요",
    "돼요",
    "되는",
    "예요",
    "이죠",
    "이고",
    "인데",
    "한",
    "할",
    "된",
];

/// Particles, longest first, so "에서는" goes as one and not as "는" leaving "에서".
const PARTICLES: &[&str] = &[
    "에서는",
    "에서도",
    "으로는",
    "으로도",
    "에게서",
    "이라고",
    "이라는",
    "에서",
    "에게",
    "한테",
    "으로",
    "까지",
    "부터",
    "처럼",
    "보다",
    "마다",
    "이랑",
    "라고",
    "라는",
    "께서",
    "이나",
    "들은",
    "들이",
    "들을",
    "들의",
    "들도",
    "은",
    "는",
    "이",
    "가",
    "을",
    "를",
    "의",
    "에",
    "로",
    "와",
    "과",
    "도",
    "만",
];

/// Endings that mark a verb or adjective (the word is not looked up); a noun that
/// ends so has two syllables ("필요", "중요") and is kept.
const VERB_ENDINGS: &[&str] = &["요", "니다", "죠", "까", "네", "다", "지만", "는데", "면서"];

/// Korean words that say nothing about the topic.
const KO_STOPWORDS: &[&str] = &[
    "그래서",
    "그리고",
    "하지만",
    "그런데",
    "근데",
    "그러면",
    "그럼",
    "이번",
    "저희",
    "우리",
    "제가",
    "저는",
    "정도",
    "지금",
    "그냥",
    "이제",
    "혹시",
    "말씀",
    "생각",
    "부분",
    "관련",
    "경우",
    "이것",
    "그것",
    "그거",
    "이거",
    "여기",
    "거기",
    "때문",
    "어떻게",
    "얼마나",
    "어떤",
    "무엇",
    "진짜",
    "정말",
    "많이",
    "조금",
    "다시",
    "아마",
    "일단",
    "감사",
    "얘기",
    "이야기",
    "사실",
    "말씀드",
    "그때",
    "요즘",
    "이전",
    "지난번",
    "다음",
    "같은",
    "이런",
    "그런",
    "저런",
    "어느",
    "모든",
    "각각",
    "하나",
    "가지",
    "때문에",
    "대해",
    "대해서",
    "통해",
    "위해",
    "있는",
    "없는",
    "있고",
    "없고",
    "여러분",
    "다른",
];

/// English words that say nothing about the topic.
const EN_STOPWORDS: &[&str] = &[
    "the",
    "and",
    "but",
    "for",
    "nor",
    "yet",
    "are",
    "was",
    "were",
    "been",
    "being",
    "have",
    "has",
    "had",
    "having",
    "does",
    "did",
    "doing",
    "will",
    "would",
    "shall",
    "should",
    "can",
    "could",
    "may",
    "might",
    "must",
    "that",
    "this",
    "these",
    "those",
    "there",
    "here",
    "then",
    "than",
    "them",
    "they",
    "their",
    "theirs",
    "what",
    "which",
    "who",
    "whom",
    "whose",
    "when",
    "where",
    "why",
    "how",
    "with",
    "without",
    "from",
    "into",
    "onto",
    "about",
    "above",
    "below",
    "over",
    "under",
    "again",
    "further",
    "once",
    "all",
    "any",
    "both",
    "each",
    "few",
    "more",
    "most",
    "other",
    "some",
    "such",
    "only",
    "own",
    "same",
    "too",
    "very",
    "just",
    "also",
    "not",
    "now",
    "our",
    "ours",
    "ourselves",
    "you",
    "your",
    "yours",
    "yourself",
    "him",
    "his",
    "her",
    "hers",
    "its",
    "itself",
    "she",
    "we",
    "me",
    "my",
    "mine",
    "myself",
    "yeah",
    "yes",
    "okay",
    "sure",
    "right",
    "well",
    "like",
    "know",
    "think",
    "thought",
    "really",
    "actually",
    "basically",
    "guess",
    "kind",
    "sort",
    "thing",
    "things",
    "lot",
    "lots",
    "going",
    "gonna",
    "get",
    "got",
    "getting",
    "want",
    "wanted",
    "said",
    "say",
    "says",
    "saying",
    "tell",
    "told",
    "mean",
    "maybe",
    "let",
    "lets",
    "let's",
    "thanks",
    "thank",
    "great",
    "good",
    "because",
    "while",
    "during",
    "before",
    "after",
    "since",
    "until",
    "through",
    "between",
    "out",
    "off",
    "down",
    "back",
    "still",
    "even",
    "much",
    "many",
    "every",
    "something",
    "anything",
    "everything",
    "nothing",
    "someone",
    "talk",
    "talked",
    "talking",
    "discuss",
    "discussed",
    "last",
    "time",
    "times",
    "today",
    "yesterday",
    "look",
    "looking",
    "make",
    "made",
    "come",
    "came",
    "go",
    "went",
    "see",
    "seen",
    "one",
    "ones",
    "way",
    "ways",
    "did",
    "done",
    "don't",
    "didn't",
    "it's",
    "that's",
    "we're",
    "they're",
    "you're",
    "i'm",
    "we've",
    "what's",
    "quite",
    "pretty",
    "probably",
    "already",
    "again",
    "anyway",
    "question",
    "questions",
    "remember",
    "recall",
    "earlier",
    "mentioned",
    "mention",
    "point",
    "wait",
    "hmm",
];

fn is_hangul(c: char) -> bool {
    matches!(c, '\u{AC00}'..='\u{D7A3}')
}

/// `word` without `suffix` when what is left still has two characters or more (a
/// one-syllable remainder is more often a whole word that happens to end that way:
/// "회의", "속도", "평가").
fn strip<'a>(word: &'a str, suffix: &str) -> Option<&'a str> {
    let stem = word.strip_suffix(suffix)?;
    (stem.chars().count() >= 2).then_some(stem)
}

/// The stem of a Korean (or Korean-suffixed) word, or `None` for a verb or filler.
fn korean_stem(word: &str) -> Option<String> {
    if let Some(stem) = NOUN_VERB_ENDINGS.iter().find_map(|e| strip(word, e)) {
        return Some(stem.to_owned());
    }
    if word.chars().count() >= 3 && VERB_ENDINGS.iter().any(|e| word.ends_with(e)) {
        return None;
    }
    let stem = PARTICLES
        .iter()
        .find_map(|p| strip(word, p))
        .unwrap_or(word);
    // Particles stack ("메디콜이랑은", "고객들이"): a second one of two syllables, or
    // the plural, comes off too; a second single syllable is more often the noun's own.
    let stem = PARTICLES
        .iter()
        .chain(&["들", "랑"])
        .filter(|p| p.chars().count() >= 2 || ["들", "랑"].contains(p))
        .find_map(|p| strip(stem, p))
        .unwrap_or(stem);
    Some(stem.to_owned())
}

/// An English plural trimmed to its singular, which as a prefix finds both. Trimming
/// further ("hiring" → "hir") was measured on the labelled set and put the right
/// passage first less often: short stems match too many unrelated words.
fn english_stem(word: &str) -> String {
    let n = word.len();
    let cut = |k: usize| word[..n - k].to_owned();
    if n >= 5 && word.ends_with("ies") {
        return cut(3);
    }
    if n >= 5
        && ["ses", "xes", "zes", "ches", "shes"]
            .iter()
            .any(|e| word.ends_with(e))
    {
        return cut(2);
    }
    if n >= 4 && word.ends_with('s') && !["ss", "us", "is"].iter().any(|e| word.ends_with(e)) {
        return cut(1);
    }
    word.to_owned()
}

/// The term a word is looked up by, or `None` when it says nothing about the topic.
pub(crate) fn term(word: &str) -> Option<String> {
    let lower = word.to_lowercase();
    let term = if lower.chars().last().is_some_and(is_hangul) {
        korean_stem(&lower)?
    } else if lower.chars().all(|c| c.is_ascii_alphabetic()) {
        if lower.len() < 3 || EN_STOPWORDS.contains(&lower.as_str()) {
            return None;
        }
        english_stem(&lower)
    } else {
        lower
    };
    let chars = term.chars().count();
    let korean = term.chars().any(is_hangul);
    let keep = if korean {
        chars >= 2 && !KO_STOPWORDS.contains(&term.as_str())
    } else {
        chars >= 3 && !EN_STOPWORDS.contains(&term.as_str())
    };
    keep.then_some(term)
}

/// Splits as the index's tokenizer does: on anything that is not a letter or digit.
fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
}

/// The `max` most telling terms of `texts` (oldest first): a term said more often, or
/// later, counts more; ties go to the longer term, which matches fewer unrelated words.
pub fn query_terms(texts: &[&str], max: usize) -> Vec<String> {
    let mut weight: HashMap<String, f64> = HashMap::new();
    let n = texts.len().max(1) as f64;
    for (i, text) in texts.iter().enumerate() {
        // The latest turn counts twice what the oldest one does.
        let lateness = 1.0 + i as f64 / n;
        for word in words(text) {
            if let Some(t) = term(word) {
                *weight.entry(t).or_default() += lateness;
            }
        }
    }
    let mut ranked: Vec<(String, f64)> = weight.into_iter().collect();
    ranked.sort_by(|a, b| {
        b.1.total_cmp(&a.1)
            .then(b.0.chars().count().cmp(&a.0.chars().count()))
            .then(a.0.cmp(&b.0))
    });
    ranked.into_iter().take(max).map(|(t, _)| t).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn korean_particles_and_endings_come_off_and_verbs_stay_out() {
        assert_eq!(term("매출이").as_deref(), Some("매출"));
        assert_eq!(term("고객들이").as_deref(), Some("고객"));
        assert_eq!(term("메디콜이랑은").as_deref(), Some("메디콜"));
        assert_eq!(term("런웨이는").as_deref(), Some("런웨이"));
        assert_eq!(term("인상했어요").as_deref(), Some("인상"));
        assert_eq!(term("MRR은").as_deref(), Some("mrr"));
        assert_eq!(term("회의"), Some("회의".to_owned()), "not 회 + 의");
        assert_eq!(term("늘었어요"), None);
        assert_eq!(term("저희는"), None);
    }

    #[test]
    fn english_words_are_trimmed_to_prefixes_and_fillers_dropped() {
        assert_eq!(term("Customers").as_deref(), Some("customer"));
        assert_eq!(term("companies").as_deref(), Some("compan"));
        assert_eq!(term("rates").as_deref(), Some("rate"));
        assert_eq!(term("business").as_deref(), Some("business"));
        assert_eq!(term("integration").as_deref(), Some("integration"));
        assert_eq!(term("actually"), None);
        assert_eq!(term("we"), None);
    }

    #[test]
    fn frequent_and_late_terms_come_first() {
        let terms = query_terms(
            &[
                "The runway question again.",
                "Runway and burn: the burn rate, burn.",
            ],
            2,
        );
        assert_eq!(terms, ["burn", "runway"]);
    }
}
