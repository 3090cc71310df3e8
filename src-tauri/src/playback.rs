//! Playing a meeting's recordings in the window: a loopback HTTP server (see
//! `onno_playback` for why not a custom URI scheme), started on first use, serving the
//! recordings the database lists for a meeting.

use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use onno_playback::{PlaybackServer, ResolveError, Track};
use onno_store::{DataDir, SegmentSource, Store};
use serde::{Deserialize, Serialize};
use tauri::{AppHandle, Manager, State};

use crate::commands::blocking;
use crate::error::{AppError, AppErrorKind};
use crate::state::AppState;

/// Which recordings the window plays.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize, specta::Type)]
#[serde(rename_all = "snake_case")]
pub enum PlaybackTrack {
    /// Both sides of the call.
    Mix,
    /// The other side: the system audio, or an imported recording.
    Them,
    /// The microphone.
    Me,
}

impl From<PlaybackTrack> for Track {
    fn from(track: PlaybackTrack) -> Self {
        match track {
            PlaybackTrack::Mix => Track::Mix,
            PlaybackTrack::Them => Track::Them,
            PlaybackTrack::Me => Track::Me,
        }
    }
}

impl From<Track> for PlaybackTrack {
    fn from(track: Track) -> Self {
        match track {
            Track::Mix => PlaybackTrack::Mix,
            Track::Them => PlaybackTrack::Them,
            Track::Me => PlaybackTrack::Me,
        }
    }
}

/// A track the window can play, and where.
#[derive(Debug, Clone, Serialize, specta::Type)]
pub struct TrackUrl {
    pub track: PlaybackTrack,
    pub url: String,
}

#[derive(Default)]
pub struct Playback(Mutex<Option<PlaybackServer>>);

impl Playback {
    fn url(
        &self,
        app: &AppHandle,
        meeting_id: i64,
        track: PlaybackTrack,
    ) -> Result<String, AppError> {
        let mut server = self.0.lock().unwrap_or_else(|e| e.into_inner());
        if server.is_none() {
            let app = app.clone();
            let started = PlaybackServer::start(move |id, track| {
                let store = app
                    .state::<AppState>()
                    .store()
                    .map_err(|_| ResolveError::NotFound)?;
                let files = recordings(&store, id).map_err(|_| ResolveError::NotFound)?;
                resolve(&files, track)
            })
            .map_err(|e| {
                AppError::new(
                    AppErrorKind::Internal,
                    format!("cannot start the player's server: {e}"),
                )
            })?;
            *server = Some(started);
        }
        let server = server.as_ref().expect("started above");
        Ok(server.url(meeting_id, track.into()))
    }
}

/// A meeting's recordings that are still on disk, each with the side it holds (`None`
/// for an imported recording, which holds the whole call).
fn recordings(
    store: &Store,
    meeting_id: i64,
) -> Result<Vec<(Option<SegmentSource>, PathBuf)>, AppError> {
    let meeting = store.meeting(meeting_id)?;
    Ok(meeting
        .audio_paths
        .iter()
        // Only files inside the data folder: a path restored from an archive is data, and
        // the server must never be pointed outside it.
        .filter(|relative| {
            Path::new(relative)
                .components()
                .all(|c| matches!(c, Component::Normal(_)))
        })
        .map(|relative| {
            (
                DataDir::recorded_side(relative),
                store.layout().absolute(relative),
            )
        })
        .collect())
}

fn resolve(
    files: &[(Option<SegmentSource>, PathBuf)],
    track: Track,
) -> Result<Vec<PathBuf>, ResolveError> {
    let wanted: Vec<PathBuf> = files
        .iter()
        .filter(|(side, _)| match track {
            Track::Mix => true,
            Track::Me => *side == Some(SegmentSource::Me),
            Track::Them => *side != Some(SegmentSource::Me),
        })
        .map(|(_, path)| path.clone())
        .collect();
    if wanted.is_empty() {
        return Err(ResolveError::NotFound);
    }
    if wanted.iter().all(|p| !p.exists()) {
        return Err(ResolveError::Gone);
    }
    Ok(wanted.into_iter().filter(|p| p.exists()).collect())
}

/// The tracks of a meeting's recordings that are still on disk, with their URLs; none
/// when they were removed (retention) or the meeting has none.
#[tauri::command]
#[specta::specta]
pub async fn playback_tracks(
    app: AppHandle,
    state: State<'_, AppState>,
    playback: State<'_, Playback>,
    meeting_id: i64,
) -> Result<Vec<TrackUrl>, AppError> {
    let files = blocking(&state, move |s| recordings(s, meeting_id)).await?;
    Track::offered(|track| resolve(&files, track).is_ok())
        .into_iter()
        .map(|track| {
            Ok(TrackUrl {
                track: track.into(),
                url: playback.url(&app, meeting_id, track.into())?,
            })
        })
        .collect()
}
