//! Numbers said as words before a counter: Korean native numbers ("열두 명", "여섯
//! 달") and English ones ("six months", "twenty-two people").

use super::units::english_unit;
use super::{Kind, Quantity, Scale, skip_space};
use crate::text::{Class, NChar, starts_with};

/// Native Korean numbers before a counter: "열두 명", "두 분", "여섯 달".
pub(super) fn native_count(t: &[NChar], i: usize) -> Option<Quantity> {
    const NATIVE: &[(&str, f64)] = &[
        ("스물다섯", 25.0),
        ("열아홉", 19.0),
        ("열여덟", 18.0),
        ("열일곱", 17.0),
        ("열여섯", 16.0),
        ("열다섯", 15.0),
        ("스물네", 24.0),
        ("스물세", 23.0),
        ("스물두", 22.0),
        ("스물한", 21.0),
        ("열하나", 11.0),
        ("열네", 14.0),
        ("열세", 13.0),
        ("열두", 12.0),
        ("열한", 11.0),
        ("다섯", 5.0),
        ("여섯", 6.0),
        ("일곱", 7.0),
        ("여덟", 8.0),
        ("아홉", 9.0),
        ("스무", 20.0),
        ("서른", 30.0),
        ("하나", 1.0),
        ("한", 1.0),
        ("두", 2.0),
        ("세", 3.0),
        ("석", 3.0),
        ("네", 4.0),
        ("열", 10.0),
    ];
    let (word, value) = NATIVE.iter().find(|(w, _)| starts_with(t, i, w))?;
    let mut k = i + word.chars().count();
    k = skip_space(t, k);
    let (kind, end) = if starts_with(t, k, "명") || starts_with(t, k, "분") {
        (Kind::People, k + 1)
    } else if starts_with(t, k, "달") && !starts_with(t, k, "달러") {
        (Kind::Months, k + 1)
    } else {
        return None;
    };
    // "한 달에", "한 달마다": a period, not a duration.
    let per = kind == Kind::Months
        && (starts_with(t, end, "에") || starts_with(t, end, "마다") || starts_with(t, end, "씩"));
    Some(Quantity {
        value: *value,
        kind: if per { Kind::Other } else { kind },
        scale: Scale::None,
        first: i,
        last: end,
        prior: false,
        headcount_unit: false,
    })
}

/// English number words before a unit: "six months", "twenty-two people",
/// "fifteen percent". Without a unit after them they are ordinary words.
pub(super) fn english_count(t: &[NChar], i: usize) -> Option<Quantity> {
    const ONES: &[(&str, f64)] = &[
        ("one", 1.0),
        ("two", 2.0),
        ("three", 3.0),
        ("four", 4.0),
        ("five", 5.0),
        ("six", 6.0),
        ("seven", 7.0),
        ("eight", 8.0),
        ("nine", 9.0),
    ];
    const WORDS: &[(&str, f64)] = &[
        ("eleven", 11.0),
        ("twelve", 12.0),
        ("thirteen", 13.0),
        ("fourteen", 14.0),
        ("fifteen", 15.0),
        ("sixteen", 16.0),
        ("seventeen", 17.0),
        ("eighteen", 18.0),
        ("nineteen", 19.0),
        ("twenty", 20.0),
        ("thirty", 30.0),
        ("forty", 40.0),
        ("fifty", 50.0),
        ("sixty", 60.0),
        ("seventy", 70.0),
        ("eighty", 80.0),
        ("ninety", 90.0),
        ("ten", 10.0),
    ];
    let word_at = |k: usize, table: &[(&str, f64)]| {
        table.iter().find_map(|(w, v)| {
            let end = k + w.chars().count();
            (starts_with(t, k, w) && !t.get(end).is_some_and(|n| n.class.is_word()))
                .then_some((*v, end))
        })
    };
    let (mut value, mut k) = word_at(i, WORDS).or_else(|| word_at(i, ONES))?;
    if value >= 20.0
        && t.get(k)
            .is_some_and(|n| n.c == '-' || n.class == Class::Space)
        && let Some((ones, end)) = word_at(k + 1, ONES)
    {
        value += ones; // "twenty-two"
        k = end;
    }
    let mut q = Quantity {
        value,
        kind: Kind::Other,
        scale: Scale::None,
        first: i,
        last: k,
        prior: false,
        headcount_unit: false,
    };
    if !t.get(k).is_some_and(|n| n.class == Class::Space) {
        return None;
    }
    let (kind, end) = english_unit(t, k + 1, &mut q, true)?;
    if !matches!(
        kind,
        Kind::Percent | Kind::Months | Kind::Years | Kind::People | Kind::Users
    ) {
        return None;
    }
    q.kind = kind;
    q.last = end;
    Some(q)
}
