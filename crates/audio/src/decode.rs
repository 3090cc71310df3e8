//! Files (or bytes) in any supported container and codec, out as 16 kHz mono frames.

use std::fs::File;
use std::io::{self, Cursor, Read};
use std::path::Path;
use std::time::Duration;

use symphonia::core::codecs::audio::well_known::{
    CODEC_ID_AAC, CODEC_ID_AC3, CODEC_ID_ALAC, CODEC_ID_ATRAC3, CODEC_ID_EAC3, CODEC_ID_OPUS,
    CODEC_ID_SPEEX, CODEC_ID_WAVPACK, CODEC_ID_WMA,
};
use symphonia::core::codecs::audio::{AudioCodecParameters, AudioDecoder, AudioDecoderOptions};
use symphonia::core::errors::Error as SymError;
use symphonia::core::formats::probe::Hint;
use symphonia::core::formats::{FormatOptions, FormatReader, TrackType};
use symphonia::core::io::{MediaSource, MediaSourceStream, ReadOnlySource};
use symphonia::core::meta::MetadataOptions;

use crate::resample::Resampler16k;
use crate::{AudioError, ErrorKind, MAX_INPUT_RATE, MIN_INPUT_RATE};

/// A run of 16 kHz mono samples and where it sits in the stream.
#[derive(Debug, Clone, PartialEq)]
pub struct Frame {
    /// Index (at 16 kHz) of the first sample since the start of the stream. A frame's
    /// `start` is the previous frame's `start + samples.len()`; anything else is a gap or
    /// an overlap.
    pub start: u64,
    /// The samples, in -1..1.
    pub samples: Vec<f32>,
}

impl Frame {
    /// The index one past the last sample.
    pub fn end(&self) -> u64 {
        self.start + self.samples.len() as u64
    }
}

/// How to decode.
#[derive(Debug, Clone)]
pub struct DecodeOptions {
    /// Samples per [`Frame`] (at 16 kHz); the last frame may be shorter. Default 320
    /// (20 ms).
    pub frame_samples: usize,
    /// Packets that fail to decode in a row before the stream is called malformed. Each
    /// one is replaced by silence of its length, so later timestamps stay right.
    pub max_consecutive_errors: u32,
}

impl Default for DecodeOptions {
    fn default() -> Self {
        Self {
            frame_samples: 320,
            max_consecutive_errors: 32,
        }
    }
}

/// What the source is, as the container reported it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SourceInfo {
    /// The source's sample rate in Hz.
    pub sample_rate: u32,
    /// The source's channel count (averaged into one).
    pub channels: usize,
    /// The codec's short name (`pcm_s16le`, `flac`, `mp3`, `vorbis`, `aac`, ...).
    pub codec: String,
    /// The length in source frames, when the container says.
    pub frames: Option<u64>,
}

/// Counts kept while decoding; see [`AudioStream::stats`].
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct DecodeStats {
    /// Packets that failed to decode and were replaced by silence.
    pub bad_packets: u64,
    /// Source frames of silence put in their place.
    pub filled_frames: u64,
    /// The stream ended early (a truncated file): everything before the cut was decoded.
    pub truncated: bool,
    /// The most 16 kHz samples the stream held between calls, resampler included.
    pub peak_buffered: usize,
}

/// Opens audio. The entry points for files, in-memory bytes and readers.
pub struct Decoder;

impl Decoder {
    /// Opens the file at `path` with default options.
    pub fn open(path: &Path) -> Result<AudioStream, AudioError> {
        Self::open_with(path, &DecodeOptions::default())
    }

    /// Opens the file at `path`.
    pub fn open_with(path: &Path, opts: &DecodeOptions) -> Result<AudioStream, AudioError> {
        let name = path.display().to_string();
        let meta = std::fs::metadata(path).map_err(|e| io_error(&name, e))?;
        if !meta.is_file() {
            let what = if meta.is_dir() {
                "is a directory"
            } else {
                "is not a regular file"
            };
            return Err(AudioError::new(&name, ErrorKind::NotAFile, what));
        }
        if meta.len() == 0 {
            return Err(AudioError::new(
                &name,
                ErrorKind::Empty,
                "the file is empty",
            ));
        }
        let file = File::open(path).map_err(|e| io_error(&name, e))?;
        let mut hint = Hint::new();
        if let Some(ext) = path.extension().and_then(|e| e.to_str()) {
            hint.with_extension(ext);
        }
        AudioStream::new(name, Box::new(file), &hint, opts)
    }

    /// Decodes bytes held in memory; `name` stands for them in errors.
    pub fn from_bytes(
        bytes: impl AsRef<[u8]> + Send + Sync + 'static,
        name: &str,
        opts: &DecodeOptions,
    ) -> Result<AudioStream, AudioError> {
        if bytes.as_ref().is_empty() {
            return Err(AudioError::new(name, ErrorKind::Empty, "no bytes"));
        }
        AudioStream::new(
            name.to_owned(),
            Box::new(Cursor::new(bytes)),
            &Hint::new(),
            opts,
        )
    }

    /// Decodes from a reader that cannot seek (a pipe, a socket); `name` stands for it in
    /// errors. Formats that need to seek to find their audio (some MP4s) fail here.
    pub fn from_reader(
        reader: impl Read + Send + Sync + 'static,
        name: &str,
        opts: &DecodeOptions,
    ) -> Result<AudioStream, AudioError> {
        AudioStream::new(
            name.to_owned(),
            Box::new(ReadOnlySource::new(reader)),
            &Hint::new(),
            opts,
        )
    }
}

/// The decoder for a track's codec; Opus, which the decoder library lacks, is refused
/// with a way out.
fn make_decoder(
    name: &str,
    params: &AudioCodecParameters,
) -> Result<Box<dyn AudioDecoder>, AudioError> {
    let codec_id = params.codec;
    if codec_id == CODEC_ID_OPUS {
        return Err(AudioError::new(
            name,
            ErrorKind::UnsupportedCodec,
            "Opus audio is not supported (the decoder library has no Opus codec); \
             convert it to FLAC, WAV, MP3 or Vorbis first",
        ));
    }
    symphonia::default::get_codecs()
        .make_audio_decoder(params, &AudioDecoderOptions::default())
        .map_err(|e| match e {
            SymError::Unsupported(_) => AudioError::new(
                name,
                ErrorKind::UnsupportedCodec,
                format!("{} audio is not supported", codec_name(codec_id)),
            )
            .with_source(e),
            e => AudioError::new(name, ErrorKind::Malformed, e.to_string()).with_source(e),
        })
}

/// The track's sample rate, when it has one the resampler takes.
fn checked_rate(name: &str, params: &AudioCodecParameters) -> Result<u32, AudioError> {
    let sample_rate = params.sample_rate.ok_or_else(|| {
        AudioError::new(
            name,
            ErrorKind::Malformed,
            "the audio track has no sample rate",
        )
    })?;
    if !(MIN_INPUT_RATE..=MAX_INPUT_RATE).contains(&sample_rate) {
        return Err(AudioError::new(
            name,
            ErrorKind::UnsupportedParameters,
            format!("sample rate {sample_rate} Hz is outside {MIN_INPUT_RATE}-{MAX_INPUT_RATE} Hz"),
        ));
    }
    Ok(sample_rate)
}

/// A pull stream of 16 kHz mono [`Frame`]s from one source. Memory stays bounded by a
/// packet, a resampler block and a frame, whatever the source's length.
pub struct AudioStream {
    name: String,
    format: Box<dyn FormatReader>,
    decoder: Box<dyn AudioDecoder>,
    track_id: u32,
    info: SourceInfo,
    resampler: Resampler16k,
    interleaved: Vec<f32>,
    /// Resampled samples not yet handed out; `ready[taken..]` is live.
    ready: Vec<f32>,
    taken: usize,
    next_start: u64,
    frame_samples: usize,
    max_errors: u32,
    errors_in_row: u32,
    ended: bool,
    failed: bool,
    stats: DecodeStats,
}

impl AudioStream {
    fn new(
        name: String,
        source: Box<dyn MediaSource>,
        hint: &Hint,
        opts: &DecodeOptions,
    ) -> Result<Self, AudioError> {
        let mss = MediaSourceStream::new(source, Default::default());
        let format = symphonia::default::get_probe()
            .probe(
                hint,
                mss,
                FormatOptions::default(),
                MetadataOptions::default(),
            )
            .map_err(|e| probe_error(&name, e))?;
        let track = format
            .default_track(TrackType::Audio)
            .or_else(|| format.first_track(TrackType::Audio))
            .ok_or_else(|| {
                AudioError::new(
                    &name,
                    ErrorKind::NoAudioTrack,
                    "the file has no audio track",
                )
            })?;
        let track_id = track.id;
        let frames = track.num_frames;
        let params = track
            .codec_params
            .as_ref()
            .and_then(|p| p.audio())
            .ok_or_else(|| {
                AudioError::new(
                    &name,
                    ErrorKind::NoAudioTrack,
                    "the file has no audio track",
                )
            })?;
        let decoder = make_decoder(&name, params)?;
        let sample_rate = checked_rate(&name, params)?;
        let channels = params.channels.as_ref().map_or(1, |c| c.count()).max(1);
        let resampler = Resampler16k::new(sample_rate, channels)
            .map_err(|e| AudioError::new(&name, e.kind(), e.message().to_owned()))?;
        let info = SourceInfo {
            sample_rate,
            channels,
            codec: decoder.codec_info().short_name.to_owned(),
            frames,
        };
        Ok(Self {
            name,
            format,
            decoder,
            track_id,
            info,
            resampler,
            interleaved: Vec::new(),
            ready: Vec::new(),
            taken: 0,
            next_start: 0,
            frame_samples: opts.frame_samples.max(1),
            max_errors: opts.max_consecutive_errors,
            errors_in_row: 0,
            ended: false,
            failed: false,
            stats: DecodeStats::default(),
        })
    }

    /// The file path or stream name.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The source's rate, channels, codec and length.
    pub fn info(&self) -> &SourceInfo {
        &self.info
    }

    /// The length, when the container says; for progress bars, not for arithmetic.
    pub fn duration_hint(&self) -> Option<Duration> {
        let frames = self.info.frames?;
        Some(Duration::from_secs_f64(
            frames as f64 / self.info.sample_rate as f64,
        ))
    }

    /// The number of 16 kHz samples the stream will give, when the container says.
    pub fn samples_hint(&self) -> Option<u64> {
        Some(crate::resample::expected_len(
            self.info.frames?,
            self.info.sample_rate,
        ))
    }

    /// Counts kept so far.
    pub fn stats(&self) -> &DecodeStats {
        &self.stats
    }

    /// The next frame, `None` at the end, or the error that ended the stream (after
    /// which it yields `None`).
    pub fn next_frame(&mut self) -> Option<Result<Frame, AudioError>> {
        if self.failed {
            return None;
        }
        loop {
            let live = self.ready.len() - self.taken;
            if live >= self.frame_samples || (self.ended && live > 0) {
                let n = live.min(self.frame_samples);
                let samples = self.ready[self.taken..self.taken + n].to_vec();
                self.taken += n;
                let frame = Frame {
                    start: self.next_start,
                    samples,
                };
                self.next_start += n as u64;
                return Some(Ok(frame));
            }
            if self.ended {
                return None;
            }
            // Drop what was handed out before taking more.
            self.ready.drain(..self.taken);
            self.taken = 0;
            if let Err(e) = self.pull() {
                self.failed = true;
                return Some(Err(e));
            }
            let held = self.ready.len() + self.resampler.buffered();
            self.stats.peak_buffered = self.stats.peak_buffered.max(held);
        }
    }

    /// Decodes the next packet into `ready`, or flushes at the end.
    fn pull(&mut self) -> Result<(), AudioError> {
        let packet = match self.format.next_packet() {
            Ok(Some(p)) => p,
            Ok(None) => return self.end(false),
            Err(SymError::IoError(e)) if e.kind() == io::ErrorKind::UnexpectedEof => {
                return self.end(true);
            }
            Err(SymError::ResetRequired) => {
                tracing::warn!(file = %self.name, "stream changed layout mid-way; stopping there");
                return self.end(true);
            }
            Err(e) => return Err(self.malformed(e)),
        };
        if packet.track_id != self.track_id {
            return Ok(());
        }
        match self.decoder.decode(&packet) {
            Ok(buf) => {
                self.errors_in_row = 0;
                let spec = buf.spec();
                if spec.rate() != self.info.sample_rate {
                    return Err(AudioError::new(
                        &self.name,
                        ErrorKind::Malformed,
                        format!(
                            "the sample rate changes mid-stream ({} Hz to {} Hz)",
                            self.info.sample_rate,
                            spec.rate()
                        ),
                    ));
                }
                let channels = spec.channels().count().max(1);
                if channels != self.resampler.channels() {
                    self.resampler.set_channels(channels).map_err(|e| {
                        AudioError::new(&self.name, e.kind(), e.message().to_owned())
                    })?;
                }
                buf.copy_to_vec_interleaved(&mut self.interleaved);
                let out = self.resampler.push(&self.interleaved);
                self.ready.extend_from_slice(out);
                Ok(())
            }
            Err(SymError::DecodeError(msg)) => {
                self.errors_in_row += 1;
                self.stats.bad_packets += 1;
                tracing::warn!(file = %self.name, error = msg, "skipping a packet that does not decode");
                if self.errors_in_row > self.max_errors {
                    return Err(AudioError::new(
                        &self.name,
                        ErrorKind::Malformed,
                        format!(
                            "{} packets in a row do not decode: {msg}",
                            self.errors_in_row
                        ),
                    ));
                }
                // Silence for the packet's length keeps later timestamps right; a length
                // over a second is not believed.
                let dur = packet.dur.get().min(self.info.sample_rate as u64);
                self.stats.filled_frames += dur;
                let channels = self.resampler.channels();
                self.interleaved.clear();
                self.interleaved.resize(dur as usize * channels, 0.0);
                let out = self.resampler.push(&self.interleaved);
                self.ready.extend_from_slice(out);
                Ok(())
            }
            Err(SymError::IoError(e)) if e.kind() == io::ErrorKind::UnexpectedEof => self.end(true),
            Err(e) => Err(self.malformed(e)),
        }
    }

    fn end(&mut self, truncated: bool) -> Result<(), AudioError> {
        if truncated {
            self.stats.truncated = true;
            tracing::warn!(file = %self.name, "the file ends early; decoded up to the cut");
        }
        let out = self.resampler.finish();
        self.ready.extend_from_slice(out);
        self.ended = true;
        Ok(())
    }

    fn malformed(&self, e: SymError) -> AudioError {
        let kind = match e {
            SymError::IoError(_) => ErrorKind::Io,
            SymError::Unsupported(_) => ErrorKind::UnsupportedCodec,
            _ => ErrorKind::Malformed,
        };
        AudioError::new(&self.name, kind, e.to_string()).with_source(e)
    }
}

impl Iterator for AudioStream {
    type Item = Result<Frame, AudioError>;

    fn next(&mut self) -> Option<Self::Item> {
        self.next_frame()
    }
}

fn io_error(name: &str, e: io::Error) -> AudioError {
    let (kind, msg) = match e.kind() {
        io::ErrorKind::NotFound => (ErrorKind::NotFound, "no such file".to_owned()),
        io::ErrorKind::IsADirectory => (ErrorKind::NotAFile, "is a directory".to_owned()),
        _ => (ErrorKind::Io, e.to_string()),
    };
    AudioError::new(name, kind, msg).with_source(e)
}

fn probe_error(name: &str, e: SymError) -> AudioError {
    let (kind, msg) = match &e {
        // The probe's own "nothing matched" against a reader that recognised the file and
        // then met something it cannot read.
        SymError::Unsupported(msg) if msg.starts_with("core (probe)") => (
            ErrorKind::UnknownFormat,
            "not a recognised audio file (WAV, FLAC, MP3, Ogg Vorbis or M4A/AAC)".to_owned(),
        ),
        SymError::Unsupported(msg) if msg.contains("unsupported") => (
            ErrorKind::UnsupportedCodec,
            format!("the audio encoding is not supported ({msg})"),
        ),
        SymError::Unsupported(msg) => (ErrorKind::Malformed, format!("malformed header: {msg}")),
        SymError::IoError(io) if io.kind() == io::ErrorKind::UnexpectedEof => (
            ErrorKind::Malformed,
            "the file ends inside its header".to_owned(),
        ),
        SymError::IoError(io) => (ErrorKind::Io, io.to_string()),
        SymError::DecodeError(msg) => (ErrorKind::Malformed, format!("malformed header: {msg}")),
        SymError::LimitError(msg) => (ErrorKind::Malformed, format!("over a safety limit: {msg}")),
        other => (ErrorKind::Malformed, other.to_string()),
    };
    AudioError::new(name, kind, msg).with_source(e)
}

fn codec_name(id: symphonia::core::codecs::audio::AudioCodecId) -> String {
    let known = [
        (CODEC_ID_AAC, "AAC"),
        (CODEC_ID_AC3, "AC-3"),
        (CODEC_ID_EAC3, "E-AC-3"),
        (CODEC_ID_ALAC, "ALAC"),
        (CODEC_ID_ATRAC3, "ATRAC3"),
        (CODEC_ID_SPEEX, "Speex"),
        (CODEC_ID_WAVPACK, "WavPack"),
        (CODEC_ID_WMA, "WMA"),
    ];
    known
        .iter()
        .find(|(k, _)| *k == id)
        .map_or_else(|| format!("codec {id}"), |(_, n)| (*n).to_owned())
}
