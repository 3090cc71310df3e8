//! Finding many keywords at once in Korean and English speech.
//!
//! The rules, which the checklist keywords, glossary aliases and metric cues share:
//! - **English** words match whole words, case-insensitively, with a plural or verb
//!   ending allowed ("customers", "churned", "growing"). A word written in capitals
//!   ("MRR", "SAM", "MoM") or a known acronym only matches text with at least two
//!   capitals, so "Sam" and "mom" stay names.
//! - **Korean** keywords are stems: whatever follows them (a particle, an ending, the
//!   rest of a compound) is allowed, so "매출" covers "매출은" and "월매출". A keyword of
//!   one syllable must start a word ("팀이" but not "스팀", "월" but not "3월").
//!   Spaces between Hangul
//!   are optional on both sides: "시장 규모" matches "시장규모" and the reverse.
//! - When matches nest, only the outermost is kept: "LTV/CAC" is not also "LTV".

use std::collections::{HashMap, HashSet};

use crate::text::{Class, NChar, classify, is_hangul, normalize};

/// Acronyms that keywords often write in lower case ("mrr" in a checklist); they too
/// must be spoken as acronyms.
const KNOWN_ACRONYMS: &[&str] = &[
    "mrr", "arr", "gmv", "cac", "ltv", "nrr", "ndr", "arpu", "aov", "dau", "mau", "pmf", "tam",
    "sam", "som", "mom", "yoy", "qoq", "kpi", "okr", "roi", "poc", "nda", "mou", "ote", "acv",
    "fte", "cvr", "clv", "cltv", "gpm", "rcps", "ebitda",
];

/// Patterns longer than this are ignored: nobody says them, and they would only slow
/// every segment down.
const MAX_PATTERN_CHARS: usize = 80;

#[derive(Debug, Clone, Copy)]
struct PChar {
    c: char,
    class: Class,
    /// Part of an acronym word: the matched text must carry capitals there.
    acronym: bool,
    /// The last character of an acronym word.
    acronym_end: bool,
}

#[derive(Debug, Clone)]
struct Pattern<T> {
    chars: Vec<PChar>,
    payload: T,
    /// The first word is one Hangul syllable, so it must start a word in the text (and
    /// not follow a digit: "3월" is March, not "monthly").
    anchored: bool,
    /// The last word is English and at most three letters: only "s" may follow it.
    short_last_word: bool,
}

/// One match: normalised characters `first..last` of the text.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Hit<T> {
    pub payload: T,
    pub first: usize,
    pub last: usize,
}

/// A set of phrases, each with a payload, searched together.
#[derive(Debug, Clone)]
pub(crate) struct PhraseSet<T> {
    patterns: Vec<Pattern<T>>,
    by_first: HashMap<char, Vec<usize>>,
}

impl<T: Copy + PartialEq> PhraseSet<T> {
    pub(crate) fn new() -> Self {
        PhraseSet {
            patterns: Vec::new(),
            by_first: HashMap::new(),
        }
    }

    /// Adds `phrase` (and its hyphen and inflection variants). `acronyms` names extra
    /// lower-case words to treat as acronyms.
    pub(crate) fn add(&mut self, phrase: &str, payload: T, acronyms: &HashSet<String>) {
        let phrase = phrase.trim();
        if phrase.is_empty() || phrase.chars().count() > MAX_PATTERN_CHARS {
            return;
        }
        let mut variants = vec![phrase.to_owned()];
        if phrase.contains('-') {
            variants.push(phrase.replace('-', " "));
            variants.push(phrase.replace('-', ""));
        }
        for v in variants {
            for w in english_variants(&v) {
                self.add_one(&w, payload, acronyms);
            }
        }
    }

    fn add_one(&mut self, phrase: &str, payload: T, acronyms: &HashSet<String>) {
        let Some(pattern) = compile(phrase, payload, acronyms) else {
            return;
        };
        let duplicate = self
            .patterns
            .iter()
            .any(|p| p.payload == payload && same_chars(&p.chars, &pattern.chars));
        if duplicate {
            return;
        }
        let id = self.patterns.len();
        self.by_first
            .entry(pattern.chars[0].c)
            .or_default()
            .push(id);
        self.patterns.push(pattern);
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.patterns.is_empty()
    }

    /// Every match in `text`, outermost only, in text order.
    pub(crate) fn find(&self, text: &[NChar]) -> Vec<Hit<T>> {
        let mut hits = Vec::new();
        if self.patterns.is_empty() {
            return hits;
        }
        for (i, ch) in text.iter().enumerate() {
            if ch.class == Class::Space {
                continue;
            }
            let Some(ids) = self.by_first.get(&ch.c) else {
                continue;
            };
            for &id in ids {
                let p = &self.patterns[id];
                if let Some(last) = match_at(p, text, i) {
                    hits.push(Hit {
                        payload: p.payload,
                        first: i,
                        last,
                    });
                }
            }
        }
        keep_outermost(hits)
    }
}

fn same_chars(a: &[PChar], b: &[PChar]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x.c == y.c)
}

fn compile<T>(phrase: &str, payload: T, acronyms: &HashSet<String>) -> Option<Pattern<T>> {
    let norm = normalize(phrase);
    let mut chars: Vec<PChar> = norm
        .iter()
        .map(|n| PChar {
            c: n.c,
            class: n.class,
            acronym: false,
            acronym_end: false,
        })
        .collect();
    while chars.last().is_some_and(|c| c.class == Class::Space) {
        chars.pop();
    }
    if chars.is_empty() {
        return None;
    }
    // Mark acronym words: runs of Latin letters written with two or more capitals, or
    // listed as known acronyms.
    let mut i = 0;
    while i < chars.len() {
        if chars[i].class != Class::Latin {
            i += 1;
            continue;
        }
        let start = i;
        while i < chars.len() && chars[i].class == Class::Latin {
            i += 1;
        }
        let word: String = chars[start..i].iter().map(|c| c.c).collect();
        let capitals = norm[start..i].iter().filter(|c| c.upper).count();
        let is_acronym =
            capitals >= 2 || KNOWN_ACRONYMS.contains(&word.as_str()) || acronyms.contains(&word);
        if is_acronym && i - start >= 2 {
            for c in &mut chars[start..i] {
                c.acronym = true;
            }
            chars[i - 1].acronym_end = true;
        }
    }
    let first_word_len = chars.iter().take_while(|c| c.class != Class::Space).count();
    let anchored = first_word_len == 1 && chars[0].class == Class::Hangul;
    let last_word_len = chars
        .iter()
        .rev()
        .take_while(|c| c.class == Class::Latin)
        .count();
    Some(Pattern {
        chars,
        payload,
        anchored,
        short_last_word: last_word_len > 0 && last_word_len <= 3,
    })
}

/// Matches `p` at `text[at..]`; returns the end (exclusive) of the match.
fn match_at<T>(p: &Pattern<T>, text: &[NChar], at: usize) -> Option<usize> {
    let before = at.checked_sub(1).map(|i| text[i].class);
    let first = p.chars[0];
    if first.class.is_word() && before.is_some_and(Class::is_word) {
        return None;
    }
    if p.anchored && matches!(before, Some(Class::Hangul | Class::Digit)) {
        return None; // "팀" is not in "스팀", "월" not in "3월"
    }

    let mut k = 0;
    let mut t = at;
    let mut capitals = 0;
    while k < p.chars.len() {
        let pc = p.chars[k];
        if pc.class == Class::Space {
            if text.get(t).is_some_and(|n| n.class == Class::Space) {
                t += 1;
                k += 1;
                continue;
            }
            // "시장 규모" also matches "시장규모".
            let hangul_both_sides = k > 0
                && p.chars[k - 1].class == Class::Hangul
                && p.chars.get(k + 1).is_some_and(|c| c.class == Class::Hangul);
            if hangul_both_sides {
                k += 1;
                continue;
            }
            return None;
        }
        let tc = text.get(t)?;
        if tc.class == Class::Space {
            // "공동창업자" also matches "공동 창업자".
            let hangul_join = k > 0
                && p.chars[k - 1].class == Class::Hangul
                && pc.class == Class::Hangul
                && text.get(t + 1).is_some_and(|n| n.class == Class::Hangul);
            if hangul_join {
                t += 1;
                continue;
            }
            return None;
        }
        if tc.c != pc.c {
            return None;
        }
        if pc.acronym {
            capitals += usize::from(tc.upper);
            if pc.acronym_end {
                if capitals < 2 {
                    return None;
                }
                capitals = 0;
            }
        }
        t += 1;
        k += 1;
    }

    let last = p.chars[p.chars.len() - 1];
    if !last.class.is_word() || !text.get(t).is_some_and(|n| n.class.is_word()) {
        return Some(t);
    }
    if last.class == Class::Digit {
        return None;
    }
    // An English ending: a plural, or a verb form.
    let suffixes: &[&str] = if p.short_last_word || last.acronym {
        &["s", "es"]
    } else if last.c == 'e' {
        &["s", "d", "r", "rs"]
    } else if last.c == 'y' {
        &["s"]
    } else {
        &["s", "es", "ed", "ing", "er", "ers"]
    };
    for suffix in suffixes {
        let end = t + suffix.chars().count();
        let spelled = suffix
            .chars()
            .enumerate()
            .all(|(j, c)| text.get(t + j).is_some_and(|n| n.c == c));
        if spelled && !text.get(end).is_some_and(|n| n.class.is_word()) {
            return Some(end);
        }
    }
    None
}

fn keep_outermost<T: Copy + PartialEq>(mut hits: Vec<Hit<T>>) -> Vec<Hit<T>> {
    hits.sort_by(|a, b| a.first.cmp(&b.first).then(b.last.cmp(&a.last)));
    let mut kept: Vec<Hit<T>> = Vec::with_capacity(hits.len());
    // The kept hit reaching furthest; every kept hit starts at or before the next one,
    // so a hit inside any kept hit is inside this one.
    let mut reach: Option<(usize, usize)> = None;
    for h in hits {
        let contained =
            reach.is_some_and(|(first, last)| h.last < last || (h.last == last && h.first > first));
        // Two spellings of one keyword ("번레이트", "번 레이트") find the same words.
        let repeated = kept
            .iter()
            .rev()
            .take_while(|k| k.first == h.first)
            .any(|k| *k == h);
        if contained || repeated {
            continue;
        }
        if reach.is_none_or(|(_, last)| h.last > last) {
            reach = Some((h.first, h.last));
        }
        kept.push(h);
    }
    kept
}

/// Adds the inflected forms English speakers use that a plain suffix does not spell:
/// "company" → "companies", "decide" → "deciding".
fn english_variants(phrase: &str) -> Vec<String> {
    let mut out = vec![phrase.to_owned()];
    let last_word_len = phrase
        .chars()
        .rev()
        .take_while(|c| classify(*c) == Class::Latin)
        .count();
    if last_word_len > 3 && !phrase.chars().any(is_hangul) {
        if let Some(stem) = phrase.strip_suffix('y') {
            out.push(format!("{stem}ies"));
            out.push(format!("{stem}ied"));
        }
        if let Some(stem) = phrase.strip_suffix('e') {
            out.push(format!("{stem}ing"));
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[track_caller]
    fn check(phrases: &[&str], text: &str, expected: &[&str]) {
        let mut set = PhraseSet::new();
        for (i, p) in phrases.iter().enumerate() {
            set.add(p, i, &HashSet::new());
        }
        let n = normalize(text);
        let found: Vec<&str> = set
            .find(&n)
            .iter()
            .map(|h| crate::text::slice(text, &n, h.first, h.last))
            .collect();
        assert_eq!(found, expected, "phrases {phrases:?} in {text:?}");
    }

    #[test]
    fn korean_stems_take_particles_and_compounds() {
        check(&["매출"], "매출은 얼마예요?", &["매출"]);
        check(&["매출"], "월매출이 늘었어요", &["매출"]);
        check(&["시장 규모"], "시장규모가 커요", &["시장규모"]);
        check(&["공동창업자"], "공동 창업자가 두 명", &["공동 창업자"]);
        check(&["쓰고 있"], "지금 엑셀 쓰고 있어요", &["쓰고 있"]);
    }

    #[test]
    fn one_syllable_korean_must_start_a_word() {
        check(&["팀"], "팀이 열 명이에요", &["팀"]);
        check(&["팀"], "스팀 게임", &[]);
        check(&["월"], "3월 매출, 월 매출, 월매출", &["월", "월"]);
    }

    #[test]
    fn english_words_are_whole_and_inflect() {
        check(&["customer"], "Our customers love it", &["customers"]);
        check(&["churn"], "they churned fast", &["churned"]);
        check(&["grow"], "we're growing", &["growing"]);
        check(&["cash"], "cashflow", &[]);
        check(&["team"], "steam", &[]);
        check(&["company"], "two companies", &["companies"]);
        check(&["fee"], "feed the model", &[]);
        check(
            &["co-founder"],
            "my cofounder and co-founder",
            &["cofounder", "co-founder"],
        );
    }

    #[test]
    fn acronyms_need_capitals() {
        check(&["SAM"], "Sam said SAM is large", &["SAM"]);
        check(&["mom"], "my mom, and 10% MoM", &["MoM"]);
        check(&["mrr"], "MRR이 50K", &["MRR"]);
        check(&["kpi"], "our KPIs", &["KPIs"]);
    }

    #[test]
    fn outermost_match_wins() {
        check(&["LTV", "CAC", "LTV/CAC"], "LTV/CAC is 3", &["LTV/CAC"]);
        check(
            &["burn", "burn multiple"],
            "burn multiple of 2 and burn",
            &["burn multiple", "burn"],
        );
    }

    #[test]
    fn odd_input_matches_nothing() {
        check(&["매출"], "", &[]);
        check(&["매출"], "😀😀 \u{0} \u{200b}", &[]);
        check(&["", "   "], "anything", &[]);
    }
}
