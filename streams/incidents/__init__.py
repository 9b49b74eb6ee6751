"""Incidents: one thing that happened, however many articles report it (see README.md#incidents)."""
