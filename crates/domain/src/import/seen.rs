//! Duplicate detection across rows: for each row, the first earlier row with the same key
//! (e-mail address, person, mobile number).
//!
//! While the rows are read, each one only records a 32-bit hash tag of its key ([`Keys::push`]);
//! the duplicates are found afterwards in one go ([`Keys::duplicates`]). For a large file the
//! entries are first partitioned by their tag's top bits (a counting sort, which keeps the row
//! order within a partition), so that each partition's hash table fits in the CPU cache: probing
//! one big table per row at random costs a cache miss per key and was most of the time of a
//! 50 MB import.
//!
//! The tags only locate candidates; every candidate is confirmed on the values themselves, so a
//! collision can neither invent nor hide a duplicate.

/// The keys of the rows, as `tag << 32 | row`, in row order.
#[derive(Debug, Default)]
pub(crate) struct Keys {
    entries: Vec<u64>,
}

/// Partitions of at most about this many entries (their table: at most 512 KB, within the
/// CPU's second-level cache). A file of up to this many rows needs no partitioning.
const PARTITION: usize = 1 << 15;

impl Keys {
    pub(crate) fn reserve(&mut self, rows: usize) {
        self.entries.reserve(rows);
    }

    /// Records that row `row` has a key with hash `hash` (from [`hash_bytes`]).
    #[inline]
    pub(crate) fn push(&mut self, hash: u64, row: u32) {
        self.entries
            .push(hash & 0xFFFF_FFFF_0000_0000 | u64::from(row));
    }

    /// Calls `found(row, first)` for every row whose key `same` confirms equal to that of an
    /// earlier row, with the first such row, leaving out the rows for which `skip` is true (they
    /// neither find nor are found). Rows come in an unspecified order.
    /// `scratch` is working memory, reused between calls.
    pub(crate) fn duplicates(
        &self,
        scratch: &mut Scratch,
        mut skip: impl FnMut(u32) -> bool,
        mut same: impl FnMut(u32, u32) -> bool,
        mut found: impl FnMut(u32, u32),
    ) {
        let entries = &self.entries;
        let Scratch { table, sorted } = scratch;
        if entries.len() <= PARTITION {
            table.run(entries, &mut skip, &mut same, &mut found);
            return;
        }
        let bits = entries
            .len()
            .div_ceil(PARTITION)
            .next_power_of_two()
            .trailing_zeros()
            .clamp(1, 16);
        let part = |e: u64| (e >> (64 - bits)) as usize;
        let mut starts = vec![0usize; (1 << bits) + 1];
        for &e in entries {
            starts[part(e) + 1] += 1;
        }
        for i in 1..starts.len() {
            starts[i] += starts[i - 1];
        }
        let mut next = starts.clone();
        sorted.clear();
        sorted.resize(entries.len(), 0);
        for &e in entries {
            let p = part(e);
            sorted[next[p]] = e;
            next[p] += 1;
        }
        for w in starts.windows(2) {
            table.run(&sorted[w[0]..w[1]], &mut skip, &mut same, &mut found);
        }
    }
}

/// Working memory of [`Keys::duplicates`].
#[derive(Default)]
pub(crate) struct Scratch {
    table: Table,
    sorted: Vec<u64>,
}

/// An open-addressing hash set of entries, linear probing, 0 for an empty slot.
#[derive(Default)]
struct Table {
    slots: Vec<u64>,
}

impl Table {
    fn run(
        &mut self,
        entries: &[u64],
        skip: &mut impl FnMut(u32) -> bool,
        same: &mut impl FnMut(u32, u32) -> bool,
        found: &mut impl FnMut(u32, u32),
    ) {
        // At most 3/4 full; a power of two.
        let capacity = (entries.len() + entries.len() / 3 + 1).next_power_of_two();
        self.slots.clear();
        self.slots.resize(capacity, 0);
        let mask = capacity - 1;
        for &entry in entries {
            let row = entry as u32;
            if skip(row) {
                continue;
            }
            let tag = entry >> 32;
            // Stored as row + 1 so that no entry is 0.
            let stored = tag << 32 | (u64::from(row) + 1);
            let mut i = tag as usize & mask;
            loop {
                let slot = self.slots[i];
                if slot == 0 {
                    self.slots[i] = stored;
                    break;
                }
                if slot >> 32 == tag {
                    let earlier = (slot as u32).wrapping_sub(1);
                    if same(earlier, row) {
                        found(row, earlier);
                        break;
                    }
                }
                i = (i + 1) & mask;
            }
        }
    }
}

/// A 64-bit hash of `bytes`, eight at a time. With `fold_case`, ASCII letters hash the same in
/// either case (every byte is OR-ed with 0x20, which merges a few other pairs of bytes too: the
/// confirmation on the values sorts those out).
#[inline]
pub(crate) fn hash_bytes(bytes: &[u8], fold_case: bool) -> u64 {
    hash_words::<false>(bytes, fold_case).unwrap_or_default()
}

/// `hash_bytes(bytes, true)` when `bytes` has no non-ASCII byte, hyphen or apostrophe (a plain
/// name, the same folded or not), else `None`: checked in the same pass.
#[inline]
pub(crate) fn hash_plain_name(bytes: &[u8]) -> Option<u64> {
    hash_words::<true>(bytes, true)
}

#[inline]
fn hash_words<const PLAIN: bool>(bytes: &[u8], fold_case: bool) -> Option<u64> {
    const K: u64 = 0x9E37_79B9_7F4A_7C15;
    const ONES: u64 = 0x0101_0101_0101_0101;
    const HIGH: u64 = 0x8080_8080_8080_8080;
    // (A mark above a real hyphen or apostrophe may be wrong, but then there is a real one.)
    let has_zero = |v: u64| v.wrapping_sub(ONES) & !v & HIGH;
    let plain =
        |w: u64| (w & HIGH) | has_zero(w ^ (ONES * 0x2D)) | has_zero(w ^ (ONES * 0x27)) == 0;
    let fold = if fold_case { 0x2020_2020_2020_2020 } else { 0 };
    let mut h = (bytes.len() as u64).wrapping_mul(K) ^ 0x2d35_8dcc_aa6c_78a5;
    let mut chunks = bytes.chunks_exact(8);
    for chunk in &mut chunks {
        let mut word = [0u8; 8];
        word.copy_from_slice(chunk);
        let w = u64::from_le_bytes(word);
        if PLAIN && !plain(w) {
            return None;
        }
        h = (h ^ (w | fold)).wrapping_mul(K).rotate_left(29);
    }
    let rest = chunks.remainder();
    if !rest.is_empty() {
        // The rest padded with zero bytes: from the last eight bytes where there are eight (one
        // load and a shift instead of a copy of a variable length).
        let w = match bytes.len().checked_sub(8) {
            Some(last) => {
                let mut word = [0u8; 8];
                word.copy_from_slice(&bytes[last..]);
                u64::from_le_bytes(word) >> (8 * (8 - rest.len()))
            }
            None => {
                let mut word = [0u8; 8];
                word[..rest.len()].copy_from_slice(rest);
                u64::from_le_bytes(word)
            }
        };
        if PLAIN && !plain(w) {
            return None;
        }
        h = (h ^ (w | fold)).wrapping_mul(K).rotate_left(29);
    }
    // Finalise so that the high 32 bits (the tag) depend on every input bit.
    h ^= h >> 32;
    h = h.wrapping_mul(0xD6E8_FEB8_6659_FD93);
    Some(h ^ (h >> 32))
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    /// `Keys::duplicates` against a plain map, sorted by row.
    fn check(keys: &[u64], hash: impl Fn(u64) -> u64, skip: impl Fn(u32) -> bool) {
        let mut k = Keys::default();
        for (row, key) in keys.iter().enumerate() {
            k.push(hash(*key), row as u32);
        }
        let mut got = Vec::new();
        k.duplicates(
            &mut Scratch::default(),
            &skip,
            |a, b| keys[a as usize] == keys[b as usize],
            |row, first| got.push((row, first)),
        );
        got.sort_unstable();
        let mut first: HashMap<u64, u32> = HashMap::new();
        let mut expect = Vec::new();
        for (row, key) in keys.iter().enumerate() {
            let row = row as u32;
            if skip(row) {
                continue;
            }
            match first.get(key) {
                Some(&f) => expect.push((row, f)),
                None => {
                    first.insert(*key, row);
                }
            }
        }
        assert_eq!(got, expect);
    }

    fn mix(mut x: u64) -> u64 {
        x ^= x >> 31;
        x = x.wrapping_mul(0x9E37_79B9_7F4A_7C15);
        x ^ (x >> 29)
    }

    #[test]
    fn finds_the_first_earlier_row_small_and_partitioned() {
        for n in [
            0usize,
            1,
            5,
            1000,
            PARTITION + 1,
            5 * PARTITION + 17,
            40_000,
        ] {
            let keys: Vec<u64> = (0..n as u64).map(|i| mix(i) % (n as u64 / 3 + 1)).collect();
            check(&keys, |k| hash_bytes(&k.to_le_bytes(), false), |_| false);
            check(
                &keys,
                |k| hash_bytes(&k.to_le_bytes(), false),
                |r| r % 7 == 3,
            );
        }
    }

    #[test]
    fn collisions_are_confirmed_on_the_values() {
        // Every key has the same tag, or one of four tags: the values decide.
        let keys: Vec<u64> = (0..3 * PARTITION as u64).map(|i| mix(i) % 500).collect();
        check(&keys, |_| 42 << 32, |_| false);
        check(&keys, |k| (k % 4) << 62, |r| r % 5 == 0);
        check(&[1, 2, 1, 3, 2], |_| 7 << 32, |_| false);
    }

    #[test]
    fn plain_name_hash_is_the_folding_hash() {
        for name in [
            "",
            "Jan",
            "Jan Pieter van der Berg",
            "JANPIETERVANDERBERG",
            "abcdefgh",
        ] {
            assert_eq!(
                hash_plain_name(name.as_bytes()),
                Some(hash_bytes(name.as_bytes(), true))
            );
        }
        for name in [
            "Jan-Pieter",
            "O'Brien",
            "Zoë",
            "abcdefgh-",
            "abcdefghijklmnop'",
        ] {
            assert_eq!(hash_plain_name(name.as_bytes()), None, "{name}");
        }
    }

    #[test]
    fn case_folding_hash() {
        assert_eq!(
            hash_bytes(b"Jan.Jansen@Voorbeeld.nl", true),
            hash_bytes(b"jan.jansen@voorbeeld.NL", true)
        );
        assert_ne!(
            hash_bytes(b"jan@voorbeeld.nl", false),
            hash_bytes(b"Jan@voorbeeld.nl", false)
        );
        assert_ne!(hash_bytes(b"", false), hash_bytes(b"\0", false));
    }

    /// The hash as written out with the last word padded by zero bytes: the reading of the last
    /// word from the last eight bytes does not change it.
    #[test]
    fn the_last_word_is_the_rest_padded_with_zeros() {
        const K: u64 = 0x9E37_79B9_7F4A_7C15;
        let text = b"Jan-Pieter.de.Vries@voorbeeld.nl'x";
        for len in 0..text.len() {
            for fold in [0, 0x2020_2020_2020_2020] {
                let mut h = (len as u64).wrapping_mul(K) ^ 0x2d35_8dcc_aa6c_78a5;
                for chunk in text[..len].chunks(8) {
                    let mut w = [0u8; 8];
                    w[..chunk.len()].copy_from_slice(chunk);
                    h = (h ^ (u64::from_le_bytes(w) | fold))
                        .wrapping_mul(K)
                        .rotate_left(29);
                }
                h ^= h >> 32;
                h = h.wrapping_mul(0xD6E8_FEB8_6659_FD93);
                assert_eq!(hash_bytes(&text[..len], fold != 0), h ^ (h >> 32), "{len}");
            }
        }
    }
}
