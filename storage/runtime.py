"""Where a running app announces itself, so `g40 ask` and `g40 retrieve` find its warm models
the way the ollama CLI finds its server.

The app writes a small JSON file into its data dir when it starts serving and removes it when it
stops. A reader trusts the file only while the process that wrote it lives and its port accepts
a connection: a file left behind by a killed app is ignored, never an error. The file sits in the
data dir, so a command only ever finds an app that serves the same index.
"""

from __future__ import annotations

import json
import os
import socket
from pathlib import Path
from urllib.parse import urlsplit

SERVER_FILE = Path("cache") / "ui-server.json"


def announce(data_dir: Path, host: str, port: int) -> Path:
    """Record that this process serves the app on host:port (written atomically)."""
    # An app bound to every interface is reached on the loopback address from this machine.
    reach = "127.0.0.1" if host in ("0.0.0.0", "::", "") else host
    path = Path(data_dir) / SERVER_FILE
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".{os.getpid()}.tmp")
    tmp.write_text(json.dumps({"url": f"http://{reach}:{port}/", "pid": os.getpid()}), encoding="utf-8")
    tmp.replace(path)
    return path


def withdraw(data_dir: Path) -> None:
    """Remove this process's announcement (another app's newer one stays)."""
    path = Path(data_dir) / SERVER_FILE
    try:
        if json.loads(path.read_text(encoding="utf-8")).get("pid") == os.getpid():
            path.unlink()
    except (OSError, ValueError):
        pass


def running_server(data_dir: Path, timeout_s: float = 0.3) -> str | None:
    """The URL of a live app serving this data dir, or None."""
    try:
        found = json.loads((Path(data_dir) / SERVER_FILE).read_text(encoding="utf-8"))
        url, pid = str(found["url"]), int(found["pid"])
    except (OSError, ValueError, KeyError, TypeError):
        return None
    if not _alive(pid):
        return None
    parts = urlsplit(url)
    try:
        with socket.create_connection((parts.hostname or "127.0.0.1", parts.port or 80), timeout_s):
            return url
    except OSError:
        return None


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # another user's process: it exists
        return True
    return True
