//! The user's checklists: items of a meeting type's checklist (the shipped ones too)
//! added, edited, moved and deleted; a relationship's own checklist; the glossary's
//! terms added, edited, deleted and searched.

use onno_store::{
    Difficulty, ErrorKind, MeetingType, NewChecklistItem, NewGlossaryTerm, NewMeeting,
    NewRelationship, Page, RelationshipType, Store,
};

use crate::test_store;

fn item(text: &str, keywords: &[&str]) -> NewChecklistItem {
    NewChecklistItem {
        text: text.into(),
        keywords: keywords.iter().map(|k| (*k).to_owned()).collect(),
    }
}

/// The shipped checklist of a meeting type.
fn builtin(store: &Store, kind: MeetingType) -> onno_store::Checklist {
    let list = store.checklists(Some(kind)).unwrap().remove(0);
    assert!(list.builtin);
    list
}

fn texts(list: &onno_store::Checklist) -> Vec<String> {
    list.items.iter().map(|i| i.text.clone()).collect()
}

fn positions(list: &onno_store::Checklist) -> Vec<u32> {
    list.items.iter().map(|i| i.position).collect()
}

#[test]
fn a_shipped_checklist_takes_new_items_at_the_end_and_edits() {
    let s = test_store();
    let list = builtin(&s, MeetingType::Sales);
    let count = list.items.len();
    let added = s
        .add_checklist_item(
            list.id,
            &item(
                "  보안 심사 일정  ",
                &["보안 심사", " ", "security review", "SECURITY REVIEW"],
            ),
        )
        .unwrap();
    assert_eq!(added.position as usize, count + 1);
    assert_eq!(added.text, "보안 심사 일정");
    assert_eq!(added.keywords, ["보안 심사", "security review"]);

    let first = list.items[0].id;
    let edited = s
        .edit_checklist_item(first, &item("Budget owner", &["budget", "예산"]))
        .unwrap();
    assert_eq!((edited.position, edited.text.as_str()), (1, "Budget owner"));
    let now = s.checklist(list.id).unwrap();
    assert_eq!(now.items[0].keywords, ["budget", "예산"]);
    assert_eq!(now.items.len(), count + 1);
    assert_eq!(positions(&now), (1..=count as u32 + 1).collect::<Vec<_>>());
}

#[test]
fn deleting_and_moving_keep_positions_contiguous() {
    let s = test_store();
    let list = s
        .create_checklist(
            "Mine",
            MeetingType::General,
            &[
                item("a", &[]),
                item("b", &[]),
                item("c", &[]),
                item("d", &[]),
            ],
        )
        .unwrap();
    let id = |n: usize| list.items[n].id;

    s.delete_checklist_item(id(1)).unwrap();
    let now = s.checklist(list.id).unwrap();
    assert_eq!(texts(&now), ["a", "c", "d"]);
    assert_eq!(positions(&now), [1, 2, 3]);

    let moved = s.move_checklist_item(id(3), 1).unwrap();
    assert_eq!(texts(&moved), ["d", "a", "c"]);
    assert_eq!(positions(&moved), [1, 2, 3]);
    let moved = s.move_checklist_item(id(3), 3).unwrap();
    assert_eq!(texts(&moved), ["a", "c", "d"]);

    // An item added after a delete goes after the last, not into the gap.
    let e = s.add_checklist_item(list.id, &item("e", &[])).unwrap();
    assert_eq!(e.position, 4);

    let deletes = s.audit_log(Page::default()).unwrap().items;
    assert!(
        deletes
            .iter()
            .any(|a| a.action == "delete" && a.resource == format!("checklist_item/{}", id(1)))
    );
}

#[test]
fn bad_checklist_input_is_refused_with_a_reason() {
    let s = test_store();
    let list = builtin(&s, MeetingType::Mentoring);
    let kind = |e: onno_store::StoreError| (e.kind(), e.to_string());

    let (k, msg) = kind(
        s.add_checklist_item(list.id, &item("   ", &["x"]))
            .unwrap_err(),
    );
    assert_eq!(k, ErrorKind::Invalid);
    assert!(
        msg.contains("checklist item") && msg.contains("empty"),
        "{msg}"
    );

    let long = "가".repeat(501);
    let (k, msg) = kind(
        s.add_checklist_item(list.id, &item(&long, &[]))
            .unwrap_err(),
    );
    assert_eq!(k, ErrorKind::Invalid);
    assert!(msg.contains("501") && msg.contains("500"), "{msg}");

    let many: Vec<String> = (0..51).map(|i| format!("k{i}")).collect();
    let many: Vec<&str> = many.iter().map(String::as_str).collect();
    let err = s
        .add_checklist_item(list.id, &item("ok", &many))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);

    let missing = [
        s.add_checklist_item(9_999, &item("ok", &[])).unwrap_err(),
        s.edit_checklist_item(9_999, &item("ok", &[])).unwrap_err(),
        s.delete_checklist_item(9_999).unwrap_err(),
        s.move_checklist_item(9_999, 1).unwrap_err(),
    ];
    for err in missing {
        assert_eq!(err.kind(), ErrorKind::NotFound, "{err}");
    }
    let first = list.items[0].id;
    for position in [0, list.items.len() as u32 + 1] {
        let err = s.move_checklist_item(first, position).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::Invalid, "{err}");
    }
    assert_eq!(s.checklist(list.id).unwrap(), list, "nothing changed");
}

#[test]
fn a_relationship_has_its_own_checklist_apart_from_the_meeting_types() {
    let s = test_store();
    let acme = s
        .create_relationship(&NewRelationship::new("Acme AI", RelationshipType::Deal))
        .unwrap()
        .id;
    assert_eq!(s.relationship_checklist(acme).unwrap(), None);
    let general_before = s.checklists(Some(MeetingType::General)).unwrap();

    s.add_relationship_checklist_item(acme, &item("특허 현황", &["특허", "patent"]))
        .unwrap();
    let second = s
        .add_relationship_checklist_item(acme, &item("Cap table", &["cap table"]))
        .unwrap();
    assert_eq!(second.position, 2);
    let own = s.relationship_checklist(acme).unwrap().unwrap();
    assert_eq!(
        (own.name.as_str(), own.relationship_id),
        ("Acme AI", Some(acme))
    );
    assert_eq!(texts(&own), ["특허 현황", "Cap table"]);

    // Not a meeting type's checklist: not listed there, and a new meeting of that
    // type still gets the shipped one.
    assert_eq!(
        s.checklists(Some(MeetingType::General)).unwrap(),
        general_before
    );
    let mut m = NewMeeting::new("Acme", MeetingType::General, "2026-11-02T10:00:00Z");
    m.relationship_id = Some(acme);
    let meeting = s.create_meeting(&m).unwrap();
    assert_eq!(meeting.checklist_id, Some(general_before[0].id));

    // Its items are edited like any other; the relationship's deletion takes it.
    s.move_checklist_item(second.id, 1).unwrap();
    assert_eq!(
        texts(&s.relationship_checklist(acme).unwrap().unwrap()),
        ["Cap table", "특허 현황"]
    );
    s.delete_relationship(acme).unwrap();
    assert_eq!(s.checklist(own.id).unwrap_err().kind(), ErrorKind::NotFound);

    let err = s.relationship_checklist(acme).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
    let err = s
        .add_relationship_checklist_item(acme, &item("x", &[]))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::NotFound);
}

fn term(name: &str, aliases: &[&str]) -> NewGlossaryTerm {
    NewGlossaryTerm {
        term: name.into(),
        aliases: aliases.iter().map(|a| (*a).to_owned()).collect(),
        definition_en: "What is left after the deal.".into(),
        definition_ko: "거래 후 남는 것.".into(),
        example: String::new(),
        category: " ".into(),
        difficulty: Difficulty::Basic,
    }
}

#[test]
fn glossary_terms_are_added_edited_and_deleted() {
    let s = test_store();
    let before = s.glossary(Page::default()).unwrap().total;
    let added = s
        .add_glossary_term(&term(
            " Tail ",
            &["꼬리", "", "tail", "TAIL END", "tail end"],
        ))
        .unwrap();
    assert_eq!(added.fields.term, "Tail");
    assert_eq!(added.fields.aliases, ["꼬리", "TAIL END"]);
    assert_eq!(added.fields.category, "general");
    assert_eq!(s.glossary(Page::default()).unwrap().total, before + 1);

    let mut changed = term("Tail risk", &["꼬리 위험"]);
    changed.definition_ko = "드물지만 큰 손실의 위험.".into();
    let edited = s.edit_glossary_term(added.id, &changed).unwrap();
    assert_eq!(edited.id, added.id);
    assert_eq!(s.glossary_lookup("꼬리 위험").unwrap().unwrap(), edited);
    assert!(s.glossary_lookup("꼬리").unwrap().is_none());

    // A shipped term is edited the same way.
    let mrr = s.glossary_lookup("MRR").unwrap().unwrap();
    let mut fields = mrr.fields.clone();
    fields.definition_en = "Monthly recurring revenue, as we count it.".into();
    s.edit_glossary_term(mrr.id, &fields).unwrap();
    assert_eq!(
        s.glossary_term(mrr.id).unwrap().fields.definition_en,
        "Monthly recurring revenue, as we count it."
    );

    s.delete_glossary_term(added.id).unwrap();
    assert_eq!(s.glossary(Page::default()).unwrap().total, before);
    assert_eq!(
        s.glossary_term(added.id).unwrap_err().kind(),
        ErrorKind::NotFound
    );
}

#[test]
fn glossary_input_is_checked() {
    let s = test_store();
    // A name taken by another term, in any case, is refused on add and on rename.
    let err = s.add_glossary_term(&term("mrr", &[])).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    assert!(err.to_string().contains("already in the glossary"), "{err}");
    let runway = s.glossary_lookup("runway").unwrap().unwrap();
    let err = s
        .edit_glossary_term(runway.id, &term("MRR", &[]))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    // Renaming a term to its own name in another case is fine.
    let renamed = s
        .edit_glossary_term(runway.id, &term("RUNWAY", &[]))
        .unwrap();
    assert_eq!(renamed.fields.term, "RUNWAY");

    let mut blank = term("Blank", &[]);
    blank.definition_ko = "  ".into();
    let err = s.add_glossary_term(&blank).unwrap_err();
    assert!(err.to_string().contains("Korean definition"), "{err}");
    let err = s
        .add_glossary_term(&term(&"x".repeat(101), &[]))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Invalid);
    for err in [
        s.edit_glossary_term(9_999, &term("New", &[])).unwrap_err(),
        s.delete_glossary_term(9_999).unwrap_err(),
    ] {
        assert_eq!(err.kind(), ErrorKind::NotFound);
    }
}

#[test]
fn the_glossary_is_searched_by_name_alias_and_definition() {
    let s = test_store();
    let all = s.search_glossary("  ", Page::default()).unwrap();
    assert_eq!(all.total, s.glossary(Page::default()).unwrap().total);

    let by_alias = s.search_glossary("월간 반복", Page::default()).unwrap();
    assert!(
        by_alias.items.iter().any(|t| t.fields.term == "MRR"),
        "{by_alias:?}"
    );
    let by_name = s.search_glossary("mrr", Page::default()).unwrap();
    assert!(by_name.items.iter().any(|t| t.fields.term == "MRR"));

    s.add_glossary_term(&term("Odd_term", &[])).unwrap();
    // "_" is matched as itself, not as any one character.
    let odd = s.search_glossary("d_t", Page::default()).unwrap();
    assert_eq!(odd.items.len(), 1, "{odd:?}");
    assert_eq!(
        s.search_glossary("no such jargon", Page::default())
            .unwrap()
            .total,
        0
    );

    let page = s.search_glossary("", Page::new(2, 0)).unwrap();
    assert_eq!(page.items.len(), 2);
    assert!(page.has_more);
}
