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
use crate::text::NChar;
mod clauses;
mod owners;
mod words;

use clauses::{clauses, mark_negations, words};
use owners::{Scan, overlaps};

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

#[cfg(test)]
mod tests;
