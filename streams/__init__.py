"""eventwire: articles -> Kafka -> Faust extraction agents -> Elasticsearch."""

__version__ = "0.1.0"
