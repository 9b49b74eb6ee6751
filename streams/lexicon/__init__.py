"""The trigger lexicon's build step: hand-written entries (lemmas, stems, light-verb phrases and their
constraints) in `streams/dictionaries/events_{ar,en}.jsonl` become every surface form the matcher
looks for, written to `streams/dictionaries/triggers_{ar,en}.jsonl` (committed, versioned data with
its provenance; the extractor and a compiled engine read only those). `eventwire dictionary build`
regenerates them; `eventwire dictionary stats` counts them."""
