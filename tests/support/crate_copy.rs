//! Copies of the crate that tests and benches build with other tables.

use std::path::Path;

/// Copies the crate's `dirs` and `files` from `root` into `copy` (emptied
/// first), and writes `manifest` as its Cargo.toml, made its own workspace.
pub fn copy_crate(root: &Path, copy: &Path, dirs: &[&str], files: &[&str], manifest: &str) {
    let _ = std::fs::remove_dir_all(copy);
    for dir in dirs {
        copy_dir(&root.join(dir), &copy.join(dir));
    }
    for file in files {
        std::fs::copy(root.join(file), copy.join(file)).unwrap();
    }
    std::fs::write(
        copy.join("Cargo.toml"),
        format!("{manifest}\n[workspace]\n"),
    )
    .unwrap();
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap() {
        let entry = entry.unwrap();
        let target = to.join(entry.file_name());
        if entry.file_type().unwrap().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}
