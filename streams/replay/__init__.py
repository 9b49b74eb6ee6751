"""Replays of history into a new index version or a topic, resumable from checkpoints."""
