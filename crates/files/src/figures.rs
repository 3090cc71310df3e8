//! The figures in a file's text, as facts about the relationship.

use onno_signals::{Metric, category, spot_metrics};
use onno_store::{Confidence, DataValue, NewRelationshipData};

use crate::FilePart;

/// The figures the signals crate spots in each part, as unverified facts of the
/// relationship with the place as their source ("deck.pdf p.12"; a whole-file part
/// cites the file's name alone). The spotter reads a line at a time: a page's lines are
/// separate claims (a table's row, a bullet), and pairing a figure with a metric named
/// lines away would make facts nobody stated. A figure found twice in one part is one
/// fact.
pub fn figures(
    relationship_id: i64,
    file_name: &str,
    parts: &[FilePart],
) -> Vec<NewRelationshipData> {
    let mut facts: Vec<NewRelationshipData> = Vec::new();
    for part in parts {
        let place = part.place();
        let source = if place.is_empty() {
            file_name.to_owned()
        } else {
            format!("{file_name} {place}")
        };
        for line in part.text.lines() {
            for metric in spot_metrics(line) {
                let fact = fact(relationship_id, &metric, &source);
                if !facts.contains(&fact) {
                    facts.push(fact);
                }
            }
        }
    }
    facts
}

fn fact(relationship_id: i64, metric: &Metric, source: &str) -> NewRelationshipData {
    NewRelationshipData {
        relationship_id,
        category: category(metric.key),
        key: metric.storage_key(),
        value: DataValue::Number(metric.value),
        unit: metric.store_unit(),
        source: source.to_owned(),
        confidence: Confidence::Unverified,
        meeting_id: None,
        recorded_at: None,
    }
}
