//! The language model during a meeting: question suggestions on a pause after new
//! speech (a pause the voice detectors hear, not one in the transcript), and action
//! items every few minutes. It runs on its own thread with its own async runtime, fed
//! the committed segments, so a slow or failing model never holds up capture or
//! transcription; a call still in flight when the meeting stops is abandoned (the
//! after-meeting analysis covers the whole transcript anyway).

use std::sync::Arc;
use std::sync::atomic::{AtomicI64, Ordering};
use std::sync::mpsc::Sender;
use std::thread::JoinHandle;
use std::time::{Duration, Instant};

use onno_assist::{ActionExtractor, AssistError, ContextBudget, QuestionSuggester, TriggerConfig};
use onno_llm::{LlmClient, LlmErrorKind};
use onno_signals::ChecklistProgress;
use onno_store::{Segment, Store};
use tokio::sync::{Notify, mpsc};

use crate::{LiveEvent, Problem};

/// How the model is used during a meeting. Whether it may be used at all is read from
/// the settings and the meeting's own switch before every call, so switching it off
/// mid-meeting takes effect at once.
#[derive(Clone)]
pub struct AssistantConfig {
    pub client: Arc<LlmClient>,
    /// The async runtime to run on. The app passes its own, so the client's pooled
    /// connections live on one runtime for the whole app; `None` makes a runtime for
    /// the meeting, shut down (without waiting on a lookup in flight) when it ends.
    pub runtime: Option<tokio::runtime::Handle>,
    pub trigger: TriggerConfig,
    pub budget: ContextBudget,
    /// Least meeting time between two action item extractions. Default 2 minutes.
    pub actions_every: Duration,
}

impl AssistantConfig {
    pub fn new(client: Arc<LlmClient>) -> Self {
        Self {
            client,
            runtime: None,
            trigger: TriggerConfig::default(),
            budget: ContextBudget::default(),
            actions_every: Duration::from_secs(120),
        }
    }
}

impl std::fmt::Debug for AssistantConfig {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("AssistantConfig")
            .field("model", &self.client.config().settings.model)
            .field("trigger", &self.trigger)
            .field("budget", &self.budget)
            .field("actions_every", &self.actions_every)
            .finish()
    }
}

/// A committed segment and the checklist as it stood after it.
pub(crate) struct Committed {
    pub segment: Segment,
    pub checklist: Vec<ChecklistProgress>,
}

/// The latest meeting time (ms) at which either source's voice detector heard speech.
/// The router writes it as audio arrives, seconds before that speech is transcribed;
/// the assistant reads it so that a pause is a pause in what is said, not in what has
/// been transcribed.
#[derive(Debug)]
pub(crate) struct HeardVoice(AtomicI64);

impl HeardVoice {
    pub fn new() -> Self {
        Self(AtomicI64::new(i64::MIN))
    }

    pub fn note(&self, meeting_ms: i64) {
        self.0.fetch_max(meeting_ms, Ordering::Relaxed);
    }

    pub fn until_ms(&self) -> Option<i64> {
        Some(self.0.load(Ordering::Relaxed)).filter(|&ms| ms != i64::MIN)
    }
}

/// The running assistant: the ASR worker feeds it through [`feeder`](Self::feeder);
/// [`stop`](Self::stop) ends it without waiting for a call in flight.
pub(crate) struct Assistant {
    heard: mpsc::UnboundedSender<Committed>,
    stop: Arc<Notify>,
    thread: Option<JoinHandle<()>>,
}

/// How often the assistant looks at the clock for a pause.
const TICK: Duration = Duration::from_millis(250);

impl Assistant {
    pub fn start(
        config: AssistantConfig,
        store: Arc<Store>,
        meeting_id: i64,
        zero: Instant,
        voice: Arc<HeardVoice>,
        events: Sender<LiveEvent>,
    ) -> std::io::Result<Self> {
        let (heard, inbox) = mpsc::unbounded_channel();
        let stop = Arc::new(Notify::new());
        let state = State {
            suggester: QuestionSuggester::new(meeting_id, config.trigger, config.budget),
            actions: ActionExtractor::new(),
            actions_due_ms: config.actions_every.as_millis() as i64,
            last_actions_ms: 0,
            segments: Vec::new(),
            checklist: Vec::new(),
            failing: false,
            config,
            store,
            meeting_id,
            zero,
            voice,
            events,
        };
        let own = match &state.config.runtime {
            Some(_) => None,
            None => Some(
                tokio::runtime::Builder::new_current_thread()
                    .enable_time()
                    .enable_io()
                    .build()?,
            ),
        };
        let thread_stop = stop.clone();
        let thread = std::thread::Builder::new()
            .name("assistant".into())
            .spawn(move || match (own, state.config.runtime.clone()) {
                (Some(runtime), _) => {
                    runtime.block_on(state.run(inbox, &thread_stop));
                    // A name lookup still running on a blocking thread must not hold up
                    // the end of the meeting.
                    runtime.shutdown_background();
                }
                (None, Some(handle)) => handle.block_on(state.run(inbox, &thread_stop)),
                (None, None) => {}
            })?;
        Ok(Self {
            heard,
            stop,
            thread: Some(thread),
        })
    }

    /// Where the ASR worker sends what it committed.
    pub fn feeder(&self) -> mpsc::UnboundedSender<Committed> {
        self.heard.clone()
    }

    pub fn stop(mut self) {
        self.stop.notify_one();
        if let Some(thread) = self.thread.take() {
            let _ = thread.join();
        }
    }
}

impl Drop for Assistant {
    fn drop(&mut self) {
        self.stop.notify_one();
    }
}

struct State {
    config: AssistantConfig,
    store: Arc<Store>,
    meeting_id: i64,
    zero: Instant,
    voice: Arc<HeardVoice>,
    events: Sender<LiveEvent>,
    suggester: QuestionSuggester,
    actions: ActionExtractor,
    actions_due_ms: i64,
    last_actions_ms: i64,
    /// The meeting's committed segments so far, in order, for action items.
    segments: Vec<Segment>,
    checklist: Vec<ChecklistProgress>,
    /// A failure was shown and no call has succeeded since: an endpoint that is down
    /// is reported once, not on every pause.
    failing: bool,
}

impl State {
    async fn run(mut self, mut inbox: mpsc::UnboundedReceiver<Committed>, stop: &Notify) {
        loop {
            tokio::select! {
                biased;
                () = stop.notified() => return,
                heard = inbox.recv() => match heard {
                    Some(heard) => self.note(heard),
                    None => return,
                },
                () = tokio::time::sleep(TICK) => {}
            }
            let now_ms = self.zero.elapsed().as_millis() as i64;
            if let Some(heard) = self.voice.until_ms() {
                self.suggester.on_voice(heard);
            }
            if self.suggester.due(now_ms) {
                tokio::select! {
                    biased;
                    () = stop.notified() => return,
                    () = self.suggest() => {}
                }
            }
            if self.actions_due(now_ms) {
                self.last_actions_ms = now_ms;
                tokio::select! {
                    biased;
                    () = stop.notified() => return,
                    () = self.extract_actions() => {}
                }
            }
        }
    }

    fn note(&mut self, heard: Committed) {
        self.suggester.on_segment(&heard.segment);
        self.segments.push(heard.segment);
        self.checklist = heard.checklist;
    }

    fn actions_due(&self, now_ms: i64) -> bool {
        now_ms - self.last_actions_ms >= self.actions_due_ms
            && self.segments.len() > self.actions.seen()
    }

    async fn suggest(&mut self) {
        let found = self
            .suggester
            .suggest(&self.config.client, &self.store, &self.checklist)
            .await;
        self.deliver(found, |questions| LiveEvent::Questions { questions });
    }

    async fn extract_actions(&mut self) {
        let found = self
            .actions
            .extract_new(
                &self.config.client,
                &self.store,
                self.meeting_id,
                &self.segments,
            )
            .await;
        self.deliver(found, |items| LiveEvent::ActionItems { items });
    }

    /// Shows what a call found (nothing when it found nothing), or its failure.
    fn deliver<T>(&mut self, found: Result<Vec<T>, AssistError>, event: fn(Vec<T>) -> LiveEvent) {
        match found {
            Ok(rows) => {
                self.failing = false;
                if !rows.is_empty() {
                    self.send(event(rows));
                }
            }
            Err(e) => self.report(e),
        }
    }

    /// A model switched off is the user's choice, not a problem; anything else is
    /// shown, and the meeting goes on.
    fn report(&mut self, error: AssistError) {
        if let AssistError::Llm(e) = &error
            && e.kind() == LlmErrorKind::Disabled
        {
            return;
        }
        if !self.failing {
            self.failing = true;
            self.send(LiveEvent::Problem {
                problem: Problem::Assistant(error.to_string()),
            });
        }
    }

    fn send(&self, event: LiveEvent) {
        let _ = self.events.send(event);
    }
}
