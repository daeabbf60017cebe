"""Browser fixtures: the test app served on 127.0.0.1, Debian chromium driven by Playwright.

Playwright never downloads a browser here: the tests drive /usr/bin/chromium (`make browser`).
"""
from __future__ import annotations

import socket
import threading
from pathlib import Path

import pytest
from playwright.sync_api import sync_playwright
from werkzeug.serving import make_server

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PHONE = {"viewport": {"width": 390, "height": 844}, "device_scale_factor": 3,
         "is_mobile": True, "has_touch": True}
TIMEOUT_MS = 10_000


@pytest.fixture
def listening_socket():
    """A socket already listening on a free port, so the app can be built knowing its host."""
    sock = socket.create_server(("127.0.0.1", 0))
    yield sock
    sock.close()


@pytest.fixture
def app_config(app_config, listening_socket) -> dict:
    """The main settings, with SERVER_NAME matching the address the browser will use."""
    port = listening_socket.getsockname()[1]
    return {**app_config, "SERVER_NAME": f"127.0.0.1:{port}"}


@pytest.fixture
def live_server(app, listening_socket):
    """The base URL of the test app, served by werkzeug in a background thread."""
    server = make_server("127.0.0.1", 0, app, threaded=True, fd=listening_socket.fileno())
    thread = threading.Thread(target=server.serve_forever, name="live-server", daemon=True)
    thread.start()
    yield f"http://{app.config['SERVER_NAME']}"
    server.shutdown()
    thread.join(timeout=10)
    server.server_close()
    assert not thread.is_alive(), "the live server did not stop"


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.fail(f"The browser tests need {CHROMIUM}: run `make browser` to install "
                    "Debian chromium (Playwright must not download browsers).", pytrace=False)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True,
                                             args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def console_errors() -> list[str]:
    """Console errors (CSP violations included) and uncaught exceptions of the page."""
    return []


def open_page(browser, base_url: str, errors: list[str], **options):
    context = browser.new_context(base_url=base_url, **options)
    context.set_default_timeout(TIMEOUT_MS)
    page = context.new_page()

    def record(message) -> None:
        if message.type == "error":
            errors.append(f"{message.text} ({message.location.get('url')})")

    page.on("console", record)
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))
    return context, page


@pytest.fixture
def page(browser, live_server, console_errors):
    """A desktop-sized page in a fresh context (no cookies), with relative URLs on the app."""
    context, page = open_page(browser, live_server, console_errors)
    yield page
    context.close()


@pytest.fixture
def phone(browser, live_server, console_errors):
    """A phone-sized touch page (390×844) in a fresh context."""
    context, page = open_page(browser, live_server, console_errors, **PHONE)
    yield page
    context.close()
