//! Search in a real headless Chromium, on the built site opened straight
//! from disk (file://): typing, ranking, facets, keyboard, escaping, and the
//! browser's tokenizer agreeing with the build's.

mod common;
use common::browser::{eval, file_url, goto, open, press, wait_for};
use common::Book;

/// The fixture handbook plus pages that exercise the hard cases.
fn book() -> Book {
    let b = Book::new();
    b.write(
        "content/guides/negotiation.md",
        "+++\ntitle = \"Negotiation\"\nsummary = \"How to negotiate an offer.\"\n+++\n## Anchoring\n\nNever name a number first. Your résumé and the market set the range.\n\n## Competing offers\n\nA second offer is leverage; use it honestly.\n",
    );
    b.write(
        "content/guides/interview-prep-ja.md",
        "+++\ntitle = \"面接の準備\"\nsummary = \"日本語のガイド\"\n+++\n## 準備\n\n面接の前に自分の経験を整理しましょう。\n",
    );
    b.write(
        "content/guides/mentions-glue.md",
        "+++\ntitle = \"Team rituals\"\nsummary = \"Meetings that work.\"\n+++\nSome glue keeps rituals going, and work happens.\n",
    );
    b.write(
        "content/anti-patterns/script-title.md",
        "+++\ntitle = \"<img src=x onerror=window.__pwned=1> tricky\"\nsummary = \"A title with markup.\"\nlevels = [\"junior\"]\nsigns = [\"x\"]\nwhy_it_hurts = \"x\"\nhow_to_avoid = [\"x\"]\n+++\nTricky body.\n",
    );
    b.write(
        "content/guides/review-habits.md",
        "+++\ntitle = \"Review habits\"\nsummary = \"Habits that help.\"\n+++\nGood code review starts with the description.\n",
    );
    b.write(
        "content/guides/self-checks.md",
        "+++\ntitle = \"Self checks\"\nsummary = \"Before asking others.\"\n+++\nReview your own diff first, then the code of the tests.\n",
    );
    b.write(
        "content/guides/senior-habits.md",
        "+++\ntitle = \"Habits of a senior engineer\"\nsummary = \"What a senior engineer does.\"\n+++\nA senior engineer plans. A senior engineer reviews. A senior engineer teaches.\n",
    );
    let filler =
        "Plain words about planning a quarter, one paragraph after another.\n\n".repeat(80);
    b.write(
        "content/guides/long-read.md",
        &format!("+++\ntitle = \"Long read\"\nsummary = \"A long page.\"\n+++\n{filler}The quarterly zeppelin review closes the cycle; see [the zeppelin notes](https://example.com/zeppelin) and `zeppelin --help`.\n\n<script>window.__inScript = 'zeppelin';</script>\n"),
    );
    b.write(
        "content/guides/growth-paths.md",
        "+++\ntitle = \"Growth paths\"\nsummary = \"Two ladders.\"\n+++\nAn IC grows through leverage.\n",
    );
    let fw = b.read("content/framework.toml");
    b.write(
        "content/framework.toml",
        &format!("{fw}\n[[glossary]]\nterm = \"EM\"\nmeans = [\"engineering manager\"]\ndefinition = \"Runs *one* team.\"\n\n[[glossary]]\nterm = \"IC\"\nmeans = [\"individual contributor\"]\n"),
    );
    b.build().ok();
    b
}

/// The title and URL of a query's first result, or null.
fn first_result(tab: &headless_chrome::Tab, q: &str) -> String {
    eval(
        tab,
        &format!(
            "careerbookSearch.query({q:?}).then(r => careerbookSearch.docs(r.hits.slice(0,1).map(h => h.id))).then(d => d[0] ? d[0].title + ' ' + d[0].url : null)"
        ),
    )
}

/// Every result's title, best first.
fn all_titles(tab: &headless_chrome::Tab, q: &str) -> Vec<String> {
    serde_json::from_str(&eval(
        tab,
        &format!("careerbookSearch.query({q:?}).then(r => careerbookSearch.docs(r.hits.map(h => h.id))).then(ds => ds.map(d => d.title))"),
    ))
    .unwrap()
}

/// The results page has drawn its full results, total and facet counts.
const RESULTS_DRAWN: &str =
    "document.querySelectorAll('#search-results li').length && !document.querySelector('#search-results[aria-busy]')";

fn titles_in_popup() -> &'static str {
    "[...document.querySelectorAll('#search-popup .hit-title')].map(e => e.textContent)"
}

fn type_in(tab: &headless_chrome::Tab, selector: &str, text: &str) {
    tab.find_element(selector)
        .expect("input")
        .click()
        .expect("click");
    tab.type_str(text).expect("type");
}

#[test]
fn typing_shows_the_expected_first_result() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/levels/senior.html"))) else {
        return;
    };
    type_in(&tab, "#search-input", "glue work");
    let titles: Vec<String> = serde_json::from_str(&wait_for(&tab, titles_in_popup())).unwrap();
    assert_eq!(titles[0], "Glue work", "{titles:?}");
    // Both words in the title beat a page with the words only in its body.
    let pos = titles.iter().position(|t| t == "Team rituals");
    assert!(pos.is_none_or(|p| p > 0), "{titles:?}");
    // Matched words are highlighted in the snippet.
    let marks = eval(&tab, "[...document.querySelectorAll('#search-popup .hit-snippet mark')].map(e => e.textContent.toLowerCase())");
    assert!(marks.contains("glue") || marks.contains("work"), "{marks}");
    // The result links to the item, relative to this page.
    let href = eval(
        &tab,
        "document.querySelector('#search-popup .search-hit').getAttribute('href')",
    );
    assert_eq!(href, "\"../guides/glue-work.html\"");
}

#[test]
fn prefix_typo_accents_and_cjk() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    let first = |q: &str| -> String {
        eval(
            &tab,
            &format!(
                "careerbookSearch.query({q:?}).then(r => careerbookSearch.docs(r.hits.slice(0,1).map(h => h.id))).then(d => d[0] ? d[0].title + ' ' + d[0].url : null)"
            ),
        )
    };
    assert_eq!(
        first("negot"),
        "\"Negotiation guides/negotiation.html\"",
        "prefix while typing"
    );
    assert_eq!(
        first("negotation"),
        "\"Negotiation guides/negotiation.html\"",
        "one typo (a missing letter)"
    );
    assert_eq!(
        first("negotiaton"),
        "\"Negotiation guides/negotiation.html\""
    );
    assert_eq!(
        first("anchorign"),
        "\"Anchoring guides/negotiation.html#anchoring\"",
        "transposed letters, and a heading's own link"
    );
    assert_eq!(
        first("resume"),
        "\"Anchoring guides/negotiation.html#anchoring\"",
        "accents folded"
    );
    assert_eq!(
        first("RÉSUMÉ"),
        "\"Anchoring guides/negotiation.html#anchoring\""
    );
    assert_eq!(
        first("面接"),
        "\"面接の準備 guides/interview-prep-ja.html\"",
        "a word in Japanese"
    );
    assert_eq!(first("経験"), "\"準備 guides/interview-prep-ja.html#準備\"");
    assert_eq!(first("zzzzqqq"), "null");
}

#[test]
fn facets_narrow_results_and_the_url_is_shareable() {
    let b = book();
    let url = format!("{}?q=senior", file_url(&b.path("site/search.html")));
    let Some(tab) = open(&url) else { return };
    wait_for(&tab, RESULTS_DRAWN);
    let all: usize = eval(
        &tab,
        "document.querySelectorAll('#search-results li').length",
    )
    .parse()
    .unwrap();
    assert!(all >= 3, "{all}");
    // Filter to questions by clicking the facet.
    eval(
        &tab,
        "document.querySelector('#search-facets input[name=kind][value=question]').click()",
    );
    wait_for(
        &tab,
        &format!(
            "document.querySelectorAll('#search-results li').length < {all} && {RESULTS_DRAWN}"
        ),
    );
    let kinds = eval(&tab, "[...document.querySelectorAll('#search-results .hit-meta')].map(e => e.textContent.split(' ·')[0])");
    let kinds: Vec<String> = serde_json::from_str(&kinds).unwrap();
    assert!(
        !kinds.is_empty() && kinds.iter().all(|k| k == "Question"),
        "only questions remain: {kinds:?}"
    );
    let search = eval(&tab, "location.search");
    assert_eq!(
        search, "\"?q=senior&kind=question\"",
        "filters are in the URL"
    );
    // A shared link with a level filter opens filtered.
    let url = format!(
        "{}?q=engineer&level=junior",
        file_url(&b.path("site/search.html"))
    );
    goto(&tab, &url);
    wait_for(&tab, RESULTS_DRAWN);
    let titles = eval(
        &tab,
        "[...document.querySelectorAll('#search-results .hit-title')].map(e => e.textContent)",
    );
    assert!(titles.contains("Junior Engineer"), "{titles}");
    assert!(!titles.contains("Staff Engineer"), "{titles}");
    let checked = eval(
        &tab,
        "document.querySelector('#search-facets input[name=level][value=junior]').checked",
    );
    assert_eq!(checked, "true");
}

/// The results page draws its best results from the terms' heads before it
/// loads the facets (the largest index file) for the counts and the full 50.
#[test]
fn the_results_page_draws_before_loading_the_facets() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/search.html"))) else {
        return;
    };
    eval(
        &tab,
        "(() => { window.__seen = null; \
         new MutationObserver(() => { \
           if (!window.__seen && document.querySelector('#search-results li')) \
             window.__seen = careerbookSearch.loadedFiles(); \
         }).observe(document.getElementById('search-results'), { childList: true }); \
         const i = document.getElementById('search-page-input'); \
         i.value = 'senior'; i.dispatchEvent(new Event('input')); return 1; })()",
    );
    wait_for(&tab, RESULTS_DRAWN);
    let first: Vec<String> = serde_json::from_str(&eval(&tab, "window.__seen")).unwrap();
    assert!(first.iter().any(|f| f.starts_with("t/")), "{first:?}");
    assert!(
        !first.contains(&"facets".to_string()),
        "first results drawn before the facets load: {first:?}"
    );
    let after: Vec<String> =
        serde_json::from_str(&eval(&tab, "careerbookSearch.loadedFiles()")).unwrap();
    assert!(after.contains(&"facets".to_string()), "{after:?}");
    let counts = eval(
        &tab,
        "document.querySelectorAll('#search-facets input[name=kind]').length",
    );
    assert_ne!(counts, "0", "facets drawn once loaded");
}

#[test]
fn slash_focuses_arrows_and_enter_open_escape_closes() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/guides/glue-work.html"))) else {
        return;
    };
    eval(
        &tab,
        "document.activeElement && document.activeElement.blur()",
    );
    tab.find_element("main").unwrap().click().unwrap();
    press(&tab, "/");
    assert_eq!(eval(&tab, "document.activeElement.id"), "\"search-input\"");
    tab.type_str("negotiation").unwrap();
    wait_for(&tab, titles_in_popup());
    press(&tab, "Escape");
    assert_eq!(
        eval(&tab, "document.getElementById('search-popup').hidden"),
        "true"
    );
    press(&tab, "ArrowDown");
    wait_for(&tab, "!document.getElementById('search-popup').hidden");
    press(&tab, "ArrowDown");
    assert_eq!(
        eval(
            &tab,
            "document.getElementById('search-input').getAttribute('aria-activedescendant')"
        ),
        "\"search-option-0\""
    );
    press(&tab, "Enter");
    wait_for(
        &tab,
        "location.pathname.endsWith('/guides/negotiation.html')",
    );
}

#[test]
fn html_in_a_query_or_a_title_renders_as_text() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    type_in(
        &tab,
        "#search-input",
        "<img src=x onerror=window.__pwned=1> tricky",
    );
    wait_for(&tab, titles_in_popup());
    let title = eval(
        &tab,
        "document.querySelector('#search-popup .hit-title').textContent",
    );
    assert!(title.contains("<img src=x"), "shown as text: {title}");
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#search-popup img').length"
        ),
        "0"
    );
    assert_eq!(eval(&tab, "window.__pwned === undefined"), "true");
    // The results page escapes the query in its status line too.
    let url = format!(
        "{}?q=%3Cb%3Ezzzz%3C%2Fb%3E",
        file_url(&b.path("site/search.html"))
    );
    goto(&tab, &url);
    let status = wait_for(&tab, "document.getElementById('search-status').textContent");
    assert!(status.contains("<b>zzzz</b>"), "{status}");
    assert_eq!(
        eval(&tab, "document.querySelectorAll('#search-status b').length"),
        "0"
    );
}

#[test]
fn the_browser_tokenizes_exactly_like_the_build() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    let samples = [
        "Résumé, NAÏVE café",
        "glue-work: don't (10x)",
        "面接の準備 staff面接",
        "ΣΊΣΥΦΟΣ Straße ﬁle ①",
        "Ünïcödé — “quotes” and 2,000 ms",
        "한국어 텍스트",
        "Ａｂｃ１２３ full-width",
    ];
    for s in samples {
        let js = eval(&tab, &format!("careerbookSearch.tokenize({s:?})"));
        let from_js: Vec<String> = serde_json::from_str(&js).unwrap();
        assert_eq!(
            from_js,
            careerbook::search::tokenize::terms(s),
            "sample {s:?}"
        );
        for t in &from_js {
            let key: String =
                serde_json::from_str(&eval(&tab, &format!("careerbookSearch.shardKey({t:?})")))
                    .unwrap();
            assert_eq!(key, careerbook::search::tokenize::shard_key(t));
        }
    }
}

#[test]
fn ranking_prefers_titles_and_all_words() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    let titles = |q: &str| -> Vec<String> {
        serde_json::from_str(&eval(
            &tab,
            &format!("careerbookSearch.query({q:?}).then(r => careerbookSearch.docs(r.hits.map(h => h.id))).then(ds => ds.map(d => d.title))"),
        ))
        .unwrap()
    };
    // "glue" is in the title of one guide and the body of another.
    let r = titles("glue");
    assert_eq!(r.first().map(String::as_str), Some("Glue work"), "{r:?}");
    assert!(r.contains(&"Team rituals".to_string()), "{r:?}");
    // Documents with every word rank above documents with some.
    let r = titles("offer leverage");
    assert_eq!(
        r.first().map(String::as_str),
        Some("Competing offers"),
        "{r:?}"
    );
    // Stop words are not indexed: alone they find nothing (and break
    // nothing); next to real words they are ignored.
    assert!(titles("the").is_empty());
    assert_eq!(
        titles("the negotiation").first().map(String::as_str),
        Some("Negotiation")
    );
}

#[test]
fn search_loads_only_what_a_query_needs() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    eval(&tab, "careerbookSearch.query('negotiation')");
    let files: Vec<String> =
        serde_json::from_str(&eval(&tab, "careerbookSearch.loadedFiles()")).unwrap();
    assert_eq!(
        files,
        ["manifest", "t/ne"],
        "one shard for a one-word query"
    );
    let shards = std::fs::read_dir(b.path("site/search/t")).unwrap().count();
    assert!(shards > 20, "{shards}");
}

#[test]
fn nothing_is_requested_outside_the_site_folder() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/questions/disagree.html"))) else {
        return;
    };
    type_in(&tab, "#search-input", "senior");
    wait_for(&tab, titles_in_popup());
    let urls: Vec<String> = serde_json::from_str(&eval(
        &tab,
        "[...document.querySelectorAll('script[src], link[href]:not([rel=canonical]), img, iframe, source, video, audio')].map(e => e.src || e.href)",
    ))
    .unwrap();
    let site = file_url(&b.path("site"));
    // The page's own scripts and stylesheets plus the index files loaded.
    assert!(urls.iter().any(|u| u.contains("/search/t/")), "{urls:?}");
    assert!(
        urls.iter().any(|u| u.ends_with("assets/style.css")),
        "{urls:?}"
    );
    for u in &urls {
        assert!(u.starts_with(&site), "request outside the site: {u}");
    }
}

/// A handbook of several job families: the family facet narrows results to
/// one family, says how many each has, and a shared link opens filtered.
#[test]
fn the_family_facet_narrows_results_to_one_job_family() {
    let tmp = tempfile::tempdir().unwrap();
    let src = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/families");
    let out = tmp.path().join("site");
    common::run_in(&src, &["build", "-q", "-o", out.to_str().unwrap()]).ok();
    let url = format!("{}?q=senior", file_url(&out.join("search.html")));
    let Some(tab) = open(&url) else { return };
    wait_for(&tab, RESULTS_DRAWN);
    let titles = |tab: &headless_chrome::Tab| -> Vec<String> {
        serde_json::from_str(&eval(
            tab,
            "[...document.querySelectorAll('#search-results .hit-title')].map(e => e.textContent)",
        ))
        .unwrap()
    };
    let all = titles(&tab);
    assert!(
        all.contains(&"Senior Backend Engineer".to_string()),
        "{all:?}"
    );
    assert!(all.contains(&"Senior Data Engineer".to_string()), "{all:?}");
    // The facet names each family and counts its results.
    let facet: Vec<String> = serde_json::from_str(&eval(
        &tab,
        "[...document.querySelectorAll('#search-facets fieldset[data-facet=family] label')].map(l => l.textContent.trim())",
    ))
    .unwrap();
    assert!(
        facet.iter().any(|l| l.starts_with("Data engineering ")),
        "{facet:?}"
    );
    assert!(
        facet.iter().any(|l| l.starts_with("Backend engineering ")),
        "{facet:?}"
    );
    eval(
        &tab,
        "document.querySelector('#search-facets input[name=family][value=data]').click()",
    );
    wait_for(
        &tab,
        &format!(
            "document.querySelectorAll('#search-results li').length < {} && {RESULTS_DRAWN}",
            all.len()
        ),
    );
    let data = titles(&tab);
    assert!(
        data.contains(&"Senior Data Engineer".to_string()),
        "{data:?}"
    );
    assert!(!data.iter().any(|t| t.contains("Backend")), "{data:?}");
    assert_eq!(eval(&tab, "location.search"), "\"?q=senior&family=data\"");
    // A shared link opens with the other family chosen.
    goto(
        &tab,
        &format!(
            "{}?q=senior&family=backend",
            file_url(&out.join("search.html"))
        ),
    );
    wait_for(&tab, RESULTS_DRAWN);
    let backend = titles(&tab);
    assert!(
        backend.contains(&"Senior Backend Engineer".to_string()),
        "{backend:?}"
    );
    assert!(
        !backend.iter().any(|t| t.contains("Data Engineer")),
        "{backend:?}"
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('#search-facets input[name=family][value=backend]').checked"
        ),
        "true"
    );
}

/// A word in more documents than a dictionary entry keeps (16): the search
/// box ranks from the heads without loading the whole list, with the same
/// hits as the whole list gives, and then counts every result.
#[test]
fn common_words_rank_from_heads_and_count_from_whole_lists() {
    let b = Book::new();
    for i in 0..30 {
        b.write(
            &format!("content/guides/ledger-{i:02}.md"),
            &format!("+++\ntitle = \"Page {i}\"\nsummary = \"Notes.\"\n+++\nThe ledger holds entry {i}.\n"),
        );
    }
    b.write(
        "content/guides/the-ledger.md",
        "+++\ntitle = \"Ledger\"\nsummary = \"The ledger itself.\"\n+++\nAbout the ledger, ledger and ledger.\n",
    );
    b.build().ok();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    let heads = eval(
        &tab,
        "careerbookSearch.query('ledger', {}, 8).then(r => JSON.stringify([r.complete, r.hits.map(h => h.id)]))",
    );
    let files: Vec<String> =
        serde_json::from_str(&eval(&tab, "careerbookSearch.loadedFiles()")).unwrap();
    assert_eq!(
        files,
        ["manifest", "t/le"],
        "no whole list for the first results"
    );
    let whole = eval(
        &tab,
        "careerbookSearch.query('ledger', {}, 8, {complete: true}).then(r => JSON.stringify([r.complete, r.hits.map(h => h.id), r.total]))",
    );
    let heads: (bool, Vec<u32>) =
        serde_json::from_str(&serde_json::from_str::<String>(&heads).unwrap()).unwrap();
    let whole: (bool, Vec<u32>, u32) =
        serde_json::from_str(&serde_json::from_str::<String>(&whole).unwrap()).unwrap();
    assert!(!heads.0 && whole.0, "{heads:?} {whole:?}");
    assert_eq!(heads.1, whole.1, "the same first results");
    assert_eq!(whole.2, 31);
    let files: Vec<String> =
        serde_json::from_str(&eval(&tab, "careerbookSearch.loadedFiles()")).unwrap();
    assert_eq!(files, ["manifest", "t/le", "p/le-0"]);
    // The box shows the best page first, then the whole count.
    type_in(&tab, "#search-input", "ledger");
    wait_for(&tab, "document.querySelector('#search-popup .search-all') && document.querySelector('#search-popup .search-all').textContent === 'See all 31 results'");
    let titles: Vec<String> = serde_json::from_str(&eval(&tab, titles_in_popup())).unwrap();
    assert_eq!(titles[0], "Ledger", "{titles:?}");
}

/// A glossary term is expanded to its meanings, never taken for a typo or
/// a prefix, and says what it means; typos of ordinary words still match.
#[test]
fn glossary_terms_expand_and_are_never_corrected() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    assert_eq!(
        first_result(&tab, "EM"),
        "\"Engineering Manager levels/manager.html\"",
        "the abbreviation finds the level it stands for, first"
    );
    assert_eq!(
        first_result(&tab, "em"),
        "\"Engineering Manager levels/manager.html\""
    );
    let matched: Vec<String> = serde_json::from_str(&eval(
        &tab,
        "careerbookSearch.query('EM').then(r => r.matched)",
    ))
    .unwrap();
    assert!(
        matched
            .iter()
            .all(|t| ["em", "engineering", "manager"].contains(&t.as_str())),
        "no prefix or typo matches for a glossary term: {matched:?}"
    );
    // An ordinary word with a typo is still found.
    let r = first_result(&tab, "enginering manager");
    assert!(r.starts_with("\"Engineering Manager"), "{r}");
    let r = all_titles(&tab, "enginering");
    assert!(r.iter().any(|t| t.contains("Engineer")), "{r:?}");
    // The other way round: the meaning finds the term's pages too.
    let r = all_titles(&tab, "individual contributor");
    assert!(r.contains(&"Growth paths".to_string()), "{r:?}");
    assert!(all_titles(&tab, "IC").contains(&"Growth paths".to_string()));
    // The search box says what the term means.
    type_in(&tab, "#search-input", "EM");
    wait_for(&tab, titles_in_popup());
    let titles: Vec<String> = serde_json::from_str(&eval(&tab, titles_in_popup())).unwrap();
    assert_eq!(titles[0], "Engineering Manager", "{titles:?}");
    let note = eval(
        &tab,
        "document.querySelector('#search-popup .search-glossary').textContent",
    );
    assert_eq!(note, "\"EM: engineering manager. Runs one team.\"");
}

/// A query equal to a document's title (or id) ranks it first, above
/// documents that repeat its words more.
#[test]
fn exact_title_and_id_matches_come_first() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    assert_eq!(
        first_result(&tab, "senior engineer"),
        "\"Senior Engineer levels/senior.html\""
    );
    assert_eq!(
        first_result(&tab, "Senior Engineer"),
        "\"Senior Engineer levels/senior.html\""
    );
    let r = all_titles(&tab, "senior engineer");
    assert!(
        r.contains(&"Habits of a senior engineer".to_string()),
        "{r:?}"
    );
    assert_eq!(
        eval(
            &tab,
            "careerbookSearch.query('senior engineer').then(r => r.hits.filter(h => h.exact).length)"
        ),
        "1",
        "one title is the query: the level's, not the guide's longer one"
    );
    assert_eq!(
        first_result(&tab, "habits of a senior engineer"),
        "\"Habits of a senior engineer guides/senior-habits.html\""
    );
    // The id: the level `manager` is titled "Engineering Manager".
    assert_eq!(
        first_result(&tab, "manager"),
        "\"Engineering Manager levels/manager.html\""
    );
    assert_eq!(
        first_result(&tab, "glue-work"),
        "\"Glue work guides/glue-work.html\""
    );
}

/// Words in quotes match only where they stand side by side, in order.
#[test]
fn phrase_queries_match_adjacent_words_only() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    let loose = all_titles(&tab, "code review");
    assert!(loose.contains(&"Review habits".to_string()), "{loose:?}");
    assert!(loose.contains(&"Self checks".to_string()), "{loose:?}");
    let phrase = all_titles(&tab, "\"code review\"");
    assert_eq!(phrase, ["Review habits"]);
    assert!(all_titles(&tab, "\"review code\"").is_empty());
    // A phrase with a stop word inside is checked with it.
    assert_eq!(all_titles(&tab, "\"review your own\""), ["Self checks"]);
    assert!(all_titles(&tab, "\"review the own\"").is_empty());
    // A quote left open while typing is no phrase yet.
    let open_quote = all_titles(&tab, "\"code review");
    assert!(
        open_quote.contains(&"Self checks".to_string()),
        "{open_quote:?}"
    );
    // The results page counts only the documents with the phrase.
    goto(
        &tab,
        &format!(
            "{}?q=%22code%20review%22",
            file_url(&b.path("site/search.html"))
        ),
    );
    wait_for(&tab, RESULTS_DRAWN);
    let titles = eval(
        &tab,
        "[...document.querySelectorAll('#search-results .hit-title')].map(e => e.textContent)",
    );
    assert_eq!(titles, "[\"Review habits\"]");
    let status = eval(&tab, "document.getElementById('search-status').textContent");
    assert!(status.starts_with("\"1 result"), "{status}");
}

/// A query that finds nothing offers the nearest words; following the
/// offer runs it, in the box and on the results page.
#[test]
fn did_you_mean_offers_and_runs_a_suggestion() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    let res = eval(
        &tab,
        "careerbookSearch.query('negotaitionn').then(r => JSON.stringify([r.total, r.suggestion]))",
    );
    assert_eq!(res, "\"[0,\\\"negotiation\\\"]\"");
    let res = eval(
        &tab,
        "careerbookSearch.query('zzzzqqq').then(r => JSON.stringify([r.total, r.suggestion]))",
    );
    assert_eq!(res, "\"[0,null]\"", "nothing near: no suggestion");
    type_in(&tab, "#search-input", "negotaitionn");
    let offer = wait_for(
        &tab,
        "document.querySelector('#search-popup .search-suggest button') && document.querySelector('#search-popup .search-suggest').textContent",
    );
    assert_eq!(offer, "\"Did you mean negotiation?\"");
    eval(
        &tab,
        "document.querySelector('#search-popup .search-suggest button').click()",
    );
    wait_for(
        &tab,
        "document.querySelector('#search-popup .hit-title') && document.querySelector('#search-popup .hit-title').textContent === 'Negotiation'",
    );
    assert_eq!(
        eval(&tab, "document.getElementById('search-input').value"),
        "\"negotiation\""
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('#search-popup .search-suggest').length"
        ),
        "0"
    );
    // The results page: the offer under the status line, the query run in place.
    goto(
        &tab,
        &format!(
            "{}?q=calibraiton%20negotaitionn",
            file_url(&b.path("site/search.html"))
        ),
    );
    let offer = wait_for(
        &tab,
        "document.querySelector('#search-notes .search-suggest button') && document.querySelector('#search-notes .search-suggest button').textContent",
    );
    assert!(offer.contains("negotiation"), "{offer}");
    eval(
        &tab,
        "document.querySelector('#search-notes .search-suggest button').click()",
    );
    wait_for(&tab, RESULTS_DRAWN);
    let q = eval(&tab, "document.getElementById('search-page-input').value");
    assert!(q.contains("negotiation"), "{q}");
    assert!(eval(&tab, "location.search").contains("negotiation"));
}

/// Following a result marks the query's words on the page it opens (text
/// only, never in code or scripts, never as markup) and scrolls to them.
#[test]
fn following_a_result_highlights_the_words_and_scrolls_to_them() {
    let b = book();
    let Some(tab) = open(&file_url(&b.path("site/index.html"))) else {
        return;
    };
    type_in(&tab, "#search-input", "zeppelin");
    wait_for(&tab, titles_in_popup());
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('#search-popup .search-hit').getAttribute('href')"
        ),
        "\"guides/long-read.html\"",
        "the link itself stays the page's address"
    );
    tab.find_element("#search-popup .search-hit")
        .unwrap()
        .click()
        .unwrap();
    wait_for(
        &tab,
        "location.pathname.endsWith('/guides/long-read.html') && document.readyState === 'complete' && document.querySelector('main mark')",
    );
    assert_eq!(eval(&tab, "location.search"), "\"?highlight=zeppelin\"");
    let marked: Vec<String> = serde_json::from_str(&eval(
        &tab,
        "[...document.querySelectorAll('main mark')].map(m => m.textContent)",
    ))
    .unwrap();
    assert_eq!(
        marked,
        ["zeppelin", "zeppelin"],
        "the text and the link text"
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelectorAll('main code mark, main script mark').length"
        ),
        "0"
    );
    assert_eq!(
        eval(
            &tab,
            "document.querySelector('main a[href*=example]').getAttribute('href')"
        ),
        "\"https://example.com/zeppelin\"",
        "attributes untouched"
    );
    // Scrolled to the first mark, far down the page.
    let seen = wait_for(
        &tab,
        "(() => { const r = document.querySelector('main mark').getBoundingClientRect(); \
         return window.scrollY > 500 && r.top >= 0 && r.bottom <= window.innerHeight; })() || null",
    );
    assert_eq!(seen, "true");
    // The words are text, never markup.
    goto(
        &tab,
        &format!(
            "{}?highlight=%3Cimg%20src%3Dx%20onerror%3Dwindow.__pwned%3D1%3E%20cycle",
            file_url(&b.path("site/guides/long-read.html"))
        ),
    );
    wait_for(&tab, "document.querySelector('main mark')");
    assert_eq!(
        eval(&tab, "document.querySelectorAll('main img').length"),
        "0"
    );
    assert_eq!(eval(&tab, "window.__pwned === undefined"), "true");
    assert_eq!(
        eval(&tab, "document.querySelector('main mark').textContent"),
        "\"cycle\""
    );
}
