//! Search latency over a million transcript segments.
//!
//! `cargo bench -p onno-store --bench search` builds (once, cached under
//! `target/bench-data/`) a database of 1,000,000 segments whose words follow a Zipf
//! distribution over a mixed Korean/English vocabulary, as speech does, then times
//! top-20 searches with snippets for rare, medium and very common words and prints
//! p50/p95/p99 per class. Set `ONNO_BENCH_SEGMENTS` for a smaller run.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use onno_store::{MeetingType, NewMeeting, NewSegment, SearchQuery, SegmentSource, Store};

const SEGMENTS_PER_MEETING: usize = 600;
const VOCABULARY: usize = 30_000;
const ZIPF_EXPONENT: f64 = 1.05;
const QUERIES_PER_CLASS: usize = 30;
const RUNS_PER_QUERY: usize = 5;

/// A small deterministic generator, so every run builds the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// Word `rank` of the vocabulary: Korean (Hangul syllables, sometimes with a particle)
/// or English-like (consonant-vowel syllables), two to four syllables long.
fn word(rank: usize) -> String {
    let mut rng = Rng(rank as u64 * 2_654_435_761 + 1);
    let syllables = 2 + rng.below(3);
    if rank.is_multiple_of(3) {
        (0..syllables)
            .map(|_| char::from_u32(0xAC00 + rng.below(11_172) as u32).unwrap_or('가'))
            .collect()
    } else {
        const C: &[u8] = b"bcdfghjklmnprstvwz";
        const V: &[u8] = b"aeiou";
        (0..syllables)
            .flat_map(|_| [C[rng.below(C.len())] as char, V[rng.below(V.len())] as char])
            .collect()
    }
}

struct Zipf {
    cumulative: Vec<f64>,
}

impl Zipf {
    fn new(n: usize) -> Self {
        let mut total = 0.0;
        let cumulative = (1..=n)
            .map(|k| {
                total += 1.0 / (k as f64).powf(ZIPF_EXPONENT);
                total
            })
            .collect::<Vec<_>>();
        let last = total;
        Zipf {
            cumulative: cumulative.into_iter().map(|c| c / last).collect(),
        }
    }
    fn sample(&self, rng: &mut Rng) -> usize {
        let u = rng.unit();
        self.cumulative.partition_point(|&c| c < u)
    }
}

const PARTICLES: &[&str] = &["은", "는", "이", "가", "을", "를", "에서", "으로", "도"];

fn build(dir: &Path, segments: usize) -> Store {
    let store = Store::open(dir).expect("open bench store");
    let existing = store
        .list_meetings(&Default::default(), Default::default())
        .expect("list")
        .total;
    let wanted_meetings = segments.div_ceil(SEGMENTS_PER_MEETING) as u64;
    if existing == wanted_meetings {
        return store;
    }
    assert_eq!(
        existing,
        0,
        "stale bench database in {}: remove it",
        dir.display()
    );
    let zipf = Zipf::new(VOCABULARY);
    let vocabulary: Vec<String> = (0..VOCABULARY).map(word).collect();
    let mut rng = Rng(0x5eed);
    let started = Instant::now();
    let mut written = 0;
    for m in 0..wanted_meetings {
        let day = 1 + (m % 28);
        let month = 1 + (m / 28) % 12;
        let meeting = store
            .create_meeting(&NewMeeting::new(
                &format!("Meeting {m}"),
                MeetingType::ALL[m as usize % MeetingType::ALL.len()],
                &format!("2025-{month:02}-{day:02}T{:02}:00:00Z", m % 24),
            ))
            .expect("meeting");
        let count = SEGMENTS_PER_MEETING.min(segments - written);
        let batch: Vec<NewSegment> = (0..count)
            .map(|i| {
                let words = 6 + rng.below(20);
                let text = (0..words)
                    .map(|_| {
                        let rank = zipf.sample(&mut rng);
                        let w = &vocabulary[rank];
                        if rank.is_multiple_of(3) && rng.below(2) == 0 {
                            format!("{w}{}", PARTICLES[rng.below(PARTICLES.len())])
                        } else {
                            w.clone()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ");
                NewSegment {
                    meeting_id: meeting.id,
                    source: if i % 2 == 0 {
                        SegmentSource::Me
                    } else {
                        SegmentSource::Them
                    },
                    speaker: None,
                    text,
                    start_ms: i as i64 * 4_000,
                    end_ms: i as i64 * 4_000 + 3_500,
                    confidence: Some(0.9),
                    language: None,
                    is_final: true,
                }
            })
            .collect();
        store.add_segments(&batch).expect("segments");
        written += count;
        if m % 200 == 0 {
            eprintln!("  generated {written} segments ({:.0?})", started.elapsed());
        }
    }
    eprintln!("generated {written} segments in {:.1?}", started.elapsed());
    store
}

fn percentile(sorted: &[Duration], p: f64) -> Duration {
    let i = ((sorted.len() as f64 - 1.0) * p).round() as usize;
    sorted[i]
}

fn main() {
    let segments: usize = std::env::var("ONNO_BENCH_SEGMENTS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(1_000_000);
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../target"));
    let dir = target.join(format!("bench-data/search-{segments}"));
    let store = build(&dir, segments);

    // Word classes by Zipf rank: how often each is said.
    let classes: [(&str, std::ops::Range<usize>); 3] = [
        ("rare (rank 10k-30k)", 10_000..VOCABULARY),
        ("medium (rank 300-1k)", 300..1_000),
        ("very common (rank 1-30)", 1..30),
    ];
    println!(
        "search over {segments} segments, top 20 with snippets, {RUNS_PER_QUERY} runs x {QUERIES_PER_CLASS} words per class"
    );
    println!(
        "{:<26} {:>9} {:>9} {:>9} {:>12} {:>10}",
        "class", "p50", "p95", "p99", "matches(med)", "ranked by"
    );
    let mut rng = Rng(42);
    for (name, ranks) in classes {
        let mut times = Vec::new();
        let mut totals = Vec::new();
        let mut ranked = std::collections::BTreeSet::new();
        for _ in 0..QUERIES_PER_CLASS {
            let rank = ranks.start + rng.below(ranks.len());
            let query = SearchQuery::new(&word(rank));
            for _ in 0..RUNS_PER_QUERY {
                let started = Instant::now();
                let results = store.search(&query).expect("search");
                times.push(started.elapsed());
                totals.push(results.total);
                ranked.insert(format!("{:?}", results.ranked_by).to_lowercase());
            }
        }
        times.sort();
        totals.sort();
        println!(
            "{:<26} {:>7.1}ms {:>7.1}ms {:>7.1}ms {:>12} {:>10}",
            name,
            percentile(&times, 0.50).as_secs_f64() * 1e3,
            percentile(&times, 0.95).as_secs_f64() * 1e3,
            percentile(&times, 0.99).as_secs_f64() * 1e3,
            totals[totals.len() / 2],
            ranked.into_iter().collect::<Vec<_>>().join("/"),
        );
    }
}
