//! The final pass: after a meeting, its recordings are transcribed again offline (with
//! the whole of each utterance, and the same or a larger model) and the result takes
//! the place of the live transcript.
//!
//! Alignment is by time, per source: a live segment that a final segment overlaps is
//! replaced; one the final pass found nothing for stays (the live pass heard something
//! there). Segments the user edited are never replaced, and final text over them is
//! dropped. On the microphone, a final segment that overlaps the other side's speech
//! where the live pass kept nothing of the microphone was the call's echo, which the
//! live pass had recognised acoustically; it is dropped too. Everything is committed in
//! one transaction, so the live transcript stands until the final one does.

use std::path::PathBuf;

use onno_asr::{AsrError, Language, TranscribeOptions, Transcriber};
use onno_store::{DataDir, NewSegment, Segment, SegmentSource, Store};
use onno_transcribe::{FileOptions, FileStats, Progress, transcribe_file};
use serde::Serialize;

use crate::LiveError;

/// What a final pass did.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct FinalPass {
    /// Final segments committed.
    pub added: usize,
    /// Live segments they replaced.
    pub replaced: usize,
    /// Live segments kept: nothing final overlapped them, or the user edited them.
    pub kept: usize,
    /// Final microphone segments dropped as the call's echo.
    pub echo_dropped: usize,
    /// Per recording: its source and what transcribing it cost.
    pub files: Vec<(SegmentSource, FileStats)>,
}

impl FinalPass {
    /// The counts, for people and scripts.
    pub fn summary(&self, meeting_id: i64) -> FinalPassSummary {
        let count = |n: usize| u32::try_from(n).unwrap_or(u32::MAX);
        FinalPassSummary {
            meeting_id,
            added: count(self.added),
            replaced: count(self.replaced),
            kept: count(self.kept),
            echo_dropped: count(self.echo_dropped),
            audio_seconds: self.files.iter().map(|(_, s)| s.audio.as_secs_f64()).sum(),
        }
    }
}

/// What a final pass did, in numbers.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "specta", derive(specta::Type))]
pub struct FinalPassSummary {
    pub meeting_id: i64,
    pub added: u32,
    pub replaced: u32,
    pub kept: u32,
    pub echo_dropped: u32,
    /// Seconds of audio transcribed, over all recordings.
    pub audio_seconds: f64,
}

/// The options of a final pass in `language` (`auto`, or a code such as `ko`), the same
/// from the app and the command line. `vad_model` is the Silero model that finds the
/// speech when one is installed (the energy detector otherwise).
pub fn final_pass_options(
    language: &str,
    vad_model: Option<PathBuf>,
) -> Result<FileOptions, AsrError> {
    Ok(FileOptions {
        asr: TranscribeOptions {
            language: language.parse::<Language>()?,
            ..TranscribeOptions::default()
        },
        vad_model,
        ..FileOptions::default()
    })
}

/// Transcribes the meeting's recordings again with `transcriber` and puts the result in
/// place of its live transcript. `progress` hears about each file as it goes.
pub fn final_pass(
    store: &Store,
    meeting_id: i64,
    transcriber: &mut dyn Transcriber,
    options: &FileOptions,
    progress: &mut dyn FnMut(SegmentSource, Progress),
) -> Result<FinalPass, LiveError> {
    let meeting = store.meeting(meeting_id)?;
    let live = store.transcript(meeting_id)?;
    // The meeting's names and terms, as the live pass had them.
    let mut options = options.clone();
    options
        .asr
        .vocabulary
        .extend(crate::vocabulary::meeting_vocabulary(store, meeting_id)?);
    // "Auto" chooses among the languages the user speaks.
    crate::languages::with_spoken_languages(store, &mut options.asr)?;
    let options = &options;
    let mut pass = FinalPass::default();
    let mut finals: Vec<NewSegment> = Vec::new();
    for relative in &meeting.audio_paths {
        let Some(source) = DataDir::recorded_side(relative) else {
            continue;
        };
        let path = store.layout().absolute(relative);
        let transcript =
            transcribe_file(&path, transcriber, options, &mut |p| progress(source, p))?;
        pass.files.push((source, transcript.stats));
        finals.extend(transcript.segments.into_iter().filter_map(|s| {
            let text = s.text.trim().to_owned();
            (!text.is_empty()).then(|| NewSegment {
                meeting_id,
                source,
                speaker: None,
                text,
                start_ms: s.start_ms.max(0),
                end_ms: s.end_ms.max(s.start_ms.max(0)),
                confidence: Some(f64::from(s.confidence)),
                language: Some(s.language),
                is_final: true,
            })
        }));
    }
    let transcribed: Vec<SegmentSource> = pass.files.iter().map(|(s, _)| *s).collect();
    let (add, echo_dropped) = keep_finals(finals, &live);
    let remove: Vec<i64> = live
        .iter()
        .filter(|l| !l.edited && transcribed.contains(&l.source))
        .filter(|l| add.iter().any(|f| f.source == l.source && overlaps(f, l)))
        .map(|l| l.id)
        .collect();
    store.finalize_transcript(meeting_id, &remove, &add)?;
    pass.added = add.len();
    pass.replaced = remove.len();
    pass.kept = live.len() - remove.len();
    pass.echo_dropped = echo_dropped;
    Ok(pass)
}

/// The final segments to commit, and how many were dropped as echo.
fn keep_finals(finals: Vec<NewSegment>, live: &[Segment]) -> (Vec<NewSegment>, usize) {
    let them: Vec<NewSegment> = finals
        .iter()
        .filter(|f| f.source == SegmentSource::Them)
        .cloned()
        .collect();
    let mut echo = 0;
    let kept = finals
        .into_iter()
        .filter(|f| {
            let over_edit = live
                .iter()
                .any(|l| l.edited && l.source == f.source && overlaps(f, l));
            let is_echo = f.source == SegmentSource::Me
                && them.iter().any(|t| near(f, t))
                && !live
                    .iter()
                    .any(|l| l.source == SegmentSource::Me && overlaps(f, l));
            echo += usize::from(is_echo && !over_edit);
            !over_edit && !is_echo
        })
        .collect();
    (kept, echo)
}

fn overlaps(f: &NewSegment, l: &Segment) -> bool {
    f.start_ms < l.end_ms.max(l.start_ms + 1) && l.start_ms < f.end_ms.max(f.start_ms + 1)
}

/// How far apart a microphone segment and the other side's may be and still be the same
/// sound: the echo arrives tens of milliseconds late, and a segment whisper could not
/// place inside its window is put at the window's end, which the detector's padding
/// (250 ms) puts after the speech.
const ECHO_SLACK_MS: i64 = 250;

/// Whether `mic` lies over or within [`ECHO_SLACK_MS`] of the other side's `them`.
fn near(mic: &NewSegment, them: &NewSegment) -> bool {
    mic.start_ms < them.end_ms.max(them.start_ms + 1) + ECHO_SLACK_MS
        && them.start_ms < mic.end_ms.max(mic.start_ms + 1) + ECHO_SLACK_MS
}
