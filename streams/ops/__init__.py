"""Operating the pipeline: worker processes, health, dead-letter tooling."""
