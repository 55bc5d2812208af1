"""What the server itself enforces: security headers and Gradio's upload size limit."""

from pathlib import Path

import httpx
import pytest

from config import Settings
from tests.ui.apphelpers import running_app

pytestmark = pytest.mark.browser


def test_headers_and_upload_limit(env: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("G40_MAX_FILE_MB", "0.05")
    settings = Settings()
    with running_app(settings) as url:
        page = httpx.get(url, timeout=30)
        assert page.status_code == 200
        csp = page.headers["content-security-policy"]
        assert "frame-ancestors 'none'" in csp and "img-src 'self'" in csp
        assert page.headers["x-frame-options"] == "DENY"
        assert page.headers["referrer-policy"] == "same-origin"

        small = httpx.post(f"{url}gradio_api/upload", files={"files": ("a.txt", b"x" * 1000)}, timeout=30)
        assert small.status_code == 200
        big = httpx.post(f"{url}gradio_api/upload", files={"files": ("b.txt", b"x" * 200_000)}, timeout=30)
        assert big.status_code == 413
