//! A Handlebars registry set up for one format: its escaping hook, its
//! default templates, and the user's overrides of them.

use std::collections::BTreeMap;

use anyhow::{bail, Context};
use handlebars::Handlebars;
use vita_model::budget::{Exceeded, TEMPLATE_DEPTH, TEMPLATE_OUTPUT_BYTES, TEMPLATE_STEPS};

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
        step(1)?;
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
/// not held twice. The rendering keeps two budgets: it writes at most
/// [`TEMPLATE_OUTPUT_BYTES`] and takes at most [`TEMPLATE_STEPS`] steps
/// (a block helper's call, an item of `{{#each}}`), so a template that
/// loops over lists inside lists stops with a message.
pub fn render<T: serde::Serialize>(hb: &Handlebars<'_>, name: &str, data: T) -> anyhow::Result<String> {
    let value = serde_json::to_value(&data).with_context(|| format!("preparing the data of `{name}`"))?;
    drop(data);
    let context = handlebars::Context::from(value);
    STEPS.with(|s| s.set(0));
    OVER.with(|o| o.set(false));
    let mut out = Bounded(Vec::with_capacity(8 * 1024));
    hb.render_with_context_to_write(name, &context, &mut out).map_err(|e| {
        if e.reason().to_string().contains(BOUNDED) {
            let most = LIMITS.with(|l| l.get().1);
            return anyhow::Error::new(Exceeded(format!("rendering {name}: the template writes more than {most} bytes")));
        }
        // Handlebars' message holds its reason; the reason is not repeated.
        let message = format!("rendering {name}: {e}");
        if OVER.with(std::cell::Cell::get) {
            anyhow::Error::new(Exceeded(message))
        } else {
            anyhow::anyhow!(message)
        }
    })?;
    String::from_utf8(out.0).context("the template wrote text that is not UTF-8")
}

/// What a writer says past [`TEMPLATE_OUTPUT_BYTES`].
const BOUNDED: &str = "vita's output budget";

/// A buffer that refuses to grow past [`TEMPLATE_OUTPUT_BYTES`].
struct Bounded(Vec<u8>);

impl std::io::Write for Bounded {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        if self.0.len() + buf.len() > LIMITS.with(|l| l.get().1) {
            return Err(std::io::Error::other(BOUNDED));
        }
        self.0.extend_from_slice(buf);
        Ok(buf.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

thread_local! {
    static STEPS: std::cell::Cell<u64> = const { std::cell::Cell::new(0) };
    /// Whether this rendering ran out of steps.
    static OVER: std::cell::Cell<bool> = const { std::cell::Cell::new(false) };
    /// The budgets in force on this thread: vita's, or a test's smaller ones.
    static LIMITS: std::cell::Cell<(u64, usize)> = const { std::cell::Cell::new((TEMPLATE_STEPS, TEMPLATE_OUTPUT_BYTES)) };
}

/// The budgets in force on this thread: steps, bytes.
pub(crate) fn limits() -> (u64, usize) {
    LIMITS.with(std::cell::Cell::get)
}

/// Counts `n` steps of the rendering on this thread; an error past the budget.
fn step(n: u64) -> Result<(), handlebars::RenderError> {
    let total = STEPS.with(|s| {
        let t = s.get().saturating_add(n);
        s.set(t);
        t
    });
    let most = LIMITS.with(|l| l.get().0);
    if total > most {
        OVER.with(|o| o.set(true));
        return Err(handlebars::RenderErrorReason::Other(format!(
            "the template takes more than {most} steps (an `{{{{#each}}}}` inside an `{{{{#each}}}}` over long lists?)"
        ))
        .into());
    }
    Ok(())
}

/// `{{#each}}`, counting its steps: one for the call and one per item
/// (Handlebars' own helper cannot be wrapped, as the crate keeps it
/// private). It does what Handlebars' does: over a list or a map, `this`
/// each item, `@index`, `@first`, `@last`, `@key` for a map, block
/// parameters (`as |item key|`), and `{{else}}` for an empty or missing one.
struct Each;

impl handlebars::HelperDef for Each {
    fn call<'reg: 'rc, 'rc>(
        &self,
        h: &handlebars::Helper<'rc>,
        r: &'reg Handlebars<'reg>,
        ctx: &'rc handlebars::Context,
        rc: &mut handlebars::RenderContext<'reg, 'rc>,
        out: &mut dyn handlebars::Output,
    ) -> handlebars::HelperResult {
        use handlebars::{BlockContext, BlockParams, RenderErrorReason, Renderable};
        use serde_json::Value;
        let value = h.param(0).ok_or(RenderErrorReason::ParamNotFoundForIndex("each", 0))?;
        let Some(template) = h.template() else { return Ok(()) };
        let items: Vec<(Value, &Value)> = match value.value() {
            Value::Array(list) => list.iter().enumerate().map(|(i, v)| (Value::from(i), v)).collect(),
            Value::Object(map) => map.iter().map(|(k, v)| (Value::from(k.as_str()), v)).collect(),
            _ => Vec::new(),
        };
        step(1 + items.len() as u64)?;
        if items.is_empty() {
            if let Some(inverse) = h.inverse() {
                return inverse.render(r, ctx, rc, out);
            }
            if r.strict_mode() && !value.value().is_array() && !value.value().is_object() {
                return Err(handlebars::RenderError::strict_error(value.relative_path()));
            }
            return Ok(());
        }
        let is_map = value.value().is_object();
        let path = value.context_path().cloned();
        let mut block = BlockContext::new();
        match &path {
            Some(p) => block.base_path_mut().clone_from(p),
            None => block.set_base_value(value.value().clone()),
        }
        rc.push_block(block);
        let last = items.len() - 1;
        for (i, (key, item)) in items.iter().enumerate() {
            if let Some(block) = rc.block_mut() {
                block.set_local_var("first", Value::from(i == 0));
                block.set_local_var("last", Value::from(i == last));
                block.set_local_var("index", Value::from(i));
                if is_map {
                    block.set_local_var("key", key.clone());
                }
                let segment = match key {
                    Value::String(k) => k.clone(),
                    k => k.to_string(),
                };
                match &path {
                    Some(p) => {
                        let mut here = p.clone();
                        here.push(segment);
                        *block.base_path_mut() = here;
                    }
                    None => block.set_base_value((*item).clone()),
                }
                let mut params = BlockParams::new();
                let mut any = false;
                if let Some(name) = h.block_param() {
                    any = true;
                    match &path {
                        Some(_) => params.add_path(name, Vec::new())?,
                        None => params.add_value(name, (*item).clone())?,
                    }
                } else if let Some((name, key_name)) = h.block_param_pair() {
                    any = true;
                    match &path {
                        Some(_) => params.add_path(name, Vec::new())?,
                        None => params.add_value(name, (*item).clone())?,
                    }
                    params.add_value(key_name, key.clone())?;
                }
                if any {
                    block.set_block_params(params);
                }
            }
            template.render(r, ctx, rc, out)?;
        }
        rc.pop_block();
        Ok(())
    }
}

/// How deep blocks and sub-expressions nest in a template, read from its
/// text: `{{#...}}` and `{{^...}}` open a block, `{{/...}}` closes one,
/// and `(` inside a tag opens a sub-expression.
pub fn nesting(text: &str) -> usize {
    let (mut depth, mut most) = (0usize, 0usize);
    let mut rest = text;
    while let Some(at) = rest.find("{{") {
        rest = rest.get(at + 2..).unwrap_or_default();
        let tag = rest.trim_start_matches(['{', '~']).trim_start();
        match tag.as_bytes().first() {
            Some(b'#' | b'^') if !tag.starts_with("^}") && !tag.starts_with("#>") => depth += 1,
            Some(b'/') => depth = depth.saturating_sub(1),
            _ => {}
        }
        let inner = rest.get(..rest.find("}}").unwrap_or(rest.len())).unwrap_or_default();
        let mut parens = 0usize;
        for c in inner.bytes() {
            match c {
                b'(' => {
                    parens += 1;
                    most = most.max(depth + parens);
                }
                b')' => parens = parens.saturating_sub(1),
                _ => {}
            }
        }
        most = most.max(depth);
    }
    most
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

/// Compiled template sets kept at once (every format's defaults, and a
/// few sets of the user's).
const MAX_CACHED: usize = 32;

/// The compiled template sets: their texts, escape function and registry.
type Cache = Vec<(String, usize, std::sync::Arc<Handlebars<'static>>)>;
static CACHE: std::sync::Mutex<Cache> = std::sync::Mutex::new(Vec::new());

/// A registry for a format's templates (its defaults, with the user's
/// overrides of them) and escape function: compiled once per process, then
/// shared (a build of several targets, or of many CVs, compiles each
/// format's templates once).
pub fn registry(
    defaults: &[(&str, &str)],
    overrides: &BTreeMap<String, String>,
    escape: fn(&str) -> String,
) -> anyhow::Result<std::sync::Arc<Handlebars<'static>>> {
    let mut key = String::new();
    for (name, text) in defaults {
        let text = overrides.get(*name).map(String::as_str).unwrap_or(text);
        key.push_str(&format!("{}:{}:", name.len(), text.len()));
        key.push_str(name);
        key.push_str(text);
    }
    for name in overrides.keys() {
        key.push_str(&format!("{}:", name.len()));
        key.push_str(name);
    }
    let escape_id = escape as usize;
    if let Some((_, _, hb)) = CACHE.lock().unwrap_or_else(|e| e.into_inner()).iter().find(|(k, e, _)| *e == escape_id && *k == key) {
        return Ok(hb.clone());
    }
    let hb = std::sync::Arc::new(compile(defaults, overrides, escape)?);
    let mut cache = CACHE.lock().unwrap_or_else(|e| e.into_inner());
    // A long `vita watch` over edited templates compiles a new set at each
    // save: the oldest sets go, so memory stays flat.
    if cache.len() >= MAX_CACHED {
        cache.remove(0);
    }
    cache.push((key, escape_id, hb.clone()));
    Ok(hb)
}

/// Builds a registry. A user file with the same name as a default replaces
/// it. Names are registered without their `.hbs` suffix, so `entry.hbs` is
/// the partial `{{> entry}}`. Each template is compiled in pieces
/// (see `pieces` below): Handlebars' parser takes time that grows with the square
/// of a template's length. [`registry`] keeps what this makes; this
/// compiles every time (for benchmarks).
pub fn compile(
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
    hb.register_helper("each", Box::new(Each));
    for (name, _) in overrides.iter() {
        if !defaults.iter().any(|(d, _)| d == name) {
            let known: Vec<&str> = defaults.iter().map(|(d, _)| *d).collect();
            bail!("the template `{name}` is not one of this format's templates ({})", known.join(", "));
        }
    }
    let texts: Vec<(&str, &str)> =
        defaults.iter().map(|(name, text)| (*name, overrides.get(*name).map(String::as_str).unwrap_or(text))).collect();
    for (name, text) in &texts {
        let depth = nesting(text);
        if depth > TEMPLATE_DEPTH {
            return Err(Exceeded(format!(
                "in the template `{name}`: blocks and sub-expressions nest {depth} deep, over the limit of {TEMPLATE_DEPTH}"
            ))
            .into());
        }
    }
    check_inclusions(&texts)?;
    let keys: Vec<&str> = texts.iter().map(|(name, _)| name.strip_suffix(".hbs").unwrap_or(name)).collect();
    // Inline partials go out as templates of their own when their names are
    // not taken (by a template, or by an inline partial of another).
    let mut inline_names: Vec<String> = Vec::new();
    let mut split: Vec<(&str, Split)> = Vec::new();
    for ((_, text), key) in texts.iter().zip(&keys) {
        let s = extract_inlines(text);
        inline_names.extend(s.inlines.iter().map(|(n, _)| n.clone()));
        split.push((key, s));
    }
    for ((name, text), (key, s)) in texts.iter().zip(&split) {
        let movable = |n: &str| !keys.contains(&n) && inline_names.iter().filter(|m| m.as_str() == n).count() == 1;
        let whole = s.inlines.iter().any(|(n, _)| !movable(n));
        let result = if whole {
            register_pieces(&mut hb, key, text)
        } else {
            s.inlines
                .iter()
                .try_for_each(|(n, body)| register_pieces(&mut hb, n, body))
                .and_then(|()| register_pieces(&mut hb, key, &s.rest))
        };
        if result.is_err() {
            // A mistake in the template: compiled whole, so the message
            // points into the file as written.
            hb.register_template_string(key, *text).with_context(|| format!("in the template `{name}`"))?;
            result.with_context(|| format!("in the template `{name}`"))?;
        }
    }
    Ok(hb)
}

/// How big a piece of template is compiled at once, in bytes (about).
const PIECE: usize = 384;

/// Registers a template as pieces of about [`PIECE`] bytes, each a template
/// `NAME#i`, and `NAME` as the template that embeds them in turn; a short
/// template, or one without a place to cut, as it is.
fn register_pieces(hb: &mut Handlebars<'static>, name: &str, text: &str) -> Result<(), handlebars::TemplateError> {
    let parts = pieces(text);
    if parts.len() <= 1 {
        return hb.register_template_string(name, text);
    }
    let mut whole = String::new();
    for (i, p) in parts.iter().enumerate() {
        let piece = format!("{name}#{i}");
        hb.register_template_string(&piece, *p)?;
        whole.push_str(&format!("{{{{embed \"{}\"}}}}", piece.replace('\\', "\\\\").replace('"', "\\\"")));
    }
    hb.register_template_string(name, whole)
}

/// A template's text with its inline partials taken out.
struct Split {
    /// The text without them.
    rest: String,
    /// The inline partials: name and body.
    inlines: Vec<(String, String)>,
}

/// One `{{...}}` tag: where it starts and ends, and what it does to nesting.
struct Tag {
    start: usize,
    end: usize,
    kind: TagKind,
}

#[derive(PartialEq, Eq)]
enum TagKind {
    /// `{{#...}}`, `{{^x}}`, `{{#*inline}}`: a block opens.
    Open,
    /// `{{/...}}`: a block closes.
    Close,
    /// Anything else (an expression, `{{else}}`, a partial, a comment).
    Other,
}

/// The tags of a template, or `None` for a text this scanner does not
/// follow (a raw block `{{{{`, an unclosed tag): such a text is compiled whole.
fn tags(text: &str) -> Option<Vec<Tag>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while let Some(at) = text[i..].find("{{") {
        let start = i + at;
        if text[start..].starts_with("{{{{") {
            return None;
        }
        let end = if text[start..].starts_with("{{!--") {
            start + text[start..].find("--}}")? + 4
        } else if text[start..].starts_with("{{!") {
            start + text[start..].find("}}")? + 2
        } else {
            // The closing braces, outside string literals.
            let mut j = start + 2;
            let mut quote: Option<u8> = None;
            loop {
                let c = *b.get(j)?;
                match quote {
                    Some(q) if c == q => quote = None,
                    Some(_) => {}
                    None if c == b'"' || c == b'\'' => quote = Some(c),
                    None if c == b'}' && b.get(j + 1) == Some(&b'}') => break,
                    None => {}
                }
                j += 1;
            }
            let mut end = j + 2;
            if b.get(end) == Some(&b'}') {
                end += 1;
            }
            end
        };
        let inner = text[start + 2..end].trim_start_matches('{').trim_start_matches('~').trim_start();
        let kind = if inner.starts_with('#') {
            TagKind::Open
        } else if inner.starts_with('/') {
            TagKind::Close
        } else if let Some(r) = inner.strip_prefix('^') {
            // `{{^}}` alone is `else`; `{{^name}}` opens an inverse block.
            if r.trim_start().trim_start_matches('~').starts_with('}') {
                TagKind::Other
            } else {
                TagKind::Open
            }
        } else {
            TagKind::Other
        };
        out.push(Tag { start, end, kind });
        i = end;
    }
    Some(out)
}

/// The start of the line `at` is on, and the end of it (after its `\n`).
fn line_around(text: &str, start: usize, end: usize) -> (usize, usize) {
    let from = text[..start].rfind('\n').map_or(0, |n| n + 1);
    let to = text[end..].find('\n').map_or(text.len(), |n| end + n + 1);
    (from, to)
}

/// Whether a tag stands alone on its line (only blanks beside it).
fn alone(text: &str, t: &Tag) -> bool {
    let (from, to) = line_around(text, t.start, t.end);
    text[from..t.start].trim().is_empty() && text[t.end..to].trim().is_empty()
}

/// Takes out the inline partials defined at the top of a template, where
/// both their tags stand alone on their lines (so the lines go as
/// Handlebars would drop them).
fn extract_inlines(text: &str) -> Split {
    let whole = || Split { rest: text.to_string(), inlines: Vec::new() };
    let Some(tags) = tags(text) else { return whole() };
    let mut inlines = Vec::new();
    let mut rest = String::new();
    let mut copied = 0;
    let mut depth = 0usize;
    let mut open: Option<(usize, String)> = None;
    for (k, t) in tags.iter().enumerate() {
        match t.kind {
            TagKind::Open => {
                let inner = text[t.start + 2..t.end - 2].trim_start_matches('~').trim_start();
                if depth == 0 && inner.starts_with("#*inline") && alone(text, t) {
                    let name = inner["#*inline".len()..].trim().trim_end_matches('~').trim();
                    if let Some(n) = name.strip_prefix('"').and_then(|n| n.strip_suffix('"')).filter(|n| !n.contains(['"', '\\', '#'])) {
                        open = Some((k, n.to_string()));
                    }
                }
                depth += 1;
            }
            TagKind::Close => {
                depth = depth.saturating_sub(1);
                if depth == 0 {
                    if let Some((o, name)) = open.take() {
                        let inner = text[t.start + 2..t.end - 2].trim_start_matches('~').trim();
                        if inner.trim_start_matches('/').trim().trim_end_matches('~').trim() == "inline" && alone(text, t) {
                            let (o_from, o_to) = line_around(text, tags[o].start, tags[o].end);
                            let (c_from, c_to) = line_around(text, t.start, t.end);
                            inlines.push((name, text[o_to..c_from].to_string()));
                            rest.push_str(&text[copied..o_from]);
                            copied = c_to;
                        }
                    }
                }
            }
            TagKind::Other => {}
        }
    }
    if depth != 0 {
        return whole();
    }
    rest.push_str(&text[copied..]);
    Split { rest, inlines }
}

/// A template cut into consecutive pieces of about [`PIECE`] bytes, at line
/// ends outside any block, where no whitespace control (`~`) reaches
/// across: rendered one after another in the same context they give what
/// the whole gives.
fn pieces(text: &str) -> Vec<&str> {
    if text.len() <= PIECE {
        return vec![text];
    }
    let Some(tags) = tags(text) else { return vec![text] };
    // Depth at each line end: walk tags and newlines together.
    let mut cuts = Vec::new();
    let mut depth = 0usize;
    let mut t = 0;
    let mut last = 0;
    for (i, _) in text.match_indices('\n') {
        while t < tags.len() && tags[t].start < i {
            match tags[t].kind {
                TagKind::Open => depth += 1,
                TagKind::Close => depth = depth.saturating_sub(1),
                TagKind::Other => {}
            }
            t += 1;
        }
        // Inside a tag (a newline within `{{ ... }}`): no cut.
        if t > 0 && tags[t - 1].end > i {
            continue;
        }
        let cut = i + 1;
        if depth != 0 || cut - last < PIECE || cut >= text.len() {
            continue;
        }
        let before = text[..cut].trim_end();
        let after = text[cut..].trim_start();
        if before.ends_with("~}}") || before.ends_with("~}}}") || after.starts_with("{{~") || after.starts_with("{{{~") {
            continue;
        }
        cuts.push(cut);
        last = cut;
    }
    let mut out = Vec::new();
    let mut from = 0;
    for c in cuts {
        out.push(&text[from..c]);
        from = c;
    }
    out.push(&text[from..]);
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Renders `main` of a set of templates, compiled in pieces and whole.
    fn both(templates: &[(&str, &str)], data: serde_json::Value) -> (String, String) {
        let pieces = compile(templates, &BTreeMap::new(), verbatim).unwrap();
        let mut whole = Handlebars::new();
        whole.register_escape_fn(verbatim);
        whole.register_helper("embed", Box::new(Embed));
        for (n, t) in templates {
            whole.register_template_string(n.strip_suffix(".hbs").unwrap_or(n), *t).unwrap();
        }
        (pieces.render("main", &data).unwrap(), whole.render("main", &data).unwrap())
    }

    #[test]
    fn templates_in_pieces_render_as_whole_ones() {
        let line = "{{#if a}}A {{a}}{{/if}} and some text to make the line long enough\n";
        let mut t = String::from("{{#*inline \"row\"}}\n  <li>{{this}}</li>\n{{/inline}}\n");
        for i in 0..20 {
            t.push_str(&format!("{i}: {line}"));
            if i % 5 == 0 {
                t.push_str("{{#each list}}\n{{embed \"row\"}}\n{{/each}}\n");
            }
            if i % 7 == 0 {
                t.push_str("   {{~x~}}   \n\n  {{~x}} tail {{! a comment }}\n{{!-- a }} longer one --}}\n");
            }
        }
        assert!(pieces(&t).len() > 1 || t.len() <= PIECE);
        let data = serde_json::json!({"a": "1", "x": "X", "list": ["p", "q"]});
        let (p, w) = both(&[("main.hbs", &t)], data);
        assert_eq!(p, w);
        // Nothing cut where `~` reaches across a line end.
        for piece in pieces(&t) {
            assert!(!piece.trim_start().starts_with("{{~"), "{piece:?}");
        }
    }

    /// vita's `each` (which counts steps) renders what Handlebars' own does.
    #[test]
    fn each_renders_as_handlebars_each() {
        let t = "{{#each list}}[{{@index}}{{#if @first}}F{{/if}}{{#if @last}}L{{/if}} {{this.n}} {{../top}}]{{/each}}\n\
                 {{#each map}}({{@key}}={{this}} {{@index}}){{/each}}\n\
                 {{#each list as |item i|}}<{{i}}:{{item.n}}>{{/each}}\n\
                 {{#each map as |v k|}}<{{k}}:{{v}}>{{/each}}\n\
                 {{#each empty}}x{{else}}none{{/each}} {{#each missing}}x{{else}}gone{{/each}} {{#each empty}}x{{/each}}|\n\
                 {{#each nested}}{{#each this}}{{this}}{{@index}}{{/each}};{{/each}}\n\
                 {{#each (lookup this \"list\")}}{{n}}{{/each}}\n";
        let data = serde_json::json!({
            "top": "T", "list": [{"n": 1}, {"n": 2}, {"n": 3}], "map": {"b": 2, "a": 1}, "empty": [],
            "nested": [["x", "y"], [], ["z"]]
        });
        let (ours, theirs) = both(&[("main.hbs", t)], data);
        assert_eq!(ours, theirs);
        assert!(ours.starts_with("[0F 1 T][1 2 T][2L 3 T]\n(b=2 0)(a=1 1)\n<0:1><1:2><2:3>\n<b:2><a:1>\nnone gone |"), "{ours}");
    }

    /// Every budget of a template, at its limit and past it.
    #[test]
    fn nesting_steps_and_output_are_bounded() {
        let nested = |n: usize| format!("{}x{}", "{{#if a}}".repeat(n), "{{/if}}".repeat(n));
        assert!(compile(&[("main.hbs", &nested(TEMPLATE_DEPTH))], &BTreeMap::new(), verbatim).is_ok());
        let e = compile(&[("main.hbs", &nested(TEMPLATE_DEPTH + 1))], &BTreeMap::new(), verbatim).unwrap_err();
        assert_eq!(e.to_string(), "in the template `main.hbs`: blocks and sub-expressions nest 33 deep, over the limit of 32");
        assert!(e.downcast_ref::<Exceeded>().is_some(), "a budget reached is bad input");
        let parens = format!("{{{{x {}y{}}}}}", "(lookup ".repeat(40), ")".repeat(40));
        let e = compile(&[("main.hbs", &parens)], &BTreeMap::new(), verbatim).unwrap_err();
        assert_eq!(e.to_string(), "in the template `main.hbs`: blocks and sub-expressions nest 40 deep, over the limit of 32");

        // Steps: one for each `each`, one per item. Over 10 items, an `each`
        // inside an `each` takes 1 + 10 + 10 * (1 + 10) = 121.
        let hb = compile(&[("main.hbs", "{{#each a}}{{#each ../a}}.{{/each}}{{/each}}")], &BTreeMap::new(), verbatim).unwrap();
        let data = || serde_json::json!({"a": (0..10).collect::<Vec<_>>()});
        LIMITS.with(|l| l.set((121, 1000)));
        assert_eq!(render(&hb, "main", data()).unwrap().len(), 100);
        LIMITS.with(|l| l.set((120, 1000)));
        let e = render(&hb, "main", data()).unwrap_err();
        assert_eq!(
            format!("{e:#}"),
            "rendering main: Error rendering \"main\" line 1, col 12: the template takes more than 120 steps (an `{{#each}}` inside an `{{#each}}` over long lists?)"
        );
        assert!(e.downcast_ref::<Exceeded>().is_some());
        // Output: exactly the budget is written, a byte more is refused.
        LIMITS.with(|l| l.set((1000, 100)));
        assert_eq!(render(&hb, "main", data()).unwrap().len(), 100);
        LIMITS.with(|l| l.set((1000, 99)));
        let e = render(&hb, "main", data()).unwrap_err();
        assert_eq!(e.to_string(), "rendering main: the template writes more than 99 bytes");
        LIMITS.with(|l| l.set((TEMPLATE_STEPS, TEMPLATE_OUTPUT_BYTES)));
    }

    /// Each edit of a template (`vita watch`) compiles a new set; the cache
    /// keeps a bounded number.
    #[test]
    fn the_cache_of_compiled_templates_is_bounded() {
        for i in 0..(MAX_CACHED + 10) {
            let overrides = BTreeMap::from([("main.hbs".to_string(), format!("edit {i}"))]);
            let hb = registry(&[("main.hbs", "x")], &overrides, verbatim).unwrap();
            assert_eq!(hb.render("main", &()).unwrap(), format!("edit {i}"));
        }
        assert!(CACHE.lock().unwrap().len() <= MAX_CACHED);
    }

    #[test]
    fn a_mistake_is_reported_against_the_whole_template() {
        let mut t = "ok {{x}}\n".repeat(100);
        t.push_str("{{#if}}\n");
        let e = compile(&[("main.hbs", &t)], &BTreeMap::new(), verbatim).unwrap_err();
        let text = format!("{e:#}");
        assert!(text.starts_with("in the template `main.hbs`"), "{text}");
        assert!(text.contains("\"main\":102:1"), "the line in the whole file: {text}");
    }

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
