#!/usr/bin/env bash
# Trains the tiny Hanoi model from scratch and writes models/hanoi-tiny.gguf (+ its checksum).
# Everything comes from Debian's archive and the npm registry: python3-torch from apt, and the
# GGUF writer (gguf-py) from the llama.cpp source that node-llama-cpp ships as a git bundle.
# usage: bash scripts/train-hanoi-model/train.sh [--steps N] [--seed S]   (about 35 min on 2 idle cores)
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
py=/usr/bin/python3  # Debian's python: python3-torch is built for it, not for other pythons on PATH

if ! "$py" -c 'import torch, numpy, yaml' 2>/dev/null; then
  apt-get update -qq
  DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3-torch python3-numpy python3-yaml libopenblas0-pthread >/dev/null
fi
bash "$root/scripts/setup-local-model.sh" >/dev/null
dir="${MICROFACTORY_LOCAL_MODEL_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/microfactory/local-model}"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
git clone -q "$dir/node_modules/node-llama-cpp/llama/gitRelease.bundle" "$work/llama.cpp" 2>/dev/null

# Passive waits: on a busy machine spinning OpenMP threads burn the CPU the other thread needs.
OMP_WAIT_POLICY=PASSIVE "$py" "$here/train.py" "$work/hanoi.pt" "$@"
PYTHONPATH="$work/llama.cpp/gguf-py" "$py" "$here/export_gguf.py" "$work/hanoi.pt" "$root/models/hanoi-tiny.gguf"
(cd "$root" && sha256sum models/hanoi-tiny.gguf > "$here/SHA256SUMS")
echo "[train] wrote models/hanoi-tiny.gguf; checksum in scripts/train-hanoi-model/SHA256SUMS"
