//! After the meeting: action items, summaries and the whole-meeting analysis.

use super::*;

#[test]
fn action_items_are_stored_pending_with_due_dates_resolved_against_the_meeting() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, client) = setup(&store, &server);
    server.push(Reply::json(
        r#"{"items":[
          {"text":"Send the pitch deck","assignee":"Kim","due":"다음 주 금요일","confidence":0.9},
          {"text":"Share the cohort data","assignee":null,"due":"by end of month","confidence":0.7},
          {"text":"Intro to the CTO","assignee":"Me","due":"soon","confidence":0.5}]}"#,
    ));
    let segments = store.transcript(id).unwrap();
    let items = runtime()
        .block_on(extract_action_items(&client, &store, id, &segments))
        .unwrap();
    // The meeting is on Monday 2026-11-02.
    let due: Vec<Option<&str>> = items.iter().map(|i| i.due_date.as_deref()).collect();
    assert_eq!(due, [Some("2026-11-13"), Some("2026-11-30"), None]);
    assert_eq!(items[0].assignee.as_deref(), Some("Kim"));
    assert!(items.iter().all(|i| i.status == ActionItemStatus::Pending));
    store
        .set_action_item_status(items[0].id, ActionItemStatus::Approved)
        .unwrap();
    store
        .set_action_item_status(items[2].id, ActionItemStatus::Rejected)
        .unwrap();

    // A later pass does not store the same items again.
    server.push(Reply::json(
        r#"{"items":[{"text":"Send the pitch deck.","assignee":"Kim","due":null,"confidence":0.9}]}"#,
    ));
    let again = runtime()
        .block_on(extract_action_items(&client, &store, id, &segments))
        .unwrap();
    assert!(again.is_empty());
    assert_eq!(store.action_items(id).unwrap().len(), 3);
}

#[test]
fn a_long_meeting_is_summarised_map_reduce_within_a_small_context() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, _) = setup(&store, &server);
    long_meeting(&store, id, 400).unwrap();
    let mut small = config(&server, false);
    small.max_prompt_tokens = 1_500; // a 2k-context local model
    small.calls_per_minute = 1_000;
    let client = LlmClient::new(small).unwrap();
    // Verbose notes, so the notes themselves need reducing before the summary.
    let points: Vec<String> = (0..12)
        .map(|i| format!("Point {i}: churn, pipeline and hiring were discussed at length."))
        .collect();
    let notes = serde_json::json!({ "points": points, "decisions": ["Hire two engineers."] });
    server.answer_when("meeting_notes", Reply::json(&notes.to_string()));
    server.answer_when(
        "meeting_summary",
        Reply::json(r#"{"summary":"Churn and hiring.","key_points":["MRR $50K"],"decisions":["Hire two engineers"]}"#),
    );
    let segments = store.transcript(id).unwrap();
    let summary = runtime()
        .block_on(summarize_meeting(&client, &store, id, &segments, &[], &[]))
        .unwrap();
    assert_eq!(summary.body.content, "Churn and hiring.");

    let requests = server.requests();
    let quotes_transcript = |r: &onno_test_support::llm_server::LlmRequest| {
        r.json()["messages"][1]["content"]
            .as_str()
            .is_some_and(|c| c.starts_with("<<<TRANSCRIPT"))
    };
    let notes_calls: Vec<_> = requests
        .iter()
        .filter(|r| r.body.contains("meeting_notes"))
        .collect();
    let from_transcript = notes_calls.iter().filter(|r| quotes_transcript(r)).count();
    let from_notes = notes_calls.len() - from_transcript;
    assert!(from_transcript >= 5, "{from_transcript} map calls");
    assert!(from_notes >= 1, "the notes were reduced");
    assert!(requests.last().unwrap().body.contains("meeting_summary"));
    for r in &requests {
        let tokens: usize = r.json()["messages"]
            .as_array()
            .unwrap()
            .iter()
            .map(|m| onno_llm::estimate_tokens(m["content"].as_str().unwrap()) + 4)
            .sum();
        assert!(tokens <= 1_500, "a request of {tokens} tokens");
    }
    // Every line of the transcript went into exactly one map call.
    let quoted: usize = requests
        .iter()
        .filter(|r| quotes_transcript(r))
        .map(|r| {
            r.body.matches("we talked about churn").count()
                + r.body.matches("이야기했습니다").count()
        })
        .sum();
    assert_eq!(quoted, 400);
}

#[test]
fn analyze_stores_signals_action_items_and_the_summary() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, client) = setup(&store, &server);
    server.push(Reply::json(
        r#"{"items":[{"text":"Send the pitch deck","assignee":"Kim","due":"tomorrow","confidence":0.9}]}"#,
    ));
    server.push(Reply::stream(
        r#"{"summary":"Acme grows 10% a month.","key_points":["MRR $50K"],"decisions":["Hire two engineers"]}"#,
        7,
    ));
    let mut steps = Vec::new();
    let analysis = runtime()
        .block_on(analyze_meeting(&store, id, Ok(&client), &mut |s| {
            steps.push(s)
        }))
        .unwrap();
    assert_eq!(steps, [Step::Signals, Step::ActionItems, Step::Summary]);
    assert_eq!(analysis.llm, LlmOutcome::Done);
    assert!(
        analysis.facts_recorded >= 1,
        "MRR is recorded for the relationship"
    );
    assert_eq!(
        analysis.action_items[0].due_date.as_deref(),
        Some("2026-11-03")
    );
    let summary = store.summary(id).unwrap().unwrap();
    assert!(summary.body.content.starts_with("Acme grows 10% a month."));
    assert!(summary.body.content.contains("Metrics:\n- mrr: 50000"));
    assert!(
        summary
            .body
            .content
            .contains("Send the pitch deck (Kim), due 2026-11-03")
    );
    assert_eq!(summary.body.decisions, ["Hire two engineers"]);

    // A second run records no fact twice.
    let again = runtime()
        .block_on(analyze_meeting(
            &store,
            id,
            Err(SkipReason::NotAsked),
            &mut |_| {},
        ))
        .unwrap();
    assert_eq!(again.facts_recorded, 0);
    assert_eq!(again.llm, LlmOutcome::Skipped(SkipReason::NotAsked));

    // A fact the user removed stays removed when the meeting is analysed again.
    let relationship = store.meeting(id).unwrap().relationship_id.unwrap();
    let facts = store
        .relationship_data(relationship, Page::default())
        .unwrap();
    let mrr = facts.items.iter().find(|f| f.fields.key == "mrr").unwrap();
    store.delete_relationship_data(mrr.id).unwrap();
    let after_removal = runtime()
        .block_on(analyze_meeting(
            &store,
            id,
            Err(SkipReason::NotAsked),
            &mut |_| {},
        ))
        .unwrap();
    assert_eq!(after_removal.facts_recorded, 0);
    let facts = store
        .relationship_data(relationship, Page::default())
        .unwrap();
    assert!(
        facts.items.iter().all(|f| f.fields.key != "mrr"),
        "{facts:?}"
    );
}

#[test]
fn analyze_reports_a_model_failure_and_keeps_the_earlier_summary() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, client) = setup(&store, &server);
    let earlier = SummaryInput {
        content: "Written by hand.".into(),
        ..SummaryInput::default()
    };
    store.save_summary(id, &earlier).unwrap();
    for _ in 0..3 {
        server.push(Reply::Status(500));
    }
    let before = snapshot(&store, id);
    let analysis = runtime()
        .block_on(analyze_meeting(&store, id, Ok(&client), &mut |_| {}))
        .unwrap();
    let LlmOutcome::Failed(why) = &analysis.llm else {
        panic!("{:?}", analysis.llm)
    };
    assert!(why.contains("HTTP 500"), "{why}");
    assert_eq!(snapshot(&store, id), before);
    assert_eq!(
        store.summary(id).unwrap().unwrap().body.content,
        "Written by hand."
    );
    assert!(store.action_items(id).unwrap().is_empty());
}

#[test]
fn incremental_extraction_looks_only_at_new_segments_and_retries_after_a_failure() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, client) = setup(&store, &server);
    let rt = runtime();
    let mut extractor = ActionExtractor::new();
    let first = store.transcript(id).unwrap();
    server.push(Reply::json(
        r#"{"items":[{"text":"Hire two engineers","assignee":"Them","due":"next week","confidence":0.6}]}"#,
    ));
    let items = rt
        .block_on(extractor.extract_new(&client, &store, id, &first))
        .unwrap();
    assert_eq!(items[0].due_date.as_deref(), Some("2026-11-13"));

    say(
        &store,
        id,
        40_000,
        "I'll send you the cohort data tomorrow.",
    );
    let second = store.transcript(id).unwrap();
    for _ in 0..3 {
        server.push(Reply::Status(503));
    }
    assert!(
        rt.block_on(extractor.extract_new(&client, &store, id, &second))
            .is_err()
    );
    server.push(Reply::json(
        r#"{"items":[{"text":"Send the cohort data","assignee":"Me","due":"tomorrow","confidence":0.9}]}"#,
    ));
    let items = rt
        .block_on(extractor.extract_new(&client, &store, id, &second))
        .unwrap();
    assert_eq!(items[0].text, "Send the cohort data");
    let last = server.requests().last().unwrap().json();
    let quoted = last["messages"][1]["content"].as_str().unwrap();
    assert!(quoted.contains("cohort data tomorrow"));
    assert!(
        !quoted.contains("hire two engineers"),
        "only the new stretch is sent"
    );
    assert!(quoted.contains("Already listed:\n- Hire two engineers"));
    // Nothing new: no call at all.
    let calls = server.requests().len();
    assert!(
        rt.block_on(extractor.extract_new(&client, &store, id, &second))
            .unwrap()
            .is_empty()
    );
    assert_eq!(server.requests().len(), calls);
}

#[test]
fn the_schema_sent_is_the_one_the_answer_is_checked_against() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, client) = setup(&store, &server);
    // Four questions where the schema sent allows three; then a priority it does not name.
    let four = r#"{"questions":[
      {"question":"What is your LTV?","priority":"critical","reason":"a"},
      {"question":"How long is your runway?","priority":"important","reason":"b"},
      {"question":"What is the gross margin?","priority":"follow_up","reason":"c"},
      {"question":"Who are your competitors?","priority":"follow_up","reason":"d"}]}"#;
    let urgent =
        r#"{"questions":[{"question":"What is your LTV?","priority":"urgent","reason":"a"}]}"#;
    server.push(Reply::json(four));
    server.push(Reply::json(urgent));
    let err = suggest(&client, &store, id, &checklist(&store, id)).unwrap_err();
    assert!(
        matches!(&err, onno_assist::AssistError::Llm(e) if e.kind() == LlmErrorKind::BadReply),
        "{err}"
    );
    assert!(
        store.questions(id).unwrap().is_empty(),
        "nothing refused is stored"
    );

    let requests = server.requests();
    let sent = &requests[0].json()["response_format"]["json_schema"]["schema"];
    let max = sent["properties"]["questions"]["maxItems"]
        .as_u64()
        .unwrap();
    let priorities = &sent["properties"]["questions"]["items"]["properties"]["priority"]["enum"];
    assert_eq!(max, 3);
    assert_eq!(
        priorities,
        &serde_json::json!(["critical", "important", "follow_up"])
    );
    assert_eq!(sent, &onno_assist::questions_schema().for_strict_mode());
    // The repair request names the limit the schema set, and the second answer is
    // refused for the enum the schema listed.
    assert!(
        requests[1].body.contains("4 items; at most 3"),
        "{}",
        requests[1].body
    );
    assert!(err.to_string().contains("must be one of"), "{err}");
}

#[test]
fn analyze_says_which_switch_kept_the_model_away() {
    let store = test_store();
    let server = LlmServer::start();
    let (id, client) = setup(&store, &server);
    let analyze = |client| {
        runtime()
            .block_on(analyze_meeting(&store, id, client, &mut |_| {}))
            .unwrap()
            .llm
    };

    set_llm_enabled_for_meeting(&store, id, false).unwrap();
    assert_eq!(
        analyze(Ok(&client)),
        LlmOutcome::Skipped(SkipReason::OffForMeeting)
    );
    set_llm_enabled_for_meeting(&store, id, true).unwrap();
    let mut settings = LlmSettings::load(&store).unwrap().unwrap();
    settings.enabled = false;
    settings.save(&store).unwrap();
    assert_eq!(
        analyze(Ok(&client)),
        LlmOutcome::Skipped(SkipReason::OffInSettings)
    );
    // The caller's own reason wins: nothing is asked whatever the settings say.
    assert_eq!(
        analyze(Err(SkipReason::NotConfigured)),
        LlmOutcome::Skipped(SkipReason::NotConfigured)
    );
    assert!(server.requests().is_empty());
}
