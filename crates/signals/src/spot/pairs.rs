//! The candidate pairs of a figure and a metric's name, scored by distance, and what
//! a chosen pair becomes: a metric with its period and quote.

use super::layout::Layout;
use super::reading::{Reading, Strength, compat};
use super::{
    Candidate, Cue, MAX_GAP_STRONG, MAX_GAP_UNIT_CUE, MAX_GAP_WEAK, PRIOR_PENALTY, TARGET_REACH,
};
use crate::metric::{Metric, MetricKey, Period, Span, Unit};
use crate::number::Quantity;
use crate::phrases::Hit;
use crate::text::NChar;

/// Cleans up the names found: a name inside a figure ("58 employees") belongs to that
/// figure, and two names of one metric side by side ("밸류는 포스트머니", "ARR, annual
/// recurring revenue") are one mention.
pub(super) fn merge_cues(
    hits: Vec<Hit<Cue>>,
    quantities: &[Quantity],
    layout: &Layout,
) -> Vec<Hit<Cue>> {
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
pub(super) fn nearest_figure(
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

pub(super) fn candidates(
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
pub(super) fn period_for(
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

pub(super) fn metric(
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
