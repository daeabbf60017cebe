"""The load generator of make bench-load and make bench-faults: browsers on loopback (one
thread each, http.client, a new connection a request as gunicorn's sync workers close them),
signed in with CSRF like a person (GET the form, read the token, POST): judges autosaving
their sheet, entrants uploading a photo and a PDF to a draft and submitting it, and the
bench-only one-insert endpoint. Every acknowledged write is kept, to be looked for afterwards."""
from __future__ import annotations

import http.client
import re
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from dataclasses import dataclass, field

from bench.world import PASSWORD

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
VERSION = re.compile(r'name="version"[^>]*value="(\d+)"|value="(\d+)"[^>]*name="version"')
SAVED_VERSION = re.compile(r'"version":\s*(\d+)')
SUBMITTED = re.compile(r"Đã nộp hồ sơ\. Mã hồ sơ của bạn là ([^<\s]+)\.")


class Refused(Exception):
    """An answer the load did not expect: its kind goes into the error counts."""

    def __init__(self, kind: str):
        super().__init__(kind)
        self.kind = kind


@dataclass
class Stats:
    """Latencies and error kinds per request kind, shared by every thread."""

    latencies: dict[str, list[float]] = field(default_factory=dict)
    errors: dict[str, Counter] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def ok(self, kind: str, seconds: float) -> None:
        with self.lock:
            self.latencies.setdefault(kind, []).append(seconds)
            self.errors.setdefault(kind, Counter())

    def failed(self, kind: str, why: str) -> None:
        with self.lock:
            self.errors.setdefault(kind, Counter())[why] += 1
            self.latencies.setdefault(kind, [])


@dataclass
class Ledger:
    """Acknowledged writes: sheet versions with their values, file names, entry codes."""

    saves: list[tuple[int, int, int, str]] = field(default_factory=list)  # sheet, version, …
    files: dict[int, list[str]] = field(default_factory=dict)  # entry id -> names
    submitted: dict[int, str] = field(default_factory=dict)  # entry id -> code
    count: int = 0
    lock: threading.Lock = field(default_factory=threading.Lock)

    def saved(self, assignment: int, version: int, criterion: int, value: str) -> None:
        with self.lock:
            self.count += 1
            self.saves.append((assignment, version, criterion, value))

    def filed(self, entry: int, name: str) -> None:
        with self.lock:
            self.count += 1
            self.files.setdefault(entry, []).append(name)

    def submit(self, entry: int, code: str) -> None:
        with self.lock:
            self.count += 1
            self.submitted[entry] = code


class Browser:
    """One person's cookies and CSRF token."""

    def __init__(self, port: int, accept: str = "text/html"):
        self.port, self.accept, self.cookies, self.token = port, accept, {}, ""

    def request(self, method: str, path: str, form: dict | None = None,
                files: dict[str, tuple[str, bytes, str]] | None = None
                ) -> tuple[int, str, dict]:
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=90)
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items()),
                   "Accept": self.accept}
        body: bytes | None = None
        if files is not None:
            boundary = uuid.uuid4().hex
            body = multipart(boundary, {"csrf_token": self.token, **(form or {})}, files)
            headers["Content-Type"] = f"multipart/form-data; boundary={boundary}"
        elif form is not None:
            body = urllib.parse.urlencode({"csrf_token": self.token, **form}).encode()
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        try:
            connection.request(method, path, body=body, headers=headers)
            answer = connection.getresponse()
            text = answer.read().decode("utf-8", errors="replace")
        finally:
            connection.close()
        for cookie in answer.msg.get_all("Set-Cookie") or []:
            name, _, value = cookie.split(";", 1)[0].partition("=")
            self.cookies[name.strip()] = value
        if match := CSRF.search(text):
            self.token = match.group(1)
        return answer.status, text, dict(answer.getheaders())

    def follow(self, headers: dict) -> tuple[int, str]:
        location = urllib.parse.urlsplit(headers.get("Location", "/"))
        path = location.path + (f"?{location.query}" if location.query else "")
        status, text, _ = self.request("GET", path)
        return status, text

    def sign_in(self, email: str) -> None:
        self.request("GET", "/login")
        status, _text, _headers = self.request("POST", "/login", {"email": email,
                                                                  "password": PASSWORD})
        if status != 302:
            raise RuntimeError(f"{email} could not sign in ({status})")


def multipart(boundary: str, form: dict, files: dict[str, tuple[str, bytes, str]]) -> bytes:
    parts = []
    for name, value in form.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                     f"{value}\r\n".encode())
    for name, (filename, data, content_type) in files.items():
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                     f'filename="{filename}"\r\nContent-Type: {content_type}\r\n\r\n'.encode()
                     + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode()


def timed(stats: Stats, kind: str, call, *args):
    """Run one request; its latency, or its error kind (connection errors included)."""
    start = time.perf_counter()
    try:
        result = call(*args)
    except Refused as refused:
        stats.failed(kind, refused.kind)
        return None
    except (OSError, http.client.HTTPException) as error:
        stats.failed(kind, type(error).__name__)
        return None
    stats.ok(kind, time.perf_counter() - start)
    return result


def expect(status: int, wanted: int) -> None:
    if status != wanted:
        raise Refused(f"HTTP {status}")


class JudgeClient:
    """A judge autosaving one sheet (or posting the bare insert instead)."""

    def __init__(self, browser: Browser, assignment: int, criteria: list[int]):
        self.browser, self.assignment, self.criteria = browser, assignment, criteria
        self.version, self.n = 0, 0

    def open_sheet(self) -> None:
        status, page, _ = self.browser.request("GET", f"/judge/assignments/{self.assignment}")
        expect(status, 200)
        found = VERSION.search(page)
        self.version = int(next(g for g in found.groups() if g)) if found else 0

    def step(self, stats: Stats, ledger: Ledger, bare: bool) -> None:
        if bare:
            timed(stats, "baseline insert POST", self.insert)
        elif timed(stats, "autosave POST", self.save, ledger) is None:
            timed(stats, "sheet page GET (after a refusal)", self.open_sheet)

    def insert(self) -> bool:
        expect(self.browser.request("POST", "/bench/insert", {})[0], 200)
        return True

    def save(self, ledger: Ledger) -> bool:
        self.n += 1
        criterion = self.criteria[self.n % len(self.criteria)]
        value = f"{10 + self.n % 20},5"
        status, text, _ = self.browser.request(
            "POST", f"/judge/assignments/{self.assignment}/autosave",
            {"version": str(self.version), f"score_{criterion}": value})
        expect(status, 200)
        self.version = int(SAVED_VERSION.search(text).group(1))
        ledger.saved(self.assignment, self.version, criterion, value)
        return True


class EntrantClient:
    """An entrant who, draft after draft, adds a product photo and a PDF and submits it; after
    a failed request the next step goes on from the last acknowledged one."""

    FILES = (("product-photo", "jpg", "image/jpeg"), ("description", "pdf", "application/pdf"))

    def __init__(self, browser: Browser, drafts: list[int], jpeg: bytes, pdf: bytes):
        self.browser, self.drafts = browser, list(drafts)
        self.data = {"jpg": jpeg, "pdf": pdf}
        self.n, self.stage = 0, 0  # stage: files acknowledged on the current draft

    def step(self, stats: Stats, ledger: Ledger, pause=None) -> None:
        """One draft, edit page to submission; `pause()`, when given, is the person reading
        and typing before each step, and False when the phase is over (the draft waits)."""
        if not self.drafts:
            time.sleep(0.05)  # every draft submitted: this entrant waits out the run
            return
        entry = self.drafts[0]
        if pause and not pause():
            return
        if timed(stats, "dossier edit page GET", self.edit_page, entry) is None:
            return
        while self.stage < len(self.FILES):
            kind, suffix, mime = self.FILES[self.stage]
            if pause and not pause():
                return
            if timed(stats, "upload POST (+ its page)", self.upload, entry, kind,
                     self.data[suffix], suffix, mime, ledger) is None:
                return
            self.stage += 1
        if pause and not pause():
            return
        if timed(stats, "submit POST (+ its page)", self.submit, entry, ledger):
            self.drafts.pop(0)
            self.stage = 0

    def edit_page(self, entry: int) -> bool:
        expect(self.browser.request("GET", f"/entrant/entries/{entry}/edit")[0], 200)
        return True

    def upload(self, entry: int, kind: str, data: bytes, suffix: str, mime: str,
               ledger: Ledger) -> bool:
        self.n += 1
        name = f"bench-{entry}-{self.n}.{suffix}"
        status, _text, headers = self.browser.request(
            "POST", f"/entrant/entries/{entry}/attachments", {"kind": kind, "author": ""},
            files={"file": (name, data, mime)})
        expect(status, 302)
        status, page = self.browser.follow(headers)
        expect(status, 200)
        if f"Đã tải lên tệp “{name}”" not in page:
            raise Refused("upload not confirmed")
        ledger.filed(entry, name)
        return True

    def submit(self, entry: int, ledger: Ledger) -> bool:
        status, _text, headers = self.browser.request(
            "POST", f"/entrant/entries/{entry}/submit", {})
        expect(status, 302)
        status, page = self.browser.follow(headers)
        expect(status, 200)
        code = SUBMITTED.search(page)
        if code is None:
            if "đã được nộp" in page:  # submitted by a request whose answer was lost
                return True
            raise Refused("submit not confirmed")
        ledger.submit(entry, code.group(1))
        return True


def run_for(seconds: float, loops: list) -> float:
    """Every loop in its own thread until the time is up (no request starts after it); the
    wall time taken, until the last answer."""
    stop = time.perf_counter() + seconds

    def forever(loop) -> None:
        while time.perf_counter() < stop:
            loop()

    begun = time.perf_counter()
    threads = [threading.Thread(target=forever, args=(loop,)) for loop in loops]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return time.perf_counter() - begun
