//! Whose a figure is: the word it is said of, found from the words around it.

use super::clauses::contracted;
use super::words::*;
use super::{Name, Owner, Word};
use crate::number::Quantity;

/// What a Korean word's last syllable makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Role {
    /// Topic or subject of the clause: "이탈률은", "매출이", "수수료가".
    Subject,
    /// Object of the clause: "풀을", "할인을".
    Object,
    /// "결제액의 0.9%": the base a share is of, not what the share is.
    Genitive,
    /// A bare word, an adverb, a place or a time.
    Other,
}

pub(super) fn korean_role(word: &str) -> Role {
    let chars: Vec<char> = word.chars().collect();
    let [.., before, last] = chars[..] else {
        return Role::Other;
    };
    if last == '의' {
        return Role::Genitive;
    }
    if !KO_ARGUMENT_PARTICLES.contains(&last)
        || KO_ADVERBIAL_TOPICS.iter().any(|e| word.ends_with(e))
    {
        return Role::Other;
    }
    // 은/이/을 follow a final consonant and 는/가/를 a vowel; otherwise the syllable is
    // part of the word ("차이", "단가", "있는").
    let agrees = match final_consonant(before) {
        Some(has_final) => has_final == matches!(last, '은' | '이' | '을'),
        None => true, // after Latin letters or digits: "MRR이", "pool을"
    };
    let stem: String = chars[..chars.len() - 1].iter().collect();
    let free = KO_FREE_STEMS.contains(&stem.as_str()) || KO_HEDGES.contains(&stem.as_str());
    match (agrees && !free, last) {
        (false, _) => Role::Other,
        (true, '을' | '를') => Role::Object,
        (true, _) => Role::Subject,
    }
}

/// Whether a Hangul syllable ends in a consonant; `None` for anything else.
pub(super) fn final_consonant(c: char) -> Option<bool> {
    let code = u32::from(c);
    (0xAC00..=0xD7A3)
        .contains(&code)
        .then(|| (code - 0xAC00) % 28 != 0)
}

pub(super) fn korean_hedge(word: &str) -> bool {
    KO_HEDGES
        .iter()
        .any(|h| word == *h || (h.chars().count() > 1 && word.starts_with(h)))
}

/// For each word, the first of `spans` (sorted and apart, as figures and names are)
/// it overlaps. One sweep, so a segment dense with figures stays linear.
pub(super) fn overlaps(
    words: &[Word],
    spans: impl Iterator<Item = (usize, usize)>,
) -> Vec<Option<usize>> {
    let mut out = vec![None; words.len()];
    let mut w = 0;
    for (i, (first, last)) in spans.enumerate() {
        while words.get(w).is_some_and(|word| word.last <= first) {
            w += 1;
        }
        let mut k = w;
        while words.get(k).is_some_and(|word| word.first < last) {
            if let Some(o) = out.get_mut(k) {
                o.get_or_insert(i);
            }
            k += 1;
        }
    }
    out
}

/// Finding owners: the words of a segment with its clauses, and which words are
/// figures or say a name.
pub(super) struct Scan<'a> {
    pub(super) words: &'a [Word],
    pub(super) clause: &'a [u32],
    /// Per word: it is (part of) a figure.
    pub(super) figure: Vec<bool>,
    /// Per word: the name said in it.
    pub(super) name: Vec<Option<usize>>,
    pub(super) names: &'a [Name],
}

impl Scan<'_> {
    pub(super) fn owner(&self, q: &Quantity, fits: impl Fn(&Name) -> bool) -> Owner {
        let here = self.clause.get(q.first).copied().unwrap_or(0);
        let before = self.words.partition_point(|w| w.last <= q.first);
        let after = self.words.partition_point(|w| w.first < q.last);
        if let Some(found) = self.name_after(after, here) {
            return self.owner_of(found, &fits);
        }
        if let Some(owner) = self.before(before, here, &fits) {
            return owner;
        }
        self.noun_after(after, here, &fits).unwrap_or(Owner::Nobody)
    }

    /// Word `i` if it is in clause `here` and is not a figure.
    pub(super) fn word(&self, i: usize, here: u32) -> Option<&Word> {
        let w = self.words.get(i)?;
        let same = self.clause.get(w.first) == Some(&here);
        let figure = self.figure.get(i).copied().unwrap_or(false);
        (same && !figure).then_some(w)
    }

    /// The name said in word `i`, with its index.
    pub(super) fn name_in(&self, i: usize) -> Option<(usize, Name)> {
        let n = self.name.get(i).copied().flatten()?;
        Some((n, *self.names.get(n)?))
    }

    pub(super) fn owner_of(
        &self,
        (index, name): (usize, Name),
        fits: &impl Fn(&Name) -> bool,
    ) -> Owner {
        Owner::Name {
            name: index,
            fits: fits(&name),
        }
    }

    /// A name said right after the figure, past hedges: "$1.5M ARR", "1억 2천 정도
    /// 매출이", "9% month over month".
    pub(super) fn name_after(&self, after: usize, here: u32) -> Option<(usize, Name)> {
        let mut i = after;
        while let Some(w) = self.word(i, here) {
            if let Some(found) = self.name_in(i) {
                return Some(found);
            }
            if !(w.hangul && korean_hedge(&w.text)) {
                return None;
            }
            i += 1;
        }
        None
    }

    /// The subject or topic before the figure: "churn is about 3%", "the option pool is
    /// 10%", "스톡옵션 풀을 12퍼센트로", "이탈률은 3%". `None` when there is none.
    pub(super) fn before(
        &self,
        before: usize,
        here: u32,
        fits: &impl Fn(&Name) -> bool,
    ) -> Option<Owner> {
        let mut linked = false;
        // "결제액의 0.9%": the base, should no subject come before it.
        let mut base = None;
        for i in (0..before).rev() {
            let Some(w) = self.word(i, here) else {
                return base;
            };
            let text = w.text.as_str();
            if let Some(found) = self.name_in(i) {
                if found.1.unit_only && !fits(&found.1) {
                    return Some(Owner::Pointer); // "we're at $800K"
                }
                let owner = self.owner_of(found, fits);
                if w.hangul && korean_role(text) == Role::Genitive {
                    base.get_or_insert(owner);
                    continue;
                }
                return Some(owner);
            }
            if w.latin {
                if let Some(stem) = contracted(text) {
                    return Some(if EN_POINTERS.contains(&stem) {
                        Owner::Pointer
                    } else {
                        Owner::Subject
                    });
                }
                if EN_LINKS.contains(&text) {
                    linked = true;
                } else if !EN_HEDGES.contains(&text) {
                    return if linked {
                        Some(self.subject(i, here, fits))
                    } else {
                        base
                    };
                }
            } else if w.hangul {
                match korean_role(text) {
                    Role::Subject => return Some(Owner::Subject),
                    Role::Object => return Some(Owner::Other),
                    Role::Genitive => {
                        base.get_or_insert(Owner::Subject);
                    }
                    Role::Other => {}
                }
            }
        }
        base
    }

    /// The subject whose last word is word `i`, said before a link ("… is 10%").
    pub(super) fn subject(&self, mut i: usize, here: u32, fits: &impl Fn(&Name) -> bool) -> Owner {
        // At most two phrases back: "churn for enterprise customers is 2%".
        for _ in 0..3 {
            // "our burn this quarter was": times and determiners are not the subject.
            loop {
                let Some(w) = self.word(i, here) else {
                    return Owner::Nobody;
                };
                if self.name_in(i).is_some() || !EN_SKIPPED_IN_SUBJECT.contains(&w.text.as_str()) {
                    break;
                }
                let Some(prev) = i.checked_sub(1) else {
                    return Owner::Nobody;
                };
                i = prev;
            }
            let Some(w) = self.word(i, here) else {
                return Owner::Nobody;
            };
            if let Some(found) = self.name_in(i) {
                return self.owner_of(found, fits);
            }
            let text = w.text.as_str();
            if EN_POINTERS.contains(&text) {
                return Owner::Pointer;
            }
            if !w.latin || text.ends_with("ed") {
                // A verb ("we closed the year at"), not a noun that owns the figure.
                return Owner::Nobody;
            }
            let preposition = (i.saturating_sub(3)..=i).rev().find(|&j| {
                self.word(j, here)
                    .is_some_and(|p| EN_PREPOSITIONS.contains(&p.text.as_str()))
            });
            match preposition.and_then(|j| j.checked_sub(1)) {
                Some(j) => i = j,
                None => return Owner::Subject,
            }
        }
        Owner::Subject
    }

    /// The noun after the figure: "a 20% discount", "10% of the team", "$7M in the
    /// bank", "20% 할인을". `None` when the words after it do not own it.
    pub(super) fn noun_after(
        &self,
        after: usize,
        here: u32,
        fits: &impl Fn(&Name) -> bool,
    ) -> Option<Owner> {
        let w = self.word(after, here)?;
        if w.hangul {
            let mut i = after;
            while self.word(i, here).is_some_and(|w| korean_hedge(&w.text)) {
                i += 1;
            }
            let noun = self.word(i, here)?;
            let role = korean_role(&noun.text);
            return matches!(role, Role::Subject | Role::Object).then_some(Owner::Other);
        }
        if !w.latin {
            return None;
        }
        let text = w.text.as_str();
        if text == "of" || text == "in" {
            let mut i = after + 1;
            while self.word(i, here).is_some_and(|d| {
                EN_DETERMINERS.contains(&d.text.as_str())
                    || matches!(
                        d.text.as_str(),
                        "monthly" | "annual" | "yearly" | "quarterly"
                    )
            }) {
                i += 1;
            }
            let noun = self.word(i, here)?;
            if text == "in" && EN_TIMES.contains(&noun.text.as_str()) {
                return None;
            }
            if text == "of" {
                // "30% of trial users convert": the share is the rate the verb names.
                let predicate = (i + 1..self.words.len())
                    .map_while(|j| self.word(j, here).map(|_| j))
                    .find_map(|j| self.name_in(j));
                if let Some(found) = predicate {
                    return Some(self.owner_of(found, fits));
                }
            }
            return Some(
                self.name_in(i)
                    .map_or(Owner::Other, |found| self.owner_of(found, fits)),
            );
        }
        let free = EN_FREE_AFTER.contains(&text) || text.ends_with("ed") || text.ends_with("ing");
        (!free).then_some(Owner::Other)
    }
}
