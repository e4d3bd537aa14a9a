//! HTML escaping and rich text as HTML, for every backend whose output is or
//! embeds HTML (the HTML page, Europass descriptions).

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
}

// Items of HTML views as HTML fragments, for formats that carry HTML inside
// another format (Europass descriptions).

use crate::view::{Entry, PubView, SectionView};

/// Items as HTML paragraphs, or `None` for none.
pub fn paragraphs(items: &[String]) -> Option<String> {
    if items.is_empty() {
        None
    } else {
        Some(items.iter().map(|i| format!("<p>{i}</p>")).collect())
    }
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
    for line in e.subtitle.iter().chain(&e.details) {
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
        s.push_str(a.sep);
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
