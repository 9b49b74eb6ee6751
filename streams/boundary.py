"""The CLI's error boundary: the one place where failures become messages.

Commands raise; the root group (`BoundaryGroup`, the `cls` of the `eventwire` app) catches what a
user can act on and prints two lines on stderr, what failed and what to check, then exits with a
code that says which kind of failure it was. Settings that do not parse, a Kafka, Elasticsearch or
Kibana that does not answer within `connect_timeout_seconds` or refuses the credentials, an
`OperatorError` raised by a command, a file that cannot be read or written. Anything else is a bug
and keeps its traceback.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import typer
from typer.core import TyperGroup

from streams.config import Settings
from streams.errors import OperatorError

EXIT_FAILED = 1  # the command ran and reports a failure (publish failures, health not ok, ...)
EXIT_SETTINGS = 2  # a bad setting (click also exits 2 on a bad command line)
EXIT_UNREACHABLE = 3  # Kafka, Elasticsearch or Kibana did not answer, or refused us

_TIMEOUT_HINT = "EVENTWIRE_CONNECT_TIMEOUT_SECONDS sets how long to wait"


@dataclass(frozen=True, slots=True)
class Explanation:
    what: str
    check: str
    exit_code: int

    def lines(self) -> list[str]:
        return [f"error: {self.what}", f"check: {self.check}"]


def _chain(exc: BaseException) -> Iterator[BaseException]:
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        yield current
        current = current.__cause__ or current.__context__


def _one_line(text: Any, limit: int = 300) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1] + "…"


def _settings_error(exc: BaseException) -> Explanation | None:
    from pydantic import ValidationError

    if not isinstance(exc, ValidationError) or exc.title != Settings.__name__:
        return None
    problems = []
    for error in exc.errors():
        name = "EVENTWIRE_" + "_".join(str(part) for part in error["loc"]).upper()
        problems.append(f"{name}={error.get('input')!r}: {error['msg']}")
    return Explanation(
        "invalid setting " + "; ".join(problems),
        "the EVENTWIRE_* variables in the environment (README, Configuration, lists each one and its default)",
        EXIT_SETTINGS,
    )


def _kafka_error(exc: BaseException, settings: Settings) -> Explanation | None:
    from kafka import errors

    if not isinstance(exc, errors.KafkaError):
        return None
    where = f"Kafka at {settings.kafka_bootstrap}"
    name = type(exc).__name__
    if isinstance(exc, errors.KafkaConnectionError) or (
        isinstance(exc, errors.KafkaTimeoutError) and "bootstrap" in str(exc)
    ):
        return Explanation(
            f"cannot reach {where} (no broker answered within {settings.connect_timeout_seconds:g} s)",
            "that Kafka runs there (`eventwire stack status` for the local one) and EVENTWIRE_KAFKA_BOOTSTRAP; "
            + _TIMEOUT_HINT,
            EXIT_UNREACHABLE,
        )
    if "Authentication" in name or "Authorization" in name or "Sasl" in name:
        return Explanation(
            f"{where} refused us: {name}: {_one_line(exc)}",
            "EVENTWIRE_KAFKA_SECURITY_PROTOCOL, EVENTWIRE_KAFKA_SASL_MECHANISM, _USERNAME and _PASSWORD, and the ACLs",
            EXIT_UNREACHABLE,
        )
    return Explanation(
        f"{where}: {name}: {_one_line(exc)}",
        "`eventwire health` for the state of Kafka and the topics; " + _TIMEOUT_HINT,
        EXIT_UNREACHABLE if isinstance(exc, errors.KafkaTimeoutError) else EXIT_FAILED,
    )


def _elasticsearch_error(exc: BaseException, settings: Settings) -> Explanation | None:
    import elastic_transport
    import elasticsearch

    where = f"Elasticsearch at {settings.es_url}"
    if isinstance(exc, elastic_transport.TlsError):
        return Explanation(
            f"TLS with {where} failed: {_one_line(exc)}",
            "EVENTWIRE_ES_CA_CERTS and EVENTWIRE_ES_VERIFY_CERTS", EXIT_UNREACHABLE,
        )
    if isinstance(exc, (elastic_transport.ConnectionError, elastic_transport.ConnectionTimeout)):
        return Explanation(
            f"cannot reach {where} ({_one_line(exc, 120)}; connect timeout {settings.connect_timeout_seconds:g} s)",
            "that Elasticsearch runs there (`eventwire stack status` for the local one) and EVENTWIRE_ES_URL; "
            + _TIMEOUT_HINT,
            EXIT_UNREACHABLE,
        )
    if isinstance(exc, (elasticsearch.AuthenticationException, elasticsearch.AuthorizationException)):
        return Explanation(
            f"{where} refused us: {exc.meta.status} {_one_line(exc.message)}",
            "EVENTWIRE_ES_USERNAME and EVENTWIRE_ES_PASSWORD, or EVENTWIRE_ES_API_KEY, and that user's privileges",
            EXIT_UNREACHABLE,
        )
    if isinstance(exc, elasticsearch.ApiError):
        return Explanation(
            f"{where} refused the request: {exc.meta.status} {_one_line(exc.message)}: {_one_line(exc.body, 200)}",
            "the command's options (dates as YYYY-MM-DD, ISO 8601 or now-7d); `eventwire index status` shows the indices",
            EXIT_FAILED,
        )
    return None


def explain(exc: BaseException, settings: Settings | None) -> Explanation | None:
    """What to tell the user about `exc` (or one of its causes), or None for a bug."""
    for cause in _chain(exc):
        found = _settings_error(cause)
        if found is not None:
            return found
    settings = settings or Settings.model_construct()  # defaults, only to name the endpoints
    for cause in _chain(exc):
        if isinstance(cause, OperatorError):
            return Explanation(_one_line(cause, 500), cause.check, cause.exit_code)
        found = _kafka_error(cause, settings) or _elasticsearch_error(cause, settings)
        if found is not None:
            return found
        if isinstance(cause, OSError) and cause.filename:
            return Explanation(f"{cause.filename}: {cause.strerror or cause}", "the path and its permissions", EXIT_FAILED)
    return None


class BoundaryGroup(TyperGroup):
    """The root command group: runs every sub-command inside the boundary."""

    def invoke(self, ctx: Any) -> Any:
        try:
            return super().invoke(ctx)
        except Exception as exc:  # noqa: BLE001 - explained below, or raised again unchanged
            # Typer's own exits and usage errors are none of the explained kinds and pass through.
            explanation = explain(exc, ctx.obj if isinstance(ctx.obj, Settings) else None)
            if explanation is None:
                raise
            for line in explanation.lines():
                typer.echo(line, err=True)
            raise typer.Exit(explanation.exit_code) from None
