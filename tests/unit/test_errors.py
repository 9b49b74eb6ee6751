from streams.errors import dead_letter_record, is_transient_kafka_error, parse_dead_letter
from streams.models import DeadLetter


def test_dead_letter_round_trips_through_kafka_headers_with_exact_original_bytes():
    original = b"\xff\xfe not json \x00"
    letter = DeadLetter(
        stage="decode", reason="not valid UTF-8 JSON", original=original, topic="articles",
        partition=3, offset=41, key=b"k1", failed_at="2026-01-01T00:00:00+00:00", coder_version="0.1.0",
    )
    key, value, headers = dead_letter_record(letter)
    assert value == original and key == b"k1"
    assert parse_dead_letter(key, value, headers) == letter


def test_long_reasons_are_cut_to_a_bounded_header():
    letter = DeadLetter(stage="x", reason="r" * 10_000, original=b"{}", topic="t", partition=0, offset=0)
    _, _, headers = dead_letter_record(letter)
    reason = dict(headers)["dlq.reason"]
    assert 0 < len(reason) <= 2000


def test_kafka_error_classification():
    from aiokafka.errors import KafkaTimeoutError, MessageSizeTooLargeError, NotLeaderForPartitionError

    assert is_transient_kafka_error(KafkaTimeoutError())
    assert is_transient_kafka_error(NotLeaderForPartitionError())
    assert is_transient_kafka_error(ConnectionError())
    assert not is_transient_kafka_error(MessageSizeTooLargeError())
    assert not is_transient_kafka_error(ValueError("bug"))
