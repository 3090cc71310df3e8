//! Due dates said in words, resolved against the meeting's date in Rust rather than by
//! the model, so "next Friday" always means the same day and is testable.
//!
//! Weeks start on Monday. Understood (English and Korean, with or without "by",
//! "until", "까지"): an ISO date; today / 오늘; tomorrow / 내일; the day after tomorrow /
//! 모레; a weekday ("Friday", "this Friday", "금요일", "이번 주 금요일": the next such day
//! after today); "next Friday" / "다음 주 금요일" (that day in the following week);
//! "in N days/weeks" / "N일 후", "N주 뒤"; end of this week / 이번 주 말 / 주말 (Friday);
//! next week / 다음 주 (Friday of next week); end of the month / 월말 / 이번 달 말; end of
//! next month / 다음 달 말. Anything else resolves to `None` and the item keeps its words.

use time::{Date, Duration, Weekday};

/// The date `phrase` names, said at a meeting held on `meeting_date`.
pub fn resolve_due_date(phrase: &str, meeting_date: Date) -> Option<Date> {
    let p = normalize(phrase);
    if let Ok(d) = Date::parse(&p, &time::format_description::well_known::Iso8601::DATE) {
        return Some(d);
    }
    let day = |n: i64| meeting_date.checked_add(Duration::days(n));
    match p.as_str() {
        "today" | "오늘" | "eod" | "end of day" | "오늘 중" => return Some(meeting_date),
        "tomorrow" | "내일" => return day(1),
        "the day after tomorrow" | "day after tomorrow" | "모레" => return day(2),
        "end of the week" | "end of week" | "this week" | "eow" | "이번 주" | "이번 주 말"
        | "이번주" | "이번주 말" | "주말" | "금주" | "금주 중" | "이번 주 중" => {
            return this_or_next(meeting_date, Weekday::Friday, 0);
        }
        "next week" | "다음 주" | "다음주" | "차주" => {
            return next_week_day(meeting_date, Weekday::Friday);
        }
        "end of the month" | "end of month" | "eom" | "this month" | "월말" | "이번 달 말"
        | "이번 달" | "이번달" | "이번달 말" => return Some(last_of_month(meeting_date)),
        "end of next month" | "next month" | "다음 달 말" | "다음 달" | "다음달" | "다음달 말" =>
        {
            let first_next = last_of_month(meeting_date).checked_add(Duration::days(1))?;
            return Some(last_of_month(first_next));
        }
        _ => {}
    }
    if let Some(n) = in_n(&p) {
        return day(n);
    }
    if let Some(rest) = p
        .strip_prefix("next ")
        .or_else(|| p.strip_prefix("다음 주 "))
        .or_else(|| p.strip_prefix("다음주 "))
        .or_else(|| p.strip_prefix("차주 "))
    {
        return next_week_day(meeting_date, weekday(rest)?);
    }
    let rest = p
        .strip_prefix("this ")
        .or_else(|| p.strip_prefix("이번 주 "))
        .or_else(|| p.strip_prefix("이번주 "))
        .or_else(|| p.strip_prefix("on "))
        .unwrap_or(&p);
    weekday(rest).and_then(|w| this_or_next(meeting_date, w, 1))
}

fn normalize(phrase: &str) -> String {
    let mut p = phrase.trim().to_lowercase();
    p = p.trim_end_matches(['.', '!', '?', ',']).trim().to_owned();
    for suffix in ["까지는", "까지", "안에", "내로", "중으로"] {
        if let Some(rest) = p.strip_suffix(suffix) {
            p = rest.trim().to_owned();
        }
    }
    for prefix in ["by ", "until ", "before ", "due ", "no later than "] {
        if let Some(rest) = p.strip_prefix(prefix) {
            p = rest.trim().to_owned();
        }
    }
    p.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn weekday(word: &str) -> Option<Weekday> {
    Some(match word.trim_end_matches(['.', ',']) {
        "monday" | "mon" | "월요일" | "월" => Weekday::Monday,
        "tuesday" | "tue" | "tues" | "화요일" | "화" => Weekday::Tuesday,
        "wednesday" | "wed" | "수요일" | "수" => Weekday::Wednesday,
        "thursday" | "thu" | "thurs" | "목요일" | "목" => Weekday::Thursday,
        "friday" | "fri" | "금요일" | "금" => Weekday::Friday,
        "saturday" | "sat" | "토요일" | "토" => Weekday::Saturday,
        "sunday" | "sun" | "일요일" | "일" => Weekday::Sunday,
        _ => return None,
    })
}

/// "in 3 days", "in 2 weeks", "3일 후", "2주 뒤", "3 days".
fn in_n(p: &str) -> Option<i64> {
    let p = p.strip_prefix("in ").unwrap_or(p);
    let digits: String = p.chars().take_while(char::is_ascii_digit).collect();
    let n: i64 = digits.parse().ok()?;
    let unit = p[digits.len()..].trim();
    let unit = unit
        .trim_end_matches(" 후")
        .trim_end_matches(" 뒤")
        .trim_end_matches(" 이내")
        .trim_end_matches("후")
        .trim_end_matches("뒤")
        .trim();
    let days = match unit {
        "day" | "days" | "일" => n,
        "week" | "weeks" | "주" | "주일" => n.checked_mul(7)?,
        _ => return None,
    };
    (0..=3_650).contains(&days).then_some(days)
}

/// The first `target` on or after `date + min_days`.
fn this_or_next(date: Date, target: Weekday, min_days: i64) -> Option<Date> {
    let start = date.checked_add(Duration::days(min_days))?;
    let ahead = (7 + target.number_days_from_monday() as i64
        - start.weekday().number_days_from_monday() as i64)
        % 7;
    start.checked_add(Duration::days(ahead))
}

/// `target` in the week after `date`'s week.
fn next_week_day(date: Date, target: Weekday) -> Option<Date> {
    let monday = date.checked_sub(Duration::days(
        date.weekday().number_days_from_monday() as i64
    ))?;
    monday.checked_add(Duration::days(7 + target.number_days_from_monday() as i64))
}

fn last_of_month(date: Date) -> Date {
    let days = date.month().length(date.year());
    Date::from_calendar_date(date.year(), date.month(), days).unwrap_or(date)
}

/// "YYYY-MM-DD" to a date.
pub fn parse_date(text: &str) -> Option<Date> {
    let t: String = text.chars().take(10).collect();
    Date::parse(&t, &time::format_description::well_known::Iso8601::DATE).ok()
}

#[cfg(test)]
mod tests {
    use super::*;
    use time::Month;

    // Monday 2 November 2026.
    fn meeting() -> Date {
        Date::from_calendar_date(2026, Month::November, 2).unwrap_or(Date::MIN)
    }

    #[track_caller]
    fn check(phrase: &str, expected: Option<&str>) {
        let got = resolve_due_date(phrase, meeting()).map(|d| d.to_string());
        assert_eq!(got.as_deref(), expected, "{phrase:?}");
    }

    #[test]
    fn relative_dates_resolve_against_the_meeting_day() {
        check("2026-11-20", Some("2026-11-20"));
        check("today", Some("2026-11-02"));
        check("tomorrow", Some("2026-11-03"));
        check("내일", Some("2026-11-03"));
        check("내일까지", Some("2026-11-03"));
        check("모레", Some("2026-11-04"));
        check("Friday", Some("2026-11-06"));
        check("by this Friday", Some("2026-11-06"));
        check("금요일까지", Some("2026-11-06"));
        check("이번 주 금요일", Some("2026-11-06"));
        check("next Friday", Some("2026-11-13"));
        check("다음 주 금요일", Some("2026-11-13"));
        check("다음주 금요일까지", Some("2026-11-13"));
        check("Monday", Some("2026-11-09"));
        check("next Monday", Some("2026-11-09"));
        check("next week", Some("2026-11-13"));
        check("in 3 days", Some("2026-11-05"));
        check("3일 후", Some("2026-11-05"));
        check("2주 뒤", Some("2026-11-16"));
        check("in 2 weeks", Some("2026-11-16"));
        check("by end of month", Some("2026-11-30"));
        check("월말까지", Some("2026-11-30"));
        check("end of next month", Some("2026-12-31"));
        check("end of the week", Some("2026-11-06"));
    }

    #[test]
    fn phrases_it_does_not_know_resolve_to_nothing() {
        check("soon", None);
        check("ASAP", None);
        check("곧", None);
        check("", None);
        check("in 99999 days", None);
    }

    #[test]
    fn month_ends_and_leap_years() {
        let feb = Date::from_calendar_date(2028, Month::February, 10).unwrap_or(Date::MIN);
        assert_eq!(
            resolve_due_date("end of month", feb).map(|d| d.day()),
            Some(29)
        );
        let dec = Date::from_calendar_date(2026, Month::December, 30).unwrap_or(Date::MIN);
        assert_eq!(
            resolve_due_date("end of next month", dec).map(|d| d.to_string()),
            Some("2027-01-31".into())
        );
    }
}
