//! Quality of what careerbook publishes, measured by real tools on the
//! built default handbook (this repository's `content/`), its private build
//! with the example overlay, and the eight-level fixture: the Nu HTML
//! checker, a link checker over every page and the script-drawn links,
//! axe-core in headless Chromium in both themes, and every request the
//! browser makes. The sites are built once per run of this file.

mod common;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::process::Command;
use std::sync::{Arc, Mutex, OnceLock};

use common::browser::{eval, file_url, goto, open, wait_for};
use serde_json::Value;

struct Sites {
    /// The default handbook, as published.
    default: PathBuf,
    /// The default handbook with the example overlay (the Me pages).
    private: PathBuf,
    /// A different ladder: eight levels, tracks forking after the third.
    eight: PathBuf,
    /// A ladder imported from the FT format: criteria without statements,
    /// a proficiency scale, empty dimensions, supporting links.
    imported: PathBuf,
    /// Three job families, two inheriting a shared library.
    families: PathBuf,
    /// A ladder of rules over proficiency tiers (the Etsy shape).
    tiers: PathBuf,
    /// The small fixture with internal content, built with the profile
    /// that keeps it (the banner, marked sections and examples).
    internal: PathBuf,
}

impl Sites {
    fn all(&self) -> [&Path; 7] {
        [
            &self.default,
            &self.private,
            &self.eight,
            &self.imported,
            &self.families,
            &self.tiers,
            &self.internal,
        ]
    }
}

fn sites() -> &'static Sites {
    static SITES: OnceLock<Sites> = OnceLock::new();
    SITES.get_or_init(|| {
        let repo = Path::new(env!("CARGO_MANIFEST_DIR"));
        let out = Path::new(env!("CARGO_TARGET_TMPDIR")).join("quality");
        let sites = Sites {
            default: out.join("default"),
            private: out.join("default-private"),
            eight: out.join("eight-levels"),
            imported: out.join("imported"),
            families: out.join("families"),
            tiers: out.join("tiers"),
            internal: out.join("internal"),
        };
        let s = |p: &Path| p.to_str().expect("utf-8 path").to_string();
        let build = |args: &[&str]| {
            common::run_in(repo, args).ok();
        };
        build(&["build", ".", "-q", "-o", &s(&sites.default)]);
        build(&[
            "build",
            ".",
            "-q",
            "--overlay",
            "examples/overlay",
            "-o",
            &s(&sites.private),
        ]);
        // The eight-level ladder with a release: the small fixture's
        // ladder as the one released before, so the release pages and the
        // levels' "changed since" have something of every kind to show.
        let eight = out.join("eight-levels-handbook");
        let _ = std::fs::remove_dir_all(&eight);
        common::copy_dir(&repo.join("tests/fixtures/eight-levels"), &eight);
        let toml = std::fs::read_to_string(eight.join("book.toml")).expect("book.toml");
        let release = repo.join("tests/fixtures/minimal");
        std::fs::write(
            eight.join("book.toml"),
            format!(
                "{toml}\n[[releases]]\nname = \"2025\"\ndate = 2025-06-01\npath = {:?}\n",
                s(&release)
            ),
        )
        .expect("write book.toml");
        build(&["build", &s(&eight), "-q", "-o", &s(&sites.eight)]);
        let ladder = out.join("imported-handbook");
        let _ = std::fs::remove_dir_all(&ladder);
        build(&[
            "import",
            "ft",
            "tests/fixtures/import/ft/platform.yml",
            "-q",
            "-o",
            &s(&ladder),
        ]);
        build(&["build", &s(&ladder), "-q", "-o", &s(&sites.imported)]);
        build(&[
            "build",
            "tests/fixtures/families",
            "-q",
            "-o",
            &s(&sites.families),
        ]);
        let tiers = out.join("tiers-handbook");
        let _ = std::fs::remove_dir_all(&tiers);
        build(&[
            "import",
            "etsy",
            "tests/fixtures/import/etsy",
            "-q",
            "-o",
            &s(&tiers),
        ]);
        build(&["build", &s(&tiers), "-q", "-o", &s(&sites.tiers)]);
        let internal = out.join("internal-handbook");
        let _ = std::fs::remove_dir_all(&internal);
        common::copy_dir(&repo.join("tests/fixtures/minimal"), &internal);
        let edit = |rel: &str, f: &dyn Fn(String) -> String| {
            let path = internal.join(rel);
            let text = std::fs::read_to_string(&path).expect("read fixture");
            std::fs::write(&path, f(text)).expect("write fixture");
        };
        // Without a base URL, as the other sites the link checker reads
        // (the 404 page's links are rooted at the base URL's path).
        edit("book.toml", &|t| {
            t.lines()
                .filter(|l| !l.starts_with("base_url"))
                .collect::<Vec<_>>()
                .join("\n")
        });
        edit("content/guides/glue-work.md", &|t| {
            format!("{t}\n## Who decides {{.internal}}\n\nThe staff group; see [[guide:pay-bands]].\n")
        });
        edit("content/levels/senior.md", &|t| {
            t.replacen(
                "examples = [\"Led the billing migration.\"]",
                "examples = [\"Led the billing migration.\"]\ninternal_examples = [\"The ledger rewrite.\"]",
                1,
            )
        });
        std::fs::write(
            internal.join("content/guides/pay-bands.md"),
            "+++\ntitle = \"Pay bands\"\nsummary = \"Bands per level.\"\ninternal = true\n+++\n## Bands\n\nSenior is band 5.\n",
        )
        .expect("write fixture");
        build(&[
            "build",
            &s(&internal),
            "-q",
            "--profile",
            "internal",
            "-o",
            &s(&sites.internal),
        ]);
        sites
    })
}

fn files_with(root: &Path, ext: &str) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(root)
        .into_iter()
        .map(|e| e.expect("walk").into_path())
        .filter(|p| p.extension().is_some_and(|e| e == ext))
        .collect();
    files.sort();
    files
}

// ---------------------------------------------------------------------------
// The Nu HTML checker

/// Runs vnu and returns its messages (it reports on stderr).
fn vnu(java: &Path, jar: &Path, args: &[&str], paths: &[&Path]) -> Vec<Value> {
    let out = Command::new(java)
        .arg("-jar")
        .arg(jar)
        .args(["--format", "json", "--exit-zero-always"])
        .args(args)
        .args(paths)
        .output()
        .expect("run vnu");
    let report: Value = serde_json::from_slice(&out.stderr).unwrap_or_else(|e| {
        panic!(
            "vnu did not report JSON ({e}):\n{}",
            String::from_utf8_lossy(&out.stderr)
        )
    });
    report["messages"].as_array().expect("messages").clone()
}

fn is_error(m: &Value) -> bool {
    matches!(m["type"].as_str(), Some("error" | "non-document-error"))
}

fn describe(m: &Value) -> String {
    format!(
        "{}:{}: {}",
        m["url"].as_str().unwrap_or("?"),
        m["lastLine"],
        m["message"].as_str().unwrap_or("?")
    )
}

#[test]
fn every_page_is_valid_html() {
    let Some((java, jar)) = common::tools::vnu() else {
        return;
    };
    let sites = sites();
    // A page with a known error proves the checker ran and that its report
    // is read: a silent or misread checker would otherwise pass everything.
    let canary = Path::new(env!("CARGO_TARGET_TMPDIR")).join("quality/canary");
    std::fs::create_dir_all(&canary).unwrap();
    std::fs::write(
        canary.join("canary.html"),
        "<!doctype html><html lang=en><title>x</title><p><div></p>",
    )
    .unwrap();
    let mut paths = sites.all().to_vec();
    paths.push(&canary);
    let messages = vnu(&java, &jar, &["--skip-non-html"], &paths);
    let (canary_msgs, messages): (Vec<&Value>, Vec<&Value>) = messages
        .iter()
        .partition(|m| m["url"].as_str().is_some_and(|u| u.contains("canary")));
    assert!(
        canary_msgs.iter().any(|m| is_error(m)),
        "vnu found no error in the canary page: {canary_msgs:?}"
    );
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| is_error(m))
        .map(|m| describe(m))
        .collect();
    for site in sites.all() {
        let url = format!("file:{}/", site.display());
        let mine = |m: &&&Value| m["url"].as_str().is_some_and(|u| u.starts_with(&url));
        let warnings = messages
            .iter()
            .filter(mine)
            .filter(|m| m["subType"] == "warning")
            .count();
        println!(
            "vnu {}: {} pages, {} errors, {} warnings",
            site.display(),
            files_with(site, "html").len(),
            messages.iter().filter(mine).filter(|m| is_error(m)).count(),
            warnings
        );
    }
    // Warnings fail too: the built sites have none, and a new one (a
    // section without a heading, a misused h1) is worth a look before it lands.
    let warnings: Vec<String> = messages
        .iter()
        .filter(|m| !is_error(m))
        .map(|m| describe(m))
        .collect();
    assert!(
        errors.is_empty() && warnings.is_empty(),
        "{} HTML errors and {} warnings:\n{}\n{}",
        errors.len(),
        warnings.len(),
        errors.join("\n"),
        warnings.join("\n")
    );
}

#[test]
fn stylesheets_are_valid_css() {
    let Some((java, jar)) = common::tools::vnu() else {
        return;
    };
    let assets = sites().default.join("assets");
    let canary = Path::new(env!("CARGO_TARGET_TMPDIR")).join("quality/canary.css");
    std::fs::write(&canary, "a { colr: red }\n").unwrap();
    let sheets = [
        assets.join("style.css"),
        assets.join("highlight.css"),
        canary.clone(),
    ];
    let paths: Vec<&Path> = sheets.iter().map(PathBuf::as_path).collect();
    let messages = vnu(&java, &jar, &["--css"], &paths);
    let (canary_msgs, messages): (Vec<&Value>, Vec<&Value>) = messages
        .iter()
        .partition(|m| m["url"].as_str().is_some_and(|u| u.contains("canary")));
    assert!(canary_msgs.iter().any(|m| is_error(m)), "{canary_msgs:?}");
    let errors: Vec<String> = messages
        .iter()
        .filter(|m| is_error(m))
        .map(|m| describe(m))
        .collect();
    println!(
        "vnu css: {} errors, {} warnings",
        errors.len(),
        messages.len() - errors.len()
    );
    assert!(errors.is_empty(), "CSS errors:\n{}", errors.join("\n"));
}

// ---------------------------------------------------------------------------
// Links

/// Every internal link of one site, resolved the way a browser does from
/// `file://`, checked against the files and the ids of the target page.
struct LinkChecker {
    root: PathBuf,
    /// Ids (and `<a name>`s) of every HTML page, by path from the root.
    ids: HashMap<String, HashSet<String>>,
    pages: usize,
    links: usize,
    anchors: usize,
    external: usize,
    broken: Vec<String>,
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (c, _) => {
                out.push(c);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// A URL that leaves the site: it has a scheme (`https:`, `mailto:`,
/// `data:`...) or is protocol-relative.
fn has_scheme(url: &str) -> bool {
    if url.starts_with("//") {
        return true;
    }
    let scheme = url.split(':').next().unwrap_or("");
    url.contains(':')
        && scheme.len() > 1
        && scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
}

/// Attributes that name another resource.
const URL_ATTRS: [&str; 5] = ["href", "src", "action", "poster", "data"];

impl LinkChecker {
    fn new(root: &Path) -> LinkChecker {
        let mut ids = HashMap::new();
        let id_sel = scraper::Selector::parse("[id], a[name]").unwrap();
        for file in files_with(root, "html") {
            let doc = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            let set: HashSet<String> = doc
                .select(&id_sel)
                .flat_map(|e| [e.value().attr("id"), e.value().attr("name")])
                .flatten()
                .map(str::to_string)
                .collect();
            ids.insert(rel(root, &file), set);
        }
        LinkChecker {
            root: root.to_path_buf(),
            ids,
            pages: 0,
            links: 0,
            anchors: 0,
            external: 0,
            broken: Vec::new(),
        }
    }

    /// Checks `url`, found in `from` (a path from the root), resolved
    /// against the folder `base` (a path from the root, "" for the root).
    fn check(&mut self, from: &str, base: &str, url: &str) {
        let url = url.trim();
        if has_scheme(url) {
            if url.to_ascii_lowercase().starts_with("javascript:") {
                self.broken
                    .push(format!("{from}: {url}: a javascript: URL"));
            } else {
                self.external += 1;
            }
            return;
        }
        self.links += 1;
        let fail = |why: &str| format!("{from}: {url}: {why}");
        let (rest, fragment) = match url.split_once('#') {
            Some((r, f)) => (r, Some(percent_decode(f))),
            None => (url, None),
        };
        let path = rest.split('?').next().unwrap_or("");
        if path.starts_with('/') {
            self.broken
                .push(fail("an absolute path (breaks from file:// and sub-paths)"));
            return;
        }
        let target = if path.is_empty() {
            from.to_string()
        } else {
            let mut parts: Vec<String> = base
                .split('/')
                .filter(|s| !s.is_empty())
                .map(str::to_string)
                .collect();
            for seg in percent_decode(path).split('/') {
                match seg {
                    "" | "." => {}
                    ".." => {
                        if parts.pop().is_none() {
                            self.broken.push(fail("leaves the site"));
                            return;
                        }
                    }
                    s => parts.push(s.to_string()),
                }
            }
            if path.ends_with('/') {
                self.broken
                    .push(fail("a folder (no index.html from file://)"));
                return;
            }
            parts.join("/")
        };
        let file = self.root.join(&target);
        if !file.is_file() {
            let why = if file.is_dir() {
                "a folder (no index.html from file://)"
            } else {
                "no such file"
            };
            self.broken.push(fail(why));
            return;
        }
        let Some(fragment) = fragment else { return };
        self.anchors += 1;
        match self.ids.get(&target) {
            _ if fragment.is_empty() => self.broken.push(fail("an empty fragment")),
            Some(ids) if ids.contains(&fragment) => {}
            Some(_) => self
                .broken
                .push(fail(&format!("no id {fragment:?} in {target}"))),
            None => self
                .broken
                .push(fail("a fragment on a file that is not a page")),
        }
    }

    fn check_pages(&mut self) {
        let sel = scraper::Selector::parse("*").unwrap();
        for file in files_with(&self.root, "html") {
            self.pages += 1;
            let from = rel(&self.root, &file);
            let base = parent_of(&from);
            let doc = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            for el in doc.select(&sel) {
                for attr in URL_ATTRS {
                    if let Some(url) = el.value().attr(attr) {
                        self.check(&from, &base, url);
                    }
                }
                if let Some(srcset) = el.value().attr("srcset") {
                    for candidate in srcset.split(',') {
                        let url = candidate.split_whitespace().next().unwrap_or("");
                        self.check(&from, &base, url);
                    }
                }
            }
        }
    }

    /// `url(...)` and `@import` in the stylesheets.
    fn check_css(&mut self) {
        for file in files_with(&self.root, "css") {
            let from = rel(&self.root, &file);
            let base = parent_of(&from);
            let css = std::fs::read_to_string(&file).unwrap();
            for part in css.split("url(").skip(1) {
                let url = part.split(')').next().unwrap_or("");
                let url = url.trim().trim_matches(['"', '\'']);
                if !url.starts_with("data:") {
                    self.check(&from, &base, url);
                }
            }
            for part in css.split("@import").skip(1) {
                let url = part.trim_start();
                if let Some(q) = url.strip_prefix(['"', '\'']) {
                    let url = q.split(['"', '\'']).next().unwrap_or("");
                    self.check(&from, &base, url);
                }
            }
        }
    }

    /// The links script draws: the sidebar (`assets/toc.js`) and the
    /// search results (`search/d/*.js`), both relative to the site root.
    fn check_script_data(&mut self) {
        let toc_file = self.root.join("assets/toc.js");
        let toc = std::fs::read_to_string(&toc_file).unwrap();
        let json = toc
            .trim()
            .strip_prefix("window.__cb_toc=")
            .and_then(|s| s.strip_suffix(';'))
            .expect("toc.js is `window.__cb_toc=[...];`");
        let sections: Vec<Value> = serde_json::from_str(json).expect("toc.js JSON");
        assert!(!sections.is_empty());
        for sec in &sections {
            let url = sec["u"].as_str().expect("section url");
            self.check("assets/toc.js", "", url);
            for item in sec["i"].as_array().expect("items") {
                self.check("assets/toc.js", "", item[1].as_str().expect("item url"));
            }
        }
        let search = self.root.join("search/d");
        if !search.exists() {
            return;
        }
        for file in files_with(&search, "js") {
            let from = rel(&self.root, &file);
            let text = std::fs::read_to_string(&file).unwrap();
            // __cb_search("d/0",[[title, url, kind, parent, text], ...]);
            let json = text
                .split_once(',')
                .and_then(|(_, rest)| rest.trim_end().strip_suffix(");"))
                .expect("a __cb_search(name, data); call");
            let docs: Vec<Value> = serde_json::from_str(json).expect("search docs JSON");
            for d in &docs {
                self.check(&from, "", d[1].as_str().expect("doc url"));
            }
        }
    }
}

fn rel(root: &Path, file: &Path) -> String {
    file.strip_prefix(root)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy())
        .collect::<Vec<_>>()
        .join("/")
}

fn parent_of(rel: &str) -> String {
    rel.rsplit_once('/')
        .map(|(dir, _)| dir.to_string())
        .unwrap_or_default()
}

fn check_site_links(root: &Path) -> LinkChecker {
    let mut c = LinkChecker::new(root);
    c.check_pages();
    c.check_css();
    c.check_script_data();
    c
}

#[test]
fn no_internal_link_or_anchor_is_broken() {
    let mut broken = Vec::new();
    for site in sites().all() {
        let c = check_site_links(site);
        println!(
            "links {}: {} pages, {} internal links ({} with an anchor) checked, {} external skipped, {} broken",
            site.display(),
            c.pages,
            c.links,
            c.anchors,
            c.external,
            c.broken.len()
        );
        // Guards against a checker that silently checks nothing.
        assert!(c.pages > 10 && c.links > 10 * c.pages && c.anchors > c.pages);
        broken.extend(c.broken);
    }
    assert!(
        broken.is_empty(),
        "{} broken links:\n{}",
        broken.len(),
        broken.join("\n")
    );
}

#[test]
fn the_link_checker_finds_broken_links() {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path();
    std::fs::create_dir_all(root.join("a/sub")).unwrap();
    std::fs::create_dir_all(root.join("assets")).unwrap();
    std::fs::write(
        root.join("index.html"),
        r##"<p id="top"><a href="a/page.html#here">ok</a> <a href="a/page.html#nowhere">bad anchor</a>
        <a href="missing.html">missing</a> <a href="a/">folder</a> <a href="/abs.html">abs</a>
        <a href="#top">self ok</a> <a href="#">empty</a> <a href="https://example.com/">ext</a>
        <img src="../up.png"> <a href="a/page%20two.html?x=1#caf%C3%A9">encoded ok</a>"##,
    )
    .unwrap();
    std::fs::write(
        root.join("a/page.html"),
        r#"<h2 id="here">x</h2><a name="old"></a><a href="../index.html#top">back</a><a href="sub/">x</a>"#,
    )
    .unwrap();
    std::fs::write(root.join("a/page two.html"), r#"<p id="café">x</p>"#).unwrap();
    std::fs::write(
        root.join("assets/toc.js"),
        r#"window.__cb_toc=[{"t":"A","u":"a/page.html#old","i":[["B","a/gone.html"]]}];"#,
    )
    .unwrap();
    std::fs::write(
        root.join("assets/style.css"),
        "@import 'gone.css'; a { background: url(\"../a/page.html\") }",
    )
    .unwrap();
    let c = check_site_links(root);
    let mut found: Vec<&str> = c
        .broken
        .iter()
        .map(|b| b.split(": ").nth(1).unwrap())
        .collect();
    found.sort();
    assert_eq!(
        found,
        [
            "#",
            "../up.png",
            "/abs.html",
            "a/",
            "a/gone.html",
            "a/page.html#nowhere",
            "gone.css",
            "missing.html",
            "sub/"
        ],
        "{:#?}",
        c.broken
    );
    assert_eq!(c.external, 1);
}

// ---------------------------------------------------------------------------
// In the browser: accessibility and requests

/// The key views of the default handbook, as (name, URL from the site root,
/// a JS condition that is true once the page's script has drawn it).
const KEY_PAGES: [(&str, &str, &str); 8] = [
    (
        "home",
        "index.html",
        "!!document.querySelector('#sidebar a')",
    ),
    (
        "matrix",
        "matrix.html",
        "!!document.querySelector('#sidebar a')",
    ),
    (
        "level",
        "levels/senior.html",
        "!!document.querySelector('.next-level')",
    ),
    (
        "compare",
        "compare.html?a=mid&b=senior",
        "document.querySelectorAll('#compare-table tbody tr').length > 0",
    ),
    (
        "questions",
        "questions/index.html",
        "!!document.querySelector('#sidebar a')",
    ),
    (
        "question",
        "questions/disagree-decision.html",
        "!!document.querySelector('#sidebar a')",
    ),
    (
        "exercise with rubric",
        "exercises/incident-retrospective-drill.html",
        "!!document.querySelector('#sidebar a')",
    ),
    (
        "search",
        "search.html?q=promotion",
        "document.querySelectorAll('#search-results li').length > 0",
    ),
];

fn page_url(site: &Path, rel: &str) -> String {
    format!("{}/{rel}", file_url(site))
}

/// Runs axe on the open page: (rules passed, violations as JSON).
fn axe(tab: &headless_chrome::Tab, source: &str) -> (usize, Vec<Value>) {
    tab.evaluate(source, false).expect("inject axe");
    let result: Value = serde_json::from_str(&eval(
        tab,
        "axe.run(document, { resultTypes: ['violations'] }).then(r => ({ \
           passes: r.passes.length, \
           violations: r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help, \
             nodes: v.nodes.map(n => n.target.join(' ') + ' ' + (n.failureSummary || '').replace(/\\s+/g, ' ')) })) }))",
    ))
    .unwrap();
    (
        result["passes"].as_u64().unwrap() as usize,
        result["violations"].as_array().unwrap().clone(),
    )
}

#[test]
fn every_kind_of_page_has_no_serious_accessibility_violations_in_either_theme() {
    let Some(source) = common::tools::axe_source() else {
        return;
    };
    let site = &sites().default;
    let Some(tab) = open(&page_url(site, KEY_PAGES[0].1)) else {
        return;
    };
    let mut serious = Vec::new();
    let ready = "!!document.querySelector('#sidebar a')";
    let mut pages: Vec<(&Path, &str, &str, &str)> = KEY_PAGES
        .iter()
        .map(|(name, rel, ready)| (site.as_path(), *name, *rel, *ready))
        .collect();
    let s = sites();
    pages.extend([
        (
            s.families.as_path(),
            "family",
            "families/backend.html",
            ready,
        ),
        (
            s.families.as_path(),
            "families matrix",
            "matrix.html",
            ready,
        ),
        (
            s.families.as_path(),
            "inheriting level",
            "levels/backend-2.html",
            ready,
        ),
        (
            s.tiers.as_path(),
            "tier matrix",
            "matrix.html",
            "!document.getElementById('tier-assessment').hidden",
        ),
        (
            site.as_path(),
            "level assessed",
            "levels/senior.html#criteria=1~senior~Sam~senior-scope-system-ownerM!Billing~senior-scope-problem-areaP",
            "!document.getElementById('assess').hidden && document.querySelectorAll('li.mark-M').length",
        ),
        (
            site.as_path(),
            "calibration",
            "calibrate.html#a=1~senior~Sam~senior-scope-system-ownerM!Billing~senior-scope-problem-areaP&b=1~senior~Priya~senior-scope-system-ownerN!Not%20yet",
            "!document.getElementById('calibration').hidden",
        ),
        (s.eight.as_path(), "release", "releases/2025.html", ready),
        (s.eight.as_path(), "releases", "releases/index.html", ready),
        (
            s.tiers.as_path(),
            "rule level",
            "levels/senior-engineer-i.html",
            ready,
        ),
    ]);
    // One page of every other kind and view, so none goes untested.
    let loaded = "document.readyState === 'complete'";
    for (name, rel, when) in [
        ("guide", "guides/brag-document.html", ready),
        ("guides", "guides/index.html", ready),
        ("levels", "levels/index.html", ready),
        ("anti-pattern", "anti-patterns/expert-beginner.html", ready),
        ("anti-patterns", "anti-patterns/index.html", ready),
        ("exercises", "exercises/index.html", ready),
        ("checklist", "checklists/first-90-days.html", ready),
        ("checklists", "checklists/index.html", ready),
        ("hiring profile", "hiring/senior.html", ready),
        ("hiring profiles", "hiring/index.html", ready),
        ("print", "print.html", loaded),
        ("not found", "404.html", loaded),
    ] {
        pages.push((site.as_path(), name, rel, when));
    }
    for (name, rel) in [
        ("me", "me/index.html"),
        ("brag document", "me/brag.html"),
        ("packet", "me/packet.html"),
        ("progress", "me/progress.html"),
    ] {
        pages.push((s.private.as_path(), name, rel, ready));
    }
    pages.push((
        s.families.as_path(),
        "families",
        "families/index.html",
        ready,
    ));
    pages.push((
        s.internal.as_path(),
        "internal build",
        "guides/glue-work.html",
        ready,
    ));
    for theme in ["light", "dark"] {
        eval(
            &tab,
            &format!("localStorage.setItem('careerbook-theme', '{theme}')"),
        );
        for &(site, name, rel, ready) in &pages {
            goto(&tab, &page_url(site, rel));
            wait_for(&tab, ready);
            // The theme really applies: the page background follows it.
            let bg = eval(&tab, "getComputedStyle(document.body).backgroundColor");
            let want = if theme == "dark" {
                "rgb(17, 20, 24)"
            } else {
                "rgb(255, 255, 255)"
            };
            assert_eq!(bg, format!("\"{want}\""), "{name} in {theme}");
            let (passes, violations) = axe(&tab, &source);
            let summary: Vec<String> = violations
                .iter()
                .map(|v| format!("{} ({})", v["id"], v["impact"]))
                .collect();
            println!(
                "axe {name} ({theme}): {passes} rules passed, {} violations {summary:?}",
                violations.len()
            );
            assert!(passes > 20, "axe ran too few rules on {name}: {passes}");
            for v in violations {
                if matches!(v["impact"].as_str(), Some("serious" | "critical")) {
                    serious.push(format!("{name} ({theme}): {v:#}"));
                }
            }
        }
    }
    assert!(
        serious.is_empty(),
        "{} serious or critical violations:\n{}",
        serious.len(),
        serious.join("\n")
    );
}

#[test]
fn the_browser_requests_nothing_outside_the_site_folder() {
    let site = &sites().default;
    let Some(tab) = open("about:blank") else {
        return;
    };
    let requested = Arc::new(Mutex::new(Vec::<String>::new()));
    let sink = requested.clone();
    tab.add_event_listener(Arc::new(
        move |event: &headless_chrome::protocol::cdp::types::Event| {
            if let headless_chrome::protocol::cdp::types::Event::NetworkRequestWillBeSent(e) = event
            {
                sink.lock().unwrap().push(e.params.request.url.clone());
            }
        },
    ))
    .unwrap();
    tab.call_method(headless_chrome::protocol::cdp::Network::Enable {
        max_total_buffer_size: None,
        max_resource_buffer_size: None,
        max_post_data_size: None,
        report_direct_socket_traffic: None,
        enable_durable_messages: None,
    })
    .unwrap();
    for (_, rel, ready) in KEY_PAGES {
        goto(&tab, &page_url(site, rel));
        wait_for(&tab, ready);
    }
    // The search box loads the index as the reader types.
    goto(&tab, &page_url(site, "index.html"));
    tab.find_element("#search-input").unwrap().click().unwrap();
    tab.type_str("calibration").unwrap();
    wait_for(
        &tab,
        "document.querySelectorAll('#search-popup .hit-title').length",
    );
    let requested = requested.lock().unwrap().clone();
    let inside = format!("{}/", file_url(site));
    let mut kinds: BTreeMap<&str, usize> = BTreeMap::new();
    for u in &requested {
        let kind = if u.contains("/search/") {
            "search index"
        } else {
            u.rsplit('.').next().unwrap_or("")
        };
        *kinds.entry(kind).or_default() += 1;
    }
    println!(
        "requests: {} over {} pages, all from the site folder: {kinds:?}",
        requested.len(),
        KEY_PAGES.len()
    );
    // The requests were seen at all: pages, stylesheets, scripts, index.
    for must in [
        "/index.html",
        "/assets/style.css",
        "/assets/toc.js",
        "/search/t/",
    ] {
        assert!(
            requested.iter().any(|u| u.contains(must)),
            "no request for {must} seen: {requested:#?}"
        );
    }
    let outside: Vec<&String> = requested
        .iter()
        .filter(|u| !u.starts_with(&inside))
        .collect();
    assert!(
        outside.is_empty(),
        "requests outside the site: {outside:#?}"
    );
}

/// What the browser would load without being asked: resources named in the
/// HTML and CSS and scripts of every built site. Links (`<a href>`) may
/// point anywhere; loaded resources may not.
#[test]
fn no_page_loads_anything_from_outside_the_site() {
    let resource = scraper::Selector::parse(
        "script[src], img, iframe, embed, object, video, audio, source, track, \
         link[rel~=stylesheet], link[rel~=icon], link[rel~=preload], \
         link[rel~=modulepreload], link[rel~=prefetch], link[rel~=manifest]",
    )
    .unwrap();
    let mut outside = Vec::new();
    let mut checked = 0;
    for site in sites().all() {
        for file in files_with(site, "html") {
            let doc = scraper::Html::parse_document(&std::fs::read_to_string(&file).unwrap());
            for el in doc.select(&resource) {
                for attr in ["src", "href", "data", "poster", "srcset"] {
                    if let Some(url) = el.value().attr(attr) {
                        checked += 1;
                        if has_scheme(url) && !url.starts_with("data:") {
                            outside.push(format!("{}: {url}", file.display()));
                        }
                    }
                }
            }
        }
        for file in files_with(&site.join("assets"), "css")
            .into_iter()
            .chain(files_with(&site.join("assets"), "js"))
        {
            let text = std::fs::read_to_string(&file).unwrap();
            for needle in ["http://", "https://", "//fonts.", "@import"] {
                if text.contains(needle) {
                    outside.push(format!("{}: contains {needle}", file.display()));
                }
            }
        }
    }
    assert!(checked > 100, "{checked}");
    assert!(outside.is_empty(), "{outside:#?}");
}
