//! Views that need a browser: comparing levels and filtering questions,
//! from file://; and the next-level panel computed from the data.

mod common;
use common::browser::{eval, file_url, open};
use common::{select, text, Book};

#[test]
fn the_next_level_panel_is_computed_from_the_data() {
    let b = Book::new();
    b.build().ok();
    let doc = b.html("levels/junior.html");
    // Junior is on two tracks whose next levels are the same (senior): one panel.
    let panels: Vec<String> = select(&doc, ".next-level h2").iter().map(text).collect();
    assert_eq!(
        panels,
        ["What changes at the next level: Senior Engineer (Individual contributor, Management)"]
    );
    let scope = &select(&doc, ".next-level .diff-dimension")[0];
    let items: Vec<(String, String)> = select(
        &doc,
        ".next-level .diff-dimension:first-of-type .changes li",
    )
    .iter()
    .map(|li| (li.value().attr("class").unwrap_or("").to_string(), text(li)))
    .collect();
    let from = select(&doc, ".next-level .diff-dimension:first-of-type .from");
    let to = select(&doc, ".next-level .diff-dimension:first-of-type .to");
    assert_eq!(
        (text(&from[0]), text(&to[0])),
        (
            "Delivers well-defined tasks.".into(),
            "Owns a system.".into()
        )
    );
    assert!(text(scope).starts_with("Scope"));
    assert_eq!(items.len(), 1, "{items:?}");
    assert_eq!(items[0].0, "change-strengthened");
    assert!(
        items[0]
            .1
            .contains("grows from: Finishes tasks of a few days with help."),
        "{items:?}"
    );
    // Senior forks: staff on one track, manager on the other.
    let doc = b.html("levels/senior.html");
    let panels: Vec<String> = select(&doc, ".next-level h2").iter().map(text).collect();
    assert_eq!(panels.len(), 2, "{panels:?}");
    // Senior's criterion carries over to staff, which has none of its own.
    let carried = select(&doc, "#next-staff .change-carried-over");
    assert!(!carried.is_empty());
    // The top of a ladder has no next level.
    assert!(select(&b.html("levels/staff.html"), ".next-level").is_empty());
}

#[test]
fn compare_any_two_levels_from_disk() {
    let b = Book::new();
    b.build().ok();
    let url = format!(
        "{}?a=junior&b=senior",
        file_url(&b.path("site/compare.html"))
    );
    let Some(tab) = open(&url) else { return };
    assert_eq!(
        eval(
            &tab,
            "document.getElementById('compare-a-title').textContent"
        ),
        "\"Junior Engineer\""
    );
    assert_eq!(
        eval(
            &tab,
            "document.getElementById('compare-b-title').textContent"
        ),
        "\"Senior Engineer\""
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#compare-table tbody tr').length"
        ),
        "2"
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#compare-table .change-strengthened').length"
        ),
        "1"
    );
    eval(&tab, "(() => { const s = document.getElementById('compare-b'); s.value = 'staff'; s.dispatchEvent(new Event('change')); })()");
    assert_eq!(
        eval(
            &tab,
            "document.getElementById('compare-b-title').textContent"
        ),
        "\"Staff Engineer\""
    );
    assert_eq!(eval(&tab, "location.search"), "\"?a=junior&b=staff\"");
}

#[test]
fn questions_filter_by_level_and_round() {
    let b = Book::new();
    b.build().ok();
    let Some(tab) = open(&file_url(&b.path("site/questions/index.html"))) else {
        return;
    };
    let visible = "[...document.querySelectorAll('ul.questions li')].filter(li => !li.hidden && !li.closest('section').hidden).length";
    assert_eq!(eval(&tab, visible), "2");
    let set = |name: &str, v: &str| {
        eval(&tab, &format!("(() => {{ const s = document.querySelector('.question-filters select[name={name}]'); s.value = {v:?}; s.dispatchEvent(new Event('change', {{ bubbles: true }})); }})()"));
    };
    set("level", "staff");
    assert_eq!(
        eval(&tab, visible),
        "1",
        "only the behavioral question calibrates for staff"
    );
    assert_eq!(
        eval(
            &tab,
            "document.getElementById('question-count').textContent"
        ),
        "\"1 question\""
    );
    set("level", "");
    set("round", "system-design");
    assert_eq!(eval(&tab, visible), "1");
    assert_eq!(eval(&tab, "location.search"), "\"?round=system-design\"");
}

#[test]
fn criteria_get_a_copy_citation_button() {
    let b = Book::new();
    b.build().ok();
    let Some(tab) = open(&file_url(&b.path("site/levels/senior.html"))) else {
        return;
    };
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('li[data-cite] button.cite').length"
        ),
        "1"
    );
    // Headless Chromium may refuse the clipboard; the fallback prompt then
    // shows the same text. Capture it instead of a dialog.
    eval(
        &tab,
        "(() => { window.prompt = (msg, text) => { window.__cited = text; }; if (navigator.clipboard) { navigator.clipboard.writeText = (t) => { window.__cited = t; return Promise.resolve(); }; } })()",
    );
    eval(&tab, "document.querySelector('button.cite').click()");
    let cited = eval(&tab, "window.__cited");
    assert!(cited.contains("Senior Engineer, Scope: Owns the design and operation of a system. [senior-scope-system]"), "{cited}");
    assert!(
        cited.contains("levels/senior.html#senior-scope-system"),
        "{cited}"
    );
}

#[test]
fn the_sidebar_shows_the_whole_handbook_and_where_you_are() {
    let b = Book::new();
    b.build().ok();
    // One file for the whole tree, not a copy in every page.
    let toc = b.read("site/assets/toc.js");
    assert!(toc.contains("\"Deep dive one\"") && toc.contains("\"levels/tech-lead.html\""));
    assert!(
        !b.read("site/levels/junior.html").contains("Deep dive one"),
        "pages carry no copy of the tree"
    );
    let Some(tab) = open(&file_url(&b.path("site/guides/deep-dive-one.html"))) else {
        return;
    };
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('#sidebar [aria-current=page]').textContent.trim()"
        ),
        "\"Deep dive one\""
    );
    assert_eq!(eval(&tab, "[...document.querySelectorAll('#sidebar details')].filter(d => d.open).map(d => d.querySelector('summary').textContent)"), "[\"Guides\"]");
    // Closed sections fill in when opened.
    eval(&tab, "(() => { const d = [...document.querySelectorAll('#sidebar details')].find(d => d.textContent.startsWith('Levels')); d.open = true; })()");
    let levels = common::browser::wait_for(&tab, "[...document.querySelectorAll('#sidebar details')].find(d => d.textContent.startsWith('Levels')).querySelectorAll('li').length");
    // The section's own page comes first: a link inside the summary would
    // nest one control in another.
    assert_eq!(levels, "6");
    assert_eq!(eval(&tab, "[...document.querySelectorAll('#sidebar details')].find(d => d.textContent.startsWith('Levels')).querySelector('li a').getAttribute('href')"), "\"../levels/index.html\"");
}

#[test]
fn self_assessment_is_kept_shared_by_link_and_reset() {
    use common::browser::goto;
    let b = Book::new();
    b.build().ok();
    let url = file_url(&b.path("site/matrix.html"));
    let Some(tab) = open(&url) else { return };
    let click = |dim: &str, level: &str| {
        eval(&tab, &format!("document.querySelector('#track-ic td[data-dimension={dim}][data-level={level}]').click()"));
    };
    click("scope", "senior");
    click("impact", "junior");
    let summary = eval(
        &tab,
        "document.getElementById('assessment-summary').textContent",
    );
    assert_eq!(
        summary,
        "\"Your assessment — Scope: Senior Engineer; Impact: Junior Engineer\""
    );
    // Both tracks show the choice; it survives a reload (localStorage).
    assert_eq!(
        eval(&tab, "document.querySelectorAll('td.assessed').length"),
        "4"
    );
    let link = eval(
        &tab,
        "document.getElementById('assessment-link').getAttribute('href')",
    );
    assert_eq!(link, "\"#assess=impact.junior~scope.senior\"");
    goto(&tab, &url);
    assert_eq!(
        eval(&tab, "document.querySelectorAll('td.assessed').length"),
        "4"
    );
    // A shared link shows someone else's assessment.
    eval(
        &tab,
        "(() => { location.hash = 'assess=scope.staff'; location.reload(); })()",
    );
    let shared = common::browser::wait_for(&tab, "document.getElementById('assessment-summary') && document.getElementById('assessment-summary').textContent.startsWith('Shared') && document.getElementById('assessment-summary').textContent");
    assert_eq!(shared, "\"Shared assessment — Scope: Staff Engineer\"");
    // Reset clears it.
    eval(&tab, "document.getElementById('assessment-reset').click()");
    assert_eq!(
        eval(&tab, "document.querySelectorAll('td.assessed').length"),
        "0"
    );
    assert_eq!(
        eval(
            &tab,
            "JSON.parse(localStorage.getItem('careerbook-assessment'))"
        ),
        "{}"
    );
}

#[test]
fn checklists_remember_ticks_until_cleared() {
    use common::browser::goto;
    let b = Book::new();
    b.build().ok();
    let url = file_url(&b.path("site/checklists/pre-deploy.html"));
    let Some(tab) = open(&url) else { return };
    eval(
        &tab,
        "document.querySelector('input[data-check=\"pre-deploy-1-2\"]').click()",
    );
    goto(&tab, &url);
    assert_eq!(
        eval(
            &tab,
            "[...document.querySelectorAll('input[data-check]')].map(b => b.checked)"
        ),
        "[false,true]"
    );
    eval(
        &tab,
        "document.querySelector('button.reset-checks').click()",
    );
    goto(&tab, &url);
    assert_eq!(
        eval(
            &tab,
            "[...document.querySelectorAll('input[data-check]')].map(b => b.checked)"
        ),
        "[false,false]"
    );
}

/// A different ladder: eight levels, four dimensions, two tracks forking
/// after the third level. Nothing about the default handbook's ladder may
/// leak into the views.
fn eight_levels() -> (tempfile::TempDir, std::path::PathBuf) {
    eight_levels_with(|_| {})
}

/// The eight-level fixture, changed by `edit` (given its folder) and built.
fn eight_levels_with(
    edit: impl FnOnce(&std::path::Path),
) -> (tempfile::TempDir, std::path::PathBuf) {
    let tmp = tempfile::tempdir().unwrap();
    let root = tmp.path().join("book");
    common::copy_dir(
        &std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/eight-levels"),
        &root,
    );
    edit(&root);
    common::run_in(tmp.path(), &["build", "book"]).ok();
    (tmp, root)
}

/// Gives the eight-level fixture a six-step proficiency scale: Engineer N
/// at step N on every dimension, the managers a step lower on craft and a
/// step higher on people than the engineers of their rank.
fn with_scale(root: &std::path::Path) {
    replace_in(
        &root.join("content/framework.toml"),
        "name = \"Acme\"",
        "name = \"Acme\"\nproficiency = [\"S1\", \"S2\", \"S3\", \"S4\", \"S5\", \"S6\"]",
    );
    for entry in std::fs::read_dir(root.join("content/levels")).unwrap() {
        let path = entry.unwrap().path();
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        let rank: i32 = name[1..].parse().unwrap();
        let manager = name.starts_with('m');
        let text = std::fs::read_to_string(&path).unwrap();
        let mut out = String::new();
        let mut dim = "";
        for line in text.lines() {
            out.push_str(line);
            out.push('\n');
            if let Some(d) = line.strip_prefix("[expectations.") {
                dim = if d.starts_with("craft") {
                    "craft"
                } else if d.starts_with("people") {
                    "people"
                } else {
                    "other"
                };
            }
            if line.starts_with("statement = ") {
                let step = match (manager, dim) {
                    (true, "craft") => rank - 1,
                    (true, "people") => rank + 1,
                    _ => rank,
                };
                out.push_str(&format!("proficiency = \"S{}\"\n", step.clamp(1, 6)));
            }
        }
        std::fs::write(&path, out).unwrap();
    }
}

fn replace_in(path: &std::path::Path, from: &str, to: &str) {
    let text = std::fs::read_to_string(path).unwrap();
    assert!(text.contains(from), "{} lacks {from:?}", path.display());
    std::fs::write(path, text.replacen(from, to, 1)).unwrap();
}

fn attr(el: &scraper::ElementRef, name: &str) -> String {
    el.value().attr(name).unwrap_or("").to_string()
}

/// Each row of the radar's table, its cells joined by " | ".
fn radar_rows(doc: &scraper::Html) -> Vec<String> {
    select(doc, "table.radar-values tbody tr")
        .iter()
        .map(|tr| {
            tr.child_elements()
                .map(|c| text(&c))
                .collect::<Vec<_>>()
                .join(" | ")
        })
        .collect()
}

/// The vertices of a polygon's `points` attribute.
fn vertices(points: &str) -> Vec<(f64, f64)> {
    points
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap();
            (x.parse().unwrap(), y.parse().unwrap())
        })
        .collect()
}

#[test]
fn level_pages_draw_their_shape_as_a_radar_with_a_text_alternative() {
    let (_tmp, root) = eight_levels_with(|root| {
        // A name that must be escaped, in the chart and in the table.
        replace_in(
            &root.join("content/framework.toml"),
            "name = \"Craft\"",
            "name = \"<Craft> & care\"",
        );
        with_scale(root);
    });
    let read = |p: &str| std::fs::read_to_string(root.join("site").join(p)).unwrap();
    let page = |p: &str| scraper::Html::parse_document(&read(p));
    let e3 = page("levels/e3.html");
    let svg = select(&e3, "figure#radar svg.radar");
    assert_eq!(svg.len(), 1);
    assert_eq!(attr(&svg[0], "role"), "img");
    // The accessible name and description point at elements that exist.
    for (aria, tag) in [("aria-labelledby", "title"), ("aria-describedby", "desc")] {
        let id = attr(&svg[0], aria);
        assert_eq!(
            select(&e3, &format!("svg {tag}#{id}")).len(),
            1,
            "{aria}={id}"
        );
    }
    let title = text(&select(&e3, "svg title#radar-title")[0]);
    assert_eq!(title, "Shape of Engineer III across 4 dimensions");
    // One spoke and one label per dimension, in framework order.
    let labels: Vec<String> = select(&e3, "svg .radar-labels text")
        .iter()
        .map(text)
        .collect();
    assert_eq!(
        labels,
        ["Delivery", "<Craft> & care", "People", "Direction"]
    );
    assert!(read("levels/e3.html").contains("&lt;Craft&gt; &amp; care"));
    assert_eq!(select(&e3, "svg .radar-grid line").len(), 4);
    // Engineer III: step 3 of 6 on every dimension: every vertex half way
    // out.
    let current = vertices(&attr(
        &select(&e3, "svg polygon.radar-current")[0],
        "points",
    ));
    let previous = vertices(&attr(
        &select(&e3, "svg polygon.radar-previous")[0],
        "points",
    ));
    let (cx, cy) = (220.0, 150.0);
    let dist = |(x, y): (f64, f64)| ((x - cx) * (x - cx) + (y - cy) * (y - cy)).sqrt();
    assert_eq!(current.len(), 4);
    for v in &current {
        assert!((dist(*v) - 50.0).abs() < 0.2, "{current:?}");
    }
    // Dashed: Engineer II, step two of six.
    for v in &previous {
        assert!((dist(*v) - 100.0 / 3.0).abs() < 0.2, "{previous:?}");
    }
    // The text alternative says the same in words.
    let rows = radar_rows(&e3);
    assert_eq!(rows.len(), 4);
    assert_eq!(rows[0], "Delivery | 50% S3 (3 of 6) | 33% S2 (2 of 6)");
    let head: Vec<String> = select(&e3, "table.radar-values thead th")
        .iter()
        .map(text)
        .collect();
    assert_eq!(head, ["Dimension", "Engineer III", "Engineer II"]);
    let caption = text(&select(&e3, "figure#radar figcaption")[0]);
    assert!(
        caption.contains("the higher the step of the proficiency scale this level names there"),
        "{caption}"
    );
    assert!(
        caption.contains("Dashed: Engineer II, the level below."),
        "{caption}"
    );
    // The bottom of the ladder has nothing to contrast with.
    let e1 = page("levels/e1.html");
    assert!(select(&e1, "svg polygon.radar-previous").is_empty());
    assert_eq!(select(&e1, "table.radar-values thead th").len(), 2);
    // After the fork, a manager builds on the shared levels below it.
    let m5 = page("levels/m5.html");
    let rows = radar_rows(&m5);
    assert_eq!(rows[3], "Direction | 83% S5 (5 of 6) | 67% S4 (4 of 6)");
    // The manager's shape is not the engineer's of the same rank.
    assert_eq!(
        rows[1],
        "<Craft> & care | 67% S4 (4 of 6) | 50% S3 (3 of 6)"
    );
    assert_eq!(
        radar_rows(&page("levels/e5.html"))[1],
        "<Craft> & care | 83% S5 (5 of 6) | 67% S4 (4 of 6)"
    );
    // Small multiples on the levels list: one per rung of each track, named.
    let list = page("levels/index.html");
    let small = select(&list, ".shapes svg.radar");
    assert_eq!(small.len(), 11, "six on one track, five on the other");
    assert!(
        select(&list, ".shapes svg.radar text").is_empty(),
        "no labels"
    );
    assert!(
        select(&list, ".shapes svg [id]").is_empty(),
        "no ids to repeat"
    );
    assert_eq!(
        text(&select(&list, ".shapes svg > title")[0]),
        "Shape of Engineer I across 4 dimensions"
    );

    // Without a scale, a count of criteria is not a shape: no chart, and
    // the page says why; the table still says what there is.
    let (_tmp, root) = eight_levels();
    let e3 = scraper::Html::parse_document(
        &std::fs::read_to_string(root.join("site/levels/e3.html")).unwrap(),
    );
    assert!(select(&e3, "svg.radar").is_empty());
    let caption = text(&select(&e3, "figure#radar figcaption p")[0]);
    assert!(
        caption
            .starts_with("No chart: the framework gives this level no step of a proficiency scale"),
        "{caption}"
    );
    assert_eq!(
        radar_rows(&e3)[0],
        "Delivery | 50% 3 of 6 criteria | 33% 2 of 6 criteria"
    );
    assert!(select(&e3, "figure[data-you]").is_empty());
}

#[test]
fn a_partial_scale_and_two_dimensions_make_no_chart() {
    let (_tmp, root) = eight_levels_with(|root| {
        replace_in(
            &root.join("content/framework.toml"),
            "name = \"Acme\"",
            "name = \"Acme\"\nproficiency = [\"Aware\", \"Working\", \"Leading\", \"Shaping\"]",
        );
        replace_in(
            &root.join("content/levels/e3.md"),
            "statement = \"Engineer III people statement.\"",
            "statement = \"Engineer III people statement.\"\nproficiency = \"Leading\"",
        );
    });
    let e3 = scraper::Html::parse_document(
        &std::fs::read_to_string(root.join("site/levels/e3.html")).unwrap(),
    );
    let rows = radar_rows(&e3);
    assert_eq!(
        rows[2],
        "People | 75% Leading (3 of 4) | 33% 2 of 6 criteria"
    );
    assert_eq!(rows[1], "Craft | 50% 3 of 6 criteria | 33% 2 of 6 criteria");
    // One named step does not make a shape: the rest would be guessed.
    assert!(select(&e3, "svg.radar").is_empty());
    let caption = text(&select(&e3, "figure#radar figcaption p")[0]);
    assert_eq!(
        caption,
        "No chart: this level names no proficiency step on Delivery, Craft, Direction, so its shape would be half guessed."
    );

    // The minimal fixture has two dimensions: a table, no drawing.
    let b = Book::new();
    b.build().ok();
    let senior = b.html("levels/senior.html");
    assert!(select(&senior, "svg.radar").is_empty());
    let rows = radar_rows(&senior);
    assert_eq!(rows.len(), 2);
    assert!(rows[0].starts_with("Scope"), "{rows:?}");
    assert!(select(&b.html("levels/index.html"), "svg.radar").is_empty());
}

#[test]
fn every_view_works_for_a_different_ladder() {
    let (_tmp, root) = eight_levels_with(with_scale);
    let page = |p: &str| {
        scraper::Html::parse_document(&std::fs::read_to_string(root.join("site").join(p)).unwrap())
    };
    // The matrix: one table per track, four dimension columns.
    let m = page("matrix.html");
    assert_eq!(select(&m, "#track-eng tbody tr").len(), 6);
    assert_eq!(select(&m, "#track-mgmt tbody tr").len(), 5);
    assert_eq!(select(&m, "#track-eng thead th").len(), 5);
    // The fork: Engineer III leads to Staff and to Manager.
    let e3 = page("levels/e3.html");
    let panels: Vec<String> = select(&e3, ".next-level h2").iter().map(text).collect();
    assert_eq!(
        panels,
        [
            "What changes at the next level: Staff (Engineering)",
            "What changes at the next level: Manager (Management)"
        ]
    );
    assert_eq!(
        select(&e3, "#next-m4 li.change-strengthened").len(),
        4,
        "one per dimension"
    );
    // The top of each ladder has nothing above it.
    assert!(select(&page("levels/e6.html"), ".next-level").is_empty());
    assert!(select(&page("levels/m5.html"), ".next-level").is_empty());
    // Compare and the sidebar know all eight.
    let Some(tab) = open(&format!(
        "{}?a=e1&b=m5",
        file_url(&root.join("site/compare.html"))
    )) else {
        return;
    };
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#compare-a option').length"
        ),
        "8"
    );
    assert_eq!(
        eval(
            &tab,
            "document.getElementById('compare-b-title').textContent"
        ),
        "\"Senior Manager\""
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#compare-table tbody tr').length"
        ),
        "4"
    );
    // No level in m5 strengthens one of e1 directly: all new against Engineer I.
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#compare-table .change-new').length"
        ),
        "4"
    );
    // The radar overlays the two shapes the build computed.
    assert_eq!(
        eval(&tab, "document.getElementById('compare-shape').hidden"),
        "false"
    );
    assert_eq!(
        eval(&tab, "document.querySelector('#compare-shape .radar-current').getAttribute('points') === JSON.parse(document.getElementById('compare-data').textContent).levels.find(l => l.id === 'm5').shape.points"),
        "true"
    );
    assert_eq!(
        eval(
            &tab,
            "document.getElementById('compare-radar-title').textContent"
        ),
        "\"Shape of Senior Manager (solid) against Engineer I (dashed)\""
    );
    assert_eq!(
        eval(
            &tab,
            "[...document.querySelectorAll('#compare-shape tbody tr')].map(r => r.textContent)[0]"
        ),
        "\"Delivery17% S1 (1 of 6)83% S5 (5 of 6)\""
    );
}

/// A static host serving a built site under a sub-path, as GitHub Pages or
/// an nginx `location /handbook/` would: a folder gets its index.html, a
/// folder without its slash is redirected, anything outside the prefix or
/// missing gets the site's 404.html with status 404.
struct SubPath {
    server: std::sync::Arc<tiny_http::Server>,
    port: u16,
}

impl Drop for SubPath {
    fn drop(&mut self) {
        self.server.unblock();
    }
}

fn serve_under(site: std::path::PathBuf, prefix: &'static str) -> SubPath {
    let server = std::sync::Arc::new(tiny_http::Server::http("127.0.0.1:0").unwrap());
    let port = server.server_addr().to_ip().unwrap().port();
    let s = server.clone();
    std::thread::spawn(move || {
        for req in s.incoming_requests() {
            let path = req.url().split(['?', '#']).next().unwrap_or("").to_string();
            let header = |k: &str, v: &str| tiny_http::Header::from_bytes(k, v).unwrap();
            if path == prefix.trim_end_matches('/') {
                let _ = req.respond(
                    tiny_http::Response::empty(301).with_header(header("Location", prefix)),
                );
                continue;
            }
            let mut rel = path.strip_prefix(prefix).map(str::to_string);
            if let Some(r) = rel.as_mut() {
                if r.is_empty() || r.ends_with('/') {
                    r.push_str("index.html");
                }
            }
            let file = rel
                .filter(|r| !r.split('/').any(|seg| seg == ".."))
                .map(|r| site.join(r))
                .filter(|p| p.is_file());
            let (status, file) = match file {
                Some(f) => (200, f),
                None => (404, site.join("404.html")),
            };
            let ctype = match file.extension().and_then(|e| e.to_str()) {
                Some("html") => "text/html; charset=utf-8",
                Some("css") => "text/css",
                Some("js") => "text/javascript",
                Some("svg") => "image/svg+xml",
                _ => "application/octet-stream",
            };
            let body = std::fs::read(&file).unwrap_or_default();
            let _ = req.respond(
                tiny_http::Response::from_data(body)
                    .with_status_code(status)
                    .with_header(header("Content-Type", ctype)),
            );
        }
    });
    SubPath { server, port }
}

#[test]
fn the_site_works_from_a_sub_path() {
    use common::browser::{goto, wait_for};
    let b = Book::new();
    // The fixture's base_url is https://example.com/handbook/.
    b.build().ok();
    let srv = serve_under(b.path("site"), "/handbook/");
    let base = format!("http://127.0.0.1:{}/handbook/", srv.port);
    let Some(tab) = open(&base) else { return };
    // Styles, canonical and og:url carry the sub-path.
    let styled = "getComputedStyle(document.querySelector('.site-header')).borderBottomStyle";
    assert_eq!(eval(&tab, styled), "\"solid\"");
    let meta = "[document.querySelector('link[rel=canonical]').href, document.querySelector('meta[property=\"og:url\"]').content]";
    assert_eq!(
        eval(&tab, meta),
        "[\"https://example.com/handbook/\",\"https://example.com/handbook/\"]"
    );
    // Every link of the sidebar and the header stays under the sub-path and
    // answers.
    let links_ok = format!(
        "(async () => {{ const hrefs = [...document.querySelectorAll('#sidebar a, .site-header a, footer a')].map(a => a.href).filter(h => !h.startsWith('https://github.com')); \
         const bad = hrefs.filter(h => !h.startsWith({base:?})); \
         const pages = [...new Set(hrefs.map(h => h.split('#')[0]))]; \
         const codes = []; for (const h of pages) {{ codes.push((await fetch(h, {{ method: 'HEAD' }})).status); }} \
         return {{ n: hrefs.length, bad, failed: pages.filter((h, i) => codes[i] !== 200) }}; }})()"
    );
    wait_for(&tab, "document.querySelectorAll('#sidebar a').length");
    let report = eval(&tab, &links_ok);
    assert!(
        report.contains("\"bad\":[]") && report.contains("\"failed\":[]"),
        "{report}"
    );
    // A level page: the sidebar knows where it is.
    goto(&tab, &format!("{base}levels/senior.html"));
    assert_eq!(eval(&tab, styled), "\"solid\"");
    assert_eq!(
        wait_for(
            &tab,
            "document.querySelector('#sidebar [aria-current=page]') && document.querySelector('#sidebar [aria-current=page]').textContent"
        ),
        "\"Senior Engineer\""
    );
    assert_eq!(
        eval(&tab, meta),
        "[\"https://example.com/handbook/levels/senior.html\",\"https://example.com/handbook/levels/senior.html\"]"
    );
    let report = eval(&tab, &links_ok);
    assert!(
        report.contains("\"bad\":[]") && report.contains("\"failed\":[]"),
        "{report}"
    );
    // Search: a query finds results whose links work.
    tab.find_element("#search-input").unwrap().click().unwrap();
    tab.type_str("glue").unwrap();
    let first = wait_for(
        &tab,
        "document.querySelector('#search-popup a.search-hit') && document.querySelector('#search-popup a.search-hit').href",
    );
    assert!(first.starts_with(&format!("\"{base}")), "{first}");
    assert_eq!(
        eval(
            &tab,
            "fetch(document.querySelector('#search-popup a.search-hit').href).then(r => r.status)"
        ),
        "200"
    );
    // The print page's sections are where its links say.
    goto(&tab, &format!("{base}print.html"));
    assert_eq!(
        eval(&tab, "!!document.getElementById(document.querySelector('.print-contents a[href=\"#levels.senior\"]').getAttribute('href').slice(1))"),
        "true"
    );
    // The 404 page, shown at any depth, still finds its styles and home.
    goto(&tab, &format!("{base}levels/no-such-level.html"));
    assert_eq!(eval(&tab, styled), "\"solid\"");
    assert_eq!(
        eval(&tab, "document.querySelector('.brand').href"),
        format!("\"{base}index.html\"")
    );
}

/// A ladder of rules over tiers (the Etsy shape, our own fixture): choose a
/// tier per dimension and the rules table says which levels' rules hold.
#[test]
fn tier_self_assessment_checks_every_levels_rule() {
    use common::browser::goto;
    let tmp = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/import/etsy");
    common::run_in(
        tmp.path(),
        &["import", "etsy", src.to_str().unwrap(), "-o", "hb"],
    )
    .ok();
    let hb = tmp.path().join("hb");
    common::run_in(&hb, &["build"]).ok();
    let url = file_url(&hb.join("site/matrix.html"));
    let Some(tab) = open(&url) else { return };
    let choose = |dim: &str, value: u32| {
        eval(
            &tab,
            &format!("(() => {{ const s = document.getElementById('tier-{dim}'); s.value = '{value}'; s.dispatchEvent(new Event('change')); }})()"),
        );
    };
    let met = || {
        eval(&tab, "[...document.querySelectorAll('tr[data-rule].met')].map(tr => tr.dataset.rule).join(' ')")
    };
    let summary = || eval(&tab, "document.getElementById('tier-summary').textContent");
    assert_eq!(summary(), "\"Choose a tier for each dimension.\"");
    // Scale: Novice 1-2, Practised 3-4, Strong 5-6, Master 7-8 (odd: some skills).
    choose("shipping", 6); // Strong
    choose("craft", 4); // Practised
    choose("mentoring", 3); // some Practised
    assert_eq!(met(), "\"engineer-i engineer-ii senior-engineer-i\"");
    assert_eq!(
        summary(),
        "\"your tiers meet the rule of Senior Engineer I. Next, Senior Engineer II asks for Strong in at least 2 of 3; Practised in all 3.\""
    );
    // Each clause says whether it holds.
    assert_eq!(
        eval(
            &tab,
            "[...document.querySelectorAll('tr[data-rule=senior-engineer-ii] li.holds')].length"
        ),
        "0"
    );
    choose("craft", 6);
    choose("mentoring", 4);
    assert_eq!(
        met(),
        "\"engineer-i engineer-ii senior-engineer-i senior-engineer-ii\""
    );
    let link = eval(
        &tab,
        "document.getElementById('tier-link').getAttribute('href')",
    );
    assert_eq!(link, "\"#tiers=shipping.6~craft.6~mentoring.4\"");
    // It survives a reload, and a shared link shows someone else's.
    goto(&tab, &url);
    assert_eq!(
        met(),
        "\"engineer-i engineer-ii senior-engineer-i senior-engineer-ii\""
    );
    eval(
        &tab,
        "(() => { location.hash = 'tiers=shipping.8~craft.6~mentoring.6'; location.reload(); })()",
    );
    let shared = common::browser::wait_for(&tab, "document.getElementById('tier-summary') && document.getElementById('tier-summary').textContent.startsWith('Shared') && document.getElementById('tier-summary').textContent");
    assert_eq!(
        shared,
        "\"Shared assessment: your tiers meet the rule of Staff Engineer.\""
    );
    eval(&tab, "document.getElementById('tier-reset').click()");
    assert_eq!(met(), "\"\"");
}

/// Job families: compare across two families, and each family's page keeps
/// its own self-assessment.
#[test]
fn families_compare_across_and_assess_each_on_its_own() {
    let tmp = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/families");
    let out = tmp.path().join("site");
    common::run_in(&src, &["build", "-q", "-o", out.to_str().unwrap()]).ok();
    let url = format!(
        "{}?a=backend-2&b=data-2",
        file_url(&out.join("compare.html"))
    );
    let Some(tab) = open(&url) else { return };
    let note = common::browser::wait_for(&tab, "!document.getElementById('compare-families').hidden && document.getElementById('compare-families').textContent");
    assert!(note.starts_with("\"Across families: Senior Backend Engineer (Backend engineering) beside Senior Data Engineer (Data engineering)"), "{note}");
    let groups = eval(
        &tab,
        "[...document.querySelectorAll('#compare-a optgroup')].map(g => g.label).join('|')",
    );
    assert_eq!(
        groups,
        "\"Backend engineering|Data engineering|Shared criteria\""
    );
    assert_ne!(
        eval(
            &tab,
            "document.querySelectorAll('#compare-table tbody tr').length"
        ),
        "0"
    );
    // Each family's page has its own assessment, kept under its own key.
    common::browser::goto(&tab, &file_url(&out.join("families/backend.html")));
    eval(
        &tab,
        "document.querySelector('td[data-dimension][data-level=backend-2]').click()",
    );
    let kept = eval(&tab, "Object.keys(JSON.parse(localStorage.getItem('careerbook-assessment:backend') || '{}')).length");
    assert_eq!(kept, "1");
    assert_eq!(
        eval(&tab, "localStorage.getItem('careerbook-assessment:data')"),
        "null"
    );
}

/// The release selector: choosing a release opens its "what changed since"
/// section, from file://.
#[test]
fn the_release_selector_opens_what_changed_since_the_chosen_release() {
    let b = Book::new();
    // Two releases kept as folders: the fixture as it is, and before a
    // criterion was reworded.
    let tmp = tempfile::tempdir().unwrap();
    let first = tmp.path().join("first");
    common::copy_dir(&b.root(), &first);
    std::fs::write(
        first.join("content/levels/junior.md"),
        b.read("content/levels/junior.md")
            .replace("with help.", "with a lot of help."),
    )
    .unwrap();
    let second = tmp.path().join("second");
    common::copy_dir(&b.root(), &second);
    let toml = b.read("book.toml");
    b.write(
        "book.toml",
        &format!(
            "{toml}\n[[releases]]\nname = \"one\"\npath = {:?}\n\n[[releases]]\nname = \"two\"\npath = {:?}\n",
            first.to_str().unwrap(),
            second.to_str().unwrap()
        ),
    );
    b.build().ok();
    let Some(tab) = open(&file_url(&b.path("site/releases/two.html"))) else {
        return;
    };
    let none = eval(&tab, "document.querySelector('#since p').textContent");
    assert!(none.contains("nothing has changed"), "{none}");
    eval(
        &tab,
        "(s => { s.value = s.options[0].value; s.dispatchEvent(new Event('change')); })(document.getElementById('release-compare'))",
    );
    let href = common::browser::wait_for(
        &tab,
        "location.href.endsWith('releases/one.html#since') && location.href",
    );
    assert!(href.contains("releases/one.html#since"), "{href}");
    let since = common::browser::wait_for(
        &tab,
        "document.querySelector('#since del') && document.querySelector('#since li').textContent",
    );
    assert!(since.contains("junior-scope-tasks reworded"), "{since}");
}

/// A level renamed with `formerly`: an `#assess=` link and a compare link
/// made before the rename still open with the level chosen.
#[test]
fn links_made_before_a_level_was_renamed_still_restore_their_choices() {
    let b = Book::new();
    let staff = b.read("content/levels/staff.md");
    b.remove("content/levels/staff.md");
    b.write(
        "content/levels/principal.md",
        &staff.replacen("+++\n", "+++\nformerly = [\"staff\"]\n", 1),
    );
    for f in [
        "content/framework.toml",
        "content/levels/tech-lead.md",
        "content/questions/disagree.md",
    ] {
        let t = b.read(f);
        b.write(f, &t.replace("\"staff\"", "\"principal\""));
    }
    b.build().ok();
    let url = format!(
        "{}#assess=scope.staff~impact.senior",
        file_url(&b.path("site/matrix.html"))
    );
    let Some(tab) = open(&url) else { return };
    let assessed = common::browser::wait_for(
        &tab,
        "document.querySelectorAll('td.assessed').length > 1 && JSON.stringify([...new Set([...document.querySelectorAll('td.assessed')].map(td => td.dataset.level + '/' + td.dataset.dimension))].sort())",
    );
    assert_eq!(
        assessed,
        "\"[\\\"principal/scope\\\",\\\"senior/impact\\\"]\""
    );
    let summary = eval(
        &tab,
        "document.getElementById('assessment-summary').textContent",
    );
    assert!(
        summary.contains("Staff Engineer"),
        "the level's title, under its new id: {summary}"
    );
    common::browser::goto(
        &tab,
        &format!(
            "{}?a=staff&b=junior",
            file_url(&b.path("site/compare.html"))
        ),
    );
    let a = common::browser::wait_for(&tab, "document.getElementById('compare-a').value === 'principal' && document.getElementById('compare-a').value");
    assert_eq!(a, "\"principal\"");
}
