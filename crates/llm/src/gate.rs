//! The privacy switches: the language model is used only when it is on globally (the
//! stored [`LlmSettings::enabled`]) and not switched off for the meeting.

use onno_store::Store;

use crate::config::{LlmSettings, llm_enabled_for_meeting};
use crate::error::{LlmError, LlmErrorKind};

/// Which switch keeps the model away from a meeting.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LlmBlocked {
    /// No endpoint is configured.
    NotConfigured,
    /// Switched off in the settings, for every meeting.
    OffInSettings,
    /// Switched off for this meeting.
    OffForMeeting,
}

/// `None` when the model may see meeting `meeting_id`; else which switch is off. Read
/// on every call, so a switch flipped in the app applies to the next call.
pub fn llm_blocked(store: &Store, meeting_id: i64) -> Result<Option<LlmBlocked>, LlmError> {
    Ok(match LlmSettings::load(store)? {
        None => Some(LlmBlocked::NotConfigured),
        Some(s) if !s.enabled => Some(LlmBlocked::OffInSettings),
        Some(_) if !llm_enabled_for_meeting(store, meeting_id)? => Some(LlmBlocked::OffForMeeting),
        Some(_) => None,
    })
}

/// `Ok` when the model may see meeting `meeting_id`; else a [`LlmErrorKind::Disabled`]
/// (or [`LlmErrorKind::Config`] when no endpoint is set) saying which switch is off.
pub fn ensure_llm_allowed(store: &Store, meeting_id: i64) -> Result<(), LlmError> {
    match llm_blocked(store, meeting_id)? {
        Some(LlmBlocked::NotConfigured) => Err(LlmError::new(
            LlmErrorKind::Config,
            "no language model is configured; set one with `onno config llm`",
        )),
        Some(LlmBlocked::OffInSettings) => Err(LlmError::disabled("in the settings")),
        Some(LlmBlocked::OffForMeeting) => Err(LlmError::disabled("for this meeting")),
        None => Ok(()),
    }
}
