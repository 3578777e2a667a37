"""Downloading from a council's site politely and safely: one request at a time, paced, with an honest User-Agent,
a timeout and a size limit; a PDF is saved whole and checked, or not at all."""
from __future__ import annotations

import logging
import os
import re
import time
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from email.message import Message
from pathlib import Path

import httpx
from pypdf import PdfReader

logging.getLogger("httpx").setLevel(logging.WARNING)   # one INFO line per request otherwise


class FetchError(Exception):
    """One request's failure, said in words a person can act on."""


class PoliteClient:
    """One request at a time, `pause` seconds apart, with the User-Agent given and TLS verified (sites behind a
    firewall refuse requests without a User-Agent or with verification off: ../shared/moderngov.md section 5)."""

    def __init__(self, user_agent: str, pause: float, timeout: float, max_bytes: int):
        self.pause, self.max_bytes, self.timeout = pause, max_bytes, timeout
        self.requests = 0
        self._last = 0.0
        self._http = httpx.Client(headers={"User-Agent": user_agent}, follow_redirects=True,
                                  timeout=httpx.Timeout(timeout, connect=min(timeout, 20.0)))

    def close(self) -> None:
        self._http.close()

    @contextmanager
    def _get(self, url: str) -> Iterator[httpx.Response]:
        wait = self._last + self.pause - time.monotonic()
        if wait > 0:
            time.sleep(wait)
        self.requests += 1
        try:
            with self._http.stream("GET", url) as response:
                if response.status_code >= 400:
                    raise FetchError(f"the site answered {response.status_code} {response.reason_phrase}")
                yield response
        except httpx.TimeoutException:
            raise FetchError(f"no answer within {self.timeout:g} seconds")
        except httpx.HTTPError as e:
            raise FetchError(f"could not reach the site ({type(e).__name__})")
        finally:
            self._last = time.monotonic()

    def text(self, url: str) -> str:
        with self._get(url) as response:
            return b"".join(self._limited(response)).decode(response.encoding or "utf-8", errors="replace")

    def download(self, url: str, target: Path) -> int:
        """Save the PDF at `url` as `target`, whole and checked, or raise FetchError and leave nothing behind."""
        partial = target.with_name(f".{target.name}.{uuid.uuid4().hex[:8]}.part")   # hidden: never indexed
        try:
            with self._get(url) as response, partial.open("wb") as out:
                if (name := _attachment_name(response)) and not safe_name(name):
                    raise FetchError(f"the site names the file {name!r}, outside the corpus folder")
                size = 0
                for block in self._limited(response):
                    out.write(block)
                    size += len(block)
            check_pdf(partial)
            os.replace(partial, target)
            return size
        finally:
            partial.unlink(missing_ok=True)

    def _limited(self, response: httpx.Response) -> Iterator[bytes]:
        limit = f"over the {self.max_bytes / (1024 * 1024):g} MB limit (PANELBOT_MAX_PDF_MB)"
        if int(response.headers.get("Content-Length") or 0) > self.max_bytes:
            raise FetchError(f"{int(response.headers['Content-Length']) / (1024 * 1024):.0f} MB, {limit}")
        size = 0
        for block in response.iter_bytes():
            size += len(block)
            if size > self.max_bytes:
                raise FetchError(limit)
            yield block


def _attachment_name(response: httpx.Response) -> str:
    """The file name a Content-Disposition header gives, if any."""
    header = response.headers.get("Content-Disposition")
    if not header:
        return ""
    message = Message()
    message["Content-Disposition"] = header
    return message.get_filename() or ""


def safe_name(name: str) -> bool:
    """Whether a file name from the site stays a plain name: no folder part, no `..`, no hidden name."""
    return bool(name) and not any(c in name for c in "/\\\0") and not name.startswith(".")


def check_pdf(path: Path) -> None:
    """Refuse an error page served as a PDF, and a PDF too broken to read."""
    with path.open("rb") as f:
        head = f.read(1024)
    if b"%PDF-" not in head:
        looks_html = re.search(rb"<(!doctype|html|head|body)", head, re.I)
        raise FetchError("an HTML page, not a PDF (the site's error page?)" if looks_html else "not a PDF")
    try:
        pages = len(PdfReader(path).pages)
    except Exception as e:   # pypdf raises almost any type on a broken file
        raise FetchError(f"a broken PDF ({type(e).__name__})")
    if pages == 0:
        raise FetchError("a PDF with no pages")
