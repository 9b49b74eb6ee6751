//! Character properties exactly as the running Python defines them.
//!
//! The stages after the engine test characters with Python's own `str` methods (Unicode 14 in
//! Python 3.11, 15 in 3.12, ...), so the engine asks the interpreter instead of using Rust's tables:
//! each code point is looked up once per process, the first time a text contains it, while the
//! caller still holds the GIL. Afterwards a lookup is one relaxed atomic load.

use std::collections::HashMap;
use std::sync::atomic::{AtomicU32, Ordering};
use std::sync::{OnceLock, RwLock};

use pyo3::prelude::*;
use pyo3::types::PyString;

const LOWER_MASK: u32 = (1 << 21) - 1; // the single-code-point lowercase
const KNOWN: u32 = 1 << 21;
pub const ALNUM: u32 = 1 << 22; // str.isalnum
pub const UPPER: u32 = 1 << 23; // Py_UNICODE_ISUPPER
pub const LOWER: u32 = 1 << 24; // Py_UNICODE_ISLOWER
pub const TITLE: u32 = 1 << 25; // Py_UNICODE_ISTITLE (titlecase letters only)
pub const SPACE: u32 = 1 << 26; // str.isspace (also `\s` of Python's re)
pub const CASED: u32 = 1 << 27; // cased and not case-ignorable: stops the final-sigma scan as a cased letter
pub const IGNORABLE: u32 = 1 << 28; // case-ignorable: skipped by the final-sigma scan
pub const MULTI_LOWER: u32 = 1 << 29; // lowercases to several code points («İ»)
pub const DECIMAL: u32 = 1 << 30; // str.isdecimal (`\d` of Python's re)

pub const CAPITAL_SIGMA: u32 = 0x03A3;
const SMALL_SIGMA: u32 = 0x03C3;
pub const FINAL_SIGMA: u32 = 0x03C2;

static BMP: [AtomicU32; 0x10000] = [const { AtomicU32::new(0) }; 0x10000];
static ASTRAL: OnceLock<RwLock<HashMap<u32, u32>>> = OnceLock::new();
// The digit value of each decimal character (`int()` reads them), filled as characters are looked up.
static DIGITS: OnceLock<RwLock<HashMap<u32, u32>>> = OnceLock::new();

fn digits() -> &'static RwLock<HashMap<u32, u32>> {
    DIGITS.get_or_init(|| RwLock::new(HashMap::new()))
}

/// The value of a decimal digit (`int(chr(cp))`); 0 for any other character.
pub fn digit_value(cp: u32) -> u32 {
    if (0x30..=0x39).contains(&cp) {
        return cp - 0x30;
    }
    if !has(cp, DECIMAL) {
        return 0;
    }
    digits().read().map(|m| m.get(&cp).copied().unwrap_or(0)).unwrap_or(0)
}

fn astral() -> &'static RwLock<HashMap<u32, u32>> {
    ASTRAL.get_or_init(|| RwLock::new(HashMap::new()))
}

#[inline(always)]
fn stored(cp: u32) -> u32 {
    if cp < 0x10000 {
        BMP[cp as usize].load(Ordering::Relaxed)
    } else {
        astral().read().map(|m| m.get(&cp).copied().unwrap_or(0)).unwrap_or(0)
    }
}

/// Whether every property of `cp` is known already.
#[inline(always)]
pub fn known(cp: u32) -> bool {
    stored(cp) & KNOWN != 0
}

#[inline(always)]
fn raw(cp: u32) -> u32 {
    let p = stored(cp);
    if p & KNOWN != 0 {
        return p;
    }
    unknown(cp)
}

#[cold]
#[inline(never)]
fn unknown(cp: u32) -> u32 {
    // Not looked up beforehand (callers `ensure` the characters of a text while they hold the GIL):
    // take the GIL for this one. A failed lookup leaves the character without properties.
    Python::attach(|py| {
        let _ = ensure(py, [cp]);
    });
    stored(cp)
}

/// The properties of a code point.
#[inline(always)]
pub fn props(cp: u32) -> u32 {
    raw(cp)
}

#[inline(always)]
pub fn has(cp: u32, flag: u32) -> bool {
    raw(cp) & flag != 0
}

/// `chr(cp).lower()` when that is one code point, else `cp` itself.
#[inline(always)]
pub fn lower_of(cp: u32) -> u32 {
    let p = raw(cp);
    if p & MULTI_LOWER != 0 {
        cp
    } else {
        p & LOWER_MASK
    }
}

fn ask_python(py: Python<'_>, cp: u32) -> PyResult<u32> {
    let one = char_string(py, cp)?;
    let flag = |name: &str| -> PyResult<bool> { one.call_method0(name)?.extract::<bool>() };
    let lowered: Vec<u32> = code_points(&one.call_method0("lower")?.cast_into::<PyString>()?)?;
    let mut p = KNOWN;
    if lowered.len() == 1 {
        p |= lowered[0];
    } else {
        p |= MULTI_LOWER | cp;
    }
    if flag("isalnum")? {
        p |= ALNUM;
    }
    let upper = flag("isupper")?;
    if upper {
        p |= UPPER;
    }
    if flag("islower")? {
        p |= LOWER;
    }
    if flag("istitle")? && !upper {
        p |= TITLE; // a one-letter str.istitle() is also true for capitals
    }
    if flag("isspace")? {
        p |= SPACE;
    }
    if flag("isdecimal")? {
        p |= DECIMAL;
        let value: u32 = py.get_type::<pyo3::types::PyInt>().call1((one.clone(),))?.extract()?;
        if let Ok(mut m) = digits().write() {
            m.insert(cp, value);
        }
    }
    // The final-sigma context of str.lower, probed with the interpreter itself: «xΣ» lowers to «…ς»
    // when x is cased and not case-ignorable; «AxΣ» also when x is case-ignorable.
    let ends_final = |prefix: Vec<u32>| -> PyResult<bool> {
        let mut probe = prefix;
        probe.push(CAPITAL_SIGMA);
        let s = string_from(py, &probe)?;
        let low = code_points(&s.call_method0("lower")?.cast_into::<PyString>()?)?;
        Ok(low.last() == Some(&FINAL_SIGMA))
    };
    let cased = ends_final(vec![cp])?;
    if cased {
        p |= CASED;
    } else if ends_final(vec!['A' as u32, cp])? {
        p |= IGNORABLE;
    }
    Ok(p)
}

/// Look up, once per process, every code point of `cps` not seen before (the caller holds the GIL).
pub fn ensure(py: Python<'_>, cps: impl IntoIterator<Item = u32>) -> PyResult<()> {
    let mut missing: Vec<u32> = Vec::new();
    for cp in cps {
        if stored(cp) & KNOWN == 0 && !missing.contains(&cp) {
            missing.push(cp);
        }
    }
    for cp in missing {
        let p = ask_python(py, cp)?;
        if cp < 0x10000 {
            BMP[cp as usize].store(p, Ordering::Relaxed);
        } else if let Ok(mut m) = astral().write() {
            m.insert(cp, p);
        }
    }
    Ok(())
}

/// The code points of a Python str, lone surrogates included (a str may hold them; UTF-8 may not).
pub fn code_points(s: &Bound<'_, PyString>) -> PyResult<Vec<u32>> {
    // SAFETY: the data is read at once, while `s` is alive and the GIL is held.
    let data = unsafe { s.data()? };
    Ok(match data {
        pyo3::types::string::PyStringData::Ucs1(b) => b.iter().map(|&c| c as u32).collect(),
        pyo3::types::string::PyStringData::Ucs2(b) => b.iter().map(|&c| c as u32).collect(),
        pyo3::types::string::PyStringData::Ucs4(b) => b.to_vec(),
    })
}

/// A Python str from code points (any, surrogates included).
pub fn string_from<'py>(py: Python<'py>, cps: &[u32]) -> PyResult<Bound<'py, PyString>> {
    // SAFETY: PyUnicode_FromKindAndData copies `cps.len()` UCS-4 units and returns a new reference.
    unsafe {
        let ptr = pyo3::ffi::PyUnicode_FromKindAndData(
            pyo3::ffi::PyUnicode_4BYTE_KIND as _,
            cps.as_ptr().cast(),
            cps.len() as pyo3::ffi::Py_ssize_t,
        );
        Ok(Bound::from_owned_ptr_or_err(py, ptr)?.cast_into_unchecked::<PyString>())
    }
}

fn char_string(py: Python<'_>, cp: u32) -> PyResult<Bound<'_, PyString>> {
    string_from(py, &[cp])
}

/// `str.lower()` of a whole text, as CPython does it: the final-sigma rule for «Σ».
pub fn lower_text(text: &[u32]) -> Vec<u32> {
    let mut out = Vec::with_capacity(text.len());
    for (i, &cp) in text.iter().enumerate() {
        if cp == CAPITAL_SIGMA {
            out.push(if final_sigma(text, i) { FINAL_SIGMA } else { SMALL_SIGMA });
        } else {
            out.push(lower_of(cp));
        }
    }
    out
}

fn final_sigma(text: &[u32], i: usize) -> bool {
    let mut j = i;
    let mut before = None;
    while j > 0 {
        j -= 1;
        if !has(text[j], IGNORABLE) {
            before = Some(text[j]);
            break;
        }
    }
    let Some(c) = before else { return false };
    if !has(c, CASED) {
        return false;
    }
    for &c in &text[i + 1..] {
        if !has(c, IGNORABLE) {
            return !has(c, CASED);
        }
    }
    true
}

/// `str.isupper()` of a slice: no lowercase or titlecase letter, at least one capital.
pub fn is_upper(text: &[u32]) -> bool {
    let mut cased = false;
    for &cp in text {
        let p = props(cp);
        if p & (LOWER | TITLE) != 0 {
            return false;
        }
        if p & UPPER != 0 {
            cased = true;
        }
    }
    cased
}
