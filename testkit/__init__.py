"""Support for tests and benchmarks that is not part of the product: an OTLP collector stand-in
(`otlp_collector`), a stand-in for OpenAI's `/v1/audio/transcriptions` (`stt_standin`) and a
WebSocket voice client (`voice_client`).

It lives at the repository root, outside `src/`, so the wheel never ships it; tests find it from
the repository root (pytest's `pythonpath`), benchmarks through `bench/_common.py`. It may import
`viva`; nothing in `viva` imports it (pyproject's import-linter contracts).
"""
