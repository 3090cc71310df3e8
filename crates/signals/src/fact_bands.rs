//! The benchmark bands a relationship's stored facts are drawn against: each fact key
//! (as [`crate::Metric::storage_key`] writes it) with the benchmark for the
//! relationship's industry and stage, in the fact's own unit.

use onno_store::{Benchmark, Page, Store};
use serde::{Deserialize, Serialize};

use crate::Result;
use crate::context::benchmarks_for;

/// A benchmark band for one of a relationship's metrics, in the unit its facts are
/// stored in.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FactBand {
    /// The fact key it applies to ("runway", "monthly_churn", "arr", …).
    pub key: String,
    /// The unit the facts of that key are stored in ("$", "%", "months", "x").
    pub unit: String,
    pub p25: f64,
    pub p50: f64,
    pub p75: f64,
    pub industry: String,
    pub stage: String,
    pub source: String,
}

/// The benchmark key a stored fact compares under, and the factor from the benchmark's
/// values to the fact's (MRR is read against the ARR band, a twelfth of it: peers'
/// monthly revenue is their annual run rate over twelve). Churn said without a period counts as monthly, as in the live
/// comparison; growth only month over month; money only in dollars (a won figure is
/// not converted here: its rate is a setting of the moment, not of the chart).
fn benchmark_key(fact_key: &str, unit: &str) -> Option<(&'static str, f64)> {
    if fact_key == "mrr" {
        return Some(("arr", 1.0 / 12.0)).filter(|_| unit == "$");
    }
    let key = match fact_key {
        "arr" => "arr",
        "growth_mom" => "mrr_growth_mom",
        "nrr" => "net_revenue_retention",
        "gross_margin" => "gross_margin",
        "cac_payback" => "cac_payback_months",
        "ltv_cac" => "ltv_cac_ratio",
        "churn" | "monthly_churn" => "monthly_churn",
        "burn_multiple" => "burn_multiple",
        "runway" => "runway_months",
        "take_rate" => "take_rate",
        "dau_mau" => "dau_mau",
        _ => return None,
    };
    Some((key, 1.0)).filter(|_| matches!(unit, "$" | "%" | "months" | "x"))
}

/// Whether a benchmark in `benchmark_unit` is in the stored `unit`.
fn same_unit(unit: &str, benchmark_unit: &str) -> bool {
    matches!(
        (unit, benchmark_unit.trim().to_ascii_lowercase().as_str()),
        ("$", "usd") | ("%", "%") | ("months", "months") | ("x", "ratio")
    )
}

/// The bands for `relationship_id`'s number facts, for its industry and stage; none
/// when either is not set or no benchmark is known for them.
pub fn fact_bands(store: &Store, relationship_id: i64) -> Result<Vec<FactBand>> {
    let relationship = store.relationship(relationship_id)?;
    let (Some(industry), Some(stage)) = (relationship.fields.industry, relationship.fields.stage)
    else {
        return Ok(Vec::new());
    };
    let known: Vec<Benchmark> = benchmarks_for(store.benchmarks()?, &industry, &stage);
    if known.is_empty() {
        return Ok(Vec::new());
    }
    let facts = store.relationship_data(relationship_id, Page::new(Page::MAX_LIMIT, 0))?;
    let mut bands: Vec<FactBand> = Vec::new();
    for fact in facts.items {
        let unit = fact.fields.unit.as_deref().unwrap_or_default();
        let key = fact.fields.key.as_str();
        if bands.iter().any(|b| b.key == key && b.unit == unit) {
            continue;
        }
        let Some((wanted, scale)) = benchmark_key(key, unit) else {
            continue;
        };
        if let Some(b) = known
            .iter()
            .find(|b| b.metric == wanted && same_unit(unit, &b.unit))
        {
            bands.push(FactBand {
                key: key.to_owned(),
                unit: unit.to_owned(),
                p25: b.p25 * scale,
                p50: b.p50 * scale,
                p75: b.p75 * scale,
                industry: b.industry.clone(),
                stage: b.stage.clone(),
                source: if scale == 1.0 {
                    b.source.clone()
                } else {
                    format!("{} (ARR / 12)", b.source)
                },
            });
        }
    }
    Ok(bands)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_keys_meet_their_benchmarks_only_in_a_matching_unit() {
        assert_eq!(
            benchmark_key("runway", "months"),
            Some(("runway_months", 1.0))
        );
        assert_eq!(benchmark_key("churn", "%"), Some(("monthly_churn", 1.0)));
        assert_eq!(benchmark_key("mrr", "$"), Some(("arr", 1.0 / 12.0)));
        assert_eq!(benchmark_key("mrr", "₩"), None);
        assert_eq!(benchmark_key("annual_churn", "%"), None);
        assert_eq!(benchmark_key("arr", "₩"), None);
        assert!(same_unit("$", "USD"));
        assert!(!same_unit("$", "KRW"));
        assert!(same_unit("x", "ratio"));
    }
}
