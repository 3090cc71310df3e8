//! Failures: a one-line message on stderr and the documented exit status.

use crate::Onno;

#[test]
fn unknown_ids_exit_3_with_a_message() {
    let onno = Onno::empty();
    for (args, what) in [
        (&["meetings", "show", "42"][..], "meeting 42 does not exist"),
        (
            &["meetings", "delete", "42", "--yes"],
            "meeting 42 does not exist",
        ),
        (
            &["relationships", "show", "42"],
            "relationship 42 does not exist",
        ),
        (
            &["relationships", "edit", "42", "--notes", "x"],
            "relationship 42 does not exist",
        ),
        (
            &["relationships", "archive", "42"],
            "relationship 42 does not exist",
        ),
        (
            &["meetings", "add", "--title", "x", "--relationship", "42"],
            "relationship 42 does not exist",
        ),
    ] {
        let err = onno.fails(args, 3);
        assert_eq!(err, format!("onno: error: {what}\n"), "{args:?}");
    }
}

#[test]
fn usage_errors_exit_2() {
    let onno = Onno::empty();
    let err = onno.fails(&["relationships", "add", "Acme", "--type", "friend"], 2);
    assert!(
        err.contains("deal, portfolio, client, candidate, partner"),
        "{err}"
    );
    onno.fails(&["meetings", "list", "--type", "party"], 2);
    onno.fails(&["relationships", "list", "--status", "gone"], 2);
    onno.fails(
        &[
            "relationships",
            "add",
            "Acme",
            "--type",
            "deal",
            "--importance",
            "urgent",
        ],
        2,
    );
    onno.fails(&["search", "x", "--type", "dinner"], 2);
    onno.fails(&["meetings", "show", "abc"], 2);
    onno.fails(&["meetings", "show", "0"], 2);
    onno.fails(&["relationships", "add", "Acme"], 2);
    onno.fails(
        &[
            "relationships",
            "add",
            "A",
            "--type",
            "deal",
            "--member",
            "<a@b.co>",
        ],
        2,
    );
    onno.fails(
        &[
            "relationships",
            "add",
            "A",
            "--type",
            "deal",
            "--field",
            "novalue",
        ],
        2,
    );
    onno.fails(&["meetings", "list", "--limit", "0"], 2);
    onno.fails(&["meetings", "list", "--data-dir", ""], 2);
    onno.fails(&["frobnicate"], 2);
}

#[test]
fn a_garbage_database_exits_4_and_is_left_untouched() {
    let onno = Onno::empty();
    let db = onno.data_dir().join("onno.db");
    let garbage: Vec<u8> = (0..8192u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    std::fs::write(&db, &garbage).expect("write garbage");
    for args in [
        &["meetings", "list"][..],
        &["search", "runway"],
        &["relationships", "add", "A", "--type", "deal"],
    ] {
        let err = onno.fails(args, 4);
        assert!(err.starts_with("onno: error: "), "{err}");
        assert!(
            err.contains(&db.display().to_string()),
            "names the file: {err}"
        );
        assert!(err.contains("move it aside"), "{err}");
        assert_eq!(err.lines().count(), 1, "one line: {err}");
    }
    assert_eq!(
        std::fs::read(&db).expect("read back"),
        garbage,
        "the file is unchanged"
    );
}

#[test]
fn a_database_from_a_newer_onno_exits_4() {
    let onno = Onno::empty();
    drop(onno_store::Store::open(onno.data_dir()).expect("create"));
    let db = onno.data_dir().join("onno.db");
    let conn = rusqlite::Connection::open(&db).expect("open");
    conn.pragma_update(None, "user_version", onno_store::LATEST_SCHEMA_VERSION + 1)
        .expect("set version");
    drop(conn);
    let err = onno.fails(&["meetings", "list"], 4);
    assert!(err.contains("newer version"), "{err}");
    assert!(err.contains(&db.display().to_string()), "{err}");
    assert!(err.contains("move it aside"), "{err}");
}

#[test]
fn invalid_dates_exit_1_naming_the_field() {
    let onno = Onno::empty();
    let err = onno.fails(
        &[
            "meetings",
            "add",
            "--title",
            "x",
            "--started-at",
            "yesterday",
        ],
        1,
    );
    assert!(
        err.contains("started_at") && err.contains("yesterday"),
        "{err}"
    );
    let err = onno.fails(
        &[
            "relationships",
            "add",
            "A",
            "--type",
            "deal",
            "--first-contact",
            "2026-13-01",
        ],
        1,
    );
    assert!(err.contains("first contact date"), "{err}");
    let err = onno.fails(
        &[
            "relationships",
            "add",
            "A",
            "--type",
            "deal",
            "--next-meeting",
            "soon",
        ],
        1,
    );
    assert!(err.contains("next meeting"), "{err}");
    let err = onno.fails(&["search", "x", "--from", "last week"], 1);
    assert!(err.contains("invalid from"), "{err}");
    assert_eq!(
        onno.json(&["meetings", "list"])["total"],
        0,
        "nothing was added"
    );
}

#[test]
fn the_data_folder_comes_from_the_flag_before_the_environment() {
    let onno = Onno::empty();
    let other = tempfile::tempdir().expect("temp dir");
    let other_dir = other.path().to_str().expect("utf-8 path");
    onno.json(&[
        "--data-dir",
        other_dir,
        "relationships",
        "add",
        "Elsewhere",
        "--type",
        "deal",
    ]);
    assert_eq!(onno.json(&["relationships", "list"])["total"], 0);
    assert_eq!(
        onno.json(&["relationships", "list", "--data-dir", other_dir])["total"],
        1
    );
    assert!(other.path().join("onno.db").is_file());
}

#[test]
fn help_documents_the_exit_statuses() {
    let onno = Onno::empty();
    let help = onno.text(&["--help"]);
    for line in [
        "0  success",
        "2  usage error",
        "3  the meeting, relationship or model",
        "4  the database file",
    ] {
        assert!(help.contains(line), "{line:?} in {help}");
    }
}

/// With no flag and an empty `ONNO_DATA_DIR`, the desktop app's folder is used:
/// `$XDG_DATA_HOME/onno`, or `~/.local/share/onno` without it.
#[cfg(target_os = "linux")]
#[test]
fn the_default_data_folder_is_the_apps() {
    let onno = Onno::empty();
    let home = onno.data_dir().join("home");
    let out = onno
        .command(&["relationships", "list", "--json"])
        .env("ONNO_DATA_DIR", "")
        .env("HOME", &home)
        .env_remove("XDG_DATA_HOME")
        .output()
        .expect("run onno");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(home.join(".local/share/onno/onno.db").is_file());

    let xdg = onno.data_dir().join("xdg");
    let out = onno
        .command(&["relationships", "list", "--json"])
        .env_remove("ONNO_DATA_DIR")
        .env("HOME", &home)
        .env("XDG_DATA_HOME", &xdg)
        .output()
        .expect("run onno");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    assert!(xdg.join("onno/onno.db").is_file());
}
