//! The ASR worker: one whisper engine shared by both sources, fed from a queue in which
//! finished utterances always come first and tentative re-decodings are only the latest
//! per source. When the worker falls behind, tentative updates thin out and stop, but
//! every utterance is transcribed and committed.

use std::borrow::Cow;
use std::collections::VecDeque;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::mpsc::Sender;
use std::sync::{Arc, Condvar, Mutex};
use std::time::{Duration, Instant};

use onno_asr::{
    AsrSegment, CancelHandle, ErrorKind, Language, SpeechGate, TranscribeOptions, Transcriber,
};
use onno_audio::SAMPLE_RATE;
use onno_signals::MeetingSignals;
use onno_store::{NewSegment, SegmentSource, Store};

use crate::agreement::{self, LocalAgreement};
use crate::assistant::Committed;
use crate::languages::Settling;
use crate::{LiveEvent, Problem};

/// Audio for the worker, from one source (a lane).
#[derive(Debug)]
pub(crate) struct Job {
    pub lane: usize,
    /// Stream index of `samples[0]`.
    pub start: u64,
    pub samples: Vec<f32>,
    pub kind: JobKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum JobKind {
    /// A closed utterance: everything in it not yet committed is committed now.
    /// `onset` and `speech_end` are where the detector heard its speech begin and end
    /// (no padding).
    Utterance { onset: u64, speech_end: u64 },
    /// The open utterance so far: decoded for tentative text and agreement.
    Growing,
}

/// The jobs waiting, finished utterances first.
#[derive(Default)]
pub(crate) struct Queue {
    state: Mutex<QueueState>,
    ready: Condvar,
    /// Stops a tentative decoding in progress when an utterance comes in.
    cancel: Option<CancelHandle>,
}

#[derive(Default)]
struct QueueState {
    utterances: VecDeque<Job>,
    growing: [Option<Job>; 2],
    running: Option<JobKind>,
    closed: bool,
}

impl Queue {
    pub fn new(cancel: Option<CancelHandle>) -> Self {
        Self {
            cancel,
            ..Self::default()
        }
    }

    pub fn push(&self, job: Job) {
        let mut s = self.lock();
        match job.kind {
            JobKind::Utterance { .. } => {
                // The utterance supersedes any re-decoding of its own audio, and goes
                // ahead of a tentative one in progress.
                if let Some(slot) = s.growing.get_mut(job.lane) {
                    *slot = None;
                }
                if s.running == Some(JobKind::Growing)
                    && let Some(cancel) = &self.cancel
                {
                    cancel.cancel();
                }
                s.utterances.push_back(job);
            }
            JobKind::Growing => {
                if let Some(slot) = s.growing.get_mut(job.lane) {
                    *slot = Some(job);
                }
            }
        }
        self.ready.notify_one();
    }

    /// Whether a tentative re-decoding would run soon: nothing else waits or runs.
    pub fn idle(&self) -> bool {
        let s = self.lock();
        s.running.is_none() && s.utterances.is_empty()
    }

    /// No more jobs will come; the worker finishes the utterances and ends.
    pub fn close(&self) {
        self.lock().closed = true;
        self.ready.notify_all();
    }

    fn next(&self) -> Option<Job> {
        let mut s = self.lock();
        s.running = None;
        loop {
            if let Some(job) = s.utterances.pop_front() {
                s.running = Some(job.kind);
                return Some(job);
            }
            if s.closed {
                return None;
            }
            if let Some(job) = s.growing.iter_mut().find_map(Option::take) {
                s.running = Some(job.kind);
                return Some(job);
            }
            s = self
                .ready
                .wait(s)
                .unwrap_or_else(|poisoned| poisoned.into_inner());
        }
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, QueueState> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// Where a lane's stream index 0 is.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LaneClock {
    pub source: SegmentSource,
    /// When sample 0 was captured.
    pub started: Instant,
    /// Sample 0 in meeting milliseconds.
    pub offset_ms: i64,
}

impl LaneClock {
    pub fn meeting_ms(&self, index: u64) -> i64 {
        self.offset_ms + stream_ms(index)
    }

    fn instant_of(&self, index: u64) -> Instant {
        self.started + Duration::from_micros(index * 1_000_000 / u64::from(SAMPLE_RATE))
    }
}

/// What the worker measured, for `onno record` and the benchmark.
#[derive(Debug, Default)]
pub struct Latencies {
    /// From the end of an utterance's audio to its committed row, ms.
    pub confirmed_ms: Mutex<Vec<u64>>,
    /// From the end of the audio decoded to the tentative text shown, ms.
    pub tentative_ms: Mutex<Vec<u64>>,
    /// Whisper calls made.
    pub calls: AtomicU64,
    /// Pieces of audio the speech gate heard no speech in, left undecoded.
    pub not_speech: AtomicU64,
    /// Pieces the speech gate could not judge (whisper.cpp failed to run Silero):
    /// decoded as speech, so nothing is lost to the gate.
    pub gate_failures: AtomicU64,
}

impl Latencies {
    /// Records the time since `since` in `list`, and returns it for the window.
    fn record(list: &Mutex<Vec<u64>>, since: Instant) -> u32 {
        let ms = since.elapsed().as_millis() as u64;
        list.lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
            .push(ms);
        u32::try_from(ms).unwrap_or(u32::MAX)
    }
}

pub(crate) struct Worker {
    pub transcriber: Box<dyn Transcriber>,
    pub options: TranscribeOptions,
    /// Silero, asked before each decoding whether the audio holds speech at all.
    pub gate: Option<SpeechGate>,
    /// Per lane: the stream samples `[start, end)` of the piece the gate last heard
    /// speech in. A piece that starts there and reaches at least as far holds that
    /// speech too, so a growing utterance is asked about once.
    pub gate_heard: Vec<Option<(u64, u64)>>,
    pub store: Arc<Store>,
    pub meeting_id: i64,
    pub clocks: Vec<LaneClock>,
    pub signals: Option<MeetingSignals>,
    /// Where committed segments go for the language model, when it is on.
    pub assistant: Option<tokio::sync::mpsc::UnboundedSender<Committed>>,
    pub events: Sender<LiveEvent>,
    pub latencies: Arc<Latencies>,
    /// Per lane: the stream index up to which text is committed.
    pub committed: Vec<u64>,
    pub agreement: Vec<LocalAgreement>,
    /// Rows that could not be committed yet (a full disk, say), retried on every job.
    pub unsaved: Vec<NewSegment>,
    /// Per lane, in "auto": the language detected for the utterance being spoken, so
    /// that its later tentative decodings and its commit are in the same language (and
    /// skip the detection's extra encoder pass).
    pub utterance_language: Vec<Option<String>>,
    /// In "auto": the speech heard per language until the meeting settles on one.
    pub settling: Option<Settling>,
    /// The language of the last committed line, which another takes over from only when
    /// clearly more probable.
    pub heard: Option<String>,
    /// Per lane: the language of its last committed line, which its tentative decodings
    /// run in (see [`tentative_options`]).
    pub lane_language: Vec<Option<String>>,
    /// Per lane: the end of what it committed last, which the next line must not repeat.
    pub lane_tail: Vec<Option<Tail>>,
}

/// The last words a lane committed, and where they ended in meeting milliseconds.
#[derive(Debug, Clone, Default)]
pub(crate) struct Tail {
    words: Vec<String>,
    end_ms: i64,
}

impl Tail {
    /// `before` followed by `rows`, cut to its last [`agreement::TAIL_WORDS`] words.
    fn after(before: Option<Tail>, rows: &[NewSegment]) -> Tail {
        let mut words = before.map(|t| t.words).unwrap_or_default();
        for row in rows {
            words.extend(agreement::words(&row.text));
        }
        let cut = words.len().saturating_sub(agreement::TAIL_WORDS);
        words.drain(..cut);
        Tail {
            words,
            end_ms: rows.last().map_or(0, |r| r.end_ms),
        }
    }
}

/// A line starting later than this after the lane's last one is new speech, whatever
/// words it starts with.
const JOIN_MS: i64 = 3_000;

/// Where a closed utterance's detector heard its speech, in stream milliseconds.
#[derive(Debug, Clone, Copy)]
struct Heard {
    onset_ms: i64,
    end_ms: i64,
}

fn stream_ms(sample: u64) -> i64 {
    (sample * 1000 / u64::from(SAMPLE_RATE)) as i64
}

/// Audio a detection must have heard for the rest of its utterance to keep its language.
const DETECTION_SAMPLES: usize = 3 * SAMPLE_RATE as usize;

impl Worker {
    /// Whether the gate (when Silero is installed) lets `audio`, starting at stream
    /// sample `start` of `lane`, be decoded.
    fn gate_hears_speech(&mut self, lane: usize, start: u64, audio: &[f32]) -> bool {
        let Some(gate) = self.gate.as_mut() else {
            return true;
        };
        let end = start + audio.len() as u64;
        if let Some(Some((from, to))) = self.gate_heard.get(lane)
            && *from == start
            && end >= *to
        {
            return true;
        }
        match gate.holds_speech(audio) {
            Ok(heard) => {
                if heard && let Some(slot) = self.gate_heard.get_mut(lane) {
                    *slot = Some((start, end));
                }
                heard
            }
            Err(e) => {
                self.latencies.gate_failures.fetch_add(1, Ordering::Relaxed);
                tracing::warn!(error = %e, "Silero could not judge a piece of audio; it is decoded as speech");
                true
            }
        }
    }

    pub fn run(mut self, queue: &Queue) {
        // whisper.cpp's first call (language detection above all) sets up buffers and
        // takes seconds; pay for it now rather than on the first words. The meeting is
        // already running: audio queues up meanwhile and nothing is lost.
        let silence = vec![0.0; SAMPLE_RATE as usize];
        let _ = self.transcriber.transcribe(&silence, 0, &self.options);
        while let Some(job) = queue.next() {
            self.job(job);
        }
        self.retry_unsaved();
    }

    fn job(&mut self, job: Job) {
        self.retry_unsaved();
        let Some(clock) = self.clocks.get(job.lane).copied() else {
            return;
        };
        // Audio whose text is already committed is not decoded again.
        let skip = self.committed[job.lane].saturating_sub(job.start) as usize;
        let Some(audio) = job.samples.get(skip..).filter(|a| a.len() >= 1_600) else {
            if let JobKind::Utterance { .. } = job.kind {
                self.agreement[job.lane].reset();
            }
            return;
        };
        let start = job.start + skip as u64;
        let end = start + audio.len() as u64;
        if !self.gate_hears_speech(job.lane, start, audio) {
            self.latencies.not_speech.fetch_add(1, Ordering::Relaxed);
            if let JobKind::Utterance { .. } = job.kind {
                // Nothing of it becomes text, tentative text included.
                self.agreement[job.lane].reset();
                self.utterance_language[job.lane] = None;
                self.committed[job.lane] = end;
                self.clear_tentative(clock, end);
            }
            return;
        }
        let offset_ms = stream_ms(start);
        self.latencies.calls.fetch_add(1, Ordering::Relaxed);
        let known = self
            .utterance_language
            .get(job.lane)
            .and_then(Option::as_deref);
        let lane_language = self.lane_language.get(job.lane).and_then(Option::as_deref);
        let options = match job.kind {
            JobKind::Growing => tentative_options(&self.options, known.or(lane_language))
                .map(Cow::Owned)
                .unwrap_or_else(|| options_for(&self.options, known, self.heard.as_deref())),
            JobKind::Utterance { .. } => options_for(&self.options, known, self.heard.as_deref()),
        };
        let detects = options.language == Language::Auto;
        let found = match self.transcriber.transcribe(audio, offset_ms, &options) {
            Ok(found) => found,
            // A tentative decoding stopped for an utterance: nothing went wrong.
            Err(e) if e.kind() == ErrorKind::Cancelled => return,
            Err(e) => {
                self.send(LiveEvent::Problem {
                    problem: Problem::Transcription(e.to_string()),
                });
                return;
            }
        };
        let found: Vec<AsrSegment> = found
            .into_iter()
            .filter(|s| !s.text.trim().is_empty())
            .collect();
        if detects
            && audio.len() >= DETECTION_SAMPLES
            && let (Some(first), Some(slot)) =
                (found.first(), self.utterance_language.get_mut(job.lane))
        {
            *slot = Some(first.language.clone());
        }
        match job.kind {
            JobKind::Utterance { onset, speech_end } => {
                self.agreement[job.lane].reset();
                // The next utterance may be in another language.
                self.utterance_language[job.lane] = None;
                self.committed[job.lane] = end;
                if found.is_empty() {
                    self.clear_tentative(clock, end);
                    return;
                }
                let heard = Heard {
                    onset_ms: stream_ms(onset.max(start)),
                    end_ms: stream_ms(speech_end.max(start)),
                };
                self.commit(job.lane, found, Some(heard), clock.instant_of(speech_end));
            }
            JobKind::Growing => {
                let confirmed = self.agreement[job.lane].next(found);
                if let Some(last) = confirmed.last() {
                    let upto = (last.end_ms.max(0) as u64) * u64::from(SAMPLE_RATE) / 1000;
                    self.committed[job.lane] = upto.clamp(start, end);
                    self.commit(job.lane, confirmed, None, clock.instant_of(end));
                }
                let text = self.agreement[job.lane].tentative_text();
                let lag_ms = Latencies::record(&self.latencies.tentative_ms, clock.instant_of(end));
                self.send(LiveEvent::Tentative {
                    source: clock.source,
                    start_ms: clock.meeting_ms(self.committed[job.lane].max(start)),
                    text,
                    lag_ms,
                });
            }
        }
    }

    /// Counts the committed rows' speech per language; writes the meeting's language
    /// to its row once one has been heard long enough.
    fn settle(&mut self, rows: &[NewSegment]) {
        let Some(settling) = self.settling.as_mut() else {
            return;
        };
        for row in rows {
            let language = row.language.as_deref().unwrap_or_default();
            if let Some(code) = settling.heard(language, row.end_ms - row.start_ms)
                && let Err(e) = self.store.set_meeting_language(self.meeting_id, &code)
            {
                let _ = self.events.send(LiveEvent::Problem {
                    problem: Problem::Storage(e.to_string()),
                });
            }
        }
    }

    /// Commits `segments` (times in stream ms) and only then shows them. A closed
    /// utterance's lines span the speech its detector heard: the first starts where the
    /// speech began and the last ends no earlier than where it ended, the detector
    /// being sharper than whisper's timestamps. How much was said is read from these
    /// spans (the assistant waits for enough new speech), so they must not shrink to
    /// whatever a model's timestamps happen to say.
    fn commit(
        &mut self,
        lane: usize,
        segments: Vec<AsrSegment>,
        heard: Option<Heard>,
        audio_end: Instant,
    ) {
        let clock = self.clocks[lane];
        let mut segments = segments;
        if let Some(Some(tail)) = self.lane_tail.get(lane)
            && segments
                .first()
                .is_some_and(|s| clock.offset_ms + s.start_ms <= tail.end_ms + JOIN_MS)
        {
            agreement::drop_repeated_join(&tail.words, &mut segments);
        }
        let mut rows = Vec::with_capacity(segments.len());
        let mut floor = heard.map_or(0, |h| h.onset_ms);
        let last = segments.len().saturating_sub(1);
        for (i, s) in segments.into_iter().enumerate() {
            let start = match (i, heard) {
                (0, Some(h)) => h.onset_ms,
                _ => s.start_ms.max(floor),
            };
            let end = match (i == last, heard) {
                (true, Some(h)) => s.end_ms.max(h.end_ms),
                _ => s.end_ms,
            }
            .max(start);
            floor = end;
            rows.push(NewSegment {
                meeting_id: self.meeting_id,
                source: clock.source,
                speaker: None,
                text: s.text.trim().to_owned(),
                start_ms: clock.offset_ms + start,
                end_ms: clock.offset_ms + end,
                confidence: Some(f64::from(s.confidence)),
                language: Some(s.language),
                // Live text: a final pass may replace it.
                is_final: false,
            });
        }
        if rows.is_empty() {
            return;
        }
        match self.store.add_segments(&rows) {
            Ok(ids) => {
                let lag_ms = Latencies::record(&self.latencies.confirmed_ms, audio_end);
                self.settle(&rows);
                if let Some(slot) = self.lane_tail.get_mut(lane) {
                    *slot = Some(Tail::after(slot.take(), &rows));
                }
                if let Some(language) = rows.last().and_then(|r| r.language.clone()) {
                    if let Some(slot) = self.lane_language.get_mut(lane) {
                        *slot = Some(language.clone());
                    }
                    self.heard = Some(language);
                }
                self.show(&ids, Some(lag_ms));
            }
            Err(e) => {
                self.send(LiveEvent::Problem {
                    problem: Problem::Storage(e.to_string()),
                });
                self.unsaved.extend(rows);
            }
        }
    }

    fn retry_unsaved(&mut self) {
        if self.unsaved.is_empty() {
            return;
        }
        if let Ok(ids) = self.store.add_segments(&self.unsaved) {
            self.unsaved.clear();
            // How long each waited is not known: no lag is reported for them.
            self.show(&ids, None);
        }
    }

    fn show(&mut self, ids: &[i64], lag_ms: Option<u32>) {
        for id in ids {
            let Ok(segment) = self.store.segment(*id) else {
                continue;
            };
            let found = self
                .signals
                .as_mut()
                .map(|s| s.on_segment(&segment))
                .unwrap_or_default();
            // The checklist is copied only for someone who reads it.
            let checklist = || {
                self.signals
                    .as_ref()
                    .map(MeetingSignals::checklist)
                    .unwrap_or_default()
            };
            if let Some(assistant) = &self.assistant {
                let _ = assistant.send(Committed {
                    segment: segment.clone(),
                    checklist: checklist(),
                });
            }
            self.send(LiveEvent::Segment { segment, lag_ms });
            // A covered checklist item is news even with nothing else heard.
            if !found.is_empty() {
                let heard = crate::heard(&self.store, &found);
                let checklist = checklist();
                self.send(LiveEvent::Signals { heard, checklist });
            }
        }
    }

    /// Takes a lane's tentative text away when its utterance ends without a line (no
    /// speech in it, or nothing whisper kept), which no segment would otherwise replace.
    fn clear_tentative(&self, clock: LaneClock, end: u64) {
        let lag = clock.instant_of(end).elapsed().as_millis();
        self.send(LiveEvent::Tentative {
            source: clock.source,
            start_ms: clock.meeting_ms(end),
            text: String::new(),
            lag_ms: u32::try_from(lag).unwrap_or(u32::MAX),
        });
    }

    fn send(&self, event: LiveEvent) {
        let _ = self.events.send(event);
    }
}

/// The options of a tentative decoding: the encoder fitted to its audio, about five
/// times faster than a padded window on a CPU, and no language detection, whose padded
/// pass would cost what fitting saves. In "auto" it decodes in `known` (the language
/// detected for the utterance, else the lane's last line's). `None` while a lane has
/// said nothing yet in "auto": it decodes as an utterance does, padded, and detects. The
/// utterance's own decoding, padded, detects as always and writes the line: fitted,
/// lines came out a little faster (confirmed p50 0.6-0.9 s instead of 1.7-2.1 s) but lost
/// words (tiny.en heard "eighteen months" as "19 months"; a real Korean sentence lost
/// three of its 19 characters).
fn tentative_options(
    options: &TranscribeOptions,
    known: Option<&str>,
) -> Option<TranscribeOptions> {
    let language = match (&options.language, known) {
        (Language::Auto, Some(code)) => Language::Code(code.to_owned()),
        (Language::Auto, None) => return None,
        (language, _) => language.clone(),
    };
    Some(TranscribeOptions {
        language,
        fit_encoder_to_audio: true,
        ..options.clone()
    })
}

/// The options of an utterance's decoding: in "auto", the language already detected for
/// the utterance being spoken (`known`), when there is one, else detection leaning on the
/// language of the last line committed (`heard`).
fn options_for<'a>(
    options: &'a TranscribeOptions,
    known: Option<&str>,
    heard: Option<&str>,
) -> Cow<'a, TranscribeOptions> {
    if options.language != Language::Auto {
        return Cow::Borrowed(options);
    }
    match (known, heard) {
        (Some(code), _) => Cow::Owned(TranscribeOptions {
            language: Language::Code(code.to_owned()),
            ..options.clone()
        }),
        (None, Some(heard)) => Cow::Owned(TranscribeOptions {
            heard_language: Some(heard.to_owned()),
            ..options.clone()
        }),
        (None, None) => Cow::Borrowed(options),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn auto() -> TranscribeOptions {
        TranscribeOptions {
            spoken_languages: vec!["ko".into(), "en".into()],
            ..TranscribeOptions::default()
        }
    }

    #[test]
    fn tentative_decodings_fit_the_encoder_in_the_language_known_for_the_lane() {
        let auto = auto();
        let options = tentative_options(&auto, Some("en")).unwrap();
        assert!(options.fit_encoder_to_audio);
        assert_eq!(options.language, Language::Code("en".into()));

        let fixed = TranscribeOptions {
            language: Language::Code("ko".into()),
            ..TranscribeOptions::default()
        };
        let options = tentative_options(&fixed, Some("en")).unwrap();
        assert!(options.fit_encoder_to_audio);
        assert_eq!(
            options.language,
            Language::Code("ko".into()),
            "the user's choice wins"
        );
    }

    #[test]
    fn a_lane_that_said_nothing_yet_detects_its_language_on_a_padded_window() {
        let auto = auto();
        assert!(tentative_options(&auto, None).is_none());
    }

    #[test]
    fn an_utterance_is_decoded_padded_and_detects_its_language() {
        let auto = auto();
        let options = options_for(&auto, None, Some("en"));
        assert!(!options.fit_encoder_to_audio);
        assert_eq!(options.language, Language::Auto);
        assert_eq!(options.heard_language.as_deref(), Some("en"));
    }
}
