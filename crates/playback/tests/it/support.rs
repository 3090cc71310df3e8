//! Real recordings, a real server, and a small HTTP/1.1 client over `TcpStream` that
//! shows exactly what went over the wire.

use std::collections::HashMap;
use std::io::{BufRead, BufReader, Read, Seek, SeekFrom, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

use onno_audio::WavRecorder;
use onno_playback::{PlaybackServer, ResolveError, Track};

/// Records `samples` with the recorder the live pipeline uses.
pub fn record(path: &Path, samples: &[i16]) {
    let mut recorder = WavRecorder::create(path).unwrap();
    let as_f32: Vec<f32> = samples.iter().map(|&s| f32::from(s) / 32767.0).collect();
    recorder.write(&as_f32).unwrap();
    recorder.finish().unwrap();
    assert_eq!(samples_in(path), samples, "the recorder kept every sample");
}

/// The samples after a file's 44-byte header, read directly.
pub fn samples_in(path: &Path) -> Vec<i16> {
    let bytes = std::fs::read(path).unwrap();
    bytes[44..]
        .chunks_exact(2)
        .map(|b| i16::from_le_bytes([b[0], b[1]]))
        .collect()
}

/// Sample-wise sum saturated to `i16`, the shorter side silent past its end.
pub fn saturated_mix(a: &[i16], b: &[i16]) -> Vec<i16> {
    (0..a.len().max(b.len()))
        .map(|i| {
            let sum = i32::from(a.get(i).copied().unwrap_or(0))
                + i32::from(b.get(i).copied().unwrap_or(0));
            sum.clamp(-32768, 32767) as i16
        })
        .collect()
}

/// A whole 16 kHz mono 16-bit WAV file, its header written out field by field.
pub fn wav_file(samples: &[i16]) -> Vec<u8> {
    let mut bytes = header_stating(samples.len() as u32 * 2);
    for s in samples {
        bytes.extend_from_slice(&s.to_le_bytes());
    }
    bytes
}

pub fn header_stating(data_len: u32) -> Vec<u8> {
    let mut h = Vec::with_capacity(44);
    h.extend_from_slice(b"RIFF");
    h.extend_from_slice(&(36 + data_len).to_le_bytes());
    h.extend_from_slice(b"WAVEfmt ");
    h.extend_from_slice(&16u32.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes());
    h.extend_from_slice(&1u16.to_le_bytes());
    h.extend_from_slice(&16_000u32.to_le_bytes());
    h.extend_from_slice(&32_000u32.to_le_bytes());
    h.extend_from_slice(&2u16.to_le_bytes());
    h.extend_from_slice(&16u16.to_le_bytes());
    h.extend_from_slice(b"data");
    h.extend_from_slice(&data_len.to_le_bytes());
    h
}

/// Seeded, so a failure can be replayed.
pub struct XorShift(pub u64);

impl XorShift {
    pub fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }

    pub fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }

    pub fn sample(&mut self) -> i16 {
        self.next() as i16
    }
}

/// What the resolver answers, per meeting and track.
pub type Answers = HashMap<(i64, Track), Result<Vec<PathBuf>, ResolveError>>;

pub fn serve(answers: Answers) -> PlaybackServer {
    PlaybackServer::start(move |id, track| {
        answers
            .get(&(id, track))
            .cloned()
            .unwrap_or(Err(ResolveError::NotFound))
    })
    .unwrap()
}

/// One answer, as the client read it off the socket.
#[derive(Debug)]
pub struct Reply {
    pub status: u16,
    pub headers: Vec<(String, String)>,
    pub body: Vec<u8>,
}

impl Reply {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(n, _)| n.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }
}

/// One keep-alive connection; every answer must carry `Content-Length`.
pub struct Client {
    reader: BufReader<TcpStream>,
}

impl Client {
    /// Connects to the server of `url` (`http://127.0.0.1:PORT/...`).
    pub fn connect(url: &str) -> Self {
        let (host, _) = split_url(url);
        let stream = TcpStream::connect(host).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(60)))
            .unwrap();
        Self {
            reader: BufReader::new(stream),
        }
    }

    pub fn get(&mut self, url: &str, range: Option<&str>) -> Reply {
        match range {
            Some(range) => self.send("GET", url, &[("Range", range)]),
            None => self.send("GET", url, &[]),
        }
    }

    pub fn send(&mut self, method: &str, url: &str, headers: &[(&str, &str)]) -> Reply {
        let (host, path) = split_url(url);
        let mut request = format!("{method} {path} HTTP/1.1\r\nHost: {host}\r\n");
        for (name, value) in headers {
            request.push_str(&format!("{name}: {value}\r\n"));
        }
        request.push_str("\r\n");
        self.reader.get_mut().write_all(request.as_bytes()).unwrap();
        self.read_reply(method == "HEAD")
    }

    fn read_reply(&mut self, head_only: bool) -> Reply {
        let status_line = self.line();
        let status = status_line
            .strip_prefix("HTTP/1.1 ")
            .and_then(|rest| rest.get(..3))
            .and_then(|code| code.parse().ok())
            .unwrap_or_else(|| panic!("not a status line: {status_line:?}"));
        let mut headers = Vec::new();
        loop {
            let line = self.line();
            if line.is_empty() {
                break;
            }
            let (name, value) = line.split_once(':').unwrap();
            headers.push((name.trim().to_string(), value.trim().to_string()));
        }
        let mut reply = Reply {
            status,
            headers,
            body: Vec::new(),
        };
        assert!(reply.header("Transfer-Encoding").is_none(), "{reply:?}");
        let len: usize = reply
            .header("Content-Length")
            .unwrap_or_else(|| panic!("no Content-Length: {reply:?}"))
            .parse()
            .unwrap();
        if !head_only {
            reply.body = vec![0; len];
            self.reader.read_exact(&mut reply.body).unwrap();
        }
        reply
    }

    /// Whether the server has closed this connection (waits up to 10 s to know).
    pub fn is_closed(&mut self) -> bool {
        let stream = self.reader.get_mut();
        stream
            .set_read_timeout(Some(Duration::from_secs(10)))
            .unwrap();
        let mut byte = [0u8; 1];
        match stream.read(&mut byte) {
            Ok(0) => true,
            Ok(_) => false,
            Err(e) => !matches!(
                e.kind(),
                std::io::ErrorKind::WouldBlock | std::io::ErrorKind::TimedOut
            ),
        }
    }

    fn line(&mut self) -> String {
        let mut line = String::new();
        self.reader.read_line(&mut line).unwrap();
        line.trim_end_matches(['\r', '\n']).to_string()
    }
}

/// `("127.0.0.1:PORT", "/path")`.
fn split_url(url: &str) -> (&str, &str) {
    let rest = url.strip_prefix("http://").unwrap();
    let slash = rest.find('/').unwrap_or(rest.len());
    (&rest[..slash], &rest[slash..])
}

/// A `GET` on a connection of its own.
pub fn get(url: &str, range: Option<&str>) -> Reply {
    Client::connect(url).get(url, range)
}

/// A file reader that counts the bytes read through it.
pub struct Counting {
    pub file: std::fs::File,
    pub bytes_read: Arc<AtomicU64>,
}

impl Read for Counting {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        let n = self.file.read(buf)?;
        self.bytes_read.fetch_add(n as u64, Ordering::Relaxed);
        Ok(n)
    }
}

impl Seek for Counting {
    fn seek(&mut self, pos: SeekFrom) -> std::io::Result<u64> {
        self.file.seek(pos)
    }
}
