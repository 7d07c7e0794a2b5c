"""OpenTelemetry spans for voice turns (DESIGN §7).

A `voice.turn` span per interviewer turn, with child spans `audio.asr`, `audio.llm`, `audio.tts`,
`audio.barge_in` and `audio.client`. Every span carries `audio.stage`, `audio.session_id`,
`audio.turn_id`, `audio.first_byte_ms` (-1 if nothing came) and `audio.total_ms`.

Stages are recorded after the fact from measured `time.monotonic()` instants, so a span's start
and end are exactly the instants the metrics use. Exported over OTLP/HTTP when
`OTEL_EXPORTER_OTLP_ENDPOINT` is set; otherwise spans are made and dropped (cheaply).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from typing import Any

from opentelemetry import trace
from opentelemetry.sdk.resources import Resource
from opentelemetry.sdk.trace import TracerProvider
from opentelemetry.sdk.trace.export import BatchSpanProcessor, SpanExporter

STAGES = ("asr", "llm", "tts", "barge_in", "client")


def _epoch_ns(mono: float) -> int:
    """A monotonic instant as wall-clock nanoseconds (OTel wants epoch times)."""
    return time.time_ns() - int((time.monotonic() - mono) * 1e9)


class Telemetry:
    def __init__(self, endpoint: str | None = None, exporter: SpanExporter | None = None,
                 service: str = "viva") -> None:
        self.provider = TracerProvider(resource=Resource.create({"service.name": service}))
        if exporter is None and endpoint:
            from opentelemetry.exporter.otlp.proto.http.trace_exporter import OTLPSpanExporter

            exporter = OTLPSpanExporter(endpoint=endpoint.rstrip("/") + "/v1/traces")
        if exporter is not None:
            self.provider.add_span_processor(BatchSpanProcessor(exporter, schedule_delay_millis=500))
        self.tracer = self.provider.get_tracer("viva.voice")

    def shutdown(self) -> None:
        self.provider.shutdown()


@dataclass
class StageRecord:
    stage: str
    start: float  # monotonic seconds
    end: float
    first_byte: float | None = None  # monotonic instant of the stage's first useful output
    attrs: dict[str, Any] = field(default_factory=dict)


@dataclass
class TurnTrace:
    """What one turn measured; `export` turns it into a span tree."""

    session_id: str
    turn_id: str
    start: float
    stages: list[StageRecord] = field(default_factory=list)
    attrs: dict[str, Any] = field(default_factory=dict)

    def stage(self, stage: str, start: float, end: float, first_byte: float | None = None,
              **attrs: Any) -> StageRecord:
        rec = StageRecord(stage, start, end, first_byte, attrs)
        self.stages.append(rec)
        return rec

    def _common(self, stage: str, start: float, end: float, first_byte: float | None) -> dict[str, Any]:
        return {"audio.stage": stage, "audio.session_id": self.session_id, "audio.turn_id": self.turn_id,
                "audio.first_byte_ms": round((first_byte - start) * 1000, 2) if first_byte is not None else -1,
                "audio.total_ms": round((end - start) * 1000, 2)}

    def export(self, telemetry: Telemetry, end: float, first_byte: float | None = None) -> None:
        start = min([self.start] + [s.start for s in self.stages])
        end = max([end] + [s.end for s in self.stages])
        attrs = self._common("turn", start, end, first_byte) | self.attrs
        root = telemetry.tracer.start_span("voice.turn", start_time=_epoch_ns(start), attributes=attrs)
        ctx = trace.set_span_in_context(root)
        for s in self.stages:
            a = self._common(s.stage, s.start, s.end, s.first_byte) | {f"audio.{k}": v for k, v in s.attrs.items()}
            span = telemetry.tracer.start_span(f"audio.{s.stage}", context=ctx, start_time=_epoch_ns(s.start),
                                               attributes=a)
            span.end(end_time=_epoch_ns(s.end))
        root.end(end_time=_epoch_ns(end))
