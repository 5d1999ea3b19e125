//! A small raw DEFLATE decoder (RFC 1951), for looking inside a workbook's zip before calamine
//! reads it (see `guard.rs`). Written after zlib's `puff.c`: slow-ish but short, and strict;
//! every malformed stream is an error, never a panic, and the output never exceeds the caller's
//! limit.

/// Why a stream could not be inflated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum InflateError {
    /// The stream is not valid DEFLATE data (or ends early).
    Invalid,
    /// The output would exceed the limit.
    TooLong,
}

const MAX_BITS: usize = 15;

struct Bits<'a> {
    input: &'a [u8],
    pos: usize,
    bit_buf: u64,
    bit_count: u32,
}

impl Bits<'_> {
    fn need(&mut self, n: u32) -> Result<u32, InflateError> {
        while self.bit_count < n {
            let byte = *self.input.get(self.pos).ok_or(InflateError::Invalid)?;
            self.pos += 1;
            self.bit_buf |= u64::from(byte) << self.bit_count;
            self.bit_count += 8;
        }
        let value = (self.bit_buf & ((1u64 << n) - 1)) as u32;
        self.bit_buf >>= n;
        self.bit_count -= n;
        Ok(value)
    }
}

/// A canonical Huffman code: the number of codes of each length and the symbols in code order.
struct Huffman {
    counts: [u16; MAX_BITS + 1],
    symbols: Vec<u16>,
}

impl Huffman {
    /// Builds the code from code lengths; incomplete codes are allowed only as zlib allows them
    /// (a single code, for distances); over-subscribed ones are invalid.
    fn new(lengths: &[u8]) -> Result<Huffman, InflateError> {
        let mut counts = [0u16; MAX_BITS + 1];
        for &l in lengths {
            counts[usize::from(l)] += 1;
        }
        let mut left: i32 = 1;
        for &count in &counts[1..] {
            left = left * 2 - i32::from(count);
            if left < 0 {
                return Err(InflateError::Invalid);
            }
        }
        let mut offsets = [0u16; MAX_BITS + 2];
        for len in 1..=MAX_BITS {
            offsets[len + 1] = offsets[len] + counts[len];
        }
        let mut symbols = vec![0u16; lengths.len()];
        for (symbol, &l) in lengths.iter().enumerate() {
            if l != 0 {
                symbols[usize::from(offsets[usize::from(l)])] = symbol as u16;
                offsets[usize::from(l)] += 1;
            }
        }
        Ok(Huffman { counts, symbols })
    }

    fn decode(&self, bits: &mut Bits<'_>) -> Result<u16, InflateError> {
        let (mut code, mut first, mut index) = (0i32, 0i32, 0i32);
        for len in 1..=MAX_BITS {
            code |= bits.need(1)? as i32;
            let count = i32::from(self.counts[len]);
            if code - count < first {
                return self
                    .symbols
                    .get((index + (code - first)) as usize)
                    .copied()
                    .ok_or(InflateError::Invalid);
            }
            index += count;
            first = (first + count) << 1;
            code <<= 1;
        }
        Err(InflateError::Invalid)
    }
}

const LENGTH_BASE: [u16; 29] = [
    3, 4, 5, 6, 7, 8, 9, 10, 11, 13, 15, 17, 19, 23, 27, 31, 35, 43, 51, 59, 67, 83, 99, 115, 131,
    163, 195, 227, 258,
];
const LENGTH_EXTRA: [u8; 29] = [
    0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0,
];
const DIST_BASE: [u16; 30] = [
    1, 2, 3, 4, 5, 7, 9, 13, 17, 25, 33, 49, 65, 97, 129, 193, 257, 385, 513, 769, 1025, 1537,
    2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577,
];
const DIST_EXTRA: [u8; 30] = [
    0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13,
    13,
];

/// Inflates `input` (raw DEFLATE, no zlib or gzip header) and returns at most `limit` bytes.
/// With `partial`, stops without error once `limit` bytes are out (for reading a prefix);
/// otherwise more output than `limit` is [`InflateError::TooLong`].
pub(crate) fn inflate(input: &[u8], limit: usize, partial: bool) -> Result<Vec<u8>, InflateError> {
    let mut out: Vec<u8> = Vec::with_capacity(input.len().saturating_mul(4).min(limit));
    let mut bits = Bits {
        input,
        pos: 0,
        bit_buf: 0,
        bit_count: 0,
    };
    let full = |out: &Vec<u8>| out.len() >= limit;
    loop {
        let last = bits.need(1)? == 1;
        match bits.need(2)? {
            0 => {
                // Stored: skip to a byte boundary, then LEN and NLEN.
                bits.bit_buf = 0;
                bits.bit_count = 0;
                let header = input
                    .get(bits.pos..bits.pos + 4)
                    .ok_or(InflateError::Invalid)?;
                let len = usize::from(u16::from_le_bytes([header[0], header[1]]));
                let nlen = u16::from_le_bytes([header[2], header[3]]);
                if nlen != !(len as u16) {
                    return Err(InflateError::Invalid);
                }
                bits.pos += 4;
                let data = input
                    .get(bits.pos..bits.pos + len)
                    .ok_or(InflateError::Invalid)?;
                bits.pos += len;
                let room = limit - out.len();
                if data.len() > room {
                    if partial {
                        out.extend_from_slice(&data[..room]);
                        return Ok(out);
                    }
                    return Err(InflateError::TooLong);
                }
                out.extend_from_slice(data);
            }
            1 => {
                let mut lengths = [0u8; 288 + 30];
                lengths[..144].fill(8);
                lengths[144..256].fill(9);
                lengths[256..280].fill(7);
                lengths[280..288].fill(8);
                lengths[288..].fill(5);
                let lit = Huffman::new(&lengths[..288])?;
                let dist = Huffman::new(&lengths[288..])?;
                if codes(&mut bits, &lit, &dist, &mut out, limit, partial)? {
                    return Ok(out);
                }
            }
            2 => {
                let (lit, dist) = dynamic_tables(&mut bits)?;
                if codes(&mut bits, &lit, &dist, &mut out, limit, partial)? {
                    return Ok(out);
                }
            }
            _ => return Err(InflateError::Invalid),
        }
        if last || (partial && full(&out)) {
            return Ok(out);
        }
    }
}

fn dynamic_tables(bits: &mut Bits<'_>) -> Result<(Huffman, Huffman), InflateError> {
    const ORDER: [usize; 19] = [
        16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15,
    ];
    let nlen = bits.need(5)? as usize + 257;
    let ndist = bits.need(5)? as usize + 1;
    let ncode = bits.need(4)? as usize + 4;
    if nlen > 286 || ndist > 30 {
        return Err(InflateError::Invalid);
    }
    let mut code_lengths = [0u8; 19];
    for &i in &ORDER[..ncode] {
        code_lengths[i] = bits.need(3)? as u8;
    }
    let code = Huffman::new(&code_lengths)?;
    let mut lengths = [0u8; 286 + 30];
    let mut i = 0;
    while i < nlen + ndist {
        let symbol = code.decode(bits)?;
        if symbol < 16 {
            lengths[i] = symbol as u8;
            i += 1;
            continue;
        }
        let (value, repeat) = match symbol {
            16 => {
                let previous = *lengths[..i].last().ok_or(InflateError::Invalid)?;
                (previous, 3 + bits.need(2)? as usize)
            }
            17 => (0, 3 + bits.need(3)? as usize),
            _ => (0, 11 + bits.need(7)? as usize),
        };
        if i + repeat > nlen + ndist {
            return Err(InflateError::Invalid);
        }
        lengths[i..i + repeat].fill(value);
        i += repeat;
    }
    if lengths[256] == 0 {
        return Err(InflateError::Invalid);
    }
    Ok((
        Huffman::new(&lengths[..nlen])?,
        Huffman::new(&lengths[nlen..nlen + ndist])?,
    ))
}

/// Decodes one block's codes; `Ok(true)` when the output reached `limit` in partial mode.
fn codes(
    bits: &mut Bits<'_>,
    lit: &Huffman,
    dist: &Huffman,
    out: &mut Vec<u8>,
    limit: usize,
    partial: bool,
) -> Result<bool, InflateError> {
    let room = |out: &Vec<u8>, n: usize| -> Result<bool, InflateError> {
        if out.len() + n <= limit {
            Ok(true)
        } else if partial {
            Ok(false)
        } else {
            Err(InflateError::TooLong)
        }
    };
    loop {
        let symbol = usize::from(lit.decode(bits)?);
        if symbol < 256 {
            if !room(out, 1)? {
                return Ok(true);
            }
            out.push(symbol as u8);
        } else if symbol == 256 {
            return Ok(false);
        } else {
            let s = symbol - 257;
            if s >= 29 {
                return Err(InflateError::Invalid);
            }
            let len = usize::from(LENGTH_BASE[s]) + bits.need(u32::from(LENGTH_EXTRA[s]))? as usize;
            let d = usize::from(dist.decode(bits)?);
            if d >= 30 {
                return Err(InflateError::Invalid);
            }
            let distance =
                usize::from(DIST_BASE[d]) + bits.need(u32::from(DIST_EXTRA[d]))? as usize;
            if distance > out.len() {
                return Err(InflateError::Invalid);
            }
            let take = if room(out, len)? {
                len
            } else {
                limit - out.len()
            };
            let start = out.len() - distance;
            for k in 0..take {
                let byte = out[start + k];
                out.push(byte);
            }
            if take < len {
                return Ok(true);
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn stored_fixed_and_errors() {
        // A stored block: "hallo".
        let stored = [0x01, 0x05, 0x00, 0xFA, 0xFF, b'h', b'a', b'l', b'l', b'o'];
        assert_eq!(inflate(&stored, 100, false).unwrap(), b"hallo");
        assert_eq!(inflate(&stored, 3, true).unwrap(), b"hal");
        assert_eq!(inflate(&stored, 3, false), Err(InflateError::TooLong));
        // zlib's fixed-Huffman encoding of "hallo hallo hallo" (raw deflate).
        let fixed = [0xCB, 0x48, 0xCC, 0xC9, 0xC9, 0x57, 0xC8, 0x40, 0x90, 0x00];
        assert_eq!(inflate(&fixed, 100, false).unwrap(), b"hallo hallo hallo");
        assert_eq!(inflate(&fixed, 8, true).unwrap(), b"hallo ha");
        for bad in [
            &[][..],
            &[0x07],
            &[0x01, 0x05, 0x00, 0x00, 0x00],
            &fixed[..4],
        ] {
            assert_eq!(
                inflate(bad, 100, false),
                Err(InflateError::Invalid),
                "{bad:?}"
            );
        }
    }
}
