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
        // A template that embeds itself (or two that embed each other) stops
        // with an error at MAX_EMBED levels instead of exhausting the stack.
        let depth = EMBED_DEPTH.with(|d| {
            d.set(d.get() + 1);
            d.get()
        });
        let result = if depth > MAX_EMBED {
            Err(RenderErrorReason::Other(format!("templates embed each other more than {MAX_EMBED} deep (does `{name}` embed itself?)"))
                .into())
        } else {
            template.render(r, ctx, rc, out)
        };
        EMBED_DEPTH.with(|d| d.set(d.get() - 1));
        result
    }
}

/// How deep `{{embed}}` may nest.
pub const MAX_EMBED: usize = 32;

thread_local! {
    static EMBED_DEPTH: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
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

/// Refuses templates that include each other in a cycle (`a` includes `b`,
/// `b` includes `a`, or an inline partial that includes itself): rendering
/// them would recurse until the stack is exhausted. Found by reading the
/// templates, before anything is rendered. A partial named by an
/// expression (`{{> (lookup ...)}}`) cannot be followed and is refused.
pub fn check_inclusions(templates: &[(&str, &str)]) -> anyhow::Result<()> {
    use std::collections::BTreeMap;
    // Edges by node: a template (`body`) or an inline partial (`body/x`).
    let mut edges: BTreeMap<String, Vec<String>> = BTreeMap::new();
    let key = |name: &str| name.strip_suffix(".hbs").unwrap_or(name).to_string();
    for (file, text) in templates {
        let template = key(file);
        let mut inline_names = Vec::new();
        let mut scope: Vec<String> = vec![template.clone()];
        let mut raw: Vec<(String, String)> = Vec::new();
        let mut rest = *text;
        while let Some(at) = rest.find("{{") {
            rest = &rest[at + 2..];
            let tag = rest.trim_start_matches(['~', '{']).trim_start();
            let word = |t: &str| -> String {
                let t = t.trim_start();
                let t = t.strip_prefix('"').unwrap_or(t);
                t.split(|c: char| c.is_whitespace() || matches!(c, '"' | '}' | '~' | ')')).next().unwrap_or("").to_string()
            };
            if let Some(t) = tag.strip_prefix("#*inline") {
                let n = word(t);
                inline_names.push(n.clone());
                scope.push(format!("{template}/{n}"));
            } else if tag.starts_with("/inline") {
                if scope.len() > 1 {
                    scope.pop();
                }
            } else if let Some(t) = tag.strip_prefix("#>").or_else(|| tag.strip_prefix('>')) {
                if t.trim_start().starts_with('(') {
                    bail!("in the template `{file}`: a partial named by an expression cannot be checked; name it");
                }
                raw.push((scope.last().cloned().unwrap_or_default(), word(t)));
            } else if let Some(t) = tag.strip_prefix("embed") {
                raw.push((scope.last().cloned().unwrap_or_default(), word(t)));
            }
        }
        for (from, to) in raw {
            let to = if inline_names.contains(&to) { format!("{template}/{to}") } else { key(&to) };
            // Whatever an inline partial includes, its template may include.
            if from != template {
                edges.entry(template.clone()).or_default().push(to.clone());
            }
            edges.entry(from).or_default().push(to);
        }
    }
    // Depth-first search for a cycle, in name order (the message is deterministic).
    fn visit(n: &str, edges: &BTreeMap<String, Vec<String>>, path: &mut Vec<String>, done: &mut Vec<String>) -> Option<Vec<String>> {
        if let Some(i) = path.iter().position(|p| p == n) {
            let mut cycle = path[i..].to_vec();
            cycle.push(n.to_string());
            return Some(cycle);
        }
        if done.iter().any(|d| d == n) {
            return None;
        }
        path.push(n.to_string());
        for next in edges.get(n).into_iter().flatten() {
            if let Some(c) = visit(next, edges, path, done) {
                return Some(c);
            }
        }
        path.pop();
        done.push(n.to_string());
        None
    }
    let mut done = Vec::new();
    for n in edges.keys() {
        if let Some(cycle) = visit(n, &edges, &mut Vec::new(), &mut done) {
            bail!("the templates include each other in a cycle: {}", cycle.join(" → "));
        }
    }
    Ok(())
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
    let texts: Vec<(&str, &str)> =
        defaults.iter().map(|(name, text)| (*name, overrides.get(*name).map(String::as_str).unwrap_or(text))).collect();
    check_inclusions(&texts)?;
    for (name, text) in defaults {
        let text = overrides.get(*name).map(String::as_str).unwrap_or(text);
        let key = name.strip_suffix(".hbs").unwrap_or(name);
        hb.register_template_string(key, text).with_context(|| format!("in the template `{name}`"))?;
    }
    Ok(hb)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cycles_of_inclusion_are_refused() {
        let ok = check_inclusions(&[
            ("cv.txt.hbs", "{{> body}} {{embed \"section.txt\"}}"),
            ("body.hbs", "x"),
            ("section.txt.hbs", "{{> body}}"),
        ]);
        assert!(ok.is_ok(), "{ok:?}");
        let two = check_inclusions(&[("body.hbs", "{{> section.txt}}"), ("section.txt.hbs", "{{~> body}}")]).unwrap_err();
        assert_eq!(two.to_string(), "the templates include each other in a cycle: body → section.txt → body");
        let own = check_inclusions(&[("cv.html.hbs", "{{embed \"cv.html\"}}")]).unwrap_err();
        assert_eq!(own.to_string(), "the templates include each other in a cycle: cv.html → cv.html");
        let inline = check_inclusions(&[("cv.md.hbs", "{{#*inline \"x\"}}{{> x}}{{/inline}}{{> x}}")]).unwrap_err();
        assert_eq!(inline.to_string(), "the templates include each other in a cycle: cv.md/x → cv.md/x");
        let dynamic = check_inclusions(&[("cv.md.hbs", "{{> (lookup this \"p\")}}")]).unwrap_err();
        assert!(dynamic.to_string().contains("named by an expression"), "{dynamic}");
    }
}
