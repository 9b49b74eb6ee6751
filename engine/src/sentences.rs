//! Sentences of the matching form: an end mark (. ! ? ؟ ؛) with the closing quotes and brackets
//! after it, before a space or the end, or a line break with the blank run after it; a one-letter
//! abbreviation (U.S.) or a title (Mr., Gen.) does not end a sentence; very long runs are cut at a
//! space.

use crate::chars::{self, ALNUM, SPACE};

pub struct SentenceRules {
    pub ends: Vec<u32>,
    pub closers: Vec<u32>,
    pub abbreviations: Vec<Vec<u32>>, // lower-case ASCII
    pub letter_variants: Vec<(u32, u32)>, // non-ASCII characters a case-insensitive ASCII letter matches
    pub max_chars: usize,
}

const NEWLINE: u32 = '\n' as u32;
const DOT: u32 = '.' as u32;
const SPACE_CHAR: u32 = ' ' as u32;

impl SentenceRules {
    /// The lower-case ASCII letter `cp` matches case-insensitively (as Python's re does), if any.
    fn ascii_letter(&self, cp: u32) -> Option<u32> {
        match cp {
            0x41..=0x5A => Some(cp + 32),
            0x61..=0x7A => Some(cp),
            _ => self.letter_variants.iter().find(|&&(c, _)| c == cp).map(|&(_, l)| l),
        }
    }

    fn is_word(cp: u32) -> bool {
        chars::has(cp, ALNUM) || cp == '_' as u32
    }

    /// An abbreviation ends at `hi` (or just before a line break there), starting at or after `lo`
    /// and at a word boundary.
    fn abbreviation_before(&self, text: &[u32], lo: usize, hi: usize) -> bool {
        let mut ends = vec![hi];
        if hi > lo && text[hi - 1] == NEWLINE {
            ends.push(hi - 1);
        }
        for &e in &ends {
            let boundary = |p: usize| p == 0 || !Self::is_word(text[p - 1]);
            if e > lo && self.ascii_letter(text[e - 1]).is_some() && boundary(e - 1) {
                return true;
            }
            for word in &self.abbreviations {
                let len = word.len();
                if e < lo + len {
                    continue;
                }
                let p = e - len;
                if text[p..e].iter().zip(word).all(|(&c, &w)| self.ascii_letter(c) == Some(w)) && boundary(p) {
                    return true;
                }
            }
        }
        false
    }

    pub fn split(&self, text: &[u32]) -> Vec<(usize, usize)> {
        let n = text.len();
        let mut spans: Vec<(usize, usize)> = Vec::new();
        let mut start = 0usize;
        let mut i = 0usize;
        while i < n {
            let c = text[i];
            let end;
            if self.ends.contains(&c) {
                let mut j = i + 1;
                while j < n && self.ends.contains(&text[j]) {
                    j += 1;
                }
                while j < n && self.closers.contains(&text[j]) {
                    j += 1;
                }
                if j < n && !chars::has(text[j], SPACE) {
                    i += 1;
                    continue;
                }
                end = j;
            } else if c == NEWLINE {
                let mut j = i + 1;
                while j < n && chars::has(text[j], SPACE) {
                    j += 1;
                }
                end = j;
            } else {
                i += 1;
                continue;
            }
            if !(c == DOT && self.abbreviation_before(text, i.saturating_sub(4), i)) {
                spans.push((start, end));
                start = end;
            }
            i = end;
        }
        if start < n {
            spans.push((start, n));
        }
        let mut out: Vec<(usize, usize)> = Vec::with_capacity(spans.len());
        let half = self.max_chars / 2;
        for (mut s, e) in spans {
            while e - s > self.max_chars {
                // pathological input: cut at the last space in the second half of the window
                let window = &text[s + half..s + self.max_chars];
                let cut = match window.iter().rposition(|&c| c == SPACE_CHAR) {
                    Some(k) if s + half + k > s => s + half + k,
                    _ => s + self.max_chars,
                };
                out.push((s, cut));
                s = cut;
            }
            out.push((s, e));
        }
        let mut result = Vec::with_capacity(out.len());
        for (mut s, mut e) in out {
            while s < e && chars::has(text[s], SPACE) {
                s += 1;
            }
            while e > s && chars::has(text[e - 1], SPACE) {
                e -= 1;
            }
            if e > s {
                result.push((s, e));
            }
        }
        result
    }
}
