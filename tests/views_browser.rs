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
