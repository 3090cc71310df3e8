//! `onno record`: a live meeting in the terminal. Confirmed lines go to stdout as they
//! are committed; tentative text, device health, problems and (with a language model
//! configured) suggested questions and action items go to stderr. Ctrl-C,
//! `--duration` or a long silence on both sides ends the meeting cleanly; then it is
//! analysed, as `onno analyze` would.

use std::io::{IsTerminal as _, Write as _};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::mpsc::{self, RecvTimeoutError};
use std::time::Duration;

use anyhow::Context as _;
use onno_assist::{Analysis, LlmOutcome, SkipReason};
use onno_live::{
    AssistantConfig, LiveConfig, LiveEvent, LiveMeeting, StartMeeting, StopReason, tidy_up,
};
use onno_store::{ActionItem, AiQuestion, DataDir, MeetingType, Segment, Store};
use serde::Serialize;

use crate::args::choice;
use crate::llm::skip_reason;
use crate::output::{Output, clean, duration};

#[derive(Debug, clap::Args)]
pub struct Args {
    /// The meeting's title [default: "Meeting" and the start time]
    #[arg(long)]
    title: Option<String>,
    /// The relationship the meeting is with
    #[arg(long, value_name = "ID")]
    relationship: Option<i64>,
    /// Someone in the meeting, "Name" or "Name <email>"; once per person
    #[arg(long, value_name = "NAME", value_parser = crate::args::parse_participant)]
    participant: Vec<onno_store::NewParticipant>,
    /// Meeting type (picks the checklist)
    #[arg(long = "type", value_name = "TYPE", default_value = "general", value_parser = choice::<MeetingType>())]
    kind: MeetingType,
    /// The microphone, by name from `onno devices` [default: the system's, followed
    /// when it changes]
    #[arg(long, value_name = "NAME")]
    mic: Option<String>,
    /// Record no microphone
    #[arg(long, conflicts_with = "mic")]
    no_mic: bool,
    /// The output whose sound is "them" (or its loopback/monitor), by name from `onno
    /// devices` [default: the system's output]
    #[arg(long, value_name = "NAME")]
    system: Option<String>,
    /// Record no system audio
    #[arg(long, conflicts_with = "system")]
    no_system: bool,
    /// A model from `onno models list`, or the path of a ggml model file [default: the
    /// model `onno models default` shows]
    #[arg(long, value_name = "NAME|PATH")]
    model: Option<String>,
    /// The spoken language: auto (among the languages of `onno config languages`), or
    /// a code such as ko or en
    #[arg(long, default_value = "auto")]
    language: String,
    /// Stop after this many seconds
    #[arg(long, value_name = "SECS", value_parser = clap::value_parser!(u64).range(1..))]
    duration: Option<u64>,
    /// Stop after this many minutes without speech on either side (0: never)
    #[arg(long, value_name = "MINUTES", default_value_t = 15)]
    silence_stop: u64,
    /// CPU threads for the speech model [default: the physical cores]
    #[arg(long, value_parser = clap::value_parser!(u16).range(1..=256))]
    threads: Option<u16>,
    /// After the meeting, transcribe the recordings again as a whole and replace the
    /// live transcript with the result
    #[arg(long)]
    final_pass: bool,
    /// The model for the final pass [default: --model]
    #[arg(long, value_name = "NAME|PATH", requires = "final_pass")]
    final_model: Option<String>,
    /// Keep this meeting away from the language model: no question suggestions or
    /// action items, now or when it is analysed later
    #[arg(long)]
    no_llm: bool,
}

/// Closes meetings a crash left open and applies the audio retention setting, as the
/// app does at start-up, saying what it did.
fn tidy(store: &Store) -> anyhow::Result<()> {
    let tidied = tidy_up(store);
    for r in tidied.recovered? {
        eprintln!(
            "onno: meeting {} was interrupted; closed it with {:.0} s of audio",
            r.meeting_id, r.audio_seconds
        );
    }
    let expired = tidied.expired_audio?;
    if expired > 0 {
        eprintln!(
            "onno: deleted the recordings of {expired} meetings past the audio retention setting"
        );
    }
    Ok(())
}

impl Args {
    /// The meeting's configuration: the request the flags make, the language model's
    /// assistant when one is configured and allowed, and the flags' limits.
    fn live_config(&self, store: &Store) -> anyhow::Result<LiveConfig> {
        let request = self.request();
        // With a model configured, the assistant runs; whether it may ask is read from
        // the settings and the meeting's switch before every call.
        // A model that cannot be set up costs the suggestions, not the recording.
        let mut assistant = None;
        if request.use_llm {
            match crate::llm::client(store) {
                Ok(Ok(client)) => assistant = Some(AssistantConfig::new(Arc::new(client))),
                Ok(Err(_not_configured)) => {}
                Err(e) => eprintln!("onno: suggestions unavailable: {e:#}"),
            }
        }
        let mut config = request.live_config(assistant)?;
        config.max_duration = self.duration.map(Duration::from_secs);
        config.silence_stop =
            (self.silence_stop > 0).then(|| Duration::from_secs(self.silence_stop * 60));
        Ok(config)
    }

    /// The meeting the flags ask for.
    fn request(&self) -> StartMeeting {
        let title = self.title.clone().unwrap_or_else(|| {
            format!(
                "Meeting {}",
                crate::output::minute(&onno_store::now_timestamp())
            )
        });
        StartMeeting {
            title,
            kind: self.kind,
            relationship_id: self.relationship,
            participants: self.participant.clone(),
            record_mic: !self.no_mic,
            mic: self.mic.clone(),
            record_system: !self.no_system,
            system: self.system.clone(),
            model: self.model.clone().unwrap_or_default(),
            language: self.language.clone(),
            use_llm: !self.no_llm,
        }
    }
}

#[derive(Serialize)]
struct Recorded {
    meeting_id: i64,
    stopped: &'static str,
    duration_ms: Option<i64>,
    audio_files: Vec<String>,
    segments: Vec<Segment>,
    questions: Vec<AiQuestion>,
    action_items: Vec<ActionItem>,
    echo_suppressed: usize,
    gaps: usize,
    #[serde(skip_serializing_if = "Option::is_none")]
    final_pass: Option<onno_live::FinalPassSummary>,
    /// Absent when the analysis failed (reported on stderr).
    analysis: Option<Analysis>,
}

pub fn run(data_dir: &DataDir, store: Store, out: Output, mut args: Args) -> anyhow::Result<()> {
    let store = Arc::new(store);
    tidy(&store)?;
    if args.model.is_none() {
        args.model = Some(crate::models::default_model(&store)?);
    }
    let model = args.model.clone().unwrap_or_default();
    let engine = crate::transcribe::load_engine(data_dir, &model, args.threads)?;
    let interrupted = Arc::new(AtomicBool::new(false));
    let flag = interrupted.clone();
    ctrlc::set_handler(move || flag.store(true, Ordering::Relaxed))
        .context("cannot listen for Ctrl-C")?;
    let mut config = args.live_config(&store)?;
    config.vad_model = crate::models::voice_detector(data_dir);

    let (tx, events) = mpsc::channel();
    let live = LiveMeeting::start(store.clone(), Box::new(engine), config, tx)?;
    let mut view = View::new(out);
    loop {
        if interrupted.load(Ordering::Relaxed) {
            break;
        }
        match events.recv_timeout(Duration::from_millis(100)) {
            Ok(LiveEvent::Stopped { .. }) => break,
            Ok(event) => view.show(event),
            Err(RecvTimeoutError::Timeout) => {}
            Err(RecvTimeoutError::Disconnected) => break,
        }
    }
    let finished = live.stop()?;
    // Segments committed while stopping.
    while let Ok(event) = events.try_recv() {
        view.show(event);
    }
    view.clear_tentative();
    let meeting = finished.meeting;
    let final_pass = if args.final_pass {
        let model = args.final_model.as_deref().unwrap_or(&model);
        let engine = crate::transcribe::load_engine(data_dir, model, args.threads)?;
        Some(crate::finalize::run_pass(
            data_dir,
            &store,
            meeting.id,
            engine,
            &args.language,
            out,
        )?)
    } else {
        None
    };
    let segments = match final_pass {
        Some(_) => store.transcript(meeting.id)?,
        None => view.segments,
    };
    let stopped = match finished.reason {
        StopReason::Requested if interrupted.load(Ordering::Relaxed) => "interrupted",
        StopReason::Requested => "requested",
        StopReason::Silence => "silence",
        StopReason::MaxDuration => "duration",
    };
    let analysis = analyze_recorded(&store, meeting.id, args.no_llm);
    let recorded = Recorded {
        meeting_id: meeting.id,
        stopped,
        duration_ms: meeting.duration_ms,
        audio_files: meeting.audio_paths.clone(),
        segments,
        questions: store.questions(meeting.id)?,
        action_items: store.action_items(meeting.id)?,
        echo_suppressed: view.echo_suppressed,
        gaps: view.gaps,
        final_pass,
        analysis,
    };
    if out.is_json() {
        out.emit_json(&recorded)?;
    } else {
        eprintln!(
            "onno: meeting {} saved: {} segments, {} ({stopped})",
            recorded.meeting_id,
            recorded.segments.len(),
            duration(recorded.duration_ms.unwrap_or(0)),
        );
        if let Some(analysis) = &recorded.analysis {
            let model = match &analysis.llm {
                LlmOutcome::Done => "action items and summary made".to_owned(),
                LlmOutcome::Skipped(why) => format!("skipped ({})", skip_reason(*why)),
                LlmOutcome::Failed(why) => format!("failed ({why})"),
            };
            eprintln!(
                "onno: analysed: {} new facts recorded; language model: {model}",
                analysis.facts_recorded
            );
        }
    }
    Ok(())
}

/// The analysis the app also runs when a recording ends: what was said becomes the
/// relationship's facts and, with the model allowed for the meeting, action items and
/// a summary. The meeting is saved whatever happens here, so a failure is reported,
/// not returned.
fn analyze_recorded(store: &Store, meeting_id: i64, no_llm: bool) -> Option<Analysis> {
    // A client of its own: the assistant's lived on the meeting's runtime, now gone. A
    // model that cannot be set up was reported when the meeting started.
    let client = match no_llm {
        true => Err(SkipReason::NotAsked),
        false => match crate::llm::client(store) {
            Ok(client) => client,
            Err(_) => Err(SkipReason::Unavailable),
        },
    };
    match crate::analyze::analyze(store, meeting_id, client.as_ref().map_err(|r| *r)) {
        Ok(analysis) => Some(analysis),
        Err(e) => {
            eprintln!("onno: the meeting is saved, but analysing it failed: {e:#}");
            None
        }
    }
}

/// What the terminal shows while recording.
struct View {
    out: Output,
    tty: bool,
    tentative_shown: bool,
    segments: Vec<Segment>,
    echo_suppressed: usize,
    gaps: usize,
}

impl View {
    fn new(out: Output) -> Self {
        Self {
            out,
            tty: std::io::stderr().is_terminal(),
            tentative_shown: false,
            segments: Vec::new(),
            echo_suppressed: 0,
            gaps: 0,
        }
    }

    fn show(&mut self, event: LiveEvent) {
        match event {
            LiveEvent::Segment { segment, .. } => {
                self.clear_tentative();
                if !self.out.is_json() {
                    let mut out = std::io::stdout().lock();
                    let _ = writeln!(
                        out,
                        "[{}] {:>4}: {}",
                        duration(segment.start_ms),
                        segment.source.as_str(),
                        clean(&segment.text)
                    );
                    let _ = out.flush();
                }
                self.segments.push(segment);
            }
            LiveEvent::Tentative { source, text, .. } if !text.is_empty() => {
                // On a terminal the tentative line is rewritten in place.
                if self.tty {
                    eprint!("\r\x1b[2K  … {}: {}", source.as_str(), clean(&text));
                    self.tentative_shown = true;
                } else {
                    eprintln!("  … {}: {}", source.as_str(), clean(&text));
                }
            }
            LiveEvent::Started { meeting_id } => {
                self.note(&format!("recording meeting {meeting_id}; Ctrl-C to stop"));
            }
            LiveEvent::DeviceOpened {
                source,
                device,
                sample_rate,
                channels,
            } => self.note(&format!(
                "{}: {device} ({sample_rate} Hz, {channels} ch)",
                source.as_str()
            )),
            LiveEvent::DeviceLost {
                source,
                device,
                reason,
            } => {
                self.note(&format!(
                    "{}: lost '{device}' ({reason}); reconnecting",
                    source.as_str()
                ));
            }
            LiveEvent::Gap {
                source,
                start_ms,
                end_ms,
                ..
            } => {
                self.gaps += 1;
                self.note(&format!(
                    "{}: no audio from {} to {} (kept as silence)",
                    source.as_str(),
                    duration(start_ms),
                    duration(end_ms)
                ));
            }
            LiveEvent::Silent { source, seconds } => self.note(&format!(
                "{}: only silence for {seconds} s — is the device muted, or (macOS) is Onno allowed to record audio?",
                source.as_str()
            )),
            LiveEvent::Questions { questions } => {
                for q in questions {
                    self.note(&format!(
                        "ask ({}): {} — {}",
                        q.priority.as_str(),
                        clean(&q.text),
                        clean(&q.reason)
                    ));
                }
            }
            LiveEvent::ActionItems { items } => {
                for item in items {
                    let mut details: Vec<String> = item.assignee.iter().map(|a| clean(a)).collect();
                    details.extend(item.due_date.iter().map(|d| format!("due {d}")));
                    let details = if details.is_empty() {
                        String::new()
                    } else {
                        format!(" ({})", details.join(", "))
                    };
                    self.note(&format!("action item: {}{details}", clean(&item.text)));
                }
            }
            LiveEvent::EchoSuppressed { .. } => self.echo_suppressed += 1,
            LiveEvent::Problem { problem } => self.note(&problem.to_string()),
            LiveEvent::Tentative { .. }
            | LiveEvent::Signals { .. }
            | LiveEvent::Levels { .. }
            | LiveEvent::Stopped { .. } => {}
        }
    }

    fn note(&mut self, text: &str) {
        self.clear_tentative();
        eprintln!("onno: {text}");
    }

    fn clear_tentative(&mut self) {
        if self.tentative_shown {
            eprint!("\r\x1b[2K");
            self.tentative_shown = false;
        }
    }
}
