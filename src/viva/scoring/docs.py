"""docs/rubric.md, generated from the rubric's own data so the two cannot drift apart.

    .venv/bin/python -m viva.scoring.docs > docs/rubric.md
"""

from __future__ import annotations

from viva.scoring.report import FOUR_POINT, WEIGHTS, overall
from viva.scoring.rubric import ANCHORS, PILLARS


def rubric_markdown() -> str:
    out = ["# The viva rubric", "",
           "Five pillars, each scored 1-10 from the session's events only. Every score cites its evidence",
           "(event seq and a quote or fact) and carries a confidence: low (at most one piece of evidence, or a",
           "session under five minutes), medium (two or three), high (four or more). A pillar with no evidence",
           "scores 2 at low confidence. Utterances that try to steer the interviewer or the grader, and comments",
           "in code, count for nothing.", ""]
    for p in PILLARS:
        out += [f"## {p.replace('_', ' ').title()} (weight {WEIGHTS[p]:.2f})", "", "| score | anchor |", "| --- | --- |"]
        out += [f"| {band} | {text} |" for band, text in ANCHORS[p].items()]
        out.append("")
    out += ["## The overall signal", "", (overall.__doc__ or "").strip().replace("\n    ", "\n"), "",
            "## Mapping to 4-point scales", "", "| signal | 4-point |", "| --- | --- |"]
    out += [f"| {sig.replace('_', ' ')} | {n} |" for sig, n in FOUR_POINT.items()]
    return "\n".join(out) + "\n"


if __name__ == "__main__":
    print(rubric_markdown(), end="")
