//! The units after a number: currencies, percent, months, years, people, and the
//! counters of other things (days, hours, customers) that make a number no metric.

use super::{Currency, Kind, Quantity, skip_word};
use crate::text::{Class, NChar, starts_with};

/// The unit after a number, if any; returns the kind and the end of the unit.
pub(super) fn unit(t: &[NChar], k: usize, q: &mut Quantity) -> (Kind, usize) {
    if let Some(found) = unit_at(t, k, q, false) {
        return found;
    }
    if t.get(k).is_some_and(|n| n.class == Class::Space)
        && let Some(found) = unit_at(t, k + 1, q, true)
    {
        return found;
    }
    if t.get(k).is_some_and(|n| n.class == Class::Latin) {
        // "5G", "10th": letters glued to a number that are no unit we know.
        return (Kind::Other, skip_word(t, k));
    }
    (Kind::Plain, k)
}

const KOREAN_UNITS: &[(&str, Kind)] = &[
    ("퍼센트", Kind::Percent),
    ("프로", Kind::Percent),
    ("달러", Kind::Money(Currency::Usd)),
    ("불", Kind::Money(Currency::Usd)),
    ("원", Kind::Money(Currency::Krw)),
    ("개월", Kind::Months),
    ("달", Kind::Months),
    ("년", Kind::Years),
    ("명", Kind::People),
    ("배", Kind::Ratio),
    // Counts of other things, dates and times.
    ("시간", Kind::Other),
    ("가지", Kind::Other),
    ("군데", Kind::Other),
    ("개", Kind::Other),
    ("월", Kind::Other),
    ("일", Kind::Other),
    ("시", Kind::Other),
    ("분", Kind::Other),
    ("초", Kind::Other),
    ("주", Kind::Other),
    ("차", Kind::Other),
    ("회", Kind::Other),
    ("번", Kind::Other),
    ("위", Kind::Other),
    ("등", Kind::Other),
    ("층", Kind::Other),
    ("호", Kind::Other),
    ("살", Kind::Other),
    ("세", Kind::Other),
    ("곳", Kind::Other),
    ("건", Kind::Other),
    ("대", Kind::Other),
    ("장", Kind::Other),
    ("권", Kind::Other),
    ("점", Kind::Other),
    ("단계", Kind::Other),
];

const ENGLISH_UNITS: &[(&str, Kind)] = &[
    ("percent", Kind::Percent),
    ("per cent", Kind::Percent),
    ("pct", Kind::Percent),
    ("dollars", Kind::Money(Currency::Usd)),
    ("dollar", Kind::Money(Currency::Usd)),
    ("bucks", Kind::Money(Currency::Usd)),
    ("usd", Kind::Money(Currency::Usd)),
    ("krw", Kind::Money(Currency::Krw)),
    ("won", Kind::Money(Currency::Krw)),
    ("months", Kind::Months),
    ("month", Kind::Months),
    ("mos", Kind::Months),
    ("mo", Kind::Months),
    ("years", Kind::Years),
    ("year", Kind::Years),
    ("yrs", Kind::Years),
    ("people", Kind::People),
    ("persons", Kind::People),
    ("employees", Kind::People),
    ("employee", Kind::People),
    ("staff", Kind::People),
    ("ftes", Kind::People),
    ("fte", Kind::People),
    // Parts of a team: people, but not the company's head count on their own.
    ("engineers", Kind::People),
    ("developers", Kind::People),
    ("reps", Kind::People),
    ("salespeople", Kind::People),
    ("designers", Kind::People),
    ("hires", Kind::People),
    ("users", Kind::Users),
    ("user", Kind::Users),
    ("x", Kind::Ratio),
    // Other things counted, dates and times.
    ("am", Kind::Other),
    ("pm", Kind::Other),
    ("st", Kind::Other),
    ("nd", Kind::Other),
    ("rd", Kind::Other),
    ("th", Kind::Other),
    ("days", Kind::Other),
    ("day", Kind::Other),
    ("weeks", Kind::Other),
    ("week", Kind::Other),
    ("hours", Kind::Other),
    ("hour", Kind::Other),
    ("minutes", Kind::Other),
    ("minute", Kind::Other),
    ("mins", Kind::Other),
    ("min", Kind::Other),
    ("seconds", Kind::Other),
    ("customers", Kind::Other),
    ("customer", Kind::Other),
    ("clients", Kind::Other),
    ("companies", Kind::Other),
    ("deals", Kind::Other),
    ("logos", Kind::Other),
    ("accounts", Kind::Other),
    ("times", Kind::Other),
    ("points", Kind::Other),
];

/// Korean units a speaker may put after a space ("50 명", "3 개월"), each with the
/// syllables that, following it, make it the start of another word ("원래", "명확").
const SPACED_KOREAN: &[(&str, &str)] = &[
    ("퍼센트", ""),
    ("프로", "젝덕그세필모토듀포"),
    ("달러", ""),
    ("원", "래하인칙격가본장료활금천주형"),
    ("개월", ""),
    ("명", "확함의시령단목예성칭절품"),
];

fn unit_at(t: &[NChar], k: usize, q: &mut Quantity, spaced: bool) -> Option<(Kind, usize)> {
    let first = t.get(k)?;
    if first.c == '%' {
        let mut end = k + 1;
        if t.get(end).is_some_and(|n| n.c == 'p')
            && !t.get(end + 1).is_some_and(|n| n.class.is_word())
        {
            end += 1; // "%p", percentage points
        }
        return Some((Kind::Percent, end));
    }
    match first.class {
        Class::Hangul => korean_unit(t, k, q, spaced),
        Class::Latin => english_unit(t, k, q, spaced),
        _ => None,
    }
}

fn korean_unit(t: &[NChar], k: usize, q: &mut Quantity, spaced: bool) -> Option<(Kind, usize)> {
    let (word, kind) = KOREAN_UNITS.iter().find(|(w, _)| starts_with(t, k, w))?;
    let mut end = k + word.chars().count();
    let next = t.get(end).map(|n| n.c);
    let followed_by = |syllables: &str| next.is_some_and(|c| syllables.contains(c));
    if spaced {
        let (_, deny) = SPACED_KOREAN.iter().find(|(w, _)| w == word)?;
        if followed_by(deny) {
            return None;
        }
    }
    if (*word == "프로" && followed_by("젝덕그세필모토듀포"))
        || (*word == "불" && followed_by("가량편안만리"))
    {
        return None; // 프로젝트, 불가능, ...
    }
    if *word == "년" && (starts_with(t, end, " 반") || starts_with(t, end, "반")) {
        q.value += 0.5; // "1년 반"
        end += if starts_with(t, end, " 반") { 2 } else { 1 };
    }
    Some((*kind, end))
}

pub(super) fn english_unit(
    t: &[NChar],
    k: usize,
    q: &mut Quantity,
    spaced: bool,
) -> Option<(Kind, usize)> {
    let (word, kind) = ENGLISH_UNITS.iter().find(|(w, _)| {
        starts_with(t, k, w)
            && !t
                .get(k + w.chars().count())
                .is_some_and(|n| n.class.is_word())
    })?;
    if *word == "x" && spaced {
        return None; // "3 x 4" is a product, not a multiple
    }
    q.headcount_unit = matches!(*word, "employees" | "employee" | "staff" | "ftes" | "fte");
    Some((*kind, k + word.chars().count()))
}
