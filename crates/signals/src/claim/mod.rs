//! Whether a figure and a metric's name said near it make one claim.
//!
//! Units and distance alone pair "12퍼센트" with "이탈" in "스톡옵션 풀을 12퍼센트로
//! 늘렸고, 이탈은 아직 없습니다", yet the figure is the option pool's and churn is said
//! to be none. Recorded as churn, it would be a false fact about the company. Three
//! things decide, in both languages:
//!
//! - **Clauses.** A sentence splits at commas, semicolons, conjunctions ("and",
//!   "which", "그리고") and Korean connective endings ("늘렸고", "줄였는데", "없지만",
//!   "남아서"). A figure may still belong to a name in another clause ("churn is low,
//!   about 2%"), but only when nothing in its own clause claims it.
//! - **Owners.** What a figure is said of: a name right after it ("$1.5M ARR", "1억
//!   정도 매출이"), else the subject or topic before it ("the option pool is 10%",
//!   "풀을 12퍼센트로", "이탈률은 3%"), else the noun after it ("a 20% discount", "10% of
//!   the team", "$7M in the bank"). A figure owned by a word that names no metric is no
//!   metric's. One owned by a metric whose unit it fits is that metric's; one owned by
//!   a metric it does not fit ("매출이 20% 늘었어요") may go to a name in its own clause.
//! - **Negation.** A figure in a clause that denies it ("churn isn't 5%", "MRR은 아직
//!   1억이 안 돼요") is set aside, and its name stays free for the figure that follows
//!   ("…, it's 3%"). A name whose own clause denies it any value ("이탈은 아직
//!   없습니다", "we haven't measured churn") takes no figure from another clause.
//!   "3%밖에 안 돼요" is "only 3%", not a denial.
//!
//! Which words do what is in [`words`]; the rules are deliberately shallow (no parser),
//! and err towards recording nothing: a figure missed can be said again, a false fact
//! stays in the relationship's record.

use serde::{Deserialize, Serialize};

use crate::metric::{Metric, MetricKey};
use crate::number::Quantity;
use crate::phrases::Hit;
use crate::text::{Class, NChar};

mod words;

use words::*;

/// Why a figure said beside a metric's name is not that metric's value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum NotAFact {
    /// The figure belongs to something else, or the metric was said to have no value:
    /// "스톡옵션 풀을 12퍼센트로 늘렸고, 이탈은 아직 없습니다", "a 20% discount and churn
    /// stayed flat".
    OtherClaim,
    /// The figure was denied or only bounded: "churn isn't 5%", "MRR은 아직 1억이 안
    /// 돼요".
    Negated,
}

/// A figure that units and distance would have made a metric, kept out of the
/// metrics (and so out of the relationship's facts) with the reason.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct SetAside {
    /// The figure as it would have been read.
    pub metric: Metric,
    pub reason: NotAFact,
}

/// A metric's name as the claims see it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Name {
    pub first: usize,
    pub last: usize,
    pub key: MetricKey,
    /// Names a metric only beside a figure of its unit ("we're 34 people").
    pub unit_only: bool,
}

/// What a figure is said of.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Owner {
    /// Nothing in its clause: "about 2%", "we have 25 employees".
    Nobody,
    /// A pronoun standing for what was just said: "it's 3%", "we're at $800K".
    Pointer,
    /// A metric's name; `fits` when the figure's unit is that metric's.
    Name { name: usize, fits: bool },
    /// A word that names no metric, whose value the figure is said to be: "the option
    /// pool is 10%", "수수료가 15%라서".
    Subject,
    /// A word that names no metric, which the figure changes or describes: "풀을
    /// 12퍼센트로 늘렸고", "a 20% discount", "10% of our users".
    Other,
}

/// Whether a figure and a name make one claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Verdict {
    /// The figure is the metric's value.
    Same,
    /// The figure is the metric's, but denied or bounded.
    Negated,
    /// The figure is not the metric's.
    Apart,
}

/// A run of letters, digits and the signs written inside figures ("$50k", "110%고").
#[derive(Debug, Clone)]
struct Word {
    first: usize,
    last: usize,
    text: String,
    /// Ends in Hangul, so Korean endings and particles apply.
    hangul: bool,
    /// Latin letters and apostrophes only.
    latin: bool,
}

/// A segment split into words and clauses, with the clauses that deny something.
pub(crate) struct Clauses {
    words: Vec<Word>,
    /// The clause of each character, one entry more than there are characters.
    clause: Vec<u32>,
    /// Per clause: it denies something ("없습니다", "isn't").
    negated: Vec<bool>,
}

impl Clauses {
    /// `sentence` is the sentence of each character (one entry more than there are
    /// characters) and `breaks` the clause breaks of `cues::CLAUSE_BREAKS` in `t`.
    pub(crate) fn new(t: &[NChar], sentence: &[u32], breaks: &[Hit<()>]) -> Clauses {
        let words = words(t);
        let clause = clauses(t, sentence, breaks, &words);
        let mut negated = vec![false; clause.last().map_or(1, |c| *c as usize + 1)];
        mark_negations(&words, &clause, &mut negated);
        Clauses {
            words,
            clause,
            negated,
        }
    }

    /// How many clauses begin after character `lo` up to character `hi`.
    pub(crate) fn between(&self, lo: usize, hi: usize) -> u32 {
        self.of(hi).saturating_sub(self.of(lo))
    }

    fn of(&self, at: usize) -> u32 {
        self.clause.get(at).copied().unwrap_or(0)
    }

    fn denied(&self, clause: u32) -> bool {
        self.negated.get(clause as usize).copied().unwrap_or(false)
    }
}

/// Each figure's owner in a segment, and so which names it can be a value of.
pub(crate) struct Claims<'a> {
    clauses: &'a Clauses,
    /// Per figure.
    owners: Vec<Owner>,
    names: Vec<Name>,
    /// Per figure: where it starts, for its clause.
    figure_first: Vec<usize>,
    /// Per clause: a figure is said in it, so a denial there may be that figure's.
    holds_figure: Vec<bool>,
}

impl<'a> Claims<'a> {
    /// `fits` says whether a figure can be a value of a metric.
    pub(crate) fn new(
        clauses: &'a Clauses,
        quantities: &[Quantity],
        names: Vec<Name>,
        fits: impl Fn(MetricKey, &Quantity) -> bool,
    ) -> Claims<'a> {
        let mut holds_figure = vec![false; clauses.negated.len()];
        for q in quantities {
            if let Some(h) = holds_figure.get_mut(clauses.of(q.first) as usize) {
                *h = true;
            }
        }
        let scan = Scan {
            words: &clauses.words,
            clause: &clauses.clause,
            figure: overlaps(&clauses.words, quantities.iter().map(|q| (q.first, q.last)))
                .iter()
                .map(Option::is_some)
                .collect(),
            name: overlaps(&clauses.words, names.iter().map(|n| (n.first, n.last))),
            names: &names,
        };
        let owners = quantities
            .iter()
            .map(|q| scan.owner(q, |n: &Name| fits(n.key, q)))
            .collect();
        Claims {
            clauses,
            owners,
            names,
            figure_first: quantities.iter().map(|q| q.first).collect(),
            holds_figure,
        }
    }

    /// Whether figure `q` is a value of name `n` (indices into the lists given to
    /// [`Claims::new`]).
    pub(crate) fn verdict(&self, q: usize, n: usize) -> Verdict {
        let (Some(owner), Some(name), Some(first)) = (
            self.owners.get(q),
            self.names.get(n),
            self.figure_first.get(q),
        ) else {
            return Verdict::Apart;
        };
        let here = self.clauses.of(*first);
        let there = self.clauses.of(name.first);
        let apart = match *owner {
            Owner::Subject | Owner::Other => true,
            Owner::Name { name: o, .. } if self.names.get(o).is_some_and(|o| o.key == name.key) => {
                false
            }
            // Another metric's figure; or, when it does not fit that metric, something
            // about it ("매출이 20% 늘었어요") that only a name in its own clause can say.
            Owner::Name { fits, .. } => fits || here != there,
            // "이탈은 아직 없습니다" says churn has no value; a figure elsewhere is not it.
            Owner::Nobody => here != there && self.clauses.denied(there) && !self.holds(there),
            Owner::Pointer => false,
        };
        if apart {
            Verdict::Apart
        } else if self.clauses.denied(here) {
            Verdict::Negated
        } else {
            Verdict::Same
        }
    }

    /// Whether figure `q`, which no name in the segment claims, may answer the metric
    /// the previous segment asked about. An answer often names that metric in its own
    /// words ("Take rate은요?" / "수수료가 15%라서…"), so a subject that names no metric
    /// does not stop it; a figure that changes or describes something else does.
    pub(crate) fn may_answer(&self, q: usize) -> bool {
        let free = !matches!(
            self.owners.get(q),
            Some(Owner::Other | Owner::Name { fits: true, .. })
        );
        free && !self.negated_figure(q)
    }

    /// Whether figure `q` is in a clause that denies it.
    pub(crate) fn negated_figure(&self, q: usize) -> bool {
        self.figure_first
            .get(q)
            .is_some_and(|first| self.clauses.denied(self.clauses.of(*first)))
    }

    fn holds(&self, clause: u32) -> bool {
        self.holds_figure
            .get(clause as usize)
            .copied()
            .unwrap_or(false)
    }
}

/// Signs inside a figure keep it one word with its particle ("110%고", "$50k"), so
/// the particle's ending counts.
fn is_word_char(t: &[NChar], i: usize) -> bool {
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

fn words(t: &[NChar]) -> Vec<Word> {
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
fn clauses(t: &[NChar], sentence: &[u32], breaks: &[Hit<()>], words: &[Word]) -> Vec<u32> {
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

fn ends_clause(word: &str) -> bool {
    let len = word.chars().count();
    !KO_NOT_CLAUSE_ENDINGS.iter().any(|w| word.ends_with(w))
        && KO_CLAUSE_ENDINGS
            .iter()
            .any(|e| word.ends_with(e) && len > e.chars().count())
}

fn mark_negations(words: &[Word], clause: &[u32], negated: &mut [bool]) {
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

fn denies(w: &Word, next: Option<&str>) -> bool {
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

/// What a Korean word's last syllable makes of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    /// Topic or subject of the clause: "이탈률은", "매출이", "수수료가".
    Subject,
    /// Object of the clause: "풀을", "할인을".
    Object,
    /// "결제액의 0.9%": the base a share is of, not what the share is.
    Genitive,
    /// A bare word, an adverb, a place or a time.
    Other,
}

fn korean_role(word: &str) -> Role {
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
fn final_consonant(c: char) -> Option<bool> {
    let code = u32::from(c);
    (0xAC00..=0xD7A3)
        .contains(&code)
        .then(|| (code - 0xAC00) % 28 != 0)
}

fn korean_hedge(word: &str) -> bool {
    KO_HEDGES
        .iter()
        .any(|h| word == *h || (h.chars().count() > 1 && word.starts_with(h)))
}

/// For each word, the first of `spans` (sorted and apart, as figures and names are)
/// it overlaps. One sweep, so a segment dense with figures stays linear.
fn overlaps(words: &[Word], spans: impl Iterator<Item = (usize, usize)>) -> Vec<Option<usize>> {
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
struct Scan<'a> {
    words: &'a [Word],
    clause: &'a [u32],
    /// Per word: it is (part of) a figure.
    figure: Vec<bool>,
    /// Per word: the name said in it.
    name: Vec<Option<usize>>,
    names: &'a [Name],
}

impl Scan<'_> {
    fn owner(&self, q: &Quantity, fits: impl Fn(&Name) -> bool) -> Owner {
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
    fn word(&self, i: usize, here: u32) -> Option<&Word> {
        let w = self.words.get(i)?;
        let same = self.clause.get(w.first) == Some(&here);
        let figure = self.figure.get(i).copied().unwrap_or(false);
        (same && !figure).then_some(w)
    }

    /// The name said in word `i`, with its index.
    fn name_in(&self, i: usize) -> Option<(usize, Name)> {
        let n = self.name.get(i).copied().flatten()?;
        Some((n, *self.names.get(n)?))
    }

    fn owner_of(&self, (index, name): (usize, Name), fits: &impl Fn(&Name) -> bool) -> Owner {
        Owner::Name {
            name: index,
            fits: fits(&name),
        }
    }

    /// A name said right after the figure, past hedges: "$1.5M ARR", "1억 2천 정도
    /// 매출이", "9% month over month".
    fn name_after(&self, after: usize, here: u32) -> Option<(usize, Name)> {
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
    fn before(&self, before: usize, here: u32, fits: &impl Fn(&Name) -> bool) -> Option<Owner> {
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
    fn subject(&self, mut i: usize, here: u32, fits: &impl Fn(&Name) -> bool) -> Owner {
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
    fn noun_after(&self, after: usize, here: u32, fits: &impl Fn(&Name) -> bool) -> Option<Owner> {
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

/// "it's" → "it", "we're" → "we"; `None` for other words.
fn contracted(word: &str) -> Option<&str> {
    word.strip_suffix("'s").or_else(|| word.strip_suffix("'re"))
}

#[cfg(test)]
mod tests;
