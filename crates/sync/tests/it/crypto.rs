//! The sync crate's cryptography as the server and a second device meet it: the
//! workspace key crosses devices only wrapped, and a sealed change opens only where and
//! when it was sealed for.

use onno_sync::{
    ChangeContext, CryptoErrorKind, KdfParams, RecoveryKey, Sealed, WorkspaceKey, WrappedKey, open,
    row_tag, seal,
};

/// Cheap settings: the tests check wrapping, not Argon2id's cost.
const FAST: KdfParams = KdfParams {
    memory_kib: 1024,
    iterations: 1,
    parallelism: 1,
};

const CONTEXT: ChangeContext<'static> = ChangeContext {
    workspace: "ws-1",
    table: "segments",
    row: "01930c2e-7d44-7a1b-9c3e-5b2f8a9d0e11",
    column: "text",
    hlc: "2026-12-04T03:00:00.000Z-0001-dev-a",
};

#[test]
fn a_second_device_opens_the_workspace_key_with_the_password_only() {
    let key = WorkspaceKey::generate().unwrap();
    let wrapped = WrappedKey::with_password(&key, "correct horse battery", FAST).unwrap();
    // What the server stores holds neither the key nor the password.
    let stored = serde_json::to_string(&wrapped).unwrap();
    assert!(!stored.contains(&hex::encode(key.as_bytes())), "{stored}");
    assert!(!stored.contains("correct horse"), "{stored}");

    let travelled: WrappedKey = serde_json::from_str(&stored).unwrap();
    let opened = travelled
        .open_with_password("correct horse battery")
        .unwrap();
    assert_eq!(opened.as_bytes(), key.as_bytes());
    let wrong = travelled
        .open_with_password("correct horse batterY")
        .unwrap_err();
    assert_eq!(wrong.kind(), CryptoErrorKind::WrongSecret);
    // Settings that would make a device allocate gigabytes are refused before any work.
    let mut greedy = wrapped.clone();
    greedy.kdf = Some(KdfParams {
        memory_kib: 64 * 1024 * 1024,
        ..FAST
    });
    assert_eq!(
        greedy
            .open_with_password("correct horse battery")
            .unwrap_err()
            .kind(),
        CryptoErrorKind::Malformed
    );
    // The same key wrapped twice looks different: a fresh salt and nonce each time.
    let again = WrappedKey::with_password(&key, "correct horse battery", FAST).unwrap();
    assert_ne!(again.ciphertext, wrapped.ciphertext);
}

#[test]
fn the_recovery_key_opens_the_workspace_key_as_the_user_typed_it() {
    let key = WorkspaceKey::generate().unwrap();
    let recovery = RecoveryKey::generate().unwrap();
    let wrapped = WrappedKey::with_recovery(&key, &recovery).unwrap();
    let shown = recovery.display();
    assert_eq!(
        shown.len(),
        52 + 12,
        "13 groups of four: {}",
        shown.as_str()
    );

    let typed = shown.to_lowercase().replace('-', " ");
    let opened = wrapped
        .open_with_recovery(&RecoveryKey::parse(&typed).unwrap())
        .unwrap();
    assert_eq!(opened.as_bytes(), key.as_bytes());

    let other = RecoveryKey::generate().unwrap();
    assert_eq!(
        wrapped.open_with_recovery(&other).unwrap_err().kind(),
        CryptoErrorKind::WrongSecret
    );
    // A password cannot open a recovery-wrapped key, nor the other way round.
    assert_eq!(
        wrapped.open_with_password(&typed).unwrap_err().kind(),
        CryptoErrorKind::WrongSecret
    );
    let by_password = WrappedKey::with_password(&key, "pw", FAST).unwrap();
    assert_eq!(
        by_password
            .open_with_recovery(&recovery)
            .unwrap_err()
            .kind(),
        CryptoErrorKind::WrongSecret
    );
    // A zero typed for an O (or anything else outside the alphabet), a short or long key.
    let zero_typed = format!("0{}", &shown[1..]);
    for typo in ["", "ABCD", &zero_typed, &format!("{}A", shown.as_str())] {
        assert_eq!(
            RecoveryKey::parse(typo).unwrap_err().kind(),
            CryptoErrorKind::Malformed,
            "{typo:?}"
        );
    }
}

#[test]
fn a_sealed_change_opens_only_where_and_when_it_was_sealed_for() {
    let key = WorkspaceKey::generate().unwrap();
    let text = "이탈률은 월 3%입니다";
    let sealed = seal(&key, &CONTEXT, text.as_bytes()).unwrap();
    assert!(
        !sealed
            .ciphertext
            .windows(text.len())
            .any(|w| w == text.as_bytes()),
        "the text is not in the ciphertext"
    );
    assert_eq!(open(&key, &CONTEXT, &sealed).unwrap(), text.as_bytes());

    // The server moves the value to another row, column, table or workspace, or
    // replays it under another clock: each is refused.
    let moved = [
        ChangeContext {
            row: "01930c2e-7d44-7a1b-9c3e-5b2f8a9d0e12",
            ..CONTEXT
        },
        ChangeContext {
            column: "speaker",
            ..CONTEXT
        },
        ChangeContext {
            table: "notes",
            ..CONTEXT
        },
        ChangeContext {
            workspace: "ws-2",
            ..CONTEXT
        },
        ChangeContext {
            hlc: "2026-12-04T03:00:00.000Z-0002-dev-a",
            ..CONTEXT
        },
    ];
    for context in moved {
        let refused = open(&key, &context, &sealed).unwrap_err();
        assert_eq!(refused.kind(), CryptoErrorKind::Tampered, "{context:?}");
        assert!(
            !refused.to_string().contains(text),
            "the error names no content"
        );
    }
    // One flipped bit anywhere, or a truncated nonce, is refused too.
    for i in 0..sealed.ciphertext.len() {
        let mut altered = sealed.clone();
        altered.ciphertext[i] ^= 1;
        assert_eq!(
            open(&key, &CONTEXT, &altered).unwrap_err().kind(),
            CryptoErrorKind::Tampered
        );
    }
    let short = Sealed {
        nonce: sealed.nonce[..12].to_vec(),
        ..sealed.clone()
    };
    assert_eq!(
        open(&key, &CONTEXT, &short).unwrap_err().kind(),
        CryptoErrorKind::Tampered
    );
    // Another workspace's key opens nothing.
    let stranger = WorkspaceKey::generate().unwrap();
    assert!(open(&stranger, &CONTEXT, &sealed).is_err());
}

#[test]
fn row_tags_are_stable_within_a_workspace_and_unlinkable_across() {
    let key = WorkspaceKey::generate().unwrap();
    let same = WorkspaceKey::from_bytes(*key.as_bytes());
    let tag = row_tag(&key, "meetings", CONTEXT.row);
    assert_eq!(
        tag,
        row_tag(&same, "meetings", CONTEXT.row),
        "stable on every device"
    );
    assert_eq!(tag.len(), 64);
    assert!(!tag.contains("01930c2e"), "the UUID does not show");
    assert_ne!(tag, row_tag(&key, "segments", CONTEXT.row), "per table");
    let other = WorkspaceKey::generate().unwrap();
    assert_ne!(
        tag,
        row_tag(&other, "meetings", CONTEXT.row),
        "per workspace"
    );
}

#[test]
fn keys_never_print() {
    let key = WorkspaceKey::generate().unwrap();
    let recovery = RecoveryKey::generate().unwrap();
    assert_eq!(
        format!("{key:?} {recovery:?}"),
        "WorkspaceKey(..) RecoveryKey(..)"
    );
}

#[test]
fn the_sign_in_key_is_the_same_on_every_device_and_opens_nothing() {
    let on_laptop = onno_sync::auth_key("Jiwon@Example.com ", "correct horse").unwrap();
    let on_desk = onno_sync::auth_key("jiwon@example.com", "correct horse").unwrap();
    assert_eq!(
        on_laptop, on_desk,
        "the address is compared as typed loosely"
    );
    assert_ne!(
        on_laptop,
        onno_sync::auth_key("jiwon@example.com", "correct horsE").unwrap()
    );
    assert_ne!(
        on_laptop,
        onno_sync::auth_key("dana@example.com", "correct horse").unwrap()
    );

    let key = WorkspaceKey::generate().unwrap();
    let wrapped = WrappedKey::with_password(&key, "correct horse", KdfParams::default()).unwrap();
    let err = wrapped.open_with_password(&on_laptop).unwrap_err();
    assert_eq!(
        err.kind(),
        CryptoErrorKind::WrongSecret,
        "what the server holds does not open the workspace"
    );
}
