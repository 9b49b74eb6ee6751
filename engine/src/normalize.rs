//! The matching form: one-to-one folds, lower case, dropped marks, collapsed spaces, and the
//! piecewise-constant shift that maps its offsets back to the original text.

use std::collections::HashMap;

use crate::chars::{self, MULTI_LOWER};

const SPACE: u32 = ' ' as u32;

pub struct Script {
    fold: HashMap<u32, u32>,
    fold_dense: Vec<u32>, // code point -> folded code point, for the range the fold table covers
    dropped: Vec<(u32, u32)>,
    dropped_dense: Vec<bool>, // the same for the Basic Multilingual Plane
    pub letters: (u32, u32),
}

/// The matching form of a text and its map back (see streams/extract/normalize.py `Normalized`).
pub struct Normalized {
    pub text: Vec<u32>,
    pub breaks: Vec<usize>,
    pub shifts: Vec<usize>,
}

impl Normalized {
    /// Offset in the original text of a normalized offset (start offsets).
    #[inline]
    pub fn to_original(&self, pos: usize) -> usize {
        if self.breaks.is_empty() {
            return pos;
        }
        let i = self.breaks.partition_point(|&b| b <= pos);
        if i == 0 {
            pos
        } else {
            pos + self.shifts[i - 1]
        }
    }
}

impl Script {
    pub fn new(fold: HashMap<u32, u32>, dropped: Vec<(u32, u32)>, letters: (u32, u32)) -> Self {
        let top = fold.keys().copied().filter(|&c| c < 0x10000).max().unwrap_or(0) as usize;
        let mut fold_dense: Vec<u32> = (0..=top as u32).collect();
        for (&src, &dst) in &fold {
            if (src as usize) <= top {
                fold_dense[src as usize] = dst;
            }
        }
        let dropped_dense = (0..0x10000u32).map(|c| dropped.iter().any(|&(lo, hi)| lo <= c && c <= hi)).collect();
        Script { fold, fold_dense, dropped, dropped_dense, letters }
    }

    #[inline]
    pub fn is_letter(&self, cp: u32) -> bool {
        self.letters.0 <= cp && cp <= self.letters.1
    }

    #[inline]
    fn is_dropped(&self, cp: u32) -> bool {
        match self.dropped_dense.get(cp as usize) {
            Some(&d) => d,
            None => self.dropped.iter().any(|&(lo, hi)| lo <= cp && cp <= hi),
        }
    }

    #[inline]
    fn fold_of(&self, cp: u32) -> u32 {
        match self.fold_dense.get(cp as usize) {
            Some(&f) => f,
            None => self.fold.get(&cp).copied().unwrap_or(cp),
        }
    }

    /// The code points of `text` and of its folds whose properties are not known yet (for
    /// `chars::ensure`; usually none).
    pub fn unknown(&self, text: &[u32]) -> Vec<u32> {
        let mut out = Vec::new();
        for &c in text {
            for cp in [c, self.fold_of(c)] {
                if !chars::known(cp) && !out.contains(&cp) {
                    out.push(cp);
                }
            }
        }
        out
    }

    /// Python's `_lower(_fold(text))`: one-to-one folds, then lower case; a text holding a character
    /// that lowercases to several is lowered character by character, keeping such characters.
    pub fn fold_lower(&self, text: &[u32]) -> Vec<u32> {
        let folded: Vec<u32> = text.iter().map(|&c| self.fold_of(c)).collect();
        if folded.iter().any(|&c| chars::has(c, MULTI_LOWER)) {
            folded.iter().map(|&c| chars::lower_of(c)).collect()
        } else {
            chars::lower_text(&folded)
        }
    }

    /// The matching form with its offset map. Marks are dropped; a mark run standing between
    /// spaces takes the following spaces with it; a run of spaces keeps its first.
    pub fn normalize(&self, text: &[u32]) -> Normalized {
        let lowered = self.fold_lower(text);
        let n = lowered.len();
        let mut out: Vec<u32> = Vec::with_capacity(n);
        let mut breaks: Vec<usize> = vec![0];
        let mut shifts: Vec<usize> = vec![0];
        let mut removed = 0usize;
        let mut last = 0usize;
        let mut any = false;
        let mut i = 0usize;
        while i < n {
            let c = lowered[i];
            let mut drop_end = 0usize; // exclusive end of a dropped run starting at i (0: none)
            if self.is_dropped(c) {
                let mut j = i + 1;
                while j < n && self.is_dropped(lowered[j]) {
                    j += 1;
                }
                if i > 0 && lowered[i - 1] == SPACE && j < n && lowered[j] == SPACE {
                    while j < n && lowered[j] == SPACE {
                        j += 1;
                    }
                }
                drop_end = j;
            } else if c == SPACE && i > 0 && lowered[i - 1] == SPACE {
                let mut j = i + 1;
                while j < n && lowered[j] == SPACE {
                    j += 1;
                }
                drop_end = j;
            }
            if drop_end == 0 {
                i += 1;
                continue;
            }
            any = true;
            out.extend_from_slice(&lowered[last..i]);
            removed += drop_end - i;
            breaks.push(out.len());
            shifts.push(removed);
            last = drop_end;
            i = drop_end;
        }
        if !any {
            return Normalized { text: lowered, breaks: Vec::new(), shifts: Vec::new() };
        }
        out.extend_from_slice(&lowered[last..]);
        // Several deletions at the same normalized position: keep the last shift.
        let mut b: Vec<usize> = Vec::with_capacity(breaks.len());
        let mut s: Vec<usize> = Vec::with_capacity(shifts.len());
        for (pos, shift) in breaks.into_iter().zip(shifts) {
            if b.last() == Some(&pos) {
                *s.last_mut().unwrap() = shift;
            } else {
                b.push(pos);
                s.push(shift);
            }
        }
        Normalized { text: out, breaks: b, shifts: s }
    }

    /// The matching form of a short string (a dictionary entry): no offsets, outer spaces stripped.
    pub fn matching_form(&self, text: &[u32]) -> Vec<u32> {
        let form = self.normalize(text).text;
        let start = form.iter().position(|&c| !chars::has(c, chars::SPACE)).unwrap_or(form.len());
        let end = form.iter().rposition(|&c| !chars::has(c, chars::SPACE)).map_or(start, |e| e + 1);
        form[start..end.max(start)].to_vec()
    }
}
