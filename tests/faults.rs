//! Faults during a build: the process killed (SIGKILL) at random moments
//! leaves a whole site every time (the previous one or the new one, byte
//! for byte, never a mix or none), and the next build succeeds and removes
//! what the killed ones left.

mod common;
use common::{tree, Book};

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
        sites.push(tree(&b.path("site")));
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
        let now = tree(&b.path("site"));
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
    assert_eq!(tree(&b.path("site")), sites[1 - current]);
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
    let before = tree(&b.path("site"));
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
            tree(&b.path("site")),
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

fn device(p: &std::path::Path) -> u64 {
    use std::os::unix::fs::MetadataExt;
    std::fs::metadata(p).unwrap().dev()
}

/// Another filesystem: an output given with -o on another filesystem than
/// the handbook, and an output folder that is a symbolic link to a folder on
/// another filesystem (a web server's folder, say). The site is built there,
/// byte for byte the same as beside the handbook, the link stays a link, and
/// nothing is left on either side.
#[test]
fn an_output_on_another_filesystem_is_built_where_it_lives() {
    let b = Book::new();
    assert!(build(&b).status().unwrap().success());
    let expected = tree(&b.path("site"));
    let elsewhere = tempfile::Builder::new()
        .prefix("careerbook-other-fs-")
        .tempdir_in(if std::path::Path::new("/dev/shm").is_dir() {
            "/dev/shm"
        } else {
            "/tmp"
        })
        .unwrap();
    if device(elsewhere.path()) == device(b.tmp.path()) {
        eprintln!("note: /dev/shm is on the handbook's filesystem here; the test still runs");
    }
    // -o on the other filesystem, built twice (the second swaps).
    let out = elsewhere.path().join("site");
    for _ in 0..2 {
        common::run_in(
            b.tmp.path(),
            &[
                "build",
                "-q",
                "--no-cache",
                "book",
                "-o",
                out.to_str().unwrap(),
            ],
        )
        .ok();
        assert_eq!(tree(&out), expected);
    }
    // book/site as a link to a folder over there.
    let real = elsewhere.path().join("published");
    std::fs::rename(&out, &real).unwrap();
    std::fs::remove_dir_all(b.path("site")).unwrap();
    std::os::unix::fs::symlink(&real, b.path("site")).unwrap();
    b.edit("content/index.md", "+++\n", "+++\n").write(
        "content/guides/new-one.md",
        "+++\ntitle = \"A new guide\"\nsummary = \"Added after the link was made.\"\n+++\nNew.\n",
    );
    for _ in 0..2 {
        common::run_in(b.tmp.path(), &["build", "-q", "--no-cache", "book"]).ok();
        let link = std::fs::symlink_metadata(b.path("site")).unwrap();
        assert!(link.file_type().is_symlink(), "the output is still a link");
        assert!(
            real.join("guides/new-one.html").is_file(),
            "built where the link points"
        );
        assert_eq!(tree(&real), tree(&b.path("site")));
    }
    assert_eq!(leftovers(&b), Vec::<String>::new());
    let strays: Vec<_> = std::fs::read_dir(elsewhere.path())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n != "published")
        .collect();
    assert_eq!(
        strays,
        Vec::<String>::new(),
        "nothing left beside the real folder"
    );
}

/// Runs `careerbook build book` with `dir` (under the book's temporary
/// folder) mounted read-only, in a user and mount namespace of its own
/// (`unshare`), so it works the same as root and as anyone else.
fn build_with_read_only(b: &Book, dir: &std::path::Path) -> std::process::Output {
    let out = Command::new("unshare")
        .args(["-rm", "sh", "-c"])
        .arg("mount --bind \"$1\" \"$1\" && mount -o remount,bind,ro \"$1\" && exec \"$2\" build --no-cache book")
        .arg("sh")
        .arg(dir)
        .arg(common::bin())
        .current_dir(b.tmp.path())
        .env("NO_COLOR", "1")
        .output()
        .expect("unshare (util-linux) runs");
    out
}

/// A read-only output: the folder the site goes in (the handbook's, here)
/// mounted read-only, or the output folder itself. The build exits 1 with an
/// error naming the folder and the system's reason, the previous site is
/// byte-identical and nothing is left.
#[test]
fn a_read_only_output_gives_a_clear_error_and_keeps_the_site() {
    let b = Book::new();
    assert!(build(&b).status().unwrap().success());
    let before = tree(&b.path("site"));
    b.edit("content/index.md", "+++\n", "+++\n");
    b.write(
        "content/guides/new-one.md",
        "+++\ntitle = \"A new guide\"\nsummary = \"Not published: the folder is read-only.\"\n+++\nNew.\n",
    );
    for (ro, expect) in [
        (
            b.root(),
            "cannot create a staging folder in `book`: Read-only file system",
        ),
        (b.path("site"), "cannot move the previous site aside"),
    ] {
        let out = build_with_read_only(&b, &ro);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(1), "{}: {err}", ro.display());
        assert!(err.contains(expect), "{}: {err}", ro.display());
        assert!(err.contains("hint:"), "{err}");
        assert_eq!(tree(&b.path("site")), before, "{}", ro.display());
        assert_eq!(leftovers(&b), Vec::<String>::new());
    }
    // Writable again, the build goes through.
    assert!(build(&b).status().unwrap().success());
    assert!(b.path("site/guides/new-one.html").is_file());
}

/// Files changing while the build reads them: one page rewritten between
/// two versions and another deleted and written back, as fast as a loop
/// can, during twenty builds of 1,000 pages. Each build either fails with
/// an error naming the file that went missing (and keeps the previous site
/// byte for byte) or makes a whole site that agrees with itself: the
/// rewritten page's title is the same on its page and in the guides list,
/// and the deleted page is listed exactly when it has a page.
#[test]
fn files_changing_during_a_build_give_an_error_or_a_consistent_site() {
    let b = big_book();
    assert!(build(&b).status().unwrap().success());
    let rewritten = b.path("content/guides/generated/g0500.md");
    let deleted = b.path("content/guides/generated/g0700.md");
    let kept = std::fs::read(&deleted).unwrap();
    let stop = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let churn = {
        let (stop, rewritten, deleted, kept) = (
            stop.clone(),
            rewritten.clone(),
            deleted.clone(),
            kept.clone(),
        );
        std::thread::spawn(move || {
            let mut n = 0u64;
            while !stop.load(std::sync::atomic::Ordering::Relaxed) {
                let title = if n.is_multiple_of(2) {
                    "Title A"
                } else {
                    "Title B, longer"
                };
                let body = format!(
                    "+++\ntitle = \"{title}\"\nsummary = \"Rewritten.\"\n+++\n{}\n",
                    "Text. ".repeat(200 + (n % 7) as usize * 50)
                );
                let _ = std::fs::write(&rewritten, body);
                if n.is_multiple_of(3) {
                    let _ = std::fs::remove_file(&deleted);
                } else {
                    let _ = std::fs::write(&deleted, &kept);
                }
                n += 1;
                std::thread::sleep(Duration::from_micros(200));
            }
            n
        })
    };
    let (mut built, mut refused) = (0, 0);
    for round in 0..20 {
        let before = tree(&b.path("site"));
        let out = build(&b).stderr(Stdio::piped()).output().unwrap();
        let err = String::from_utf8_lossy(&out.stderr);
        if out.status.success() {
            built += 1;
            let page = std::fs::read_to_string(b.path("site/guides/g0500.html")).unwrap();
            // Every page of the guides list (500 to a page): which page
            // lists g0500 depends on its title.
            let list: String = std::fs::read_dir(b.path("site/guides"))
                .unwrap()
                .map(|e| e.unwrap().path())
                .filter(|p| {
                    p.file_name()
                        .and_then(|n| n.to_str())
                        .is_some_and(|n| n.starts_with("index") && n.ends_with(".html"))
                })
                .map(|p| std::fs::read_to_string(p).unwrap())
                .collect();
            let title = ["Title A", "Title B, longer"]
                .into_iter()
                .find(|t| page.contains(&format!("<h1>{t}</h1>")))
                .unwrap_or_else(|| panic!("round {round}: the page has neither title"));
            assert!(
                list.contains(title),
                "round {round}: the list agrees with the page ({title})"
            );
            let other = if title == "Title A" {
                "Title B, longer"
            } else {
                "Title A"
            };
            assert!(
                !list.contains(other) && !page.contains(other),
                "round {round}: one version only"
            );
            let has_page = b.path("site/guides/g0700.html").is_file();
            assert_eq!(
                list.contains("\"../guides/g0700.html\""),
                has_page,
                "round {round}"
            );
        } else {
            refused += 1;
            assert_eq!(out.status.code(), Some(1), "round {round}: {err}");
            assert!(
                err.contains("g0700.md") || err.contains("g0500.md"),
                "round {round}: names the file: {err}"
            );
            assert_eq!(
                tree(&b.path("site")),
                before,
                "round {round}: previous site kept"
            );
        }
        assert_eq!(leftovers(&b), Vec::<String>::new(), "round {round}");
    }
    stop.store(true, std::sync::atomic::Ordering::Relaxed);
    let edits = churn.join().unwrap();
    eprintln!("20 builds during {edits} edits: {built} whole sites, {refused} located errors");
    assert!(
        edits > 100,
        "the files changed during the builds ({edits} edits)"
    );
}
