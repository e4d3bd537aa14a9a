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
    // Helpers, one per small function, all registered here. Both work on the
    // view's strings, which are escaped already: use them in formats whose
    // escaping leaves letters alone (text), not inside HTML entities.
    hb.register_helper("upper", Box::new(upper));
    hb.register_helper("rule", Box::new(rule));
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
