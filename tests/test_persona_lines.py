"""The scripted personas say only lines the recognizer's corpus was built from: `viva.voice.persona_lines`
(the data the voice room owns) or the problem's own clarification questions (in the bank's prose)."""

from __future__ import annotations

import re

from viva.problems import list_problems
from viva.sim.personas import PERSONAS
from viva.voice import corpus
from viva.voice.persona_lines import persona_lines


def test_every_persona_line_comes_from_the_voice_data_and_is_in_the_corpus():
    lines = set(corpus.corpus_lines()) | {""}  # "" for the empty clause after a final "?"
    for problem in list_problems():
        allowed = set(persona_lines(problem).values()) | {c.question for c in problem.clarifications}
        for name, make in PERSONAS.items():
            for step in make(problem):
                if step.kind != "say":
                    continue
                assert step.text in allowed, f"{name} on {problem.id} says {step.text!r}, not in persona_lines"
                for clause in re.split(r"[.?!;:\n]+", step.text):  # the corpus holds prose clause by clause
                    assert corpus.clean(clause) in lines, f"{name} on {problem.id}: {clause!r} not in the corpus"
