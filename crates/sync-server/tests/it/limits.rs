use onno_sync::wire::{Envelope, ErrorCode, SCHEMA_VERSION, SignIn};
use reqwest::Method;

use crate::support::{Account, Api, Fixture, Reply, random_hex};

async fn sign_in(api: &Api, request: &SignIn, from: &str) -> Reply {
    api.send_bytes(
        Method::POST,
        "/v1/sessions",
        None,
        Some(serde_json::to_vec(request).expect("json")),
        &[
            ("content-type", "application/json"),
            ("x-forwarded-for", from),
        ],
    )
    .await
}

fn assert_too_many(reply: &Reply) {
    reply.expect_status(429);
    let error = reply.error();
    assert_eq!(error.code, ErrorCode::TooManyRequests);
    assert_eq!(
        error.message, "too many sign-in attempts; try again in 15 minutes",
        "the message says when to try again"
    );
    let retry: u64 = reply.headers["retry-after"]
        .to_str()
        .expect("text")
        .parse()
        .expect("seconds");
    assert!((890..=900).contains(&retry), "Retry-After {retry}");
}

#[tokio::test]
async fn the_sixth_sign_in_in_15_minutes_is_refused_per_address_and_per_email() {
    // Behind a proxy that names the client: each test's "address" is a header.
    let fx = Fixture::start(&["--client-address-header", "X-Forwarded-For"]).await;
    let api = fx.api.clone();
    let ada = Account::sign_up(&api, "ada@example.com").await;
    let grace = Account::sign_up(&api, "grace@example.com").await;

    // Five from one address, one of them a wrong password: all answered.
    let mut wrong = ada.secrets.sign_in_request("phone");
    wrong.auth_key = random_hex(32);
    sign_in(&api, &wrong, "198.51.100.7")
        .await
        .expect_status(401);
    for _ in 0..4 {
        sign_in(&api, &ada.secrets.sign_in_request("phone"), "198.51.100.7")
            .await
            .expect_status(200);
    }
    // The sixth from that address is refused, whichever account it is for, even
    // with the right password.
    assert_too_many(
        &sign_in(
            &api,
            &grace.secrets.sign_in_request("phone"),
            "198.51.100.7",
        )
        .await,
    );
    // The sixth for Ada's email is refused from anywhere.
    assert_too_many(&sign_in(&api, &ada.secrets.sign_in_request("phone"), "203.0.113.9").await);
    // Grace, from another address, is not held up by either.
    sign_in(&api, &grace.secrets.sign_in_request("phone"), "203.0.113.9")
        .await
        .expect_status(200);
    // A forged first entry does not make a new address: the proxy's last one counts.
    assert_too_many(
        &sign_in(
            &api,
            &grace.secrets.sign_in_request("phone"),
            "192.0.2.1, 198.51.100.7",
        )
        .await,
    );
}

#[tokio::test]
async fn a_device_past_its_request_limit_gets_429() {
    let fx = Fixture::start(&["--device-requests-per-window", "5"]).await;
    let api = fx.api.clone();
    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let phone = laptop.second_device("phone").await;

    for _ in 0..5 {
        laptop.get("/v1/devices").await.expect_status(200);
    }
    let reply = laptop.get("/v1/changes?after=0").await;
    reply.expect_status(429);
    let error = reply.error();
    assert_eq!(error.code, ErrorCode::TooManyRequests);
    assert_eq!(
        error.message,
        "too many requests from this device; try again in 15 minutes"
    );
    assert!(reply.headers.contains_key("retry-after"));
    // The limit is the device's own: the phone goes on.
    phone.get("/v1/devices").await.expect_status(200);
}

#[tokio::test]
async fn an_oversized_push_is_refused_with_413_and_stores_nothing() {
    let fx = Fixture::start(&["--max-push-bytes", "100000", "--max-chunk-bytes", "1000"]).await;
    let (db, api) = (&fx.db, fx.api.clone());
    let laptop = Account::sign_up(&api, "ada@example.com").await;

    let ws = laptop.session.workspace_id.clone();
    // Sealed bytes travel as base64: each change is about 54 kB of JSON.
    let big = "x".repeat(40_000);
    let changes: Vec<Envelope> = (0..2)
        .map(|i| {
            laptop
                .secrets
                .change(&ws, "notes", &format!("r{i}"), "body", &big)
        })
        .collect();
    let reply = laptop.push_reply(SCHEMA_VERSION, &changes).await;
    reply.expect_status(413);
    assert_eq!(reply.error().code, ErrorCode::PayloadTooLarge);
    assert_eq!(db.count("changes").await, 0);
    // Under the limit it goes through.
    laptop.push(&changes[..1]).await;

    let reply = laptop.put_chunk("big", 0, vec![0; 1001]).await;
    reply.expect_status(413);
    assert_eq!(reply.error().code, ErrorCode::PayloadTooLarge);

    // The small endpoints take small bodies: a sign-up of megabytes is refused unread.
    let mut huge = laptop.secrets.sign_up_request("x");
    huge.email = format!("{}@example.com", "a".repeat(1 << 20));
    let reply = api.send(Method::POST, "/v1/accounts", None, &huge).await;
    reply.expect_status(413);
}
