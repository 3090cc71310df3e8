//! Checks at the store's API, so bad input gets a sentence instead of a constraint name.

use std::path::{Component, Path};

use crate::{Result, StoreError};

/// A required text field: trimmed, non-empty, at most `max` characters.
pub(crate) fn required_text(field: &'static str, text: &str, max: usize) -> Result<String> {
    let trimmed = text.trim();
    if trimmed.is_empty() {
        return Err(StoreError::invalid(field, "must not be empty"));
    }
    bounded_text(field, trimmed, max)
}

/// Free text with an upper bound; kept as written.
pub(crate) fn bounded_text(field: &'static str, text: &str, max: usize) -> Result<String> {
    let chars = text.chars().count();
    if chars > max {
        return Err(StoreError::invalid(
            field,
            format!("is {chars} characters long; the limit is {max}"),
        ));
    }
    Ok(text.to_owned())
}

/// An optional short field: blank becomes `None`.
pub(crate) fn optional_text(
    field: &'static str,
    text: Option<&str>,
    max: usize,
) -> Result<Option<String>> {
    match text.map(str::trim) {
        None | Some("") => Ok(None),
        Some(t) => bounded_text(field, t, max).map(Some),
    }
}

pub(crate) fn unit_interval(field: &'static str, value: Option<f64>) -> Result<Option<f64>> {
    match value {
        Some(v) if !(0.0..=1.0).contains(&v) => {
            Err(StoreError::invalid(field, format!("{v} is outside 0..1")))
        }
        other => Ok(other),
    }
}

/// A path inside the data folder: relative, and never climbing out of it.
pub(crate) fn data_relative_path(field: &'static str, path: &str) -> Result<String> {
    let p = Path::new(path);
    let escapes = p
        .components()
        .any(|c| !matches!(c, Component::Normal(_) | Component::CurDir));
    if path.is_empty() || escapes {
        return Err(StoreError::invalid(
            field,
            format!("{path:?} must be a path inside the data folder, relative to it"),
        ));
    }
    Ok(path.to_owned())
}

pub(crate) fn to_json<T: serde::Serialize>(value: &T) -> String {
    // Serializing plain data structs and maps cannot fail.
    serde_json::to_string(value).unwrap_or_else(|_| "null".to_owned())
}

/// Reads a JSON column; the CHECK constraints guarantee it is valid JSON, and a shape
/// that no longer fits (a hand-edited file) degrades to the default instead of failing
/// the whole read.
pub(crate) fn from_json<T: serde::de::DeserializeOwned + Default>(text: &str) -> T {
    serde_json::from_str(text).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn paths_must_stay_inside_the_data_folder() {
        assert!(data_relative_path("p", "meetings/3/me.wav").is_ok());
        assert!(data_relative_path("p", "../secret").is_err());
        assert!(data_relative_path("p", "/etc/passwd").is_err());
        assert!(data_relative_path("p", "").is_err());
    }

    #[test]
    fn text_limits_count_characters_not_bytes() {
        assert!(required_text("name", "가나다", 3).is_ok());
        assert!(required_text("name", "가나다라", 3).is_err());
        assert!(required_text("name", "   ", 3).is_err());
    }
}
