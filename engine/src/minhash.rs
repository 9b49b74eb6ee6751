//! The near-duplicate sketch of an article (streams/incidents/sketch.py): a MinHash of the text's
//! word shingles, computed exactly as datasketch's `MinHash(scheme="affine32").update_batch` does
//! with its default hash, so the signatures are the same bytes and the duplicate threshold measured
//! on them (README.md#near-duplicate-articles) still holds.
//!
//! Per shingle (`size` consecutive words joined by one space, as UTF-8): the first four bytes of
//! its SHA-1 read little-endian (datasketch's `sha1_hash32`), mixed once by the 32-bit MurmurHash3
//! finalizer, then `a[k] * h + b[k]` with 32-bit wraparound for each permutation `k`; the
//! signature is the minimum over all shingles. A text of fewer words than `size` is one shingle of
//! all its words; a text without words has no signature.
//!
//! The words come as the text already joined by single spaces (`" ".join(words)`, which the text
//! hash hashes too), so every shingle is a slice of that one string: nothing is copied.

/// SHA-1 (FIPS 180-4) of `data`: the 20-byte digest.
pub fn sha1(data: &[u8]) -> [u8; 20] {
    let mut state: [u32; 5] = [0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0];
    let mut blocks = data.chunks_exact(64);
    for block in &mut blocks {
        compress(&mut state, block);
    }
    // The tail, the 0x80 marker, zeros, and the message length in bits (big-endian): one or two blocks.
    let rest = blocks.remainder();
    let mut tail = [0u8; 128];
    tail[..rest.len()].copy_from_slice(rest);
    tail[rest.len()] = 0x80;
    let total = if rest.len() < 56 { 64 } else { 128 };
    tail[total - 8..total].copy_from_slice(&((data.len() as u64).wrapping_mul(8)).to_be_bytes());
    for block in tail[..total].chunks_exact(64) {
        compress(&mut state, block);
    }
    let mut out = [0u8; 20];
    for (i, word) in state.iter().enumerate() {
        out[4 * i..4 * i + 4].copy_from_slice(&word.to_be_bytes());
    }
    out
}

fn compress(state: &mut [u32; 5], block: &[u8]) {
    let mut w = [0u32; 80];
    for (i, chunk) in block.chunks_exact(4).enumerate() {
        w[i] = u32::from_be_bytes([chunk[0], chunk[1], chunk[2], chunk[3]]);
    }
    for i in 16..80 {
        w[i] = (w[i - 3] ^ w[i - 8] ^ w[i - 14] ^ w[i - 16]).rotate_left(1);
    }
    let [mut a, mut b, mut c, mut d, mut e] = *state;
    for (i, word) in w.iter().enumerate() {
        let (f, k) = match i {
            0..=19 => ((b & c) | (!b & d), 0x5A82_7999),
            20..=39 => (b ^ c ^ d, 0x6ED9_EBA1),
            40..=59 => ((b & c) | (b & d) | (c & d), 0x8F1B_BCDC),
            _ => (b ^ c ^ d, 0xCA62_C1D6),
        };
        let next = a.rotate_left(5).wrapping_add(f).wrapping_add(e).wrapping_add(k).wrapping_add(*word);
        e = d;
        d = c;
        c = b.rotate_left(30);
        b = a;
        a = next;
    }
    for (slot, value) in state.iter_mut().zip([a, b, c, d, e]) {
        *slot = slot.wrapping_add(value);
    }
}

/// datasketch's `sha1_hash32`: the digest's first four bytes, little-endian.
pub fn hash32(data: &[u8]) -> u32 {
    let digest = sha1(data);
    u32::from_le_bytes([digest[0], digest[1], digest[2], digest[3]])
}

/// The 32-bit MurmurHash3 finalizer (datasketch's pre-mix for the affine32 scheme).
pub fn fmix32(mut h: u32) -> u32 {
    h ^= h >> 16;
    h = h.wrapping_mul(0x85EB_CA6B);
    h ^= h >> 13;
    h = h.wrapping_mul(0xC2B2_AE35);
    h ^ (h >> 16)
}

/// The MinHash signature of the shingles of `joined` (words separated by single spaces), or None
/// when it has no words. `a` and `b` are the permutations (one pair per signature position).
pub fn signature(joined: &str, size: usize, a: &[u32], b: &[u32]) -> Option<Vec<u32>> {
    let bytes = joined.as_bytes();
    // (start, end) of every word
    let mut words: Vec<(usize, usize)> = Vec::new();
    let mut start: Option<usize> = None;
    for (i, &byte) in bytes.iter().enumerate() {
        if byte == b' ' {
            if let Some(s) = start.take() {
                words.push((s, i));
            }
        } else if start.is_none() {
            start = Some(i);
        }
    }
    if let Some(s) = start {
        words.push((s, bytes.len()));
    }
    if words.is_empty() {
        return None;
    }
    let size = size.max(1);
    let mut out = vec![u32::MAX; a.len()];
    let mut add = |shingle: &[u8]| {
        let h = fmix32(hash32(shingle));
        for ((slot, &ak), &bk) in out.iter_mut().zip(a).zip(b) {
            let v = ak.wrapping_mul(h).wrapping_add(bk);
            if v < *slot {
                *slot = v;
            }
        }
    };
    if words.len() < size {
        add(&bytes[words[0].0..words[words.len() - 1].1]);
    } else {
        for i in 0..=words.len() - size {
            add(&bytes[words[i].0..words[i + size - 1].1]);
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hex(d: &[u8]) -> String {
        d.iter().map(|b| format!("{b:02x}")).collect()
    }

    #[test]
    fn sha1_known_digests() {
        assert_eq!(hex(&sha1(b"")), "da39a3ee5e6b4b0d3255bfef95601890afd80709");
        assert_eq!(hex(&sha1(b"abc")), "a9993e364706816aba3e25717850c26c9cd0d89d");
        // 56 bytes: the length no longer fits the first padding block
        assert_eq!(
            hex(&sha1(b"abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")),
            "84983e441c3bd26ebaae4aa1f95129e5e54670f1"
        );
        assert_eq!(hex(&sha1(&[b'a'; 1000])), "291e9a6c66994949b57ba5e650361e98fc36b1ba");
    }

    #[test]
    fn shingles_are_windows_of_words() {
        let (a, b) = ([3u32, 5], [7u32, 11]);
        let one = signature("x y z", 3, &a, &b).unwrap();
        let h = fmix32(hash32(b"x y z"));
        assert_eq!(one, vec![3u32.wrapping_mul(h).wrapping_add(7), 5u32.wrapping_mul(h).wrapping_add(11)]);
        // fewer words than the shingle: all of them, one shingle
        assert_eq!(signature("x y", 3, &a, &b), Some(vec![
            3u32.wrapping_mul(fmix32(hash32(b"x y"))).wrapping_add(7),
            5u32.wrapping_mul(fmix32(hash32(b"x y"))).wrapping_add(11),
        ]));
        assert_eq!(signature("", 3, &a, &b), None);
        assert_eq!(signature("   ", 3, &a, &b), None);
    }
}
