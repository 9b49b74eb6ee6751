//! eventwire's compiled extraction front end (`streams._engine`): the matching form with its offset
//! map, sentences, and the dictionary scan with Arabic clitic and word-boundary checks, in one call
//! per article that runs without the GIL; the entity stage's selection over the matches
//! (`Entities`, entities.rs); and the realised-event filter's scoring (`Realis`, realis.rs), each
//! also one call per article.
//!
//! The tables come from the package's data (streams/dictionaries/script.json and the patterns that
//! streams/extract/resources.py collects; streams/dictionaries/realis/ as realis.py loads it); the
//! Python stages consume the plain records returned here.

mod chars;
mod entities;
mod lexicon;
mod minhash;
mod normalize;
mod realis;
mod sentences;

use std::collections::{HashMap, HashSet};
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use pyo3::exceptions::PyValueError;
use pyo3::prelude::*;
use pyo3::exceptions::PyIndexError;
use pyo3::types::{PyBytes, PyDict, PyList, PySet, PyString, PyTuple, PyType};

use lexicon::{Case, Grammar, Hit, Key, KeyScript, Lexicon as Scanner, ParticleEntry, Spec};
use normalize::{Normalized, Script as Normalizer};
use sentences::SentenceRules;

static DETACHED_NS: AtomicU64 = AtomicU64::new(0);
static DETACHED_CALLS: AtomicU64 = AtomicU64::new(0);

/// CPU time of the calling thread, in nanoseconds (not wall time: a busy machine does not inflate it).
fn thread_cpu_ns() -> u64 {
    let mut ts = libc::timespec { tv_sec: 0, tv_nsec: 0 };
    // SAFETY: clock_gettime writes one timespec; CLOCK_THREAD_CPUTIME_ID exists on Linux.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut ts) };
    ts.tv_sec as u64 * 1_000_000_000 + ts.tv_nsec as u64
}

/// Run `work` without the GIL, counting the CPU time spent so (`detached_seconds`).
fn detached<T: Send>(py: Python<'_>, work: impl FnOnce() -> T + Send) -> T {
    py.detach(|| {
        let started = thread_cpu_ns();
        let out = work();
        DETACHED_NS.fetch_add(thread_cpu_ns().saturating_sub(started), Ordering::Relaxed);
        DETACHED_CALLS.fetch_add(1, Ordering::Relaxed);
        out
    })
}

/// CPU seconds this process's threads have spent in the engine without the GIL, and how many calls.
#[pyfunction]
fn detached_seconds() -> (f64, u64) {
    (DETACHED_NS.load(Ordering::Relaxed) as f64 / 1e9, DETACHED_CALLS.load(Ordering::Relaxed))
}

struct Tables {
    normalizer: Normalizer,
    sentences: SentenceRules,
    proclitics: HashMap<String, Vec<Vec<u32>>>,
    verb_kinds: Vec<String>,
    suffixes: HashMap<String, Vec<Vec<u32>>>,
    particles: Vec<Vec<u32>>,
    particle_proclitics: Vec<Vec<u32>>,
}

fn hex(value: &Bound<'_, PyAny>) -> PyResult<u32> {
    let s: String = value.extract()?;
    u32::from_str_radix(&s, 16).map_err(|e| PyValueError::new_err(format!("not a hexadecimal code point {s:?}: {e}")))
}

fn cps(s: &str) -> Vec<u32> {
    s.chars().map(|c| c as u32).collect()
}

/// A list of [a, b] pairs of one-character strings.
fn char_pairs(value: &Bound<'_, PyAny>, what: &str) -> PyResult<Vec<(u32, u32)>> {
    let mut out = Vec::new();
    for pair in value.extract::<Vec<Vec<String>>>()? {
        if pair.len() != 2 {
            return Err(PyValueError::new_err(format!("{what}: {pair:?} is not a pair")));
        }
        out.push((one_char(&pair[0], what)?, one_char(&pair[1], what)?));
    }
    Ok(out)
}

fn one_char(s: &str, what: &str) -> PyResult<u32> {
    let v = cps(s);
    if v.len() != 1 {
        return Err(PyValueError::new_err(format!("{what}: {s:?} is not one character")));
    }
    Ok(v[0])
}

fn strings(value: &Bound<'_, PyAny>) -> PyResult<Vec<Vec<u32>>> {
    Ok(value.extract::<Vec<String>>()?.iter().map(|s| cps(s)).collect())
}

fn get<'py>(d: &Bound<'py, PyDict>, name: &str) -> PyResult<Bound<'py, PyAny>> {
    d.get_item(name)?.ok_or_else(|| PyValueError::new_err(format!("script tables: missing {name:?}")))
}

/// The script tables (streams/dictionaries/script.json, as parsed JSON): normalization and
/// sentences; the Arabic word grammar for a `Lexicon`.
#[pyclass(frozen, module = "streams._engine")]
struct Script {
    tables: Arc<Tables>,
}

impl Script {
    /// Code points of `text` with every property the engine will test looked up.
    fn prepare(&self, text: &Bound<'_, PyString>) -> PyResult<Vec<u32>> {
        let py = text.py();
        let cps = chars::code_points(text)?;
        let unknown = self.tables.normalizer.unknown(&cps);
        if !unknown.is_empty() {
            chars::ensure(py, unknown.iter().copied())?;
            chars::ensure(py, unknown.iter().map(|&c| chars::lower_of(c)).chain([chars::FINAL_SIGMA]))?;
        }
        Ok(cps)
    }
}

#[pymethods]
impl Script {
    #[new]
    fn new(py: Python<'_>, config: &Bound<'_, PyDict>) -> PyResult<Self> {
        let fold: HashMap<u32, u32> = char_pairs(&get(config, "fold")?, "fold")?.into_iter().collect();
        let mut dropped = Vec::new();
        for range in get(config, "dropped")?.cast_into::<PyList>()?.iter() {
            dropped.push((hex(&range.get_item(0)?)?, hex(&range.get_item(1)?)?));
        }
        let letters = get(config, "arabic_letters")?;
        let letters = (hex(&letters.get_item(0)?)?, hex(&letters.get_item(1)?)?);
        let s = get(config, "sentences")?.cast_into::<PyDict>()?;
        let letter_variants = char_pairs(&get(&s, "letter_variants")?, "letter_variants")?;
        let sentences = SentenceRules {
            ends: cps(&get(&s, "ends")?.extract::<String>()?),
            closers: cps(&get(&s, "closers")?.extract::<String>()?),
            abbreviations: strings(&get(&s, "abbreviations")?)?,
            letter_variants,
            max_chars: get(&s, "max_chars")?.extract()?,
        };
        let mut proclitics = HashMap::new();
        for (name, forms) in get(config, "proclitics")?.cast_into::<PyDict>()?.iter() {
            proclitics.insert(name.extract::<String>()?, strings(&forms)?);
        }
        let mut suffixes = HashMap::new();
        for (name, forms) in get(config, "suffixes")?.cast_into::<PyDict>()?.iter() {
            suffixes.insert(name.extract::<String>()?, strings(&forms)?);
        }
        let tables = Tables {
            normalizer: Normalizer::new(fold, dropped, letters),
            sentences,
            proclitics,
            verb_kinds: get(config, "verb_kinds")?.extract()?,
            suffixes,
            particles: strings(&get(config, "particles")?)?,
            particle_proclitics: strings(&get(config, "particle_proclitics")?)?,
        };
        for name in ["plain", "article_stem", "verb", "noun"] {
            if !tables.proclitics.contains_key(name) {
                return Err(PyValueError::new_err(format!("script tables: proclitics lack {name:?}")));
            }
        }
        // The characters every text meets (ASCII, the Arabic block) up front; others on first sight.
        chars::ensure(py, (0u32..0x80).chain(0x0600..0x0700))?;
        Ok(Script { tables: Arc::new(tables) })
    }

    /// (matching form, breaks, shifts): see streams/extract/normalize.py `Normalized`.
    fn normalize<'py>(&self, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyTuple>> {
        let py = text.py();
        let cps = self.prepare(text)?;
        let tables = self.tables.clone();
        let norm = detached(py, move || tables.normalizer.normalize(&cps));
        normalized_tuple(py, &norm)
    }

    /// The matching form of a dictionary entry or a short string (no offsets, stripped).
    fn matching_form<'py>(&self, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyString>> {
        let cps = self.prepare(text)?;
        chars::string_from(text.py(), &self.tables.normalizer.matching_form(&cps))
    }

    /// Sentence spans (start, end) of a text in the matching form.
    fn split_sentences<'py>(&self, text: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyList>> {
        let py = text.py();
        let cps = self.prepare(text)?;
        let tables = self.tables.clone();
        let spans = detached(py, move || tables.sentences.split(&cps));
        PyList::new(py, spans)
    }
}

fn normalized_tuple<'py>(py: Python<'py>, norm: &Normalized) -> PyResult<Bound<'py, PyTuple>> {
    let text = chars::string_from(py, &norm.text)?;
    let breaks = PyTuple::new(py, &norm.breaks)?;
    let shifts = PyTuple::new(py, &norm.shifts)?;
    PyTuple::new(py, [text.into_any(), breaks.into_any(), shifts.into_any()])
}

/// Every dictionary key with its entries, compiled into one automaton.
///
/// `patterns`: (key in the matching form, [(kind, entry, script, stem, article, case), ...]) with
/// script "ar"/"en", case ""/"title"/"upper" (streams/extract/resources.py `PatternEntry`).
/// `match_type`: the NamedTuple class the hits are returned as,
/// (kind, start, end, entry, key, prefix, word_start).
#[pyclass(frozen, module = "streams._engine")]
struct Lexicon {
    tables: Arc<Tables>,
    scanner: Arc<Scanner>,
    keys: Vec<Py<PyString>>,
    payloads: Vec<(Py<PyAny>, Py<PyAny>)>,
    prefixes: Vec<Py<PyString>>,
    match_type: Py<PyType>,
}

struct Reading {
    kind: String,
    arabic: bool,
    stem: bool,
    article: bool,
    case: String,
    payload: usize,
}

#[pymethods]
impl Lexicon {
    #[new]
    fn new(
        py: Python<'_>,
        script: &Bound<'_, Script>,
        patterns: &Bound<'_, PyList>,
        match_type: &Bound<'_, PyType>,
    ) -> PyResult<Self> {
        let tables = script.get().tables.clone();
        let normalizer = &tables.normalizer;
        // Proclitic and suffix sets as bit masks over the lists of every proclitic and suffix.
        let named = ["plain", "article_stem", "verb", "noun"];
        let mut proclitics: Vec<Vec<u32>> = vec![Vec::new()];
        for p in named.iter().flat_map(|name| &tables.proclitics[*name]).chain(&tables.particle_proclitics) {
            if !proclitics.contains(p) {
                proclitics.push(p.clone());
            }
        }
        let mut suffixes: Vec<Vec<u32>> = vec![Vec::new()];
        for s in tables.suffixes.values().flatten() {
            if !suffixes.contains(s) {
                suffixes.push(s.clone());
            }
        }
        if proclitics.len() > 64 || suffixes.len() > 64 {
            return Err(PyValueError::new_err("script tables: more than 64 proclitics or suffixes"));
        }
        let pack = |all: &[Vec<u32>]| -> PyResult<Vec<u64>> {
            all.iter()
                .map(|x| lexicon::packed(x).ok_or_else(|| PyValueError::new_err("script tables: a proclitic or suffix of more than 4 letters")))
                .collect()
        };
        let packed_proclitics = pack(&proclitics)?;
        let packed_suffixes = pack(&suffixes)?;
        let mask = |all: &[Vec<u32>], set: &[Vec<u32>]| -> u64 {
            set.iter().map(|x| 1u64 << all.iter().position(|y| y == x).unwrap()).fold(0, |a, b| a | b)
        };
        let mut prefix_sets = vec![u64::MAX];
        let mut set_of = HashMap::new();
        for name in named {
            set_of.insert(name, prefix_sets.len());
            prefix_sets.push(mask(&proclitics, &tables.proclitics[name]));
        }
        let mut suffix_sets: Vec<u64> = vec![1]; // 0: no suffix
        let mut suffix_of: HashMap<String, usize> = HashMap::new();
        for (kind, forms) in &tables.suffixes {
            suffix_of.insert(kind.clone(), suffix_sets.len());
            suffix_sets.push(mask(&suffixes, forms));
        }

        let mut key_strings: Vec<Py<PyString>> = Vec::new();
        let mut payloads: Vec<(Py<PyAny>, Py<PyAny>)> = Vec::new();
        let mut automaton_patterns: Vec<String> = Vec::new();
        let mut keys: Vec<Key> = Vec::new();
        let mut particles: Vec<(usize, Vec<ParticleEntry>)> = Vec::new();
        let mut particle_of: HashMap<Vec<u32>, usize> = HashMap::new();
        for item in patterns.iter() {
            let (key, entries): (Bound<'_, PyString>, Bound<'_, PyList>) = item.extract()?;
            let key_cps = chars::code_points(&key)?;
            if key_cps.is_empty() {
                continue;
            }
            let arabic = normalizer.is_letter(key_cps[0]);
            let mut readings = Vec::new();
            for e in entries.iter() {
                let (kind, entry, entry_script, stem, article, case): (Bound<'_, PyAny>, Bound<'_, PyAny>, String, bool, bool, String) =
                    e.extract()?;
                if (entry_script == "ar") != arabic {
                    continue; // an entry is matched in its own script only
                }
                let kind_name: String = kind.extract()?;
                payloads.push((kind.unbind(), entry.unbind()));
                readings.push(Reading { kind: kind_name, arabic, stem, article, case, payload: payloads.len() - 1 });
            }
            if readings.is_empty() {
                continue;
            }
            let key_index = key_strings.len();
            key_strings.push(key.clone().unbind());
            if arabic && tables.particles.contains(&key_cps) {
                let entries = readings
                    .iter()
                    .map(|r| ParticleEntry { payload: r.payload, verb: tables.verb_kinds.contains(&r.kind) })
                    .collect();
                particle_of.insert(key_cps.clone(), particles.len());
                particles.push((key_index, entries));
                continue;
            }
            let ends_in_ha = key_cps.last() == Some(&0x0647);
            let mut specs = Vec::new();
            for r in &readings {
                if !r.arabic {
                    let case = match r.case.as_str() {
                        "" => Case::Any,
                        "title" => Case::Title,
                        "upper" => Case::Upper,
                        other => return Err(PyValueError::new_err(format!("unknown case rule {other:?}"))),
                    };
                    specs.push(Spec { prefixes: 0, verb: false, suffixes: 0, case, payload: r.payload });
                    continue;
                }
                let verb = !r.stem && !r.article && tables.verb_kinds.contains(&r.kind);
                let prefixes = set_of[if r.stem {
                    "article_stem"
                } else if r.article {
                    "noun"
                } else if verb {
                    "verb"
                } else {
                    "plain"
                }];
                // A noun ending in ta marbuta takes its suffixes after «ت» («مطالبتها»): «مطالبها» is
                // another word.
                let suffixes = if r.article && ends_in_ha { 0 } else { suffix_of.get(&r.kind).copied().unwrap_or(0) };
                specs.push(Spec { prefixes, verb, suffixes, case: Case::Any, payload: r.payload });
            }
            let script_kind = if !arabic {
                KeyScript::English
            } else {
                let last_is_letter = normalizer.is_letter(*key_cps.last().unwrap());
                let all_letters = key_cps.iter().all(|&c| normalizer.is_letter(c));
                if (key_cps.contains(&(' ' as u32)) && last_is_letter) || all_letters {
                    KeyScript::ArabicSuffix
                } else {
                    KeyScript::ArabicNoSuffix
                }
            };
            let key_str: String = key.extract().map_err(|_| PyValueError::new_err("a key is not valid Unicode"))?;
            automaton_patterns.push(key_str);
            keys.push(Key { len: key_cps.len(), script: script_kind, specs, index: key_index });
        }
        // Whole words a particle can be: the particle, or a proclitic and the particle.
        let mut particle_words = HashMap::new();
        for p in &tables.particles {
            let Some(&index) = particle_of.get(p) else { continue };
            for c in &tables.particle_proclitics {
                let mut word = c.clone();
                word.extend_from_slice(p);
                particle_words.entry(word).or_insert((c.len(), index));
            }
        }
        let grammar = Grammar {
            plain: set_of["plain"],
            verb: set_of["verb"],
            longest_proclitic: proclitics.iter().map(Vec::len).max().unwrap_or(0),
            packed_proclitics,
            packed_suffixes,
            proclitics,
            prefix_sets,
            suffix_sets,
            particle_words,
            particles,
        };
        let prefixes = grammar
            .proclitics
            .iter()
            .map(|p| chars::string_from(py, p).map(Bound::unbind))
            .collect::<PyResult<Vec<_>>>()?;
        let scanner = py
            .detach(move || Scanner::new(automaton_patterns, keys, grammar))
            .map_err(PyValueError::new_err)?;
        Ok(Lexicon {
            tables,
            scanner: Arc::new(scanner),
            keys: key_strings,
            payloads,
            prefixes,
            match_type: match_type.clone().unbind(),
        })
    }

    fn __len__(&self) -> usize {
        self.scanner.len()
    }

    /// Bytes the automaton takes.
    fn memory_usage(&self) -> usize {
        self.scanner.memory_usage()
    }

    /// One article's front end: (matching form, breaks, shifts, sentence spans, matches) for its
    /// cleaned text, computed without the GIL.
    fn frontend<'py>(&self, cleaned: &Bound<'py, PyString>) -> PyResult<Bound<'py, PyTuple>> {
        let py = cleaned.py();
        let script = Script { tables: self.tables.clone() };
        let original = script.prepare(cleaned)?;
        let tables = self.tables.clone();
        let scanner = self.scanner.clone();
        let (norm, spans, hits) = detached(py, move || {
            let norm = tables.normalizer.normalize(&original);
            let spans = tables.sentences.split(&norm.text);
            let hits = scanner.scan(&tables.normalizer, &norm, &original);
            (norm, spans, hits)
        });
        let head = normalized_tuple(py, &norm)?;
        let spans = PyList::new(py, spans)?;
        let hits = self.hits(py, &hits)?;
        PyTuple::new(py, [head.get_item(0)?, head.get_item(1)?, head.get_item(2)?, spans.into_any(), hits.into_any()])
    }

    /// The matches of `text` (a matching form whose map back is `breaks`/`shifts`) in `original`.
    fn scan<'py>(
        &self,
        text: &Bound<'py, PyString>,
        breaks: Vec<usize>,
        shifts: Vec<usize>,
        original: &Bound<'py, PyString>,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = text.py();
        let script = Script { tables: self.tables.clone() };
        let norm = Normalized { text: script.prepare(text)?, breaks, shifts };
        let original = script.prepare(original)?;
        let tables = self.tables.clone();
        let scanner = self.scanner.clone();
        let hits = detached(py, move || scanner.scan(&tables.normalizer, &norm, &original));
        self.hits(py, &hits)
    }
}

impl Lexicon {
    fn hits<'py>(&self, py: Python<'py>, hits: &[Hit]) -> PyResult<Bound<'py, PyList>> {
        let list = PyList::empty(py);
        let match_type = self.match_type.bind(py);
        for h in hits {
            let (kind, entry) = &self.payloads[h.payload];
            let fields: [Bound<'py, PyAny>; 7] = [
                kind.bind(py).clone(),
                h.start.into_pyobject(py)?.into_any(),
                h.end.into_pyobject(py)?.into_any(),
                entry.bind(py).clone(),
                self.keys[h.key].bind(py).clone().into_any(),
                self.prefixes[h.prefix].bind(py).clone().into_any(),
                h.word_start.into_pyobject(py)?.into_any(),
            ];
            list.append(new_tuple_of(match_type, fields)?)?;
        }
        Ok(list)
    }
}

/// An instance of a tuple subclass (a NamedTuple) holding `fields`, as `tuple.__new__(cls, fields)`
/// makes it, without a Python-level call.
fn new_tuple_of<'py, const N: usize>(cls: &Bound<'py, PyType>, fields: [Bound<'py, PyAny>; N]) -> PyResult<Bound<'py, PyAny>> {
    let py = cls.py();
    // SAFETY: `cls` is a subclass of tuple (checked at construction); tp_alloc gives a tuple of N
    // empty slots, each filled once with a new reference, as tuple_subtype_new does.
    unsafe {
        let tp = cls.as_type_ptr();
        let alloc = (*tp).tp_alloc.unwrap_or(pyo3::ffi::PyType_GenericAlloc);
        let obj = alloc(tp, N as pyo3::ffi::Py_ssize_t);
        if obj.is_null() {
            return Err(PyErr::fetch(py));
        }
        for (i, field) in fields.into_iter().enumerate() {
            pyo3::ffi::PyTuple_SET_ITEM(obj, i as pyo3::ffi::Py_ssize_t, field.into_ptr());
        }
        Ok(Bound::from_owned_ptr(py, obj))
    }
}

/// The entity stage's selection over one article's matches (entities.rs; streams/extract/entities.py
/// `load_core` gathers its tables).
///
/// `priorities`: the entity kinds, highest first; `actor_countries`: each actor entry's country;
/// `places`: each gazetteer entry's (country, population, capital_of, lowercased name);
/// `object_with_bi`: per trigger entry, whether its root takes its object with «ب»; `capital_words`:
/// the words for "the capital"; `own_name_bonus`: the score a place gets where the key is its own
/// English name.
#[pyclass(frozen, module = "streams._engine")]
struct Entities {
    tables: Arc<entities::Tables>,
    // What the rules read of each dictionary entry a match points to (its reference as a table index
    // or a country code, whether it is Arabic), by the entry object's address; the entry is held, so
    // the address is not reused. Per process: an article has hundreds of matches.
    memo: Mutex<HashMap<usize, (Py<PyAny>, EntryInfo), std::hash::BuildHasherDefault<AddressHasher>>>,
}

struct EntryInfo {
    index: Option<usize>,
    code: Option<String>,
    arabic: bool,
}

const ENTRY_MEMO_LIMIT: usize = 500_000;

/// A hasher for object addresses: their low bits are zero (alignment) and their high bits alike, so
/// the address is folded and multiplied, and the product's high half folded into the low bits the
/// table indexes by.
#[derive(Default)]
struct AddressHasher(u64);

impl std::hash::Hasher for AddressHasher {
    fn finish(&self) -> u64 {
        self.0 ^ (self.0 >> 32)
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0.rotate_left(8) ^ b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_usize(&mut self, n: usize) {
        let n = n as u64;
        self.0 = (n ^ (n >> 29)).wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

#[pymethods]
impl Entities {
    #[new]
    fn new(
        priorities: Vec<String>,
        actor_countries: Vec<Option<String>>,
        places: Vec<(Option<String>, i64, Option<String>, String)>,
        object_with_bi: Vec<bool>,
        capital_words: Vec<String>,
        own_name_bonus: f64,
    ) -> Self {
        let places = places
            .into_iter()
            .map(|(country, population, capital_of, lower_name)| entities::Place { country, population, capital_of, lower_name })
            .collect();
        let capital_words = capital_words.iter().map(|w| cps(w)).collect();
        Entities {
            tables: Arc::new(entities::Tables { priorities, actor_countries, places, object_with_bi, capital_words, own_name_bonus }),
            memo: Mutex::new(HashMap::default()),
        }
    }

    /// For the matching form `text` and its matches `hits` (`matching.Match`, in scan order):
    /// (entity matches, the article's countries (a set), {place key: chosen place index}, the ends
    /// of the Arabic verbs that take their object with «ب» (a set), every match by start (a tuple),
    /// their starts, {kind: (its matches by start, their starts)} with the kinds in order).
    fn select<'py>(&self, text: &Bound<'py, PyString>, hits: &Bound<'py, PyAny>) -> PyResult<Bound<'py, PyTuple>> {
        let py = text.py();
        let cps = chars::code_points(text)?;
        chars::ensure(py, cps.iter().copied())?;
        let mut objects: Vec<Bound<'py, PyAny>> = Vec::new();
        let mut rows: Vec<entities::Hit> = Vec::new();
        let mut kind_names: Vec<String> = Vec::new();
        let mut kind_objects: Vec<Bound<'py, PyAny>> = Vec::new();
        let mut key_objects: Vec<Bound<'py, PyAny>> = Vec::new();
        let mut key_of: HashMap<String, usize> = HashMap::new();
        let mut kind_pointers: Vec<(usize, usize, entities::Kind, Option<usize>)> = Vec::new();
        let mut memo = self.memo.lock().map_err(|_| PyValueError::new_err("entities: entry memo poisoned"))?;
        if memo.len() > ENTRY_MEMO_LIMIT {
            memo.clear();
        }
        for hit in hits.try_iter()? {
            let hit = hit?;
            let fields = hit.cast::<PyTuple>()?;
            let kind_obj = fields.get_borrowed_item(0)?;
            let pointer = kind_obj.as_ptr() as usize;
            let (kind_name, kind, priority) = match kind_pointers.iter().find(|k| k.0 == pointer) {
                Some(&(_, name, kind, priority)) => (name, kind, priority),
                None => {
                    let kind_py = kind_obj.cast::<PyString>()?;
                    let kind_str = kind_py.to_str()?;
                    let name = match kind_names.iter().position(|k| k == kind_str) {
                        Some(k) => k,
                        None => {
                            kind_names.push(kind_str.to_owned());
                            kind_objects.push(kind_obj.to_owned());
                            kind_names.len() - 1
                        }
                    };
                    let kind = entities::Kind::of(kind_str);
                    let priority = self.tables.priorities.iter().position(|k| k == kind_str);
                    kind_pointers.push((pointer, name, kind, priority));
                    (name, kind, priority)
                }
            };
            let start: usize = fields.get_borrowed_item(1)?.extract()?;
            let end: usize = fields.get_borrowed_item(2)?.extract()?;
            let word_start: usize = fields.get_borrowed_item(6)?.extract()?;
            let mut row = entities::Hit { kind, kind_name, priority, start, end, word_start, index: 0, code: String::new(), key: 0, arabic: false };
            if kind.indexed() || kind.names_country() {
                let entry = fields.get_borrowed_item(3)?;
                let address = entry.as_ptr() as usize;
                if !memo.contains_key(&address) {
                    let reference = entry.getattr(pyo3::intern!(py, "ref"))?;
                    let script = entry.getattr(pyo3::intern!(py, "script"))?;
                    let info = EntryInfo {
                        index: reference.extract().ok(),
                        code: reference.extract().ok(),
                        arabic: script.cast::<PyString>().is_ok_and(|s| s.to_str().is_ok_and(|s| s == "ar")),
                    };
                    memo.insert(address, (entry.to_owned().unbind(), info));
                }
                let info = &memo[&address].1;
                if kind.names_country() {
                    row.code = info.code.clone().ok_or_else(|| PyValueError::new_err("entities: a country match whose entry has no code"))?;
                } else {
                    row.index = info.index.ok_or_else(|| PyValueError::new_err("entities: a match whose entry has no table index"))?;
                }
                row.arabic = info.arabic;
                if matches!(kind, entities::Kind::Place | entities::Kind::Region) {
                    let key_obj = fields.get_borrowed_item(4)?;
                    let key_py = key_obj.cast::<PyString>()?;
                    let key = key_py.to_str()?;
                    row.key = match key_of.get(key) {
                        Some(&k) => k,
                        None => {
                            key_of.insert(key.to_owned(), key_objects.len());
                            key_objects.push(key_obj.to_owned());
                            key_objects.len() - 1
                        }
                    };
                }
            }
            rows.push(row);
            objects.push(hit);
        }
        drop(memo);
        let tables = self.tables.clone();
        let starts: Vec<usize> = rows.iter().map(|r| r.start).collect();
        let key_names: Vec<String> = {
            let mut v = vec![String::new(); key_of.len()];
            for (k, &i) in &key_of {
                v[i] = k.clone();
            }
            v
        };
        let selection = detached(py, move || tables.select(&cps, &rows, &kind_names, &key_names))
            .map_err(|entities::Error::Index(table, i)| PyIndexError::new_err(format!("entities: no {table} entry {i}")))?;
        let chosen = PyList::new(py, selection.entities.iter().map(|&i| &objects[i]))?;
        let countries = PySet::new(py, &selection.article_countries)?;
        let place_choice = PyDict::new(py);
        for &(key, place) in &selection.place_choice {
            place_choice.set_item(&key_objects[key], place)?;
        }
        let trigger_ends = PySet::new(py, &selection.trigger_ends)?;
        let ordered = PyTuple::new(py, selection.order.iter().map(|&i| &objects[i]))?;
        let ordered_starts = PyTuple::new(py, selection.order.iter().map(|&i| starts[i]))?;
        let index = PyDict::new(py);
        for (kind, members) in &selection.groups {
            let items = PyTuple::new(py, members.iter().map(|&i| &objects[i]))?;
            let item_starts = PyTuple::new(py, members.iter().map(|&i| starts[i]))?;
            index.set_item(&kind_objects[*kind], (items, item_starts))?;
        }
        PyTuple::new(
            py,
            [
                chosen.into_any(),
                countries.into_any(),
                place_choice.into_any(),
                trigger_ends.into_any(),
                ordered.into_any(),
                ordered_starts.into_any(),
                index.into_any(),
            ],
        )
    }
}

/// The realised-event filter's model (streams/extract/realis.py `load_model` gathers its data):
/// features, scores, the foil verb and the decision for one article's candidates per call.
///
/// `tables`: mask, bias (4 floats), weights ({index: 4 floats}), drop_threshold, verbal_threshold,
/// drop_requires and drop_requires_anywhere (class names), single ({token: class names}), multi
/// ({first token: [(tokens, class)]}), proclitics (longest first), foil (tokens), foil_multi
/// ({first token: [tokens]}), patterns ([(compiled regular expression, class)]: whole-token classes).
#[pyclass(frozen, module = "streams._engine")]
struct Realis {
    model: Arc<realis::Model>,
    patterns: Vec<(Py<PyAny>, usize)>,
    // What depends on a token alone (its variants, classes, n-grams), per process: news repeats its
    // words, and a token's pattern classes need the interpreter.
    memo: Mutex<HashMap<String, Arc<realis::TokenInfo>>>,
}

const TOKEN_MEMO_LIMIT: usize = 200_000;

/// (sentence, sentence start, sentence end, trigger start, trigger end, clause start, foil?, score?)
type Request = (usize, usize, usize, usize, usize, usize, bool, bool);

#[pymethods]
impl Realis {
    #[new]
    fn new(tables: &Bound<'_, PyDict>) -> PyResult<Self> {
        let item = |name: &str| -> PyResult<Bound<'_, PyAny>> {
            tables.get_item(name)?.ok_or_else(|| PyValueError::new_err(format!("realis tables: missing {name:?}")))
        };
        let mut class_names: Vec<String> = Vec::new();
        let class_of = |name: String, names: &mut Vec<String>| -> PyResult<usize> {
            if let Some(k) = names.iter().position(|n| *n == name) {
                return Ok(k);
            }
            if names.len() == realis::MAX_CLASSES {
                return Err(PyValueError::new_err(format!("realis tables: more than {} word classes", realis::MAX_CLASSES)));
            }
            names.push(name);
            Ok(names.len() - 1)
        };
        let set_of = |names: Vec<String>, all: &mut Vec<String>| -> PyResult<realis::Classes> {
            let mut bits = 0;
            for n in names {
                bits |= 1u128 << class_of(n, all)?;
            }
            Ok(bits)
        };
        let bias: Vec<f64> = item("bias")?.extract()?;
        let bias: [f64; 4] = bias.try_into().map_err(|_| PyValueError::new_err("realis tables: bias is not 4 floats"))?;
        let mask: u64 = item("mask")?.extract()?;
        if mask >= 1 << 32 || (mask + 1) & mask != 0 {
            return Err(PyValueError::new_err(format!("realis tables: mask {mask} is not a power of two less one, below 2^32")));
        }
        let mut rows = Vec::new();
        for (index, row) in item("weights")?.cast_into::<PyDict>()?.iter() {
            let row: (f64, f64, f64, f64) = row.extract()?;
            rows.push((index.extract::<u64>()?, [row.0, row.1, row.2, row.3]));
        }
        let weights = realis::Weights::new(mask, rows);
        let drop_requires_list: Vec<String> = item("drop_requires")?.extract()?;
        let drop_requires_given = !drop_requires_list.is_empty();
        let drop_requires = set_of(drop_requires_list, &mut class_names)?;
        let drop_requires_anywhere = set_of(item("drop_requires_anywhere")?.extract()?, &mut class_names)?;
        let joint = set_of(vec!["joint".to_string()], &mut class_names)?;
        let mut single = HashMap::new();
        for (token, classes) in item("single")?.cast_into::<PyDict>()?.iter() {
            single.insert(token.extract::<String>()?, set_of(classes.extract()?, &mut class_names)?);
        }
        let mut multi: HashMap<String, Vec<(Vec<String>, usize)>> = HashMap::new();
        for (token, runs) in item("multi")?.cast_into::<PyDict>()?.iter() {
            let runs: Vec<(Vec<String>, String)> = runs.extract()?;
            let mut out = Vec::new();
            for (run, cls) in runs {
                out.push((run, class_of(cls, &mut class_names)?));
            }
            multi.insert(token.extract::<String>()?, out);
        }
        let mut foil_multi = HashMap::new();
        for (token, runs) in item("foil_multi")?.cast_into::<PyDict>()?.iter() {
            foil_multi.insert(token.extract::<String>()?, runs.extract::<Vec<Vec<String>>>()?);
        }
        let mut patterns = Vec::new();
        for pair in item("patterns")?.try_iter()? {
            let (rx, cls): (Bound<'_, PyAny>, String) = pair?.extract()?;
            patterns.push((rx.getattr("match")?.unbind(), class_of(cls, &mut class_names)?));
        }
        let model = realis::Model {
            mask,
            bias,
            weights,
            drop_threshold: item("drop_threshold")?.extract()?,
            verbal_threshold: item("verbal_threshold")?.extract()?,
            drop_requires,
            drop_requires_given,
            drop_requires_anywhere,
            joint,
            class_names,
            single,
            multi,
            proclitics: item("proclitics")?.extract()?,
            foil: item("foil")?.extract::<Vec<String>>()?.into_iter().collect(),
            foil_multi,
        };
        Ok(Realis { model: Arc::new(model), patterns, memo: Mutex::new(HashMap::new()) })
    }

    /// For each request (sentence, its start and end, trigger start and end, clause start, whether to
    /// look for a foil verb, whether to score): (foil verb or None, where its first word starts,
    /// label index or None, probabilities or None). A request is scored only when no foil verb was
    /// found. `article`: see `article_inputs` in streams/extract/realis.py.
    fn classify<'py>(&self, article: &Bound<'py, PyTuple>, requests: Vec<Request>) -> PyResult<Bound<'py, PyList>> {
        let py = article.py();
        let article = self.article(article)?;
        let sentences: Vec<(usize, usize, usize)> = requests.iter().map(|r| (r.0, r.1, r.2)).collect();
        // The tokens while the GIL is held: a token not seen before needs the interpreter for its
        // pattern classes, and taking the GIL back inside `detached` could wait for another thread's
        // switch interval (and would count the interpreter's time, garbage collections included, as
        // time without the GIL).
        let tokens = self.tokens(&article, &sentences)?;
        let model = self.model.clone();
        let results = detached(py, move || -> PyResult<_> {
            let mut views: HashMap<usize, (realis::View, Vec<u64>)> = HashMap::new();
            let mut out = Vec::with_capacity(requests.len());
            for (r, toks) in requests.iter().zip(tokens) {
                let &(sentence, start, end, trigger_start, trigger_end, clause_start, want_foil, want_score) = r;
                let (view, sentence_indices) = views.entry(sentence).or_insert_with(|| {
                    let (tokens, starts) = toks.expect("tokens of each requested sentence");
                    let view = model.view(sentence, start, end, tokens, starts);
                    let mut sink = realis::Hashes { mask: model.mask, indices: Vec::new() };
                    model.sentence_features(&article, &view, &mut sink);
                    (view, sink.indices)
                });
                let foil = if want_foil { model.foiled_by(view, trigger_start, clause_start) } else { None };
                let mut scored = None;
                if want_score && foil.is_none() {
                    let mut sink = realis::Hashes { mask: model.mask, indices: sentence_indices.clone() };
                    let near = model.local_features(&article, view, trigger_start, trigger_end, &mut sink);
                    let probs = model.probabilities(&mut sink.indices);
                    scored = Some((model.decide(&probs, near, view.found), probs));
                }
                out.push((foil, scored));
            }
            Ok(out)
        })?;
        let list = PyList::empty(py);
        for (foil, scored) in results {
            let (foil, at) = match foil {
                Some((f, at)) => (Some(f), at),
                None => (None, 0),
            };
            let (label, probs) = match scored {
                Some((label, p)) => (Some(label), Some((p[0], p[1], p[2], p[3]))),
                None => (None, None),
            };
            list.append((foil, at, label, probs))?;
        }
        Ok(list)
    }

    /// For each request (sentence, its start and end, trigger start and end): the trigger's feature
    /// strings (the sentence's, then its own, in the order they are produced), their distinct indices
    /// in order, and the guard classes `decide` reads (those near the trigger and those of
    /// drop_requires_anywhere in the sentence). For training and tests: the same functions as
    /// `classify`.
    fn features<'py>(
        &self,
        article: &Bound<'py, PyTuple>,
        requests: Vec<(usize, usize, usize, usize, usize)>,
    ) -> PyResult<Bound<'py, PyList>> {
        let py = article.py();
        let article = self.article(article)?;
        let sentences: Vec<(usize, usize, usize)> = requests.iter().map(|r| (r.0, r.1, r.2)).collect();
        let tokens = self.tokens(&article, &sentences)?;
        let model = &self.model;
        let mut views: HashMap<usize, realis::View> = HashMap::new();
        let list = PyList::empty(py);
        for (&(sentence, start, end, trigger_start, trigger_end), toks) in requests.iter().zip(tokens) {
            let view = views.entry(sentence).or_insert_with(|| {
                let (tokens, starts) = toks.expect("tokens of each requested sentence");
                model.view(sentence, start, end, tokens, starts)
            });
            let mut strings = realis::Strings(Vec::new());
            model.sentence_features(&article, view, &mut strings);
            let near = model.local_features(&article, view, trigger_start, trigger_end, &mut strings);
            let mut indices: Vec<u64> = strings.0.iter().map(|f| realis::crc_of(&[f]) & model.mask).collect();
            indices.sort_unstable();
            indices.dedup();
            let guard = near | (view.found & model.drop_requires_anywhere);
            let names: Vec<&str> =
                (0..model.class_names.len()).filter(|&k| guard & (1u128 << k) != 0).map(|k| model.class_names[k].as_str()).collect();
            list.append((strings.0, indices, names))?;
        }
        Ok(list)
    }

    /// Softmax of the bias plus the summed weights of the distinct `indices`.
    fn probabilities(&self, indices: Vec<u64>) -> (f64, f64, f64, f64) {
        let mut indices = indices;
        let p = self.model.probabilities(&mut indices);
        (p[0], p[1], p[2], p[3])
    }
}

impl Realis {
    fn article(&self, a: &Bound<'_, PyTuple>) -> PyResult<realis::Article> {
        let text = chars::code_points(&a.get_item(0)?.cast_into::<PyString>()?)?;
        chars::ensure(a.py(), text.iter().copied())?;
        let actor_starts: Vec<usize> = a.get_item(9)?.extract()?;
        let ends: Vec<usize> = a.get_item(10)?.extract()?;
        let strong: Vec<bool> = a.get_item(11)?.extract()?;
        let kinds: Vec<String> = a.get_item(12)?.extract()?;
        if ends.len() != actor_starts.len() || strong.len() != actor_starts.len() || kinds.len() != actor_starts.len() {
            return Err(PyValueError::new_err("realis: actor columns of different lengths"));
        }
        let actors = actor_starts
            .iter()
            .zip(ends)
            .zip(strong)
            .zip(kinds)
            .map(|(((&start, end), strong), kind)| realis::Actor { start, end, strong, kind })
            .collect();
        let dates: Vec<Vec<usize>> = a.get_item(4)?.extract()?;
        if dates.len() != realis::DATE_KINDS.len() {
            return Err(PyValueError::new_err("realis: the date cues are not one list per kind"));
        }
        Ok(realis::Article {
            text,
            lang: a.get_item(1)?.extract()?,
            headline: a.get_item(2)?.extract()?,
            published_year: a.get_item(3)?.extract()?,
            dates,
            context: (a.get_item(5)?.extract()?, a.get_item(6)?.extract()?),
            mods: (a.get_item(7)?.extract()?, a.get_item(8)?.extract()?),
            actors,
            actor_starts,
        })
    }

    /// The tokens (and their starts) of each distinct sentence, in request order (None for a
    /// sentence already given). The pattern classes of tokens not seen before need the interpreter.
    #[allow(clippy::type_complexity)]
    fn tokens(
        &self,
        article: &realis::Article,
        sentences: &[(usize, usize, usize)],
    ) -> PyResult<Vec<Option<(Vec<Arc<realis::TokenInfo>>, Vec<usize>)>>> {
        let poisoned = |_| PyValueError::new_err("realis: token memo poisoned");
        // Each token's information taken from the memo at once (another thread may clear it later);
        // the text of a token not in it is kept, to be looked up once it is built.
        type Found = Result<Arc<realis::TokenInfo>, String>;
        let mut seen = HashSet::new();
        let mut missing: Vec<String> = Vec::new();
        let mut found: Vec<Option<(Vec<Found>, Vec<usize>)>> = Vec::with_capacity(sentences.len());
        {
            let memo = self.memo.lock().map_err(poisoned)?;
            let mut asked = HashSet::new();
            let mut text = String::new();
            for &(index, start, end) in sentences {
                if !seen.insert(index) {
                    found.push(None);
                    continue;
                }
                let spans = realis::token_spans(&article.text, start, end);
                let infos = spans
                    .iter()
                    .map(|&(a, b)| {
                        text.clear();
                        text.extend(article.text[a..b].iter().map(|&c| char::from_u32(c).unwrap_or('\u{FFFD}')));
                        match memo.get(text.as_str()) {
                            Some(info) => Ok(info.clone()),
                            None => {
                                if asked.insert(text.clone()) {
                                    missing.push(text.clone());
                                }
                                Err(text.clone())
                            }
                        }
                    })
                    .collect();
                found.push(Some((infos, spans.iter().map(|&(a, _)| a).collect())));
            }
        }
        let mut fresh: HashMap<String, Arc<realis::TokenInfo>> = HashMap::new();
        if !missing.is_empty() {
            let classes = Python::attach(|py| -> PyResult<Vec<realis::Classes>> {
                let mut out = Vec::with_capacity(missing.len());
                for t in &missing {
                    let mut classes: realis::Classes = 0;
                    for (rx_match, cls) in &self.patterns {
                        if !rx_match.bind(py).call1((t.as_str(),))?.is_none() {
                            classes |= 1u128 << cls;
                        }
                    }
                    out.push(classes);
                }
                Ok(out)
            })?;
            let mut memo = self.memo.lock().map_err(poisoned)?;
            if memo.len() + missing.len() > TOKEN_MEMO_LIMIT {
                memo.clear();
            }
            for (t, c) in missing.into_iter().zip(classes) {
                let info = Arc::new(self.model.token_info(t, c));
                memo.insert(info.text.clone(), info.clone());
                fresh.insert(info.text.clone(), info);
            }
        }
        let out = found
            .into_iter()
            .map(|f| {
                f.map(|(infos, starts)| {
                    (infos.into_iter().map(|info| info.unwrap_or_else(|t| fresh[&t].clone())).collect(), starts)
                })
            })
            .collect();
        Ok(out)
    }
}

/// The label `decide` gives (an index into realis.py's LABELS) for four probabilities, the guard
/// classes and the thresholds: the rule of `Realis.classify`, for training and its reports.
#[pyfunction]
fn realis_decide(probs: [f64; 4], guard: HashSet<String>, drop_threshold: f64, verbal_threshold: f64, drop_requires: HashSet<String>) -> usize {
    let required = drop_requires.is_empty() || !guard.is_disjoint(&drop_requires);
    realis::decide(&probs, guard.contains("joint"), required, drop_threshold, verbal_threshold)
}

/// The distinct feature indices of `features` (CRC-32 of each UTF-8 string, masked).
#[pyfunction]
fn realis_hashed(features: Vec<String>, mask: u64) -> HashSet<u64> {
    features.iter().map(|f| realis::crc_of(&[f]) & mask).collect()
}

/// The near-duplicate sketch of streams/incidents/sketch.py (minhash.rs), with its permutations and
/// shingle size fixed once. It keeps the GIL: a sketch takes tens of microseconds, and a thread
/// that lets go of the GIL for that long may wait a switch interval to get it back.
#[pyclass(frozen)]
struct MinHasher {
    a: Vec<u32>,
    b: Vec<u32>,
    size: usize,
}

#[pymethods]
impl MinHasher {
    #[new]
    fn new(a: Vec<u32>, b: Vec<u32>, size: usize) -> PyResult<Self> {
        if a.len() != b.len() || a.is_empty() || size == 0 {
            return Err(PyValueError::new_err("MinHasher: a and b of one non-zero length, and a shingle size above 0"));
        }
        Ok(MinHasher { a, b, size })
    }

    /// The signature of the shingles of `joined` (words separated by single spaces) as the bytes
    /// of little-endian u32s; None for a text without words.
    fn signature<'py>(&self, py: Python<'py>, joined: &Bound<'py, PyString>) -> PyResult<Option<Bound<'py, PyBytes>>> {
        let text = joined.to_str()?;
        Ok(minhash::signature(text, self.size, &self.a, &self.b).map(|values| {
            let bytes: Vec<u8> = values.iter().flat_map(|v| v.to_le_bytes()).collect();
            PyBytes::new(py, &bytes)
        }))
    }
}

#[pymodule]
fn _engine(m: &Bound<'_, PyModule>) -> PyResult<()> {
    m.add_class::<Script>()?;
    m.add_class::<Lexicon>()?;
    m.add_class::<Realis>()?;
    m.add_class::<Entities>()?;
    m.add_class::<MinHasher>()?;
    m.add_function(wrap_pyfunction!(detached_seconds, m)?)?;
    m.add_function(wrap_pyfunction!(realis_decide, m)?)?;
    m.add_function(wrap_pyfunction!(realis_hashed, m)?)?;
    Ok(())
}
