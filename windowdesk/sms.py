"""Text messages to citizens' phones, through a backend chosen by settings.SMS_BACKEND.

Shaped like Django's mail backends: the console backend prints (the
development default), the file backend writes one file per text under
var/sms/, the locmem backend appends to `outbox` (the tests' fake at the
edge), and the gateway backend posts JSON to a real provider. A backend's
`send` raises on failure; the caller (the outbox in `cases.services.texts`)
keeps the text and tries again, so nothing is lost.
"""

import dataclasses
import datetime
import json
import sys
import threading
import urllib.request
from pathlib import Path

from django.conf import settings
from django.utils.module_loading import import_string


@dataclasses.dataclass(frozen=True)
class Text:
    to: str
    body: str
    signature: str = ""


# What the locmem backend sent, for the tests to read (like django.core.mail.outbox).
outbox: list[Text] = []


class BaseBackend:
    def send(self, text: Text) -> None:
        raise NotImplementedError


class ConsoleBackend(BaseBackend):
    _lock = threading.Lock()

    def __init__(self, stream=None):
        self.stream = stream or sys.stdout

    def send(self, text: Text) -> None:
        with self._lock:
            self.stream.write(f"SMS to {text.to} {text.signature}\n{text.body}\n{'-' * 40}\n")
            self.stream.flush()


class FileBackend(BaseBackend):
    """One JSON file per text in settings.SMS_FILE_PATH (var/sms/ by default)."""

    def __init__(self, path=None):
        self.path = Path(path or settings.SMS_FILE_PATH)

    def send(self, text: Text) -> None:
        self.path.mkdir(parents=True, exist_ok=True)
        stamp = datetime.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
        target = self.path / f"{stamp}-{id(text)}.json"
        target.write_text(json.dumps(dataclasses.asdict(text), ensure_ascii=False), encoding="utf-8")


class LocmemBackend(BaseBackend):
    def send(self, text: Text) -> None:
        outbox.append(text)


class GatewayBackend(BaseBackend):
    """A provider's HTTP API: POST {"phone", "text", "signature"} as JSON to
    SMS_GATEWAY_URL with `Authorization: Bearer SMS_GATEWAY_KEY`; any answer but
    2xx (or no answer within SMS_GATEWAY_TIMEOUT seconds) is a failure."""

    def __init__(self, url=None, key=None, timeout=None):
        self.url = url or settings.SMS_GATEWAY_URL
        self.key = key if key is not None else settings.SMS_GATEWAY_KEY
        self.timeout = timeout or settings.SMS_GATEWAY_TIMEOUT
        if not self.url:
            raise RuntimeError("SMS_GATEWAY_URL must be set for the gateway SMS backend.")

    def send(self, text: Text) -> None:
        payload = json.dumps({"phone": text.to, "text": text.body, "signature": text.signature},
                             ensure_ascii=False).encode("utf-8")
        request = urllib.request.Request(self.url, data=payload, method="POST", headers={
            "Content-Type": "application/json; charset=utf-8",
            "Authorization": f"Bearer {self.key}",
        })
        # urlopen raises HTTPError for 4xx/5xx; a redirect is followed, as any client would.
        with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310 (URL from settings)
            if not 200 <= response.status < 300:
                raise OSError(f"SMS gateway answered {response.status}")


def get_backend(path: str | None = None) -> BaseBackend:
    return import_string(path or settings.SMS_BACKEND)()


def send_text(*, to: str, body: str, backend: BaseBackend | None = None) -> None:
    """Send one text now; raises if the backend could not."""
    (backend or get_backend()).send(Text(to=to, body=body, signature=settings.SMS_SIGNATURE))
