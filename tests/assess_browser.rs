//! Assessing a level criterion by criterion, sharing it by link, saving it
//! as a file, and calibrating two assessments side by side: in headless
//! Chromium, from file://, on the default handbook.

mod common;
use common::browser::{eval, file_url, goto, open, wait_for};
use common::{copy_dir, run_in, select};
use std::path::Path;

use common::default_handbook as handbook;

fn build(root: &Path) {
    run_in(root, &["build", "-q"]).ok();
}

/// The link key of a criterion id, computed here independently of the
/// site (FNV-1a, base 36, four characters): links made today must read
/// the same in every later release.
fn key(id: &str) -> String {
    let mut h: u32 = 0x811c_9dc5;
    for b in id.bytes() {
        h = (h ^ u32::from(b)).wrapping_mul(0x0100_0193);
    }
    let mut n = h % 36u32.pow(4);
    let mut out = Vec::new();
    for _ in 0..4 {
        out.push(std::char::from_digit(n % 36, 36).unwrap_or('?'));
        n /= 36;
    }
    out.iter().rev().collect()
}

fn mark(tab: &headless_chrome::Tab, id: &str, state: &str, note: &str) {
    eval(
        tab,
        &format!(
            "(() => {{ const li = document.querySelector('li[data-key][data-also^=\"{id}\"]'); \
             const n = li.querySelector('.mark input'); n.value = {note:?}; n.dispatchEvent(new Event('change')); \
             const s = li.querySelector('.mark select'); s.value = '{state}'; s.dispatchEvent(new Event('change')); }})()"
        ),
    );
}

/// Opens the same page at another fragment, as a link would.
fn reload_at(tab: &headless_chrome::Tab, fragment: &str) {
    eval(
        tab,
        &format!("(() => {{ location.hash = {fragment:?}; location.reload(); }})()"),
    );
    std::thread::sleep(std::time::Duration::from_millis(300));
    wait_for(tab, "document.readyState === 'complete' && document.getElementById('assess') && !document.getElementById('assess').hidden");
}

const SUMMARY: &str = "document.getElementById('assess-summary').textContent";
const LINK: &str = "document.getElementById('assess-link').getAttribute('href')";

#[test]
fn a_level_is_assessed_criterion_by_criterion_kept_shared_and_saved() {
    let (_tmp, root) = handbook();
    build(&root);
    let page = root.join("site/levels/senior.html");
    let doc = scraper::Html::parse_document(&std::fs::read_to_string(&page).expect("page"));
    let criteria = select(&doc, ".expectations li[data-key]");
    let ids: Vec<String> = criteria
        .iter()
        .map(|li| li.value().attr("id").unwrap_or("").to_string())
        .collect();
    assert_eq!(ids.len(), 19, "{ids:?}");
    // Each criterion travels under its four-character key.
    for li in &criteria {
        let id = li.value().attr("id").unwrap_or("");
        assert_eq!(li.value().attr("data-key"), Some(key(id).as_str()), "{id}");
    }
    let url = file_url(&page);
    let Some(tab) = open(&url) else { return };
    assert_eq!(
        eval(&tab, "document.getElementById('assess').hidden"),
        "false"
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('.expectations .mark select').length"
        ),
        "19"
    );
    mark(&tab, &ids[0], "M", "Billing migration, 2026-Q1");
    mark(&tab, &ids[1], "P", "");
    mark(&tab, &ids[2], "N", "Not yet: no multi-team plan");
    mark(&tab, &ids[3], "X", "");
    let summary = eval(&tab, SUMMARY);
    assert!(
        summary.starts_with(
            "\"Your marks: 4 of 19 criteria marked (1 met, 1 partly, 1 not yet, 1 n/a); "
        ) && summary.ends_with(" criteria of lower levels assumed met.\""),
        "{summary}"
    );
    // The per-dimension table counts the marks.
    assert_eq!(
        eval(
            &tab,
            "[...document.querySelectorAll('.assess-counts tbody tr')][0].textContent"
        ),
        "\"Scope11000\""
    );
    let link = eval(&tab, LINK);
    let mut items = [
        format!("{}M!Billing%20migration%2C%202026-Q1", key(&ids[0])),
        format!("{}P", key(&ids[1])),
        format!("{}N!Not%20yet%3A%20no%20multi-team%20plan", key(&ids[2])),
        format!("{}X", key(&ids[3])),
    ];
    // Sorted by key.
    items.sort();
    assert_eq!(link, format!("\"#criteria=1~senior~~{}\"", items.join("~")));
    // Marks survive a reload (localStorage) and show on the criteria.
    goto(&tab, &url);
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('li.mark-M, li.mark-P, li.mark-N, li.mark-X').length"
        ),
        "4"
    );
    // Every criterion marked, with no notes: the link stays short enough
    // for a chat message (6 characters a criterion).
    for id in &ids {
        mark(&tab, id, "M", "");
    }
    let full = eval(&tab, LINK);
    assert!(
        full.len() <= 22 + 6 * ids.len(),
        "{} characters: {full}",
        full.len()
    );

    // Saved as a file, in the format the overlay reads.
    eval(&tab, "(() => { window.__blobs = []; URL.createObjectURL = b => { window.__blobs.push(b); return 'blob:none'; }; })()");
    mark(&tab, &ids[0], "M", "Billing migration");
    eval(&tab, "(() => { const by = document.getElementById('assess-by'); by.value = 'Sam Rivera'; by.dispatchEvent(new Event('change')); })()");
    eval(&tab, "document.getElementById('assess-save').click()");
    let file = eval(&tab, "window.__blobs[0].text()");
    let file: String = serde_json::from_str(&file).expect("text");
    assert!(
        file.starts_with("# Assessment: Senior Engineer (senior)\n\n- Date: "),
        "{file}"
    );
    assert!(
        file.contains("\n- Level: senior\n- By: Sam Rivera\n- Link: file://"),
        "{file}"
    );
    assert!(
        file.contains("\n## Scope\n- met: senior-scope-system-owner — Owns the design"),
        "{file}"
    );
    assert!(file.contains("\n  - Note: Billing migration\n"), "{file}");
    assert_eq!(file.matches("\n- met: ").count(), 19, "{file}");
    // Saved into the overlay's assessments/, it is a column of the private
    // progress page.
    let overlay = root.join("overlay");
    copy_dir(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("examples/overlay"),
        &overlay,
    );
    std::fs::write(
        overlay.join("assessments/2026-12-02-senior-sam-rivera.md"),
        &file,
    )
    .expect("save");
    run_in(&root, &["build", "-q", "--overlay", "overlay"]).ok();
    let progress = scraper::Html::parse_document(
        &std::fs::read_to_string(root.join("site-private/me/progress.html")).expect("progress"),
    );
    let heads: Vec<String> = select(&progress, "#progress-senior .progress-criteria thead th")
        .iter()
        .map(common::text)
        .collect();
    assert!(
        heads.last().is_some_and(|h| h.ends_with("by Sam Rivera")),
        "{heads:?}"
    );
    let owner = select(
        &progress,
        ".progress-criteria tr[data-criterion=senior-scope-system-owner] td",
    );
    assert!(owner
        .last()
        .is_some_and(|td| common::text(td).contains("Billing migration")));

    // A shared link shows the sender's marks, not the reader's, until the
    // reader changes one.
    let shared = format!(
        "criteria=1~senior~Priya%20(manager)~{}P!Needs%20a%20second%20system~{}M",
        key(&ids[0]),
        key(&ids[5])
    );
    reload_at(&tab, &shared);
    wait_for(&tab, "document.getElementById('assess-shared') && !document.getElementById('assess-shared').hidden");
    assert_eq!(
        eval(&tab, SUMMARY),
        "\"Priya (manager): 2 of 19 criteria marked (1 met, 1 partly); 36 criteria of lower levels assumed met.\""
    );
    assert_eq!(
        eval(
            &tab,
            &format!(
                "document.querySelector('li[id=\"{}\"] .mark input').value",
                ids[0]
            )
        ),
        "\"Needs a second system\""
    );
    // The reader's own marks were kept meanwhile.
    assert_eq!(
        eval(&tab, "Object.keys(JSON.parse(localStorage.getItem('careerbook-criteria:senior')).marks).length"),
        "19"
    );
    // A link for another level says where to open it.
    reload_at(
        &tab,
        &format!("criteria=1~staff~~{}M", key("staff-scope-multi-team")),
    );
    let notice = wait_for(&tab, "!document.getElementById('assess-shared').hidden && document.getElementById('assess-shared').textContent");
    assert!(notice.contains("assesses another level"), "{notice}");
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('#assess-shared a').getAttribute('href').split('#')[0]"
        ),
        "\"staff.html\""
    );
}

#[test]
fn a_link_made_before_a_criterion_was_renamed_still_reads() {
    let (_tmp, root) = handbook();
    let senior = root.join("content/levels/senior.md");
    let text = std::fs::read_to_string(&senior).expect("senior");
    let text = text.replacen(
        "id = \"senior-failure-impact-security-posture\"",
        "id = \"senior-failure-impact-owns-security\"\nformerly = [\"senior-failure-impact-security-posture\"]",
        1,
    );
    std::fs::write(&senior, text).expect("write");
    // As a writer would: what strengthens it names its new id.
    let staff = root.join("content/levels/staff.md");
    let text = std::fs::read_to_string(&staff).expect("staff");
    std::fs::write(
        &staff,
        text.replace(
            "\"senior-failure-impact-security-posture\"",
            "\"senior-failure-impact-owns-security\"",
        ),
    )
    .expect("write");
    build(&root);
    let url = file_url(&root.join("site/levels/senior.html"));
    let Some(tab) = open(&format!(
        "{url}#criteria=1~senior~~{}M!old%20key~senior-scope-problem-areaP",
        key("senior-failure-impact-security-posture")
    )) else {
        return;
    };
    assert_eq!(
        eval(&tab, "document.querySelector('li[id=\"senior-failure-impact-owns-security\"] .mark select').value"),
        "\"M\""
    );
    // A full id is read as well as a key.
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('li[id=\"senior-scope-problem-area\"] .mark select').value"
        ),
        "\"P\""
    );
    // The next link uses the new id's key.
    assert!(eval(&tab, LINK).contains(&format!(
        "{}M!old%20key",
        key("senior-failure-impact-owns-security")
    )));
}

#[test]
fn two_assessments_are_calibrated_side_by_side() {
    let (_tmp, root) = handbook();
    build(&root);
    let page = root.join("site/calibrate.html");
    let ids = [
        "senior-scope-system-owner",
        "senior-scope-problem-area",
        "senior-autonomy-sets-direction",
    ];
    let a = format!(
        "1~senior~Sam~{}M!Billing%20migration~{}M~{}P",
        key(ids[0]),
        key(ids[1]),
        key(ids[2])
    );
    let b = format!(
        "1~senior~Priya~{}M~{}N!Only%20one%20area%20so%20far~{}X",
        key(ids[0]),
        key(ids[1]),
        key(ids[2])
    );
    let url = format!("{}#a={a}&b={b}", file_url(&page));
    let Some(tab) = open(&url) else { return };
    wait_for(&tab, "!document.getElementById('calibration').hidden");
    assert_eq!(
        eval(
            &tab,
            "document.getElementById('calibration-title').textContent"
        ),
        "\"Senior Engineer: Sam and Priya\""
    );
    assert_eq!(
        eval(&tab, "document.getElementById('calibration-summary').textContent"),
        "\"Agree on 1 of 19 criteria; differ on 2. The 36 criteria of lower levels count as met for both: the framework assumes them.\""
    );
    let row = |id: &str| {
        eval(
            &tab,
            &format!("[...document.querySelectorAll('#calibration tbody tr')].find(tr => tr.textContent.includes('{id}')).innerText.replace(/\\s+/g, ' ').trim()"),
        )
    };
    assert!(
        row(ids[0]).ends_with("senior-scope-system-owner Met Billing migration Met Agree\""),
        "{}",
        row(ids[0])
    );
    assert!(
        row(ids[1]).ends_with("Met Not yet Only one area so far Two steps apart\""),
        "{}",
        row(ids[1])
    );
    assert!(
        row(ids[2]).ends_with("Partly Not applicable Differ on whether it applies\""),
        "{}",
        row(ids[2])
    );
    // Per dimension: each side's tally, never an average.
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('#cal-scope caption').textContent"
        ),
        "\"Scope: Sam, 2 met. Priya, 1 met, 1 not yet.\""
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('#cal-scope .calibration-dim-summary').textContent"
        ),
        "\"Agree on 1 of 2 criteria.\""
    );
    // Pasting links into the form works too, and two levels are refused.
    eval(&tab, &format!("(() => {{ document.getElementById('calibrate-a').value = 'file:///x/levels/staff.html#criteria=1~staff~~{}M'; document.getElementById('calibrate-b').value = 'https://example.com/levels/senior.html#criteria={b}'; document.querySelector('#calibrate-form button[type=submit]').click(); }})()", key("staff-scope-multi-team")));
    let msg = eval(
        &tab,
        "document.getElementById('calibrate-message').textContent",
    );
    assert_eq!(msg, "\"The two links assess different levels (Staff Engineer and Senior Engineer): calibrate two assessments of one level.\"");
    assert_eq!(
        eval(&tab, "document.getElementById('calibration').hidden"),
        "true"
    );
    // Printable: the form and the site's chrome drop out on paper.
    tab.call_method(
        headless_chrome::protocol::cdp::Emulation::SetEmulatedMedia {
            media: Some("print".into()),
            features: None,
        },
    )
    .expect("print media");
    assert_eq!(
        eval(
            &tab,
            "getComputedStyle(document.getElementById('calibrate-form')).display"
        ),
        "\"none\""
    );
}

#[test]
fn radars_differ_by_level_and_draw_the_readers_shape_over_them() {
    let (_tmp, root) = handbook();
    build(&root);
    // Every level of the default handbook has a shape of its own.
    let mut shapes: Vec<(String, String)> = Vec::new();
    for l in [
        "junior",
        "mid",
        "senior",
        "staff",
        "principal",
        "tech-lead",
        "engineering-manager",
        "senior-engineering-manager",
        "director",
    ] {
        let doc = scraper::Html::parse_document(
            &std::fs::read_to_string(root.join(format!("site/levels/{l}.html"))).expect("page"),
        );
        let poly = select(&doc, "figure#radar svg polygon.radar-current");
        assert_eq!(poly.len(), 1, "{l}");
        shapes.push((
            l.to_string(),
            poly[0].value().attr("points").unwrap_or("").to_string(),
        ));
    }
    for (i, (a, pa)) in shapes.iter().enumerate() {
        for (b, pb) in &shapes[i + 1..] {
            assert_ne!(pa, pb, "{a} and {b} draw the same shape");
        }
    }

    let manager = file_url(&root.join("site/levels/engineering-manager.html"));
    let Some(tab) = open(&manager) else { return };
    const YOU: &str = "document.querySelector('.radar-you-text').textContent";
    // No assessment: no shape of yours, and where to make one.
    assert_eq!(
        eval(&tab, YOU),
        "\"Place yourself on the level matrix to see your own shape drawn here against this level's.\""
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('polygon.radar-you').length"
        ),
        "0"
    );
    // Placed at senior on every dimension but one: still no shape.
    goto(&tab, &file_url(&root.join("site/matrix.html")));
    eval(&tab, "[...document.querySelectorAll('#track-ic td[data-level=senior]')].slice(1).forEach(td => td.click())");
    goto(&tab, &manager);
    let partial = eval(&tab, YOU);
    assert!(
        partial.contains("once you have placed yourself on every dimension")
            && partial.contains("not yet: Scope."),
        "{partial}"
    );
    // Every dimension: the reader's shape, a senior engineer's steps.
    goto(&tab, &file_url(&root.join("site/matrix.html")));
    eval(
        &tab,
        "document.querySelector('#track-ic td[data-level=senior][data-dimension=scope]').click()",
    );
    goto(&tab, &manager);
    let said = eval(&tab, YOU);
    assert!(
        said.starts_with(
            "\"Dotted: you, from your self-assessment. Scope: Practitioner (Senior Engineer); "
        ),
        "{said}"
    );
    let points = eval(
        &tab,
        "document.querySelector('polygon.radar-you').getAttribute('points')",
    );
    let points: String = serde_json::from_str(&points).expect("points");
    let dist: Vec<f64> = points
        .split_whitespace()
        .map(|p| {
            let (x, y) = p.split_once(',').unwrap_or(("0", "0"));
            let (x, y): (f64, f64) = (x.parse().unwrap_or(0.0), y.parse().unwrap_or(0.0));
            ((x - 220.0).powi(2) + (y - 150.0).powi(2)).sqrt()
        })
        .collect();
    // Practitioner, three of five steps, on all eight spokes.
    assert_eq!(dist.len(), 8);
    for d in &dist {
        assert!((d - 60.0).abs() < 0.2, "{dist:?}");
    }
}

#[test]
fn a_framework_may_ask_for_lower_levels_to_be_assessed_too() {
    let (_tmp, root) = handbook();
    let fw = root.join("content/framework.toml");
    let text = std::fs::read_to_string(&fw).expect("framework");
    std::fs::write(
        &fw,
        text.replacen(
            "lower_levels = \"assumed\"",
            "lower_levels = \"assessed\"",
            1,
        ),
    )
    .expect("write");
    build(&root);
    let doc = scraper::Html::parse_document(
        &std::fs::read_to_string(root.join("site/levels/senior.html")).expect("page"),
    );
    // Senior's own 19 and the 36 of junior and mid, each once and keyed.
    let all = select(&doc, ".expectations li[data-key]");
    assert_eq!(all.len(), 19 + 36);
    let below = select(&doc, ".expectations details.below li[data-key]");
    assert_eq!(below.len(), 36);
    assert!(
        below.iter().all(|li| li.value().attr("id").is_none()),
        "defined elsewhere: no anchor here"
    );
    let mut keys: Vec<&str> = all
        .iter()
        .filter_map(|li| li.value().attr("data-key"))
        .collect();
    keys.sort_unstable();
    keys.dedup();
    assert_eq!(keys.len(), 55);
    let panel = common::text(&select(&doc, "#assess > p")[0]);
    assert!(
        panel.contains("asks for the 36 criteria of the levels below to be assessed too"),
        "{panel}"
    );
    // The calibration page knows them too, and assumes nothing.
    let cal = std::fs::read_to_string(root.join("site/calibrate.html")).expect("calibrate");
    let open = "id=\"calibrate-data\">";
    let start = cal.find(open).expect("data") + open.len();
    let end = start + cal[start..].find("</script>").expect("end");
    let data: serde_json::Value = serde_json::from_str(&cal[start..end]).expect("json");
    let senior = data
        .as_array()
        .and_then(|l| l.iter().find(|l| l["id"] == "senior"))
        .expect("senior");
    assert_eq!(senior["assumed"], 0);
    let n: usize = senior["dims"]
        .as_array()
        .map(|d| {
            d.iter()
                .map(|d| d["criteria"].as_array().map_or(0, Vec::len))
                .sum()
        })
        .unwrap_or(0);
    assert_eq!(n, 55);

    // A value that is neither is a located error.
    std::fs::write(
        &fw,
        text.replacen(
            "lower_levels = \"assumed\"",
            "lower_levels = \"skipped\"",
            1,
        ),
    )
    .expect("write");
    let run = run_in(&root, &["build", "-q"]);
    run.error_at("content/framework.toml:30:16", "unknown variant `skipped`");
}
