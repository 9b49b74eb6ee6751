"""Kafka-side runtime: topics, the Faust app and its thin agents."""
