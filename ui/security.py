"""Security headers on every response of the app (ASGI middleware, passed to Gradio's FastAPI)."""

from __future__ import annotations

from typing import Any

# Gradio's front end needs inline scripts and styles; everything else comes from the app itself,
# so an injected <img src=...> or script cannot reach another host, and no site can frame us.
CSP = ("default-src 'self'; script-src 'self' 'unsafe-inline' 'unsafe-eval'; "
       "style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; font-src 'self' data:; "
       "media-src 'self' blob:; connect-src 'self' ws: wss:; frame-ancestors 'none'; "
       "base-uri 'self'; form-action 'self'; object-src 'none'")
HEADERS = [
    (b"content-security-policy", CSP.encode()),
    (b"x-frame-options", b"DENY"),
    (b"referrer-policy", b"same-origin"),
    (b"x-content-type-options", b"nosniff"),
]


class SecurityHeaders:
    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def with_headers(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                names = {k.lower() for k, _ in message.get("headers", [])}
                message["headers"] = list(message.get("headers", [])) + [
                    (k, v) for k, v in HEADERS if k not in names]
            await send(message)

        await self.app(scope, receive, with_headers)
