use std::fs;
use std::path::{Path, PathBuf};

use onno_app::command_names;

fn committed_bindings() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../ui/src/bindings.gen.ts")
}

fn generated_bindings() -> String {
    let dir = tempfile::tempdir().expect("temp dir");
    let path = dir.path().join("bindings.gen.ts");
    onno_app::specta_builder()
        .export(onno_app::bindings(), &path)
        .expect("export the bindings");
    fs::read_to_string(path).expect("read the exported bindings")
}

/// The UI imports `ui/src/bindings.gen.ts`; it must be what the commands generate.
/// `ONNO_UPDATE_BINDINGS=1 cargo test -p onno-app` rewrites it.
#[test]
fn typescript_bindings_are_up_to_date() {
    let fresh = generated_bindings();
    let path = committed_bindings();
    if std::env::var("ONNO_UPDATE_BINDINGS").as_deref() == Ok("1") {
        fs::write(&path, &fresh).unwrap();
        return;
    }
    let committed = fs::read_to_string(&path).unwrap_or_default();
    if committed != fresh {
        let line = committed
            .lines()
            .zip(fresh.lines())
            .position(|(a, b)| a != b)
            .unwrap_or_else(|| committed.lines().count().min(fresh.lines().count()));
        panic!(
            "ui/src/bindings.gen.ts is out of date (first difference at line {}); \
             regenerate it with `ONNO_UPDATE_BINDINGS=1 cargo test -p onno-app`",
            line + 1
        );
    }
}

/// Every command the bindings can invoke is declared to the ACL (build.rs) and granted
/// to the window, and nothing else is granted.
#[test]
fn capability_grants_exactly_the_commands() {
    let fresh = generated_bindings();
    // Calls look like `__TAURI_INVOKE("name", ...)` or `__TAURI_INVOKE<T>("name")`.
    let mut invoked: Vec<&str> = fresh
        .split("__TAURI_INVOKE")
        .skip(1)
        .filter(|rest| rest.starts_with(['(', '<']))
        .filter_map(|rest| rest.split_once("(\"")?.1.split('"').next())
        .collect();
    invoked.sort_unstable();
    let mut declared = command_names::ALL.to_vec();
    declared.sort_unstable();
    assert_eq!(
        invoked, declared,
        "command_names::ALL and the registered commands differ"
    );

    let capability: serde_json::Value = serde_json::from_str(
        &fs::read_to_string(
            Path::new(env!("CARGO_MANIFEST_DIR")).join("capabilities/default.json"),
        )
        .unwrap(),
    )
    .unwrap();
    let mut granted: Vec<String> = capability["permissions"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| p.as_str().unwrap().to_owned())
        .collect();
    granted.sort_unstable();
    let mut expected: Vec<String> = declared
        .iter()
        .map(|c| format!("allow-{}", c.replace('_', "-")))
        .collect();
    expected.sort_unstable();
    assert_eq!(granted, expected);
}
