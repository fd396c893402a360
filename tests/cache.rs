//! The build cache: reused across builds, never trusted when damaged,
//! safe with two builds at once, switched off with --no-cache, removed by
//! `careerbook clean` (only if it is careerbook's), never in the output.

mod common;
use common::{run_in, tree};
use std::path::{Path, PathBuf};

use common::default_handbook as handbook;

fn entries(cache: &Path) -> Vec<PathBuf> {
    walkdir::WalkDir::new(cache.join("highlight"))
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect()
}

fn reused(stdout: &str) -> String {
    stdout
        .lines()
        .find(|l| l.contains("build cache:"))
        .unwrap_or("")
        .trim()
        .to_string()
}

#[test]
fn a_second_build_reuses_the_cache_and_writes_the_same_site() {
    let (_tmp, root) = handbook();
    let cache = root.join(".careerbook-cache");
    let first = run_in(&root, &["build", "-v", "-o", "../a"]);
    first.ok();
    let made = entries(&cache).len();
    assert!(made >= 10, "{made} entries");
    assert_eq!(
        reused(&first.stdout),
        format!("build cache: 0 highlighted blocks reused, {made} made")
    );
    assert!(cache.join("CACHEDIR.TAG").exists());
    let second = run_in(&root, &["build", "-v", "-o", "../b"]);
    second.ok();
    let hits: usize = reused(&second.stdout)
        .split_whitespace()
        .nth(2)
        .and_then(|n| n.parse().ok())
        .unwrap_or(0);
    assert!(hits >= made, "{}", second.stdout);
    assert!(
        reused(&second.stdout).ends_with(", 0 made"),
        "{}",
        second.stdout
    );
    // The same bytes, cached or not; and nothing of the cache in the site.
    let none = run_in(&root, &["build", "--no-cache", "-o", "../c"]);
    none.ok();
    let (a, b, c) = (
        tree(&root.join("../a")),
        tree(&root.join("../b")),
        tree(&root.join("../c")),
    );
    assert!(a == b && b == c, "cached and uncached builds differ");
    assert!(a
        .keys()
        .all(|k| !k.contains("careerbook-cache") && !k.contains("CACHEDIR")));
}

#[test]
fn damaged_truncated_or_foreign_entries_are_never_served() {
    let (_tmp, root) = handbook();
    let cache = root.join(".careerbook-cache");
    run_in(&root, &["build", "-q", "-o", "../a"]).ok();
    let files = entries(&cache);
    assert!(files.len() >= 10);
    // Damage every entry a different way: flip a byte of the payload,
    // truncate, swap two entries' contents, empty, junk.
    let first = std::fs::read(&files[0]).unwrap_or_default();
    for (i, f) in files.iter().enumerate() {
        let mut bytes = std::fs::read(f).unwrap_or_default();
        let damaged = match i % 5 {
            0 => {
                let at = bytes.len() / 2;
                bytes[at] ^= 0x20;
                bytes
            }
            1 => bytes[..bytes.len() * 2 / 3].to_vec(),
            2 => first.clone(),
            3 => Vec::new(),
            _ => b"<script>alert(1)</script>".to_vec(),
        };
        std::fs::write(f, damaged).unwrap_or_default();
    }
    let run = run_in(&root, &["build", "-v", "-o", "../b"]);
    run.ok();
    let line = reused(&run.stdout);
    assert!(
        line.contains("entries damaged or foreign, ignored"),
        "{line}"
    );
    assert_eq!(tree(&root.join("../a")), tree(&root.join("../b")));
    // Replaced by good entries: the next build reuses them all.
    let again = run_in(&root, &["build", "-v", "-o", "../c"]);
    assert!(
        reused(&again.stdout).ends_with(", 0 made"),
        "{}",
        again.stdout
    );
}

#[test]
fn two_builds_at_once_share_the_cache_safely() {
    let (_tmp, root) = handbook();
    let spawn = |out: &str| {
        std::process::Command::new(common::bin())
            .args(["build", "-q", "-o", out])
            .current_dir(&root)
            .spawn()
            .expect("spawn")
    };
    let mut a = spawn("../a");
    let mut b = spawn("../b");
    assert!(a.wait().expect("a").success() && b.wait().expect("b").success());
    assert_eq!(tree(&root.join("../a")), tree(&root.join("../b")));
    // No temporary file left behind, and every entry is read back whole.
    let cache = root.join(".careerbook-cache");
    assert!(entries(&cache)
        .iter()
        .all(|p| !p.to_string_lossy().contains(".tmp-")));
    let run = run_in(&root, &["build", "-v", "-o", "../c"]);
    assert!(reused(&run.stdout).ends_with(", 0 made"), "{}", run.stdout);
}

#[test]
fn no_cache_reads_and_writes_nothing_and_clean_removes_only_ours() {
    let (_tmp, root) = handbook();
    let cache = root.join(".careerbook-cache");
    run_in(&root, &["build", "-q", "--no-cache"]).ok();
    assert!(!cache.exists());
    run_in(&root, &["build", "-q"]).ok();
    assert!(cache.exists());
    let clean = run_in(&root, &["clean"]);
    clean.ok();
    assert!(
        clean.stdout.contains("removed the build cache"),
        "{}",
        clean.stdout
    );
    assert!(!cache.exists());
    assert!(run_in(&root, &["clean"]).stdout.contains("no build cache"));
    // A folder of that name careerbook did not make is left alone.
    std::fs::create_dir_all(&cache).unwrap_or_default();
    std::fs::write(cache.join("mine.txt"), "keep me").unwrap_or_default();
    let refused = run_in(&root, &["clean"]);
    assert_eq!(refused.code, 1, "{}", refused.stderr);
    assert!(
        refused.stderr.contains("is not careerbook's cache"),
        "{}",
        refused.stderr
    );
    assert!(cache.join("mine.txt").exists());
    // An output inside the cache folder: the cache is not used, and said so.
    std::fs::remove_dir_all(&cache).unwrap_or_default();
    let inside = run_in(&root, &["build", "-o", ".careerbook-cache/site"]);
    inside.ok();
    assert!(
        inside.stderr.contains("not using the build cache"),
        "{}",
        inside.stderr
    );
    assert!(!cache.join("highlight").exists());
}

#[test]
fn the_dev_server_shares_the_cache() {
    let (_tmp, root) = handbook();
    let cache = root.join(".careerbook-cache");
    // The dev server's first render fills it...
    let first = careerbook::serve::incremental::Session::full(&root, None, None);
    assert!(first.is_ok());
    let made = entries(&cache).len();
    assert!(made >= 10, "{made}");
    drop(first);
    // ...and a build afterwards reuses every entry.
    let run = run_in(&root, &["build", "-v", "-o", "../a"]);
    assert!(reused(&run.stdout).ends_with(", 0 made"), "{}", run.stdout);
    assert_eq!(entries(&cache).len(), made);
}
