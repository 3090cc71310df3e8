"""Converts Silero VAD's 16 kHz weights (from the silero-vad package) to the ggml layout
whisper.cpp's VAD reads.

The weights are read from the package's ONNX model (`silero_vad_16k_op15.onnx`), the
one its own `load_silero_vad(onnx=True)` runs, or from a safetensors file with the same
tensors. In silero-vad 6.2.3 the bundled `silero_vad_16k.safetensors` holds different
weights from the ONNX and TorchScript models (its speech probabilities on real speech
differ by up to 0.4), so the ONNX model is the source of truth for version 6.2.3.

The layout (what `whisper_vad_init_with_params()` reads), little-endian i32s unless
said otherwise:

    u32 "ggml"; model type (i32 length, bytes: "silero-16k"); version major minor patch
    n_window 512; n_context 64; 4 encoder layers, each (in, out, kernel):
    (129, 128, 3) (128, 64, 3) (64, 64, 3) (64, 128, 3); LSTM input 128, hidden 128;
    final conv in 128, out 1
    15 tensors: n_dims, name length, type (0 f32, 1 f16), ne[n_dims] (innermost
    first), name, data

The STFT basis, the convolution kernels and the final 1x1 convolution are f16; biases
and the LSTM are f32, as whisper.cpp's own converter writes them. Silero v5 and v6 share
this graph; only the weights and the version differ.
"""

import argparse
import struct
import sys
import time
from pathlib import Path

import numpy as np

GGML_MAGIC = 0x67676D6C
MODEL_TYPE = b"silero-16k"
ENCODER = [(129, 128, 3), (128, 64, 3), (64, 64, 3), (64, 128, 3)]

# (whisper.cpp's name, the name in the safetensors file, stored as f16). The ONNX
# model names them as whisper.cpp does, less the leading underscore.
TENSORS = [
    ("_model.stft.forward_basis_buffer", "stft_conv.weight", True),
    *[
        item
        for i in range(4)
        for item in (
            (f"_model.encoder.{i}.reparam_conv.weight", f"conv{i + 1}.weight", True),
            (f"_model.encoder.{i}.reparam_conv.bias", f"conv{i + 1}.bias", False),
        )
    ],
    ("_model.decoder.rnn.weight_ih", "lstm_cell.weight_ih", False),
    ("_model.decoder.rnn.bias_ih", "lstm_cell.bias_ih", False),
    ("_model.decoder.rnn.weight_hh", "lstm_cell.weight_hh", False),
    ("_model.decoder.rnn.bias_hh", "lstm_cell.bias_hh", False),
    ("_model.decoder.decoder.2.weight", "final_conv.weight", True),
    ("_model.decoder.decoder.2.bias", "final_conv.bias", False),
]


def load_weights(path):
    """The 15 tensors by whisper.cpp's names, from an ONNX or a safetensors file."""
    path = Path(path)
    if path.suffix == ".onnx":
        import onnx
        from onnx import numpy_helper

        graph = onnx.load(str(path)).graph
        found = {f"_{i.name}": numpy_helper.to_array(i) for i in graph.initializer}
        wanted = {name for name, _, _ in TENSORS}
        found = {k: v for k, v in found.items() if k in wanted}
    else:
        from safetensors.numpy import load_file

        raw = load_file(str(path))
        found = {name: raw[src] for name, src, _ in TENSORS if src in raw}
    missing = sorted({name for name, _, _ in TENSORS} - set(found))
    if missing:
        raise ValueError(f"not a 16 kHz Silero model: {missing} missing")
    return found


def convert(weights_path, out_path, version):
    weights = load_weights(weights_path)
    out_path = Path(out_path)
    tmp = out_path.with_name(f".{out_path.name}.tmp")
    with open(tmp, "wb") as f:
        f.write(struct.pack("<Ii", GGML_MAGIC, len(MODEL_TYPE)) + MODEL_TYPE)
        f.write(struct.pack("<3i", *version))
        f.write(struct.pack("<3i", 512, 64, len(ENCODER)))
        for layer in ENCODER:
            f.write(struct.pack("<3i", *layer))
        f.write(struct.pack("<4i", 128, 128, 128, 1))
        for name, _, f16 in TENSORS:
            array = weights[name]
            if name == "_model.decoder.decoder.2.weight":
                array = array.reshape(-1)  # (1, 128, 1): one output, a 1-wide kernel
            data = np.ascontiguousarray(array, dtype="<f2" if f16 else "<f4")
            dims = list(reversed(data.shape))
            raw = name.encode()
            f.write(struct.pack(f"<3i{len(dims)}i", len(dims), len(raw), 1 if f16 else 0, *dims) + raw)
            f.write(data.tobytes())
    tmp.replace(out_path)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("weights", help="silero_vad_16k_op15.onnx (or a .safetensors file)")
    parser.add_argument("output", help="ggml file to write")
    parser.add_argument("--version", required=True, help="the silero-vad release, e.g. 6.2.3")
    args = parser.parse_args()
    version = [int(p) for p in args.version.split(".")]
    started = time.monotonic()
    try:
        convert(args.weights, args.output, version)
    except (ValueError, OSError) as e:
        print(f"silero_to_ggml: {args.weights}: {e}", file=sys.stderr)
        return 1
    print(f"converted {args.weights} -> {args.output} in {time.monotonic() - started:.2f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
