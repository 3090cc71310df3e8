//! A meeting's signals end to end: segments committed to a real store, fed to
//! `MeetingSignals`, facts stored back.

use onno_signals::{
    Band, Better, MeetingSignals, MetricKey, NotAFact, Signal, SignalsConfig,
    store_relationship_data,
};
use onno_store::{Confidence, DataCategory, DataValue, Page};

use crate::{kinds, meeting, say, signals, test_store};

#[test]
fn a_figure_becomes_a_stored_relationship_fact() {
    let store = test_store();
    let (meeting_id, relationship_id) = meeting(&store, Some(("B2B SaaS", "Series A")));
    let mut live = signals(&store, meeting_id);

    let seg = say(
        &store,
        meeting_id,
        754_000,
        "MRR이 50K 정도고 직원은 22명이에요.",
    );
    let found = live.on_segment(&seg);
    let stored = store_relationship_data(&store, &found).unwrap();
    assert_eq!(stored.len(), 2);

    let rows = store
        .relationship_data(relationship_id.unwrap(), Page::default())
        .unwrap()
        .items;
    let mrr = rows.iter().find(|r| r.fields.key == "mrr").unwrap();
    assert_eq!(mrr.fields.value, DataValue::Number(50_000.0));
    assert_eq!(mrr.fields.unit.as_deref(), Some("$"));
    assert_eq!(mrr.fields.category, DataCategory::Metrics);
    assert_eq!(mrr.fields.confidence, Confidence::Unverified);
    assert_eq!(mrr.fields.source, "meeting 2026-11-02 at 12:34");
    assert_eq!(mrr.fields.meeting_id, Some(meeting_id));
    assert_eq!(mrr.fields.recorded_at.as_deref(), Some("2026-11-02"));
    let team = rows.iter().find(|r| r.fields.key == "headcount").unwrap();
    assert_eq!(team.fields.category, DataCategory::Team);
    assert_eq!(team.fields.unit.as_deref(), Some("명"));

    // The same figure again is shown but not recorded twice; a new one is.
    let again = live.on_segment(&say(&store, meeting_id, 800_000, "네, MRR 50K요."));
    assert!(matches!(
        &again[..],
        [Signal::MetricSpotted { data: None, .. }]
    ));
    let newer = live.on_segment(&say(&store, meeting_id, 900_000, "MRR 55K로 정정할게요."));
    assert!(matches!(
        &newer[..],
        [Signal::MetricSpotted { data: Some(_), .. }]
    ));
}

#[test]
fn only_a_figure_said_as_the_metric_becomes_a_fact() {
    let store = test_store();
    let (meeting_id, relationship_id) = meeting(&store, Some(("B2B SaaS", "Series A")));
    let mut live = signals(&store, meeting_id);
    // The option pool's 12%, and churn said to be none: nothing about churn to record.
    let found = live.on_segment(&say(
        &store,
        meeting_id,
        0,
        "스톡옵션 풀을 12퍼센트로 늘렸고, 이탈은 아직 없습니다.",
    ));
    assert!(!kinds(&found).contains(&"metric"), "{found:?}");
    // A denied figure is no fact; the one that corrects it is.
    let found = live.on_segment(&say(
        &store,
        meeting_id,
        5_000,
        "Churn isn't 5%, it's closer to 3%.",
    ));
    let stored = store_relationship_data(&store, &found).unwrap();
    assert_eq!(stored.len(), 1, "{found:?}");
    assert_eq!(stored[0].fields.key, "churn");
    assert_eq!(stored[0].fields.value, DataValue::Number(3.0));
    let rows = store
        .relationship_data(relationship_id.unwrap(), Page::default())
        .unwrap()
        .items;
    assert_eq!(rows.len(), 1);
}

#[test]
fn the_detector_says_why_a_figure_was_set_aside() {
    let detector = onno_signals::Detector::new(&[], &[]);
    let found = detector.detect("we gave a 20% discount and churn stayed flat", &[]);
    assert!(found.metrics.is_empty());
    assert_eq!(found.set_aside.len(), 1);
    assert_eq!(found.set_aside[0].metric.key, MetricKey::Churn);
    assert_eq!(found.set_aside[0].reason, NotAFact::OtherClaim);
    let found = detector.detect("MRR은 아직 1억이 안 돼요", &[]);
    assert_eq!(found.set_aside[0].reason, NotAFact::Negated);
    assert_eq!(found.set_aside[0].metric.quote, "MRR은 아직 1억");
}

#[test]
fn a_meeting_without_a_relationship_records_nothing_and_compares_nothing() {
    let store = test_store();
    let (meeting_id, _) = meeting(&store, None);
    let mut live = signals(&store, meeting_id);
    let found = live.on_segment(&say(&store, meeting_id, 0, "Churn is 3% monthly."));
    assert_eq!(kinds(&found), ["glossary", "metric"]);
    assert!(matches!(
        &found[1],
        Signal::MetricSpotted { data: None, .. }
    ));
    assert!(store_relationship_data(&store, &found).unwrap().is_empty());
}

#[test]
fn checklist_items_are_covered_once_with_their_evidence() {
    let store = test_store();
    let (meeting_id, _) = meeting(&store, None);
    let mut live = signals(&store, meeting_id);
    let first = say(&store, meeting_id, 0, "경쟁사는 어디를 보세요?");
    let found = live.on_segment(&first);
    let Signal::ChecklistCovered {
        item_id,
        segment_id,
        matched,
    } = &found[0]
    else {
        panic!("{found:?}")
    };
    assert_eq!((*segment_id, matched.as_str()), (first.id, "경쟁사"));
    let again = live.on_segment(&say(&store, meeting_id, 5_000, "Competitors are few."));
    assert!(!kinds(&again).contains(&"checklist"), "{again:?}");

    let progress = live.checklist();
    assert_eq!(progress.len(), 10);
    let competition = progress.iter().find(|p| p.item_id == *item_id).unwrap();
    assert_eq!(competition.covered_by, Some(first.id));
    assert_eq!(
        progress.iter().filter(|p| p.covered_by.is_some()).count(),
        1
    );
}

#[test]
fn glossary_terms_come_back_after_the_cooldown() {
    let store = test_store();
    let (meeting_id, _) = meeting(&store, None);
    let mut live = signals(&store, meeting_id);
    let minute = 60_000;
    let glossary_at = |start_ms: i64, live: &mut MeetingSignals| {
        let found = live.on_segment(&say(
            &store,
            meeting_id,
            start_ms,
            "Our SAFE converts later.",
        ));
        kinds(&found).contains(&"glossary")
    };
    assert!(glossary_at(0, &mut live));
    assert!(!glossary_at(minute, &mut live));
    assert!(!glossary_at(9 * minute, &mut live));
    assert!(glossary_at(11 * minute, &mut live));

    let config = SignalsConfig {
        glossary_cooldown_ms: None,
        ..SignalsConfig::default()
    };
    let mut once = MeetingSignals::load(&store, meeting_id, config).unwrap();
    assert!(glossary_at(0, &mut once));
    assert!(!glossary_at(60 * minute, &mut once));
}

#[test]
fn an_answer_in_the_next_segment_fills_the_question() {
    let store = test_store();
    let (meeting_id, _) = meeting(&store, Some(("saas", "series_a")));
    let mut live = signals(&store, meeting_id);
    live.on_segment(&say(&store, meeting_id, 0, "What's your runway?"));
    let found = live.on_segment(&say(&store, meeting_id, 5_000, "About 18 months."));
    let Signal::MetricSpotted { metric, .. } = &found[0] else {
        panic!("{found:?}")
    };
    assert_eq!((metric.key, metric.value), (MetricKey::Runway, 18.0));

    // Too late: the question has lapsed.
    live.on_segment(&say(&store, meeting_id, 60_000, "What's your runway?"));
    let late = live.on_segment(&say(&store, meeting_id, 120_000, "About 18 months."));
    assert!(late.is_empty(), "{late:?}");
}

#[test]
fn figures_are_placed_against_the_industry_and_stage_benchmark() {
    let store = test_store();
    let (meeting_id, _) = meeting(&store, Some(("SaaS", "시리즈 A")));
    let mut live = signals(&store, meeting_id);
    // saas / series_a in the seed: runway 15/22/30, churn 1.2/2.2/3.5 (lower is
    // better), MoM growth 4/7/11, ARR $1M/$2M/$3.5M, LTV/CAC 2/3/5.
    for (text, metric, band, better) in [
        (
            "런웨이 18개월",
            "runway_months",
            Band::P25ToP50,
            Better::Higher,
        ),
        (
            "churn is 3% monthly",
            "monthly_churn",
            Band::P50ToP75,
            Better::Lower,
        ),
        (
            "growth 15% MoM",
            "mrr_growth_mom",
            Band::AboveP75,
            Better::Higher,
        ),
        ("ARR 28억", "arr", Band::P50ToP75, Better::Higher),
        ("$900K ARR", "arr", Band::BelowP25, Better::Higher),
        (
            "LTV/CAC 3.2",
            "ltv_cac_ratio",
            Band::P50ToP75,
            Better::Higher,
        ),
    ] {
        let found = live.on_segment(&say(&store, meeting_id, 0, text));
        let comparison = found.iter().find_map(|s| match s {
            Signal::BenchmarkComparison(c) => Some(c),
            _ => None,
        });
        let c = comparison.unwrap_or_else(|| panic!("no comparison for {text:?}: {found:?}"));
        assert_eq!(
            (c.metric.as_str(), c.band, c.better),
            (metric, band, better),
            "{text}"
        );
    }
    // Annual churn and unqualified growth have no monthly benchmark to meet.
    for text in ["annual churn is 20%", "we grew 15%", "MRR $50K"] {
        let found = live.on_segment(&say(&store, meeting_id, 0, text));
        assert!(kinds(&found).contains(&"metric"), "{text}: {found:?}");
        assert!(!kinds(&found).contains(&"benchmark"), "{text}: {found:?}");
    }
}

#[test]
fn won_amounts_are_compared_only_with_a_rate() {
    let store = test_store();
    let (meeting_id, _) = meeting(&store, Some(("saas", "series_a")));
    let config = SignalsConfig {
        krw_per_usd: None,
        ..SignalsConfig::default()
    };
    let mut live = MeetingSignals::load(&store, meeting_id, config).unwrap();
    let found = live.on_segment(&say(&store, meeting_id, 0, "ARR 28억"));
    assert!(kinds(&found).contains(&"metric"), "{found:?}");
    assert!(!kinds(&found).contains(&"benchmark"), "{found:?}");
}

#[test]
fn live_segments_count_and_foreign_ones_are_ignored() {
    let store = test_store();
    let (meeting_id, _) = meeting(&store, Some(("saas", "seed")));
    let (other_meeting, _) = meeting(&store, None);
    let mut live = signals(&store, meeting_id);
    // A live segment is confirmed text that only a final pass may replace.
    let mut committed_live = say(&store, meeting_id, 0, "MRR is $50K");
    committed_live.is_final = false;
    assert!(kinds(&live.on_segment(&committed_live)).contains(&"metric"));
    let foreign = say(&store, other_meeting, 0, "MRR is $50K");
    assert!(live.on_segment(&foreign).is_empty());
}

#[test]
fn signals_serialise_with_a_kind_tag() {
    let store = test_store();
    let (meeting_id, _) = meeting(&store, Some(("saas", "series_a")));
    let mut live = signals(&store, meeting_id);
    let found = live.on_segment(&say(&store, meeting_id, 0, "런웨이 18개월이에요"));
    let json = serde_json::to_value(&found).unwrap();
    assert_eq!(json[0]["kind"], "checklist_covered");
    let metric = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "metric_spotted")
        .unwrap();
    assert_eq!(metric["metric"]["key"], "runway");
    assert_eq!(metric["metric"]["unit"], "months");
    assert_eq!(metric["data"]["key"], "runway");
    let bench = json
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["kind"] == "benchmark_comparison")
        .unwrap();
    assert_eq!(bench["band"], "p25_to_p50");
}

#[test]
fn a_relationships_facts_get_the_bands_of_its_industry_and_stage_in_their_units() {
    use onno_store::{NewRelationship, NewRelationshipData, RelationshipType};
    let store = test_store();
    let mut acme = NewRelationship::new("Acme", RelationshipType::Deal);
    acme.industry = Some("B2B SaaS".into());
    acme.stage = Some("Series A".into());
    let acme = store.create_relationship(&acme).unwrap();
    let fact = |key: &str, value: f64, unit: &str| NewRelationshipData {
        relationship_id: acme.id,
        category: DataCategory::Metrics,
        key: key.into(),
        value: DataValue::Number(value),
        unit: Some(unit.into()),
        source: "typed in".into(),
        confidence: Confidence::Verified,
        meeting_id: None,
        recorded_at: Some("2026-10-01".into()),
    };
    for data in [
        fact("arr", 1_500_000.0, "$"),
        fact("arr", 1_700_000.0, "$"),
        fact("arr", 2_000_000_000.0, "₩"),
        fact("annual_churn", 20.0, "%"),
        fact("mrr", 120_000.0, "$"),
    ] {
        store.add_relationship_data(&data).unwrap();
    }
    let bands = onno_signals::fact_bands(&store, acme.id).unwrap();
    // One band per key and unit: ARR in dollars only (won is not converted for a chart),
    // MRR against a twelfth of the ARR band, nothing for annual churn.
    assert_eq!(bands.len(), 2, "{bands:?}");
    let arr = bands.iter().find(|b| b.key == "arr").unwrap();
    let mrr = bands.iter().find(|b| b.key == "mrr").unwrap();
    assert_eq!(mrr.unit, "$");
    assert!((mrr.p50 * 12.0 - arr.p50).abs() < 1e-6, "{mrr:?} {arr:?}");
    assert_eq!((arr.key.as_str(), arr.unit.as_str()), ("arr", "$"));
    assert!(arr.p25 < arr.p50 && arr.p50 < arr.p75);
    assert_eq!(
        (arr.industry.as_str(), arr.stage.as_str()),
        ("saas", "series_a")
    );
    assert_eq!(
        store
            .relationship_data(acme.id, Page::default())
            .unwrap()
            .total,
        5
    );

    // Without a stage there is nothing to compare against.
    let bare = store
        .create_relationship(&NewRelationship::new("Bare", RelationshipType::Deal))
        .unwrap();
    assert!(
        onno_signals::fact_bands(&store, bare.id)
            .unwrap()
            .is_empty()
    );
}
