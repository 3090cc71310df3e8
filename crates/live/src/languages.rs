//! The languages the user speaks in meetings. "Auto" chooses among them (onno-asr's
//! `TranscribeOptions::spoken_languages`) in live meetings, imports and final passes, and
//! a live meeting in "auto" settles on the language it hears most.

use onno_asr::TranscribeOptions;
use onno_store::{Store, StoreError};

use crate::LiveError;

/// Committed speech in one language that settles a live meeting in "auto" on it: a few
/// sentences, so that the meeting's list shows its language early.
pub const SETTLE_AFTER_MS: i64 = 10_000;

/// Sets the languages the user speaks from codes or English names as typed (`ko`,
/// `English`): whisper's codes, in order, without repeats. Returns what was stored.
pub fn set_spoken_languages(store: &Store, names: &[String]) -> Result<Vec<String>, LiveError> {
    let codes = onno_asr::spoken_language_codes(names)?;
    store.set_spoken_languages(&codes)?;
    Ok(codes)
}

/// Gives `options` the user's spoken languages when it names none itself.
pub fn with_spoken_languages(
    store: &Store,
    options: &mut TranscribeOptions,
) -> Result<(), StoreError> {
    if options.spoken_languages.is_empty() {
        options.spoken_languages = store.spoken_languages()?;
    }
    Ok(())
}

/// How much committed speech a live meeting has heard per language, until one of them
/// has [`SETTLE_AFTER_MS`]: that is the meeting's language.
#[derive(Debug, Default)]
pub(crate) struct Settling {
    heard: Vec<(String, i64)>,
    settled: bool,
}

impl Settling {
    /// Counts `ms` of speech in `language`; the language when it has just settled.
    pub(crate) fn heard(&mut self, language: &str, ms: i64) -> Option<String> {
        if self.settled || language.is_empty() || ms <= 0 {
            return None;
        }
        let total = match self.heard.iter_mut().find(|(l, _)| l == language) {
            Some((_, total)) => {
                *total += ms;
                *total
            }
            None => {
                self.heard.push((language.to_owned(), ms));
                ms
            }
        };
        self.settled = total >= SETTLE_AFTER_MS;
        self.settled.then(|| language.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_first_language_with_enough_speech_settles_once() {
        let mut s = Settling::default();
        assert_eq!(s.heard("en", 7_000), None);
        assert_eq!(s.heard("ko", 9_000), None);
        assert_eq!(s.heard("", 30_000), None);
        assert_eq!(s.heard("ko", 1_000), Some("ko".to_owned()));
        assert_eq!(s.heard("en", 10_000), None, "settled already");
    }
}
