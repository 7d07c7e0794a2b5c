"""`viva replay SESSION_ID|FILE [--json] [--update]`: the I/O around `viva.sim.replay`.

Exit codes: 0 nothing differs, 1 decisions or scores differ, 2 bad input.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from viva.events import Event
from viva.sim.replay import (
    DiffLine, Recording, ReplayError, ReplayResult, SandboxJudge, recorded_audio, recording, run_replay,
)
from viva.store.sessionfile import SessionFileError, dump_events, parse_events

CONTEXT = 2  # unchanged decisions shown around a change, as `diff -u` shows lines


def main(target: str, as_json: bool, update: bool, audio: bool = False, url: str | None = None) -> int:
    from viva.config import get_settings
    from viva.judge.service import JudgeService

    settings = get_settings()
    path = Path(target)
    is_file = path.is_file() or target.endswith(".jsonl")
    if update and not is_file:
        return _bad("--update rewrites a session FILE; give a .jsonl file")
    try:
        rec = recording(path.stem if is_file else target, _read_file(path) if is_file else _read_store(target))
    except (OSError, UnicodeDecodeError, SessionFileError, ReplayError, LookupError) as e:
        return _bad(str(e) if not is_file else f"{path}: {e}")
    judge = JudgeService.from_settings(settings)
    if judge.unavailable and any(i.kind in ("run", "custom_run") for i in rec.inputs):
        return _bad(f"the recording has runs, and the judge refuses to run code here: {judge.unavailable}")
    try:
        if audio:
            wavs = recorded_audio(settings.data_dir, rec.session_id)
            if not wavs:
                return _bad(f"no recorded audio for {rec.session_id} (it is kept only with VIVA_RECORD_AUDIO=1)")
            result = _from_audio(rec, wavs, url)
        else:
            result = run_replay(rec, SandboxJudge(judge))
    except ReplayError as e:
        return _bad(str(e))
    if update:
        path.write_text(dump_events(result.events), encoding="utf-8")
    audio_files = len(recorded_audio(settings.data_dir, rec.session_id))
    if as_json:
        print(json.dumps({**_as_json(result, audio_files, update and is_file), "from_audio": audio,
                          "heard": [d.heard for d in result.new if d.trigger == "say"]}, indent=2))
    else:
        _print(result, audio_files, path if update else None, audio)
    return 0 if result.same else 1


def _from_audio(rec: Recording, wavs: list[Path], url: str | None) -> ReplayResult:
    """The recorded microphone audio through a real server (the one at `url`, or one started here)."""
    import asyncio
    import contextlib

    from viva.sim.cli import local_server
    from viva.sim.replay import compared
    from viva.sim.replay_audio import replay_audio

    with contextlib.ExitStack() as stack:
        base = url or stack.enter_context(local_server())
        print(f"replaying {len(wavs)} recorded audio files in real time on {base}", file=sys.stderr)
        return compared(rec, asyncio.run(replay_audio(rec, wavs, base)))


def _read_file(path: Path) -> list[Event]:
    return parse_events(path.read_bytes().decode("utf-8"))


def _read_store(session_id: str) -> list[Event]:
    from viva.config import get_settings
    from viva.store import SessionNotFound, open_store

    store = open_store(get_settings())
    try:
        return store.read(session_id)
    except SessionNotFound:
        raise LookupError(f"no session {session_id!r} in the store, and no file of that name") from None
    finally:
        store.close()


def _bad(message: str) -> int:
    print(f"viva replay: {message}", file=sys.stderr)
    return 2


def _as_json(r: ReplayResult, audio: int, updated: bool) -> dict[str, Any]:
    rec = r.recording
    return {"session_id": rec.session_id, "problem_id": rec.started.problem_id, "mode": rec.started.mode,
            "utterances": rec.utterances, "voice_utterances": rec.voice_utterances, "audio_files": audio,
            "decisions_recorded": len(r.old), "decisions_replayed": len(r.new),
            "decisions": [c.model_dump(mode="json") for c in r.changes],
            "scores": r.scores.model_dump(mode="json"), "same": r.same, "updated": updated}


def _print(r: ReplayResult, audio: int, updated: Path | None, from_audio: bool = False) -> None:
    rec = r.recording
    s = rec.started
    print(f"replay of {rec.session_id}: {s.problem_id} in {s.language}, {s.mode} mode, "
          f"{len(rec.inputs)} inputs ({rec.utterances} utterances)")
    if rec.voice_utterances and not from_audio:
        print(f"replayed from transcripts; {rec.voice_utterances} utterances")
    if from_audio:
        print("replayed from the recorded audio, through a real server: hearing and turn-taking included")
    if audio:
        print(f"audio recorded: {audio} files")
    print(_summary(r))
    for line in hunks(r.lines):
        print(line)
    print("scores (recorded -> replayed):")
    sig = r.scores.signal
    print(f"{'!' if sig.old != sig.new else ' '} signal           {sig.old} -> {sig.new}")
    for name, c in r.scores.pillars.items():
        print(f"{'!' if c.old != c.new else ' '} {name:16} {c.old} -> {c.new}")
    if updated is not None:
        print(f"rewrote {updated} with the replay's {len(r.events)} events")
    print("same" if r.same else "DIFFERENT")


def _summary(r: ReplayResult) -> str:
    n = len(r.changes)
    head = f"decisions: {len(r.old)} recorded, {len(r.new)} replayed"
    return f"{head}, no difference" if not n else f"{head}, {n} lines differ:"


def hunks(lines: list[DiffLine], context: int = CONTEXT) -> list[str]:
    """The changed decisions with `context` unchanged ones around them, `diff -u` style."""
    changed = [i for i, x in enumerate(lines) if x.mark != " "]
    if not changed:
        return []
    show: set[int] = set()
    for i in changed:
        show.update(range(max(0, i - context), min(len(lines), i + context + 1)))
    out: list[str] = []
    last = -2
    for i in sorted(show):
        if i != last + 1:
            x = lines[i]
            out.append(f"@@ recorded #{x.old_index if x.old_index is not None else '-'}, "
                       f"replayed #{x.new_index if x.new_index is not None else '-'} @@")
        out += render(lines[i])
        last = i
    return out


def render(x: DiffLine) -> list[str]:
    d = x.decision
    parts = [f"[{d.phase}] {d.trigger}", "acts=" + (",".join(d.acts) or "-")]
    if d.hint:
        parts.append(f"hint={d.hint}")
    if d.moved_to:
        parts.append("-> " + " -> ".join(d.moved_to))
    out = [f"{x.mark} " + "  ".join(parts)]
    if d.heard:
        out.append(f"{x.mark}     candidate: {_short(d.heard)}")
    if d.said:
        out.append(f"{x.mark}     interviewer: {_short(d.said)}")
    return out


def _short(text: str, limit: int = 110) -> str:
    text = " ".join(text.split())
    return text if len(text) <= limit else text[: limit - 1] + "…"
