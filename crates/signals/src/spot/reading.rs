//! Whether a figure can be a metric's value: its unit agrees, strongly (the unit names
//! the metric) or weakly (a bare number that must sit right beside the name).

use crate::metric::{MetricKey, Unit};
use crate::number::{Currency, Kind, Quantity, Scale};

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Strength {
    /// A bare number: it must sit right beside the name.
    Weak,
    /// The unit agrees with the metric.
    Strong,
}

#[derive(Debug, Clone, Copy)]
pub(super) struct Reading {
    pub(super) strength: Strength,
    pub(super) value: f64,
    pub(super) currency: Option<Currency>,
}

/// Whether figure `q` can be a value of `key`: its unit says it can be.
pub(crate) fn fits(key: MetricKey, q: &Quantity) -> bool {
    compat(key, q).is_some()
}

/// Can figure `q` be a value of `key`? Converts years to months on the way.
pub(super) fn compat(key: MetricKey, q: &Quantity) -> Option<Reading> {
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
