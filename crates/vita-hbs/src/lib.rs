//! Translates vita's default templates from Handlebars into Rust, for a
//! backend's build script.
//!
//! The templates stay the one source: the `.hbs` files the Handlebars
//! engine reads for a user's own templates. Handlebars' own parser reads
//! them here (so whitespace control and stand-alone lines come out as the
//! engine has them), and each element becomes Rust that renders straight
//! from the view's types through `vita_view::compiled`: a field is read by
//! its name (`v.title`, the compiler finds the type), `{{#each}}` is a loop
//! over the list, `{{#if}}` Handlebars' truth of the value, partials and
//! `{{embed}}` are written in place. What the translator does not take (a
//! helper it does not know, block parameters, a partial written indented,
//! `../`) stops the build with the template's line and column; a field the
//! view does not have stops it as a compiler error in the generated code,
//! whose comments name the template line.
//!
//! The subset: text, comments, `{{path}}` and `{{{path}}}` (`this`, `@root`,
//! `@index`, `@first`, `@last`, a list item `[5]`, a map key after a field
//! named as a map), `#if`/`#unless` with `{{else}}` and `{{else if}}`,
//! `#each` (with `{{else}}`), `#with`, `{{> partial}}`, `{{embed "name"}}`,
//! `#*inline` partials at the top of a template, and the helpers `upper`,
//! `rule` and `lookup`.

use std::fmt::Write as _;

mod script;
pub use script::build_script;

use handlebars::template::{DecoratorTemplate, HelperTemplate, Parameter, Template as Parsed, TemplateElement as El};

/// A template and the texts it is compiled for: the backend's default
/// first, then the built-in themes' files of the same name.
pub struct Template {
    /// Its file name (`cv.typ.hbs`, `style.css`).
    pub name: String,
    /// Each text, with the path the build script read it from (relative
    /// to the crate's manifest, for `include_str!` and messages).
    pub variants: Vec<(String, String)>,
}

/// A function to write: the template it renders and the Rust type of its data.
pub struct Entry {
    /// The template's name without `.hbs` (`cv.typ`).
    pub template: String,
    /// The function's name.
    pub function: String,
    /// The type of its data (`super::TypstPage<'_>`).
    pub root: String,
}

/// A template the translator cannot take, where.
#[derive(Debug)]
pub struct Error {
    /// The file, as the build script named it.
    pub path: String,
    /// 1-based line and column (0 when the parser gave none).
    pub line: usize,
    /// Column.
    pub col: usize,
    /// What.
    pub message: String,
}

impl std::fmt::Display for Error {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{}:{}:{}: {}", self.path, self.line, self.col, self.message)
    }
}

impl std::error::Error for Error {}

/// How deep partials and `{{embed}}` may nest (the engine's limit).
const MAX_EMBED: usize = 32;

/// The Rust source for `entries` over `templates`; `maps` are the field
/// names whose values are maps (a name after one of them is a key).
pub fn translate(templates: &[Template], entries: &[Entry], maps: &[&str]) -> Result<String, Error> {
    let mut parsed = Vec::new();
    for t in templates {
        let mut vs = Vec::new();
        for (path, text) in &t.variants {
            let p = Parsed::compile(text).map_err(|e| {
                let (line, col) = e.pos().unwrap_or((0, 0));
                Error { path: path.clone(), line, col, message: e.reason().to_string() }
            })?;
            vs.push(p);
        }
        parsed.push(vs);
    }
    let mut g = Gen { templates, parsed: &parsed, maps, code: String::new(), vars: 0, stack: Vec::new(), depth: 0 };
    g.code.push_str("// Written by vita-hbs from the templates below at build time; edit the templates, not this.\n\n");
    g.code.push_str("/// The compiled templates by file name, each with the texts compiled in (the default first).\n");
    g.code.push_str("pub const SOURCES: &[(&str, &[&str])] = &[\n");
    for t in templates {
        let _ = write!(g.code, "    ({:?}, &[", t.name);
        for (path, _) in &t.variants {
            let _ = write!(g.code, "include_str!(concat!(env!(\"CARGO_MANIFEST_DIR\"), {:?})), ", format!("/{path}"));
        }
        g.code.push_str("]),\n");
    }
    g.code.push_str("];\n");
    for e in entries {
        let index = templates.iter().position(|t| key(&t.name) == e.template).ok_or_else(|| Error {
            path: e.template.clone(),
            line: 0,
            col: 0,
            message: format!("no template `{}` to compile", e.template),
        })?;
        let _ = write!(
            g.code,
            "\n/// Renders `{}` from its data; `v` picks each template's variant (see [`SOURCES`]).\n\
             #[allow(unused, clippy::all, clippy::pedantic)]\n\
             pub(crate) fn {}(c0: &{}, v: &[usize], out: &mut ::vita_view::compiled::Out) -> Result<(), ::vita_view::compiled::Stop> {{\n\
             use ::vita_view::compiled::{{Nav as _, Truthy as _}};\n",
            e.template, e.function, e.root
        );
        let mut scopes = vec![Scope { var: "c0".into(), each: None }];
        g.template(index, &mut scopes)?;
        g.code.push_str("Ok(())\n}\n");
    }
    Ok(g.code)
}

fn key(name: &str) -> &str {
    name.strip_suffix(".hbs").unwrap_or(name)
}

/// A context: the variable holding it, and the loop it is an item of.
#[derive(Clone)]
struct Scope {
    var: String,
    /// The index and count variables of the innermost `{{#each}}`.
    each: Option<(String, String)>,
}

struct Gen<'a> {
    templates: &'a [Template],
    parsed: &'a [Vec<Parsed>],
    maps: &'a [&'a str],
    code: String,
    vars: usize,
    /// The templates being written (index, variant), innermost last: their
    /// inline partials are in reach.
    stack: Vec<(usize, usize)>,
    /// How deep in blocks of the current template (inline partials are
    /// taken at the top only).
    depth: usize,
}

impl<'a> Gen<'a> {
    fn fresh(&mut self) -> usize {
        self.vars += 1;
        self.vars
    }

    /// A whole template, each variant under `match v[i]`.
    fn template(&mut self, index: usize, scopes: &mut Vec<Scope>) -> Result<(), Error> {
        let variants = self.parsed[index].len();
        let _ = writeln!(self.code, "match v[{index}] {{");
        for vi in 0..variants {
            if vi + 1 == variants {
                self.code.push_str("_ => {\n");
            } else {
                let _ = writeln!(self.code, "{vi} => {{");
            }
            let parsed: &'a Parsed = &self.parsed[index][vi];
            self.inside((index, vi), parsed, scopes)?;
            self.code.push_str("}\n");
        }
        self.code.push_str("}\n");
        Ok(())
    }

    /// The elements of a template (or of one of its inline partials) written
    /// with that template's inline partials in reach, at the top of its blocks.
    fn inside(&mut self, template: (usize, usize), body: &'a Parsed, scopes: &mut Vec<Scope>) -> Result<(), Error> {
        self.stack.push(template);
        let depth = std::mem::replace(&mut self.depth, 0);
        let r = self.elements(body, scopes);
        self.depth = depth;
        self.stack.pop();
        r
    }

    fn path(&self) -> &str {
        self.stack.last().map_or("", |(t, v)| self.templates[*t].variants[*v].0.trim_start_matches("../../"))
    }

    fn error(&self, at: Option<(usize, usize)>, message: String) -> Error {
        let (line, col) = at.unwrap_or((0, 0));
        Error { path: self.path().to_string(), line, col, message }
    }

    fn elements(&mut self, t: &'a Parsed, scopes: &mut Vec<Scope>) -> Result<(), Error> {
        for (i, el) in t.elements.iter().enumerate() {
            let at = t.mapping.get(i).map(|m| (m.0, m.1));
            self.element(el, at, scopes)?;
        }
        Ok(())
    }

    fn element(&mut self, el: &'a El, at: Option<(usize, usize)>, scopes: &mut Vec<Scope>) -> Result<(), Error> {
        let here = format!("{}:{}:{}", self.path(), at.map_or(0, |a| a.0), at.map_or(0, |a| a.1));
        match el {
            El::RawString(s) if s.is_empty() => {}
            El::RawString(s) => {
                let _ = writeln!(self.code, "out.raw({s:?});");
            }
            El::Comment(_) => {}
            El::Expression(h) | El::HtmlExpression(h) => {
                let escaped = matches!(el, El::Expression(_));
                let _ = writeln!(self.code, "// {here}");
                self.expression(h, escaped, at, &here, scopes)?;
            }
            El::HelperBlock(h) => {
                let _ = writeln!(self.code, "// {here}");
                self.block(h, at, scopes)?;
            }
            El::PartialExpression(d) => {
                let _ = writeln!(self.code, "// {here}");
                self.partial(d, at, scopes)?;
            }
            El::DecoratorBlock(d) if name_of(&d.name) == Some("inline") => {
                // Written where it is used.
                if self.depth > 0 {
                    return Err(self.error(at, "an inline partial inside a block: define it at the top of the template".into()));
                }
            }
            El::DecoratorBlock(_) | El::DecoratorExpression(_) => {
                return Err(self.error(at, "decorators other than `#*inline` are not compiled".into()));
            }
            El::PartialBlock(_) => return Err(self.error(at, "partial blocks (`{{#> x}}`) are not compiled".into())),
            _ => return Err(self.error(at, "this element is not compiled".into())),
        }
        Ok(())
    }

    fn plain(&self, h: &HelperTemplate, at: Option<(usize, usize)>, what: &str) -> Result<(), Error> {
        if !h.hash.is_empty() {
            return Err(self.error(at, format!("{what}: hash arguments (`name=value`) are not compiled")));
        }
        if h.block_param.is_some() {
            return Err(self.error(at, format!("{what}: block parameters (`as |x|`) are not compiled")));
        }
        Ok(())
    }

    fn expression(
        &mut self,
        h: &'a HelperTemplate,
        escaped: bool,
        at: Option<(usize, usize)>,
        here: &str,
        scopes: &mut Vec<Scope>,
    ) -> Result<(), Error> {
        let name = match &h.name {
            Parameter::Name(n) => n.clone(),
            Parameter::Path(p) => raw_path(p).to_string(),
            _ => return Err(self.error(at, "an expression that is not a name".into())),
        };
        self.plain(h, at, &name)?;
        if h.params.is_empty() && !HELPERS.contains(&name.as_str()) {
            let e = self.value(&name, at, scopes)?;
            let _ = writeln!(self.code, "out.show({e}, {escaped});");
            return Ok(());
        }
        let param = |g: &Self, i: usize| -> Result<String, Error> {
            match h.params.get(i) {
                Some(p) => g.param(p, at, scopes),
                None => Err(g.error(at, format!("`{name}` needs {} arguments", i + 1))),
            }
        };
        match (name.as_str(), h.params.len()) {
            ("upper", 1) => {
                let a = param(self, 0)?;
                let _ = writeln!(self.code, "out.text(&::vita_view::compiled::upper({a}, {here:?})?, {escaped});");
            }
            ("rule", 2) => {
                let (a, b) = (param(self, 0)?, param(self, 1)?);
                let _ = writeln!(self.code, "out.text(&::vita_view::compiled::rule({a}, {b}, {here:?})?, {escaped});");
            }
            ("lookup", 2) => {
                let (a, b) = (param(self, 0)?, param(self, 1)?);
                let _ = writeln!(self.code, "out.show(::vita_view::compiled::lookup({a}, {b}), {escaped});");
            }
            ("embed", 1) => {
                let Some(Parameter::Literal(handlebars::JsonValue::String(partial))) = h.params.first() else {
                    return Err(self.error(at, "`embed` takes a partial's name in quotes".into()));
                };
                self.code.push_str("out.step(1)?;\n");
                self.include(partial, at, scopes)?;
            }
            _ => return Err(self.error(at, format!("the helper `{name}` with {} arguments is not compiled", h.params.len()))),
        }
        Ok(())
    }

    fn param(&self, p: &Parameter, at: Option<(usize, usize)>, scopes: &[Scope]) -> Result<String, Error> {
        match p {
            Parameter::Path(path) => self.value(raw_path(path), at, scopes),
            Parameter::Name(n) => self.value(n, at, scopes),
            Parameter::Literal(handlebars::JsonValue::String(s)) => Ok(format!("Some({s:?})")),
            Parameter::Literal(handlebars::JsonValue::Number(n)) if n.is_u64() => Ok(format!("Some(&{}usize)", n)),
            _ => Err(self.error(at, "sub-expressions and literals other than text and whole numbers are not compiled".into())),
        }
    }

    /// A path as an `Option<&T>` expression.
    fn value(&self, raw: &str, at: Option<(usize, usize)>, scopes: &[Scope]) -> Result<String, Error> {
        let here = scopes.last().cloned().unwrap_or(Scope { var: "c0".into(), each: None });
        if let Some(local) = raw.strip_prefix('@').filter(|r| !r.starts_with("root")) {
            let Some((i, n)) = &here.each else {
                return Err(self.error(at, format!("`@{local}` outside `{{{{#each}}}}`")));
            };
            return match local {
                "index" => Ok(format!("Some(&{i})")),
                "first" => Ok(format!("Some(&({i} == 0))")),
                "last" => Ok(format!("Some(&({i} + 1 == {n}))")),
                _ => Err(self.error(at, format!("`@{local}` is not compiled"))),
            };
        }
        let segs = segments(raw).ok_or_else(|| self.error(at, format!("the path `{raw}` is not compiled")))?;
        let mut rest = segs.as_slice();
        let mut expr = format!("Some({})", here.var);
        match rest.first().map(String::as_str) {
            Some("@root") => {
                expr = "Some(c0)".into();
                rest = &rest[1..];
            }
            Some("this") => rest = &rest[1..],
            Some("..") => return Err(self.error(at, format!("`../` (in `{raw}`) is not compiled"))),
            _ => {}
        }
        let mut previous: Option<&str> = None;
        for s in rest {
            if let Some(n) = s.strip_prefix('[').and_then(|s| s.strip_suffix(']')) {
                if n.parse::<usize>().is_ok() {
                    let _ = write!(expr, ".and_then(|v| ::vita_view::compiled::Lookup::lookup(v, &{n}usize))");
                } else {
                    let _ = write!(expr, ".and_then(|v| ::vita_view::compiled::Lookup::lookup(v, {n:?}))");
                }
            } else if previous.is_some_and(|p| self.maps.contains(&p)) {
                let _ = write!(expr, ".and_then(|v| ::vita_view::compiled::Lookup::lookup(v, {s:?}))");
            } else if is_ident(s) {
                let field = if KEYWORDS.contains(&s.as_str()) { format!("r#{s}") } else { s.clone() };
                let _ = write!(expr, ".and_then(|v| v.{field}.nav())");
            } else {
                return Err(self.error(at, format!("the path `{raw}` is not compiled (`{s}`)")));
            }
            previous = Some(s);
        }
        Ok(expr)
    }

    fn block(&mut self, h: &'a HelperTemplate, at: Option<(usize, usize)>, scopes: &mut Vec<Scope>) -> Result<(), Error> {
        let name = match &h.name {
            Parameter::Name(n) => n.clone(),
            Parameter::Path(p) => raw_path(p).to_string(),
            _ => return Err(self.error(at, "a block whose helper is not a name".into())),
        };
        self.plain(h, at, &name)?;
        if h.params.len() != 1 {
            return Err(self.error(at, format!("`#{name}` takes one argument")));
        }
        let arg = self.param(&h.params[0], at, scopes)?;
        match name.as_str() {
            "if" | "unless" => {
                let not = if name == "unless" { "!" } else { "" };
                let _ = writeln!(self.code, "if {not}::vita_view::compiled::truthy({arg}) {{");
                self.body(h.template.as_ref(), scopes)?;
                self.code.push_str("} else {\n");
                self.body(h.inverse.as_ref(), scopes)?;
                self.code.push_str("}\n");
            }
            "each" => {
                let k = self.fresh();
                let _ = writeln!(
                    self.code,
                    "{{\nlet list{k} = ::vita_view::compiled::items({arg});\nout.step(1 + list{k}.len() as u64)?;\n\
                     if list{k}.is_empty() {{"
                );
                self.body(h.inverse.as_ref(), scopes)?;
                let _ = writeln!(self.code, "}} else {{\nlet n{k} = list{k}.len();\nfor (i{k}, c{k}) in list{k}.iter().enumerate() {{");
                scopes.push(Scope { var: format!("c{k}"), each: Some((format!("i{k}"), format!("n{k}"))) });
                let r = self.body(h.template.as_ref(), scopes);
                scopes.pop();
                r?;
                self.code.push_str("}\n}\n}\n");
            }
            "with" => {
                let k = self.fresh();
                let _ = writeln!(self.code, "match {arg} {{\nSome(c{k}) if c{k}.truthy() => {{");
                let each = scopes.last().and_then(|s| s.each.clone());
                scopes.push(Scope { var: format!("c{k}"), each });
                let r = self.body(h.template.as_ref(), scopes);
                scopes.pop();
                r?;
                self.code.push_str("}\n_ => {\n");
                self.body(h.inverse.as_ref(), scopes)?;
                self.code.push_str("}\n}\n");
            }
            _ => return Err(self.error(at, format!("the block helper `#{name}` is not compiled"))),
        }
        Ok(())
    }

    fn body(&mut self, t: Option<&'a Parsed>, scopes: &mut Vec<Scope>) -> Result<(), Error> {
        self.depth += 1;
        let r = match t {
            Some(t) => self.elements(t, scopes),
            None => Ok(()),
        };
        self.depth -= 1;
        r
    }

    fn partial(&mut self, d: &'a DecoratorTemplate, at: Option<(usize, usize)>, scopes: &mut Vec<Scope>) -> Result<(), Error> {
        let Some(name) = name_of(&d.name) else {
            return Err(self.error(at, "a partial named by an expression is not compiled".into()));
        };
        if !d.params.is_empty() || !d.hash.is_empty() {
            return Err(self.error(at, format!("the partial `{name}` with arguments is not compiled")));
        }
        if d.indent.as_ref().is_some_and(|i| !i.is_empty()) {
            return Err(self.error(at, format!("the partial `{name}` written indented (Handlebars indents its lines) is not compiled")));
        }
        self.include(name, at, scopes)
    }

    /// An inline partial in reach, else a template, written in place.
    fn include(&mut self, name: &str, at: Option<(usize, usize)>, scopes: &mut Vec<Scope>) -> Result<(), Error> {
        if self.stack.len() >= MAX_EMBED {
            return Err(self.error(at, format!("partials nest more than {MAX_EMBED} deep (does `{name}` include itself?)")));
        }
        for &(t, v) in self.stack.iter().rev() {
            let parsed: &'a Parsed = &self.parsed[t][v];
            if let Some(body) = inline(parsed, name) {
                let _ = writeln!(self.code, "{{ // inline partial `{name}`");
                self.inside((t, v), body, scopes)?;
                self.code.push_str("}\n");
                return Ok(());
            }
        }
        match self.templates.iter().position(|t| key(&t.name) == name) {
            Some(index) => {
                let _ = writeln!(self.code, "{{ // template `{name}`");
                self.template(index, scopes)?;
                self.code.push_str("}\n");
                Ok(())
            }
            None => Err(self.error(at, format!("no partial or template `{name}`"))),
        }
    }
}

/// The inline partial `name` defined at the top of a template.
fn inline<'t>(t: &'t Parsed, name: &str) -> Option<&'t Parsed> {
    t.elements.iter().find_map(|el| match el {
        El::DecoratorBlock(d) if name_of(&d.name) == Some("inline") => {
            let n = match d.params.first() {
                Some(Parameter::Literal(handlebars::JsonValue::String(s))) => s.as_str(),
                _ => return None,
            };
            (n == name).then_some(d.template.as_ref()).flatten()
        }
        _ => None,
    })
}

fn name_of(p: &Parameter) -> Option<&str> {
    match p {
        Parameter::Name(n) => Some(n),
        Parameter::Path(p) => Some(raw_path(p)),
        _ => None,
    }
}

fn raw_path(p: &handlebars::Path) -> &str {
    match p {
        handlebars::Path::Relative((_, raw)) => raw,
        handlebars::Path::Local((_, _, raw)) => raw,
    }
}

/// A path's segments: `@root.labels.x` gives `@root`, `labels`, `x`;
/// `a.[5]` gives `a`, `[5]`; `../x` gives `..`, `x`.
fn segments(raw: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut rest = raw;
    while !rest.is_empty() {
        if let Some(r) = rest.strip_prefix("../") {
            out.push("..".into());
            rest = r;
            continue;
        }
        if rest.starts_with('[') {
            let end = rest.find(']')?;
            out.push(rest[..=end].to_string());
            rest = &rest[end + 1..];
        } else {
            let end = rest.find(['.', '/']).unwrap_or(rest.len());
            out.push(rest[..end].to_string());
            rest = &rest[end..];
        }
        if let Some(r) = rest.strip_prefix(['.', '/']) {
            if r.is_empty() {
                return None;
            }
            rest = r;
        } else if !rest.is_empty() {
            return None;
        }
    }
    (!out.is_empty()).then_some(out)
}

fn is_ident(s: &str) -> bool {
    let mut c = s.chars();
    c.next().is_some_and(|f| f.is_ascii_alphabetic() || f == '_') && c.all(|x| x.is_ascii_alphanumeric() || x == '_')
}

/// Names that are helpers, not fields, in `{{name}}`.
const HELPERS: &[&str] = &["upper", "rule", "embed", "lookup", "if", "unless", "each", "with", "log", "raw", "len", "eq", "ne", "not"];

const KEYWORDS: &[&str] = &["type", "match", "ref", "in", "for", "loop", "fn", "use", "mod", "move", "where", "impl", "box", "dyn", "self"];

#[cfg(test)]
mod tests {
    use super::*;

    fn one(text: &str) -> Result<String, Error> {
        let t = Template { name: "main.hbs".into(), variants: vec![("formats/x/main.hbs".into(), text.into())] };
        translate(&[t], &[Entry { template: "main".into(), function: "main".into(), root: "Page".into() }], &["theme"])
    }

    #[test]
    fn what_is_not_compiled_is_named_with_its_line() {
        let cases = [
            ("a\n{{#each list as |x|}}{{x}}{{/each}}", "formats/x/main.hbs:2:1: each: block parameters (`as |x|`) are not compiled"),
            (
                "{{#if (eq a b)}}x{{/if}}",
                "formats/x/main.hbs:1:1: sub-expressions and literals other than text and whole numbers are not compiled",
            ),
            ("\n\n  {{shout name}}", "formats/x/main.hbs:3:3: the helper `shout` with 1 arguments is not compiled"),
            ("{{../title}}", "formats/x/main.hbs:1:1: `../` (in `../title`) is not compiled"),
            ("{{@index}}", "formats/x/main.hbs:1:1: `@index` outside `{{#each}}`"),
            (
                "x\n  {{> part}}\n",
                "formats/x/main.hbs:2:3: the partial `part` written indented (Handlebars indents its lines) is not compiled",
            ),
            ("{{embed \"nowhere\"}}", "formats/x/main.hbs:1:1: no partial or template `nowhere`"),
            (
                "{{#*inline \"a\"}}{{embed \"a\"}}{{/inline}}{{embed \"a\"}}",
                "formats/x/main.hbs:1:17: partials nest more than 32 deep (does `a` include itself?)",
            ),
        ];
        for (text, message) in cases {
            assert_eq!(one(text).unwrap_err().to_string(), message, "{text}");
        }
    }

    #[test]
    fn paths_become_field_reads() {
        let code =
            one("{{@root.labels.colon}} {{theme.accent}} {{labels.ats_headings.[5]}} {{#each xs}}{{#if @last}}{{this}}{{/if}}{{/each}}")
                .unwrap();
        assert!(code.contains("Some(c0).and_then(|v| v.labels.nav()).and_then(|v| v.colon.nav())"), "{code}");
        assert!(code.contains("Lookup::lookup(v, \"accent\")"), "{code}");
        assert!(code.contains("Lookup::lookup(v, &5usize)"), "{code}");
        assert!(code.contains("Some(&(i1 + 1 == n1))"), "{code}");
    }
}
