//! Just enough of the zip format to look inside a workbook before calamine reads it: the entries
//! of the central directory (name, method, sizes, where the data is) and their data, inflated.
//!
//! Deliberately strict: anything this reader does not fully understand (ZIP64, an end record
//! pointing outside the file, an entry whose data is out of bounds) is an error, so that what it
//! checks is a superset of what calamine's `zip` crate would read. Every end-of-central-directory
//! record found near the end is read, not just the last one, for the same reason.

use super::inflate::{InflateError, inflate};

/// One entry of the central directory.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Entry {
    pub name: String,
    /// 0 stored, 8 deflated (the only two the `zip` crate reads for calamine).
    pub method: u16,
    pub encrypted: bool,
    pub compressed_size: u64,
    pub uncompressed_size: u64,
    pub crc32: u32,
    local_header: u64,
}

/// The zip is not one this reader accepts (see the module documentation).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct ZipError;

/// `len` bytes at `at`, without overflow on 32-bit targets.
fn slice(b: &[u8], at: usize, len: usize) -> Result<&[u8], ZipError> {
    b.get(at..at.checked_add(len).ok_or(ZipError)?)
        .ok_or(ZipError)
}

fn u16_at(b: &[u8], at: usize) -> Result<u16, ZipError> {
    slice(b, at, 2).map(|s| u16::from_le_bytes([s[0], s[1]]))
}

fn u32_at(b: &[u8], at: usize) -> Result<u32, ZipError> {
    slice(b, at, 4).map(|s| u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
}

/// The entries of every central directory that an end record near the end of `bytes` points to.
pub(crate) fn entries(bytes: &[u8]) -> Result<Vec<Entry>, ZipError> {
    // The end record is 22 bytes plus a comment of at most 65,535 bytes.
    let tail_start = bytes.len().saturating_sub(22 + 65_535);
    let tail = &bytes[tail_start..];
    if tail
        .windows(4)
        .any(|w| w == b"PK\x06\x06" || w == b"PK\x06\x07")
    {
        // ZIP64 end records: not for a spreadsheet of a few megabytes.
        return Err(ZipError);
    }
    let mut out: Vec<Entry> = Vec::new();
    let mut found = false;
    for at in (0..tail.len().saturating_sub(21)).rev() {
        if &tail[at..at + 4] != b"PK\x05\x06" {
            continue;
        }
        found = true;
        let end = tail_start + at;
        let count = u16_at(bytes, end + 10)?;
        let size = u32_at(bytes, end + 12)?;
        let offset = u32_at(bytes, end + 16)?;
        if count == u16::MAX || size == u32::MAX || offset == u32::MAX {
            return Err(ZipError);
        }
        let mut p = offset as usize;
        for _ in 0..count {
            if slice(bytes, p, 4)? != b"PK\x01\x02" {
                return Err(ZipError);
            }
            let field = |at: usize| p.checked_add(at).ok_or(ZipError);
            let flags = u16_at(bytes, field(8)?)?;
            let method = u16_at(bytes, field(10)?)?;
            let crc32 = u32_at(bytes, field(16)?)?;
            let compressed = u32_at(bytes, field(20)?)?;
            let uncompressed = u32_at(bytes, field(24)?)?;
            let name_len = usize::from(u16_at(bytes, field(28)?)?);
            let extra_len = usize::from(u16_at(bytes, field(30)?)?);
            let comment_len = usize::from(u16_at(bytes, field(32)?)?);
            let local = u32_at(bytes, field(42)?)?;
            if compressed == u32::MAX || uncompressed == u32::MAX || local == u32::MAX {
                return Err(ZipError);
            }
            let name = slice(bytes, field(46)?, name_len)?;
            let entry = Entry {
                name: String::from_utf8_lossy(name).into_owned(),
                method,
                encrypted: flags & 1 != 0,
                compressed_size: u64::from(compressed),
                uncompressed_size: u64::from(uncompressed),
                crc32,
                local_header: u64::from(local),
            };
            if !out.contains(&entry) {
                out.push(entry);
            }
            p = field(46 + name_len + extra_len + comment_len)?;
        }
    }
    if found { Ok(out) } else { Err(ZipError) }
}

/// The data of `entry`, inflated: at most `limit` bytes, or with `partial` the first `limit`.
pub(crate) fn read(
    bytes: &[u8],
    entry: &Entry,
    limit: usize,
    partial: bool,
) -> Result<Vec<u8>, ZipError> {
    let p = usize::try_from(entry.local_header).map_err(|_| ZipError)?;
    if slice(bytes, p, 4)? != b"PK\x03\x04" || entry.encrypted {
        return Err(ZipError);
    }
    let field = |at: usize| p.checked_add(at).ok_or(ZipError);
    let header =
        30 + usize::from(u16_at(bytes, field(26)?)?) + usize::from(u16_at(bytes, field(28)?)?);
    let size = usize::try_from(entry.compressed_size).map_err(|_| ZipError)?;
    let data = slice(bytes, field(header)?, size)?;
    match entry.method {
        0 if data.len() <= limit || partial => Ok(data[..data.len().min(limit)].to_vec()),
        8 => inflate(data, limit, partial).map_err(|_: InflateError| ZipError),
        _ => Err(ZipError),
    }
}

/// CRC-32 (IEEE), as zip uses it (for the tests: calamine's `zip` checks it when it reads).
#[cfg(test)]
pub(crate) fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
        }
    }
    !crc
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Every entry of a real workbook (written by rust_xlsxwriter, deflated) inflates to the
    /// size and CRC-32 its central directory states.
    #[test]
    fn inflates_every_entry_of_a_real_workbook() {
        let bytes = include_bytes!("../../tests/fixtures/users.xlsx");
        let entries = entries(bytes).unwrap();
        assert!(entries.len() >= 5, "{entries:?}");
        assert!(entries.iter().any(|e| e.method == 8));
        for entry in &entries {
            let data = read(bytes, entry, 1 << 24, false).unwrap();
            assert_eq!(data.len() as u64, entry.uncompressed_size, "{}", entry.name);
            assert_eq!(crc32(&data), entry.crc32, "{}", entry.name);
            let prefix = read(bytes, entry, 10, true).unwrap();
            assert_eq!(prefix, data[..data.len().min(10)], "{}", entry.name);
            if data.len() > 10 {
                assert_eq!(read(bytes, entry, 10, false), Err(ZipError));
            }
        }
    }

    #[test]
    fn garbage_is_an_error_not_a_panic() {
        let bytes = include_bytes!("../../tests/fixtures/users.xlsx");
        for cut in [
            0,
            4,
            22,
            100,
            bytes.len() / 2,
            bytes.len() - 23,
            bytes.len() - 1,
        ] {
            let _ = entries(&bytes[..cut]);
            let _ = entries(&bytes[cut..]);
        }
        let mut x: u32 = 1;
        let mut damaged = bytes.to_vec();
        for _ in 0..200 {
            x ^= x << 13;
            x ^= x >> 17;
            x ^= x << 5;
            let i = x as usize % damaged.len();
            damaged[i] ^= (x >> 8) as u8;
            if let Ok(entries) = entries(&damaged) {
                for e in &entries {
                    let _ = read(&damaged, e, 1 << 20, false);
                }
            }
        }
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
    }
}
