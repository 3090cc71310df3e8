//! A segment cut into words and clauses, and which clauses deny something.

use super::Word;
use super::words::*;
use crate::phrases::Hit;
use crate::text::{Class, NChar};

/// Signs inside a figure keep it one word with its particle ("110%고", "$50k"), so
/// the particle's ending counts.
pub(super) fn is_word_char(t: &[NChar], i: usize) -> bool {
    let Some(n) = t.get(i) else { return false };
    let digit_at = |j: Option<usize>| {
        j.and_then(|j| t.get(j))
            .is_some_and(|d| d.class == Class::Digit)
    };
    match n.class {
        Class::Hangul | Class::Latin | Class::Digit => true,
        _ => {
            matches!(n.c, '\'' | '’' | '%' | '$' | '₩')
                || (matches!(n.c, ',' | '.')
                    && digit_at(i.checked_sub(1))
                    && digit_at(i.checked_add(1)))
        }
    }
}

pub(super) fn words(t: &[NChar]) -> Vec<Word> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if !is_word_char(t, i) {
            i += 1;
            continue;
        }
        let first = i;
        while is_word_char(t, i) {
            i += 1;
        }
        let chars = &t[first..i];
        let text: String = chars
            .iter()
            .map(|n| if n.c == '’' { '\'' } else { n.c })
            .collect();
        out.push(Word {
            first,
            last: i,
            hangul: chars.last().is_some_and(|n| n.class == Class::Hangul),
            latin: chars
                .iter()
                .all(|n| n.class == Class::Latin || matches!(n.c, '\'' | '’')),
            text,
        });
    }
    out
}

/// The clause of each character: a new one starts at each sentence, inside each
/// clause break (so a break right after a name still parts it from what follows),
/// at each English clause word, and after each Korean word that ends in a connective.
pub(super) fn clauses(
    t: &[NChar],
    sentence: &[u32],
    breaks: &[Hit<()>],
    words: &[Word],
) -> Vec<u32> {
    let mut starts: Vec<bool> = (0..=t.len())
        .map(|i| i > 0 && sentence.get(i) != sentence.get(i - 1))
        .collect();
    for b in breaks {
        if let Some(s) = starts.get_mut(b.first + 1) {
            *s = true;
        }
    }
    for w in words {
        if w.latin && EN_CLAUSE_WORDS.contains(&w.text.as_str()) {
            starts[w.first] = true;
        }
        if w.hangul && ends_clause(&w.text) {
            starts[w.last] = true;
        }
    }
    let mut id = 0;
    starts
        .iter()
        .enumerate()
        .map(|(i, s)| {
            if *s && i > 0 {
                id += 1;
            }
            id
        })
        .collect()
}

pub(super) fn ends_clause(word: &str) -> bool {
    let len = word.chars().count();
    !KO_NOT_CLAUSE_ENDINGS.iter().any(|w| word.ends_with(w))
        && KO_CLAUSE_ENDINGS
            .iter()
            .any(|e| word.ends_with(e) && len > e.chars().count())
}

pub(super) fn mark_negations(words: &[Word], clause: &[u32], negated: &mut [bool]) {
    // The clause in which "밖에" was said: a negation after it means "only".
    let mut only_in = None;
    for (i, w) in words.iter().enumerate() {
        let Some(&c) = clause.get(w.first) else {
            continue;
        };
        if w.text.contains(KO_ONLY) {
            only_in = Some(c);
            continue;
        }
        let next = words.get(i + 1).map(|n| n.text.as_str());
        if only_in != Some(c)
            && denies(w, next)
            && let Some(n) = negated.get_mut(c as usize)
        {
            *n = true;
        }
    }
}

pub(super) fn denies(w: &Word, next: Option<&str>) -> bool {
    let text = w.text.as_str();
    if w.latin {
        (EN_NEGATIONS.contains(&text) || text.ends_with("n't"))
            && !(text == "not" && next == Some("only"))
    } else if w.hangul {
        !KO_NOT_NEGATIONS.iter().any(|n| text.contains(n))
            && (KO_NEGATION_WORDS.contains(&text)
                || KO_NEGATION_PREFIXES.iter().any(|p| text.starts_with(p))
                || KO_NEGATION_STEMS.iter().any(|s| text.contains(s)))
    } else {
        false
    }
}

/// "it's" → "it", "we're" → "we"; `None` for other words.
pub(super) fn contracted(word: &str) -> Option<&str> {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("'re"))
}
