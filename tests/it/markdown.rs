//! The Markdown output parses back (CommonMark, with pulldown-cmark) into
//! the CV's section headings and every publication, and hostile text stays
//! text: the only HTML in it is vita's own anchors and line breaks.

use crate::common::*;
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};

fn markdown(example: &str) -> String {
    let out = vita(&["build", example, "--format", "markdown", "-o", "-"]);
    assert!(out.status.success(), "{}", String::from_utf8_lossy(&out.stderr));
    String::from_utf8(out.stdout).unwrap()
}

struct Parsed {
    h2: Vec<String>,
    items: Vec<String>,
    html: Vec<String>,
    text: String,
}

fn parse(md: &str) -> Parsed {
    let mut p = Parsed { h2: Vec::new(), items: Vec::new(), html: Vec::new(), text: String::new() };
    let mut heading: Option<String> = None;
    let mut item_depth = 0;
    for event in Parser::new(md) {
        match event {
            Event::Start(Tag::Heading { level: HeadingLevel::H2, .. }) => heading = Some(String::new()),
            Event::End(TagEnd::Heading(HeadingLevel::H2)) => p.h2.push(heading.take().unwrap_or_default()),
            Event::Start(Tag::Item) => {
                item_depth += 1;
                p.items.push(String::new());
            }
            Event::End(TagEnd::Item) => item_depth -= 1,
            Event::Text(t) | Event::Code(t) => {
                if let Some(h) = heading.as_mut() {
                    h.push_str(&t);
                }
                if item_depth > 0 {
                    p.items.last_mut().unwrap().push_str(&t);
                }
                p.text.push_str(&t);
            }
            Event::SoftBreak | Event::HardBreak => {
                if item_depth > 0 {
                    p.items.last_mut().unwrap().push('\n');
                }
                p.text.push('\n');
            }
            Event::Html(h) | Event::InlineHtml(h) => p.html.push(h.to_string()),
            _ => {}
        }
    }
    p
}

fn doc(example: &str) -> vita_model::Document {
    vita_model::load(&std::fs::read_to_string(root().join(example)).unwrap()).document.unwrap()
}

fn only_vita_html(p: &Parsed) {
    for h in &p.html {
        let ours = h == "<br>" || (h.starts_with("<a id=\"pub-") && h.ends_with("\">")) || h == "</a>";
        assert!(ours, "raw HTML in the output: {h:?}");
    }
}

#[test]
fn the_seed_parses_back_into_its_sections_and_publications() {
    let example = "examples/seojin-park.ron";
    let p = parse(&markdown(example));
    let d = doc(example);
    let titles: Vec<String> = d.cv.sections.iter().map(|s| s.title().to_string()).collect();
    assert_eq!(p.h2, titles);
    for pubn in d.cv.publications() {
        let n = d.number(&pubn.id).unwrap();
        let item = p.items.iter().find(|i| i.starts_with(&format!("[{n}] "))).unwrap_or_else(|| panic!("no item [{n}]"));
        assert!(item.starts_with(&format!("[{n}] {}\n", pubn.title)), "{item}");
    }
    only_vita_html(&p);
}

#[test]
fn hostile_text_stays_text() {
    let example = "examples/hostile.ron";
    let p = parse(&markdown(example));
    let d = doc(example);
    assert_eq!(p.h2, d.cv.sections.iter().map(|s| s.title().to_string()).collect::<Vec<_>>());
    for literal in [
        "Zoë <script>alert(1)</script> O'Brien & \"Co\" {x} 100% $5 #1 a_b ~c ^d \\input{/etc/passwd}",
        "A & B: <i>Not italic</i> {C} 100% \\emph{no}",
        "</li></ul><script>x</script>",
        "μs-scale $math$ _under_ ^caret^ ~tilde~ #hash",
        "-- ,, << >> !` ?`",
    ] {
        assert!(p.text.contains(literal), "{literal:?} is not text in:\n{}", p.text);
    }
    only_vita_html(&p);
}
