"""Converts a CTranslate2 Whisper model (faster-whisper's format) to whisper.cpp's ggml.

Input: a folder with CTranslate2's `model.bin` (or its split parts, concatenated in
order), `vocabulary.txt` and `config.json`. Output: one `ggml-*.bin` file that
whisper.cpp loads and Onno's `inspect_model` accepts.

CTranslate2's `model.bin` (binary version 6), little-endian:

    u32 version; string spec name; u32 spec revision; u32 n_variables
    per variable: string name; u8 rank; u32 dims[rank]; u8 dtype; u32 n_bytes; data
    u32 n_aliases; per alias: string alias; string target
    (string = u16 length including a trailing NUL, bytes, NUL)
    dtype ids: 0 float32, 1 int8, 2 int16, 3 int32, 4 float16, 5 bfloat16

whisper.cpp's ggml (what `whisper_model_load()` reads), little-endian:

    u32 "ggml"; i32 n_vocab n_audio_ctx n_audio_state n_audio_head n_audio_layer
    n_text_ctx n_text_state n_text_head n_text_layer n_mels ftype
    i32 n_mels, i32 201, f32 mel filters[n_mels * 201]
    i32 n_tokens, per token: u32 length, bytes (the byte-level BPE tokens only)
    per tensor: i32 n_dims, i32 name length, i32 type (0 f32, 1 f16),
                i32 ne[n_dims] (innermost first), name, data

CTranslate2 fuses whisper's projections: self-attention `linear_0` is query, key and
value stacked; cross-attention `linear_0` is the query and `linear_1` key and value.
Whisper's key projections have no bias; CTranslate2 stores zeros there, which are
checked and dropped.
"""

import argparse
import json
import struct
import sys
import time
from pathlib import Path

import numpy as np

GGML_MAGIC = 0x67676D6C
N_FFT = 400
SAMPLE_RATE = 16000
CT2_DTYPES = {0: np.float32, 1: np.int8, 2: np.int16, 3: np.int32, 4: np.float16}
GGML_F32, GGML_F16 = 0, 1
FTYPE_MOSTLY_F16 = 1


class ConversionError(Exception):
    pass


def read_ct2(blob):
    """Parses CTranslate2's model.bin from bytes: (spec name, revision, variables)."""
    off = 0

    def take(fmt):
        nonlocal off
        vals = struct.unpack_from("<" + fmt, blob, off)
        off += struct.calcsize("<" + fmt)
        return vals[0]

    def string():
        nonlocal off
        n = take("H")
        s = bytes(blob[off : off + n - 1]).decode("utf-8")
        off += n
        return s

    version = take("I")
    if version != 6:
        raise ConversionError(f"CTranslate2 binary version {version}, expected 6")
    spec = string()
    revision = take("I")
    variables = {}
    for _ in range(take("I")):
        name = string()
        shape = tuple(take("I") for _ in range(take("B")))
        dtype = take("B")
        n_bytes = take("I")
        if dtype not in CT2_DTYPES:
            raise ConversionError(f"variable {name}: unsupported dtype id {dtype}")
        data = np.frombuffer(blob, dtype=CT2_DTYPES[dtype], count=n_bytes // np.dtype(CT2_DTYPES[dtype]).itemsize, offset=off)
        off += n_bytes
        variables[name] = data.reshape(shape) if shape else data
    for _ in range(take("I")):
        alias, target = string(), string()
        variables[alias] = variables[target]
    if off != len(blob):
        raise ConversionError(f"{len(blob) - off} bytes left after the last variable (truncated or corrupt?)")
    return spec, revision, variables


def gpt2_byte_decoder():
    """GPT-2's bytes_to_unicode, reversed: the character a vocabulary file shows -> byte."""
    printable = list(range(ord("!"), ord("~") + 1)) + list(range(0xA1, 0xAD)) + list(range(0xAE, 0x100))
    chars = list(printable)
    n = 0
    for b in range(256):
        if b not in printable:
            printable.append(b)
            chars.append(256 + n)
            n += 1
    return {chr(c): b for b, c in zip(printable, chars)}


def text_tokens(vocabulary_file):
    """The byte-level BPE tokens (ids below <|endoftext|>) as raw bytes."""
    lines = Path(vocabulary_file).read_text(encoding="utf-8").split("\n")
    if lines and lines[-1] == "":
        lines.pop()
    if "<|endoftext|>" not in lines:
        raise ConversionError(f"{vocabulary_file} has no <|endoftext|> token")
    decoder = gpt2_byte_decoder()
    out = []
    for token in lines[: lines.index("<|endoftext|>")]:
        try:
            out.append(bytes(decoder[c] for c in token))
        except KeyError as e:
            raise ConversionError(f"token {token!r} has a character outside GPT-2's byte map") from e
    return out, len(lines)


def mel_filters(n_mels):
    """librosa.filters.mel(sr=16000, n_fft=400, n_mels) with Slaney's scale and area
    normalisation: what whisper's mel_filters.npz holds, rows of 201 FFT bins."""

    def hz_to_mel(f):
        f = np.asanyarray(f, dtype=np.float64)
        lin = f / (200.0 / 3)
        log = 15.0 + np.log(np.maximum(f, 1e-10) / 1000.0) / (np.log(6.4) / 27.0)
        return np.where(f >= 1000.0, log, lin)

    def mel_to_hz(m):
        m = np.asanyarray(m, dtype=np.float64)
        lin = m * (200.0 / 3)
        log = 1000.0 * np.exp((np.log(6.4) / 27.0) * (m - 15.0))
        return np.where(m >= 15.0, log, lin)

    fft_freqs = np.fft.rfftfreq(N_FFT, 1.0 / SAMPLE_RATE)
    mel_f = mel_to_hz(np.linspace(hz_to_mel(0.0), hz_to_mel(SAMPLE_RATE / 2), n_mels + 2))
    fdiff = np.diff(mel_f)
    ramps = mel_f[:, None] - fft_freqs[None, :]
    lower = -ramps[:-2] / fdiff[:-1, None]
    upper = ramps[2:] / fdiff[1:, None]
    weights = np.maximum(0, np.minimum(lower, upper))
    weights *= (2.0 / (mel_f[2 : n_mels + 2] - mel_f[:n_mels]))[:, None]
    return weights.astype(np.float32)


def layer_count(variables, prefix):
    n = 0
    while f"{prefix}/layer_{n}/ffn/linear_0/weight" in variables:
        n += 1
    return n


def scalar(variables, name):
    return int(np.asarray(variables[name]).reshape(-1)[0])


def ggml_tensors(v, n_enc, n_dec):
    """(ggml name, array) for every tensor whisper.cpp loads, from CTranslate2's names."""
    out = []

    def norm(dst, src):
        out.append((f"{dst}.weight", v[f"{src}/gamma"]))
        out.append((f"{dst}.bias", v[f"{src}/beta"]))

    def linear(dst, src, bias=True):
        out.append((f"{dst}.weight", v[f"{src}/weight"]))
        if bias:
            out.append((f"{dst}.bias", v[f"{src}/bias"]))

    def split(src, parts):
        w, b = v[f"{src}/weight"], v[f"{src}/bias"]
        n = w.shape[0] // len(parts)
        for i, dst in enumerate(parts):
            if dst.endswith(".key"):
                if np.any(b[i * n : (i + 1) * n] != 0):
                    raise ConversionError(f"{src}: the key bias is not zero; whisper has none")
                out.append((f"{dst}.weight", w[i * n : (i + 1) * n]))
            else:
                out.append((f"{dst}.weight", w[i * n : (i + 1) * n]))
                out.append((f"{dst}.bias", b[i * n : (i + 1) * n]))

    def self_attention(dst, src):
        norm(f"{dst}.attn_ln", f"{src}/self_attention/layer_norm")
        split(f"{src}/self_attention/linear_0", [f"{dst}.attn.query", f"{dst}.attn.key", f"{dst}.attn.value"])
        linear(f"{dst}.attn.out", f"{src}/self_attention/linear_1")

    def mlp(dst, src):
        norm(f"{dst}.mlp_ln", f"{src}/ffn/layer_norm")
        linear(f"{dst}.mlp.0", f"{src}/ffn/linear_0")
        linear(f"{dst}.mlp.2", f"{src}/ffn/linear_1")

    out.append(("encoder.positional_embedding", v["encoder/position_encodings/encodings"]))
    for i in (1, 2):
        out.append((f"encoder.conv{i}.weight", v[f"encoder/conv{i}/weight"]))
        out.append((f"encoder.conv{i}.bias", v[f"encoder/conv{i}/bias"].reshape(-1, 1)))
    for i in range(n_enc):
        src, dst = f"encoder/layer_{i}", f"encoder.blocks.{i}"
        self_attention(dst, src)
        mlp(dst, src)
    norm("encoder.ln_post", "encoder/layer_norm")

    out.append(("decoder.positional_embedding", v["decoder/position_encodings/encodings"]))
    out.append(("decoder.token_embedding.weight", v["decoder/embeddings/weight"]))
    for i in range(n_dec):
        src, dst = f"decoder/layer_{i}", f"decoder.blocks.{i}"
        self_attention(dst, src)
        norm(f"{dst}.cross_attn_ln", f"{src}/attention/layer_norm")
        linear(f"{dst}.cross_attn.query", f"{src}/attention/linear_0")
        split(f"{src}/attention/linear_1", [f"{dst}.cross_attn.key", f"{dst}.cross_attn.value"])
        linear(f"{dst}.cross_attn.out", f"{src}/attention/linear_2")
        mlp(dst, src)
    norm("decoder.ln", "decoder/layer_norm")
    return out


def is_f16(name, array):
    """whisper.cpp's rule: matrices and kernels in f16; vectors, conv biases and
    positional embeddings in f32."""
    return array.ndim >= 2 and "positional_embedding" not in name and not name.endswith(".bias")


def convert(model_dir, out_path):
    model_dir = Path(model_dir)
    parts = sorted(model_dir.glob("model.bin.part*")) or [model_dir / "model.bin"]
    blob = b"".join(p.read_bytes() for p in parts)
    spec, revision, v = read_ct2(blob)
    if spec != "WhisperSpec":
        raise ConversionError(f"{model_dir}: a {spec} model, not Whisper")
    tokens, n_vocab_file = text_tokens(model_dir / "vocabulary.txt")

    n_vocab, n_text_state = v["decoder/embeddings/weight"].shape
    n_audio_ctx, n_audio_state = v["encoder/position_encodings/encodings"].shape
    n_text_ctx = v["decoder/position_encodings/encodings"].shape[0]
    n_mels = v["encoder/conv1/weight"].shape[1]
    n_enc, n_dec = layer_count(v, "encoder"), layer_count(v, "decoder")
    if n_vocab != n_vocab_file:
        raise ConversionError(f"embeddings have {n_vocab} rows, vocabulary.txt {n_vocab_file} tokens")
    hparams = [
        n_vocab, n_audio_ctx, n_audio_state, scalar(v, "encoder/num_heads"), n_enc,
        n_text_ctx, n_text_state, scalar(v, "decoder/num_heads"), n_dec, n_mels, FTYPE_MOSTLY_F16,
    ]

    out_path = Path(out_path)
    tmp = out_path.with_name(f".{out_path.name}.tmp")
    with open(tmp, "wb") as f:
        f.write(struct.pack("<I", GGML_MAGIC))
        f.write(struct.pack("<11i", *hparams))
        filters = mel_filters(n_mels)
        f.write(struct.pack("<2i", *filters.shape))
        f.write(filters.astype("<f4").tobytes())
        f.write(struct.pack("<i", len(tokens)))
        for t in tokens:
            f.write(struct.pack("<I", len(t)) + t)
        for name, array in ggml_tensors(v, n_enc, n_dec):
            data = np.ascontiguousarray(array, dtype="<f2" if is_f16(name, array) else "<f4")
            dims = list(reversed(data.shape))
            raw = name.encode()
            ttype = GGML_F16 if data.dtype.itemsize == 2 else GGML_F32
            f.write(struct.pack(f"<3i{len(dims)}i", len(dims), len(raw), ttype, *dims) + raw)
            f.write(data.tobytes())
    tmp.replace(out_path)
    return {"spec_revision": revision, "hparams": hparams, "n_tokens": len(tokens)}


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("model_dir", help="CTranslate2 Whisper model folder")
    parser.add_argument("output", help="ggml file to write")
    args = parser.parse_args()
    started = time.monotonic()
    try:
        info = convert(args.model_dir, args.output)
    except (ConversionError, KeyError, OSError) as e:
        print(f"ct2_to_ggml: {args.model_dir}: {e}", file=sys.stderr)
        return 1
    print(f"converted {args.model_dir} -> {args.output} in {time.monotonic() - started:.1f} s: {json.dumps(info)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
