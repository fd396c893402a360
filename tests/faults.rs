//! Faults during a build: the process killed (SIGKILL) at random moments
//! leaves a whole site every time (the previous one or the new one, byte
//! for byte, never a mix or none), and the next build succeeds and removes
//! what the killed ones left.

mod common;
use common::{files, Book};

use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

/// A handbook of about 1,000 pages: the fixture plus generated guides.
fn big_book() -> Book {
    let b = Book::new();
    b.write(
        "content/guides/generated/index.md",
        "+++\ntitle = \"Generated\"\nsummary = \"A thousand guides.\"\n+++\nThe generated part.\n",
    );
    for i in 0..1000 {
        b.write(
            &format!("content/guides/generated/g{i:04}.md"),
            &format!(
                "+++\ntitle = \"Generated guide {i}\"\nsummary = \"Guide number {i}.\"\n+++\n## Part one\n\n{}\n\n```rust\nfn guide_{i}() -> u32 {{ {i} }}\n```\n\n## Part two\n\n| a | b |\n|---|---|\n| {i} | {} |\n",
                "Words about reviews, design and delivery. ".repeat(20),
                i * 2
            ),
        );
    }
    b
}

fn build(b: &Book) -> Command {
    let mut c = Command::new(common::bin());
    c.args(["build", "-q", "--no-cache", "book"])
        .current_dir(b.tmp.path())
        .stdout(Stdio::null())
        .stderr(Stdio::null());
    c
}

fn leftovers(b: &Book) -> Vec<String> {
    std::fs::read_dir(b.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with(".site.careerbook-"))
        .collect()
}

#[test]
fn a_build_killed_at_fifty_random_moments_leaves_a_whole_site() {
    let b = big_book();
    let page = "content/guides/generated/g0500.md";
    let versions = [
        "Version one of this page.",
        "Version two, longer, of this page.",
    ];
    // The site each version builds, and how long a build takes.
    let mut sites = Vec::new();
    let mut took = Duration::ZERO;
    for v in versions {
        b.write(
            page,
            &format!("+++\ntitle = \"Changing guide\"\nsummary = \"{v}\"\n+++\n{v}\n"),
        );
        let t = Instant::now();
        assert!(build(&b).status().unwrap().success());
        took = took.max(t.elapsed());
        sites.push(files(&b.path("site")));
    }
    assert_ne!(sites[0], sites[1]);
    assert!(sites[0].len() > 1000, "{} files", sites[0].len());
    // The site now is version two's; each round builds the other version
    // and kills the build at a random moment.
    let mut current = 1;
    let mut seed: u64 = 0x9e37_79b9_7f4a_7c15;
    let (mut old, mut new) = (0, 0);
    for round in 0..50 {
        let next = 1 - current;
        b.write(
            page,
            &format!(
                "+++\ntitle = \"Changing guide\"\nsummary = \"{0}\"\n+++\n{0}\n",
                versions[next]
            ),
        );
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        let wait = took.mul_f64((seed % 1000) as f64 / 1000.0 * 1.1);
        let mut child = build(&b).spawn().unwrap();
        std::thread::sleep(wait);
        let _ = child.kill(); // SIGKILL
        let _ = child.wait();
        let now = files(&b.path("site"));
        if now == sites[current] {
            old += 1;
        } else if now == sites[next] {
            new += 1;
            current = next;
        } else {
            let differ = now
                .keys()
                .chain(sites[current].keys())
                .filter(|k| now.get(*k) != sites[current].get(*k))
                .take(5)
                .cloned()
                .collect::<Vec<_>>();
            panic!(
                "round {round}, killed after {wait:?}: the site is neither the previous nor the new one ({} files; first differences {differ:?})",
                now.len()
            );
        }
    }
    eprintln!("50 kills: {old} left the previous site, {new} the new one");
    assert!(old > 0, "some kills landed before the build finished");
    // The next build succeeds and clears what the killed ones left.
    b.write(
        page,
        &format!(
            "+++\ntitle = \"Changing guide\"\nsummary = \"{0}\"\n+++\n{0}\n",
            versions[1 - current]
        ),
    );
    assert!(build(&b).status().unwrap().success());
    assert_eq!(files(&b.path("site")), sites[1 - current]);
    assert_eq!(leftovers(&b), Vec::<String>::new());
}

/// Running out of room: every write past a size limit fails (the shell's
/// `ulimit -f`, with SIGXFSZ ignored, so writes fail with EFBIG as they would
/// on a full disk). Whichever file fails first (a page, the search index, the
/// print page's bodies), the error names it, the exit is 1, the previous
/// site is untouched and no staging folder is left.
#[test]
fn a_build_that_runs_out_of_room_names_the_file_and_keeps_the_previous_site() {
    let b = Book::new();
    assert!(build(&b).status().unwrap().success());
    let before = files(&b.path("site"));
    let mut named = Vec::new();
    for blocks in [2, 4, 10, 40] {
        let out = Command::new("sh")
            .arg("-c")
            .arg(format!(
                "trap '' XFSZ; ulimit -f {blocks}; exec \"$0\" build --no-cache book"
            ))
            .arg(common::bin())
            .current_dir(b.tmp.path())
            .env("NO_COLOR", "1")
            .output()
            .unwrap();
        let err = String::from_utf8_lossy(&out.stderr).into_owned();
        if out.status.success() {
            continue; // the limit was above every file
        }
        assert_eq!(out.status.code(), Some(1), "{err}");
        assert!(err.contains("File too large"), "{blocks}: {err}");
        let first = err.lines().next().unwrap_or("").to_string();
        assert!(
            first.starts_with("error: cannot write ") && first.contains(": File too large"),
            "{first}"
        );
        named.push(first);
        assert_eq!(
            files(&b.path("site")),
            before,
            "{blocks}: previous site kept"
        );
        assert_eq!(leftovers(&b), Vec::<String>::new(), "{blocks}");
    }
    assert!(named.len() >= 2, "{named:?}");
    // Each names what it was writing: a page, a search file, or the spill.
    for n in &named {
        let what = n.trim_start_matches("error: cannot write ");
        assert!(
            what.contains(".html") || what.contains("search/") || what.contains("print"),
            "{n}"
        );
    }
}
