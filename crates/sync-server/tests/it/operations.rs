use crate::support::{Account, Fixture};

fn metric(text: &str, line_start: &str) -> u64 {
    text.lines()
        .find_map(|line| line.strip_prefix(line_start))
        .and_then(|value| value.trim().parse().ok())
        .unwrap_or_else(|| panic!("no {line_start} in\n{text}"))
}

#[tokio::test]
async fn health_and_metrics_report_the_database_and_the_traffic() {
    let fx = Fixture::start(&[]).await;
    let api = fx.api.clone();

    let health = api.get("/healthz", None).await;
    health.expect_status(200);
    assert_eq!(health.body, b"ok\n");

    let laptop = Account::sign_up(&api, "ada@example.com").await;
    let changes = laptop.changes(3);
    laptop.push(&changes).await;
    laptop.push(&changes).await;
    api.get("/v1/devices", None).await.expect_status(401);

    let metrics = api.get("/metrics", None).await;
    metrics.expect_status(200);
    let text = String::from_utf8(metrics.body).expect("text");
    assert_eq!(metric(&text, "onno_sync_pushes_total "), 2);
    assert_eq!(metric(&text, "onno_sync_changes_stored_total "), 3);
    assert_eq!(metric(&text, "onno_sync_changes_duplicate_total "), 3);
    assert_eq!(
        metric(
            &text,
            "onno_sync_requests_total{route=\"/v1/changes\",method=\"POST\",status=\"200\"} "
        ),
        2
    );
    assert_eq!(
        metric(
            &text,
            "onno_sync_requests_total{route=\"/v1/devices\",method=\"GET\",status=\"401\"} "
        ),
        1
    );
    // The log names the route and the workspace by its opaque id.
    let logs = fx.server.logs();
    assert!(
        logs.lines().any(|l| l.contains("route=\"/v1/changes\"")
            && l.contains(&laptop.session.workspace_id)
            && l.contains("status=200")),
        "{logs}"
    );
}
