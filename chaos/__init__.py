"""`make chaos`: fault injection on the real local stack, with exact loss and duplicate figures.

Test tooling, not product: nothing in `streams/` imports it. Each scenario gets topics, aliases
and a consumer group of its own (`harness.Arena`), starts real worker processes, publishes a
verifiable run (`chaos.verify`: every article stamped with a run id and a sequence number) while a
fault is injected, waits for the pipeline to drain, and counts what Elasticsearch holds: articles
sent, indexed, missing, duplicate documents, dead letters, and how long the pipeline took to catch
up after each fault. The suite fails unless every missing and duplicate figure is 0 and no
scenario-specific check failed (for example a dead letter for a transient Elasticsearch outage,
or a worker that died while Elasticsearch was away).

    python -m chaos --short   # a few minutes; also run by tests/integration/test_chaos_short.py
    python -m chaos --full    # every scenario, 10,000 articles for the SIGKILL run

Layout: `profiles` (what each suite runs, and how big), `harness` (arena, figures, progress
watch), `scenarios/` (one module per fault, registered in `scenarios.SCENARIOS`), `hostile`
(the hostile corpus), `fuzz`, `report` (table and JSON), `run` (the suite and its command line).
"""
