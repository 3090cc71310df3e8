use onno_store::{
    FileCategory, FileContent, FilePart, FilePartKind, MeetingType, NewMeeting, NewRelationship,
    NewRelationshipFile, PassageKind, RecallQuery, RelationshipType, SegmentSource, Store,
    SummaryInput,
};

use crate::{segment, test_store};

fn meeting_of(s: &Store, relationship: i64, title: &str, at: &str, llm: bool) -> i64 {
    let mut m = NewMeeting::new(title, MeetingType::General, at);
    m.relationship_id = Some(relationship);
    m.llm_enabled = llm;
    s.create_meeting(&m).unwrap().id
}

fn file(s: &Store, relationship: i64, meeting: Option<i64>, name: &str, text: &str) -> i64 {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join(name);
    std::fs::write(&path, name).unwrap();
    let input = NewRelationshipFile {
        category: FileCategory::Financial,
        tags: Vec::new(),
        description: String::new(),
        meeting_id: meeting,
        extracted_text: None,
    };
    let content = FileContent {
        parts: vec![FilePart {
            kind: FilePartKind::Page,
            number: 3,
            label: String::new(),
            text: text.to_owned(),
        }],
        facts: Vec::new(),
    };
    s.add_relationship_file_with_content(relationship, &path, &input, &content)
        .unwrap()
        .file
        .id
}

struct Corpus {
    acme: i64,
    past: i64,
    private: i64,
    current: i64,
    later: i64,
    deck: i64,
}

/// Acme: a past meeting, a meeting kept from the model, the meeting in progress, a file
/// and a file brought to the private meeting; Beta: the same words.
fn corpus(s: &Store) -> Corpus {
    let acme = s
        .create_relationship(&NewRelationship::new("Acme AI", RelationshipType::Deal))
        .unwrap()
        .id;
    let beta = s
        .create_relationship(&NewRelationship::new("Beta", RelationshipType::Deal))
        .unwrap()
        .id;
    let past = meeting_of(s, acme, "Acme screening", "2026-09-01T01:00:00Z", true);
    let private = meeting_of(s, acme, "Acme founder 1:1", "2026-09-15T01:00:00Z", false);
    let current = meeting_of(s, acme, "Acme follow-up", "2026-10-01T01:00:00Z", true);
    let other = meeting_of(s, beta, "Beta intro", "2026-09-02T01:00:00Z", true);
    // Imported after the meeting in progress began: not its past.
    let later = meeting_of(s, acme, "Acme board", "2026-10-20T01:00:00Z", true);
    for (m, text) in [
        (past, "저희 런웨이는 18개월입니다"),
        (private, "Runway is the co-founder's worry"),
        (current, "What is the runway now?"),
        (other, "Our runway is 30 months"),
        (later, "Runway after the board: 12 months"),
    ] {
        s.add_segment(&segment(m, SegmentSource::Them, 60_000, text))
            .unwrap();
        s.add_note(m, &format!("note: {text}")).unwrap();
        let summary = SummaryInput {
            content: format!("summary: {text}"),
            ..SummaryInput::default()
        };
        s.save_summary(m, &summary).unwrap();
    }
    let deck = file(s, acme, None, "plan.pdf", "Runway plan: 18 months of cash");
    file(
        s,
        acme,
        Some(private),
        "secret.pdf",
        "Runway if the sale fails",
    );
    file(s, beta, None, "beta.pdf", "Runway of Beta");
    Corpus {
        acme,
        past,
        private,
        current,
        later,
        deck,
    }
}

#[test]
fn recall_keeps_to_the_relationship_and_what_the_model_may_see() {
    let s = test_store();
    let c = corpus(&s);
    let terms = vec!["런웨이".to_owned(), "runway".to_owned()];
    let found = s
        .recall_passages(&RecallQuery {
            relationship_id: c.acme,
            except_meeting_id: Some(c.current),
            terms: &terms,
            per_kind: 10,
            excerpt_words: 16,
        })
        .unwrap();
    let kinds: Vec<PassageKind> = found.iter().map(|p| p.kind).collect();
    assert_eq!(
        kinds,
        PassageKind::ALL,
        "one of each kind, from the past meeting and the plan: {found:#?}"
    );
    for p in &found {
        match p.kind {
            PassageKind::FilePart => {
                assert_eq!(p.file_id, Some(c.deck));
                assert_eq!(p.file_name.as_deref(), Some("plan.pdf"));
                assert_eq!(p.place.as_deref(), Some("p.3"));
                assert!(p.at.starts_with("20"), "{p:?}");
            }
            _ => {
                assert_eq!(p.meeting_id, Some(c.past));
                assert_eq!(p.meeting_title.as_deref(), Some("Acme screening"));
                assert_eq!(p.at, "2026-09-01T01:00:00Z");
            }
        }
        assert!(
            p.excerpt.contains("런웨이") || p.excerpt.contains("Runway"),
            "{p:?}"
        );
    }
    assert_eq!(found[0].start_ms, Some(60_000));

    // Without a meeting in progress, every meeting is the past; the private meeting's
    // words still never come back.
    let all = s
        .recall_passages(&RecallQuery {
            relationship_id: c.acme,
            except_meeting_id: None,
            terms: &terms,
            per_kind: 10,
            excerpt_words: 16,
        })
        .unwrap();
    assert!(all.iter().any(|p| p.meeting_id == Some(c.current)));
    assert!(all.iter().any(|p| p.meeting_id == Some(c.later)));
    assert!(all.iter().all(|p| p.meeting_id != Some(c.private)));
    assert!(
        all.iter()
            .all(|p| p.file_name.as_deref() != Some("secret.pdf"))
    );
}

#[test]
fn terms_that_are_no_words_recall_nothing_and_latest_summaries_skip_the_private() {
    let s = test_store();
    let c = corpus(&s);
    let terms = vec!["\"*".to_owned(), " ".to_owned()];
    let q = RecallQuery {
        relationship_id: c.acme,
        except_meeting_id: Some(c.current),
        terms: &terms,
        per_kind: 10,
        excerpt_words: 16,
    };
    assert!(s.recall_passages(&q).unwrap().is_empty());
    let tricky = vec!["NEAR(a OR".to_owned(), "runway\"".to_owned()];
    let q = RecallQuery {
        terms: &tricky,
        ..q
    };
    assert!(
        !s.recall_passages(&q).unwrap().is_empty(),
        "query syntax is quoted"
    );

    let latest = s
        .latest_summary_passages(c.acme, Some(c.current), 10)
        .unwrap();
    let meetings: Vec<Option<i64>> = latest.iter().map(|p| p.meeting_id).collect();
    assert_eq!(meetings, [Some(c.past)]);
    assert_eq!(latest[0].excerpt, "summary: 저희 런웨이는 18개월입니다");
}
