"""Standing queries and the alerts they raise (see README.md#alerts)."""
