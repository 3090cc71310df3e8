//! The meeting's names and the glossary reach whisper's prompt, names first; with real
//! weights, an imported call about "ComfyUI" comes out spelled as the company does.

use std::path::Path;

use onno_asr::{EngineConfig, Language, ModelConfig, WhisperEngine, WhisperModel};
use onno_live::{import_audio, meeting_vocabulary};
use onno_store::{
    Contact, MeetingType, NewGlossaryTerm, NewMeeting, NewParticipant, NewRelationship,
    ParticipantRole, RelationshipType, Store, TeamMember,
};
use onno_test_support::speech_models::speech_models;
use onno_transcribe::FileOptions;

fn participant(name: &str) -> NewParticipant {
    NewParticipant {
        name: name.into(),
        email: None,
        role: ParticipantRole::Guest,
    }
}

fn comfy(store: &Store) -> i64 {
    let mut r = NewRelationship::new("ComfyUI", RelationshipType::Deal);
    r.primary_contact = Some(Contact {
        name: "Mina Park".into(),
        ..Contact::default()
    });
    r.team_members = vec![TeamMember {
        name: "Joon Lee".into(),
        email: None,
        role: None,
    }];
    store.create_relationship(&r).unwrap().id
}

#[test]
fn names_come_before_the_glossary() {
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut meeting = NewMeeting::new(
        "Intro",
        MeetingType::InvestmentScreening,
        "2026-11-02T10:00:00Z",
    );
    meeting.relationship_id = Some(comfy(&store));
    meeting.participants = vec![participant("김민준")];
    let id = store.create_meeting(&meeting).unwrap().id;

    let mine = NewGlossaryTerm {
        term: "Device lab".into(),
        ..store.glossary_lookup("MRR").unwrap().unwrap().fields
    };
    store.save_glossary_term(&mine).unwrap();

    let words = meeting_vocabulary(&store, id).unwrap();
    assert_eq!(
        words[..5],
        ["ComfyUI", "Mina Park", "Joon Lee", "김민준", "Device lab"],
        "names, then the user's own term: {words:?}"
    );
    assert!(words.len() <= 12, "a few glossary terms only: {words:?}");
}

#[test]
fn an_imported_call_spells_the_relationships_name() {
    let Some(models) = speech_models() else {
        return;
    };
    let dir = tempfile::tempdir().unwrap();
    let store = Store::open(dir.path()).unwrap();
    let mut meeting = NewMeeting::new("Product call", MeetingType::General, "2026-11-02T10:00:00Z");
    meeting.relationship_id = Some(comfy(&store));
    let model = WhisperModel::load(&models.whisper_base(), &ModelConfig::default()).unwrap();
    let mut engine = WhisperEngine::new(model, &EngineConfig::default()).unwrap();
    let mut options = FileOptions::default();
    options.asr.language = Language::Code("en".into());
    let audio = Path::new(env!("CARGO_MANIFEST_DIR")).join("../asr/tests/data/speech/hotwords.mp3");

    let imported =
        import_audio(&store, &audio, &meeting, &mut engine, &options, &mut |_| {}).unwrap();
    let text: Vec<String> = store
        .transcript(imported.id)
        .unwrap()
        .into_iter()
        .map(|s| s.text)
        .collect();
    // Without the name, the base model writes "Confu i" (onno-asr's real_vocabulary).
    assert!(text.join(" ").contains("ComfyUI"), "{text:?}");
}
