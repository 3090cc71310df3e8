//! Clauses, negation and owners on their own; the pairing they decide is checked
//! through the spotter at the end, and on the labelled transcripts by the tests in
//! `tests/it/labelled.rs`.

use std::collections::HashSet;

use super::owners::{Role, korean_role};
use super::*;
use crate::cues::{CLAUSE_BREAKS, METRIC_CUES, UNIT_CUES};
use crate::number::{Kind, scan};
use crate::phrases::PhraseSet;
use crate::spot::{fits, spotter};
use crate::text::{Class, normalize};

/// Sentences as the spotter splits them, near enough for these short texts.
fn sentences(t: &[NChar]) -> Vec<u32> {
    let mut id = 0;
    let mut out = Vec::with_capacity(t.len() + 1);
    for (i, n) in t.iter().enumerate() {
        out.push(id);
        let digit = |j: Option<usize>| {
            j.and_then(|j| t.get(j))
                .is_some_and(|d| d.class == Class::Digit)
        };
        if matches!(n.c, '.' | '?' | '!') && !(digit(i.checked_sub(1)) && digit(Some(i + 1))) {
            id += 1;
        }
    }
    out.push(id);
    out
}

fn clauses_of(text: &str) -> Clauses {
    let t = normalize(text);
    let mut breaks = PhraseSet::new();
    for b in CLAUSE_BREAKS {
        breaks.add(b, (), &HashSet::new());
    }
    Clauses::new(&t, &sentences(&t), &breaks.find(&t))
}

/// The text of each clause, and whether it denies something.
fn split(text: &str) -> Vec<(String, bool)> {
    let c = clauses_of(text);
    let mut out: Vec<(String, bool)> = Vec::new();
    for w in &c.words {
        let id = c.of(w.first) as usize;
        if out.len() <= id {
            out.resize(id + 1, (String::new(), false));
        }
        let (clause, negated) = &mut out[id];
        if !clause.is_empty() {
            clause.push(' ');
        }
        clause.push_str(&w.text);
        *negated = c.denied(id as u32);
    }
    out.retain(|(clause, _)| !clause.is_empty());
    out
}

fn clause_texts(text: &str) -> Vec<String> {
    split(text).into_iter().map(|(c, _)| c).collect()
}

fn denied(text: &str) -> Vec<bool> {
    split(text).into_iter().map(|(_, d)| d).collect()
}

/// Each figure's owner, written as the owning words ("pool", "churn*" for a name
/// the figure fits, "team-" for one it does not), "nobody" or "pointer".
fn owners(text: &str) -> Vec<String> {
    let t = normalize(text);
    let clauses = clauses_of(text);
    let mut cues = PhraseSet::new();
    for (tables, unit_only) in [(METRIC_CUES, false), (UNIT_CUES, true)] {
        for (key, names) in tables {
            for name in *names {
                cues.add(name, (*key, unit_only), &HashSet::new());
            }
        }
    }
    let names: Vec<Name> = cues
        .find(&t)
        .into_iter()
        .map(|h| Name {
            first: h.first,
            last: h.last,
            key: h.payload.0,
            unit_only: h.payload.1,
        })
        .collect();
    let quantities: Vec<Quantity> = scan(&t)
        .into_iter()
        .filter(|q| q.kind != Kind::Other)
        .collect();
    let claims = Claims::new(&clauses, &quantities, names.clone(), fits);
    let word = |first: usize, last: usize| -> String {
        t.get(first..last)
            .unwrap_or_default()
            .iter()
            .map(|n| n.c)
            .collect()
    };
    claims
        .owners
        .iter()
        .map(|o| match *o {
            Owner::Nobody => "nobody".to_owned(),
            Owner::Pointer => "pointer".to_owned(),
            Owner::Subject => "subject".to_owned(),
            Owner::Other => "other".to_owned(),
            Owner::Name { name, fits } => {
                let n = names[name];
                format!("{}{}", word(n.first, n.last), if fits { "*" } else { "-" })
            }
        })
        .collect()
}

#[test]
fn clauses_end_at_breaks_connectives_and_clause_words() {
    assert_eq!(
        clause_texts("스톡옵션 풀을 12퍼센트로 늘렸고, 이탈은 아직 없습니다"),
        ["스톡옵션 풀을 12퍼센트로 늘렸고", "이탈은 아직 없습니다"]
    );
    assert_eq!(
        clause_texts("MRR이 50K 정도고 런웨이는 18개월이에요"),
        ["mrr이 50k 정도고", "런웨이는 18개월이에요"]
    );
    assert_eq!(
        clause_texts("마케팅 예산을 30% 줄였는데 성장은 그대로예요"),
        ["마케팅 예산을 30% 줄였는데", "성장은 그대로예요"]
    );
    assert_eq!(
        clause_texts("NRR은 110%고 해지율은 1%예요"),
        ["nrr은 110%고", "해지율은 1%예요"]
    );
    // A conjunction the spotter already counts parts the clauses once.
    assert_eq!(
        clause_texts("이탈률은 3% 그리고 성장률은 10%"),
        ["이탈률은 3% 그리고", "성장률은 10%"]
    );
    // Nouns that end like a connective are not one.
    assert_eq!(
        clause_texts("광고 매출은 3억이에요"),
        ["광고 매출은 3억이에요"]
    );
    assert_eq!(
        clause_texts("our burn is $250K a month, which gives us 22 months"),
        ["our burn is $250k a month", "which gives us 22 months"]
    );
    assert_eq!(
        clause_texts("MRR is $50K so we are fine"),
        ["mrr is $50k", "so we are fine"]
    );
}

#[test]
fn a_break_right_after_a_name_still_parts_it_from_what_follows() {
    let c = clauses_of("churn, about 2%");
    assert_eq!(c.between(5, 6), 1); // "churn" ends at 5, where the comma is
    assert_eq!(c.between(0, 5), 0);
}

#[test]
fn negation_in_korean() {
    assert_eq!(denied("이탈은 아직 없습니다"), [true]);
    assert_eq!(denied("매출은 아직 없어요"), [true]);
    assert_eq!(denied("MRR은 아직 1억이 안 돼요"), [true]);
    assert_eq!(denied("MRR은 아직 1억이 안돼요"), [true]);
    assert_eq!(denied("CAC는 아직 제대로 측정을 못 했어요"), [true]);
    assert_eq!(denied("해지율이 2%는 아니고 1.5% 정도예요"), [true, false]);
    assert_eq!(denied("이탈률이 3%를 넘지 않아요"), [true]);
    // "밖에 안" is "only"; "끊임없이" is "steadily"; "아니면" is "or else".
    assert_eq!(denied("이탈률이 1%밖에 안 돼요"), [false]);
    assert_eq!(denied("CAC가 4만 원 정도밖에 안 돼요"), [false]);
    assert_eq!(denied("매출이 끊임없이 늘어요"), [false]);
    assert_eq!(denied("아니면 3% 정도예요"), [false, false]);
    assert_eq!(denied("한 달 안에 다시 주문해요"), [false]);
}

#[test]
fn negation_in_english() {
    assert_eq!(denied("no churn yet"), [true]);
    assert_eq!(denied("we haven't measured churn"), [true]);
    assert_eq!(denied("churn isn't 5%, it's 3%"), [true, false]);
    assert_eq!(denied("we havent hit 1M ARR"), [true]);
    assert_eq!(
        denied("we don't have revenue yet; the pilots start in June"),
        [true, false]
    );
    assert_eq!(denied("not only is churn 2%"), [false]);
    assert_eq!(denied("MRR is $50K, not bad"), [false, true]);
}

#[test]
fn korean_particles_tell_topic_subject_and_object() {
    assert_eq!(korean_role("이탈률은"), Role::Subject);
    assert_eq!(korean_role("매출이"), Role::Subject);
    assert_eq!(korean_role("수수료가"), Role::Subject);
    assert_eq!(korean_role("MRR이"), Role::Subject);
    assert_eq!(korean_role("풀을"), Role::Object);
    assert_eq!(korean_role("할인을"), Role::Object);
    assert_eq!(korean_role("pool을"), Role::Object);
    assert_eq!(korean_role("결제액의"), Role::Genitive);
    // The last syllable is part of the word, not a particle.
    assert_eq!(korean_role("차이"), Role::Other);
    assert_eq!(korean_role("단가"), Role::Other);
    assert_eq!(korean_role("있는"), Role::Other);
    // Times, pronouns, adverbs and places take particles without owning anything.
    assert_eq!(korean_role("지금은"), Role::Other);
    assert_eq!(korean_role("저희는"), Role::Other);
    assert_eq!(korean_role("많이"), Role::Other);
    assert_eq!(korean_role("작년에는"), Role::Other);
    assert_eq!(korean_role("정도가"), Role::Other);
    assert_eq!(korean_role("은"), Role::Other);
    assert_eq!(korean_role(""), Role::Other);
}

#[test]
fn owners_in_korean() {
    assert_eq!(owners("스톡옵션 풀을 12퍼센트로 늘렸고"), ["other"]);
    assert_eq!(owners("할인을 20%로 해줬는데"), ["other"]);
    assert_eq!(owners("이탈률은 3%입니다"), ["이탈률*"]);
    assert_eq!(owners("월 매출 5천만 원"), ["매출*"]);
    assert_eq!(owners("1억 2천 정도 매출이 나와요"), ["매출*"]);
    assert_eq!(owners("매출이 20% 늘었어요"), ["늘었*"]);
    assert_eq!(owners("매출이 전월 대비 20% 늘었어요"), ["늘었*"]);
    assert_eq!(owners("지금 41명이에요"), ["nobody"]);
    assert_eq!(owners("수수료가 15%라서"), ["subject"]);
    assert_eq!(owners("수수료는 결제액의 0.9%를 받아요"), ["subject"]);
    assert_eq!(owners("결제액의 0.9%를 받아요"), ["결제액-"]);
    assert_eq!(owners("20% 할인을 해줬는데"), ["other"]);
    assert_eq!(
        owners("MRR이 4만 달러에서 5만 달러로 늘었어요"),
        ["mrr*", "늘었-"]
    );
}

#[test]
fn owners_in_english() {
    assert_eq!(owners("the option pool is 10%"), ["subject"]);
    assert_eq!(owners("we grew the option pool to 12%"), ["subject"]);
    assert_eq!(owners("we cut paid marketing by 40%"), ["subject"]);
    assert_eq!(owners("we gave them a 20% discount"), ["other"]);
    assert_eq!(owners("$7M in the bank"), ["other"]);
    assert_eq!(owners("30% of our users are in Seoul"), ["other"]);
    assert_eq!(owners("10% of the team left"), ["team-"]);
    assert_eq!(owners("about 30% of trial users convert"), ["convert*"]);
    assert_eq!(owners("MRR is $50K"), ["mrr*"]);
    assert_eq!(owners("churn fell to 2% in March"), ["churn*"]);
    assert_eq!(owners("churn for enterprise customers is 2%"), ["churn*"]);
    assert_eq!(owners("revenue for the month was $412K"), ["revenue*"]);
    assert_eq!(owners("revenue last year was $3.2 million"), ["revenue*"]);
    assert_eq!(owners("burn multiple came in at 1.3"), ["burn multiple*"]);
    assert_eq!(owners("$48K in monthly revenue"), ["revenue*"]);
    assert_eq!(owners("20 months of runway"), ["runway*"]);
    assert_eq!(owners("the team is 40% engineers"), ["team-"]);
    assert_eq!(owners("it's 3%"), ["pointer"]);
    assert_eq!(owners("we're at about $800K"), ["pointer"]);
    assert_eq!(owners("we closed last year at $1.6M"), ["nobody"]);
    assert_eq!(owners("about 2% in March"), ["nobody"]);
    assert_eq!(owners("$200K a month"), ["nobody"]);
}

/// The figures set aside in `text`, as "key value reason".
fn set_aside(text: &str) -> Vec<String> {
    spotter()
        .spot(text, &normalize(text), &[])
        .set_aside
        .iter()
        .map(|s| {
            let reason = match s.reason {
                NotAFact::OtherClaim => "other_claim",
                NotAFact::Negated => "negated",
            };
            format!("{} {} {reason}", s.metric.key.as_str(), s.metric.value)
        })
        .collect()
}

#[test]
fn figures_set_aside_say_why() {
    assert_eq!(
        set_aside("스톡옵션 풀을 12퍼센트로 늘렸고, 이탈은 아직 없습니다"),
        ["churn 12 other_claim"]
    );
    assert_eq!(
        set_aside("we gave a 20% discount and churn stayed flat"),
        ["churn 20 other_claim"]
    );
    assert_eq!(set_aside("churn isn't 5%, it's 3%"), ["churn 5 negated"]);
    assert_eq!(
        set_aside("MRR은 아직 1억이 안 돼요"),
        ["mrr 100000000 negated"]
    );
    assert_eq!(set_aside("이탈률은 3%입니다"), Vec::<String>::new());
    // Churn takes its own figure first: the discount's was never left to refuse.
    assert_eq!(
        set_aside("할인을 20%로 해줬는데 이탈률은 3%예요"),
        Vec::<String>::new()
    );
}

#[test]
fn an_answer_to_a_question_must_be_free() {
    let answer = |text: &str| -> Vec<String> {
        spotter()
            .spot(text, &normalize(text), &[MetricKey::Churn])
            .metrics
            .iter()
            .map(|m| format!("{} {}", m.key.as_str(), m.value))
            .collect()
    };
    // "What's your churn?" and then:
    assert_eq!(answer("About 2% a month."), ["churn 2"]);
    assert_eq!(
        answer("We gave a 20% discount last month."),
        Vec::<String>::new()
    );
    assert_eq!(answer("We don't have 5% yet."), Vec::<String>::new());
    // "Take rate은요?" / "수수료가 15%라서…": the answer may name it in its own words.
    let text = "수수료가 15%라서 매출로는 월 3천5백만 원 정도 잡혀요.";
    let found = spotter().spot(text, &normalize(text), &[MetricKey::TakeRate]);
    assert_eq!(found.metrics[0].key, MetricKey::TakeRate);
}
