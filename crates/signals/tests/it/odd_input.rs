//! Nothing a transcript can hold makes the signals panic.

use onno_signals::{Detector, MetricKey, Signal, spot_metrics};
use onno_store::Segment;

use crate::{meeting, signals, test_store};

const ODD: &[&str] = &[
    "",
    " ",
    "\n\t",
    "😀🚀💸🔥",
    "MRR 😀 $ 억",
    "999999999999999999999억",
    "MRR은 999999999999999999999억이에요",
    "runway 99999999999999999999999999999999999999 months",
    "$1e309 ARR",
    "CAC is $-5",
    "churn -3%",
    "%%% $$$ ₩₩₩ 억억억 만만만",
    "\u{0}\u{1}\u{7f}\u{feff}\u{200b}",
    "ＭＲＲ　１２３万",
    "مرحبا ٣٠٪",
    "🇰🇷 매출 🇺🇸 revenue",
    "1.2.3.4.5.6 1,2,3 1,,000 ..5 5..",
    "런웨이는?",
    "?????",
    "MRR이",
    "이탈률이 100000000000000000000000000000000000000000000000000%",
    "밖에 안 없 않 아니 못",
    "n't 's 're of in by to is",
    "churn isn't",
    "isn't 5%",
    "5% of",
    "5% in",
    "10% of the",
    "의 을 를 은 는 이 가",
    "풀을 12%로,,,;;; 이탈은",
    "MRR's $50K's",
    "'s 3%",
    "고 데 요 며",
    "’’’ ''' %고 $의",
    "churn is 3% 밖에 not 안 돼요 which 고",
];

fn segment(id: i64, meeting_id: i64, text: &str) -> Segment {
    Segment {
        id,
        meeting_id,
        source: onno_store::SegmentSource::Me,
        speaker: None,
        text: text.to_owned(),
        start_ms: id * 1_000,
        end_ms: id * 1_000 + 500,
        confidence: None,
        language: None,
        is_final: true,
        edited: false,
        created_at: "2026-11-02T10:00:00Z".to_owned(),
    }
}

#[test]
fn odd_strings_never_panic_and_spans_stay_in_the_text() {
    let store = test_store();
    let (meeting_id, _) = meeting(&store, Some(("saas", "seed")));
    let mut live = signals(&store, meeting_id);
    let huge = "매출 1억 MRR $50K churn 3% 런웨이 18개월 ".repeat(400);
    let mut texts: Vec<&str> = ODD.to_vec();
    texts.push(&huge);
    for (i, text) in texts.iter().enumerate() {
        for m in spot_metrics(text) {
            assert!(m.value.is_finite(), "{text:?}");
            assert_eq!(
                text.get(m.span.start as usize..m.span.end as usize),
                Some(m.quote.as_str())
            );
        }
        for signal in live.on_segment(&segment(i as i64 + 1, meeting_id, text)) {
            if let Signal::MetricSpotted { data: Some(d), .. } = signal {
                // Whatever was heard can be stored.
                store.add_relationship_data(&d).unwrap();
            }
        }
    }
}

#[test]
fn a_detector_without_checklist_or_glossary_still_spots_metrics() {
    let detector = Detector::new(&[], &[]);
    assert!(!detector.has_checklist());
    let found = detector.detect("runway 18 months", &[]);
    assert_eq!(found.metrics[0].key, MetricKey::Runway);
    assert!(found.checklist.is_empty() && found.glossary.is_empty());
    // An open question with nothing to answer it is fine too.
    let found = detector.detect("", &[MetricKey::Runway]);
    assert!(found.metrics.is_empty());
}
