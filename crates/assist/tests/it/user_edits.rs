//! What the user changed in the model's output stays theirs when the meeting is
//! analysed again: a reworded or removed action item is not added anew, and an edited
//! summary is neither replaced nor paid for again.

use onno_assist::{LlmOutcome, Step, analyze_meeting, extract_action_items};
use onno_llm::{LlmClient, LlmSettings};
use onno_store::{ActionItemEdit, Store, SummaryInput};
use onno_test_support::llm_server::{LlmServer, Reply};

use crate::{config, runtime};
use crate::{meeting, say, test_store};

fn setup(store: &Store, server: &LlmServer) -> (i64, LlmClient) {
    let (id, _) = meeting(store, None);
    say(
        store,
        id,
        10_000,
        "I'll send the pitch deck and the cohort data tomorrow.",
    );
    LlmSettings::new(&server.base_url(), "test-model")
        .save(store)
        .unwrap();
    (id, LlmClient::new(config(server, false)).unwrap())
}

const ITEMS: &str = r#"{"items":[
  {"text":"Send the pitch deck","assignee":"Kim","due":null,"confidence":0.9},
  {"text":"Share the cohort data","assignee":null,"due":null,"confidence":0.7}]}"#;

#[test]
fn reworded_and_removed_action_items_are_not_added_again() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, client) = setup(&store, &server);
    let segments = store.transcript(id).unwrap();
    server.push(Reply::json(ITEMS));
    let items = runtime()
        .block_on(extract_action_items(&client, &store, id, &segments))
        .unwrap();
    assert_eq!(items.len(), 2);
    store
        .edit_action_item(
            items[0].id,
            &ActionItemEdit {
                text: "Send Mina the Series A deck".into(),
                assignee: Some("Mina".into()),
                due_date: Some("2026-11-06".into()),
            },
        )
        .unwrap();
    store.remove_action_item(items[1].id).unwrap();

    // The model finds the same two items again.
    server.push(Reply::json(ITEMS));
    let again = runtime()
        .block_on(extract_action_items(&client, &store, id, &segments))
        .unwrap();
    assert!(again.is_empty(), "{again:?}");
    // Analysed whole, the same answer adds nothing, and says so.
    server.push(Reply::json(ITEMS));
    server.push(Reply::json(
        r#"{"summary":"s","key_points":[],"decisions":[]}"#,
    ));
    let analysis = runtime()
        .block_on(onno_assist::analyze_meeting(
            &store,
            id,
            Ok(&client),
            &mut |_| {},
        ))
        .unwrap();
    let report = analysis.report();
    assert_eq!(report.action_items_added, 0, "{analysis:?}");
    assert_eq!(report.summary, onno_assist::SummaryChange::Written);
    let left = store.action_items(id).unwrap();
    assert_eq!(left.len(), 1);
    assert_eq!(left[0].text, "Send Mina the Series A deck");
}

#[test]
fn an_edited_summary_stands_and_costs_no_call() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, client) = setup(&store, &server);
    let mine = SummaryInput {
        content: "Kim sends the deck; we decide next week.".into(),
        ..SummaryInput::default()
    };
    store.edit_summary(id, &mine).unwrap();

    server.push(Reply::json(ITEMS));
    let mut steps = Vec::new();
    let analysis = runtime()
        .block_on(analyze_meeting(&store, id, Ok(&client), &mut |s| {
            steps.push(s)
        }))
        .unwrap();
    assert_eq!(analysis.llm, LlmOutcome::Done);
    assert_eq!(steps, [Step::Signals, Step::ActionItems], "no summary step");
    assert_eq!(
        server.requests().len(),
        1,
        "only the action items were asked for"
    );
    assert_eq!(store.summary(id).unwrap().unwrap().body, mine);
    assert_eq!(analysis.summary.as_ref().unwrap().body, mine);
    let report = analysis.report();
    assert_eq!(report.summary, onno_assist::SummaryChange::KeptYours);
    assert_eq!(
        report.action_items_added, 2,
        "the first analysis adds both items"
    );
}
