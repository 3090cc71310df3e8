use onno_store::{
    Benchmark, Difficulty, ErrorKind, MeetingType, NewChecklistItem, NewGlossaryTerm,
};

use crate::test_store;

#[test]
fn the_starter_glossary_answers_to_english_and_korean_names() {
    let s = test_store();
    for word in [
        "MRR",
        "mrr",
        "월간 반복 매출",
        "runway",
        "LTV",
        "CAC",
        "churn",
        "TAM",
        "GMV",
    ] {
        let term = s.glossary_lookup(word).unwrap();
        assert!(term.is_some(), "{word} should be in the glossary");
        let term = term.unwrap();
        assert!(!term.fields.definition_ko.is_empty() && !term.fields.definition_en.is_empty());
    }
    assert!(s.glossary_lookup("no such jargon").unwrap().is_none());
}

#[test]
fn user_terms_are_added_and_replaced_by_name() {
    let s = test_store();
    let mut term = NewGlossaryTerm {
        term: "Rule of 40".into(),
        aliases: vec!["40의 법칙".into()],
        definition_en: "Growth rate plus profit margin should exceed 40%.".into(),
        definition_ko: "성장률과 이익률의 합이 40%를 넘어야 한다는 기준.".into(),
        example: "Rule of 40 기준으로 보면 괜찮아요".into(),
        category: "growth".into(),
        difficulty: Difficulty::Intermediate,
    };
    let before = s.glossary(Default::default()).unwrap().total;
    s.save_glossary_term(&term).unwrap();
    term.difficulty = Difficulty::Advanced;
    let saved = s.save_glossary_term(&term).unwrap();
    assert_eq!(saved.fields.difficulty, Difficulty::Advanced);
    assert_eq!(s.glossary(Default::default()).unwrap().total, before + 1);
    assert_eq!(
        s.glossary_lookup("40의 법칙").unwrap().unwrap().id,
        saved.id
    );
}

#[test]
fn benchmarks_are_unique_per_metric_industry_and_stage() {
    let s = test_store();
    let shipped = s.benchmarks().unwrap();
    assert!(
        shipped
            .iter()
            .all(|b| b.p25 <= b.p50 && b.p50 <= b.p75 && !b.source.is_empty())
    );

    let mut b = Benchmark {
        metric: "demo_metric".into(),
        industry: "saas".into(),
        stage: "seed".into(),
        p25: 1.0,
        p50: 2.0,
        p75: 3.0,
        unit: "%".into(),
        source: "test".into(),
    };
    s.save_benchmark(&b).unwrap();
    b.p75 = 4.0;
    s.save_benchmark(&b).unwrap();
    assert_eq!(
        s.benchmark("demo_metric", "saas", "seed").unwrap(),
        Some(b.clone())
    );
    assert_eq!(s.benchmarks().unwrap().len(), shipped.len() + 1);
    b.p25 = 10.0;
    assert_eq!(s.save_benchmark(&b).unwrap_err().kind(), ErrorKind::Invalid);
}

#[test]
fn every_meeting_type_has_a_builtin_checklist_and_users_can_add_their_own() {
    let s = test_store();
    for kind in MeetingType::ALL {
        let lists = s.checklists(Some(*kind)).unwrap();
        assert!(
            lists.iter().any(|c| c.builtin && !c.items.is_empty()),
            "{kind}"
        );
        assert!(
            lists
                .iter()
                .flat_map(|c| &c.items)
                .all(|i| !i.keywords.is_empty())
        );
    }
    let mine = s
        .create_checklist(
            "My sales call",
            MeetingType::Sales,
            &[NewChecklistItem {
                text: "Budget".into(),
                keywords: vec!["budget".into(), "예산".into()],
            }],
        )
        .unwrap();
    assert!(!mine.builtin);
    assert_eq!(mine.items[0].position, 1);
    assert_eq!(s.checklists(Some(MeetingType::Sales)).unwrap().len(), 2);
}
