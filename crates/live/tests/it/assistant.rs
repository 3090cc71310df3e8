//! The language model during a live meeting, against a real local chat-completions
//! server: suggestions and action items arrive while people speak, a failing model is
//! reported once and leaves the transcript alone, and the meeting's own switch keeps
//! the transcript off the network.

use std::sync::Arc;
use std::sync::mpsc::{self, Receiver};
use std::time::{Duration, Instant};

use onno_assist::TriggerConfig;
use onno_live::{AssistantConfig, LiveEvent, LiveMeeting, Problem};
use onno_llm::{LlmClient, LlmConfig, LlmSettings, llm_enabled_for_meeting};
use onno_store::{ActionItemStatus, MeetingType, QuestionPriority, Store};
use onno_test_support::audio::espeak;
use onno_test_support::llm_server::{LlmServer, Reply};
use onno_test_support::pulse::{self, MEET_SINK};

use crate::meeting::{config, engine, segments};

const QUESTIONS: &str = r#"{"questions":[{"question":"What is your monthly churn?","priority":"critical","reason":"Revenue growth was given without retention."}]}"#;
const ACTIONS: &str = r#"{"items":[{"text":"Send the customer list","assignee":"Them","due":"next Friday","confidence":0.8}]}"#;

/// A store whose settings point at `server`, and an assistant that reacts quickly:
/// half a second of pause after any new speech, actions every second.
fn assisted(server: &LlmServer, store: &Store) -> onno_live::LiveConfig {
    let settings = LlmSettings::new(&server.base_url(), "test-model");
    settings.save(store).unwrap();
    let mut llm = LlmConfig::new(settings, None);
    llm.max_retries = 0;
    // These meetings ask far more often than a real one; Onno's own limit is not
    // what they test.
    llm.calls_per_minute = 1_000;
    llm.timeout = Duration::from_secs(5);
    let mut assistant = AssistantConfig::new(Arc::new(LlmClient::new(llm).unwrap()));
    assistant.trigger = TriggerConfig {
        pause_ms: 500,
        min_interval_ms: 1_000,
        min_new_speech_ms: 1,
    };
    assistant.actions_every = Duration::from_secs(1);
    let mut live = config();
    // A type with a built-in checklist, which the model sees the uncovered items of.
    live.kind = MeetingType::InvestmentScreening;
    live.assistant = Some(assistant);
    live
}

/// A meeting running with the model at `server`, in a fresh data folder.
struct Assisted {
    dir: tempfile::TempDir,
    store: Arc<Store>,
    live: LiveMeeting,
    events: Receiver<LiveEvent>,
}

fn start_assisted(server: &LlmServer, llm_allowed: bool) -> Assisted {
    let dir = tempfile::tempdir().unwrap();
    let store = Arc::new(Store::open(dir.path()).unwrap());
    let (tx, events) = mpsc::channel();
    let mut config = assisted(server, &store);
    config.llm_allowed = llm_allowed;
    let live = LiveMeeting::start(store.clone(), engine(), config, tx).unwrap();
    Assisted {
        dir,
        store,
        live,
        events,
    }
}

/// The messages of a request, as the model reads them.
fn prompt_text(body: &serde_json::Value) -> String {
    body["messages"]
        .as_array()
        .map(|messages| {
            messages
                .iter()
                .filter_map(|m| m["content"].as_str())
                .collect::<Vec<_>>()
                .join("\n")
        })
        .unwrap_or_default()
}

/// Events until `done` holds for those seen so far, or `within` passes.
fn collect_until(
    events: &Receiver<LiveEvent>,
    within: Duration,
    done: impl Fn(&[LiveEvent]) -> bool,
) -> Vec<LiveEvent> {
    let deadline = Instant::now() + within;
    let mut seen = Vec::new();
    while let Some(left) = deadline.checked_duration_since(Instant::now()) {
        match events.recv_timeout(left) {
            Ok(event) => {
                seen.push(event);
                if done(&seen) {
                    break;
                }
            }
            Err(_) => break,
        }
    }
    seen
}

/// Events for `within`, however many.
fn collect_for(events: &Receiver<LiveEvent>, within: Duration) -> Vec<LiveEvent> {
    collect_until(events, within, |_| false)
}

fn speak_them(dir: &std::path::Path) {
    let them = espeak(
        "Our monthly revenue grew ten percent and we will send the customer list next week.",
        &dir.join("them.wav"),
    );
    pulse::play_to_end(MEET_SINK, &them.path);
}

#[test]
fn suggestions_and_action_items_arrive_during_the_meeting_and_are_stored() {
    let _pulse = pulse::exclusive();
    let server = LlmServer::start();
    server.answer_when("question_suggestions", Reply::json(QUESTIONS));
    server.answer_when("action_items", Reply::json(ACTIONS));
    let Assisted {
        dir,
        store,
        live,
        events,
    } = start_assisted(&server, true);
    let id = live.meeting_id();
    std::thread::sleep(Duration::from_millis(300));
    speak_them(dir.path());
    let mut seen = collect_until(&events, Duration::from_secs(30), |seen| {
        seen.iter()
            .any(|e| matches!(e, LiveEvent::Questions { .. }))
            && seen
                .iter()
                .any(|e| matches!(e, LiveEvent::ActionItems { .. }))
    });
    let finished = live.stop().unwrap();
    seen.extend(events.try_iter());

    let questions = store.questions(id).unwrap();
    assert_eq!(questions.len(), 1, "a repeated suggestion is stored once");
    assert_eq!(questions[0].text, "What is your monthly churn?");
    assert_eq!(questions[0].priority, QuestionPriority::Critical);
    assert!(seen.iter().any(
        |e| matches!(e, LiveEvent::Questions { questions: q } if q.iter().any(|q| q.id == questions[0].id))
    ));
    let items = store.action_items(id).unwrap();
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].status, ActionItemStatus::Pending);
    assert!(items[0].due_date.is_some(), "'next Friday' resolved");
    assert!(
        seen.iter()
            .any(|e| matches!(e, LiveEvent::ActionItems { items: a } if a[0].id == items[0].id))
    );
    // The model saw the committed transcript, quoted; the transcript itself is as
    // committed, every row shown once.
    let rows = segments(&store, finished.meeting.id);
    assert!(!rows.is_empty());
    let sent: Vec<String> = server
        .requests()
        .iter()
        .filter(|r| r.body.contains("question_suggestions"))
        .map(|r| prompt_text(&r.json()))
        .collect();
    assert!(
        sent.iter()
            .any(|p| rows.iter().any(|s| p.contains(s.text.trim())))
    );
    let shown = seen
        .iter()
        .filter(|e| matches!(e, LiveEvent::Segment { .. }))
        .count();
    assert_eq!(shown, rows.len());
    assert!(
        !seen.iter().any(|e| matches!(e, LiveEvent::Problem { .. })),
        "{seen:?}"
    );
    // The checklist was shown from the start, and its open items went to the model.
    let checklist = seen
        .iter()
        .find_map(|e| match e {
            LiveEvent::Signals { heard, checklist } if heard.is_empty() => Some(checklist),
            _ => None,
        })
        .expect("the checklist at the start");
    assert!(!checklist.is_empty());
    assert!(
        sent.iter()
            .any(|p| checklist.iter().any(|c| p.contains(&c.text))),
        "no uncovered checklist item in the request"
    );
    // Usage is recorded against the meeting.
    assert!(store.llm_usage(id).unwrap().len() >= 2);
}

#[test]
fn a_failing_model_is_reported_once_and_the_transcript_goes_on() {
    let _pulse = pulse::exclusive();
    // Nothing scripted: every request gets a 500.
    let server = LlmServer::start();
    let Assisted {
        dir,
        store,
        live,
        events,
    } = start_assisted(&server, true);
    let id = live.meeting_id();
    std::thread::sleep(Duration::from_millis(300));
    speak_them(dir.path());
    let mut seen = collect_for(&events, Duration::from_secs(4));
    speak_them(dir.path());
    seen.extend(collect_for(&events, Duration::from_secs(4)));
    live.stop().unwrap();
    seen.extend(events.try_iter());

    assert!(server.requests().len() >= 2, "the model was asked again");
    let problems: Vec<&Problem> = seen
        .iter()
        .filter_map(|e| match e {
            LiveEvent::Problem { problem } => Some(problem),
            _ => None,
        })
        .collect();
    assert_eq!(problems.len(), 1, "{problems:?}");
    assert!(
        matches!(problems[0], Problem::Assistant(m) if m.contains("HTTP 500")),
        "{problems:?}"
    );
    assert!(store.questions(id).unwrap().is_empty());
    let rows = segments(&store, id);
    assert!(rows.len() >= 2, "both utterances transcribed: {rows:?}");
}

#[test]
fn a_meeting_with_the_model_switched_off_sends_nothing() {
    let _pulse = pulse::exclusive();
    let server = LlmServer::start();
    server.answer_when("question_suggestions", Reply::json(QUESTIONS));
    let Assisted {
        dir,
        store,
        live,
        events,
    } = start_assisted(&server, false);
    let id = live.meeting_id();
    std::thread::sleep(Duration::from_millis(300));
    speak_them(dir.path());
    // Long enough after the first committed line for a pause (0.5 s) and an action
    // item round (1 s) to come due, as they do in the meeting above.
    let mut seen = collect_until(&events, Duration::from_secs(30), |seen| {
        seen.iter().any(|e| matches!(e, LiveEvent::Segment { .. }))
    });
    seen.extend(collect_for(&events, Duration::from_secs(4)));
    live.stop().unwrap();
    seen.extend(events.try_iter());

    assert!(!segments(&store, id).is_empty());
    assert!(
        !llm_enabled_for_meeting(&store, id).unwrap(),
        "kept with the meeting"
    );
    assert!(
        server.requests().is_empty(),
        "the transcript left the machine"
    );
    assert!(
        !seen.iter().any(|e| matches!(e, LiveEvent::Problem { .. })),
        "switching the model off is not a problem: {seen:?}"
    );
}
