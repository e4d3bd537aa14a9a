//! __name__ output of vita.
//!
//! The template `formats/__name__/cv.__name__.hbs` lays the CV out; every
//! string reaches it escaped by [`__Type__Markup`] (see
//! docs/adding-a-backend.md).

use anyhow::Context;
use vita_backend::{Backend, Document, Options, Rendered};
use vita_view::{engine, view, Markup};

/// The default templates, embedded.
pub const TEMPLATES: &[(&str, &str)] = &[("cv.__name__.hbs", include_str!("../../../formats/__name__/cv.__name__.hbs"))];

/// The __name__ backend.
pub struct __Type__;

/// How __name__ writes text: escaping, and rich text.
pub struct __Type__Markup;

impl Markup for __Type__Markup {
    fn escape(&self, text: &str) -> String {
        // Replace the characters that are markup in __name__.
        text.to_string()
    }

    fn link(&self, url: &str, text: &str) -> String {
        format!("{text} <{url}>")
    }
}

impl Backend for __Type__ {
    fn name(&self) -> &'static str {
        "__name__"
    }

    fn description(&self) -> &'static str {
        "__name__ (cv.__name__)"
    }

    fn file_names(&self, basename: &str) -> Vec<String> {
        vec![format!("{basename}.__name__")]
    }

    fn default_templates(&self) -> &'static [(&'static str, &'static str)] {
        TEMPLATES
    }

    fn render(&self, doc: &Document, options: &Options) -> anyhow::Result<Rendered> {
        // Values are escaped when the view is built; the template inserts them as they are.
        let hb = engine::registry(TEMPLATES, &options.templates, engine::verbatim)?;
        let view = view::Builder::with_options(doc, &__Type__Markup, options).build();
        let text = hb.render("cv.__name__", &view).context("rendering cv.__name__")?;
        Ok(Rendered::single(format!("{}.__name__", options.basename), text))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_the_minimal_example() {
        let src = include_str!("../../../examples/minimal.ron");
        let doc = vita_model::load(src).document.expect("the example is valid");
        let out = __Type__.render(&doc, &Options::default()).unwrap();
        let text = String::from_utf8(out.files[0].bytes.clone()).unwrap();
        assert!(text.starts_with("Ada Lovelace\n"), "{text}");
        assert!(text.contains("Analytical Engine Project"), "{text}");
    }
}
