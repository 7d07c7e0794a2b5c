"""The session room: what one live session does with each client message, and the per-session
objects that do it (the interview runner, its clock and ticker, the voice pipeline), held in one
`SessionRuntime`. The server routes HTTP and WebSocket traffic here; this room never imports it.
"""
