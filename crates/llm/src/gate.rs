//! The privacy switches: the language model is used only when it is on globally (the
//! stored [`LlmSettings::enabled`]) and not switched off for the meeting.

use onno_store::Store;

use crate::config::{LlmSettings, llm_enabled_for_meeting};
use crate::error::{LlmError, LlmErrorKind};

/// `Ok` when the model may see meeting `meeting_id`; else a [`LlmErrorKind::Disabled`]
/// (or [`LlmErrorKind::Config`] when no endpoint is set) saying which switch is off.
/// Read on every call, so a switch flipped in the app applies to the next call.
pub fn ensure_llm_allowed(store: &Store, meeting_id: i64) -> Result<(), LlmError> {
    let settings = LlmSettings::load(store)?;
    match settings {
        None => Err(LlmError::new(
            LlmErrorKind::Config,
            "no language model is configured; set one with `onno config llm`",
        )),
        Some(s) if !s.enabled => Err(LlmError::disabled("in the settings")),
        Some(_) if !llm_enabled_for_meeting(store, meeting_id)? => {
            Err(LlmError::disabled("for this meeting"))
        }
        Some(_) => Ok(()),
    }
}
