//! The words a meeting is likely to hold that whisper cannot guess: the relationship's
//! name, its contact and team, the participants, and the user's glossary. They go into
//! whisper's prompt (`TranscribeOptions::vocabulary`), names first, so that "ComfyUI" is
//! written as the company writes it rather than "Confu i". The prompt is bounded by
//! onno-asr (it never outweighs the audio), so the glossary's tail may not make it.

use onno_store::{Store, StoreError};

/// Glossary terms given after the names, the user's newest first (seeded jargon such as
/// "MRR" the model mostly knows). A long list drowns the names: with the whole seeded
/// glossary behind it, the base model writes "ConfUI" for "ComfyUI" again.
const GLOSSARY_TERMS: u32 = 8;

/// The stored meeting's vocabulary (see [`vocabulary_for`]).
pub fn meeting_vocabulary(store: &Store, meeting_id: i64) -> Result<Vec<String>, StoreError> {
    let meeting = store.meeting(meeting_id)?;
    let participants: Vec<String> = store
        .participants(meeting_id)?
        .into_iter()
        .map(|p| p.name)
        .collect();
    vocabulary_for(store, meeting.relationship_id, &participants)
}

/// The vocabulary of a meeting with `relationship_id` and `participants`, most specific
/// first: what the relationship and the people are called, then the glossary's newest
/// terms.
pub fn vocabulary_for(
    store: &Store,
    relationship_id: Option<i64>,
    participants: &[String],
) -> Result<Vec<String>, StoreError> {
    let mut terms = Vec::new();
    if let Some(id) = relationship_id {
        let relationship = store.relationship(id)?.fields;
        terms.push(relationship.name);
        terms.extend(relationship.primary_contact.map(|c| c.name));
        terms.extend(relationship.team_members.into_iter().map(|m| m.name));
    }
    terms.extend(participants.iter().cloned());
    terms.extend(store.newest_glossary_terms(GLOSSARY_TERMS)?);
    Ok(terms)
}
