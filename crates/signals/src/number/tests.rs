use super::*;
use crate::text::{normalize, slice};

/// The quantities in `text` as "value kind [text]", Other ones left out.
#[track_caller]
fn check(text: &str, expected: &[&str]) {
    let n = normalize(text);
    let found: Vec<String> = scan(&n)
        .iter()
        .filter(|q| q.kind != Kind::Other)
        .map(|q| {
            format!(
                "{} {:?} [{}]",
                q.value,
                q.kind,
                slice(text, &n, q.first, q.last)
            )
        })
        .collect();
    assert_eq!(found, expected, "in {text:?}");
}

#[test]
fn korean_numbers() {
    check("1.2억", &["120000000 Plain [1.2억]"]);
    check("5천만원", &["50000000 Money(Krw) [5천만원]"]);
    check("월 천만원", &["10000000 Money(Krw) [천만원]"]);
    check("1억 2천만 원", &["120000000 Money(Krw) [1억 2천만 원]"]);
    check("1억 2천", &["120000000 Plain [1억 2천]"]);
    check("3만 2천 원", &["32000 Money(Krw) [3만 2천 원]"]);
    check("2천5백만", &["25000000 Plain [2천5백만]"]);
    check("1,200만원", &["12000000 Money(Krw) [1,200만원]"]);
    check("10억", &["1000000000 Plain [10억]"]);
    check("2조 5천억", &["2500000000000 Plain [2조 5천억]"]);
    check("50만 달러", &["500000 Money(Usd) [50만 달러]"]);
}

#[test]
fn english_numbers() {
    check("$50K", &["50000 Money(Usd) [$50K]"]);
    check("$1.5M ARR", &["1500000 Money(Usd) [$1.5M]"]);
    check("1.2M dollars", &["1200000 Money(Usd) [1.2M dollars]"]);
    check("$1.2 million", &["1200000 Money(Usd) [$1.2 million]"]);
    check("USD 2M", &["2000000 Money(Usd) [USD 2M]"]);
    check("₩5,000,000", &["5000000 Money(Krw) [₩5,000,000]"]);
    check("$200k a month", &["200000 Money(Usd) [$200k]"]);
    check("900 dollars", &["900 Money(Usd) [900 dollars]"]);
    check("50 bucks", &["50 Money(Usd) [50 bucks]"]);
}

#[test]
fn units() {
    check("30%", &["30 Percent [30%]"]);
    check("3.5 percent", &["3.5 Percent [3.5 percent]"]);
    check("30프로", &["30 Percent [30프로]"]);
    check("18개월", &["18 Months [18개월]"]);
    check("18명", &["18 People [18명]"]);
    check("18 months", &["18 Months [18 months]"]);
    check("1년 반", &["1.5 Years [1년 반]"]);
    check("2 years", &["2 Years [2 years]"]);
    check("25 employees", &["25 People [25 employees]"]);
    check("열두 명", &["12 People [열두 명]"]);
    check("여섯 달", &["6 Months [여섯 달]"]);
    check("3x", &["3 Ratio [3x]"]);
    check("2.5배", &["2.5 Ratio [2.5배]"]);
    check("DAU 2만 명", &["20000 People [2만 명]"]);
    check("six months", &["6 Months [six months]"]);
    check("twenty-two people", &["22 People [twenty-two people]"]);
    check("fifteen percent", &["15 Percent [fifteen percent]"]);
    check("one of the ten", &[]);
    check("often months", &[]);
}

#[test]
fn dates_times_and_identifiers_are_not_quantities() {
    check("2026년", &[]);
    check("3시에 봬요", &[]);
    check("3:30", &[]);
    check("2026-05-01", &[]);
    check("Q3 and B2B and D30", &[]);
    check("3월 15일", &[]);
    check("in 2025", &[]);
    check("the 3rd round", &[]);
    check("version 1.2.3", &[]);
    check("5G network", &[]);
    check("한 달에 2억", &["200000000 Plain [2억]"]);
    check("네 달러", &[]);
}

#[test]
fn prior_side_of_a_change() {
    let text = "from $40K to $50K";
    let n = normalize(text);
    let q = scan(&n);
    assert!(q[0].prior && !q[1].prior);
    let text = "4만 달러에서 5만 달러로";
    let n = normalize(text);
    let q = scan(&n);
    assert!(q[0].prior && !q[1].prior);
}

#[test]
fn spaced_korean_units_are_not_the_start_of_another_word() {
    check("18 달성했고", &["18 Plain [18]"]);
    check("50 원래", &["50 Plain [50]"]);
    check("20 명확하게", &["20 Plain [20]"]);
    check("50 명", &["50 People [50 명]"]);
    check("30 프로젝트", &["30 Plain [30]"]);
}

#[test]
fn absurd_numbers_do_not_panic() {
    check("999999999999999999999억", &[]);
    check("1e308", &[]);
    check(&"9".repeat(400), &[]);
    check("조조조조 억억 만만", &[]);
    check("1조조", &["1000000000000 Plain [1조]"]);
    check("$", &[]);
    check("$ $ 3", &["3 Money(Usd) [$ 3]"]);
    check("1.2.", &["1.2 Plain [1.2]"]);
    for text in [
        "1,,000",
        "..5",
        ",5",
        "5%%",
        "$$$",
        "٣٤",
        "１２３",
        "1억 2천만 3백",
        "0.0.0.0",
    ] {
        let _ = scan(&normalize(text));
    }
}
