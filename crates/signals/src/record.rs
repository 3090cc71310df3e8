//! Turning a spotted metric into a fact about the relationship, and storing it.

use onno_store::{
    Confidence, DataCategory, DataValue, NewRelationshipData, RelationshipData, Segment, Store,
    clock,
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
