//! What a person asks for when starting a meeting (the app's form, `onno record`'s
//! flags) and the [`LiveConfig`] it comes to, in one place for both front ends.

use onno_asr::Language;
use onno_audio::{CaptureConfig, SourceKind};
use onno_store::{MeetingType, NewParticipant};
use serde::{Deserialize, Serialize};

use crate::{AssistantConfig, LiveConfig, LiveError};

/// A request to start a meeting.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct StartMeeting {
    pub title: String,
    #[serde(rename = "type")]
    pub kind: MeetingType,
    pub relationship_id: Option<i64>,
    /// Who is in the meeting, the user ("host") included; stored with the meeting.
    #[serde(default)]
    pub participants: Vec<NewParticipant>,
    /// Record the microphone ("me"); `mic` names it, `None` follows the system default.
    pub record_mic: bool,
    pub mic: Option<String>,
    /// Record the system audio ("them"); `system` names the output, `None` follows the
    /// default.
    pub record_system: bool,
    pub system: Option<String>,
    /// A model name from the manifest (installed in the data folder) or a file path;
    /// the front end loads it.
    pub model: String,
    /// "auto", or a language code such as "ko" or "en".
    pub language: String,
    /// Let the language model suggest questions and list action items (when one is
    /// configured); off keeps this meeting away from it, after the meeting too.
    pub use_llm: bool,
}

impl StartMeeting {
    /// The meeting's configuration, with the defaults of [`LiveConfig::new`] for what
    /// the request does not say. `assistant` is the language model's part when it
    /// should run; the meeting's own switch ([`LiveConfig::llm_allowed`]) follows
    /// `use_llm` either way. A language whisper does not know is an error.
    pub fn live_config(&self, assistant: Option<AssistantConfig>) -> Result<LiveConfig, LiveError> {
        let mut config = LiveConfig::new(&self.title, self.kind);
        config.relationship_id = self.relationship_id;
        config.participants = self.participants.clone();
        config.asr.language = self.language.parse::<Language>()?;
        let source = |record: bool, device: &Option<String>, kind| {
            record.then(|| CaptureConfig {
                device: device.clone(),
                ..CaptureConfig::new(kind)
            })
        };
        config.mic = source(self.record_mic, &self.mic, SourceKind::Mic);
        config.system = source(self.record_system, &self.system, SourceKind::System);
        config.assistant = assistant;
        config.llm_allowed = self.use_llm;
        Ok(config)
    }
}

#[cfg(test)]
mod tests {
    #![allow(clippy::unwrap_used)]
    use super::*;

    fn request() -> StartMeeting {
        StartMeeting {
            title: "Acme screening".into(),
            kind: MeetingType::InvestmentScreening,
            relationship_id: Some(3),
            participants: vec![NewParticipant {
                name: "Mina".into(),
                email: Some("mina@acme.ai".into()),
                role: onno_store::ParticipantRole::Guest,
            }],
            record_mic: true,
            mic: Some("Headset".into()),
            record_system: false,
            system: Some("Speakers".into()),
            model: "base".into(),
            language: "Korean".into(),
            use_llm: false,
        }
    }

    #[test]
    fn a_request_becomes_the_meeting_it_asks_for() {
        let config = request().live_config(None).unwrap();
        assert_eq!(config.title, "Acme screening");
        assert_eq!(config.kind, MeetingType::InvestmentScreening);
        assert_eq!(config.relationship_id, Some(3));
        assert_eq!(config.participants[0].name, "Mina");
        let mic = config.mic.unwrap();
        assert_eq!(
            (mic.kind, mic.device.as_deref()),
            (SourceKind::Mic, Some("Headset"))
        );
        assert!(config.system.is_none(), "the system audio was switched off");
        assert_eq!(config.asr.language, Language::Code("ko".into()));
        assert!(!config.llm_allowed);
        assert!(config.assistant.is_none());
    }

    #[test]
    fn a_language_whisper_does_not_know_is_refused() {
        let mut r = request();
        r.language = "Klingon".into();
        let err = r.live_config(None).unwrap_err();
        assert!(err.to_string().contains("klingon"), "{err}");
    }
}
