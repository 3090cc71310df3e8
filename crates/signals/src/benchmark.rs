//! Placing a spotted metric against the benchmark for the relationship's industry and
//! stage.
//!
//! The store's benchmark keys are listed, with their units and which direction is
//! better, in the header of `migrations/0002_seed.sql`. A metric is compared only when
//! its unit can be put in the benchmark's: percent with percent (30 means 30%), a
//! ratio with a ratio, months with months, and money in dollars (won converted at the
//! configured rate, or not compared). Churn counts as monthly unless said to be
//! annual; growth is compared only when said to be month over month.

use serde::{Deserialize, Serialize};

use crate::metric::{Metric, MetricKey, Period, Unit};
use crate::number::Currency;

/// Where a value falls in the benchmark's range.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Band {
    BelowP25,
    P25ToP50,
    P50ToP75,
    AboveP75,
}

/// Which end of a benchmark's range is the good one.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Better {
    Higher,
    Lower,
}

/// A spotted metric next to its peers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct BenchmarkComparison {
    pub segment_id: i64,
    /// The benchmark's metric key, e.g. "monthly_churn".
    pub metric: String,
    /// The spotted metric it came from.
    pub key: MetricKey,
    /// The spotted value in the benchmark's unit.
    pub value: f64,
    /// The benchmark's unit: "%", "ratio", "months", "USD".
    pub unit: String,
    pub band: Band,
    pub better: Better,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub industry: String,
    pub stage: String,
    pub source: String,
}

/// The benchmark key a spotted metric is compared under, if any.
pub(crate) fn benchmark_key(metric: &Metric) -> Option<&'static str> {
    use MetricKey::*;
    Some(match (metric.key, metric.period) {
        (Arr, _) => "arr",
        (Growth, Some(Period::Monthly)) => "mrr_growth_mom",
        (Nrr, _) => "net_revenue_retention",
        (GrossMargin, _) => "gross_margin",
        (CacPayback, _) => "cac_payback_months",
        (LtvCac, _) => "ltv_cac_ratio",
        (Churn, None | Some(Period::Monthly)) => "monthly_churn",
        (BurnMultiple, _) => "burn_multiple",
        (Runway, _) => "runway_months",
        (TakeRate, _) => "take_rate",
        (DauMau, _) => "dau_mau",
        _ => return None,
    })
}

/// Which direction is better for a benchmark key. Keys the seed does not list (a
/// user's own benchmarks) count as higher-is-better.
pub fn better(benchmark_metric: &str) -> Better {
    match benchmark_metric {
        "cac_payback_months" | "monthly_churn" | "burn_multiple" => Better::Lower,
        _ => Better::Higher,
    }
}

/// The band of `value` in p25/p50/p75; each band includes its lower bound.
pub fn band(value: f64, p25: f64, p50: f64, p75: f64) -> Band {
    if value < p25 {
        Band::BelowP25
    } else if value < p50 {
        Band::P25ToP50
    } else if value < p75 {
        Band::P50ToP75
    } else {
        Band::AboveP75
    }
}

/// `metric`'s value in a benchmark's `unit`, or `None` when they cannot be compared.
pub(crate) fn in_unit(metric: &Metric, unit: &str, krw_per_usd: Option<f64>) -> Option<f64> {
    let value = metric.value;
    let converted = match (unit.trim().to_ascii_lowercase().as_str(), metric.unit) {
        ("%", Unit::Percent) | ("ratio", Unit::Ratio) | ("months", Unit::Months) => value,
        ("usd", Unit::Money) => match metric.currency? {
            Currency::Usd => value,
            Currency::Krw => value / krw_per_usd.filter(|r| *r > 0.0)?,
        },
        ("krw", Unit::Money) => match metric.currency? {
            Currency::Krw => value,
            Currency::Usd => value * krw_per_usd.filter(|r| *r > 0.0)?,
        },
        _ => return None,
    };
    converted.is_finite().then_some(converted)
}

/// The canonical name of an industry: "B2B SaaS" and "사스" are "saas".
pub fn normalize_industry(industry: &str) -> String {
    let n = squash(industry);
    let synonyms: &[(&str, &[&str])] = &[
        ("saas", &["saas", "사스", "b2bsoftware", "소프트웨어"]),
        ("marketplace", &["marketplace", "마켓플레이스", "오픈마켓"]),
        ("fintech", &["fintech", "핀테크"]),
        ("consumer", &["consumer", "b2c", "컨슈머", "소비자"]),
    ];
    for (canonical, words) in synonyms {
        if words.iter().any(|w| n.contains(w)) {
            return (*canonical).to_owned();
        }
    }
    n
}

/// The canonical name of a stage: "Series A", "시리즈 A" and "series-a" are
/// "series_a"; "시드" is "seed".
pub fn normalize_stage(stage: &str) -> String {
    let n = squash(stage);
    if n == "seed" || n == "시드" {
        return "seed".to_owned();
    }
    for prefix in ["series", "시리즈"] {
        if let Some(letter) = n.strip_prefix(prefix)
            && letter.len() == 1
            && letter.chars().all(|c| c.is_ascii_lowercase())
        {
            return format!("series_{letter}");
        }
    }
    n
}

/// Lower case without spaces, hyphens or underscores.
fn squash(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace() && *c != '-' && *c != '_')
        .flat_map(char::to_lowercase)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bands_include_their_lower_bound() {
        assert_eq!(band(1.0, 2.0, 3.5, 6.0), Band::BelowP25);
        assert_eq!(band(2.0, 2.0, 3.5, 6.0), Band::P25ToP50);
        assert_eq!(band(3.5, 2.0, 3.5, 6.0), Band::P50ToP75);
        assert_eq!(band(6.0, 2.0, 3.5, 6.0), Band::AboveP75);
        assert_eq!(band(f64::NAN, 2.0, 3.5, 6.0), Band::AboveP75);
    }

    #[test]
    fn names_normalise() {
        for (raw, want) in [
            ("SaaS", "saas"),
            ("B2B SaaS", "saas"),
            ("마켓플레이스", "marketplace"),
            ("Fintech", "fintech"),
            ("B2C", "consumer"),
            ("biotech", "biotech"),
        ] {
            assert_eq!(normalize_industry(raw), want, "{raw}");
        }
        for (raw, want) in [
            ("Seed", "seed"),
            ("시드", "seed"),
            ("Series A", "series_a"),
            ("series-b", "series_b"),
            ("series_a", "series_a"),
            ("시리즈 A", "series_a"),
            ("Pre-A", "prea"),
        ] {
            assert_eq!(normalize_stage(raw), want, "{raw}");
        }
    }

    #[test]
    fn direction_follows_the_seed_header() {
        assert_eq!(better("monthly_churn"), Better::Lower);
        assert_eq!(better("burn_multiple"), Better::Lower);
        assert_eq!(better("cac_payback_months"), Better::Lower);
        assert_eq!(better("runway_months"), Better::Higher);
        assert_eq!(better("arr"), Better::Higher);
    }
}
