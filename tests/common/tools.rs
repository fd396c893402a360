//! The npm-installed quality tools (`tests/tools/`: the Nu HTML checker and
//! axe-core) and Java. Missing tools skip the tests locally and fail them in
//! CI, where `.ci/run` installs them; the same policy as Chromium.
#![allow(dead_code)]

use std::path::PathBuf;
use std::process::Command;

const TOOLS: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/tools/node_modules");

/// `Some(path)` if it exists; otherwise skips (with a note) or, in CI, fails.
fn required(path: PathBuf, what: &str) -> Option<PathBuf> {
    if path.exists() {
        return Some(path);
    }
    assert!(
        std::env::var_os("CI").is_none(),
        "{what} is required in CI ({} is missing); .ci/run installs it",
        path.display()
    );
    eprintln!(
        "skipped: {} is missing; run `npm ci --prefix tests/tools`",
        path.display()
    );
    None
}

/// The Nu HTML checker's jar and a Java to run it with.
pub fn vnu() -> Option<(PathBuf, PathBuf)> {
    let jar = required(
        PathBuf::from(TOOLS).join("vnu-jar/build/dist/vnu.jar"),
        "the Nu HTML checker",
    )?;
    let java = std::env::var_os("JAVA").map(PathBuf::from).or_else(|| {
        // `java -version` proves there is a runnable Java on PATH.
        let ok = Command::new("java")
            .arg("-version")
            .output()
            .is_ok_and(|o| o.status.success());
        ok.then(|| PathBuf::from("java"))
    });
    let Some(java) = java else {
        assert!(
            std::env::var_os("CI").is_none(),
            "java is required in CI; .ci/run installs it"
        );
        eprintln!("skipped: no java found (set JAVA=/path/to/java)");
        return None;
    };
    Some((java, jar))
}

/// The source of `axe.min.js`, to evaluate in a page.
pub fn axe_source() -> Option<String> {
    let path = required(PathBuf::from(TOOLS).join("axe-core/axe.min.js"), "axe-core")?;
    Some(std::fs::read_to_string(path).expect("read axe.min.js"))
}
