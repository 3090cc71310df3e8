//! Pairing the figures in a segment with the metrics they belong to.
//!
//! Every figure ([`crate::number`]) and every name of a metric ([`crate::cues`]) in a
//! segment is found first. A figure can belong to a name only if the units agree (a
//! percent to churn, months to runway, people to headcount, money to MRR) and both
//! sit in the same sentence, a few words apart. Candidate pairs are scored by
//! distance, with penalties for a clause break, another metric's name in between,
//! the name coming after the figure, or the figure being the "from" side of a change;
//! the best pairs win, each figure and each name used once. Figures said as a goal
//! ("목표", "target") or asked about ("Is MRR above 50K?") are not reported, nor are
//! pairs that are not one claim (see [`crate::claim`]): a figure another word owns
//! ("스톡옵션 풀을 12퍼센트로 늘렸고, 이탈은 아직 없습니다") or one that is denied
//! ("churn isn't 5%"). Those come back as set aside, with the reason.
//!
//! A metric asked about in a question with no figure stays open for the next
//! segment, where a figure of the right unit that nothing else claims answers it:
//! "What's your runway?" / "About 18 months."
mod layout;
mod pairs;
mod reading;

use std::sync::LazyLock;

use crate::claim::{Claims, Name, NotAFact, SetAside, Verdict};
use crate::cues::{CLAUSE_BREAKS, METRIC_CUES, PERIOD_CUES, RANGE_CUES, TARGET_CUES, UNIT_CUES};
use crate::metric::{Metric, MetricKey, Period};
use crate::number::{Kind, Quantity, scan};
use crate::others_team::names_another_team;
use crate::phrases::{Hit, PhraseSet};
use crate::text::NChar;
use layout::Layout;
use pairs::{candidates, merge_cues, metric, nearest_figure, period_for};
pub(crate) use reading::fits;
use reading::{Reading, Strength, compat};

/// The most words between a metric's name and a figure whose unit names it.
const MAX_GAP_STRONG: u32 = 6;
/// The most words between a name and a bare number ("team of 25", "burn multiple
/// came in at 1.3").
const MAX_GAP_WEAK: u32 = 3;
/// The most words between a figure and a name that needs its unit ("we're about 34
/// people").
const MAX_GAP_UNIT_CUE: u32 = 1;
/// A goal word ("목표", "target") makes the nearest figure this many words away a goal.
const TARGET_REACH: u32 = 4;
/// A range word makes the figures this many words away part of a range.
const RANGE_REACH: u32 = 3;
/// How much worse the "from" side of a change scores than any figure near the name.
const PRIOR_PENALTY: u32 = 20;

/// A metric's name found in text.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Cue {
    key: MetricKey,
    /// Names the metric only beside a figure of the right unit (see [`UNIT_CUES`]).
    unit_only: bool,
}

pub(crate) struct Spotter {
    cues: PhraseSet<Cue>,
    periods: PhraseSet<Period>,
    targets: PhraseSet<()>,
    ranges: PhraseSet<bool>,
    breaks: PhraseSet<()>,
}

static SPOTTER: LazyLock<Spotter> = LazyLock::new(Spotter::new);

/// The shared spotter; its tables are built once per process.
pub(crate) fn spotter() -> &'static Spotter {
    &SPOTTER
}

/// What one segment yielded.
#[derive(Debug, Clone, Default)]
pub(crate) struct Spotted {
    pub metrics: Vec<Metric>,
    /// Metrics asked about without a figure, in the order asked.
    pub open: Vec<MetricKey>,
    /// Figures beside a metric's name that are not its value (see [`crate::claim`]).
    pub set_aside: Vec<SetAside>,
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: u32,
    q: usize,
    c: usize,
    reading: Reading,
}

/// What the spotter found in one segment before pairing: its figures, the metrics'
/// names and the periods said, and where words and sentences fall.
struct Heard<'a> {
    text: &'a str,
    t: &'a [NChar],
    quantities: Vec<Quantity>,
    layout: Layout,
    cues: Vec<Hit<Cue>>,
    periods: Vec<Hit<Period>>,
    /// Figures that are goals or ends of a range: never reported.
    excluded: Vec<bool>,
}

/// Which figures and names the pairing used, and the best pair each figure was kept
/// out of, should it end up with no metric.
struct Pairing {
    q_used: Vec<bool>,
    c_used: Vec<bool>,
    kept_apart: Vec<Option<Candidate>>,
}

impl Spotter {
    fn new() -> Spotter {
        let none = Default::default();
        let mut cues = PhraseSet::new();
        for (tables, unit_only) in [(METRIC_CUES, false), (UNIT_CUES, true)] {
            for (key, names) in tables {
                for name in *names {
                    cues.add(
                        name,
                        Cue {
                            key: *key,
                            unit_only,
                        },
                        &none,
                    );
                }
            }
        }
        let mut periods = PhraseSet::new();
        for (period, names) in PERIOD_CUES {
            for name in *names {
                periods.add(name, *period, &none);
            }
        }
        let mut targets = PhraseSet::new();
        for name in TARGET_CUES {
            targets.add(name, (), &none);
        }
        let mut ranges = PhraseSet::new();
        for (name, before) in RANGE_CUES {
            ranges.add(name, *before, &none);
        }
        let mut breaks = PhraseSet::new();
        for name in CLAUSE_BREAKS {
            breaks.add(name, (), &none);
        }
        Spotter {
            cues,
            periods,
            targets,
            ranges,
            breaks,
        }
    }

    /// The metrics in `text` (`t` is its normalised form). `carried` are metrics the
    /// previous segment asked about.
    pub(crate) fn spot(&self, text: &str, t: &[NChar], carried: &[MetricKey]) -> Spotted {
        let mut out = Spotted::default();
        if t.is_empty() {
            return out;
        }
        let quantities: Vec<Quantity> = scan(t)
            .into_iter()
            .filter(|q| q.kind != Kind::Other)
            .collect();
        let layout = Layout::new(t, &self.breaks.find(t));
        let mut found = self.cues.find(t);
        // A team other than the company's names no head count ("for a team of 25").
        found.retain(|c| {
            c.payload.key != MetricKey::Headcount || !names_another_team(t, c.first, c.last)
        });
        let cues = merge_cues(found, &quantities, &layout);
        let excluded = self.goals_and_ranges(t, &quantities, &layout);
        let heard = Heard {
            text,
            t,
            periods: self.periods.find(t),
            quantities,
            layout,
            cues,
            excluded,
        };
        let names = heard
            .cues
            .iter()
            .map(|c| Name {
                first: c.first,
                last: c.last,
                key: c.payload.key,
                unit_only: c.payload.unit_only,
            })
            .collect();
        let claims = Claims::new(&heard.layout.clauses, &heard.quantities, names, fits);

        let mut pairing = heard.pair_named(&claims, &mut out);
        heard.answer_unnamed(carried, &claims, &mut pairing.q_used, &mut out);
        heard.set_aside_kept_apart(&pairing, &mut out);
        heard.leave_open(&pairing.c_used, &mut out);
        out.metrics.sort_by_key(|m| m.span.start);
        out.set_aside.sort_by_key(|s| s.metric.span.start);
        out
    }
    /// Which figures are goals ("목표는 30억", "$1.5% target") or ends of a range
    /// ("50명에서 300명 사이"): they are never reported, nor claim a metric's name.
    fn goals_and_ranges(&self, t: &[NChar], quantities: &[Quantity], layout: &Layout) -> Vec<bool> {
        let mut excluded = vec![false; quantities.len()];
        for target in self.targets.find(t) {
            if let Some(i) = nearest_figure(quantities, layout, target.first, target.last) {
                excluded[i] = true;
            }
        }
        for range in self.ranges.find(t) {
            for (i, q) in quantities.iter().enumerate() {
                let near = if range.payload {
                    q.last <= range.first && layout.words_between(q.last, range.first) < RANGE_REACH
                } else {
                    q.first >= range.last && layout.words_between(range.last, q.first) < RANGE_REACH
                };
                excluded[i] |= near && layout.sentence[q.first] == layout.sentence[range.first];
            }
        }
        excluded
    }
}

impl Heard<'_> {
    /// Pairs figures with the names beside them, best pairs first, each figure and each
    /// name used once. A figure in a question is asked, not told; a denied one is set
    /// aside and leaves its name free.
    fn pair_named(&self, claims: &Claims, out: &mut Spotted) -> Pairing {
        let (quantities, cues, layout) = (&self.quantities, &self.cues, &self.layout);
        let mut candidates = candidates(quantities, &self.excluded, cues, layout);
        candidates.sort_by_key(|c| (c.score, c.q, c.c));
        let mut pairing = Pairing {
            q_used: vec![false; quantities.len()],
            c_used: vec![false; cues.len()],
            kept_apart: vec![None; quantities.len()],
        };
        for cand in candidates {
            if pairing.q_used[cand.q] || pairing.c_used[cand.c] {
                continue;
            }
            let (q, c) = (&quantities[cand.q], &cues[cand.c]);
            if layout.is_question(q.first) {
                // Asked, not told: the answer may follow.
                pairing.q_used[cand.q] = true;
                continue;
            }
            let verdict = claims.verdict(cand.q, cand.c);
            if verdict == Verdict::Apart {
                pairing.kept_apart[cand.q].get_or_insert(cand);
                continue;
            }
            let first = q.first.min(c.first);
            let last = q.last.max(c.last);
            let key = c.payload.key;
            let period = period_for(key, &self.periods, cues, layout, first, last, q);
            let found = metric(self.text, self.t, key, cand.reading, period, first, last);
            pairing.q_used[cand.q] = true;
            if verdict == Verdict::Negated {
                // The name stays free: "churn isn't 5%, it's 3%".
                out.set_aside.push(SetAside {
                    metric: found,
                    reason: NotAFact::Negated,
                });
                continue;
            }
            pairing.c_used[cand.c] = true;
            out.metrics.push(found);
        }
        pairing
    }

    /// Figures nothing in this segment claims: a count of employees names itself;
    /// others may answer what the previous segment asked, unless this segment names
    /// that metric itself.
    fn answer_unnamed(
        &self,
        carried: &[MetricKey],
        claims: &Claims,
        q_used: &mut [bool],
        out: &mut Spotted,
    ) {
        let layout = &self.layout;
        let mut carried: Vec<MetricKey> = carried
            .iter()
            .copied()
            .filter(|k| !self.cues.iter().any(|c| c.payload.key == *k))
            .collect();
        for (i, q) in self.quantities.iter().enumerate() {
            if q_used[i] || self.excluded[i] || q.prior || layout.is_question(q.first) {
                continue;
            }
            let key = if q.headcount_unit {
                Some(MetricKey::Headcount).filter(|_| !claims.negated_figure(i))
            } else if layout.sentence[q.first] == 0 && claims.may_answer(i) {
                carried
                    .iter()
                    .position(|k| compat(*k, q).is_some_and(|r| r.strength == Strength::Strong))
                    .map(|at| carried.remove(at))
            } else {
                None
            };
            let Some(key) = key else { continue };
            let Some(reading) = compat(key, q) else {
                continue;
            };
            q_used[i] = true;
            let period = period_for(key, &self.periods, &self.cues, layout, q.first, q.last, q);
            out.metrics.push(metric(
                self.text, self.t, key, reading, period, q.first, q.last,
            ));
        }
    }

    /// A figure kept out of a pair that found no metric at all is reported as set
    /// aside: another word owns it.
    fn set_aside_kept_apart(&self, pairing: &Pairing, out: &mut Spotted) {
        for (i, cand) in pairing.kept_apart.iter().enumerate() {
            let Some(cand) = cand.filter(|_| !pairing.q_used[i]) else {
                continue;
            };
            let (q, c) = (&self.quantities[cand.q], &self.cues[cand.c]);
            let (first, last) = (q.first.min(c.first), q.last.max(c.last));
            out.set_aside.push(SetAside {
                metric: metric(
                    self.text,
                    self.t,
                    c.payload.key,
                    cand.reading,
                    None,
                    first,
                    last,
                ),
                reason: NotAFact::OtherClaim,
            });
        }
    }

    /// Metrics asked about with no figure stay open for the next segment.
    fn leave_open(&self, c_used: &[bool], out: &mut Spotted) {
        for (i, c) in self.cues.iter().enumerate() {
            let key = c.payload.key;
            if !c_used[i] && self.layout.is_question(c.first) && !out.open.contains(&key) {
                out.open.push(key);
            }
        }
    }
}
