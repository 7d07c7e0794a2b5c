"""A local stand-in for an OpenAI-compatible chat endpoint (POST /v1/chat/completions, stream=true).

It speaks the real wire format (server-sent events of `chat.completion.chunk` objects, then
`data: [DONE]`) and misbehaves on request: the `model` field picks the behaviour. Every request
body is kept so tests can inspect the prompts.
"""

from __future__ import annotations

import asyncio
import json
import threading
import time
from typing import Any

import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route

from tests.servers import free_port

REPLIES = {
    "ok": "Alright, thanks for walking me through that. Let's keep going from here.",
    "leak_code": "Sure. You can write def twoSum(self, nums, target): seen = {} and loop over it.",
    "leak_rung": ("Walk the array once. For each number, check whether target minus that number is already in a map "
                  "of values you have seen; if so, return both indices, otherwise store the current number with its "
                  "index."),
    "leak_technique": "Think about using a hash map to remember what you have seen.",
    "slow_stream": ("Good question, the values can come in any order. Take a moment with that. "
                    "When you are ready, tell me how you would start."),
}
SLOW_STREAM_PAUSE_S = 3.0  # "slow_stream": the first sentence at once, the rest after this long


def chunk(text: str) -> str:
    body = {"id": "chatcmpl-standin", "object": "chat.completion.chunk", "created": int(time.time()),
            "model": "standin", "choices": [{"index": 0, "delta": {"content": text}, "finish_reason": None}]}
    return f"data: {json.dumps(body)}\n\n"


class OpenAIStandIn:
    def __init__(self) -> None:
        self.port = free_port()
        self.requests: list[dict[str, Any]] = []
        self.finished_at: list[float] = []  # when each stream sent [DONE] (monotonic)
        app = Starlette(routes=[Route("/v1/chat/completions", self.completions, methods=["POST"])])
        self.server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=self.port, log_level="warning"))
        self.thread = threading.Thread(target=self.server.run, daemon=True)

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/v1"

    def start(self) -> "OpenAIStandIn":
        self.thread.start()
        while not self.server.started:
            time.sleep(0.02)
        return self

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)

    async def completions(self, request: Request):
        body = await request.json()
        self.requests.append(body)
        mode = body.get("model", "ok")
        if mode == "error":
            return JSONResponse({"error": {"message": "overloaded", "type": "server_error"}}, status_code=503)

        async def events():
            if mode == "slow":
                await asyncio.sleep(3.0)
            if mode == "malformed":
                yield "data: {this is not json\n\n"
                return
            text = REPLIES.get(mode, REPLIES["ok"])
            words = text.split(" ")
            for i, w in enumerate(words):
                yield chunk(w + (" " if i < len(words) - 1 else ""))
                if mode == "cut" and i == 3:
                    return  # the connection ends without [DONE]
                if mode == "slow_stream" and w.endswith("order."):
                    await asyncio.sleep(SLOW_STREAM_PAUSE_S)
                await asyncio.sleep(0)
            self.finished_at.append(time.monotonic())
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")
