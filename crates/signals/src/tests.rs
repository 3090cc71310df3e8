//! Metric spotting, case by case: `check(text, ["key value unit", ...])`, with the
//! period appended when one was said ("revenue 50000000 KRW monthly").

use crate::{Metric, Period, spot_metrics};

fn show(m: &Metric) -> String {
    let mut s = format!("{} {} {}", m.key.as_str(), m.value, m.unit_label());
    match m.period {
        Some(Period::Monthly) => s.push_str(" monthly"),
        Some(Period::Annual) => s.push_str(" annual"),
        None => {}
    }
    s
}

#[track_caller]
fn check(text: &str, expected: &[&str]) {
    let found: Vec<String> = spot_metrics(text).iter().map(show).collect();
    assert_eq!(found, expected, "in {text:?}");
}

#[test]
fn english_money() {
    check("MRR is $50K", &["mrr 50000 USD"]);
    check("ARR 1.2M dollars", &["arr 1200000 USD"]);
    check("We just crossed $1.5M ARR.", &["arr 1500000 USD"]);
    check("CAC $30", &["cac 30 USD"]);
    check("LTV 900 dollars", &["ltv 900 USD"]);
    check(
        "CAC is $30 and LTV is 900 dollars",
        &["cac 30 USD", "ltv 900 USD"],
    );
    check("burn rate $200k a month", &["burn 200000 USD monthly"]);
    check(
        "we're burning about 150K per month",
        &["burn 150000 USD monthly"],
    );
    check(
        "revenue last year was $3.2 million",
        &["revenue 3200000 USD"],
    );
    check("GMV hit 12 million dollars", &["gmv 12000000 USD"]);
    check(
        "raising at a $20M pre-money valuation",
        &["valuation 20000000 USD"],
    );
}

#[test]
fn korean_money() {
    check("월 매출 5천만원", &["revenue 50000000 KRW monthly"]);
    check("매출은 1.2억 정도 나와요", &["revenue 120000000 KRW"]);
    check("연 매출이 10억이에요", &["revenue 1000000000 KRW annual"]);
    check("GMV 10억", &["gmv 1000000000 KRW"]);
    check("작년 거래액이 300억이었어요", &["gmv 30000000000 KRW"]);
    check(
        "월 번레이트가 2억 정도예요",
        &["burn 200000000 KRW monthly"],
    );
    check(
        "CAC가 3만 원이고 LTV는 60만 원이에요",
        &["cac 30000 KRW", "ltv 600000 KRW"],
    );
    check("객단가가 3만 2천 원", &["aov 32000 KRW"]);
    check("1억 2천 정도 매출이 나와요", &["revenue 120000000 KRW"]);
    check("프리머니 80억에 20억 투자", &["valuation 8000000000 KRW"]);
}

#[test]
fn code_switching() {
    check("MRR이 50K 정도예요", &["mrr 50000 USD"]);
    check("ARR 기준으로 2M 달러 넘었습니다", &["arr 2000000 USD"]);
    check("저희 churn은 월 3% 정도예요", &["churn 3 % monthly"]);
    check("MoM 15%씩 성장했어요", &["growth 15 % monthly"]);
    check("LTV/CAC가 4 정도라서", &["ltv_cac 4 ratio"]);
    check("burn multiple이 1.5였는데", &["burn_multiple 1.5 ratio"]);
}

#[test]
fn percents_go_to_the_nearest_percent_metric() {
    check("30% churn", &["churn 30 %"]);
    check("30% growth", &["growth 30 %"]);
    check("churn is 3% monthly", &["churn 3 % monthly"]);
    check("growth 15% MoM", &["growth 15 % monthly"]);
    check(
        "churn is about 2% and we grow 12% month over month",
        &["churn 2 %", "growth 12 % monthly"],
    );
    check("gross margin is 78%", &["gross_margin 78 %"]);
    check("NRR이 120% 나와요", &["nrr 120 %"]);
    check("take rate가 12%예요", &["take_rate 12 %"]);
    check("전환율이 8% 정도예요", &["conversion 8 %"]);
    check("매출이 전월 대비 20% 늘었어요", &["growth 20 % monthly"]);
    check("YoY로 200% 성장", &["growth 200 % annual"]);
    check("DAU/MAU가 35%라서", &["dau_mau 35 %"]);
    check("이탈률이 30프로예요", &["churn 30 %"]);
}

#[test]
fn another_partys_team_is_not_the_head_count() {
    check("we're a team of 28 now", &["headcount 28 people"]);
    check("Our team is 35 people", &["headcount 35 people"]);
    check("it was too expensive for a team of 25", &[]);
    check("our customers' teams range from 40 to 300 engineers", &[]);
    check("the client's team is 12 people", &[]);
    check("a prospect’s team of 9", &[]);
}

#[test]
fn months_and_people_do_not_mix() {
    check("런웨이 18개월", &["runway 18 months"]);
    check("런웨이 18명", &[]);
    check("직원은 18개월", &[]);
    check("headcount 25명", &["headcount 25 people"]);
    check("팀은 12명이에요", &["headcount 12 people"]);
    check("we have 25 employees", &["headcount 25 people"]);
    check("a team of 14", &["headcount 14 people"]);
    check("runway is about 18 months", &["runway 18 months"]);
    check("18 months of runway", &["runway 18 months"]);
    check("런웨이가 1년 반 정도 남았어요", &["runway 18 months"]);
    check("runway of 2 years", &["runway 24 months"]);
    check("CAC payback이 14개월이라", &["cac_payback 14 months"]);
    check("직원이 열두 명이에요", &["headcount 12 people"]);
}

#[test]
fn counts_of_users() {
    check("DAU가 2만 명 정도", &["dau 20000 count"]);
    check("MAU 10만 넘었고", &["mau 100000 count"]);
    check("we have 200K monthly active users", &["mau 200000 count"]);
}

#[test]
fn dates_times_and_ordinals_are_not_metrics() {
    check("2026년 매출 목표", &[]);
    check("매출 미팅은 3시에 해요", &[]);
    check("revenue review on March 3rd at 3:30", &[]);
    check("Q3 revenue", &[]);
    check("in 2025 our revenue doubled", &[]);
    check("3월 매출", &[]);
    check("런웨이 얘기는 2주 뒤에", &[]);
    check("팀이 B2B 쪽이에요", &[]);
}

#[test]
fn goals_questions_and_changes() {
    check("올해 목표는 ARR 30억이에요", &[]);
    check("we're targeting $5M ARR next year", &[]);
    check("Is your MRR above 50K?", &[]);
    check("MRR went from $40K to $50K", &["mrr 50000 USD"]);
    check("MRR이 4만 달러에서 5만 달러로 늘었어요", &["mrr 50000 USD"]);
}

#[test]
fn money_without_a_metric_is_nothing() {
    check("점심은 만 원이었어요", &[]);
    check("the coffee was $5", &[]);
    check("30% of our users are in Seoul", &[]);
    check("we have 3 products", &[]);
    check("we hired 10 sales reps", &[]);
    check("3 sales calls a week", &[]);
    check("discounts of up to 30% for annual plans", &[]);
    check("runway of six months", &["runway 6 months"]);
}

#[test]
fn odd_input_never_panics() {
    let long = "매출 1억 ".repeat(2_000);
    let cases = [
        "",
        " ",
        "😀🚀💸",
        "MRR 😀 $",
        "999999999999999999999억",
        "MRR 999999999999999999999억",
        "$999999999999999999999999999999999999999999",
        "ARR 1e400",
        "\u{0}\u{1}\u{feff}",
        "%%%% $$$ 억억억",
        "ＭＲＲ １２３",
        "런웨이는?",
        "?",
        "....",
        "1.2.3.4.5 억 만 조",
        "٣٠٪",
        long.as_str(),
    ];
    for text in cases {
        for m in spot_metrics(text) {
            assert!(m.value.is_finite(), "{text:?}");
            assert!(
                text.get(m.span.start as usize..m.span.end as usize)
                    .is_some()
            );
        }
    }
    check("MRR 999999999999999999999억", &[]);
}

#[test]
fn spans_quote_the_text() {
    let found = spot_metrics("요즘 MRR이 50K 정도예요");
    assert_eq!(found[0].quote, "MRR이 50K");
    let text = "요즘 MRR이 50K 정도예요";
    let span = found[0].span;
    assert_eq!(&text[span.start as usize..span.end as usize], "MRR이 50K");
}

#[test]
fn figures_that_name_their_metric_by_unit() {
    check("We're 34 people now.", &["headcount 34 people"]);
    check("We're growing fast with 300 people on the waitlist", &[]);
    check("1년 반은 버틸 수 있어요", &["runway 18 months"]);
    check("that will last us 20 months", &["runway 20 months"]);
    check(
        "Burn multiple came in at 1.3 this quarter.",
        &["burn_multiple 1.3 ratio"],
    );
}

#[test]
fn ranges_and_goals_are_not_facts() {
    check("타깃 고객은 직원 50명에서 300명 사이 공장들이고요", &[]);
    check("companies with between 50 and 300 employees", &[]);
    check(
        "지금 팀이 열한 명인데 연말까지 열다섯 명으로 늘리려고 해요",
        &["headcount 11 people"],
    );
    check(
        "logo churn was 2.1% this month, which is above our 1.5% target",
        &["churn 2.1 %"],
    );
    check(
        "30억이 목표예요, 지금 ARR은 12억이고요",
        &["arr 1200000000 KRW"],
    );
    check(
        "MRR이 지난달 4천2백만 원에서 이번 달 5천만 원으로 올랐어요",
        &["mrr 50000000 KRW"],
    );
}

#[test]
fn names_next_to_each_other_are_one_mention() {
    check(
        "200억 정도 모으려고 하고, 밸류는 포스트머니 1,200억을 생각하고 있어요.",
        &["valuation 120000000000 KRW"],
    );
    check(
        "We're at 58 employees after hiring five engineers",
        &["headcount 58 people"],
    );
    check(
        "We have about 120,000 monthly active users, and DAU is around 30,000.",
        &["mau 120000 count", "dau 30000 count"],
    );
}

#[test]
fn one_name_spelled_two_ways_is_one_metric() {
    check(
        "월 번레이트는 1억 2천 정도고, 통장에 18억 정도 있어서 런웨이는 15개월 남짓이에요.",
        &["burn 120000000 KRW monthly", "runway 15 months"],
    );
}

#[test]
fn figures_another_word_owns_are_not_metrics() {
    check("스톡옵션 풀을 12퍼센트로 늘렸고, 이탈은 아직 없습니다", &[]);
    check("할인을 20%로 해줬는데 이탈은 그대로예요", &[]);
    check("마케팅 예산을 30% 줄였는데 성장은 그대로예요", &[]);
    check("광고비를 30% 줄였는데 성장은 15%예요", &["growth 15 %"]);
    check("we hired 12 people and churn is low", &[]);
    check("the option pool is 10%, and churn is low", &[]);
    check("the option pool is 10%… churn?", &[]);
    check("we gave a 20% discount and churn stayed flat", &[]);
    check("10% of the team left, churn is fine", &[]);
    check("we cut marketing spend by 30%, and our growth slowed", &[]);
    check("the team is 40% engineers, and churn is under control", &[]);
}

#[test]
fn denied_figures_and_metrics_are_not_metrics() {
    check("이탈은 아직 없습니다", &[]);
    check("매출은 아직 없어요", &[]);
    check("매출은 아직 없고, 시드로 5억을 받았어요", &[]);
    check("no churn yet", &[]);
    check(
        "we haven't measured churn, but about 30% of trial users convert",
        &["conversion 30 %"],
    );
    check("churn isn't 5%", &[]);
    check("our churn is not 5%, it's 3%", &["churn 3 %"]);
    check("이탈률이 5%는 아니고 3%예요", &["churn 3 %"]);
    check("MRR은 아직 1억이 안 돼요", &[]);
    check("we haven't hit $1M ARR yet", &[]);
    check("we don't have 50 employees yet", &[]);
    // "밖에 안" is "only".
    check("이탈률이 1%밖에 안 돼요", &["churn 1 %"]);
}

#[test]
fn claims_that_hold_still_count() {
    check("이탈률은 3%입니다", &["churn 3 %"]);
    check("월 매출 5천만 원", &["revenue 50000000 KRW monthly"]);
    check("MRR is $50K", &["mrr 50000 USD"]);
    check("churn fell to 2%", &["churn 2 %"]);
    check("런웨이는 18개월", &["runway 18 months"]);
    check("churn is low, about 2%", &["churn 2 %"]);
    check("Revenue for the month was $412K", &["revenue 412000 USD"]);
    check("churn for enterprise customers is 2%", &["churn 2 %"]);
    check(
        "MRR은 아직 1억이 안 되고 8천만 원 정도예요",
        &["mrr 80000000 KRW"],
    );
    check(
        "We haven't hit $1M ARR yet, we're at about $800K",
        &["arr 800000 USD"],
    );
}
