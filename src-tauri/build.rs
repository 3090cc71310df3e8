#[path = "src/command_names.rs"]
mod command_names;

fn main() {
    // Declaring the app's commands puts them under the capability ACL: the window may
    // call a command only if capabilities/default.json grants it by name.
    let manifest = tauri_build::AppManifest::new().commands(command_names::ALL);
    tauri_build::try_build(tauri_build::Attributes::new().app_manifest(manifest))
        .expect("tauri-build failed");
}
