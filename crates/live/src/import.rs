//! A recording made elsewhere, brought in as a meeting: the file is transcribed whole
//! (`onno_transcribe`, the same path as `onno transcribe`), then the meeting and its
//! transcript are stored in one step ([`Store::import_meeting`]), so a file that cannot
//! be read, an import cancelled halfway or a file without speech stores nothing.

use std::path::Path;

use onno_asr::Transcriber;
use onno_store::{Meeting, NewMeeting, SegmentSource, Store, TranscriptLine};
use onno_transcribe::{FileOptions, FileTranscript, Progress, transcribe_file};

use crate::LiveError;

/// Transcribes the audio file at `path` and stores it as `meeting` (its relationship,
/// type and title as the user chose them; the language, when `None`, is the one whisper
/// heard most). `options.cancel` stops it; `progress` hears how far it has come.
pub fn import_audio(
    store: &Store,
    path: &Path,
    meeting: &NewMeeting,
    transcriber: &mut dyn Transcriber,
    options: &FileOptions,
    progress: &mut dyn FnMut(Progress),
) -> Result<Meeting, LiveError> {
    // The names and terms of the meeting it becomes help whisper spell them.
    let names: Vec<String> = meeting
        .participants
        .iter()
        .map(|p| p.name.clone())
        .collect();
    let mut options = options.clone();
    options
        .asr
        .vocabulary
        .extend(crate::vocabulary::vocabulary_for(
            store,
            meeting.relationship_id,
            &names,
        )?);
    // "Auto" chooses among the languages the user speaks.
    crate::languages::with_spoken_languages(store, &mut options.asr)?;
    let transcript = transcribe_file(path, transcriber, &options, progress)?;
    let lines = transcript_lines(&transcript);
    if lines.is_empty() {
        return Err(LiveError::NoSpeech);
    }
    let mut meeting = meeting.clone();
    if meeting.language.is_none() {
        meeting.language = language_of(&transcript);
    }
    Ok(store.import_meeting(&meeting, &lines)?)
}

/// The transcript's lines as a file's: no speaker, whisper's confidence, no empty text.
pub fn transcript_lines(transcript: &FileTranscript) -> Vec<TranscriptLine> {
    transcript
        .segments
        .iter()
        .map(|s| TranscriptLine {
            start_ms: s.start_ms,
            end_ms: s.end_ms,
            source: SegmentSource::File,
            speaker: None,
            text: s.text.trim().to_owned(),
            confidence: Some(f64::from(s.confidence)),
        })
        .filter(|l| !l.text.is_empty())
        .collect()
}

/// The language whisper used most, when it is a code the store accepts.
pub fn language_of(transcript: &FileTranscript) -> Option<String> {
    let mut counts: Vec<(&str, usize)> = Vec::new();
    for s in &transcript.segments {
        match counts.iter_mut().find(|(l, _)| *l == s.language) {
            Some((_, n)) => *n += 1,
            None => counts.push((&s.language, 1)),
        }
    }
    counts
        .into_iter()
        .max_by_key(|(_, n)| *n)
        .map(|(l, _)| l.to_owned())
        .filter(|l| !l.is_empty() && l.len() <= 8 && l.chars().all(|c| c.is_ascii_lowercase()))
}
