use onno_sync::wire::{DeviceList, ErrorCode, Session};
use reqwest::Method;

use crate::support::{Account, Fixture};

#[tokio::test]
async fn a_second_device_signs_in_and_gets_the_same_wrapped_keys() {
    let fx = Fixture::start(&[]).await;
    let api = fx.api.clone();

    let laptop = Account::sign_up(&api, "Ada@Example.com").await;
    assert_eq!(laptop.session.keys, laptop.secrets.keys);
    // The email is matched as the client derives the auth key from it: trimmed and
    // in lower case.
    let mut request = laptop.secrets.sign_in_request("phone");
    request.email = "  ada@example.COM ".to_owned();
    let phone: Session = api
        .send(Method::POST, "/v1/sessions", None, &request)
        .await
        .expect(200);

    assert_eq!(
        phone.keys, laptop.secrets.keys,
        "the wrapped keys come back identical"
    );
    assert_eq!(phone.account_id, laptop.session.account_id);
    assert_eq!(phone.workspace_id, laptop.session.workspace_id);
    assert_ne!(phone.device_id, laptop.session.device_id);
    let key = phone
        .keys
        .by_password
        .open_with_password("correct horse")
        .expect("the phone opens the workspace key with the password");
    assert_eq!(key.as_bytes(), laptop.secrets.key.as_bytes());

    let list: DeviceList = api
        .get("/v1/devices", Some(&phone.tokens.access_token))
        .await
        .expect(200);
    let names: Vec<(&str, bool)> = list
        .devices
        .iter()
        .map(|d| (d.name.as_str(), d.current))
        .collect();
    assert_eq!(names, [("laptop", false), ("phone", true)]);
}

#[tokio::test]
async fn a_wrong_password_an_unknown_email_and_a_taken_email_are_refused() {
    let fx = Fixture::start(&[]).await;
    let (db, api) = (&fx.db, fx.api.clone());
    let account = Account::sign_up(&api, "grace@example.com").await;

    let mut wrong = account.secrets.sign_in_request("phone");
    wrong.auth_key = crate::support::random_hex(32);
    let reply = api.send(Method::POST, "/v1/sessions", None, &wrong).await;
    reply.expect_status(401);
    assert_eq!(reply.error().code, ErrorCode::Unauthorized);

    let mut unknown = account.secrets.sign_in_request("phone");
    unknown.email = "nobody@example.com".to_owned();
    let reply = api.send(Method::POST, "/v1/sessions", None, &unknown).await;
    reply.expect_status(401);
    assert_eq!(
        reply.error().message,
        "wrong email or password",
        "an unknown email reads as a wrong password"
    );

    let again = crate::support::Secrets::new("Grace@example.com");
    let reply = api
        .send(
            Method::POST,
            "/v1/accounts",
            None,
            &again.sign_up_request("desktop"),
        )
        .await;
    reply.expect_status(409);
    assert_eq!(reply.error().code, ErrorCode::EmailTaken);
    assert_eq!(db.count("accounts").await, 1);
    assert_eq!(db.count("devices").await, 1);
}

#[tokio::test]
async fn malformed_requests_answer_400_with_an_error_body() {
    let fx = Fixture::start(&[]).await;
    let api = fx.api.clone();
    let account = Account::sign_up(&api, "linus@example.com").await;
    let json = [("content-type", "application/json")];

    for (method, path, token, body) in [
        (Method::POST, "/v1/accounts", None, "{not json"),
        (Method::POST, "/v1/sessions", None, r#"{"email": 5}"#),
        (
            Method::POST,
            "/v1/changes",
            Some(account.token()),
            r#"{"schema_version": -1}"#,
        ),
        (Method::POST, "/v1/changes", Some(account.token()), ""),
        (
            Method::GET,
            "/v1/changes?after=abc",
            Some(account.token()),
            "",
        ),
        (
            Method::GET,
            "/v1/changes?after=-4",
            Some(account.token()),
            "",
        ),
        (
            Method::PUT,
            "/v1/blobs/ok/chunks/notanumber",
            Some(account.token()),
            "x",
        ),
        (
            Method::PUT,
            "/v1/blobs/bad%20tag/chunks/0",
            Some(account.token()),
            "x",
        ),
    ] {
        let reply = api
            .send_bytes(
                method.clone(),
                path,
                token,
                Some(body.as_bytes().to_vec()),
                &json,
            )
            .await;
        assert_eq!(reply.status, 400, "{method} {path} {body}");
        let error = reply.error();
        assert_eq!(error.code, ErrorCode::BadRequest);
        assert!(!error.message.contains("abc") && !error.message.contains("not json"));
    }
    let reply = api.get("/v1/nowhere", None).await;
    reply.expect_status(404);
    assert_eq!(reply.error().code, ErrorCode::NotFound);
}
