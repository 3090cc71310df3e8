//! Synthetic meetings of any length, shared by the tests and the `llm` bench.

use onno_store::{NewSegment, SegmentSource, Store, StoreError};

/// Adds `n` final segments of 3.5 s, one every 4 s (150 is ten minutes, 2,700 three
/// hours), alternating sides, a third in Korean.
pub fn long_meeting(store: &Store, id: i64, n: usize) -> Result<(), StoreError> {
    let segments: Vec<NewSegment> = (0..n)
        .map(|i| NewSegment {
            meeting_id: id,
            source: if i % 2 == 0 {
                SegmentSource::Them
            } else {
                SegmentSource::Me
            },
            speaker: None,
            text: if i % 3 == 0 {
                format!("구간 {i}: 고객 이탈률과 영업 파이프라인에 대해 이야기했습니다.")
            } else {
                format!("Part {i}: we talked about churn, the sales pipeline and hiring plans.")
            },
            start_ms: i as i64 * 4_000,
            end_ms: i as i64 * 4_000 + 3_500,
            confidence: None,
            language: None,
            is_final: true,
        })
        .collect();
    store.add_segments(&segments)?;
    Ok(())
}
