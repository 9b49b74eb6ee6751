"""Load the saved objects shipped in streams/kibana/ (written by deploy/kibana/generate.py) into Kibana
through its saved-objects `_import` API."""

from __future__ import annotations

import base64
import dataclasses
import time
import urllib.error
import urllib.request
import uuid
from collections.abc import Callable
from importlib.resources.abc import Traversable
from typing import Any

import orjson

from streams.config import Settings
from streams.errors import OperatorError
from streams.packaged import packaged
from streams.retry import Backoff, retry_sync

KIBANA_DIR = packaged("kibana")
# Kibana answers 503 while it starts (and docker-compose's setup service may run before it is up).
_TRANSIENT_STATUSES = {408, 429, 500, 502, 503, 504}


class KibanaImportError(OperatorError, RuntimeError):
    check = "the saved objects in streams/kibana/ and Kibana's log"


class KibanaUnreachable(KibanaImportError):
    check = ("that Kibana runs there and EVENTWIRE_KIBANA_URL (or --url); --wait SECONDS waits for a Kibana that is "
             "starting, EVENTWIRE_CONNECT_TIMEOUT_SECONDS bounds each try")
    exit_code = 3


class _Transient(Exception):
    pass


def saved_object_files(directory: Traversable = KIBANA_DIR) -> list[Traversable]:
    return sorted((p for p in directory.iterdir() if p.name.endswith(".ndjson")), key=lambda p: p.name)


def load_saved_objects(paths: list[Traversable]) -> list[dict[str, Any]]:
    objects: list[dict[str, Any]] = []
    for path in paths:
        for number, line in enumerate(path.read_bytes().splitlines(), 1):
            if line.strip():
                try:
                    objects.append(orjson.loads(line))
                except orjson.JSONDecodeError as exc:
                    raise KibanaImportError(f"{path}:{number}: not JSON: {exc}") from None
    return objects


def render_saved_objects(objects: list[dict[str, Any]], settings: Settings) -> list[dict[str, Any]]:
    """Point the data views at the configured alias names (the files use `events`, `articles`, `incidents`)."""
    names = {"events": settings.events_alias, "articles": settings.articles_alias, "incidents": settings.incidents_alias}
    rendered = []
    for obj in objects:
        if obj.get("type") == "index-pattern" and obj.get("attributes", {}).get("title") in names:
            attributes = dict(obj["attributes"])
            attributes["title"] = names[attributes["title"]]
            obj = {**obj, "attributes": attributes}
        rendered.append(obj)
    return rendered


def multipart_body(filename: str, payload: bytes, boundary: str) -> bytes:
    head = (
        f"--{boundary}\r\n"
        f'Content-Disposition: form-data; name="file"; filename="{filename}"\r\n'
        "Content-Type: application/ndjson\r\n\r\n"
    ).encode()
    return head + payload + f"\r\n--{boundary}--\r\n".encode()


def _auth_header(settings: Settings) -> str | None:
    if settings.es_api_key:
        return f"ApiKey {settings.es_api_key.get_secret_value()}"
    if settings.es_username and settings.es_password:
        token = f"{settings.es_username}:{settings.es_password.get_secret_value()}".encode()
        return f"Basic {base64.b64encode(token).decode()}"
    return None


def import_saved_objects(
    settings: Settings,
    *,
    url: str | None = None,
    paths: list[Traversable] | None = None,
    wait: float = 0.0,
    timeout: float = 60.0,
    backoff: Backoff = Backoff(base=1.0, cap=10.0),
    sleep: Callable[[float], object] = time.sleep,
    clock: Callable[[], float] = time.monotonic,
) -> dict[str, Any]:
    """POST the saved objects to `{url}/api/saved_objects/_import?overwrite=true`; returns Kibana's answer.

    Kibana must answer `/api/status` within the connect timeout; while it does not (or answers 503
    as it starts), the attempt is repeated for up to `wait` seconds (0: once). `timeout` bounds the
    import request itself."""
    base = (url or settings.kibana_url).rstrip("/")
    objects = render_saved_objects(load_saved_objects(paths or saved_object_files()), settings)
    payload = b"\n".join(orjson.dumps(obj) for obj in objects) + b"\n"
    boundary = f"eventwire-{uuid.uuid4().hex}"
    body = multipart_body("eventwire.ndjson", payload, boundary)
    headers = {"kbn-xsrf": "eventwire", "Content-Type": f"multipart/form-data; boundary={boundary}"}
    if auth := _auth_header(settings):
        headers["Authorization"] = auth

    def call(request: urllib.request.Request, seconds: float) -> dict[str, Any]:
        try:
            with urllib.request.urlopen(request, timeout=seconds) as response:
                return orjson.loads(response.read() or b"{}")
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:500].decode("utf-8", "replace")
            if exc.code in _TRANSIENT_STATUSES:
                raise _Transient(f"HTTP {exc.code}: {detail}") from exc
            if exc.code in (401, 403):
                raise KibanaUnreachable(
                    f"Kibana at {base} refused us: HTTP {exc.code}",
                    check="EVENTWIRE_ES_USERNAME and EVENTWIRE_ES_PASSWORD, or EVENTWIRE_ES_API_KEY (Kibana takes the same)",
                ) from None
            raise KibanaImportError(f"Kibana answered HTTP {exc.code}: {detail}") from None
        except (urllib.error.URLError, TimeoutError, ConnectionError) as exc:
            raise _Transient(str(getattr(exc, "reason", exc))) from exc

    def attempt() -> dict[str, Any]:
        call(urllib.request.Request(f"{base}/api/status", headers=headers), settings.connect_timeout_seconds)
        post = urllib.request.Request(
            f"{base}/api/saved_objects/_import?overwrite=true", data=body, headers=headers, method="POST"
        )
        return call(post, timeout)

    try:
        answer = retry_sync(attempt, is_transient=lambda exc: isinstance(exc, _Transient),
                            backoff=dataclasses.replace(backoff, max_seconds=wait), sleep=sleep, clock=clock)
    except _Transient as exc:
        waited = f"within {wait:g} s" if wait else f"(connect timeout {settings.connect_timeout_seconds:g} s)"
        raise KibanaUnreachable(f"Kibana at {base} did not answer {waited}: {exc}") from None
    if not answer.get("success", False):
        raise KibanaImportError(f"import reported errors: {orjson.dumps(answer.get('errors', [])).decode()[:2000]}")
    answer["objects_sent"] = len(objects)
    return answer
