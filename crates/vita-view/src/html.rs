//! HTML escaping and rich text as HTML, for every backend whose output is or
//! embeds HTML (the HTML page, Europass descriptions).

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use crate::Markup;

/// Escapes text for HTML content and double- or single-quoted attributes.
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            c => out.push(c),
        }
    }
    out
}

/// HTML markup: escaped text; rich text as `em`, `strong`, `code`, `a` and `br`.
pub struct Html;

impl Markup for Html {
    fn escape(&self, text: &str) -> String {
        escape(text)
    }

    fn emph(&self, rendered: &str) -> String {
        format!("<em>{rendered}</em>")
    }

    fn strong(&self, rendered: &str) -> String {
        format!("<strong>{rendered}</strong>")
    }

    fn owner(&self, rendered: &str) -> String {
        format!("<strong class=\"me\">{rendered}</strong>")
    }

    fn code(&self, raw: &str) -> String {
        format!("<code>{}</code>", escape(raw))
    }

    fn line_break(&self) -> &'static str {
        "<br>"
    }

    fn link(&self, url: &str, text: &str) -> String {
        format!("<a href=\"{}\">{text}</a>", escape(&crate::view::href(url)))
    }
}

// Items of HTML views as HTML fragments, for formats that carry HTML inside
// another format (Europass descriptions).

use crate::view::{Entry, PubView, SectionView};

/// Items as HTML paragraphs, or `None` for none.
pub fn paragraphs(items: &[String]) -> Option<String> {
    if items.is_empty() {
        None
    } else {
        Some(items.iter().map(|i| paragraph(i)).collect())
    }
}

/// One paragraph; its lines that are list items (`• ...`, as an editor's
/// `<li>` is imported) become a list again, so that a reader splitting a
/// list into items still can after a round trip.
fn paragraph(item: &str) -> String {
    const BULLET: &str = "• ";
    if !item.contains(BULLET) {
        return format!("<p>{item}</p>");
    }
    let mut out = String::new();
    let mut text: Vec<&str> = Vec::new();
    let mut list: Vec<&str> = Vec::new();
    let flush_text = |out: &mut String, text: &mut Vec<&str>| {
        if !text.is_empty() {
            out.push_str(&format!("<p>{}</p>", text.join("<br>")));
            text.clear();
        }
    };
    let flush_list = |out: &mut String, list: &mut Vec<&str>| {
        if !list.is_empty() {
            out.push_str("<ul>");
            for l in list.iter() {
                out.push_str(&format!("<li>{l}</li>"));
            }
            out.push_str("</ul>");
            list.clear();
        }
    };
    for line in item.split("<br>") {
        match line.strip_prefix(BULLET) {
            Some(li) => {
                flush_text(&mut out, &mut text);
                list.push(li);
            }
            None => {
                flush_list(&mut out, &mut list);
                text.push(line);
            }
        }
    }
    flush_text(&mut out, &mut text);
    flush_list(&mut out, &mut list);
    out
}

/// Items as an HTML list.
pub fn list_html(items: &[String]) -> String {
    format!("<ul>{}</ul>", items.iter().map(|i| format!("<li>{i}</li>")).collect::<String>())
}

/// The leaf sections of a view, groups expanded, in document order.
pub fn leaves(sections: &[SectionView]) -> Vec<&SectionView> {
    sections.iter().flat_map(|s| if s.is_group { s.sections.iter().collect() } else { vec![s] }).collect()
}

/// A generic entry of an HTML view as one HTML list item: its title in
/// `strong`, context and date, then its lines.
pub fn entry_item(e: &Entry) -> String {
    let mut s = format!("<strong>{}</strong>", e.title);
    for part in [&e.context, &e.date].into_iter().flatten() {
        s.push_str(&format!(", {part}"));
    }
    for line in e.subtitle.iter().chain(&e.details).chain(&e.highlights) {
        s.push_str(&format!("<br>{line}"));
    }
    if let Some(u) = &e.url {
        s.push_str(&format!("<br><a href=\"{}\">{}</a>", u.url, u.label));
    }
    s
}

/// A publication of an HTML view as one HTML list item, laid out as in the
/// other formats: number, title, authors (the owner in `strong`, `*` for
/// equal contribution), venue and date, acceptance rate, awards, links, note.
pub fn publication_item(p: &PubView, equal_label: &str) -> String {
    let mut s = format!("[{}] <strong>{}</strong><br>", p.number, p.title);
    for a in &p.authors {
        s.push_str(&a.sep);
        let name = format!("{}{}", a.name, if a.equal { "*" } else { "" });
        s.push_str(&if a.owner { format!("<strong>{name}</strong>") } else { name });
    }
    if p.has_equal {
        s.push_str(&format!(" (*{equal_label})"));
    }
    match (&p.venue, &p.when) {
        (Some(v), Some(w)) => s.push_str(&format!("<br><em>{v}</em>, {w}")),
        (Some(v), None) => s.push_str(&format!("<br><em>{v}</em>")),
        (None, Some(w)) => s.push_str(&format!("<br>{w}")),
        (None, None) => {}
    }
    if let Some(a) = &p.acceptance {
        s.push_str(&format!("<br>{a}"));
    }
    for aw in &p.awards {
        s.push_str(&format!(" ({aw})"));
    }
    if !p.links.is_empty() {
        let l: Vec<String> = p.links.iter().map(|l| format!("<a href=\"{}\">{}</a>", l.url, l.label)).collect();
        s.push_str(&format!("<br>{}", l.join(" · ")));
    }
    if let Some(n) = &p.note {
        s.push_str(&format!("<br>{n}"));
    }
    s
}

/// The leaf sections of a document (groups expanded), each as its model
/// section with the same section in a plain view and in an HTML view.
pub fn paired_leaves<'a>(
    cv: &'a vita_model::Cv,
    plain: &'a [SectionView],
    html: &'a [SectionView],
) -> Vec<(&'a vita_model::Section, &'a SectionView, &'a SectionView)> {
    let html_leaves = leaves(html);
    leaves(plain)
        .into_iter()
        .filter_map(|p| Some((crate::view::section_at(cv, &p.path)?, p, *html_leaves.iter().find(|h| h.path == p.path)?)))
        .collect()
}

/// HTML (as editors store rich text: the Europass editor) as vita's rich text (Markdown): `strong`/`b`, `em`/`i`,
/// `code` and links kept; paragraphs, list items and `br` as lines; other
/// tags (`span`, `u`) dropped with their text kept. `None` for no text.
pub fn to_rich(html: &str) -> Option<vita_model::Rich> {
    let mut out = String::new();
    let mut rest = html;
    let mut links: Vec<String> = Vec::new();
    // Open emphasis: (marker, where its opening marker was written).
    let mut open: Vec<(&str, usize)> = Vec::new();
    // Markdown reads `**x**` as strong only when the marker hugs the text,
    // and not at the start of a line: other emphasis is kept as plain text,
    // so the text reads back as it is.
    let close = |out: &mut String, open: &mut Vec<(&str, usize)>, marker: &str| {
        if let Some(i) = open.iter().rposition(|(m, _)| *m == marker) {
            let (_, at) = open.remove(i);
            let inner = out.get(at + marker.len()..).unwrap_or_default();
            let hugs =
                inner.chars().next().is_some_and(|c| !c.is_whitespace()) && inner.chars().next_back().is_some_and(|c| !c.is_whitespace());
            // A line that starts with a marker reads as a list item: not there.
            let line_start = out.get(..at).is_some_and(|b| b.ends_with('\n'));
            if hugs && !line_start && open.is_empty() {
                out.push_str(marker);
            } else {
                out.replace_range(at..at + marker.len(), "");
                // Later openings moved back.
                for (_, p) in open.iter_mut() {
                    if *p > at {
                        *p -= marker.len();
                    }
                }
            }
        }
    };
    let mut line_open = false;
    let newline = |out: &mut String, line_open: &mut bool| {
        if *line_open {
            out.push_str("\\\n");
            *line_open = false;
        }
    };
    while !rest.is_empty() {
        let Some(lt) = rest.find('<') else {
            push_text(&mut out, rest);
            break;
        };
        let (before, from_lt) = rest.split_at_checked(lt).unwrap_or((rest, ""));
        if !before.is_empty() {
            push_text(&mut out, before);
            line_open |= !before.trim().is_empty();
        }
        let Some((tag, after)) = from_lt.get(1..).and_then(|t| t.split_once('>')) else {
            push_text(&mut out, from_lt);
            break;
        };
        rest = after;
        let closing = tag.starts_with('/');
        let name: String =
            tag.trim_start_matches('/').chars().take_while(|c| c.is_ascii_alphanumeric()).collect::<String>().to_ascii_lowercase();
        match (name.as_str(), closing) {
            // Deeper nesting is kept as text, as the rich text's own limit.
            ("strong" | "b", false) if open.len() < vita_model::rich::MAX_DEPTH => {
                open.push(("**", out.len()));
                out.push_str("**");
            }
            ("em" | "i", false) if open.len() < vita_model::rich::MAX_DEPTH => {
                open.push(("*", out.len()));
                out.push('*');
            }
            ("strong" | "b", true) => close(&mut out, &mut open, "**"),
            ("em" | "i", true) => close(&mut out, &mut open, "*"),
            ("code", _) => out.push('`'),
            ("a", false) => {
                let href = tag.split("href=\"").nth(1).and_then(|h| h.split('"').next()).unwrap_or_default();
                links.push(decode_entities(href));
                out.push('[');
            }
            ("a", true) => {
                let href = links.pop().unwrap_or_default();
                out.push_str(&format!("]({href})"));
            }
            ("br", _) | ("p" | "li" | "div", true) => newline(&mut out, &mut line_open),
            ("li", false) => {
                newline(&mut out, &mut line_open);
                out.push_str("• ");
            }
            _ => {}
        }
    }
    // Emphasis never closed: its marker goes.
    while let Some((marker, at)) = open.pop() {
        out.replace_range(at..at + marker.len(), "");
    }
    let text = out.trim_end_matches(['\\', '\n', ' ']).trim_start().to_string();
    (!text.is_empty()).then(|| vita_model::Rich::parse(&text))
}

fn push_text(out: &mut String, html_text: &str) {
    let text = decode_entities(html_text);
    out.push_str(&vita_model::rich::escape_markdown(&text.replace('\n', " ")));
}

fn decode_entities(s: &str) -> String {
    if !s.contains('&') {
        return s.to_string();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some((before, after)) = rest.split_once('&') {
        out.push_str(before);
        match after.find(';').filter(|j| *j <= 10) {
            Some(j) => {
                let entity = after.get(..j).unwrap_or_default();
                let c = match entity {
                    "amp" => Some('&'),
                    "lt" => Some('<'),
                    "gt" => Some('>'),
                    "quot" => Some('"'),
                    "apos" | "#39" => Some('\''),
                    "nbsp" => Some('\u{a0}'),
                    e if e.starts_with("#x") => e.get(2..).and_then(|h| u32::from_str_radix(h, 16).ok()).and_then(char::from_u32),
                    e if e.starts_with('#') => e.get(1..).and_then(|d| d.parse().ok()).and_then(char::from_u32),
                    _ => None,
                };
                match c {
                    Some(c) => {
                        out.push(c);
                        rest = after.get(j + 1..).unwrap_or_default();
                    }
                    None => {
                        out.push('&');
                        rest = after;
                    }
                }
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn escapes_every_special_character() {
        assert_eq!(
            escape(r#"<script>alert(1)</script> " onmouseover="x' &amp;"#),
            "&lt;script&gt;alert(1)&lt;/script&gt; &quot; onmouseover=&quot;x&#39; &amp;amp;"
        );
    }

    #[test]
    fn html_becomes_rich_text() {
        let r = to_rich("<p>A <strong>bold</strong> &amp; <em>it</em> <a href=\"https://x.org/?a=1&amp;b=2\">link</a></p><ul><li>one</li><li>two</li></ul>").unwrap();
        assert_eq!(r.source(), "A **bold** & *it* [link](https://x.org/?a=1&b=2)\\\n• one\\\n• two");
        assert_eq!(to_rich("<p></p>"), None);
        assert_eq!(to_rich("2 * 3 <span style=\"color: red\">[x]</span>").unwrap().to_plain(), "2 * 3 [x]");
        // Hostile nesting: emphasis past the rich text's depth is dropped, and
        // what never closes goes (each marker is moved once: linear).
        let deep = format!("{}x{}", "<em><strong>".repeat(100_000), "</p>".repeat(1000));
        assert_eq!(to_rich(&deep).unwrap().to_plain(), "x");
    }
}
