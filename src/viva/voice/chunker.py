"""Cutting the interviewer's streamed words into speakable sentences.

A sentence goes to TTS as soon as it is complete, while the next is still being produced. A
period only ends a sentence when the next character says so (space then a capital, or the end):
"e.g.", "3.5", "O(n).", "nums[i]." are handled; code is never read out symbol by symbol.
"""

from __future__ import annotations

import re

ABBREVIATIONS = {"e.g", "i.e", "etc", "vs", "mr", "mrs", "dr", "approx", "no", "fig", "eq"}
MAX_CHARS = 220  # a run-on with no punctuation is cut at a comma or space past this


def speakable_code(text: str) -> str:
    """Inline code and symbols in words: nums[i] -> "nums at i", O(n^2) -> "O of n squared"."""
    t = re.sub(r"```.*?```", " (the code is on your screen) ", text, flags=re.S)
    t = re.sub(r"`([^`]*)`", r"\1", t)
    t = re.sub(r"\b(\w+)\[(\w+)\s*-\s*1\]", r"\1 at \2 minus 1", t)
    t = re.sub(r"\b(\w+)\[(\w+)\s*\+\s*1\]", r"\1 at \2 plus 1", t)
    t = re.sub(r"\b(\w+)\[(\w+)\]", r"\1 at \2", t)
    t = re.sub(r"\bO\(\s*([^)]*?)\s*\)", lambda m: "O of " + _math(m.group(1)), t)
    t = t.replace("==", " equals ").replace("!=", " is not equal to ").replace("<=", " at most ")
    t = t.replace(">=", " at least ").replace("->", " to ").replace("&&", " and ").replace("||", " or ")
    t = re.sub(r"(?<=\w)\.(?=[a-z_]+\()", " dot ", t)
    return re.sub(r"\s{2,}", " ", t).strip()


def _math(expr: str) -> str:
    e = expr.replace("^2", " squared").replace("^", " to the ").replace("*", " times ").replace("+", " plus ")
    return re.sub(r"\s+", " ", e).strip()


class SentenceChunker:
    def __init__(self) -> None:
        self._buf = ""
        self._in_code = False

    def aggregate(self, text: str) -> list[str]:
        """Add streamed text; return the sentences it completed."""
        self._buf += text
        out: list[str] = []
        while True:
            cut = self._boundary()
            if cut is None:
                break
            sentence, self._buf = self._buf[:cut], self._buf[cut:].lstrip()
            spoken = speakable_code(sentence)
            if spoken:
                out.append(spoken)
        return out

    def flush(self) -> list[str]:
        rest, self._buf = self._buf, ""
        spoken = speakable_code(rest)
        return [spoken] if spoken else []

    def handle_interruption(self) -> None:
        self.reset()

    def reset(self) -> None:
        self._buf = ""
        self._in_code = False

    def _boundary(self) -> int | None:
        b = self._buf
        fence = b.find("```")
        cut = self._sentence_end(b[:fence] if fence != -1 else b, open_ended=fence == -1)
        if cut is not None:
            return cut
        if fence != -1:
            close = b.find("```", fence + 3)
            # Wait for the code block to end; then everything up to it, and the block as one phrase.
            return None if close == -1 else close + 3
        if len(b) > MAX_CHARS:
            cut = max(b.rfind(", ", 0, MAX_CHARS), b.rfind(" ", 0, MAX_CHARS))
            return cut + 1 if cut > 0 else MAX_CHARS
        return None

    @staticmethod
    def _sentence_end(b: str, open_ended: bool) -> int | None:
        for m in re.finditer(r"[.!?](?=(\s|$))|\n\s*\n|\n\s*[-*\d]+[.)]?\s", b):
            end = m.end()
            if m.group(0).startswith("\n"):
                if b[: m.start()].strip():
                    return m.start() + 1
                continue
            if end >= len(b):
                return None if open_ended else end  # need one more character to know
            before = b[: m.start()].rsplit(" ", 1)[-1].lower().rstrip(".")
            if m.group(0) == "." and (before in ABBREVIATIONS or re.fullmatch(r"[a-z]", before)):
                continue
            if m.group(0) == "." and re.search(r"\d$", b[: m.start()]) and re.match(r"\d", b[end:end + 1]):
                continue
            rest = b[end:].lstrip()
            if not rest:
                # "…any order. " and then a pause in the stream: the space already says the
                # sentence ended (abbreviations are ruled out above), so it is spoken now.
                return end
            if rest[0].isupper() or rest[0] in "\"'(" or rest[0].isdigit():
                return end
        return None
