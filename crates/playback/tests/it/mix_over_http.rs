//! The mix and each side over HTTP: whole, in ranges, by HEAD, and from many clients.

use std::path::PathBuf;

use onno_playback::{PlaybackServer, Track};
use tempfile::TempDir;

use crate::support::{Client, XorShift, get, record, saturated_mix, serve, wav_file};

/// A meeting recorded on both sides, served as meeting 1.
struct Meeting {
    _dir: TempDir,
    me: Vec<i16>,
    them: Vec<i16>,
    mic: PathBuf,
    server: PlaybackServer,
}

/// Both sides start at the rails (so their sum clips both ways), then carry noise; the
/// lengths differ, and each side's length is more than one piece the server reads.
fn meeting(me_samples: usize, them_samples: usize) -> Meeting {
    let mut rng = XorShift(0x5eed);
    let side = |n: usize, rng: &mut XorShift| -> Vec<i16> {
        let mut samples = vec![i16::MAX; 100];
        samples.extend([-i16::MAX; 100]);
        samples.extend((200..n).map(|_| rng.sample().max(-i16::MAX)));
        samples.truncate(n);
        samples
    };
    let (me, them) = (side(me_samples, &mut rng), side(them_samples, &mut rng));
    let dir = tempfile::tempdir().unwrap();
    let (mic, system) = (dir.path().join("mic.wav"), dir.path().join("system.wav"));
    record(&mic, &me);
    record(&system, &them);
    let server = serve(
        [
            ((1, Track::Mix), Ok(vec![mic.clone(), system.clone()])),
            ((1, Track::Me), Ok(vec![mic.clone()])),
            ((1, Track::Them), Ok(vec![system.clone()])),
        ]
        .into(),
    );
    Meeting {
        _dir: dir,
        me,
        them,
        mic,
        server,
    }
}

#[test]
fn the_mix_is_the_saturated_sum_of_both_sides() {
    for (me_len, them_len) in [(80_000, 48_000), (30_000, 70_001)] {
        let m = meeting(me_len, them_len);
        let reply = get(&m.server.url(1, Track::Mix), None);
        assert_eq!(reply.status, 200);
        assert_eq!(reply.header("Content-Type"), Some("audio/wav"));
        assert_eq!(reply.header("Accept-Ranges"), Some("bytes"));
        assert_eq!(reply.header("Cache-Control"), Some("no-store"));
        let mix = saturated_mix(&m.me, &m.them);
        assert_eq!(mix.len(), me_len.max(them_len));
        assert_eq!(reply.body, wav_file(&mix));
        // Both sides at +32767 and at -32767: clipped at each rail.
        assert_eq!(&reply.body[44..46], &i16::MAX.to_le_bytes());
        assert_eq!(
            &reply.body[44 + 2 * 150..46 + 2 * 150],
            &i16::MIN.to_le_bytes()
        );
    }
}

#[test]
fn each_side_alone_is_its_recording() {
    let m = meeting(40_000, 20_000);
    assert_eq!(get(&m.server.url(1, Track::Me), None).body, wav_file(&m.me));
    assert_eq!(
        get(&m.server.url(1, Track::Them), None).body,
        wav_file(&m.them)
    );
    // A recording with a true header is served byte for byte.
    assert_eq!(
        get(&m.server.url(1, Track::Me), None).body,
        std::fs::read(&m.mic).unwrap()
    );
}

#[test]
fn any_range_is_the_same_slice_of_the_whole() {
    let m = meeting(80_000, 48_000);
    let url = m.server.url(1, Track::Mix);
    let mut client = Client::connect(&url);
    let whole = client.get(&url, None).body;
    let len = whole.len() as u64;
    let mut rng = XorShift(0xface);
    for i in 0..300 {
        // Mostly near the header and the pieces' edges, where arithmetic goes wrong.
        let a = match i % 3 {
            0 => rng.below(100),
            1 => 128 * 1024 - 50 + rng.below(100),
            _ => rng.below(len),
        };
        let b = a + rng.below(if i % 2 == 0 { 300 } else { len });
        let (range, start, end) = match i % 4 {
            0 | 1 => (format!("bytes={a}-{b}"), a, (b + 1).min(len)),
            2 => (format!("bytes={a}-"), a, len),
            _ => {
                let n = 1 + rng.below(len + 10);
                (format!("bytes=-{n}"), len.saturating_sub(n), len)
            }
        };
        let reply = client.get(&url, Some(&range));
        assert_eq!(reply.status, 206, "{range}");
        assert_eq!(
            reply.header("Content-Range"),
            Some(format!("bytes {start}-{}/{len}", end - 1).as_str()),
            "{range}"
        );
        assert_eq!(
            reply.header("Content-Length"),
            Some((end - start).to_string().as_str())
        );
        assert_eq!(reply.body, whole[start as usize..end as usize], "{range}");
    }
}

#[test]
fn head_gives_the_length_and_no_body() {
    let m = meeting(20_000, 10_000);
    let url = m.server.url(1, Track::Mix);
    let mut client = Client::connect(&url);
    let head = client.send("HEAD", &url, &[]);
    assert_eq!(head.status, 200);
    assert_eq!(head.header("Content-Length"), Some("40044"));
    assert_eq!(head.header("Content-Type"), Some("audio/wav"));
    assert_eq!(head.header("Accept-Ranges"), Some("bytes"));
    // Range is defined for GET only (RFC 9110 §14.2).
    let head = client.send("HEAD", &url, &[("Range", "bytes=0-9")]);
    assert_eq!(
        (head.status, head.header("Content-Length")),
        (200, Some("40044"))
    );
    // Had a body followed either HEAD, this answer would not parse.
    let reply = client.get(&url, Some("bytes=0-3"));
    assert_eq!(
        (reply.status, reply.body.as_slice()),
        (206, b"RIFF".as_slice())
    );
}

#[test]
fn concurrent_requests_each_get_their_own_bytes() {
    let m = meeting(80_000, 60_000);
    let expected = wav_file(&saturated_mix(&m.me, &m.them));
    let len = expected.len() as u64;
    let urls = [Track::Mix, Track::Me, Track::Them].map(|t| m.server.url(1, t));
    let bodies = [expected, wav_file(&m.me), wav_file(&m.them)];
    std::thread::scope(|scope| {
        for thread in 0..12u64 {
            let (urls, bodies) = (&urls, &bodies);
            scope.spawn(move || {
                let which = (thread % 3) as usize;
                let (url, whole) = (&urls[which], &bodies[which]);
                let mut client = Client::connect(url);
                let mut rng = XorShift(thread + 1);
                assert_eq!(&client.get(url, None).body, whole);
                for _ in 0..25 {
                    let a = rng.below(whole.len() as u64);
                    let b = a + rng.below(len / 2);
                    let reply = client.get(url, Some(&format!("bytes={a}-{b}")));
                    let end = (b as usize + 1).min(whole.len());
                    assert_eq!(reply.body, whole[a as usize..end]);
                }
            });
        }
    });
}
