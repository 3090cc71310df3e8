//! The metrics Onno listens for, and what a spotted one looks like.

use serde::{Deserialize, Serialize};

use crate::number::Currency;

/// A metric's canonical key. The snake_case names are what the store keeps
/// (see [`Metric::storage_key`]) and what labelled data uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum MetricKey {
    Mrr,
    Arr,
    Revenue,
    Gmv,
    Arpu,
    Aov,
    Cac,
    Ltv,
    LtvCac,
    CacPayback,
    Churn,
    Retention,
    Nrr,
    Growth,
    GrossMargin,
    TakeRate,
    Conversion,
    Burn,
    BurnMultiple,
    Runway,
    Headcount,
    Dau,
    Mau,
    DauMau,
    Valuation,
}

/// What a metric is measured in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Unit {
    /// An amount; its currency, when known, is beside it.
    Money,
    /// 30 means 30%.
    Percent,
    Months,
    People,
    /// 3 means 3x.
    Ratio,
    /// Users, not people on the team.
    Count,
}

impl Unit {
    pub fn as_str(self) -> &'static str {
        match self {
            Unit::Money => "money",
            Unit::Percent => "%",
            Unit::Months => "months",
            Unit::People => "people",
            Unit::Ratio => "ratio",
            Unit::Count => "count",
        }
    }
}

/// The period a flow metric is said over: "월 매출", "churn is 3% monthly", "YoY".
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
#[serde(rename_all = "snake_case")]
pub enum Period {
    Monthly,
    Annual,
}

impl MetricKey {
    pub const ALL: &'static [MetricKey] = &[
        MetricKey::Mrr,
        MetricKey::Arr,
        MetricKey::Revenue,
        MetricKey::Gmv,
        MetricKey::Arpu,
        MetricKey::Aov,
        MetricKey::Cac,
        MetricKey::Ltv,
        MetricKey::LtvCac,
        MetricKey::CacPayback,
        MetricKey::Churn,
        MetricKey::Retention,
        MetricKey::Nrr,
        MetricKey::Growth,
        MetricKey::GrossMargin,
        MetricKey::TakeRate,
        MetricKey::Conversion,
        MetricKey::Burn,
        MetricKey::BurnMultiple,
        MetricKey::Runway,
        MetricKey::Headcount,
        MetricKey::Dau,
        MetricKey::Mau,
        MetricKey::DauMau,
        MetricKey::Valuation,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            MetricKey::Mrr => "mrr",
            MetricKey::Arr => "arr",
            MetricKey::Revenue => "revenue",
            MetricKey::Gmv => "gmv",
            MetricKey::Arpu => "arpu",
            MetricKey::Aov => "aov",
            MetricKey::Cac => "cac",
            MetricKey::Ltv => "ltv",
            MetricKey::LtvCac => "ltv_cac",
            MetricKey::CacPayback => "cac_payback",
            MetricKey::Churn => "churn",
            MetricKey::Retention => "retention",
            MetricKey::Nrr => "nrr",
            MetricKey::Growth => "growth",
            MetricKey::GrossMargin => "gross_margin",
            MetricKey::TakeRate => "take_rate",
            MetricKey::Conversion => "conversion",
            MetricKey::Burn => "burn",
            MetricKey::BurnMultiple => "burn_multiple",
            MetricKey::Runway => "runway",
            MetricKey::Headcount => "headcount",
            MetricKey::Dau => "dau",
            MetricKey::Mau => "mau",
            MetricKey::DauMau => "dau_mau",
            MetricKey::Valuation => "valuation",
        }
    }

    pub fn parse(text: &str) -> Option<MetricKey> {
        MetricKey::ALL.iter().copied().find(|k| k.as_str() == text)
    }

    /// The unit a value for this key is kept in.
    pub fn unit(self) -> Unit {
        use MetricKey::*;
        match self {
            Mrr | Arr | Revenue | Gmv | Arpu | Aov | Cac | Ltv | Burn | Valuation => Unit::Money,
            Churn | Retention | Nrr | Growth | GrossMargin | TakeRate | Conversion | DauMau => {
                Unit::Percent
            }
            LtvCac | BurnMultiple => Unit::Ratio,
            CacPayback | Runway => Unit::Months,
            Headcount => Unit::People,
            Dau | Mau => Unit::Count,
        }
    }

    /// Flows whose period changes their meaning (monthly vs annual revenue).
    pub(crate) fn has_period(self) -> bool {
        use MetricKey::*;
        matches!(
            self,
            Revenue | Gmv | Arpu | Churn | Retention | Growth | Burn
        )
    }
}

/// A byte range in a segment's text.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Span {
    pub start: u32,
    pub end: u32,
}

/// A figure heard in the conversation.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct Metric {
    pub key: MetricKey,
    /// In base units: dollars or won, percent points (30 for 30%), months, people.
    pub value: f64,
    pub unit: Unit,
    /// For money: the currency said, or implied by the scale ("1.2억" is won, "50K"
    /// dollars). `None` when nothing told.
    pub currency: Option<Currency>,
    pub period: Option<Period>,
    /// Where in the segment's text it was said: from the metric's name to its value.
    pub span: Span,
    /// The text of `span`, e.g. "MRR is $50K".
    pub quote: String,
}

impl Metric {
    /// The key under which the store keeps it: the canonical key, made specific by the
    /// period where that changes the meaning ("monthly_revenue", "growth_mom").
    pub fn storage_key(&self) -> String {
        use MetricKey::*;
        match (self.key, self.period) {
            (Revenue, Some(Period::Monthly)) => "monthly_revenue".into(),
            (Revenue, Some(Period::Annual)) => "annual_revenue".into(),
            (Churn, Some(Period::Monthly)) => "monthly_churn".into(),
            (Churn, Some(Period::Annual)) => "annual_churn".into(),
            (Growth, Some(Period::Monthly)) => "growth_mom".into(),
            (Growth, Some(Period::Annual)) => "growth_yoy".into(),
            (key, _) => key.as_str().into(),
        }
    }

    /// The unit as the store writes it: "$", "₩", "%", "months", "명", "x".
    pub fn store_unit(&self) -> Option<String> {
        let unit = match self.unit {
            Unit::Money => self.currency?.symbol(),
            Unit::Percent => "%",
            Unit::Months => "months",
            Unit::People => "명",
            Unit::Ratio => "x",
            Unit::Count => return None,
        };
        Some(unit.to_owned())
    }

    /// The unit as labelled data writes it: "USD", "KRW", "money" (currency unknown),
    /// "%", "months", "people", "ratio", "count".
    pub fn unit_label(&self) -> &'static str {
        match (self.unit, self.currency) {
            (Unit::Money, Some(c)) => c.code(),
            (unit, _) => unit.as_str(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        for key in MetricKey::ALL {
            assert_eq!(MetricKey::parse(key.as_str()), Some(*key));
            let json = format!("\"{}\"", key.as_str());
            assert_eq!(serde_json::to_string(key).ok(), Some(json));
        }
        assert_eq!(MetricKey::parse("nope"), None);
    }
}
