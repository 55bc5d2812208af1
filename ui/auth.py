"""Admin login: slowed and locked after wrong passwords, sessions that expire, and a logout.

Failures are counted per client address and per user name, so neither many names from one
address nor one name from many addresses gets unlimited guesses. While a delay or lockout runs,
an attempt is refused before the password is looked at, so even the right one does not get in.
"""

from __future__ import annotations

import hmac
import logging
import secrets
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass

from config.settings import UISettings

log = logging.getLogger(__name__)


@dataclass
class _Failures:
    count: int = 0
    wait_until: float = 0.0
    locked_until: float = 0.0
    last: float = 0.0


@dataclass
class _Session:
    user: str
    started: float
    seen: float


@dataclass
class LoginResult:
    token: str | None
    message: str


class LoginGuard:
    def __init__(self, ui: UISettings, clock: Callable[[], float] = time.monotonic):
        self.ui = ui
        self.clock = clock
        self._failures: dict[str, _Failures] = {}
        self._sessions: dict[str, _Session] = {}
        self._lock = threading.Lock()

    @property
    def enabled(self) -> bool:
        secret = self.ui.admin_password
        return bool(secret and secret.get_secret_value()) or bool(self.ui.admin_sso_header)

    def login(self, user: str, password: str, client: str) -> LoginResult:
        now = self.clock()
        keys = [f"adres {client}", f"gebruiker {user.strip().lower()}"]
        with self._lock:
            self._forget_old(now)
            for key in keys:
                f = self._failures.get(key)
                if f and f.locked_until > now:
                    minutes = max(1, round((f.locked_until - now) / 60))
                    return LoginResult(None, "Te veel mislukte pogingen: inloggen is geblokkeerd. "
                                             f"Probeer het over {minutes} min opnieuw.")
                if f and f.wait_until > now:
                    return LoginResult(None, "Te veel mislukte pogingen. Probeer het over "
                                             f"{int(f.wait_until - now) + 1} s opnieuw.")
            if self._check(user, password):
                for key in keys:
                    self._failures.pop(key, None)
                log.info("admin ingelogd: %r vanaf %s", user, client)
                return LoginResult(self._start(user, now), "")
            for key in keys:
                self._fail(key, now, client, user)
        return LoginResult(None, "Onjuiste gebruiker of wachtwoord.")

    def login_sso(self, header_user: str | None, client: str) -> str | None:
        """A session for the user a trusted proxy names, when that user may administer."""
        if not self.ui.admin_sso_header or not header_user:
            return None
        if header_user.strip().lower() not in {u.lower() for u in self.ui.admin_sso_users}:
            log.warning("single sign-on: %r (client %s) heeft geen beheerrechten", header_user, client)
            return None
        with self._lock:
            return self._start(header_user.strip(), self.clock())

    def user(self, token: str | None) -> str | None:
        """The user of a live session (and the session's idle time restarts), else None."""
        if not token:
            return None
        now = self.clock()
        with self._lock:
            s = self._sessions.get(token)
            if s is None:
                return None
            if now - s.seen > self.ui.session_idle_minutes * 60 or \
                    now - s.started > self.ui.session_max_hours * 3600:
                del self._sessions[token]
                return None
            s.seen = now
            return s.user

    def logout(self, token: str | None) -> None:
        with self._lock:
            self._sessions.pop(token or "", None)

    def _check(self, user: str, password: str) -> bool:
        secret = self.ui.admin_password
        expected = secret.get_secret_value() if secret else ""
        # Both compared in full and in constant time, so timing tells nothing about either.
        ok_user = hmac.compare_digest(user.encode(), self.ui.admin_user.encode())
        ok_pass = hmac.compare_digest(password.encode(), expected.encode())
        return bool(expected) and ok_user and ok_pass

    def _start(self, user: str, now: float) -> str:
        token = secrets.token_urlsafe(32)
        self._sessions[token] = _Session(user, now, now)
        return token

    def _fail(self, key: str, now: float, client: str, user: str) -> None:
        f = self._failures.setdefault(key, _Failures())
        f.count += 1
        f.last = now
        if f.count >= self.ui.login_lockout_after:
            f.locked_until = now + self.ui.login_lockout_minutes * 60
            log.warning("admin-login geblokkeerd (%s) na %d mislukte pogingen; client %s, "
                        "gebruiker %r", key, f.count, client, user)
        elif f.count >= self.ui.login_free_attempts:
            extra = f.count - self.ui.login_free_attempts
            f.wait_until = now + min(self.ui.login_delay_s * 2 ** extra, self.ui.login_max_delay_s)
        log.warning("mislukte admin-login: client %s, gebruiker %r (%d)", client, user, f.count)

    def _forget_old(self, now: float) -> None:
        keep_s = max(self.ui.login_lockout_minutes * 60, self.ui.login_max_delay_s) + 3600
        for key in [k for k, f in self._failures.items()
                    if f.locked_until <= now and now - f.last > keep_s]:
            del self._failures[key]
