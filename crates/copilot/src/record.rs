//! Turning a spotted metric into a fact about the relationship, and storing it.

use onno_store::{
    Confidence, DataCategory, DataValue, NewRelationshipData, RelationshipData, Segment, Store,
};

use crate::Result;
use crate::context::MeetingContext;
use crate::metric::{Metric, MetricKey};
use crate::signals::Signal;

/// The fact `metric`, heard in `segment`, adds to the meeting's relationship; `None`
/// when the meeting has no relationship.
pub(crate) fn relationship_data(
    context: &MeetingContext,
    metric: &Metric,
    segment: &Segment,
) -> Option<NewRelationshipData> {
    let relationship_id = context.relationship_id?;
    Some(NewRelationshipData {
        relationship_id,
        category: category(metric.key),
        key: metric.storage_key(),
        value: DataValue::Number(metric.value),
        unit: metric.store_unit(),
        source: format!(
            "meeting {} at {}",
            context.meeting_date,
            clock(segment.start_ms)
        ),
        confidence: Confidence::Unverified,
        meeting_id: Some(context.meeting_id),
        recorded_at: Some(context.meeting_date.clone()).filter(|d| !d.is_empty()),
    })
}

/// Where a metric sits among a relationship's facts.
pub fn category(key: MetricKey) -> DataCategory {
    use MetricKey::*;
    match key {
        Headcount => DataCategory::Team,
        Burn | BurnMultiple | Runway | GrossMargin | Valuation => DataCategory::Financials,
        _ => DataCategory::Metrics,
    }
}

/// "12:34" into the meeting, or "1:02:03" past the hour.
pub(crate) fn clock(offset_ms: i64) -> String {
    let s = offset_ms.max(0) / 1000;
    let (h, m, s) = (s / 3600, s / 60 % 60, s % 60);
    if h > 0 {
        format!("{h}:{m:02}:{s:02}")
    } else {
        format!("{m:02}:{s:02}")
    }
}

/// Stores the relationship facts carried by `signals` (those of
/// [`Signal::MetricSpotted`] with `data`) in order and returns the stored rows. Each is
/// its own write: on an error, the facts before it stay stored.
pub fn store_relationship_data(store: &Store, signals: &[Signal]) -> Result<Vec<RelationshipData>> {
    signals
        .iter()
        .filter_map(|s| match s {
            Signal::MetricSpotted {
                data: Some(data), ..
            } => Some(data),
            _ => None,
        })
        .map(|data| Ok(store.add_relationship_data(data)?))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn clock_reads_like_a_player() {
        assert_eq!(clock(0), "00:00");
        assert_eq!(clock(754_000), "12:34");
        assert_eq!(clock(3_723_000), "1:02:03");
        assert_eq!(clock(-5), "00:00");
        assert_eq!(clock(i64::MAX), "2562047788015:12:55");
    }
}
