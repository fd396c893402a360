//! The dev server never serves a stale page: a seeded sequence of random
//! edits (body text, titles, summaries, weights, ids, level lists, criteria,
//! the framework, files added, renamed and removed, edits that break the
//! handbook and the edit that fixes it) is applied to a copy of a handbook,
//! and after each one the site the dev server's session holds is compared,
//! byte for byte, with a full build of the same files.
//!
//! The session is driven as `serve` drives it: an update that fails keeps
//! its files pending for the next one, `None` means a full rebuild, and the
//! background work (search index, print page) is run before comparing.
//!
//! `CAREERBOOK_EDITS` sets the number of edits (default 120 per handbook,
//! 240 in all) and `CAREERBOOK_SEED` the seed, to replay a failure.

use std::path::{Path, PathBuf};

use careerbook::serve::incremental::{self, Files, Session};

struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }
    fn pick<'a, T>(&mut self, v: &'a [T]) -> Option<&'a T> {
        if v.is_empty() {
            None
        } else {
            Some(&v[self.below(v.len())])
        }
    }
}

/// Copies a handbook: book.toml and the folders a handbook reads.
fn copy_handbook(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    std::fs::copy(from.join("book.toml"), to.join("book.toml")).unwrap();
    for dir in ["content", "static", "themes"] {
        if from.join(dir).is_dir() {
            copy_tree(&from.join(dir), &to.join(dir));
        }
    }
}

fn copy_tree(from: &Path, to: &Path) {
    for e in walkdir::WalkDir::new(from) {
        let e = e.unwrap();
        let rel = e.path().strip_prefix(from).unwrap();
        let dest = to.join(rel);
        if e.file_type().is_dir() {
            std::fs::create_dir_all(&dest).unwrap();
        } else {
            std::fs::copy(e.path(), &dest).unwrap();
        }
    }
}

/// What the files looked like before an edit, to put them back.
type Snapshot = Vec<(PathBuf, Option<String>)>;

struct Handbook {
    root: PathBuf,
    rng: Rng,
    counter: usize,
}

impl Handbook {
    fn content(&self) -> PathBuf {
        self.root.join("content")
    }

    /// Markdown files of a kind's folder (all kinds when `None`).
    fn docs(&self, folder: Option<&str>) -> Vec<PathBuf> {
        let base = match folder {
            Some(f) => self.content().join(f),
            None => self.content(),
        };
        let mut v: Vec<PathBuf> = walkdir::WalkDir::new(base)
            .sort_by_file_name()
            .into_iter()
            .filter_map(Result::ok)
            .map(|e| e.into_path())
            .filter(|p| {
                p.extension().is_some_and(|x| x == "md")
                    && p.parent() != Some(self.content().as_path())
            })
            .collect();
        v.sort();
        v
    }

    /// `kind:id` of every document, for links.
    fn targets(&self) -> Vec<String> {
        self.docs(None)
            .iter()
            .filter_map(|p| {
                let rel = p.strip_prefix(self.content()).ok()?;
                let folder = rel.iter().next()?.to_str()?;
                let kind = match folder {
                    "levels" => "level",
                    "questions" => "question",
                    "anti-patterns" => "anti-pattern",
                    "exercises" => "exercise",
                    "checklists" => "checklist",
                    "guides" => "guide",
                    _ => return None,
                };
                let text = std::fs::read_to_string(p).ok()?;
                let id = front_matter_value(&text, "id").unwrap_or_else(|| {
                    let stem = p.file_stem().unwrap().to_string_lossy().into_owned();
                    if stem == "index" {
                        p.parent()
                            .unwrap()
                            .file_name()
                            .unwrap()
                            .to_string_lossy()
                            .into_owned()
                    } else {
                        stem
                    }
                });
                Some(format!("{kind}:{id}"))
            })
            .collect()
    }

    fn level_ids(&self) -> Vec<String> {
        self.targets()
            .into_iter()
            .filter_map(|t| t.strip_prefix("level:").map(str::to_string))
            .collect()
    }

    fn fresh(&mut self, what: &str) -> String {
        self.counter += 1;
        format!("{what}-{}", self.counter)
    }

    /// Writes `path` (or removes it, for `None`), remembering what was there.
    fn put(&self, snap: &mut Snapshot, path: &Path, text: Option<String>) {
        let before = std::fs::read_to_string(path).ok();
        if !snap.iter().any(|(p, _)| p == path) {
            snap.push((path.to_path_buf(), before));
        }
        match text {
            Some(t) => {
                std::fs::create_dir_all(path.parent().unwrap()).unwrap();
                std::fs::write(path, t).unwrap();
            }
            None => {
                let _ = std::fs::remove_file(path);
            }
        }
    }

    /// One random edit; returns what it did and how to undo it.
    fn edit(&mut self) -> (String, Snapshot) {
        let mut snap = Snapshot::new();
        for _ in 0..20 {
            let roll = self.rng.below(100);
            if let Some(what) = self.try_edit(roll, &mut snap) {
                return (what, snap);
            }
        }
        let what = self.append_body(&mut snap);
        (what, snap)
    }

    fn random_doc(&mut self, folder: Option<&str>) -> Option<PathBuf> {
        let docs = self.docs(folder);
        self.rng.pick(&docs).cloned()
    }

    fn rel(&self, p: &Path) -> String {
        p.strip_prefix(&self.root).unwrap().display().to_string()
    }

    fn append_body(&mut self, snap: &mut Snapshot) -> String {
        let home = self.content().join("index.md");
        let p = if home.is_file() && self.rng.below(10) == 0 {
            home
        } else {
            self.random_doc(None).expect("a handbook has documents")
        };
        let text = std::fs::read_to_string(&p).unwrap();
        let word = self.fresh("word");
        self.put(
            snap,
            &p,
            Some(format!("{text}\nA {word} added to the body.\n")),
        );
        format!("body text of {}", self.rel(&p))
    }

    fn try_edit(&mut self, roll: usize, snap: &mut Snapshot) -> Option<String> {
        let n = self.counter + 1;
        match roll {
            0..=17 => Some(self.append_body(snap)),
            18..=27 => {
                let p = self.random_doc(None)?;
                let targets = self.targets();
                let t = self.rng.pick(&targets)?.clone();
                let text = std::fs::read_to_string(&p).ok()?;
                let piped = if self.rng.below(2) == 0 {
                    format!("[[{t}]]")
                } else {
                    format!("[[{t}|a link]]")
                };
                self.put(snap, &p, Some(format!("{text}\nSee {piped}.\n")));
                Some(format!("link {t} from {}", self.rel(&p)))
            }
            28..=32 => {
                let p = self.random_doc(None)?;
                let text = std::fs::read_to_string(&p).ok()?;
                let h = self.fresh("Heading");
                self.put(snap, &p, Some(format!("{text}\n## {h}\n\nUnder it.\n")));
                Some(format!("heading in {}", self.rel(&p)))
            }
            33..=41 => self.replace_field(snap, "title", &format!("\"Title {n}\"")),
            42..=46 => self.replace_field(snap, "summary", &format!("\"Summary {n}.\"")),
            47..=51 => {
                let p = self.random_doc(None)?;
                let text = std::fs::read_to_string(&p).ok()?;
                let w = self.rng.below(200) as i64 - 100;
                let new = set_top_field(&text, "weight", &w.to_string())?;
                self.put(snap, &p, Some(new));
                Some(format!("weight {w} of {}", self.rel(&p)))
            }
            52..=56 => {
                let folder = *self
                    .rng
                    .pick(&["questions", "anti-patterns", "exercises"])?;
                let p = self.random_doc(Some(folder))?;
                let text = std::fs::read_to_string(&p).ok()?;
                let levels = self.level_ids();
                let chosen: Vec<String> = levels
                    .iter()
                    .filter(|_| self.rng.below(3) == 0)
                    .map(|l| format!("\"{l}\""))
                    .collect();
                let new = set_top_field(&text, "levels", &format!("[{}]", chosen.join(", ")))?;
                self.put(snap, &p, Some(new));
                Some(format!("levels of {}", self.rel(&p)))
            }
            57..=62 => {
                let p = self.random_doc(Some("levels"))?;
                let text = std::fs::read_to_string(&p).ok()?;
                let new = replace_nth_line(
                    &mut self.rng,
                    &text,
                    "text = \"",
                    &format!("text = \"Criterion text {n}.\""),
                )?;
                self.put(snap, &p, Some(new));
                Some(format!("criterion text in {}", self.rel(&p)))
            }
            63..=65 => {
                let p = self.random_doc(Some("levels"))?;
                let text = std::fs::read_to_string(&p).ok()?;
                let dim = nth_table(&mut self.rng, &text, "[expectations.")?;
                let id = self.fresh("added-criterion");
                let block = format!("\n[[expectations.{dim}.criteria]]\nid = \"{id}\"\ntext = \"A new criterion.\"\n");
                let new = insert_before_closing(&text, &block)?;
                self.put(snap, &p, Some(new));
                Some(format!("criterion {id} added to {}", self.rel(&p)))
            }
            66..=68 => {
                let p = self.random_doc(Some("levels"))?;
                let text = std::fs::read_to_string(&p).ok()?;
                let new = replace_nth_line(
                    &mut self.rng,
                    &text,
                    "statement = \"",
                    &format!("statement = \"Statement {n}.\""),
                )?;
                self.put(snap, &p, Some(new));
                Some(format!("statement in {}", self.rel(&p)))
            }
            69..=72 => {
                let p = self.content().join("framework.toml");
                let text = std::fs::read_to_string(&p).ok()?;
                let new = replace_nth_line(
                    &mut self.rng,
                    &text,
                    "name = \"",
                    &format!("name = \"Name {n}\""),
                )?;
                self.put(snap, &p, Some(new));
                Some("a name in framework.toml".into())
            }
            73..=74 => {
                let p = self.content().join("framework.toml");
                let text = std::fs::read_to_string(&p).ok()?;
                let id = self.fresh("round");
                self.put(
                    snap,
                    &p,
                    Some(format!(
                        "{text}\n[[rounds]]\nid = \"{id}\"\nname = \"Round {n}\"\n"
                    )),
                );
                Some(format!("round {id} added"))
            }
            75..=79 => {
                let targets = self.targets();
                let t = self.rng.pick(&targets)?.clone();
                let id = self.fresh("new-guide");
                let p = self.content().join("guides").join(format!("{id}.md"));
                let text = format!("+++\ntitle = \"New guide {n}\"\nsummary = \"Added.\"\nweight = {}\n+++\n\n## Part one\n\nSee [[{t}]].\n", self.rng.below(50));
                self.put(snap, &p, Some(text));
                Some(format!("guide {id} added"))
            }
            80..=81 => {
                let p = self.random_doc(Some("questions"))?;
                let text = std::fs::read_to_string(&p).ok()?;
                let id = self.fresh("new-question");
                let new = set_top_field(&text, "title", &format!("\"Copied question {n}?\""))?;
                let new = remove_top_field(&new, "id");
                let dest = p.with_file_name(format!("{id}.md"));
                self.put(snap, &dest, Some(new));
                Some(format!("question {id} added"))
            }
            82..=84 => {
                // Renamed, keeping its id: nothing that links to it breaks.
                let p = self.random_doc(None).filter(|p| !p.ends_with("index.md"))?;
                let text = std::fs::read_to_string(&p).ok()?;
                let stem = p.file_stem()?.to_string_lossy().into_owned();
                let with_id = if front_matter_value(&text, "id").is_some() {
                    text.clone()
                } else {
                    set_top_field(&text, "id", &format!("\"{stem}\""))?
                };
                let dest = p.with_file_name(format!("{}.md", self.fresh("renamed")));
                self.put(snap, &p, None);
                self.put(snap, &dest, Some(with_id));
                Some(format!("{} renamed, id kept", self.rel(&p)))
            }
            85..=86 => {
                // Renamed: its id changes, links to it may break.
                let p = self.random_doc(None).filter(|p| !p.ends_with("index.md"))?;
                let text = std::fs::read_to_string(&p).ok()?;
                let dest = p.with_file_name(format!("{}.md", self.fresh("moved")));
                self.put(snap, &p, None);
                self.put(snap, &dest, Some(text));
                Some(format!("{} renamed", self.rel(&p)))
            }
            87..=89 => {
                let p = self.random_doc(None)?;
                self.put(snap, &p, None);
                Some(format!("{} removed", self.rel(&p)))
            }
            90..=92 => {
                let p = self.random_doc(None)?;
                let text = std::fs::read_to_string(&p).ok()?;
                self.put(
                    snap,
                    &p,
                    Some(format!("{text}\nBroken: [[guide:no-such-guide-{n}]].\n")),
                );
                Some(format!("broken link in {}", self.rel(&p)))
            }
            93..=95 => {
                let p = self.random_doc(None)?;
                let text = std::fs::read_to_string(&p).ok()?;
                let new = set_top_field(&text, "title", "\"unclosed")?;
                self.put(snap, &p, Some(new));
                Some(format!("bad TOML in {}", self.rel(&p)))
            }
            96..=97 => {
                // book.toml: only a full rebuild will do.
                let p = self.root.join("book.toml");
                let text = std::fs::read_to_string(&p).ok()?;
                let new = replace_nth_line(
                    &mut self.rng,
                    &text,
                    "title = \"",
                    &format!("title = \"Handbook {n}\""),
                )?;
                self.put(snap, &p, Some(new));
                Some("book.toml's title".into())
            }
            _ => {
                let p = self.random_doc(None)?;
                let text = std::fs::read_to_string(&p).ok()?;
                let id = self.fresh("new-id");
                let new = set_top_field(&text, "id", &format!("\"{id}\""))?;
                self.put(snap, &p, Some(new));
                Some(format!("id of {} set to {id}", self.rel(&p)))
            }
        }
    }

    fn replace_field(&mut self, snap: &mut Snapshot, key: &str, value: &str) -> Option<String> {
        let p = self.random_doc(None)?;
        let text = std::fs::read_to_string(&p).ok()?;
        front_matter_value(&text, key)?;
        let new = set_top_field(&text, key, value)?;
        self.put(snap, &p, Some(new));
        Some(format!("{key} of {}", self.rel(&p)))
    }

    fn restore(&self, snap: &Snapshot) {
        for (p, text) in snap {
            match text {
                Some(t) => std::fs::write(p, t).unwrap(),
                None => {
                    let _ = std::fs::remove_file(p);
                }
            }
        }
    }
}

/// The front matter's line range: (start of the first field, index of the
/// closing `+++`).
fn front_matter(text: &str) -> Option<(usize, usize)> {
    let start = text.find("+++\n")? + 4;
    let end = start + text[start..].find("\n+++")? + 1;
    Some((start, end))
}

/// The value of a top-level `key = "..."` line (before any table).
fn front_matter_value(text: &str, key: &str) -> Option<String> {
    let (s, e) = front_matter(text)?;
    for line in text[s..e].lines() {
        if line.starts_with('[') {
            break;
        }
        if let Some(v) = line.strip_prefix(&format!("{key} = ")) {
            return Some(v.trim().trim_matches('"').to_string());
        }
    }
    None
}

/// Sets a top-level front matter field: replaces its line when it is a
/// one-line value, else adds the line first.
fn set_top_field(text: &str, key: &str, value: &str) -> Option<String> {
    let (s, e) = front_matter(text)?;
    let mut out = String::new();
    let mut done = false;
    let mut in_tables = false;
    for line in text[s..e].split_inclusive('\n') {
        in_tables |= line.starts_with('[');
        if !done && !in_tables && line.starts_with(&format!("{key} = ")) {
            let v = line[key.len() + 3..].trim();
            // Multi-line values are left alone.
            if v.starts_with("'''")
                || v.starts_with("\"\"\"")
                || (v.starts_with('[') && !v.ends_with(']'))
            {
                return None;
            }
            out.push_str(&format!("{key} = {value}\n"));
            done = true;
        } else {
            out.push_str(line);
        }
    }
    if !done {
        out = format!("{key} = {value}\n{out}");
    }
    Some(format!("{}{}{}", &text[..s], out, &text[e..]))
}

fn remove_top_field(text: &str, key: &str) -> String {
    let Some((s, e)) = front_matter(text) else {
        return text.to_string();
    };
    let kept: String = text[s..e]
        .split_inclusive('\n')
        .filter(|l| !l.starts_with(&format!("{key} = ")))
        .collect();
    format!("{}{}{}", &text[..s], kept, &text[e..])
}

/// Replaces a random one-line `prefix...` line (closed on that line).
fn replace_nth_line(rng: &mut Rng, text: &str, prefix: &str, with: &str) -> Option<String> {
    let lines: Vec<&str> = text.split_inclusive('\n').collect();
    let candidates: Vec<usize> = lines
        .iter()
        .enumerate()
        .filter(|(_, l)| {
            let t = l.trim_start();
            t.starts_with(prefix)
                && t.trim_end().ends_with('"')
                && t.trim_end().len() > prefix.len()
                && !t.starts_with(&format!("{prefix}\"\""))
        })
        .map(|(i, _)| i)
        .collect();
    let &i = rng.pick(&candidates)?;
    let indent = &lines[i][..lines[i].len() - lines[i].trim_start().len()];
    let mut out: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
    out[i] = format!("{indent}{with}\n");
    Some(out.concat())
}

/// The name of a random `[prefix<name>]` table.
fn nth_table(rng: &mut Rng, text: &str, prefix: &str) -> Option<String> {
    let names: Vec<String> = text
        .lines()
        .filter_map(|l| l.strip_prefix(prefix))
        .filter_map(|rest| rest.strip_suffix(']'))
        .filter(|n| !n.contains('.'))
        .map(str::to_string)
        .collect();
    rng.pick(&names).cloned()
}

fn insert_before_closing(text: &str, block: &str) -> Option<String> {
    let (_, e) = front_matter(text)?;
    Some(format!(
        "{}{}{}",
        &text[..e],
        block.trim_start_matches('\n'),
        &text[e..]
    ))
}

/// The background work `serve` does after an update: the search index
/// (updated from the one served, as `serve` updates it) and the print page.
fn catch_up(session: &mut Session, site: &mut Files) {
    let (search, print) = session.catch_up(site).expect("search index and print page");
    site.retain(|k, _| !k.starts_with(incremental::SEARCH_DIR));
    site.extend(search);
    site.extend(print);
}

fn full(root: &Path) -> Result<(Session, Files), String> {
    Session::full(root, None, None)
        .map(|(s, files, _, _)| (s, files))
        .map_err(|d| d.render(false))
}

fn differences(served: &Files, built: &Files) -> Vec<String> {
    let mut out = Vec::new();
    for (k, v) in built {
        match served.get(k) {
            None => out.push(format!("missing from the served site: {k}")),
            Some(s) if s != v => {
                let at = s
                    .iter()
                    .zip(v)
                    .position(|(a, b)| a != b)
                    .unwrap_or(s.len().min(v.len()));
                let from = at.saturating_sub(60);
                out.push(format!(
                    "stale: {k} (at byte {at})\n    served: {:?}\n    built:  {:?}",
                    String::from_utf8_lossy(&s[from..(at + 60).min(s.len())]),
                    String::from_utf8_lossy(&v[from..(at + 60).min(v.len())])
                ));
            }
            _ => {}
        }
    }
    for k in served.keys() {
        if !built.contains_key(k) {
            out.push(format!("left over in the served site: {k}"));
        }
    }
    out
}

/// Runs `edits` random edits on a copy of `source`, comparing after each.
fn differential(source: &Path, edits: usize, seed: u64) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    copy_handbook(source, &root);
    let mut book = Handbook {
        root: root.clone(),
        rng: Rng(seed | 1),
        counter: 0,
    };
    let (mut session, mut site) = full(&root).expect("the handbook builds");
    catch_up(&mut session, &mut site);
    let mut pending: Vec<PathBuf> = Vec::new();
    let mut needs_full = false;
    let mut undo: Option<Snapshot> = None;
    let mut log: Vec<String> = Vec::new();
    let (mut partial, mut rebuilt, mut broken) = (0, 0, 0);
    for step in 0..edits {
        let (what, snap) = match undo.take() {
            Some(snap) => {
                book.restore(&snap);
                ("undo the last edit".to_string(), snap)
            }
            None => book.edit(),
        };
        log.push(format!("{step}: {what}"));
        for (p, _) in &snap {
            if !pending.contains(p) {
                pending.push(p.clone());
            }
        }
        let expected = full(&root);
        let outcome = if needs_full {
            None
        } else {
            session.update(&pending)
        };
        let context = || format!("seed {seed}, after:\n{}", log.join("\n"));
        match (outcome, expected) {
            (None, Ok((s, files))) => {
                rebuilt += 1;
                session = s;
                site = files;
                pending.clear();
                needs_full = false;
            }
            (None, Err(_)) => {
                broken += 1;
                pending.clear();
                needs_full = true;
                undo = Some(snap);
            }
            (Some(Ok(update)), Ok((_, built))) => {
                partial += 1;
                for r in &update.removed {
                    site.remove(r);
                }
                site.extend(update.files);
                catch_up(&mut session, &mut site);
                // A full build writes its search index and print page inline.
                let diff = differences(&site, &built);
                assert!(
                    diff.is_empty(),
                    "the served site differs from a full build:\n{}\n{}",
                    diff.join("\n"),
                    context()
                );
                pending.clear();
            }
            (Some(Err(d)), Err(_)) => {
                broken += 1;
                let _ = d;
                undo = Some(snap);
            }
            (Some(Ok(_)), Err(e)) => panic!(
                "the update passed where a full build fails:\n{e}\n{}",
                context()
            ),
            (Some(Err(d)), Ok(_)) => panic!(
                "the update failed where a full build passes:\n{}\n{}",
                d.render(false),
                context()
            ),
        }
    }
    eprintln!(
        "{}: {edits} edits (seed {seed}): {partial} incremental updates, {rebuilt} full rebuilds, {broken} broken and then fixed",
        source.display()
    );
    assert!(
        partial > edits / 2,
        "most edits should update incrementally"
    );
}

fn settings() -> (usize, u64) {
    let edits = std::env::var("CAREERBOOK_EDITS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(120);
    let seed = std::env::var("CAREERBOOK_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0x5EED_2026);
    (edits, seed)
}

#[test]
fn serve_matches_a_full_build_after_random_edits_to_the_default_handbook() {
    let (edits, seed) = settings();
    differential(Path::new(env!("CARGO_MANIFEST_DIR")), edits, seed);
}

#[test]
fn serve_matches_a_full_build_after_random_edits_to_the_eight_levels_fixture() {
    let (edits, seed) = settings();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eight-levels");
    differential(&dir, edits, seed ^ 0xABCD);
}

#[test]
fn edits_are_checked_against_what_pages_read() {
    // The record itself: a guide's page reads its own document whole and
    // the titles of what it links to.
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let (session, _) = full(root).expect("the default handbook builds");
    let deps = session.deps("guides/glue-work.html");
    assert!(!deps.is_empty());
    let printed: Vec<String> = deps.iter().map(|d| format!("{d:?}")).collect();
    assert!(
        printed
            .iter()
            .any(|d| d.contains("Guide") && d.contains("Any")),
        "{printed:?}"
    );
    assert!(printed.iter().any(|d| d.contains("Title")), "{printed:?}");
}

#[test]
fn serve_matches_a_full_build_after_random_edits_to_the_families_fixture() {
    let (edits, seed) = settings();
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/families");
    differential(&dir, edits / 2, seed ^ 0xFA17);
}
