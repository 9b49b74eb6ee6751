//! Dictionary matching: one Aho-Corasick pass over the matching form, then the word checks.
//!
//! Arabic keys may carry proclitics (the letters before them in the same word) from the set their
//! entry allows, and suffixes (the letters after them) from their kind's set; English keys must be
//! whole words with the entry's capitalisation in the original text. Two-letter particles hit inside
//! countless words, so they are matched as whole words instead of through the automaton.

use std::collections::HashMap;

use aho_corasick::automaton::Automaton;
use aho_corasick::nfa::contiguous::{Builder as NfaBuilder, NFA};
use aho_corasick::{Anchored, MatchKind};

use crate::chars::{self, ALNUM};
use crate::normalize::{Normalized, Script};

const HA: u32 = 0x0647; // «ه»: ta marbuta in the matching form
const TA_MARBUTA: u32 = 0x0629; // «ة»

/// How an automaton key is checked.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum KeyScript {
    English,        // whole word, case rule
    ArabicSuffix,   // the word may go on after the key (suffixes)
    ArabicNoSuffix, // the key ends in (or a one-word key holds) a non-letter: nothing can follow
}

#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Case {
    Any,
    Title,
    Upper,
}

/// One reading of a key: which proclitics and suffixes it accepts, or its case rule.
pub struct Spec {
    pub prefixes: usize, // index into Grammar::prefix_sets
    pub verb: bool,      // verb proclitics: a word ending in ta marbuta is no verb with a pronoun
    pub suffixes: usize, // index into Grammar::suffix_sets
    pub case: Case,
    pub payload: usize, // the caller's index of (kind, entry)
}

pub struct Key {
    pub len: usize, // code points
    pub script: KeyScript,
    pub specs: Vec<Spec>,
    pub index: usize, // the caller's index of the key string
}

/// A particle's reading: the caller's (kind, entry) and whether verb proclitics apply.
pub struct ParticleEntry {
    pub payload: usize,
    pub verb: bool,
}

pub struct Grammar {
    pub proclitics: Vec<Vec<u32>>, // every proclitic string at all, "" first
    pub prefix_sets: Vec<u64>,     // bit i: proclitics[i] is in the set
    pub longest_proclitic: usize,
    pub suffix_sets: Vec<u64>,   // bit i: suffixes[i] is in the set
    pub packed_proclitics: Vec<u64>,
    pub packed_suffixes: Vec<u64>,
    pub plain: usize,
    pub verb: usize,
    /// whole word -> (proclitic length, particle key index), for the particles that have entries
    pub particle_words: HashMap<Vec<u32>, (usize, usize)>,
    pub particles: Vec<(usize, Vec<ParticleEntry>)>, // (key string index, readings)
}

pub struct Lexicon {
    automaton: NFA,
    keys: Vec<Key>,
    pub grammar: Grammar,
}

/// One accepted match, in the caller's indices.
pub struct Hit {
    pub payload: usize,
    pub key: usize,
    pub start: usize,
    pub end: usize,
    pub word_start: usize,
    pub prefix: usize, // index into Grammar::proclitics
}

/// A string of at most four BMP code points as one number (None for a longer one).
#[inline]
pub fn packed(s: &[u32]) -> Option<u64> {
    if s.len() > 4 || s.iter().any(|&c| c > 0xFFFF) {
        return None;
    }
    Some(s.iter().fold(s.len() as u64, |acc, &c| (acc << 16) | c as u64))
}

impl Grammar {
    #[inline]
    pub fn prefix_index(&self, s: &[u32]) -> Option<usize> {
        let key = packed(s)?;
        self.packed_proclitics.iter().position(|&x| x == key)
    }

    #[inline]
    fn suffix_index(&self, s: &[u32]) -> Option<usize> {
        let key = packed(s)?;
        self.packed_suffixes.iter().position(|&x| x == key)
    }
}

#[inline]
fn in_set(set: u64, index: usize) -> bool {
    set & (1 << index) != 0
}

fn utf8(text: &[u32]) -> (Vec<u8>, Vec<u32>, Vec<u32>) {
    // Bytes of the text (a lone surrogate becomes its 3-byte form, which no key contains), for
    // every byte the code point index it belongs to, and for every code point its first byte.
    let mut bytes = Vec::with_capacity(text.len() * 2);
    let mut owner = Vec::with_capacity(text.len() * 2);
    let mut first = Vec::with_capacity(text.len());
    for (i, &cp) in text.iter().enumerate() {
        let before = bytes.len();
        first.push(before as u32);
        match cp {
            0..=0x7F => bytes.push(cp as u8),
            0x80..=0x7FF => bytes.extend_from_slice(&[0xC0 | (cp >> 6) as u8, 0x80 | (cp & 0x3F) as u8]),
            0x800..=0xFFFF => bytes.extend_from_slice(&[
                0xE0 | (cp >> 12) as u8,
                0x80 | ((cp >> 6) & 0x3F) as u8,
                0x80 | (cp & 0x3F) as u8,
            ]),
            _ => bytes.extend_from_slice(&[
                0xF0 | (cp >> 18) as u8,
                0x80 | ((cp >> 12) & 0x3F) as u8,
                0x80 | ((cp >> 6) & 0x3F) as u8,
                0x80 | (cp & 0x3F) as u8,
            ]),
        }
        owner.extend(std::iter::repeat(i as u32).take(bytes.len() - before));
    }
    (bytes, owner, first)
}

impl Lexicon {
    pub fn new(patterns: Vec<String>, keys: Vec<Key>, grammar: Grammar) -> Result<Self, String> {
        // Walked anchored: a key can start only where a word starts or after a proclitic, so the scan
        // walks the trie from those positions instead of following failure links over every byte.
        let automaton = NfaBuilder::new()
            .match_kind(MatchKind::Standard)
            // (the default dense depth, 2: full tables for 6 bytes made the scan slower, 54 MB vs 6 MB)
            .build(&patterns)
            .map_err(|e| e.to_string())?;
        Ok(Lexicon { automaton, keys, grammar })
    }

    pub fn len(&self) -> usize {
        self.keys.len()
    }

    pub fn memory_usage(&self) -> usize {
        self.automaton.memory_usage()
    }

    /// Every key that starts at byte `from`: `found(end byte, key)`, shorter keys first.
    #[inline]
    fn walk(&self, bytes: &[u8], from: usize, mut found: impl FnMut(usize, usize)) {
        let nfa = &self.automaton;
        let Ok(mut sid) = nfa.start_state(Anchored::Yes) else { return };
        for (i, &b) in bytes[from..].iter().enumerate() {
            sid = nfa.next_state(Anchored::Yes, sid, b);
            if nfa.is_special(sid) {
                if nfa.is_dead(sid) {
                    return;
                }
                if nfa.is_match(sid) {
                    // A state's matches include the keys that end here but start later (its failure
                    // states' keys): the one as long as the walk is the one that starts at `from`.
                    for m in 0..nfa.match_len(sid) {
                        let pid = nfa.match_pattern(sid, m);
                        if nfa.pattern_len(pid) == i + 1 {
                            found(from + i + 1, pid.as_usize());
                        }
                    }
                }
            }
        }
    }

    /// Every match in `norm` that respects word boundaries, in the order of their ends (longer
    /// first at the same end), then the particles in word order. `original` is the text the
    /// offsets map back to (capitalisation, ta marbuta).
    pub fn scan(&self, script: &Script, norm: &Normalized, original: &[u32]) -> Vec<Hit> {
        let text = &norm.text;
        let n = text.len();
        let (bytes, owner, first_byte) = utf8(text);
        let g = &self.grammar;
        let letter = |i: usize| script.is_letter(text[i]);
        // Where a key may start: after a character that is no letter or digit (English keys, and
        // Arabic ones), at an Arabic letter after a non-Arabic character, or after a proclitic
        // inside an Arabic word. A key starting anywhere else fails its checks below.
        let mut found: Vec<(usize, usize)> = Vec::new(); // (end, key)
        let mut word_start = 0usize;
        for p in 0..n {
            let is_letter = letter(p);
            let candidate = if p == 0 || !chars::has(text[p - 1], ALNUM) {
                true
            } else if !is_letter {
                false
            } else if !letter(p - 1) {
                true
            } else {
                p - word_start <= g.longest_proclitic && g.prefix_index(&text[word_start..p]).is_some()
            };
            if is_letter && (p == 0 || !letter(p - 1)) {
                word_start = p;
            }
            if !candidate {
                continue;
            }
            self.walk(&bytes, first_byte[p] as usize, |end_byte, key| found.push((owner[end_byte - 1] as usize + 1, key)));
        }
        let keys = &self.keys;
        found.sort_unstable_by(|a, b| a.0.cmp(&b.0).then(keys[b.1].len.cmp(&keys[a.1].len)));
        let mut out = Vec::with_capacity(found.len());
        for (end, k) in found {
            let key = &keys[k];
            let start = end - key.len;
            if key.script == KeyScript::English {
                if start > 0 && chars::has(text[start - 1], ALNUM) {
                    continue;
                }
                if end < n && chars::has(text[end], ALNUM) {
                    continue;
                }
                for spec in &key.specs {
                    if spec.case != Case::Any {
                        let o_start = norm.to_original(start);
                        let capital = o_start < original.len() && chars::has(original[o_start], chars::UPPER);
                        if spec.case == Case::Title && !capital {
                            continue;
                        }
                        if spec.case == Case::Upper {
                            let o_end = (norm.to_original(end - 1) + 1).min(original.len());
                            if o_start >= o_end || !chars::is_upper(&original[o_start..o_end]) {
                                continue;
                            }
                        }
                    }
                    out.push(Hit { payload: spec.payload, key: key.index, start, end, word_start: start, prefix: 0 });
                }
                continue;
            }
            let mut ws = start;
            while ws > 0 && letter(ws - 1) {
                ws -= 1;
            }
            let prefix = &text[ws..start];
            let Some(prefix_index) = g.prefix_index(prefix) else {
                continue;
            };
            let mut suffix_end = end;
            if key.script == KeyScript::ArabicSuffix {
                while suffix_end < n && letter(suffix_end) {
                    suffix_end += 1;
                }
            }
            let suffix = &text[end..suffix_end];
            // The matching form writes ta marbuta as «ه»: «وزارة» reads «و+زار+ه» ("and he visited
            // him"). A verb with an object pronoun never ends in «ة» in the text.
            let noun_ending = suffix.last() == Some(&HA)
                && original.get(norm.to_original(suffix_end - 1)) == Some(&TA_MARBUTA);
            // A suffix no set lists (index 64 and up) is accepted by none.
            let suffix_index = g.suffix_index(suffix).unwrap_or(64);
            for spec in &key.specs {
                if in_set(g.prefix_sets[spec.prefixes], prefix_index)
                    && suffix_index < 64
                    && in_set(g.suffix_sets[spec.suffixes], suffix_index)
                    && !(noun_ending && spec.verb)
                {
                    out.push(Hit { payload: spec.payload, key: key.index, start, end, word_start: ws, prefix: prefix_index });
                }
            }
        }
        // Particles: whole Arabic words, optionally after «و»/«ف».
        let mut i = 0;
        while i < n {
            if !letter(i) {
                i += 1;
                continue;
            }
            let ws = i;
            while i < n && letter(i) {
                i += 1;
            }
            if let Some(&(plen, p)) = g.particle_words.get(&text[ws..i]) {
                let (key_index, readings) = &g.particles[p];
                let prefix_index = g.prefix_index(&text[ws..ws + plen]).expect("particle proclitics are proclitics");
                for r in readings {
                    let allowed = g.prefix_sets[if r.verb { g.verb } else { g.plain }];
                    if in_set(allowed, prefix_index) {
                        out.push(Hit { payload: r.payload, key: *key_index, start: ws + plen, end: i, word_start: ws, prefix: prefix_index });
                    }
                }
            }
        }
        out
    }
}
