"""Reference outputs of the original models, for the tests of the converted ones.

* Whisper: faster-whisper (CTranslate2) decodes each clip greedily on the original
  CTranslate2 weights, with the settings Onno's engine uses (temperature 0 and no
  fallback, timestamps on, blank suppression, no prompt), once without and once with
  whisper's non-speech token suppression, and records the window's no-speech probability. For every decoding step it also records the
  two best candidates and the gap between their log-probabilities (after the same
  suppression rules), so that a test can tell a near-tie from a real disagreement.
* Silero VAD: onnxruntime runs the package's ONNX model the way the silero-vad package
  does (512-sample windows, each after the previous window's last 64 samples, state
  carried over) and records one speech probability per window; and once more framed as
  whisper.cpp frames its windows, which isolates the conversion from the framing.

Writes `whisper.json` and `silero.json` into the output folder.
"""

import argparse
import json
import sys
import time
import wave
from pathlib import Path

import numpy as np


def read_wav_16k(path):
    with wave.open(str(path), "rb") as w:
        if w.getframerate() != 16000 or w.getsampwidth() != 2:
            raise ValueError(f"{path}: expected 16 kHz 16-bit PCM")
        frames = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
        channels = w.getnchannels()
    samples = frames.reshape(-1, channels).astype(np.float32) / 32768.0
    return samples.mean(axis=1)


class RecordingWhisper:
    """Stands in for faster-whisper's CTranslate2 model and keeps, per `generate` call,
    the step-by-step logits CTranslate2 returns."""

    def __init__(self, inner):
        self.inner = inner
        self.calls = []

    def generate(self, *args, **kwargs):
        kwargs["return_logits_vocab"] = True
        results = self.inner.generate(*args, **kwargs)
        self.calls.append(results[0])
        return results

    def __getattr__(self, name):
        return getattr(self.inner, name)


def step_candidates(result):
    """Per step: the best id, the runner-up id, and their log-probability gap."""
    steps = []
    for logits in result.logits[0]:
        x = np.asarray(logits, dtype=np.float64).reshape(-1)
        x = x - x.max()
        logp = x - np.log(np.exp(x).sum())
        best, second = np.argsort(-logp)[:2]
        steps.append([int(best), int(second), round(float(logp[best] - logp[second]), 4)])
    return steps


def whisper_references(model_dirs, clips):
    from faster_whisper import WhisperModel

    out = []
    for model_name, model_dir in model_dirs:
        model = WhisperModel(str(model_dir), device="cpu", compute_type="float32", cpu_threads=2)
        recorder = RecordingWhisper(model.model)
        model.model = recorder
        for clip_path, language in clips:
            if language != "en" and not model.model.is_multilingual:
                continue
            audio = read_wav_16k(clip_path)
            for suppress_non_speech in (False, True):
                recorder.calls.clear()
                segments, info = model.transcribe(
                    audio,
                    language=None if language == "auto" else language,
                    beam_size=1,
                    best_of=1,
                    temperature=0.0,
                    suppress_blank=True,
                    suppress_tokens=[-1] if suppress_non_speech else [],
                    condition_on_previous_text=False,
                    without_timestamps=False,
                    vad_filter=False,
                    word_timestamps=False,
                )
                segments = list(segments)
                if len(recorder.calls) != 1:
                    raise RuntimeError(f"{clip_path}: {len(recorder.calls)} windows; use clips under 30 s")
                result = recorder.calls[0]
                out.append({
                    "model": model_name,
                    "clip": Path(clip_path).name,
                    "language": language,
                    "detected_language": info.language,
                    "suppress_non_speech": suppress_non_speech,
                    "tokens": [int(t) for t in result.sequences_ids[0]],
                    "steps": step_candidates(result),
                    "text": "".join(s.text for s in segments).strip(),
                    "no_speech_prob": round(float(result.no_speech_prob), 6),
                })
    return out


def silero_probabilities(session, audio, whisper_cpp_framing):
    """One speech probability per 512 samples, the state carried from window to window.

    Silero's framing puts the previous window's last 64 samples before each window;
    whisper.cpp's instead reflects the window's own first 64 samples there
    (`ggml_pad_reflect_1d`). The model pads the right side by reflection either way."""
    audio = np.pad(audio, (0, (-len(audio)) % 512))
    state = np.zeros((2, 1, 128), dtype=np.float32)
    context = np.zeros(64, dtype=np.float32)
    sr = np.array(16000, dtype=np.int64)
    probs = []
    for start in range(0, len(audio), 512):
        window = audio[start : start + 512]
        if whisper_cpp_framing:
            context = window[64:0:-1]
        model_input = np.concatenate([context, window])[None, :].astype(np.float32)
        prob, state = session.run(None, {"input": model_input, "state": state, "sr": sr})
        probs.append(round(float(prob.reshape(-1)[0]), 6))
        context = window[-64:]
    return probs


def silero_references(onnx_path, clips):
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.inter_op_num_threads = 1
    options.intra_op_num_threads = 1
    session = ort.InferenceSession(str(onnx_path), sess_options=options, providers=["CPUExecutionProvider"])
    out = []
    for clip_path in clips:
        audio = read_wav_16k(clip_path)
        out.append({
            "clip": Path(clip_path).name,
            "window": 512,
            "probabilities": silero_probabilities(session, audio, False),
            "probabilities_whisper_cpp_framing": silero_probabilities(session, audio, True),
        })
    return out


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--model", action="append", default=[], metavar="NAME=CT2_DIR")
    parser.add_argument("--clip", action="append", default=[], metavar="WAV=LANGUAGE")
    parser.add_argument("--silero-onnx", required=True)
    parser.add_argument("--out", required=True)
    args = parser.parse_args()
    models = [m.split("=", 1) for m in args.model]
    clips = [c.rsplit("=", 1) for c in args.clip]
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)

    started = time.monotonic()
    whisper = whisper_references(models, clips)
    (out / "whisper.json").write_text(json.dumps(whisper, ensure_ascii=False, indent=1))
    mid = time.monotonic()
    silero = silero_references(args.silero_onnx, [c for c, _ in clips])
    (out / "silero.json").write_text(json.dumps(silero, indent=1))
    print(f"references: whisper {mid - started:.1f} s, silero {time.monotonic() - mid:.1f} s -> {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
