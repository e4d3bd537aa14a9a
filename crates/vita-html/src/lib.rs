//! HTML output: one self-contained HTML5 file for a personal website.
//!
//! The templates under `formats/html/` (`cv.html.hbs`, and `style.css` for the
//! inline stylesheet) lay the page out with semantic elements: a `header`, a
//! `section` per CV section, an ordered publication list whose items carry
//! `id="pub-N"` so that a project's "\[5\]" links to publication 5. The page
//! makes no external request: styles are inline, there are no scripts but a
//! schema.org JSON-LD block describing the person.
//!
//! Escaping: every string in the view is HTML-escaped (`& < > " '`) by the
//! shared `vita_view::html` markup; rich text becomes `em`, `strong`, `code` and `a`
//! elements with escaped text and addresses. Link schemes other than http,
//! https and mailto are refused by `vita check`, so no `javascript:` address
//! reaches this backend. The JSON-LD is serialised JSON with `<`, `>` and `&`
//! written as `\u003c` escapes, so no string can close the script element.

use serde::Serialize;
use vita_backend::{Backend, Document, Options, Rendered};
use vita_view::compiled::Templates;
use vita_view::html::{escape, Html as HtmlMarkup};
use vita_view::view;

/// The default templates, embedded.
pub const TEMPLATES: &[(&str, &str)] =
    &[("cv.html.hbs", include_str!("../../../formats/html/cv.html.hbs")), ("style.css", include_str!("../../../formats/html/style.css"))];

/// The HTML backend.
pub struct Html;

/// The default templates compiled into Rust by `build.rs`.
mod compiled {
    include!(concat!(env!("OUT_DIR"), "/templates.rs"));
}

#[derive(Serialize)]
struct Page {
    #[serde(flatten)]
    view: view::View,
    jsonld: String,
    /// The theme's option values, checked by kind (colours, lengths, a
    /// font family name of letters, digits, spaces and hyphens).
    theme: std::collections::BTreeMap<String, String>,
    /// The photo as a `data:` address (the page makes no request of its own).
    photo: Option<String>,
    /// In a theme with icons, the drawings by name, in the text's colour.
    icons: Option<std::collections::BTreeMap<&'static str, String>>,
}

/// The view's fields are the page's, as `flatten` has them for Handlebars.
impl std::ops::Deref for Page {
    type Target = view::View;
    fn deref(&self) -> &view::View {
        &self.view
    }
}
vita_view::template_values!(Page);

/// The schema.org `Person` of the CV, as JSON safe to place in a script element.
fn json_ld(doc: &Document) -> String {
    let p = &doc.cv.person;
    let mut m = serde_json::Map::new();
    m.insert("@context".into(), "https://schema.org".into());
    m.insert("@type".into(), "Person".into());
    m.insert("name".into(), p.name.clone().into());
    if let Some(l) = &p.label {
        m.insert("jobTitle".into(), l.clone().into());
    }
    if let Some(w) = &p.website {
        m.insert("url".into(), w.clone().into());
    }
    if let Some(e) = &p.email {
        m.insert("email".into(), format!("mailto:{e}").into());
    }
    let same: Vec<serde_json::Value> = p.profiles.iter().filter_map(|pr| pr.url.clone()).map(Into::into).collect();
    if !same.is_empty() {
        m.insert("sameAs".into(), same.into());
    }
    let json = serde_json::to_string_pretty(&serde_json::Value::Object(m)).unwrap_or_default();
    json.replace('<', "\\u003c").replace('>', "\\u003e").replace('&', "\\u0026")
}

impl Backend for Html {
    fn name(&self) -> &'static str {
        "html"
    }

    fn description(&self) -> &'static str {
        "one self-contained HTML5 page for a personal website (cv.html)"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.html")]
    }

    fn default_templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        // The view is escaped already; templates insert it with {{{ }}}, and
        // {{ }} escapes again, which is right for anything a template adds.
        let templates = Templates::choose(compiled::SOURCES, TEMPLATES, &options.templates, escape)?;
        let v = view::Builder::with_options(doc, &HtmlMarkup, options).build();
        let photo = options.photo.as_ref().map(|p| {
            use base64::Engine as _;
            format!("data:{};base64,{}", p.mime, base64::engine::general_purpose::STANDARD.encode(p.bytes.as_slice()))
        });
        let icons = options.theme.icons.then(|| {
            vita_view::icons::ICONS.iter().filter_map(|(n, _)| Some((*n, vita_view::icons::drawing(n, "currentColor")?))).collect()
        });
        let page = Page { view: v, jsonld: json_ld(doc), theme: vita_view::theme::values(&options.theme), photo, icons };
        let html = templates.render("cv.html", page, Some(escape), doc.cv.output_room(), compiled::cv_html)?;
        Ok(Rendered::single(format!("{}.html", options.basename), tidy(&html)))
    }
}

/// Removes the blank lines and trailing spaces template logic leaves behind.
fn tidy(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    for line in html.lines() {
        let line = line.trim_end();
        if !line.trim().is_empty() {
            out.push_str(line);
            out.push('\n');
        }
    }
    out
}

#[cfg(test)]
mod tests {
    /// The default templates (and the built-in themes') render through the
    /// code `build.rs` compiled from them, not the engine.
    #[test]
    fn the_default_templates_are_compiled_in() {
        vita_view::compiled::covers("html", super::compiled::SOURCES, super::TEMPLATES).unwrap();
    }
}
