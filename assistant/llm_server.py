"""The embedded llama.cpp server, run as a child process of the assistant.

Why a process and not a thread: ``xllamacpp.Server`` holds Python's global interpreter lock
while it loads the model (~3 s on two cores), so in a thread it stalls everything else the
assistant does at start-up (imports, loading the embedder). In its own process the model loads
on one core while the assistant gets ready on the other. The assistant reaches the model over
HTTP in either case.

Protocol: the parent passes the parameters as one JSON argument, reads one JSON line from
stdout (``{"url": ...}`` or ``{"error": ...}``) and keeps stdin open; when the parent closes
stdin or dies, the server stops. Only ``xllamacpp`` is imported here, so it starts at once.
"""

from __future__ import annotations

import json
import sys
from typing import Any


def serve(params: dict[str, Any]) -> str:
    """Start llama.cpp's HTTP server with ``params``; returns its base URL (``http://host:port``)."""
    import xllamacpp

    p = xllamacpp.CommonParams()
    p.model.path = params["model"]
    p.n_ctx = params["ctx"]
    p.cpuparams.n_threads = params["threads"]
    p.cpuparams_batch.n_threads = params["threads"]
    p.n_parallel = 1  # one answer at a time: two would each run at half speed on 2 cores
    p.port = 0
    p.cache_prompt = True
    p.verbosity = -1
    # llama.cpp's slot save/restore: the primed prompt prefix is kept on disk.
    p.endpoint_slots = True
    p.slot_save_path = params["slot_dir"]
    server = xllamacpp.Server(p)
    serve.server = server  # type: ignore[attr-defined]  # kept alive with the process
    url = str(server.listening_address).rstrip("/")
    return url if url.startswith("http") else "http://" + url


def main() -> None:
    try:
        url = serve(json.loads(sys.argv[1]))
    except Exception as exc:  # reported to the parent, which raises it as its own error
        print(json.dumps({"error": f"{type(exc).__name__}: {exc}"}), flush=True)
        sys.exit(1)
    print(json.dumps({"url": url}), flush=True)
    sys.stdin.read()  # returns when the parent closes the pipe or exits


if __name__ == "__main__":
    main()
