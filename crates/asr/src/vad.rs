//! whisper.cpp's Silero VAD as an [`onno_audio::VoiceDetector`].
//!
//! whisper.cpp 1.8.3 ignores the VAD settings on `FullParams` in `WhisperState::full()`,
//! so Onno runs the VAD context itself and hands whisper only the speech (through the
//! same segmenter and window packing as the built-in detector).
//!
//! whisper.cpp's VAD is not a streaming API: `whisper_vad_detect_speech` takes a whole
//! buffer, resets the LSTM state and returns one speech probability per 512 samples
//! (32 ms). [`SileroVad`] therefore runs it on chunks of [`CHUNK_SAMPLES`] (4 s), each
//! preceded by the last [`OVERLAP_SAMPLES`] (0.5 s) of the previous chunk so the LSTM is
//! warm again by the time the new audio starts; the overlap's probabilities are
//! discarded. Speech is therefore found up to 4 s after it is said, which for a file is
//! nothing; a live meeting runs 0.5 s chunks ([`SileroVad::live`]) with the same
//! overlap, and a shorter one as soon as enough audio has come for the speech heard to
//! end. Spans are made from the probabilities with Silero's hysteresis: a frame at or
//! above [`SPEECH_THRESHOLD`] is speech, speech goes on while frames stay at or above
//! [`SILENCE_THRESHOLD`], and it ends after `min_silence_ms` below that.
//!
//! whisper.cpp trusts the model file: a negative name length, a wrong tensor shape or a
//! missing tensor can crash it or leave weights uninitialised. [`inspect_vad_model`]
//! walks the whole file first and accepts only the layout whisper.cpp builds its graph
//! for, which Silero v5 and v6 share (only their weights differ).

use std::fs::File;
use std::io::{BufReader, Read};
use std::path::{Path, PathBuf};

use onno_audio::{Span, VadConfig, VoiceDetector};
use whisper_rs::{WhisperVadContext, WhisperVadContextParams};

use crate::error::{AsrError, ErrorKind};
use crate::model::{
    GgmlType, ModelReader, Problem, TensorSpec, describe_magic, invalid, read_tensors,
};

const GGML_MAGIC: u32 = 0x6767_6d6c;
/// The model type of a 16 kHz Silero model, as whisper.cpp's converter writes it.
pub const SILERO_MODEL_TYPE: &str = "silero-16k";
/// Samples per probability in a Silero v5 or v6 model.
pub const SILERO_WINDOW: u64 = 512;
/// Audio run through whisper.cpp's VAD per call (4 s).
pub const CHUNK_SAMPLES: u64 = 125 * SILERO_WINDOW;
/// Audio run per call in a live meeting (0.5 s), where speech must be found as it is
/// said: with the overlap each call runs 1 s for 0.5 s of news, which costs a few
/// thousandths of real time.
pub const LIVE_CHUNK_SAMPLES: u64 = 16 * SILERO_WINDOW;
/// Audio of the previous chunk run again before each chunk to warm the LSTM (0.5 s).
pub const OVERLAP_SAMPLES: u64 = 16 * SILERO_WINDOW;
/// A frame whose probability reaches this is speech.
pub const SPEECH_THRESHOLD: f32 = 0.5;
/// Speech goes on while frames stay at or above this (Silero's `threshold - 0.15`).
pub const SILENCE_THRESHOLD: f32 = 0.35;

/// (in channels, out channels, kernel) of the four encoder layers whisper.cpp's graph
/// is built for.
const ENCODER: [(i32, i32, i32); 4] = [(129, 128, 3), (128, 64, 3), (64, 64, 3), (64, 128, 3)];
const LSTM: i32 = 128;

/// What the header of a Silero VAD model says, after it has been checked.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VadModelInfo {
    pub file_len: u64,
    /// `major.minor.patch` of the Silero release it was converted from.
    pub version: String,
}

/// Checks that `path` is a complete Silero VAD ggml model (`silero-16k`, v5 or v6) that
/// whisper.cpp can load safely. Errors are [`ErrorKind::Io`] or
/// [`ErrorKind::InvalidModel`], naming the file and the first problem found.
pub fn inspect_vad_model(path: &Path) -> Result<VadModelInfo, AsrError> {
    let shown = path.display();
    let io_error = |e: std::io::Error| {
        let message = format!("cannot open VAD model file '{shown}': {e}");
        AsrError::with_source(ErrorKind::Io, message, e)
    };
    let meta = std::fs::metadata(path).map_err(io_error)?;
    if meta.is_dir() {
        return Err(AsrError::new(
            ErrorKind::Io,
            format!("VAD model path '{shown}' is a directory, not a Silero VAD model file"),
        ));
    }
    let file = File::open(path).map_err(io_error)?;
    let mut reader = ModelReader {
        inner: BufReader::new(file),
        pos: 0,
        len: meta.len(),
    };
    match read_vad_layout(&mut reader) {
        Ok(info) => Ok(info),
        Err(Problem::Invalid(why)) => Err(AsrError::new(
            ErrorKind::InvalidModel,
            format!("'{shown}' is not a usable Silero VAD model: {why}"),
        )),
        Err(Problem::Io(e)) => Err(AsrError::with_source(
            ErrorKind::Io,
            format!("cannot read VAD model file '{shown}': {e}"),
            e,
        )),
    }
}

fn read_vad_layout(r: &mut ModelReader) -> Result<VadModelInfo, Problem> {
    if r.len < 8 {
        return invalid(format!(
            "file is {} bytes long, too short to be a VAD model",
            r.len
        ));
    }
    let mut head = [0u8; 4];
    r.inner.read_exact(&mut head)?;
    r.pos = 4;
    if u32::from_le_bytes(head) != GGML_MAGIC {
        return invalid(describe_magic(&head));
    }
    let type_len = r.i32("the model type")?;
    if !(1..=64).contains(&type_len) {
        return invalid(format!(
            "bad header: model type of {type_len} bytes (a whisper model rather than a VAD model?)"
        ));
    }
    let model_type = r.bytes(type_len as u64, "the model type")?;
    if model_type != SILERO_MODEL_TYPE.as_bytes() {
        return invalid(format!(
            "model type '{}', expected '{SILERO_MODEL_TYPE}'",
            String::from_utf8_lossy(&model_type)
        ));
    }
    let version = [
        r.i32("the version")?,
        r.i32("the version")?,
        r.i32("the version")?,
    ];
    if !(5..=6).contains(&version[0]) {
        return invalid(format!(
            "Silero version {}.{}.{}; whisper.cpp runs version 5 and 6 models",
            version[0], version[1], version[2]
        ));
    }
    let n_window = r.i32("the header")?;
    let n_context = r.i32("the header")?;
    if i64::from(n_window) != SILERO_WINDOW as i64 || n_context != 64 {
        return invalid(format!(
            "bad header: window {n_window}, context {n_context} (expected 512 and 64)"
        ));
    }
    let n_layers = r.i32("the header")?;
    if n_layers != ENCODER.len() as i32 {
        return invalid(format!(
            "bad header: {n_layers} encoder layers (expected 4)"
        ));
    }
    for (i, want) in ENCODER.iter().enumerate() {
        let got = (
            r.i32("the header")?,
            r.i32("the header")?,
            r.i32("the header")?,
        );
        if got != *want {
            return invalid(format!(
                "bad header: encoder layer {i} is (in, out, kernel) {got:?}, expected {want:?}"
            ));
        }
    }
    let rest = [
        r.i32("the header")?,
        r.i32("the header")?,
        r.i32("the header")?,
        r.i32("the header")?,
    ];
    if rest != [LSTM, LSTM, LSTM, 1] {
        return invalid(format!(
            "bad header: LSTM input/hidden and final conv in/out are {rest:?}, expected [128, 128, 128, 1]"
        ));
    }

    read_tensors(r, &expected_vad_tensors(), "a Silero VAD model")?;
    Ok(VadModelInfo {
        file_len: r.len,
        version: format!("{}.{}.{}", version[0], version[1], version[2]),
    })
}

/// The tensors `whisper_vad_init_with_params()` creates, with their ggml dimensions and
/// type ids (0 f32, 1 f16).
fn expected_vad_tensors() -> TensorSpec {
    let enc = |i: usize| {
        let (inp, out, k) = ENCODER[i];
        [i64::from(k), i64::from(inp), i64::from(out)]
    };
    let bias = |i: usize| [i64::from(ENCODER[i].1), 1, 1];
    let gates = 4 * i64::from(LSTM);
    let (f32, f16) = (GgmlType::F32, GgmlType::F16);
    [
        ("_model.stft.forward_basis_buffer", ([256, 1, 258], f16)),
        ("_model.encoder.0.reparam_conv.weight", (enc(0), f16)),
        ("_model.encoder.0.reparam_conv.bias", (bias(0), f32)),
        ("_model.encoder.1.reparam_conv.weight", (enc(1), f16)),
        ("_model.encoder.1.reparam_conv.bias", (bias(1), f32)),
        ("_model.encoder.2.reparam_conv.weight", (enc(2), f16)),
        ("_model.encoder.2.reparam_conv.bias", (bias(2), f32)),
        ("_model.encoder.3.reparam_conv.weight", (enc(3), f16)),
        ("_model.encoder.3.reparam_conv.bias", (bias(3), f32)),
        (
            "_model.decoder.rnn.weight_ih",
            ([i64::from(LSTM), gates, 1], f32),
        ),
        ("_model.decoder.rnn.bias_ih", ([gates, 1, 1], f32)),
        (
            "_model.decoder.rnn.weight_hh",
            ([i64::from(LSTM), gates, 1], f32),
        ),
        ("_model.decoder.rnn.bias_hh", ([gates, 1, 1], f32)),
        (
            "_model.decoder.decoder.2.weight",
            ([i64::from(LSTM), 1, 1], f16),
        ),
        ("_model.decoder.decoder.2.bias", ([1, 1, 1], f32)),
    ]
    .into_iter()
    .map(|(name, spec)| (name.to_owned(), spec))
    .collect()
}

/// whisper.cpp's Silero VAD behind [`VoiceDetector`]: usable wherever
/// [`onno_audio::EnergyVad`] is. One instance serves one stream and owns its own
/// whisper.cpp VAD context (a few MB).
///
/// Not streaming inside: audio is run through the model [`CHUNK_SAMPLES`] (4 s) at a
/// time ([`LIVE_CHUNK_SAMPLES`], 0.5 s, for a live meeting: [`SileroVad::live`]), each
/// chunk after the last [`OVERLAP_SAMPLES`] (0.5 s) of the one before to warm the LSTM,
/// so spans come out up to a chunk after the speech (at once on `finish`).
/// [`VoiceDetector::pending_start`] covers the audio not yet analysed, so a segmenter
/// keeps it; [`VoiceDetector::speaking`] is only speech heard. A chunk whisper.cpp fails
/// on is counted in [`SileroVad::failures`] and kept as speech.
pub struct SileroVad {
    ctx: WhisperVadContext,
    path: PathBuf,
    /// Samples not yet run through the model; the first is sample `analyzed`.
    pending: Vec<f32>,
    analyzed: u64,
    /// The last samples before `analyzed`, run again to warm the LSTM.
    history: Vec<f32>,
    /// Samples per call.
    chunk: usize,
    /// Live: run as soon as the audio could end the open span, not a whole chunk later.
    eager: bool,
    seen: u64,
    /// The open span: its start and the end of its last speech frame.
    open: Option<(u64, u64)>,
    min_silence: u64,
    min_speech: u64,
    max_speech: u64,
    failures: u64,
}

impl SileroVad {
    /// Checks the model with [`inspect_vad_model`], then loads it into whisper.cpp. The
    /// silence, minimum speech, padding and cap settings come from `cfg`; its energy
    /// settings do not apply.
    pub fn new(model: &Path, cfg: &VadConfig) -> Result<Self, AsrError> {
        Self::with_chunk(model, cfg, CHUNK_SAMPLES, false)
    }

    /// [`SileroVad::new`] for a live meeting: [`LIVE_CHUNK_SAMPLES`] a call, so speech
    /// is found within half a second of being said, and its end as soon as the silence
    /// after it is long enough (one window at most later).
    pub fn live(model: &Path, cfg: &VadConfig) -> Result<Self, AsrError> {
        Self::with_chunk(model, cfg, LIVE_CHUNK_SAMPLES, true)
    }

    fn with_chunk(
        model: &Path,
        cfg: &VadConfig,
        chunk: u64,
        eager: bool,
    ) -> Result<Self, AsrError> {
        crate::engine::route_native_logs();
        inspect_vad_model(model)?;
        let shown = model.display();
        let path_str = model.to_str().ok_or_else(|| {
            AsrError::new(
                ErrorKind::Io,
                format!("VAD model path '{shown}' is not valid UTF-8"),
            )
        })?;
        if path_str.contains('\0') {
            return Err(AsrError::new(
                ErrorKind::Io,
                format!("VAD model path '{shown}' contains a NUL byte"),
            ));
        }
        let mut params = WhisperVadContextParams::new();
        // The network is tiny: one thread is fastest (no barriers between its ~40 ops).
        params.set_n_threads(1);
        params.set_use_gpu(false);
        let ctx = WhisperVadContext::new(path_str, params).map_err(|e| {
            AsrError::with_source(
                ErrorKind::ModelLoad,
                format!("whisper.cpp could not load VAD model '{shown}': {e}"),
                e,
            )
        })?;
        let ms = |v: u32| u64::from(v) * 16;
        let max_speech = ms(cfg.max_utterance_ms)
            .saturating_sub(2 * ms(cfg.pad_ms))
            .max(SILERO_WINDOW);
        Ok(SileroVad {
            ctx,
            path: model.to_path_buf(),
            pending: Vec::with_capacity(chunk as usize),
            analyzed: 0,
            history: Vec::with_capacity(OVERLAP_SAMPLES as usize),
            chunk: chunk as usize,
            eager,
            seen: 0,
            open: None,
            min_silence: ms(cfg.min_silence_ms),
            min_speech: ms(cfg.min_speech_ms),
            max_speech,
            failures: 0,
        })
    }

    /// The model file this detector runs.
    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Chunks whisper.cpp failed to analyse (counted as speech, so nothing is dropped).
    pub fn failures(&self) -> u64 {
        self.failures
    }

    /// The model's speech probability for every [`SILERO_WINDOW`] samples of `samples`
    /// (the last window padded with silence), in one pass with the LSTM state carried
    /// from window to window, as Silero's own code runs it. For measuring the detector;
    /// it leaves the stream that [`VoiceDetector::push`] feeds untouched.
    pub fn speech_probabilities(&mut self, samples: &[f32]) -> Result<Vec<f32>, AsrError> {
        if samples.is_empty() {
            return Ok(Vec::new());
        }
        self.ctx.detect_speech(samples).map_err(|e| {
            AsrError::with_source(
                ErrorKind::Inference,
                format!(
                    "whisper.cpp's VAD failed on {} samples with '{}': {e}",
                    samples.len(),
                    self.path.display()
                ),
                e,
            )
        })?;
        Ok(self.ctx.probabilities().to_vec())
    }

    /// How many pending samples the next call runs: a chunk, or, live while speech is
    /// open, just enough whole windows to reach `min_silence` after its last speech
    /// frame. An utterance's end then waits for its silence only, not for the rest of a
    /// chunk (up to 0.5 s more), and whisper gets it that much sooner. The overlap stays
    /// whole, so each frame is judged after the same warm-up.
    fn due(&self) -> usize {
        match self.open {
            Some((_, last_speech)) if self.eager => {
                let to_close = (last_speech + self.min_silence).saturating_sub(self.analyzed);
                let windows = to_close.div_ceil(SILERO_WINDOW).max(1);
                (windows * SILERO_WINDOW).min(self.chunk as u64) as usize
            }
            _ => self.chunk,
        }
    }

    /// Runs the first `n` pending samples through the model and turns their
    /// probabilities into spans.
    fn run(&mut self, n: usize, spans: &mut Vec<Span>) {
        let mut input = Vec::with_capacity(self.history.len() + n);
        input.extend_from_slice(&self.history);
        input.extend_from_slice(&self.pending[..n]);
        let skip = self.history.len() / SILERO_WINDOW as usize;
        let probs: Vec<f32> = match self.ctx.detect_speech(&input) {
            Ok(()) => self
                .ctx
                .probabilities()
                .iter()
                .skip(skip)
                .copied()
                .collect(),
            Err(e) => {
                self.failures += 1;
                tracing::warn!(error = %e, path = %self.path.display(), "Silero VAD failed on a chunk; keeping it as speech");
                vec![1.0; n.div_ceil(SILERO_WINDOW as usize)]
            }
        };
        let end = self.analyzed + n as u64;
        for (k, p) in probs.into_iter().enumerate() {
            let start = self.analyzed + k as u64 * SILERO_WINDOW;
            if start >= end {
                break;
            }
            self.frame(start, (start + SILERO_WINDOW).min(end), p, spans);
        }
        let keep = input.len().min(OVERLAP_SAMPLES as usize);
        self.history.clear();
        self.history.extend_from_slice(&input[input.len() - keep..]);
        self.pending.drain(..n);
        self.analyzed = end;
    }

    fn frame(&mut self, start: u64, end: u64, p: f32, spans: &mut Vec<Span>) {
        match self.open {
            None if p >= SPEECH_THRESHOLD => self.open = Some((start, end)),
            None => {}
            // Speech that would grow past the cap is cut here and goes on in a new span.
            Some((s, e)) if p >= SILENCE_THRESHOLD && end - s > self.max_speech => {
                self.close(s, e, spans);
                self.open = Some((e.max(start), end));
            }
            Some((s, _)) if p >= SILENCE_THRESHOLD => self.open = Some((s, end)),
            Some((s, e)) if end - e >= self.min_silence => self.close(s, e, spans),
            Some(_) => {}
        }
    }

    fn close(&mut self, start: u64, end: u64, spans: &mut Vec<Span>) {
        self.open = None;
        if end - start >= self.min_speech {
            spans.push(Span { start, end });
        }
    }
}

impl VoiceDetector for SileroVad {
    fn push(&mut self, samples: &[f32], spans: &mut Vec<Span>) {
        self.seen += samples.len() as u64;
        let mut rest = samples;
        while !rest.is_empty() {
            let due = self.due();
            let room = due.saturating_sub(self.pending.len());
            let (now, later) = rest.split_at(room.min(rest.len()));
            self.pending.extend_from_slice(now);
            rest = later;
            if self.pending.len() >= due {
                self.run(due, spans);
            }
        }
    }

    fn finish(&mut self, spans: &mut Vec<Span>) {
        if !self.pending.is_empty() {
            self.run(self.pending.len(), spans);
        }
        if let Some((s, e)) = self.open {
            self.close(s, e.min(self.seen), spans);
        }
    }

    fn position(&self) -> u64 {
        self.seen
    }

    fn pending_start(&self) -> Option<u64> {
        match self.open {
            Some((s, _)) => Some(s),
            None if !self.pending.is_empty() => Some(self.analyzed),
            None => None,
        }
    }

    fn speaking(&self) -> bool {
        self.open.is_some()
    }
}
