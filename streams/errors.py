"""Errors as data: dead letters and the classification of failures as transient or permanent."""

from __future__ import annotations

from streams.models import DeadLetter

# Dead letters keep the ORIGINAL message bytes as the record value, so `dlq requeue` can send them
# back unchanged; what went wrong travels in headers.
HEADER_PREFIX = "dlq."
_INT_FIELDS = {"partition", "offset"}
_FIELDS = ("stage", "reason", "topic", "partition", "offset", "failed_at", "coder_version")
MAX_REASON_CHARS = 2000


class OperatorError(Exception):
    """A failure the person running a command can fix. The CLI's error boundary (streams/boundary.py)
    prints the message and `check` (what to look at) as two lines and exits with `exit_code`."""

    check = "the command's options (`eventwire COMMAND --help`)"
    exit_code = 1

    def __init__(self, message: str, *, check: str | None = None, exit_code: int | None = None) -> None:
        super().__init__(message)
        if check is not None:
            self.check = check
        if exit_code is not None:
            self.exit_code = exit_code


class InvalidMessage(ValueError):
    """A message that can never be processed as it is (bad JSON, schema violation, too large)."""

    def __init__(self, stage: str, reason: str) -> None:
        super().__init__(reason)
        self.stage = stage
        self.reason = reason


def dead_letter_record(letter: DeadLetter) -> tuple[bytes | None, bytes, list[tuple[str, bytes]]]:
    """(key, value, headers) for the dead-letter topic."""
    headers = []
    for name in _FIELDS:
        value = getattr(letter, name)
        if value is None:
            continue
        text = str(value)
        if name == "reason":
            text = text[:MAX_REASON_CHARS]
        headers.append((HEADER_PREFIX + name, text.encode("utf-8", "replace")))
    return letter.key, letter.original, headers


def parse_dead_letter(key: bytes | None, value: bytes, headers) -> DeadLetter:
    """Inverse of dead_letter_record (headers as a list of pairs or a mapping)."""
    pairs = headers.items() if hasattr(headers, "items") else headers or []
    found: dict[str, str] = {}
    for name, raw in pairs:
        if isinstance(name, bytes):
            name = name.decode("utf-8", "replace")
        if name.startswith(HEADER_PREFIX):
            found[name[len(HEADER_PREFIX):]] = (raw or b"").decode("utf-8", "replace")
    fields: dict[str, object] = {}
    for name in _FIELDS:
        if name in found:
            fields[name] = int(found[name]) if name in _INT_FIELDS else found[name]
    return DeadLetter(
        stage=str(fields.get("stage", "unknown")),
        reason=str(fields.get("reason", "")),
        original=value or b"",
        topic=str(fields.get("topic", "")),
        partition=fields.get("partition"),  # type: ignore[arg-type]
        offset=fields.get("offset"),  # type: ignore[arg-type]
        key=key,
        failed_at=fields.get("failed_at"),  # type: ignore[arg-type]
        coder_version=fields.get("coder_version"),  # type: ignore[arg-type]
    )


def describe_exception(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text[:MAX_REASON_CHARS]


_PERMANENT_KAFKA_ERRORS = ("TooLarge", "Authorization", "Authentication", "Unsupported", "InvalidTopic")


def _kafka_error_types() -> tuple[type[BaseException], ...]:
    from aiokafka.errors import KafkaError as AioKafkaError
    from kafka.errors import KafkaError as PyKafkaError

    return (AioKafkaError, PyKafkaError)


def is_transient_kafka_error(exc: BaseException) -> bool:
    """Broker unavailable, timeouts, leader changes: retry. Size and auth errors never heal."""
    if isinstance(exc, (TimeoutError, ConnectionError)):
        return True
    if any(word in type(exc).__name__ for word in _PERMANENT_KAFKA_ERRORS):
        return False
    return isinstance(exc, _kafka_error_types())
