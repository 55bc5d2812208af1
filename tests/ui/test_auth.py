"""The admin login guard, on a fake clock (no sleeping in tests)."""

from pydantic import SecretStr

from config.settings import UISettings
from ui.auth import LoginGuard


class Clock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def _guard(**kw: object) -> tuple[LoginGuard, Clock]:
    clock = Clock()
    ui = UISettings(admin_password=SecretStr("juist"), **kw)  # type: ignore[arg-type]
    return LoginGuard(ui, clock=clock), clock


def test_thirty_quick_guesses_lock_the_login_even_for_the_right_password() -> None:
    guard, clock = _guard()
    checked = 0
    for i in range(30):
        result = guard.login("admin", f"fout{i}", "10.0.0.1")
        checked += result.message.startswith("Onjuiste")
        clock.now += 0.04  # 30 tries in 1.2 s, as an attacker's script would
    assert checked == guard.ui.login_free_attempts  # the rest was refused unchecked
    refused = guard.login("admin", "juist", "10.0.0.1")
    assert refused.token is None and "Probeer het over" in refused.message


def test_delays_grow_and_lockout_lasts_its_minutes() -> None:
    guard, clock = _guard()
    waits = []
    for _ in range(guard.ui.login_lockout_after):
        while (r := guard.login("admin", "fout", "10.0.0.2")).message.startswith("Te veel"):
            waits.append(r.message)
            clock.now += 1
        clock.now += 0.1
    assert guard.login("admin", "juist", "10.0.0.2").token is None  # locked
    assert "geblokkeerd" in guard.login("admin", "juist", "10.0.0.2").message
    clock.now += guard.ui.login_lockout_minutes * 60 + 1
    assert guard.login("admin", "juist", "10.0.0.2").token


def test_one_user_name_from_many_addresses_is_also_slowed() -> None:
    guard, _ = _guard()
    for i in range(guard.ui.login_free_attempts):
        guard.login("admin", "fout", f"10.0.1.{i}")
    assert "Te veel" in guard.login("admin", "juist", "10.0.9.9").message


def test_sessions_expire_when_idle_and_end_at_logout() -> None:
    guard, clock = _guard()
    token = guard.login("admin", "juist", "10.0.0.3").token
    assert guard.user(token) == "admin"
    clock.now += guard.ui.session_idle_minutes * 60 - 1
    assert guard.user(token) == "admin"  # an action restarts the idle time
    clock.now += guard.ui.session_idle_minutes * 60 + 1
    assert guard.user(token) is None
    token = guard.login("admin", "juist", "10.0.0.3").token
    guard.logout(token)
    assert guard.user(token) is None and guard.user(None) is None and guard.user("verzonnen") is None


def test_single_sign_on_only_when_configured_and_for_listed_users() -> None:
    guard, _ = _guard()
    assert guard.login_sso("piet", "10.0.0.4") is None  # no header configured: never trusted
    guard, _ = _guard(admin_sso_header="X-Forwarded-User", admin_sso_users=["Piet"])
    assert guard.login_sso("mallory", "10.0.0.4") is None
    token = guard.login_sso("piet", "10.0.0.4")
    assert guard.user(token) == "piet"


def test_no_password_means_no_login() -> None:
    guard = LoginGuard(UISettings(admin_password=None))
    assert not guard.enabled and guard.login("admin", "", "x").token is None
