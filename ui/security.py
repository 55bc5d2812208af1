"""ASGI middleware passed to Gradio's FastAPI: security headers, and Dutch for Gradio's own texts."""

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


class DutchFirst:
    """Gradio's front end translates its own texts (file drop, copy buttons, footer) into the
    browser's language, read before any of our code runs. This is a Dutch product: the page
    tells that front end, before its scripts start, that the language is Dutch, so Gradio's own
    Dutch translations are used for every visitor."""

    SCRIPT = (b"<script>try{for(const[k,v]of[['language','nl-NL'],['languages',['nl-NL','nl']]])"
              b"Object.defineProperty(Navigator.prototype,k,{get:()=>v});}catch(e){}</script>")

    def __init__(self, app: Any):
        self.app = app

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> None:
        if scope["type"] != "http" or scope.get("method") != "GET" or scope.get("path") != "/":
            await self.app(scope, receive, send)
            return
        start: dict[str, Any] = {}
        body = bytearray()

        async def buffered(message: dict[str, Any]) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
                return
            if message["type"] != "http.response.body":
                await send(message)
                return
            body.extend(message.get("body", b""))
            if message.get("more_body"):
                return
            page = bytes(body)
            html = any(k.lower() == b"content-type" and b"text/html" in v for k, v in start.get("headers", []))
            if html and b"<head>" in page:
                page = page.replace(b"<head>", b"<head>" + self.SCRIPT, 1)
            headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
            await send({**start, "headers": [*headers, (b"content-length", str(len(page)).encode())]})
            await send({"type": "http.response.body", "body": page})

        await self.app(scope, receive, buffered)
