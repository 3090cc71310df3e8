//! Quantities as people say them: "$1.5M", "50K", "1.2억", "5천만원", "1억 2천",
//! "30%", "30프로", "18개월", "1년 반", "25명", "열두 명", "3x", "2배".
//!
//! The scanner reads normalised text and returns each quantity with its kind (money,
//! percent, months, ...) and the characters it spans. Numbers that are dates, times,
//! ordinals, versions or identifiers ("2026년", "3시", "3:30", "Q3", "B2B") come back
//! as [`Kind::Other`] so that nothing mistakes them for a metric.

use serde::{Deserialize, Serialize};

use crate::text::{Class, NChar, starts_with};

mod units;
mod words;

use units::unit;
use words::{english_count, native_count};

/// The currency of an amount of money.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "UPPERCASE")]
pub enum Currency {
    Usd,
    Krw,
}

impl Currency {
    /// The symbol the store keeps as a unit: "$" or "₩".
    pub fn symbol(self) -> &'static str {
        match self {
            Currency::Usd => "$",
            Currency::Krw => "₩",
        }
    }

    pub fn code(self) -> &'static str {
        match self {
            Currency::Usd => "USD",
            Currency::Krw => "KRW",
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Kind {
    /// An amount with a currency said or written beside it.
    Money(Currency),
    Percent,
    Months,
    Years,
    People,
    Users,
    /// "3x", "2배".
    Ratio,
    /// A bare number, perhaps with a scale ("50K", "1.2억").
    Plain,
    /// A date, time, ordinal, count of something else: never a metric.
    Other,
}

/// How a bare number was scaled, which hints at its currency when it is money.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) enum Scale {
    None,
    /// K, M, B, thousand, million, billion.
    English,
    /// 만, 억, 조 (and 천, 백 within them).
    Korean,
}

#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Quantity {
    pub value: f64,
    pub kind: Kind,
    pub scale: Scale,
    /// Normalised characters `first..last`.
    pub first: usize,
    pub last: usize,
    /// The "from" side of a change ("from $40K to $50K", "4만에서 5만으로").
    pub prior: bool,
    /// The unit names the metric by itself ("25 employees").
    pub headcount_unit: bool,
}

/// Values beyond this are not a company's figures but a mis-hearing.
const MAX_VALUE: f64 = 1e18;
/// Longer digit runs are not numbers anyone says.
const MAX_DIGITS: usize = 24;

/// Every quantity in `t`, in order, [`Kind::Other`] ones included.
pub(crate) fn scan(t: &[NChar]) -> Vec<Quantity> {
    let mut out = Vec::new();
    let mut i = 0;
    while i < t.len() {
        if t[i].class == Class::Digit && i > 0 && t[i - 1].class == Class::Latin {
            // An identifier: "Q3", "D30", "B2B", "H100".
            i = skip_word(t, i);
            continue;
        }
        match quantity_at(t, i) {
            Some(q) => {
                i = q.last.max(i + 1);
                out.push(q);
            }
            None => i += 1,
        }
    }
    out
}

fn skip_word(t: &[NChar], mut i: usize) -> usize {
    while i < t.len() && (t[i].class.is_word() || t[i].c == '.') {
        i += 1;
    }
    i
}

fn quantity_at(t: &[NChar], i: usize) -> Option<Quantity> {
    let before = i.checked_sub(1).map(|b| t[b]);
    let mut currency = None;
    let mut j = i;
    if t[i].c == '$' || t[i].c == '₩' {
        currency = Some(if t[i].c == '$' {
            Currency::Usd
        } else {
            Currency::Krw
        });
        j = skip_space(t, i + 1);
    } else if starts_with(t, i, "us$") && !before.is_some_and(|b| b.class.is_word()) {
        currency = Some(Currency::Usd);
        j = skip_space(t, i + 3);
    } else if (starts_with(t, i, "usd ") || starts_with(t, i, "krw "))
        && !before.is_some_and(|b| b.class.is_word())
        && t.get(i + 4).is_some_and(|n| n.class == Class::Digit)
    {
        currency = Some(if t[i].c == 'u' {
            Currency::Usd
        } else {
            Currency::Krw
        });
        j = i + 4;
    } else if t[i].class == Class::Hangul && !before.is_some_and(|b| b.class == Class::Hangul) {
        if let Some(q) = native_count(t, i) {
            return Some(q);
        }
    } else if t[i].class == Class::Latin && !before.is_some_and(|b| b.class.is_word()) {
        return english_count(t, i);
    }
    let starts_number = t.get(j).is_some_and(|n| n.class == Class::Digit)
        || (small_unit(t.get(j)).is_some()
            && big_unit(t.get(j + 1)).is_some()
            && !before.is_some_and(|b| b.class == Class::Hangul));
    if !starts_number {
        return None;
    }
    if j == i && before.is_some_and(|b| b.c == '.' || b.class == Class::Digit) {
        return None;
    }

    let core = parse_core(t, j)?;
    let mut q = Quantity {
        value: core.value,
        kind: Kind::Plain,
        scale: if core.korean {
            Scale::Korean
        } else {
            Scale::None
        },
        first: i,
        last: core.end,
        prior: false,
        headcount_unit: false,
    };
    if core.other {
        q.kind = Kind::Other;
        return Some(q);
    }
    let mut k = core.end;
    if !core.korean
        && let Some((factor, end)) = english_scale(t, k)
    {
        q.value *= factor;
        q.scale = Scale::English;
        k = end;
    }
    let (kind, end) = unit(t, k, &mut q);
    q.kind = match (kind, currency) {
        (_, Some(c)) if matches!(kind, Kind::Plain | Kind::Money(_)) => Kind::Money(c),
        (kind, _) => kind,
    };
    q.last = end;
    if q.kind == Kind::Plain
        && q.scale == Scale::None
        && q.value.fract() == 0.0
        && (1900.0..=2100.0).contains(&q.value)
    {
        q.kind = Kind::Other; // a year
    }
    if q.kind == Kind::Years && !(q.value > 0.0 && q.value <= 10.0) {
        q.kind = Kind::Other; // "2026년"
    }
    if !q.value.is_finite() || q.value > MAX_VALUE {
        q.kind = Kind::Other;
    }
    q.prior = starts_with(t, q.last, "에서") || word_before(t, i) == "from";
    Some(q)
}

fn skip_space(t: &[NChar], i: usize) -> usize {
    if t.get(i).is_some_and(|n| n.class == Class::Space) {
        i + 1
    } else {
        i
    }
}

/// The lower-case word ending just before `i` (one space between).
fn word_before(t: &[NChar], i: usize) -> String {
    let Some(mut end) = i.checked_sub(1) else {
        return String::new();
    };
    if t[end].class == Class::Space {
        let Some(e) = end.checked_sub(1) else {
            return String::new();
        };
        end = e;
    }
    let mut start = end + 1;
    while start > 0 && t[start - 1].class == Class::Latin {
        start -= 1;
    }
    t[start..=end].iter().map(|n| n.c).collect()
}

fn small_unit(n: Option<&NChar>) -> Option<f64> {
    match n?.c {
        '십' => Some(10.0),
        '백' => Some(100.0),
        '천' => Some(1_000.0),
        _ => None,
    }
}

fn big_unit(n: Option<&NChar>) -> Option<f64> {
    match n?.c {
        '만' => Some(1e4),
        '억' => Some(1e8),
        '조' => Some(1e12),
        _ => None,
    }
}

struct Core {
    value: f64,
    end: usize,
    korean: bool,
    /// A time, date, version or phone number.
    other: bool,
}

/// Digits ("1,200", "1.5") interleaved with Korean units ("2천5백만", "1억 2천만").
fn parse_core(t: &[NChar], start: usize) -> Option<Core> {
    let mut total = 0.0;
    let mut group = 0.0;
    let mut current: Option<f64> = None;
    let mut last_big = 0.0;
    let mut tail_after_big = false;
    let mut korean = false;
    let mut any = false;
    // Digits or 천/백/십 since the last 만/억/조: "1조조" is not 2조.
    let mut fresh = true;
    let mut k = start;
    loop {
        if t.get(k).is_some_and(|n| n.class == Class::Digit) {
            let (value, end, other) = digits(t, k)?;
            if other {
                return Some(Core {
                    value,
                    end,
                    korean,
                    other: true,
                });
            }
            current = Some(value);
            tail_after_big |= last_big > 0.0;
            any = true;
            fresh = true;
            k = end;
        } else if let Some(m) = small_unit(t.get(k)) {
            if !any && current.is_none() && big_unit(t.get(k + 1)).is_none() {
                break;
            }
            group += current.take().unwrap_or(1.0) * m;
            tail_after_big |= last_big > 0.0;
            korean = true;
            any = true;
            fresh = true;
            k += 1;
        } else if let Some(big) = big_unit(t.get(k)) {
            if !any || !fresh {
                break;
            }
            fresh = false;
            let mut g = group + current.take().unwrap_or(0.0);
            if g == 0.0 {
                g = 1.0;
            }
            total += g * big;
            group = 0.0;
            last_big = big;
            tail_after_big = false;
            korean = true;
            k += 1;
            // "1억 2천만", "3만 2천": a lower group after a space continues the number.
            if t.get(k).is_some_and(|n| n.class == Class::Space) && continues_after_space(t, k + 1)
            {
                k += 1;
            }
        } else {
            break;
        }
    }
    if !any {
        return None;
    }
    let rest = group + current.unwrap_or(0.0);
    if rest > 0.0 {
        // "1억 2천" is said for 1억 2천만: a trailing group after 억 or 조 counts in
        // the unit below.
        if last_big >= 1e8 && tail_after_big && rest < 1e4 {
            total += rest * last_big / 1e4;
        } else {
            total += rest;
        }
    }
    Some(Core {
        value: total,
        end: k,
        korean,
        other: false,
    })
}

/// After "1억 " or "3만 ": digits followed by a Korean unit ("2천", "5000만").
fn continues_after_space(t: &[NChar], mut k: usize) -> bool {
    if !t.get(k).is_some_and(|n| n.class == Class::Digit) {
        return false;
    }
    while t
        .get(k)
        .is_some_and(|n| n.class == Class::Digit || n.c == ',' || n.c == '.')
    {
        k += 1;
    }
    small_unit(t.get(k)).is_some() || big_unit(t.get(k)).is_some()
}

/// A run of digits with thousands commas and one decimal point. The flag says the
/// run is a time, date, version or phone number ("3:30", "2026-05-01", "1.2.3").
fn digits(t: &[NChar], start: usize) -> Option<(f64, usize, bool)> {
    let mut s = String::new();
    let mut k = start;
    let mut seen_point = false;
    while let Some(n) = t.get(k) {
        match n.c {
            '0'..='9' => {
                s.push(n.c);
                k += 1;
            }
            ',' if is_thousands_group(t, k + 1) => k += 1,
            '.' if t.get(k + 1).is_some_and(|d| d.class == Class::Digit) => {
                if seen_point {
                    return Some((0.0, skip_word(t, k), true));
                }
                seen_point = true;
                s.push('.');
                k += 1;
            }
            ':' | '/' | '-' if t.get(k + 1).is_some_and(|d| d.class == Class::Digit) => {
                let mut end = k;
                while t
                    .get(end)
                    .is_some_and(|d| d.class == Class::Digit || matches!(d.c, ':' | '/' | '-'))
                {
                    end += 1;
                }
                return Some((0.0, end, true));
            }
            _ => break,
        }
        if s.len() > MAX_DIGITS {
            return Some((0.0, skip_word(t, k), true));
        }
    }
    let value: f64 = s.parse().ok()?;
    Some((value, k, false))
}

fn is_thousands_group(t: &[NChar], k: usize) -> bool {
    (0..3).all(|d| t.get(k + d).is_some_and(|n| n.class == Class::Digit))
        && !t.get(k + 3).is_some_and(|n| n.class == Class::Digit)
}

/// "K", " million", "bn" after a number: the factor and where the word ends.
fn english_scale(t: &[NChar], k: usize) -> Option<(f64, usize)> {
    const ATTACHED: &[(&str, f64)] = &[
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("mil", 1e6),
        ("mm", 1e6),
        ("mn", 1e6),
        ("bn", 1e9),
        ("k", 1e3),
        ("m", 1e6),
        ("b", 1e9),
    ];
    const SPACED: &[(&str, f64)] = &[
        ("thousand", 1e3),
        ("million", 1e6),
        ("billion", 1e9),
        ("mil", 1e6),
        ("mm", 1e6),
        ("bn", 1e9),
    ];
    let try_words = |at: usize, words: &[(&str, f64)]| {
        words.iter().find_map(|(w, f)| {
            let end = at + w.chars().count();
            (starts_with(t, at, w) && !t.get(end).is_some_and(|n| n.class.is_word()))
                .then_some((*f, end))
        })
    };
    try_words(k, ATTACHED).or_else(|| {
        t.get(k)
            .filter(|n| n.class == Class::Space)
            .and_then(|_| try_words(k + 1, SPACED))
    })
}

#[cfg(test)]
mod tests;
