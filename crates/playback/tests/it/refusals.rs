//! What the server refuses, and how: status, short text, never a file's path.

use std::net::TcpStream;

use onno_playback::{PlaybackServer, ResolveError, Track};

use crate::support::{Client, get, record, serve};

struct Served {
    dir: tempfile::TempDir,
    server: PlaybackServer,
}

/// Meeting 1 has its recordings; meeting 2's were deleted by retention; meeting 3's
/// files vanished from disk; meeting 4 mixes a recording with an MP3.
fn served() -> Served {
    let dir = tempfile::tempdir().unwrap();
    let mic = dir.path().join("mic.wav");
    record(&mic, &[1, 2, 3, 4, 5]);
    let mp3 = dir.path().join("call.mp3");
    std::fs::write(&mp3, b"ID3\x04\0\0\0\0\0\0not really an mp3").unwrap();
    let server = serve(
        [
            ((1, Track::Me), Ok(vec![mic.clone()])),
            ((2, Track::Mix), Err(ResolveError::Gone)),
            ((3, Track::Mix), Ok(vec![dir.path().join("gone.wav")])),
            ((4, Track::Mix), Ok(vec![mic.clone(), mp3])),
            ((5, Track::Mix), Ok(vec![])),
        ]
        .into(),
    );
    Served { dir, server }
}

/// Asserts the status and that the body is short text naming no file.
fn refused(s: &Served, reply: &crate::support::Reply, status: u16) -> String {
    assert_eq!(reply.status, status, "{reply:?}");
    assert_eq!(
        reply.header("Content-Type"),
        Some("text/plain; charset=utf-8")
    );
    let text = reply.text();
    assert!(text.len() < 64, "{text}");
    let dir = s.dir.path().to_string_lossy();
    assert!(
        !text.contains(dir.as_ref()) && !text.contains(".wav"),
        "{text}"
    );
    text
}

#[test]
fn without_the_token_nothing_is_found() {
    let s = served();
    let url = s.server.url(1, Track::Me);
    assert_eq!(get(&url, None).status, 200);
    let token = url.split('/').nth(3).unwrap();
    assert_eq!(token.len(), 32);
    assert!(token.bytes().all(|b| b.is_ascii_hexdigit()));
    let wrong = format!(
        "{}{}",
        if token.starts_with('0') { "1" } else { "0" },
        &token[1..]
    );
    for url in [
        url.replace(token, &wrong),
        url.replace(&format!("/{token}"), ""),
        url.replace(token, &token[..31]),
        s.server.origin() + "/",
    ] {
        refused(&s, &get(&url, None), 404);
    }
    // A wrong token is not found whatever the method.
    let mut client = Client::connect(&url);
    refused(
        &s,
        &client.send("POST", &url.replace(token, &wrong), &[]),
        404,
    );
}

#[test]
fn unknown_deleted_and_missing_recordings() {
    let s = served();
    refused(&s, &get(&s.server.url(9, Track::Mix), None), 404);
    refused(&s, &get(&s.server.url(1, Track::Them), None), 404);
    refused(&s, &get(&s.server.url(5, Track::Mix), None), 404);
    refused(&s, &get(&s.server.url(2, Track::Mix), None), 410);
    refused(&s, &get(&s.server.url(3, Track::Mix), None), 410);
    let text = refused(&s, &get(&s.server.url(4, Track::Mix), None), 500);
    assert_eq!(text, "these files cannot be mixed");
    let head = Client::connect(&s.server.origin()).send("HEAD", &s.server.url(2, Track::Mix), &[]);
    assert_eq!(head.status, 410);
}

#[test]
fn bad_paths_and_methods() {
    let s = served();
    let url = s.server.url(1, Track::Me);
    refused(&s, &get(&url.replace("/1/me", "/one/me"), None), 400);
    refused(&s, &get(&url.replace("/me", "/both"), None), 404);
    refused(&s, &get(&format!("{url}/more"), None), 404);
    let mut client = Client::connect(&url);
    for method in ["POST", "PUT", "DELETE", "OPTIONS"] {
        let reply = client.send(method, &url, &[("Content-Length", "0")]);
        refused(&s, &reply, 405);
        assert_eq!(reply.header("Allow"), Some("GET, HEAD"));
    }
    // The connection is still good after all that.
    assert_eq!(client.get(&url, None).status, 200);
}

#[test]
fn ranges_that_cannot_be_served() {
    let s = served();
    let url = s.server.url(1, Track::Me);
    let mut client = Client::connect(&url);
    let whole = client.get(&url, None).body;
    assert_eq!(whole.len(), 54);
    // Not understood: ignored, the whole file (RFC 9110 §14.2).
    for range in [
        "bytes=9-3",
        "bytes=x-",
        "bytes=0-1,4-5",
        "pages=1-2",
        "bytes",
    ] {
        let reply = client.get(&url, Some(range));
        assert_eq!((reply.status, &reply.body), (200, &whole), "{range}");
    }
    // Understood but past the end: 416 with the length.
    for range in ["bytes=54-", "bytes=100-200", "bytes=-0"] {
        let reply = client.get(&url, Some(range));
        refused(&s, &reply, 416);
        assert_eq!(reply.header("Content-Range"), Some("bytes */54"), "{range}");
    }
    let reply = client.get(&url, Some("bytes=50-1000"));
    assert_eq!(reply.status, 206);
    assert_eq!(reply.header("Content-Range"), Some("bytes 50-53/54"));
}

#[test]
fn a_resolver_that_panics_is_a_server_error_and_the_server_goes_on() {
    let dir = tempfile::tempdir().unwrap();
    let mic = dir.path().join("mic.wav");
    record(&mic, &[7; 10]);
    let server = PlaybackServer::start(move |id, _| match id {
        1 => Ok(vec![mic.clone()]),
        _ => panic!("the store is gone"),
    })
    .unwrap();
    let reply = get(&server.url(2, Track::Mix), None);
    assert_eq!((reply.status, reply.text().as_str()), (500, "server error"));
    assert_eq!(get(&server.url(1, Track::Mix), None).status, 200);
}

#[test]
fn a_server_shut_down_refuses_connections() {
    let s = served();
    let url = s.server.url(1, Track::Me);
    let mut client = Client::connect(&url);
    assert_eq!(client.get(&url, None).status, 200);
    let addr = s.server.origin().replace("http://", "");
    s.server.shutdown();
    s.server.shutdown();
    assert!(TcpStream::connect(&addr).is_err());
    // The kept-alive connection was cut, not left serving.
    assert!(client.is_closed());
}
