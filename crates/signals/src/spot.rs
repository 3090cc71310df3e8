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

use std::ops::Range;
use std::sync::LazyLock;

use crate::claim::{Claims, Clauses, Name, NotAFact, SetAside, Verdict};
use crate::cues::{CLAUSE_BREAKS, METRIC_CUES, PERIOD_CUES, RANGE_CUES, TARGET_CUES, UNIT_CUES};
use crate::metric::{Metric, MetricKey, Period, Span, Unit};
use crate::number::{Currency, Kind, Quantity, Scale, scan};
use crate::others_team::names_another_team;
use crate::phrases::{Hit, PhraseSet};
use crate::text::{Class, NChar};

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

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    /// A bare number: it must sit right beside the name.
    Weak,
    /// The unit agrees with the metric.
    Strong,
}

#[derive(Debug, Clone, Copy)]
struct Reading {
    strength: Strength,
    value: f64,
    currency: Option<Currency>,
}

/// Whether figure `q` can be a value of `key`: its unit says it can be.
pub(crate) fn fits(key: MetricKey, q: &Quantity) -> bool {
    compat(key, q).is_some()
}

/// Can figure `q` be a value of `key`? Converts years to months on the way.
fn compat(key: MetricKey, q: &Quantity) -> Option<Reading> {
    let read = |strength, value, currency| {
        Some(Reading {
            strength,
            value,
            currency,
        })
    };
    let bare = q.kind == Kind::Plain && q.scale == Scale::None;
    match (key.unit(), q.kind) {
        (Unit::Money, Kind::Money(c)) => read(Strength::Strong, q.value, Some(c)),
        (Unit::Money, Kind::Plain) => match q.scale {
            Scale::English => read(Strength::Strong, q.value, Some(Currency::Usd)),
            Scale::Korean => read(Strength::Strong, q.value, Some(Currency::Krw)),
            // A tiny bare number beside "sales" is a count of something else.
            Scale::None if q.value >= 10.0 => read(Strength::Weak, q.value, None),
            Scale::None => None,
        },
        (Unit::Percent, Kind::Percent) => read(Strength::Strong, q.value, None),
        (Unit::Ratio, Kind::Ratio) => read(Strength::Strong, q.value, None),
        (Unit::Ratio, Kind::Plain) if bare && q.value < 100.0 => {
            read(Strength::Weak, q.value, None)
        }
        (Unit::Months, Kind::Months) => read(Strength::Strong, q.value, None),
        (Unit::Months, Kind::Years) => read(Strength::Strong, q.value * 12.0, None),
        (Unit::People, Kind::People) => read(Strength::Strong, q.value, None),
        (Unit::People, Kind::Plain) if bare && q.value.fract() == 0.0 => {
            read(Strength::Weak, q.value, None)
        }
        (Unit::Count, Kind::Users | Kind::People) => read(Strength::Strong, q.value, None),
        // Users come in hundreds at least: "120,000 monthly active users".
        (Unit::Count, Kind::Plain) if bare && q.value < 100.0 => {
            read(Strength::Weak, q.value, None)
        }
        (Unit::Count, Kind::Plain) => read(Strength::Strong, q.value, None),
        _ => None,
    }
}

/// Where words and sentences begin, for measuring distances.
struct Layout {
    /// Spaces before each character.
    spaces: Vec<u32>,
    /// The sentence each character is in.
    sentence: Vec<u32>,
    /// Whether each sentence ends in a question mark.
    question: Vec<bool>,
    /// Where clauses begin, and which deny something.
    clauses: Clauses,
}

impl Layout {
    fn new(t: &[NChar], breaks: &[Hit<()>]) -> Layout {
        let mut spaces = Vec::with_capacity(t.len() + 1);
        let mut sentence = Vec::with_capacity(t.len() + 1);
        let mut question = vec![false];
        let (mut s, mut id) = (0, 0);
        for (i, n) in t.iter().enumerate() {
            spaces.push(s);
            sentence.push(id);
            if n.class == Class::Space {
                s += 1;
            }
            let decimal_point = n.c == '.'
                && i > 0
                && t[i - 1].class == Class::Digit
                && t.get(i + 1).is_some_and(|d| d.class == Class::Digit);
            if matches!(n.c, '.' | '?' | '!' | '。' | '？' | '！' | '…') && !decimal_point {
                if let Some(q) = question.last_mut() {
                    *q |= matches!(n.c, '?' | '？');
                }
                id += 1;
                question.push(false);
            }
        }
        spaces.push(s);
        sentence.push(id);
        let clauses = Clauses::new(t, &sentence, breaks);
        Layout {
            spaces,
            sentence,
            question,
            clauses,
        }
    }

    /// Whole words strictly between characters `lo` and `hi`.
    fn words_between(&self, lo: usize, hi: usize) -> u32 {
        (self.spaces[hi] - self.spaces[lo]).saturating_sub(1)
    }

    fn breaks_between(&self, lo: usize, hi: usize) -> u32 {
        self.clauses.between(lo, hi)
    }

    /// The word character `at` is in.
    fn word(&self, at: usize) -> u32 {
        self.spaces[at]
    }

    /// The indices of the hits (sorted by start) that start in words `lo..=hi`.
    fn within<T>(&self, hits: &[Hit<T>], lo: u32, hi: u32) -> Range<usize> {
        let from = hits.partition_point(|h| self.word(h.first) < lo);
        let to = hits.partition_point(|h| self.word(h.first) <= hi);
        from..to.max(from)
    }

    fn is_question(&self, at: usize) -> bool {
        self.question
            .get(self.sentence[at] as usize)
            .copied()
            .unwrap_or(false)
    }
}

#[derive(Debug, Clone, Copy)]
struct Candidate {
    score: u32,
    q: usize,
    c: usize,
    reading: Reading,
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
        let periods = self.periods.find(t);
        let excluded = self.goals_and_ranges(t, &quantities, &layout);
        let names = cues
            .iter()
            .map(|c| Name {
                first: c.first,
                last: c.last,
                key: c.payload.key,
                unit_only: c.payload.unit_only,
            })
            .collect();
        let claims = Claims::new(&layout.clauses, &quantities, names, fits);

        let mut candidates = candidates(&quantities, &excluded, &cues, &layout);
        candidates.sort_by_key(|c| (c.score, c.q, c.c));
        let mut q_used = vec![false; quantities.len()];
        let mut c_used = vec![false; cues.len()];
        // The best pair each figure was kept out of, should it end up with no metric.
        let mut kept_apart: Vec<Option<Candidate>> = vec![None; quantities.len()];
        for cand in candidates {
            if q_used[cand.q] || c_used[cand.c] {
                continue;
            }
            let (q, c) = (&quantities[cand.q], &cues[cand.c]);
            if layout.is_question(q.first) {
                // Asked, not told: the answer may follow.
                q_used[cand.q] = true;
                continue;
            }
            let verdict = claims.verdict(cand.q, cand.c);
            if verdict == Verdict::Apart {
                kept_apart[cand.q].get_or_insert(cand);
                continue;
            }
            let first = q.first.min(c.first);
            let last = q.last.max(c.last);
            let key = c.payload.key;
            let period = period_for(key, &periods, &cues, &layout, first, last, q);
            let found = metric(text, t, key, cand.reading, period, first, last);
            q_used[cand.q] = true;
            if verdict == Verdict::Negated {
                // The name stays free: "churn isn't 5%, it's 3%".
                out.set_aside.push(SetAside {
                    metric: found,
                    reason: NotAFact::Negated,
                });
                continue;
            }
            c_used[cand.c] = true;
            out.metrics.push(found);
        }

        // Figures nothing in this segment claims: a count of employees names itself;
        // others may answer what the previous segment asked, unless this segment
        // names that metric itself.
        let mut carried: Vec<MetricKey> = carried
            .iter()
            .copied()
            .filter(|k| !cues.iter().any(|c| c.payload.key == *k))
            .collect();
        for (i, q) in quantities.iter().enumerate() {
            if q_used[i] || excluded[i] || q.prior || layout.is_question(q.first) {
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
            let period = period_for(key, &periods, &cues, &layout, q.first, q.last, q);
            out.metrics
                .push(metric(text, t, key, reading, period, q.first, q.last));
        }
        for (i, cand) in kept_apart.iter().enumerate() {
            let Some(cand) = cand.filter(|_| !q_used[i]) else {
                continue;
            };
            let (q, c) = (&quantities[cand.q], &cues[cand.c]);
            let (first, last) = (q.first.min(c.first), q.last.max(c.last));
            out.set_aside.push(SetAside {
                metric: metric(text, t, c.payload.key, cand.reading, None, first, last),
                reason: NotAFact::OtherClaim,
            });
        }

        for (i, c) in cues.iter().enumerate() {
            let key = c.payload.key;
            if !c_used[i] && layout.is_question(c.first) && !out.open.contains(&key) {
                out.open.push(key);
            }
        }
        out.metrics.sort_by_key(|m| m.span.start);
        out.set_aside.sort_by_key(|s| s.metric.span.start);
        out
    }
}

impl Spotter {
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

/// Cleans up the names found: a name inside a figure ("58 employees") belongs to that
/// figure, and two names of one metric side by side ("밸류는 포스트머니", "ARR, annual
/// recurring revenue") are one mention.
fn merge_cues(hits: Vec<Hit<Cue>>, quantities: &[Quantity], layout: &Layout) -> Vec<Hit<Cue>> {
    let mut out: Vec<Hit<Cue>> = Vec::with_capacity(hits.len());
    // Both lists run in text order: `next` is the first figure not wholly before `h`.
    let mut next = 0;
    for h in hits {
        while quantities.get(next).is_some_and(|q| q.last <= h.first) {
            next += 1;
        }
        if quantities.get(next).is_some_and(|q| q.first < h.last) {
            continue;
        }
        let figure_before = next
            .checked_sub(1)
            .and_then(|i| quantities.get(i))
            .map(|q| q.first);
        if let Some(prev) = out.last_mut()
            && prev.payload.key == h.payload.key
            && prev.last <= h.first
            && layout.words_between(prev.last, h.first) == 0
            && layout.breaks_between(prev.last, h.first) == 0
            && layout.sentence[prev.first] == layout.sentence[h.first]
            && figure_before.is_none_or(|first| first < prev.last)
        {
            prev.last = h.last;
            prev.payload.unit_only &= h.payload.unit_only;
            continue;
        }
        out.push(h);
    }
    out
}

/// The figure nearest to words `first..last` in their sentence, within
/// [`TARGET_REACH`] words; on a tie, the one after ("연말까지 열다섯 명으로").
fn nearest_figure(
    quantities: &[Quantity],
    layout: &Layout,
    first: usize,
    last: usize,
) -> Option<usize> {
    quantities
        .iter()
        .enumerate()
        .filter(|(_, q)| layout.sentence[q.first] == layout.sentence[first])
        .filter_map(|(i, q)| {
            let (distance, before) = if q.first >= last {
                (layout.words_between(last, q.first), 0)
            } else if q.last <= first {
                (layout.words_between(q.last, first), 1)
            } else {
                (0, 0)
            };
            (distance <= TARGET_REACH).then_some((distance, before, i))
        })
        .min()
        .map(|(_, _, i)| i)
}

fn candidates(
    quantities: &[Quantity],
    excluded: &[bool],
    cues: &[Hit<Cue>],
    layout: &Layout,
) -> Vec<Candidate> {
    let mut out = Vec::new();
    for (qi, q) in quantities.iter().enumerate() {
        if excluded[qi] {
            continue;
        }
        let reach = MAX_GAP_STRONG + 1;
        let range = layout.within(
            cues,
            layout.word(q.first).saturating_sub(reach),
            layout.word(q.last) + reach,
        );
        let nearby = &cues[range.clone()];
        for (ci, c) in range.zip(nearby) {
            let Some(reading) = compat(c.payload.key, q) else {
                continue;
            };
            if c.payload.unit_only && reading.strength != Strength::Strong {
                continue;
            }
            if layout.sentence[c.first] != layout.sentence[q.first] {
                continue;
            }
            let (lo, hi, cue_after) = if c.last <= q.first {
                (c.last, q.first, false)
            } else if q.last <= c.first {
                (q.last, c.first, true)
            } else {
                continue;
            };
            let gap = layout.words_between(lo, hi);
            if gap > MAX_GAP_STRONG {
                continue;
            }
            let breaks = layout.breaks_between(lo, hi);
            let between = nearby
                .iter()
                .filter(|o| o.first >= lo && o.last <= hi)
                .count() as u32;
            let fits = match reading.strength {
                Strength::Strong if c.payload.unit_only => gap <= MAX_GAP_UNIT_CUE && breaks == 0,
                Strength::Strong => true,
                // A bare number follows its name: "CAC 30", "a team of 14".
                Strength::Weak => !cue_after && gap <= MAX_GAP_WEAK && breaks == 0 && between == 0,
            };
            if !fits {
                continue;
            }
            let score = gap * 2
                + u32::from(cue_after)
                + breaks * 4
                + between * 3
                + u32::from(q.prior) * PRIOR_PENALTY;
            out.push(Candidate {
                score,
                q: qi,
                c: ci,
                reading,
            });
        }
    }
    out
}

/// The period a pair is said over: a marker inside it ("MoM"), just before it
/// ("월 매출", "monthly revenue") or just after it ("$200k a month", "3% monthly").
fn period_for(
    key: MetricKey,
    periods: &[Hit<Period>],
    cues: &[Hit<Cue>],
    layout: &Layout,
    first: usize,
    last: usize,
    q: &Quantity,
) -> Option<Period> {
    if !key.has_period() {
        return None;
    }
    let nearby = &periods[layout.within(
        periods,
        layout.word(first).saturating_sub(3),
        layout.word(last) + 3,
    )];
    let same_sentence = |p: &Hit<Period>| layout.sentence[p.first] == layout.sentence[first];
    let inside = nearby
        .iter()
        .filter(|p| same_sentence(p) && p.first < last && p.last > first)
        .min_by_key(|p| p.first.abs_diff(q.first));
    let before = || {
        nearby.iter().rev().find(|p| {
            same_sentence(p) && p.last <= first && layout.words_between(p.last, first) <= 1
        })
    };
    let after = || {
        nearby.iter().find(|p| {
            let claimed = cues[layout.within(cues, layout.word(p.last), layout.word(p.last) + 1)]
                .iter()
                .any(|c| c.first >= p.last && layout.words_between(p.last, c.first) == 0);
            same_sentence(p)
                && p.first >= last
                && layout.words_between(last, p.first) <= 2
                && layout.breaks_between(last, p.first) == 0
                && !claimed
        })
    };
    let found = inside.or_else(before).or_else(after).map(|p| p.payload);
    match (key, found) {
        (MetricKey::Burn, None) => Some(Period::Monthly),
        (_, found) => found,
    }
}

fn metric(
    text: &str,
    t: &[NChar],
    key: MetricKey,
    reading: Reading,
    period: Option<Period>,
    first: usize,
    last: usize,
) -> Metric {
    let start = t[first].start;
    let end = t[last - 1].end;
    let unit = key.unit();
    Metric {
        key,
        value: reading.value,
        unit,
        currency: if unit == Unit::Money {
            reading.currency
        } else {
            None
        },
        period,
        span: Span {
            start: u32::try_from(start).unwrap_or(u32::MAX),
            end: u32::try_from(end).unwrap_or(u32::MAX),
        },
        quote: text.get(start..end).unwrap_or_default().to_owned(),
    }
}
