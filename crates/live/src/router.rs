//! The router: takes both sources' captured frames in arrival order, records them,
//! finds utterances, checks the microphone's for echo of the call, and queues the
//! speech for the ASR worker. It also watches the meeting's health and when to stop.

use std::ops::Range;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError, Sender};
use std::time::{Duration, Instant};

use onno_audio::{
    CaptureEvent, GapReason, Level, LevelMeter, SAMPLE_RATE, SourceKind, Span, Utterances,
    VadConfig, VoiceDetector, WavRecorder,
};

use crate::assistant::HeardVoice;
use crate::echo::{self, EchoConfig};
use crate::history::History;
use crate::worker::{Job, JobKind, LaneClock, Queue};
use crate::{LEVELS_PER_SECOND, LiveEvent, Problem, SourceLevel, StopReason};

/// Audio kept per source: a capped utterance (30 s), its padding, and the echo
/// look-back, with room to spare.
const HISTORY_SECONDS: usize = 45;

/// The longest a microphone utterance waits for the call's audio before the echo check
/// goes ahead with what has arrived (a call source that stalls must not hold up "me").
const REFERENCE_WAIT: Duration = Duration::from_secs(1);

/// One source's path from frames to jobs.
pub(crate) struct Lane {
    pub kind: SourceKind,
    pub clock: LaneClock,
    vad: Box<dyn VoiceDetector>,
    utterances: Utterances,
    spans: Vec<Span>,
    done: Vec<Span>,
    /// Raw speech (unpadded) not yet in a finished utterance.
    speech: Vec<Span>,
    history: History,
    recorder: Option<WavRecorder>,
    last_speech: Instant,
    last_growing: Instant,
    meter: LevelMeter,
    /// The meter's newest reading, not yet sent.
    level: Option<Level>,
}

impl Lane {
    /// A lane finding speech with `detector` (Silero when installed, else the energy
    /// detector), padding and capping it as `vad` says.
    pub fn new(
        kind: SourceKind,
        clock: LaneClock,
        detector: Box<dyn VoiceDetector>,
        vad: &VadConfig,
        recorder: Option<WavRecorder>,
    ) -> Self {
        Self {
            kind,
            clock,
            vad: detector,
            utterances: Utterances::new(vad),
            spans: Vec::new(),
            done: Vec::new(),
            speech: Vec::new(),
            history: History::new(HISTORY_SECONDS * SAMPLE_RATE as usize),
            recorder,
            last_speech: Instant::now(),
            last_growing: Instant::now(),
            meter: LevelMeter::new(1000 / LEVELS_PER_SECOND),
            level: None,
        }
    }
}

pub(crate) struct Router {
    pub lanes: Vec<Lane>,
    pub queue: std::sync::Arc<Queue>,
    pub events: Sender<LiveEvent>,
    pub echo: EchoConfig,
    pub pad: u64,
    pub growing_every: Duration,
    pub silence_stop: Option<Duration>,
    pub max_duration: Option<Duration>,
    pub started: Instant,
    /// When speech was last heard on either side, for the assistant's pauses.
    pub voice: std::sync::Arc<HeardVoice>,
    /// Microphone utterances waiting for the call's audio of the same moment, since when.
    pub waiting: Vec<(Job, Instant)>,
    /// When the last [`LiveEvent::Levels`] went out.
    pub levels_sent: Option<Instant>,
}

impl Router {
    /// Runs until told to stop, a limit is reached, or every source is gone for good.
    pub fn run(&mut self, captured: &Receiver<CaptureEvent>, stop: &AtomicBool) -> StopReason {
        loop {
            if stop.load(Ordering::Relaxed) {
                return StopReason::Requested;
            }
            if self
                .max_duration
                .is_some_and(|max| self.started.elapsed() >= max)
            {
                return StopReason::MaxDuration;
            }
            if let Some(limit) = self.silence_stop
                && self.lanes.iter().all(|l| l.last_speech.elapsed() >= limit)
            {
                return StopReason::Silence;
            }
            match captured.recv_timeout(Duration::from_millis(50)) {
                Ok(event) => self.on_capture(event),
                // No audio at all for a moment: a wait for the call's audio may be over.
                Err(RecvTimeoutError::Timeout) => self.release_waiting(false),
                Err(RecvTimeoutError::Disconnected) => return StopReason::Requested,
            }
        }
    }

    /// Takes what the stopped captures still sent, and closes every utterance.
    pub fn finish(&mut self, captured: &Receiver<CaptureEvent>) {
        while let Ok(event) = captured.try_recv() {
            self.on_capture(event);
        }
        for i in 0..self.lanes.len() {
            let lane = &mut self.lanes[i];
            lane.vad.finish(&mut lane.spans);
            let end = lane.history.end();
            self.take_spans(i);
            let lane = &mut self.lanes[i];
            lane.utterances.finish(end, &mut lane.done);
            self.take_done(i);
            if let Some(recorder) = self.lanes[i].recorder.take()
                && let Err(e) = recorder.finish()
            {
                self.problem(Problem::Recording(e.to_string()));
            }
        }
        self.release_waiting(true);
    }

    fn on_capture(&mut self, event: CaptureEvent) {
        match event {
            CaptureEvent::Audio { kind, frame } => {
                if let Some(i) = self.lane_of(kind) {
                    self.on_audio(i, &frame.samples);
                }
            }
            CaptureEvent::Opened {
                kind,
                device,
                sample_rate,
                channels,
            } => self.send(LiveEvent::DeviceOpened {
                source: self.label(kind),
                device,
                sample_rate,
                channels,
            }),
            CaptureEvent::Lost {
                kind,
                device,
                reason,
            } => self.send(LiveEvent::DeviceLost {
                source: self.label(kind),
                device,
                reason,
            }),
            CaptureEvent::Gap {
                kind,
                at,
                samples,
                reason,
            } => {
                if let Some(i) = self.lane_of(kind) {
                    let clock = self.lanes[i].clock;
                    self.send(LiveEvent::Gap {
                        source: clock.source,
                        start_ms: clock.meeting_ms(at),
                        end_ms: clock.meeting_ms(at + samples),
                        overrun: reason == GapReason::Overrun,
                    });
                }
            }
            CaptureEvent::AllZeros { kind, seconds } => self.send(LiveEvent::Silent {
                source: self.label(kind),
                seconds,
            }),
        }
    }

    fn on_audio(&mut self, i: usize, samples: &[f32]) {
        let lane = &mut self.lanes[i];
        if let Some(recorder) = lane.recorder.as_mut()
            && let Err(e) = recorder.write(samples)
        {
            // Transcription goes on without the recording; the user is told once.
            lane.recorder = None;
            self.problem(Problem::Recording(e.to_string()));
        }
        let lane = &mut self.lanes[i];
        if let Some(level) = lane.meter.push(samples) {
            lane.level = Some(level);
        }
        self.maybe_send_levels();
        let lane = &mut self.lanes[i];
        lane.history.push(samples);
        lane.vad.push(samples, &mut lane.spans);
        if lane.vad.speaking() {
            self.voice.note(lane.clock.meeting_ms(lane.vad.position()));
        }
        self.take_spans(i);
        let lane = &mut self.lanes[i];
        let earliest = lane
            .vad
            .pending_start()
            .unwrap_or_else(|| lane.vad.position());
        lane.utterances.flush_before(earliest, &mut lane.done);
        self.take_done(i);
        self.maybe_growing(i);
        self.release_waiting(false);
    }

    fn take_spans(&mut self, i: usize) {
        let pad = self.pad;
        let lane = &mut self.lanes[i];
        let mut last_end = None;
        for span in lane.spans.drain(..) {
            self.voice.note(lane.clock.meeting_ms(span.end));
            lane.speech.push(span);
            lane.last_speech = Instant::now();
            lane.utterances.push(span, &mut lane.done);
            last_end = Some(span.end);
        }
        // A span the detector closed on silence has its trailing padding captured
        // already; one it cut at the length cap while speech goes on may not.
        if last_end.is_some_and(|end| end + pad <= lane.history.end()) {
            // Live, an utterance goes to whisper as soon as its speech ends, rather
            // than waiting to see whether the next words could share its window.
            lane.utterances.flush(&mut lane.done);
        }
    }

    /// Queues each finished utterance, unless it is the call's echo in the microphone.
    fn take_done(&mut self, i: usize) {
        let done: Vec<Span> = self.lanes[i].done.drain(..).collect();
        for u in done {
            let lane = &mut self.lanes[i];
            let heard = lane
                .speech
                .iter()
                .filter(|s| s.start < u.end && s.end > u.start);
            let onset = heard
                .clone()
                .map(|s| s.start)
                .min()
                .unwrap_or(u.start)
                .max(u.start);
            let speech_end = heard.map(|s| s.end).max().unwrap_or(u.end).min(u.end);
            lane.speech.retain(|s| s.end > u.end);
            let (start, samples) = lane.history.range(u.start, u.end);
            let job = Job {
                lane: i,
                start,
                samples,
                kind: JobKind::Utterance { onset, speech_end },
            };
            if self.reference_pending(i, start, job.samples.len()) {
                self.waiting.push((job, Instant::now()));
            } else {
                self.check_and_queue(job);
            }
        }
    }

    /// Queues a finished utterance, or drops it as the call's echo.
    fn check_and_queue(&mut self, job: Job) {
        if self.is_echo(job.lane, job.start, &job.samples) {
            let clock = self.lanes[job.lane].clock;
            self.send(LiveEvent::EchoSuppressed {
                start_ms: clock.meeting_ms(job.start),
                end_ms: clock.meeting_ms(job.start + job.samples.len() as u64),
            });
            return;
        }
        self.lanes[job.lane].last_growing = Instant::now();
        self.queue.push(job);
    }

    /// Decides on the microphone utterances that waited for the call's audio: those it
    /// has now reached, those that waited [`REFERENCE_WAIT`], or all of them (`all`).
    fn release_waiting(&mut self, all: bool) {
        for (job, since) in std::mem::take(&mut self.waiting) {
            let ready = all
                || since.elapsed() >= REFERENCE_WAIT
                || !self.reference_pending(job.lane, job.start, job.samples.len());
            if ready {
                self.check_and_queue(job);
            } else {
                self.waiting.push((job, since));
            }
        }
    }

    /// Whether the echo check of microphone audio at `start` must still wait for the
    /// system audio it is compared with. The two sources arrive on their own threads,
    /// and under load the call's audio can be a few hundred milliseconds behind: judged
    /// early, the echo would be compared with silence and let through as "me". The
    /// wait covers the longest delay after the microphone's audio too: without it, the
    /// very delay at which the call reaches the microphone can be the one not compared.
    fn reference_pending(&self, i: usize, start: u64, len: usize) -> bool {
        self.echo_reference(i, start, len)
            .is_some_and(|(system, range)| (system.history.end() as i64) < range.end)
    }

    /// When lane `i` is the microphone and echo is checked: the system lane, and the
    /// samples of it that the microphone's `len` samples from `start` are compared
    /// with, in its own indices: from the longest delay before to the longest after.
    fn echo_reference(&self, i: usize, start: u64, len: usize) -> Option<(&Lane, Range<i64>)> {
        let lane = &self.lanes[i];
        if lane.kind != SourceKind::Mic || !self.echo.enabled {
            return None;
        }
        let system = self.lanes.iter().find(|l| l.kind == SourceKind::System)?;
        let at_ms = lane.clock.meeting_ms(start) - system.clock.offset_ms;
        let sr = i64::from(SAMPLE_RATE);
        let max = i64::from(self.echo.max_delay_ms);
        let from = (at_ms - max) * sr / 1000;
        let to = (at_ms + max) * sr / 1000 + len as i64;
        Some((system, from..to))
    }

    /// Sends the sources' newest readings, no more often than [`LEVELS_PER_SECOND`].
    /// The router is past the capture threads' rings, so a slow window never holds up
    /// capture; the channel to the window does not block either.
    fn maybe_send_levels(&mut self) {
        let every = Duration::from_secs(1) / LEVELS_PER_SECOND;
        if self.levels_sent.is_some_and(|at| at.elapsed() < every) {
            return;
        }
        let levels: Vec<SourceLevel> = self
            .lanes
            .iter_mut()
            .filter_map(|lane| {
                let level = lane.level.take()?;
                Some(SourceLevel {
                    source: lane.clock.source,
                    level,
                })
            })
            .collect();
        if levels.is_empty() {
            return;
        }
        self.levels_sent = Some(Instant::now());
        self.send(LiveEvent::Levels { levels });
    }

    /// Every `growing_every` of open speech, when the worker has nothing better to do,
    /// the utterance so far is decoded for tentative text.
    fn maybe_growing(&mut self, i: usize) {
        let lane = &self.lanes[i];
        let Some(open) = lane.vad.pending_start() else {
            return;
        };
        let end = lane.history.end();
        if end.saturating_sub(open) < u64::from(SAMPLE_RATE)
            || lane.last_growing.elapsed() < self.growing_every
            || !self.queue.idle()
        {
            return;
        }
        let from = lane
            .utterances
            .pending_start()
            .unwrap_or(open.saturating_sub(self.pad));
        let (start, samples) = lane
            .history
            .range(from.min(open.saturating_sub(self.pad)), end);
        if self.reference_pending(i, start, samples.len()) || self.is_echo(i, start, &samples) {
            return;
        }
        self.lanes[i].last_growing = Instant::now();
        self.queue.push(Job {
            lane: i,
            start,
            samples,
            kind: JobKind::Growing,
        });
    }

    /// Whether microphone audio at `start` is the call's audio heard through the room.
    fn is_echo(&self, i: usize, start: u64, mic: &[f32]) -> bool {
        let Some((system, range)) = self.echo_reference(i, start, mic.len()) else {
            return false;
        };
        // Where the system lane has no audio (before it started, or not yet arrived),
        // it counts as silence.
        let (got_from, got) = system
            .history
            .range(range.start.max(0) as u64, range.end.max(0) as u64);
        let lead = usize::try_from(got_from as i64 - range.start).unwrap_or(0);
        let mut reference = vec![0.0; lead];
        reference.extend(got);
        echo::compare(mic, &reference, &self.echo).is_some_and(|b| b.is_echo(&self.echo))
    }

    fn lane_of(&self, kind: SourceKind) -> Option<usize> {
        self.lanes.iter().position(|l| l.kind == kind)
    }

    fn label(&self, kind: SourceKind) -> onno_store::SegmentSource {
        crate::source_label(kind)
    }

    fn problem(&self, problem: Problem) {
        self.send(LiveEvent::Problem { problem });
    }

    fn send(&self, event: LiveEvent) {
        let _ = self.events.send(event);
    }
}
