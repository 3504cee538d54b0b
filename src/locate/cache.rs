//! The binary cache of one postcode file: the records its CSV gave, written once and read back
//! without parsing or converting anything (`cargo bench --bench locate` times both loads).
//!
//! One cache file per version of a source (path, size, modification time, format version are
//! in its name and header); a cache that is missing, stale, damaged or unwritable is never an
//! error, only a reason to read the CSV (the caller records a warning). Not a general store.
//!
//! Layout, all little-endian:
//!
//! ```text
//!   0  magic            8 bytes  "SPLOCATE"
//!   8  format version   u32
//!  12  record size      u32      (16)
//!  16  source path hash u64      (FNV-1a of the canonical path)
//!  24  source size      u64
//!  32  source mtime     i64 seconds since the Unix epoch
//!  40  source mtime     u32 nanoseconds
//!  44  skipped BT rows  u32
//!  48  record count     u64
//!  56  checksum         u64      (over the record bytes)
//!  64  records: count × { key+flags u64, lat i32 µdeg, lon i32 µdeg }, sorted
//!      by key, keys unique. Flag bits in the key word: 63 terminated,
//!      62 located.
//! ```

use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::time::UNIX_EPOCH;

use super::LocateError;
use super::records::{Parsed, Record};
use crate::hash::fnv1a;
use crate::place::Postcode;

const CACHE_MAGIC: &[u8; 8] = b"SPLOCATE";
/// Bump whenever the layout or the way CSV rows are interpreted changes.
const CACHE_VERSION: u32 = 1;
const CACHE_HEADER_LEN: usize = 64;
const CACHE_RECORD_LEN: usize = 16;
const FLAG_TERMINATED: u64 = 1 << 63;
const FLAG_LOCATED: u64 = 1 << 62;

/// Why a cache file cannot be trusted. Never an error for the gazetteer's
/// callers: the CSV is read instead, and this message goes into the warning
/// that says so.
#[derive(Debug, thiserror::Error)]
pub(super) enum CacheError {
    /// The file exists but could not be read.
    #[error(transparent)]
    Unreadable(io::Error),
    #[error("not a postcode cache file")]
    NotACache,
    /// An older or newer layout (or record size) than this program writes.
    #[error("written in format {found}, this program reads format {CACHE_VERSION}")]
    Format { found: u32 },
    /// The header's path, size or modification time is not the source's.
    #[error("made from a different version of the source file")]
    OtherSource,
    #[error("truncated: expected {count} records, found {bytes} bytes")]
    Truncated { count: u64, bytes: usize },
    #[error("checksum mismatch")]
    Checksum,
    #[error("records out of order")]
    OutOfOrder,
    #[error("holds an invalid postcode")]
    InvalidPostcode,
    #[error("holds an impossible coordinate")]
    ImpossibleCoordinate,
}

/// What identifies one version of one source file.
pub(super) struct SourceStamp {
    path_hash: u64,
    size: u64,
    mtime_secs: i64,
    mtime_nanos: u32,
}

impl SourceStamp {
    pub(super) fn of(path: &Path) -> Result<SourceStamp, LocateError> {
        let canonical = fs::canonicalize(path).map_err(|e| LocateError::io(path, "find", e))?;
        let meta = fs::metadata(&canonical).map_err(|e| LocateError::io(path, "read", e))?;
        let (mtime_secs, mtime_nanos) = match meta.modified().map(|t| t.duration_since(UNIX_EPOCH))
        {
            Ok(Ok(d)) => (d.as_secs() as i64, d.subsec_nanos()),
            Ok(Err(before)) => (
                -(before.duration().as_secs() as i64),
                before.duration().subsec_nanos(),
            ),
            Err(_) => (0, 0),
        };
        Ok(SourceStamp {
            path_hash: fnv1a(canonical.as_os_str().as_encoded_bytes()),
            size: meta.len(),
            mtime_secs,
            mtime_nanos,
        })
    }

    /// `postcodes-<path hash>-<version hash>.cache`: one name per path, size,
    /// modification time and format version, so any change means a new file.
    pub(super) fn cache_name(&self) -> String {
        let mut state = Vec::with_capacity(32);
        state.extend_from_slice(&self.path_hash.to_le_bytes());
        state.extend_from_slice(&self.size.to_le_bytes());
        state.extend_from_slice(&self.mtime_secs.to_le_bytes());
        state.extend_from_slice(&self.mtime_nanos.to_le_bytes());
        state.extend_from_slice(&CACHE_VERSION.to_le_bytes());
        format!("{}{:016x}.cache", self.cache_prefix(), fnv1a(&state))
    }

    fn cache_prefix(&self) -> String {
        format!("postcodes-{:016x}-", self.path_hash)
    }
}

/// A checksum over whole 8-byte words; any change to one word changes it.
fn checksum(bytes: &[u8]) -> u64 {
    let mut h = 0x9e37_79b9_7f4a_7c15u64 ^ bytes.len() as u64;
    let mut words = bytes.chunks_exact(8);
    for w in &mut words {
        h = (h ^ u64::from_le_bytes(w.try_into().unwrap()))
            .wrapping_mul(0x0100_0000_01b3)
            .rotate_left(23);
    }
    for &b in words.remainder() {
        h = (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    h
}

fn encode_cache(stamp: &SourceStamp, parsed: &Parsed) -> Vec<u8> {
    let mut body = Vec::with_capacity(parsed.records.len() * CACHE_RECORD_LEN);
    for r in &parsed.records {
        let mut word = r.key;
        if r.terminated {
            word |= FLAG_TERMINATED;
        }
        if r.located {
            word |= FLAG_LOCATED;
        }
        body.extend_from_slice(&word.to_le_bytes());
        body.extend_from_slice(&r.lat.to_le_bytes());
        body.extend_from_slice(&r.lon.to_le_bytes());
    }
    let mut out = Vec::with_capacity(CACHE_HEADER_LEN + body.len());
    out.extend_from_slice(CACHE_MAGIC);
    out.extend_from_slice(&CACHE_VERSION.to_le_bytes());
    out.extend_from_slice(&(CACHE_RECORD_LEN as u32).to_le_bytes());
    out.extend_from_slice(&stamp.path_hash.to_le_bytes());
    out.extend_from_slice(&stamp.size.to_le_bytes());
    out.extend_from_slice(&stamp.mtime_secs.to_le_bytes());
    out.extend_from_slice(&stamp.mtime_nanos.to_le_bytes());
    out.extend_from_slice(&parsed.skipped_irish_grid.to_le_bytes());
    out.extend_from_slice(&(parsed.records.len() as u64).to_le_bytes());
    out.extend_from_slice(&checksum(&body).to_le_bytes());
    debug_assert_eq!(out.len(), CACHE_HEADER_LEN);
    out.extend_from_slice(&body);
    out
}

/// `Ok(None)`: no cache yet. `Err`: a cache exists but cannot be trusted.
pub(super) fn read_cache(
    cache_path: &Path,
    stamp: &SourceStamp,
) -> Result<Option<Parsed>, CacheError> {
    let bytes = match fs::read(cache_path) {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
        Err(e) => return Err(CacheError::Unreadable(e)),
    };
    decode_cache(&bytes, stamp).map(Some)
}

fn decode_cache(bytes: &[u8], stamp: &SourceStamp) -> Result<Parsed, CacheError> {
    if bytes.len() < CACHE_HEADER_LEN || &bytes[..8] != CACHE_MAGIC {
        return Err(CacheError::NotACache);
    }
    let u32_at = |at: usize| u32::from_le_bytes(bytes[at..at + 4].try_into().unwrap());
    let u64_at = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap());
    if u32_at(8) != CACHE_VERSION || u32_at(12) as usize != CACHE_RECORD_LEN {
        return Err(CacheError::Format { found: u32_at(8) });
    }
    if u64_at(16) != stamp.path_hash
        || u64_at(24) != stamp.size
        || u64_at(32) as i64 != stamp.mtime_secs
        || u32_at(40) != stamp.mtime_nanos
    {
        return Err(CacheError::OtherSource);
    }
    let skipped_irish_grid = u32_at(44);
    let count = u64_at(48);
    let body = &bytes[CACHE_HEADER_LEN..];
    if count.checked_mul(CACHE_RECORD_LEN as u64) != Some(body.len() as u64) {
        return Err(CacheError::Truncated {
            count,
            bytes: body.len(),
        });
    }
    if checksum(body) != u64_at(56) {
        return Err(CacheError::Checksum);
    }
    let mut records = Vec::with_capacity(count as usize);
    let mut previous_key = None;
    for chunk in body.chunks_exact(CACHE_RECORD_LEN) {
        let word = u64::from_le_bytes(chunk[..8].try_into().unwrap());
        let key = word & !(FLAG_TERMINATED | FLAG_LOCATED);
        let record = Record {
            key,
            lat: i32::from_le_bytes(chunk[8..12].try_into().unwrap()),
            lon: i32::from_le_bytes(chunk[12..16].try_into().unwrap()),
            terminated: word & FLAG_TERMINATED != 0,
            located: word & FLAG_LOCATED != 0,
        };
        if previous_key.is_some_and(|p| p >= key) {
            return Err(CacheError::OutOfOrder);
        }
        if Postcode::from_key(key).is_none() {
            return Err(CacheError::InvalidPostcode);
        }
        if record.lat.unsigned_abs() > 90_000_000 || record.lon.unsigned_abs() > 180_000_000 {
            return Err(CacheError::ImpossibleCoordinate);
        }
        previous_key = Some(key);
        records.push(record);
    }
    Ok(Parsed {
        records,
        skipped_irish_grid,
    })
}

/// Writes the cache to a temporary file beside it, then renames it into place,
/// so a reader never sees half a file.
pub(super) fn write_cache(
    cache_path: &Path,
    stamp: &SourceStamp,
    parsed: &Parsed,
) -> io::Result<()> {
    let bytes = encode_cache(stamp, parsed);
    let nonce = std::time::SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let mut temp_name = cache_path.as_os_str().to_owned();
    temp_name.push(format!(".tmp-{}-{nonce}", std::process::id()));
    let temp_path = PathBuf::from(temp_name);
    let result = fs::write(&temp_path, &bytes).and_then(|()| fs::rename(&temp_path, cache_path));
    if result.is_err() {
        let _ = fs::remove_file(&temp_path);
    }
    result
}

/// Deletes caches of earlier versions of the same source file. Best effort.
pub(super) fn remove_stale_caches(dir: &Path, stamp: &SourceStamp, keep: &Path) {
    let prefix = stamp.cache_prefix();
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let name = name.to_string_lossy();
        if name.starts_with(&prefix) && name.ends_with(".cache") && entry.path() != keep {
            let _ = fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use std::fs;
    use std::path::Path;

    use super::super::tests::{DOOGAL, ONSPD, TempDir, load};
    use super::*;

    #[test]
    fn cached_load_gives_identical_results() {
        let tmp = TempDir::new("roundtrip");
        let cache = tmp.0.join("cache");
        let from_csv = load(&[Path::new(ONSPD), Path::new(DOOGAL)], &cache);
        assert_eq!(
            tmp.cache_files("cache").len(),
            2,
            "one cache file per source"
        );
        let from_cache = load(&[Path::new(ONSPD), Path::new(DOOGAL)], &cache);
        assert!(
            from_cache.warnings().is_empty(),
            "{:?}",
            from_cache.warnings()
        );
        assert!(from_csv.iter().eq(from_cache.iter()));
    }

    #[test]
    fn a_damaged_cache_says_what_is_wrong_with_it() {
        let tmp = TempDir::new("why");
        let src = tmp.write(
            "p.csv",
            "pcds,lat,long\nCR0 1AA,51.1,-0.1\nSE25 4AA,51.4,-0.07\n",
        );
        let stamp = SourceStamp::of(&src).unwrap();
        let parsed = Parsed {
            records: vec![Record {
                key: "CR0 1AA".parse::<Postcode>().unwrap().key(),
                lat: 51_100_000,
                lon: -100_000,
                terminated: false,
                located: true,
            }],
            skipped_irish_grid: 0,
        };
        let good = encode_cache(&stamp, &parsed);
        assert_eq!(decode_cache(&good, &stamp).unwrap().records, parsed.records);

        let mut newer = good.clone();
        newer[8..12].copy_from_slice(&(CACHE_VERSION + 1).to_le_bytes());
        let mut flipped = good.clone();
        flipped[CACHE_HEADER_LEN + 9] ^= 1;
        let why = |bytes: &[u8]| decode_cache(bytes, &stamp).map(|_| ()).unwrap_err();
        assert!(matches!(why(b"short"), CacheError::NotACache));
        assert!(matches!(
            why(&newer),
            CacheError::Format { found } if found == CACHE_VERSION + 1
        ));
        assert!(matches!(
            why(&good[..good.len() - 1]),
            CacheError::Truncated {
                count: 1,
                bytes: 15
            }
        ));
        assert!(matches!(why(&flipped), CacheError::Checksum));
        assert_eq!(
            why(&good[..good.len() - 1]).to_string(),
            "truncated: expected 1 records, found 15 bytes"
        );
        let other = tmp.write("q.csv", "pcds,lat,long\n");
        let other = SourceStamp::of(&other).unwrap();
        assert!(matches!(
            decode_cache(&good, &other).map(|_| ()).unwrap_err(),
            CacheError::OtherSource
        ));
    }

    #[test]
    fn corrupt_or_truncated_cache_is_rebuilt() {
        let tmp = TempDir::new("corrupt");
        let cache = tmp.0.join("cache");
        let good = load(&[Path::new(ONSPD)], &cache);
        let [cache_file] = tmp.cache_files("cache").try_into().unwrap();
        let original = fs::read(&cache_file).unwrap();

        let mut flipped = original.clone();
        flipped[CACHE_HEADER_LEN + 1000] ^= 0x10;
        let truncated = original[..original.len() - 7].to_vec();
        let mut bad_count = original.clone();
        bad_count[48..56].copy_from_slice(&u64::MAX.to_le_bytes());
        let garbage = b"not a cache".to_vec();

        for (what, bytes) in [
            ("flipped bit", flipped),
            ("truncated", truncated),
            ("bad count", bad_count),
            ("garbage", garbage),
            ("empty", Vec::new()),
        ] {
            fs::write(&cache_file, bytes).unwrap();
            let rebuilt = load(&[Path::new(ONSPD)], &cache);
            assert!(good.iter().eq(rebuilt.iter()), "{what}");
            assert_eq!(rebuilt.warnings().len(), 1, "{what}");
            assert!(
                rebuilt.warnings()[0].contains("rebuilt"),
                "{what}: {:?}",
                rebuilt.warnings()
            );
            assert_eq!(
                fs::read(&cache_file).unwrap(),
                original,
                "{what}: cache rewritten"
            );
        }
    }

    #[test]
    fn any_damaged_byte_of_a_cache_is_caught_without_panicking() {
        let tmp = TempDir::new("everybyte");
        let cache = tmp.0.join("cache");
        let src = tmp.write(
            "p.csv",
            "pcds,lat,long,doterm\nCR0 1AA,51.1,-0.1,\nCR0 1AB,51.2,-0.2,2019\nSE25 4AA,51.4,-0.07,\n",
        );
        let good = load(&[&src], &cache);
        let [cache_file] = tmp.cache_files("cache").try_into().unwrap();
        let original = fs::read(&cache_file).unwrap();
        for at in 0..original.len() {
            for flip in [0x01u8, 0x80] {
                let mut damaged = original.clone();
                damaged[at] ^= flip;
                fs::write(&cache_file, &damaged).unwrap();
                let reloaded = load(&[&src], &cache);
                assert!(good.iter().eq(reloaded.iter()), "byte {at}");
                assert_eq!(
                    reloaded.warnings().len(),
                    1,
                    "byte {at} ^ {flip:#x} went unnoticed"
                );
            }
        }
    }

    #[test]
    fn changed_source_invalidates_its_cache_and_the_old_one_is_removed() {
        let tmp = TempDir::new("stale");
        let cache = tmp.0.join("cache");
        let src = tmp.write("p.csv", "pcds,lat,long\nCR0 1AA,51.1,-0.1\n");
        assert_eq!(load(&[&src], &cache).len(), 1);
        let first_cache = tmp.cache_files("cache");
        tmp.write(
            "p.csv",
            "pcds,lat,long\nCR0 1AA,51.1,-0.1\nCR0 1AB,51.2,-0.2\n",
        );
        let g = load(&[&src], &cache);
        assert_eq!(g.len(), 2);
        let second_cache = tmp.cache_files("cache");
        assert_eq!(second_cache.len(), 1);
        assert_ne!(first_cache, second_cache);
    }

    #[test]
    fn unwritable_cache_folder_still_loads_with_a_warning() {
        let tmp = TempDir::new("nocache");
        let src = tmp.write("p.csv", "pcds,lat,long\nCR0 1AA,51.1,-0.1\n");
        let blocker = tmp.write("not-a-folder", "");
        let g = load(&[&src], &blocker.join("cache"));
        assert_eq!(g.len(), 1);
        assert_eq!(g.warnings().len(), 1);
        assert!(
            g.warnings()[0].contains("cannot create the postcode cache folder"),
            "{:?}",
            g.warnings()
        );
    }
}
