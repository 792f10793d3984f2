//! Small, deterministic pseudo-audio: a mono 16-bit WAV of a few notes over
//! noise, different for every (title, salt), so each track hashes uniquely.

use std::path::{Path, PathBuf};

const SAMPLE_RATE: u32 = 8_000;
/// Half a second of audio: ~8 KB a file.
const SAMPLES: u32 = SAMPLE_RATE / 2;

/// The WAV bytes for `title`; `salt` makes a rerun on a shared cluster hash differently.
pub fn render(title: &str, salt: &[u8]) -> Vec<u8> {
    let mut seed: u64 = 0xcbf2_9ce4_8422_2325;
    for b in title.bytes().chain(salt.iter().copied()) {
        seed = (seed ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3);
    }
    let base_hz = 220.0 + (seed % 220) as f64;
    let data_len = SAMPLES * 2;
    let mut out = Vec::with_capacity(44 + data_len as usize);
    out.extend_from_slice(b"RIFF");
    out.extend_from_slice(&(36 + data_len).to_le_bytes());
    out.extend_from_slice(b"WAVEfmt ");
    out.extend_from_slice(&16u32.to_le_bytes());
    out.extend_from_slice(&1u16.to_le_bytes()); // PCM
    out.extend_from_slice(&1u16.to_le_bytes()); // mono
    out.extend_from_slice(&SAMPLE_RATE.to_le_bytes());
    out.extend_from_slice(&(SAMPLE_RATE * 2).to_le_bytes());
    out.extend_from_slice(&2u16.to_le_bytes());
    out.extend_from_slice(&16u16.to_le_bytes());
    out.extend_from_slice(b"data");
    out.extend_from_slice(&data_len.to_le_bytes());
    let mut noise = seed | 1;
    for i in 0..SAMPLES {
        // xorshift64 for the hiss, a three-note arpeggio for the tune.
        noise ^= noise << 13;
        noise ^= noise >> 7;
        noise ^= noise << 17;
        let note = [1.0, 1.25, 1.5][(i / (SAMPLES / 6) % 3) as usize];
        let t = f64::from(i) / f64::from(SAMPLE_RATE);
        let tone = (2.0 * std::f64::consts::PI * base_hz * note * t).sin() * 9_000.0;
        let hiss = f64::from((noise % 1_000) as u16) - 500.0;
        let sample = (tone + hiss) as i16;
        out.extend_from_slice(&sample.to_le_bytes());
    }
    out
}

/// A scratch folder for the demo's files, removed when dropped.
pub struct Scratch {
    pub dir: PathBuf,
}

impl Scratch {
    pub fn new() -> std::io::Result<Self> {
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let dir = std::env::temp_dir().join(format!("encore-demo-{}-{nanos}", std::process::id()));
        std::fs::create_dir_all(&dir)?;
        Ok(Self { dir })
    }

    pub fn write(&self, name: &str, bytes: &[u8]) -> std::io::Result<PathBuf> {
        let path = self.dir.join(name);
        std::fs::write(&path, bytes)?;
        Ok(path)
    }

    pub fn path(&self) -> &Path {
        &self.dir
    }
}

impl Drop for Scratch {
    fn drop(&mut self) {
        // Best effort: a leftover temp folder is harmless.
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audio_is_deterministic_and_distinct() {
        assert_eq!(render("a", b""), render("a", b""));
        assert_ne!(render("a", b""), render("b", b""));
        assert_ne!(render("a", b"x"), render("a", b"y"));
        assert_eq!(render("a", b"").len(), 44 + SAMPLES as usize * 2);
    }
}
