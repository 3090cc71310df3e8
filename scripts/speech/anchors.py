"""The other engines of the accuracy benchmark: whisper.cpp through its own Python
bindings (pywhispercpp) on the same ggml weights Onno loads, and faster-whisper on the
original CTranslate2 weights they were converted from.

Each clip (a 16 kHz mono 16-bit WAV file the benchmark wrote, so every engine decodes
the very same samples) is transcribed greedily by each engine with its own defaults
otherwise, in the language given ("auto" lets the engine detect it). The wall time of
each transcription is measured without the model's loading.

Prints one JSON object on stdout:
{"engines": {"whisper.cpp": {"version": ..., "clips": [{"file", "text", "language",
"seconds"}]}, "faster-whisper": {...}}}
"""

import argparse
import contextlib
import json
import os
import sys
import time
import wave

import numpy as np


def read_wav_16k(path):
    with wave.open(path, "rb") as w:
        if w.getframerate() != 16000 or w.getsampwidth() != 2 or w.getnchannels() != 1:
            raise ValueError(f"{path}: expected 16 kHz 16-bit mono PCM")
        frames = np.frombuffer(w.readframes(w.getnframes()), dtype="<i2")
    return frames.astype(np.float32) / 32768.0


def whisper_cpp(ggml, clips, threads):
    import pywhispercpp
    from pywhispercpp.model import Model

    # whisper.cpp logs to stderr; keep stdout for the JSON.
    with contextlib.redirect_stdout(sys.stderr):
        model = Model(ggml, n_threads=threads, print_progress=False, print_realtime=False)
    out = []
    for path, language in clips:
        audio = read_wav_16k(path)
        lang = "" if language == "auto" else language
        started = time.perf_counter()
        with contextlib.redirect_stdout(sys.stderr):
            segments = model.transcribe(audio, language=lang)
        seconds = time.perf_counter() - started
        text = " ".join(s.text.strip() for s in segments)
        out.append({"file": path, "text": text, "language": language, "seconds": seconds})
    version = getattr(pywhispercpp, "__version__", None) or "1.5.1"
    return {"version": f"pywhispercpp {version}", "clips": out}


def faster_whisper(ct2, clips, threads):
    import faster_whisper
    from faster_whisper import WhisperModel

    model = WhisperModel(ct2, device="cpu", compute_type="default", cpu_threads=threads)
    out = []
    for path, language in clips:
        audio = read_wav_16k(path)
        started = time.perf_counter()
        segments, info = model.transcribe(
            audio,
            language=None if language == "auto" else language,
            beam_size=1,
            best_of=1,
        )
        text = " ".join(s.text.strip() for s in segments)
        seconds = time.perf_counter() - started
        out.append({"file": path, "text": text, "language": info.language, "seconds": seconds})
    return {"version": f"faster-whisper {faster_whisper.__version__}", "clips": out}


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--ggml", required=True, help="the ggml model Onno loads")
    parser.add_argument("--ct2", required=True, help="the CTranslate2 model it came from")
    parser.add_argument("--threads", type=int, default=os.cpu_count() or 1)
    parser.add_argument("clips", nargs="+", help="FILE=LANGUAGE (a code or auto)")
    args = parser.parse_args()
    clips = [tuple(c.rsplit("=", 1)) for c in args.clips]
    engines = {
        "whisper.cpp": whisper_cpp(args.ggml, clips, args.threads),
        "faster-whisper": faster_whisper(args.ct2, clips, args.threads),
    }
    json.dump({"engines": engines}, sys.stdout, ensure_ascii=False)


if __name__ == "__main__":
    main()
