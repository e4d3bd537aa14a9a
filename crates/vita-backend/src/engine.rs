//! A Handlebars registry set up for one format: its escaping hook, its
//! default templates, and the user's overrides of them.

use std::collections::BTreeMap;

use anyhow::{bail, Context};
use handlebars::Handlebars;

mod helpers {
    #![allow(missing_docs, reason = "the macro makes public structs for private helpers")]
    use handlebars::handlebars_helper;
    handlebars_helper!(upper: |s: String| s.to_uppercase());
    handlebars_helper!(rule: |s: String, c: String| c.repeat(s.chars().count()));
}
use helpers::{rule, upper};

/// `{{embed "body"}}`: renders a partial (an inline one, or a template of
/// the format) in the current context. Unlike `{{> body}}`, which copies
/// its context first, this copies nothing, so a section of 10,000 entries
/// costs what its entries cost.
struct Embed;

impl handlebars::HelperDef for Embed {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &handlebars::Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc handlebars::Context,
        rc: &mut handlebars::RenderContext<'reg, 'rc>,
        out: &mut dyn handlebars::Output,
    ) -> handlebars::HelperResult {
        use handlebars::{RenderErrorReason, Renderable};
        let name = h.param(0).and_then(|p| p.value().as_str()).ok_or(RenderErrorReason::ParamNotFoundForIndex("embed", 0))?;
        let template =
            rc.get_partial(name).or_else(|| r.get_template(name)).ok_or_else(|| RenderErrorReason::PartialNotFound(name.to_string()))?;
        template.render(r, ctx, rc, out)
    }
}

/// The escape function for formats whose view is escaped already: text
/// goes into the output as it is.
pub fn verbatim(text: &str) -> String {
    text.to_string()
}

/// Renders a template with data it takes: the data becomes the template
/// context (a JSON value) and is dropped before rendering, so a large CV is
/// not held twice.
pub fn render<T: serde::Serialize>(hb: &Handlebars<'_>, name: &str, data: T) -> anyhow::Result<String> {
    let value = serde_json::to_value(&data).with_context(|| format!("preparing the data of `{name}`"))?;
    drop(data);
    let context = handlebars::Context::from(value);
    hb.render_with_context(name, &context).with_context(|| format!("rendering {name}"))
}

/// Builds a registry. Templates are compiled once, here; a user file with the
/// same name as a default replaces it. Names are registered without their
/// `.hbs` suffix, so `entry.hbs` is the partial `{{> entry}}`.
pub fn registry(
    defaults: &[(&str, &str)],
    overrides: &BTreeMap<String, String>,
    escape: fn(&str) -> String,
) -> anyhow::Result<Handlebars<'static>> {
    let mut hb = Handlebars::new();
    hb.set_strict_mode(false);
    hb.register_escape_fn(escape);
    // Helpers, one per small function, all registered here. `upper` and
    // `rule` work on the view's strings, which are escaped already: use them
    // in formats whose escaping leaves letters alone (text), not inside HTML
    // entities. `embed` includes a partial without copying its context.
    hb.register_helper("upper", Box::new(upper));
    hb.register_helper("rule", Box::new(rule));
    hb.register_helper("embed", Box::new(Embed));
    for (name, _) in overrides.iter() {
        if !defaults.iter().any(|(d, _)| d == name) {
            let known: Vec<&str> = defaults.iter().map(|(d, _)| *d).collect();
            bail!("the template `{name}` is not one of this format's templates ({})", known.join(", "));
        }
    }
    for (name, text) in defaults {
        let text = overrides.get(*name).map(String::as_str).unwrap_or(text);
        let key = name.strip_suffix(".hbs").unwrap_or(name);
        hb.register_template_string(key, text).with_context(|| format!("in the template `{name}`"))?;
    }
    Ok(hb)
}
