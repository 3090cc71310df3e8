//! Playback of a meeting's recordings in the app's window.
//!
//! The window plays audio with an HTML `<audio>` element, and seeking in a long
//! recording needs HTTP `Range` requests. On Linux, WebKitGTK's media player
//! (GStreamer) cannot play from a custom URI scheme handler with ranges (tauri#3725,
//! tauri#15472, WebKit bug 146351), so the app runs [`PlaybackServer`]: plain HTTP/1.1
//! on `127.0.0.1` and a free port, serving only
//! `GET`/`HEAD /<token>/meetings/<id>/<mix|me|them>`. The token is 128 random bits,
//! new at every start, so another local process cannot read a user's recordings
//! without it.
//!
//! The app gives a resolver from a meeting and a [`Track`] to its files. Onno's own
//! recordings (16 kHz mono 16-bit WAV, one per side, on one sample clock) are served
//! as a [`MixedWav`]: a virtual WAV file with a fresh header whose bytes are computed
//! per range, so a three-hour meeting is never read whole and a header a crash left
//! wrong never reaches the player. A file of another format (an imported MP3, FLAC,
//! M4A…) is served as it is stored.
//!
//! ```no_run
//! use onno_playback::{PlaybackServer, ResolveError, Track};
//!
//! let server = PlaybackServer::start(|meeting_id, track| match (meeting_id, track) {
//!     (7, Track::Mix) => Ok(vec!["meetings/7/mic.wav".into(), "meetings/7/system.wav".into()]),
//!     (7, Track::Me) => Ok(vec!["meetings/7/mic.wav".into()]),
//!     (7, Track::Them) => Ok(vec!["meetings/7/system.wav".into()]),
//!     _ => Err(ResolveError::NotFound),
//! })?;
//! let src = server.url(7, Track::Mix);
//! # let _ = src;
//! # Ok::<(), std::io::Error>(())
//! ```

mod body;
mod mix;
mod playable;
mod range;
mod route;
mod server;
mod wav;

pub use mix::{MixedWav, OpenError};
pub use playable::{Playable, StoredFile, content_type_of};
pub use range::{RangeRequest, parse_range};
pub use route::Track;
pub use server::{PlaybackServer, ResolveError, Resolver};
pub use wav::{HEADER_LEN, MAX_DATA_LEN, SAMPLE_RATE, probe_recording, wav_header};
