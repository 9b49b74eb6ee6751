//! The realised-event filter's features and scores (streams/extract/realis.py is the stage around
//! them): a sentence's tokens with their word classes and Arabic variants, the sentence-level and
//! trigger-level feature strings, their CRC-32 indices, the weight sums and softmax, the foil verb
//! before a trigger, and `decide`. The model (weights, word classes, foil verbs) is data that Python
//! loads from streams/dictionaries/realis/ and hands over once.
//!
//! Every feature is produced once, by `sentence_features` and `local_features`, into a `Sink`:
//! hashed at run time, collected as strings for training and tests, so the two cannot drift.

use std::collections::{HashMap, HashSet};
use std::hash::{BuildHasherDefault, Hasher};
use std::sync::Arc;

use crate::chars;

/// A set of word classes, one bit per class (`Model::class_names`).
pub type Classes = u128;
pub const MAX_CLASSES: usize = 128;

pub const LABEL_EVENT: usize = 0;
pub const LABEL_NONEVENT: usize = 1;
pub const LABEL_BACKGROUND: usize = 2;
pub const LABEL_VERBAL: usize = 3;

/// What depends on a token alone.
pub struct TokenInfo {
    pub text: String,
    /// The token and, for Arabic, the token without each proclitic it starts with.
    pub variants: Vec<String>,
    /// The single-token classes of its variants and the classes of the patterns it matches.
    pub classes: Classes,
    /// The multi-word class entries that may start at this token (those keyed by one of its
    /// variants): the run of tokens and its class.
    pub runs: Vec<(Vec<String>, usize)>,
    /// `<token>` and the byte ranges of its character 3-grams, then its 4-grams.
    pub padded: String,
    pub grams: Vec<(usize, usize)>,
}

pub struct Model {
    pub mask: u64,
    pub bias: [f64; 4],
    pub weights: Weights,
    pub drop_threshold: f64,
    pub verbal_threshold: f64,
    pub drop_requires: Classes,
    pub drop_requires_given: bool,
    pub drop_requires_anywhere: Classes,
    pub joint: Classes,
    pub class_names: Vec<String>,
    pub single: HashMap<String, Classes>,
    pub multi: HashMap<String, Vec<(Vec<String>, usize)>>,
    /// Longest first (as realis.py sorts them).
    pub proclitics: Vec<String>,
    pub foil: HashSet<String>,
    pub foil_multi: HashMap<String, Vec<Vec<String>>>,
}

/// The weight rows by feature index. Most indices of a text have no weights (a few percent of the
/// hash space do), so a bitmap of the indices that have (128 KiB for 2^20: it stays in cache while
/// the other stages run) answers most look-ups; the rows are in a map hashed by the index itself
/// (already a CRC).
pub struct Weights {
    present: Vec<u64>,
    rows: HashMap<u64, [f64; 4], BuildHasherDefault<IndexHasher>>,
}

impl Weights {
    pub fn new(mask: u64, rows: impl IntoIterator<Item = (u64, [f64; 4])>) -> Weights {
        let mut present = vec![0u64; (mask as usize >> 6) + 1];
        let mut map = HashMap::default();
        for (index, row) in rows {
            if index <= mask {
                present[index as usize >> 6] |= 1 << (index & 63);
            }
            map.insert(index, row);
        }
        Weights { present, rows: map }
    }

    /// The row of a (masked) index.
    #[inline]
    pub fn get(&self, index: u64) -> Option<&[f64; 4]> {
        if self.present[index as usize >> 6] & (1 << (index & 63)) == 0 {
            return None;
        }
        self.rows.get(&index)
    }
}

/// A hasher for keys that are hashes already: the index, spread by one multiplication.
#[derive(Default)]
pub struct IndexHasher(u64);

impl Hasher for IndexHasher {
    fn finish(&self) -> u64 {
        self.0
    }
    fn write(&mut self, bytes: &[u8]) {
        for &b in bytes {
            self.0 = (self.0 << 8 | b as u64).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        }
    }
    fn write_u64(&mut self, n: u64) {
        self.0 = n.wrapping_mul(0x9E37_79B9_7F4A_7C15);
    }
}

/// The clause joints that stop the search for a foil verb.
const CLAUSE_JOINTS: [&str; 7] = ["and", "but", "while", "ثم", "لكن", "بينما", "فيما"];

impl Model {
    /// The token's variants: itself and, when it starts with an Arabic letter, itself without each
    /// proclitic that leaves at least two letters.
    pub fn variants(&self, token: &str) -> Vec<String> {
        let mut out = vec![token.to_string()];
        let first = token.chars().next().map_or(0, |c| c as u32);
        if (0x0621..=0x064A).contains(&first) {
            let length = token.chars().count();
            for p in &self.proclitics {
                if token.starts_with(p.as_str()) && length >= p.chars().count() + 2 {
                    out.push(token[p.len()..].to_string());
                }
            }
        }
        out
    }

    /// A token's own information, pattern classes given (they are Python regular expressions).
    pub fn token_info(&self, token: String, pattern_classes: Classes) -> TokenInfo {
        let variants = self.variants(&token);
        let mut classes = pattern_classes;
        for form in &variants {
            if let Some(c) = self.single.get(form) {
                classes |= c;
            }
        }
        let runs = variants.iter().flat_map(|form| self.multi.get(form).into_iter().flatten()).cloned().collect();
        let padded = format!("<{token}>");
        let bounds: Vec<usize> = padded.char_indices().map(|(b, _)| b).chain([padded.len()]).collect();
        let chars = bounds.len() - 1;
        let mut grams = Vec::new();
        for k in [3usize, 4] {
            if chars >= k {
                for i in 0..=chars - k {
                    grams.push((bounds[i], bounds[i + k]));
                }
            }
        }
        TokenInfo { text: token, variants, classes, runs, padded, grams }
    }
}

/// Token spans of `text[start..end)` as `[^\W_]+(?:[-'][^\W_]+)*` finds them (Python's `re`,
/// `finditer(text, start, end)`): runs of `str.isalnum` characters joined by single hyphens or
/// apostrophes; `end` bounds the look-ahead too.
pub fn token_spans(text: &[u32], start: usize, end: usize) -> Vec<(usize, usize)> {
    let end = end.min(text.len());
    let alnum = |i: usize| chars::has(text[i], chars::ALNUM);
    let mut out = Vec::new();
    let mut i = start;
    while i < end {
        if !alnum(i) {
            i += 1;
            continue;
        }
        let mut j = i;
        while j < end && alnum(j) {
            j += 1;
        }
        while j + 1 < end && (text[j] == '-' as u32 || text[j] == '\'' as u32) && alnum(j + 1) {
            j += 1;
            while j < end && alnum(j) {
                j += 1;
            }
        }
        out.push((i, j));
        i = j;
    }
    out
}

/// The values of `\b(?:19|20)\d\d\b` in `text[start..end)` (Python's `findall(text, start, end)`:
/// the character before `start` counts for the first boundary, `end` ends the text).
fn years(text: &[u32], start: usize, end: usize) -> Vec<u32> {
    let end = end.min(text.len());
    let word = |c: u32| c == '_' as u32 || chars::has(c, chars::ALNUM);
    let digit = |c: u32| (0x30..=0x39).contains(&c) || chars::has(c, chars::DECIMAL);
    let mut out = Vec::new();
    let mut p = start;
    while p + 4 <= end {
        let century = match (text[p], text[p + 1]) {
            (0x31, 0x39) => Some(19),
            (0x32, 0x30) => Some(20),
            _ => None,
        };
        let found = century.is_some()
            && (p == 0 || !word(text[p - 1]))
            && digit(text[p + 2])
            && digit(text[p + 3])
            && (p + 4 == end || !word(text[p + 4]));
        if found {
            out.push(century.unwrap() * 100 + chars::digit_value(text[p + 2]) * 10 + chars::digit_value(text[p + 3]));
            p += 4;
        } else {
            p += 1;
        }
    }
    out
}

/// Where features go: hashed (run time) or kept as strings (training, tests).
pub trait Sink {
    /// One feature, the concatenation of `parts`.
    fn feature(&mut self, parts: &[&str]);
}

pub struct Hashes {
    pub mask: u64,
    pub indices: Vec<u64>,
}

impl Sink for Hashes {
    fn feature(&mut self, parts: &[&str]) {
        self.indices.push(crc_of(parts) & self.mask);
    }
}

/// The CRC-32 (zlib's) of the UTF-8 concatenation of `parts`.
pub fn crc_of(parts: &[&str]) -> u64 {
    let mut h = crc32fast::Hasher::new();
    for p in parts {
        h.update(p.as_bytes());
    }
    h.finalize() as u64
}

pub struct Strings(pub Vec<String>);

impl Sink for Strings {
    fn feature(&mut self, parts: &[&str]) {
        self.0.push(parts.concat());
    }
}

/// One article's inputs that the features read besides its text.
pub struct Article {
    pub text: Vec<u32>,
    pub lang: String,
    /// Sentence 0 is the headline.
    pub headline: bool,
    pub published_year: Option<i64>,
    /// Starts of the matches of the kinds month, weekday, rel, past, futm (in that order).
    pub dates: Vec<Vec<usize>>,
    pub context: (Vec<usize>, Vec<String>),
    pub mods: (Vec<usize>, Vec<String>),
    /// Sorted by start, and their starts.
    pub actors: Vec<Actor>,
    pub actor_starts: Vec<usize>,
}

pub struct Actor {
    pub start: usize,
    pub end: usize,
    pub strong: bool,
    pub kind: String,
}

pub const DATE_KINDS: [&str; 5] = ["month", "weekday", "rel", "past", "futm"];

/// One sentence's tokens and word classes, shared by the candidates in it.
pub struct View {
    pub index: usize,
    pub start: usize,
    pub end: usize,
    pub tokens: Vec<Arc<TokenInfo>>,
    pub starts: Vec<usize>,
    pub classes: Vec<Classes>,
    pub found: Classes,
}

fn in_range(starts: &[usize], lo: usize, hi: usize) -> std::ops::Range<usize> {
    let a = starts.partition_point(|&s| s < lo);
    let b = starts.partition_point(|&s| s < hi);
    a..b.max(a)
}

fn class_bits(classes: Classes) -> impl Iterator<Item = usize> {
    (0..MAX_CLASSES).filter(move |&k| classes & (1u128 << k) != 0)
}

impl Model {
    /// The view of a sentence from its tokens: multi-word classes added to each token they cover.
    pub fn view(&self, index: usize, start: usize, end: usize, tokens: Vec<Arc<TokenInfo>>, starts: Vec<usize>) -> View {
        let n = tokens.len();
        let mut classes: Vec<Classes> = tokens.iter().map(|t| t.classes).collect();
        for i in 0..n {
            for (run, cls) in &tokens[i].runs {
                let k = run.len();
                if i + k <= n && (1..k).all(|j| tokens[i + j].variants.contains(&run[j])) {
                    for c in &mut classes[i..i + k] {
                        *c |= 1u128 << cls;
                    }
                }
            }
        }
        let found = classes.iter().fold(0, |a, b| a | b);
        View { index, start, end, tokens, starts, classes, found }
    }

    /// The sentence-level features (realis.py's `sentence_view`).
    pub fn sentence_features(&self, article: &Article, view: &View, sink: &mut impl Sink) {
        for t in &view.tokens {
            sink.feature(&["u:", &t.text]);
        }
        for k in class_bits(view.found) {
            sink.feature(&["X:", &self.class_names[k]]);
        }
        let lang = article.lang.as_str();
        let n = view.tokens.len();
        sink.feature(&[lang, "|pos:", &view.index.min(3).to_string()]);
        sink.feature(&[lang, "|len:", &(n / 8).min(6).to_string()]);
        if view.index == 0 && article.headline {
            sink.feature(&[lang, "|hl"]);
        }
        for (kind, starts) in DATE_KINDS.iter().zip(&article.dates) {
            if !in_range(starts, view.start, view.end).is_empty() {
                sink.feature(&[lang, "|D:", kind]);
            }
        }
        for i in in_range(&article.context.0, view.start, view.end) {
            sink.feature(&[lang, "|K:", &article.context.1[i]]);
        }
        for i in in_range(&article.mods.0, view.start, view.end) {
            sink.feature(&[lang, "|M:", &article.mods.1[i]]);
        }
        for year in years(&article.text, view.start, view.end) {
            sink.feature(&[lang, "|Y"]);
            if let Some(published) = article.published_year {
                let year = year as i64;
                let tense = if year <= published - 2 { "|Yold" } else if year > published { "|Yfut" } else { "|Ycur" };
                sink.feature(&[lang, tense]);
            }
        }
    }

    /// The token the trigger starting at `trigger_start` is in (the last one starting at or before it).
    fn token_at(view: &View, trigger_start: usize) -> usize {
        view.starts.partition_point(|&s| s <= trigger_start).saturating_sub(1)
    }

    /// The features of the trigger's place in its sentence (realis.py's `local_features`) and the
    /// word classes at and near it.
    pub fn local_features(&self, article: &Article, view: &View, trigger_start: usize, trigger_end: usize, sink: &mut impl Sink) -> Classes {
        let tokens = &view.tokens;
        let n = tokens.len();
        if n == 0 {
            return 0;
        }
        let i = Self::token_at(view, trigger_start);
        let tok = &tokens[i];
        let grams = |sink: &mut dyn FnMut(&[&str]), prefix: &str, t: &TokenInfo| {
            for &(a, b) in &t.grams {
                sink(&[prefix, &t.padded[a..b]]);
            }
        };
        let mut emit = |parts: &[&str]| sink.feature(parts);
        emit(&["T:", &tok.text]);
        grams(&mut emit, "C:", tok);
        for d in 1..=3usize {
            if i >= d {
                emit(&[["L1:", "L2:", "L3:"][d - 1], &tokens[i - d].text]);
                if d == 1 {
                    grams(&mut emit, "CL:", &tokens[i - 1]);
                }
            }
            if i + d < n {
                emit(&[["R1:", "R2:", "R3:"][d - 1], &tokens[i + d].text]);
                if d == 1 {
                    grams(&mut emit, "CR:", &tokens[i + 1]);
                }
            }
        }
        emit(&["T0:", if i > 0 { &tokens[i - 1].text } else { "^" }, "_", &tok.text]);
        emit(&["T2:", &tok.text, "_", if i + 1 < n { &tokens[i + 1].text } else { "$" }]);
        let (lw_lo, lw_hi) = (i.saturating_sub(8), i.saturating_sub(3));
        for t in &tokens[lw_lo..lw_hi.max(lw_lo)] {
            emit(&["Lw:", &t.text]);
        }
        for t in tokens.iter().take((i + 9).min(n)).skip(i + 4) {
            emit(&["Rw:", &t.text]);
        }
        let classes = &view.classes;
        let left = classes[i.saturating_sub(6)..i].iter().fold(0, |a, b| a | b);
        let right = classes[(i + 1).min(n)..(i + 7).min(n)].iter().fold(0, |a, b| a | b);
        for k in class_bits(classes[i]) {
            emit(&["XT:", &self.class_names[k]]);
        }
        for k in class_bits(left) {
            emit(&["XL:", &self.class_names[k]]);
        }
        for k in class_bits(right) {
            emit(&["XR:", &self.class_names[k]]);
        }
        let near = left | right | classes[i];
        let lang = article.lang.as_str();
        let (mut before, mut after, mut any_before, mut any_after) = (0usize, 0usize, 0usize, 0usize);
        let mut nearest_kind = "none";
        for a in &article.actors[in_range(&article.actor_starts, view.start, view.end)] {
            if a.end <= trigger_start {
                any_before += 1;
                if a.strong {
                    before += 1;
                    nearest_kind = &a.kind;
                }
            } else if a.start >= trigger_end {
                any_after += 1;
                after += a.strong as usize;
            }
        }
        emit(&[lang, "|A<:", &before.min(2).to_string()]);
        emit(&[lang, "|A>:", &after.min(2).to_string()]);
        emit(&[lang, "|Ak:", nearest_kind]);
        emit(&[lang, "|a<:", &any_before.min(2).to_string()]);
        emit(&[lang, "|a>:", &any_after.min(2).to_string()]);
        for k in in_range(&article.mods.0, view.start.max(trigger_start.saturating_sub(60)), trigger_start) {
            emit(&[lang, "|ML:", &article.mods.1[k]]);
        }
        let text = &article.text;
        let (q_lo, q_hi) = (view.start.min(text.len()), trigger_start.min(text.len()));
        if q_lo < q_hi && text[q_lo..q_hi].iter().filter(|&&c| c == '"' as u32).count() % 2 == 1 {
            emit(&[lang, "|Q"]);
        }
        near
    }

    /// The foil verb that governs the trigger (realis.py's docstring of `foiled_by`), and where the
    /// token that is its first word starts (searching back from the trigger; the trigger's start
    /// when none is found).
    pub fn foiled_by(&self, view: &View, trigger_start: usize, clause_start: usize) -> Option<(String, usize)> {
        let (tokens, starts) = (&view.tokens, &view.starts);
        let i = Self::token_at(view, trigger_start);
        let mut lo = i;
        let mut found = None;
        while lo > 0 && i - lo < 6 && starts[lo - 1] >= clause_start {
            lo -= 1;
            let tok = &tokens[lo];
            if CLAUSE_JOINTS.contains(&tok.text.as_str()) {
                return None;
            }
            if tok.variants.iter().any(|f| self.foil.contains(f)) {
                found = Some(tok.text.clone());
                break;
            }
            let multi = tok.variants.iter().flat_map(|f| self.foil_multi.get(f).into_iter().flatten()).find(|run| {
                let k = run.len();
                lo + k <= tokens.len() && (1..k).all(|j| run[j] == tokens[lo + j].text)
            });
            if let Some(run) = multi {
                found = Some(run.join(" "));
                break;
            }
        }
        let foil = found?;
        let first = foil.split_whitespace().next().unwrap_or("").to_string();
        let at = (0..=i).rev().find(|&j| tokens[j].text == first).map_or(trigger_start, |j| starts[j]);
        Some((foil, at))
    }

    /// Softmax of the bias plus the summed weights of the distinct indices, summed in index order.
    pub fn probabilities(&self, indices: &mut Vec<u64>) -> [f64; 4] {
        indices.sort_unstable();
        indices.dedup();
        let mut s = self.bias;
        for index in indices.iter() {
            if let Some(w) = self.weights.get(*index) {
                for k in 0..4 {
                    s[k] += w[k];
                }
            }
        }
        softmax(s)
    }

    /// The label (realis.py's `decide`), the guard being the classes near the trigger and those of
    /// `drop_requires_anywhere` in the sentence.
    pub fn decide(&self, probs: &[f64; 4], near: Classes, sentence: Classes) -> usize {
        let guard = near | (sentence & self.drop_requires_anywhere);
        let required = !self.drop_requires_given || guard & self.drop_requires != 0;
        decide(probs, guard & self.joint != 0, required, self.drop_threshold, self.verbal_threshold)
    }
}

pub fn softmax(s: [f64; 4]) -> [f64; 4] {
    // Python's max() keeps the first of equal values; its sum() of floats adds left to right (3.11).
    let top = s.iter().copied().fold(s[0], |a, b| if b > a { b } else { a });
    let e = s.map(|x| (x - top).exp());
    let total = e[0] + e[1] + e[2] + e[3];
    e.map(|x| x / total)
}

/// Drop only a confident `nonevent` with a class that justifies it (`required`) and nothing done
/// jointly; otherwise the likeliest of the other labels, `verbal` only above its own threshold.
pub fn decide(probs: &[f64; 4], joint: bool, required: bool, drop_threshold: f64, verbal_threshold: f64) -> usize {
    if probs[LABEL_NONEVENT] >= drop_threshold && !joint && required {
        return LABEL_NONEVENT;
    }
    let mut best = LABEL_EVENT;
    for k in [LABEL_BACKGROUND, LABEL_VERBAL] {
        if probs[k] > probs[best] {
            best = k;
        }
    }
    if best == LABEL_VERBAL && probs[LABEL_VERBAL] < verbal_threshold {
        best = if probs[LABEL_EVENT] >= probs[LABEL_BACKGROUND] { LABEL_EVENT } else { LABEL_BACKGROUND };
    }
    best
}
