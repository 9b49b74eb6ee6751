"""Development tooling, not part of the installed package: scoring the extractor on the gold sets
(`make eval`, `python -m evaluation`)."""
