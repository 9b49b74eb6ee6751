"""Versions stamped on every event: bump CODER_VERSION whenever the output for some input changes."""

from streams.extract.resources import read_dictionary_version

CODER_VERSION = "0.24.0"
DICTIONARY_VERSION = read_dictionary_version()
