//! Timestamps are RFC 3339 UTC text with whole seconds ("2026-11-02T12:34:56Z"), one
//! fixed width, so SQLite compares and sorts them correctly as plain text.

use time::format_description::well_known::Rfc3339;
use time::macros::format_description;
use time::{Date, OffsetDateTime, UtcOffset};

use crate::{Result, StoreError};

const TIMESTAMP: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]Z");
const DATE: &[time::format_description::FormatItem<'static>] =
    format_description!("[year]-[month]-[day]");

/// The current time as the store writes it.
pub fn now_timestamp() -> String {
    format_timestamp(OffsetDateTime::now_utc())
}

/// Today's date in UTC, as the store writes dates.
pub fn today_date() -> String {
    OffsetDateTime::now_utc()
        .date()
        .format(DATE)
        .unwrap_or_default()
}

/// The timestamp `after` past `start` (a store timestamp), in the store's form; `None`
/// when `start` is not a timestamp.
pub fn timestamp_after(start: &str, after: std::time::Duration) -> Option<String> {
    parse_timestamp(start).map(|t| format_timestamp(t + after))
}

/// Unix milliseconds as a store timestamp (the epoch for one out of range).
pub fn timestamp_of_unix_ms(ms: i64) -> String {
    let at = OffsetDateTime::from_unix_timestamp(ms.div_euclid(1000))
        .unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format_timestamp(at)
}

pub(crate) fn format_timestamp(at: OffsetDateTime) -> String {
    at.to_offset(UtcOffset::UTC)
        .replace_nanosecond(0)
        .unwrap_or(at)
        .format(TIMESTAMP)
        .unwrap_or_default()
}

pub(crate) fn parse_timestamp(text: &str) -> Option<OffsetDateTime> {
    OffsetDateTime::parse(text, &Rfc3339).ok()
}

/// Accepts any RFC 3339 timestamp and returns it in the store's canonical UTC form.
pub(crate) fn normalize_timestamp(field: &'static str, text: &str) -> Result<String> {
    parse_timestamp(text.trim())
        .map(format_timestamp)
        .ok_or_else(|| {
            StoreError::invalid(
                field,
                format!("{text:?} is not an RFC 3339 timestamp like 2026-11-02T12:34:00Z"),
            )
        })
}

/// Accepts a calendar date "YYYY-MM-DD".
pub(crate) fn normalize_date(field: &'static str, text: &str) -> Result<String> {
    Date::parse(text.trim(), DATE)
        .ok()
        .and_then(|d| d.format(DATE).ok())
        .ok_or_else(|| {
            StoreError::invalid(field, format!("{text:?} is not a date like 2026-11-02"))
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timestamps_are_normalized_to_utc_seconds() {
        let got = normalize_timestamp("t", "2026-11-02T21:34:56.789+09:00").unwrap();
        assert_eq!(got, "2026-11-02T12:34:56Z");
    }

    #[test]
    fn durations_are_added_in_whole_seconds() {
        let later = timestamp_after(
            "2026-11-02T23:59:30Z",
            std::time::Duration::from_millis(45_700),
        );
        assert_eq!(later.as_deref(), Some("2026-11-03T00:00:15Z"));
        assert_eq!(timestamp_after("soon", std::time::Duration::ZERO), None);
    }

    #[test]
    fn bad_timestamps_and_dates_are_rejected() {
        assert!(normalize_timestamp("t", "yesterday").is_err());
        assert!(normalize_date("d", "2026-13-01").is_err());
        assert_eq!(normalize_date("d", "2026-02-28").unwrap(), "2026-02-28");
    }
}
