"""Per-language grammar the rules share (as spaCy keeps a language's data under `lang/xx/`): word
lists, clitics and small pure tests of word shape. Rules decide; these modules only recognise."""
