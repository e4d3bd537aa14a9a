//! What templates compiled into Rust need at run time.
//!
//! A backend's build script translates its default templates (the same
//! `.hbs` files the Handlebars engine reads) into Rust with `vita-hbs`; the
//! code it writes renders straight from the view's types, without turning
//! them into a JSON value and without compiling a template at start. It
//! reads fields by name (Rust finds the type), so the traits here say what
//! Handlebars would do with each kind of value: [`Nav`] steps into a field
//! (an `Option` that is `None` is a missing value), [`Truthy`] is `{{#if}}`,
//! [`Show`] is `{{value}}`, [`Items`] is `{{#each}}`, [`Key`] and
//! [`Lookup`] are the `lookup` helper.
//!
//! [`select`] decides, for a build's templates (the defaults, a theme's, the
//! user's), whether compiled code renders them: only when every template's
//! text is one that was compiled in. Anything else goes through the
//! Handlebars engine ([`crate::engine`]), so the two paths give the same
//! bytes (a test renders every example, target and generated CV both ways).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicBool, Ordering};

use vita_model::budget::Exceeded;

/// Whether compiled templates are set aside (every build goes through
/// Handlebars): for tests that compare the two paths, and for `VITA_TEMPLATES=runtime`.
static RUNTIME_ONLY: AtomicBool = AtomicBool::new(false);

/// Sets compiled templates aside (`true`) or lets them render again.
pub fn set_runtime_only(on: bool) {
    RUNTIME_ONLY.store(on, Ordering::Relaxed);
}

/// Which compiled variant renders each template of a backend, or `None`
/// when one of the build's templates is not a compiled one (the user's
/// own, or an edited copy) and the Handlebars engine must render them.
/// `sources` are the compiled templates by file name, each with the texts
/// compiled (the default first, then the built-in themes'); `overrides`
/// the build's templates ([`vita_backend::Options::templates`]).
pub fn select(sources: &[(&str, &[&str])], overrides: &BTreeMap<String, String>) -> Option<Vec<usize>> {
    if RUNTIME_ONLY.load(Ordering::Relaxed) || overrides.keys().any(|n| !sources.iter().any(|(s, _)| s == n)) {
        return None;
    }
    sources
        .iter()
        .map(|(name, texts)| match overrides.get(*name) {
            None => Some(0),
            Some(text) => texts.iter().position(|t| t == text),
        })
        .collect()
}

/// What renders a backend's templates in a build.
pub enum Templates {
    /// The compiled code, with each template's variant (see [`select`]).
    Compiled(Vec<usize>),
    /// The Handlebars engine, with the build's templates compiled.
    Engine(std::sync::Arc<handlebars::Handlebars<'static>>),
}

impl Templates {
    /// The compiled code when it has the build's templates (`sources`,
    /// from the backend's build script), else the engine over the
    /// `defaults` and the build's `overrides`, escaping with `escape`.
    pub fn choose(
        sources: &[(&str, &[&str])],
        defaults: &[(&str, &str)],
        overrides: &BTreeMap<String, String>,
        escape: fn(&str) -> String,
    ) -> anyhow::Result<Self> {
        Ok(match select(sources, overrides) {
            Some(v) => Templates::Compiled(v),
            None => Templates::Engine(crate::engine::registry(defaults, overrides, escape)?),
        })
    }

    /// Renders the template `name` with `data`: through `compiled` (the
    /// function the build script wrote for it; `escape` as the engine's,
    /// `None` for text written as it is; `room` reserved for the text, as
    /// [`vita_model::Cv::output_room`] gives it) or the engine.
    pub fn render<T: serde::Serialize>(
        &self,
        name: &'static str,
        data: T,
        escape: Option<fn(&str) -> String>,
        room: usize,
        compiled: impl FnOnce(&T, &[usize], &mut Out) -> Result<(), Stop>,
    ) -> anyhow::Result<String> {
        match self {
            Templates::Compiled(v) => {
                let mut out = Out::new(name, escape, room);
                compiled(&data, v, &mut out).map_err(Stop::into_error)?;
                out.finish()
            }
            Templates::Engine(hb) => crate::engine::render(hb, name, data),
        }
    }
}

/// For a backend's test: whether `sources` (its build script's) hold its
/// `defaults`, in order, and every built-in theme's templates for `format`,
/// so that none of them is left to the engine.
pub fn covers(format: &str, sources: &[(&str, &[&str])], defaults: &[(&str, &str)]) -> Result<(), String> {
    let compiled: Vec<(&str, &str)> = sources.iter().map(|(n, texts)| (*n, texts.first().copied().unwrap_or_default())).collect();
    if compiled != defaults {
        return Err(format!("the compiled templates are not the defaults: {:?}", sources.iter().map(|(n, _)| n).collect::<Vec<_>>()));
    }
    for theme in crate::theme::BUILTIN {
        for (f, name, text) in theme.files.iter().filter(|(f, _, _)| *f == format) {
            let mut one = BTreeMap::new();
            one.insert((*name).to_string(), (*text).to_string());
            if select(sources, &one).is_none() {
                return Err(format!("the {} theme's {f} template {name} is not compiled in", theme.name));
            }
        }
    }
    Ok(())
}

/// Why compiled rendering stopped: a budget (the same as the engine's).
#[derive(Debug)]
pub struct Stop(String);

impl Stop {
    /// The error a backend returns, as the engine's for the same budget.
    pub fn into_error(self) -> anyhow::Error {
        anyhow::Error::new(Exceeded(self.0))
    }
}

/// The output of a compiled template, with the engine's budgets: at most
/// as many bytes and steps (an `{{#each}}` and each of its items, an
/// `{{embed}}`) as Handlebars would be allowed.
pub struct Out {
    buf: String,
    steps: u64,
    most_steps: u64,
    most_bytes: usize,
    escape: Option<fn(&str) -> String>,
    name: &'static str,
}

impl Out {
    /// An output for template `name`; `escape` is the format's for `{{x}}`
    /// (`None`: text goes in as it is).
    pub fn new(name: &'static str, escape: Option<fn(&str) -> String>, capacity: usize) -> Self {
        let (most_steps, most_bytes) = crate::engine::limits();
        Out { buf: String::with_capacity(capacity), steps: 0, most_steps, most_bytes, escape, name }
    }

    /// Text of the template itself.
    #[inline]
    pub fn raw(&mut self, text: &str) {
        self.buf.push_str(text);
    }

    /// A value: `{{x}}` (escaped) or `{{{x}}}`.
    #[inline]
    pub fn show<T: Show + ?Sized>(&mut self, value: Option<&T>, escaped: bool) {
        if let Some(v) = value {
            match (escaped, self.escape) {
                (true, Some(e)) => {
                    let mut s = String::new();
                    v.show(&mut s);
                    self.buf.push_str(&e(&s));
                }
                _ => v.show(&mut self.buf),
            }
        }
    }

    /// A helper's result: written as a value is.
    pub fn text(&mut self, text: &str, escaped: bool) {
        self.show(Some(text), escaped);
    }

    /// Counts `n` steps; stops past either budget.
    pub fn step(&mut self, n: u64) -> Result<(), Stop> {
        self.steps = self.steps.saturating_add(n);
        if self.steps > self.most_steps {
            return Err(Stop(format!(
                "rendering {}: the template takes more than {} steps (an `{{{{#each}}}}` inside an `{{{{#each}}}}` over long lists?)",
                self.name, self.most_steps
            )));
        }
        self.bounded()
    }

    fn bounded(&self) -> Result<(), Stop> {
        if self.buf.len() > self.most_bytes {
            return Err(Stop(format!("rendering {}: the template writes more than {} bytes", self.name, self.most_bytes)));
        }
        Ok(())
    }

    /// The text written, or why it stopped.
    pub fn finish(self) -> anyhow::Result<String> {
        self.bounded().map_err(Stop::into_error)?;
        Ok(self.buf)
    }
}

/// `upper`: the text in capitals. Like the engine's helper, a missing
/// value is an error.
pub fn upper<T: Show + ?Sized>(value: Option<&T>, at: &str) -> Result<String, Stop> {
    Ok(text_param(value, "upper", at)?.to_uppercase())
}

/// `rule`: `c` as many times as the text has characters.
pub fn rule<T: Show + ?Sized, U: Show + ?Sized>(value: Option<&T>, c: Option<&U>, at: &str) -> Result<String, Stop> {
    let n = text_param(value, "rule", at)?.chars().count();
    Ok(text_param(c, "rule", at)?.repeat(n))
}

fn text_param<T: Show + ?Sized>(value: Option<&T>, helper: &str, at: &str) -> Result<String, Stop> {
    match value {
        Some(v) if v.is_text() => {
            let mut s = String::new();
            v.show(&mut s);
            Ok(s)
        }
        _ => Err(Stop(format!("{at}: `{helper}` takes text"))),
    }
}

/// `lookup collection key`: a map's value by name, a list's item by number.
pub fn lookup<'a, C: Lookup + ?Sized, K: Key + ?Sized>(collection: Option<&'a C>, key: Option<&K>) -> Option<&'a C::Value> {
    collection?.lookup(key?)
}

/// Steps into a value: what a field holds, `None` for a missing one.
pub trait Nav {
    /// What is there.
    type Target: ?Sized;
    /// The value, when there is one.
    fn nav(&self) -> Option<&Self::Target>;
}

/// `{{#if}}`: Handlebars' truth (false, empty text, zero, an empty list or map are false).
pub trait Truthy {
    /// Whether the value counts as true.
    fn truthy(&self) -> bool;
}

/// `{{value}}`: how Handlebars writes a value.
pub trait Show {
    /// Writes the value.
    fn show(&self, out: &mut String);
    /// Whether it is text (helpers that take text refuse the rest).
    fn is_text(&self) -> bool {
        false
    }
}

/// `{{#each}}`: the items of a list (nothing for anything else).
pub trait Items {
    /// An item.
    type Item;
    /// The items.
    fn items(&self) -> &[Self::Item];
}

/// A key of the `lookup` helper: a name, or an item's number.
pub trait Key {
    /// As a name.
    fn name(&self) -> Option<&str> {
        None
    }
    /// As a number.
    fn number(&self) -> Option<usize> {
        None
    }
}

/// What `lookup` can look into.
pub trait Lookup {
    /// What it holds.
    type Value: ?Sized;
    /// The value under `key`.
    fn lookup<K: Key + ?Sized>(&self, key: &K) -> Option<&Self::Value>;
}

/// Whether a value is true: missing is false.
#[inline]
pub fn truthy<T: Truthy + ?Sized>(value: Option<&T>) -> bool {
    value.is_some_and(Truthy::truthy)
}

/// The items of a value: none when missing.
#[inline]
pub fn items<T: Items + ?Sized>(value: Option<&T>) -> &[T::Item] {
    value.map_or(&[], Items::items)
}

impl<T> Nav for Option<T> {
    type Target = T;
    #[inline]
    fn nav(&self) -> Option<&T> {
        self.as_ref()
    }
}

impl<T: Truthy + ?Sized> Truthy for &T {
    fn truthy(&self) -> bool {
        (**self).truthy()
    }
}

impl<T: Show + ?Sized> Show for &T {
    fn show(&self, out: &mut String) {
        (**self).show(out);
    }
    fn is_text(&self) -> bool {
        (**self).is_text()
    }
}

impl<T: Key + ?Sized> Key for &T {
    fn name(&self) -> Option<&str> {
        (**self).name()
    }
    fn number(&self) -> Option<usize> {
        (**self).number()
    }
}

/// Implements the traits for values a template steps into and tests as a
/// whole: a struct (an object, true, written `[object]`), or a scalar.
#[macro_export]
macro_rules! template_values {
    ($($t:ty),* $(,)?) => {$(
        impl $crate::compiled::Nav for $t {
            type Target = Self;
            #[inline]
            fn nav(&self) -> Option<&Self> {
                Some(self)
            }
        }
        impl $crate::compiled::Truthy for $t {
            fn truthy(&self) -> bool {
                true
            }
        }
        impl $crate::compiled::Show for $t {
            fn show(&self, out: &mut String) {
                out.push_str("[object]");
            }
        }
    )*};
}

/// Text: the value as it is, true when not empty.
macro_rules! text {
    ($($t:ty),*) => {$(
        impl Nav for $t {
            type Target = str;
            #[inline]
            fn nav(&self) -> Option<&str> {
                Some(self)
            }
        }
        impl Truthy for $t {
            fn truthy(&self) -> bool {
                !self.is_empty()
            }
        }
        impl Show for $t {
            #[inline]
            fn show(&self, out: &mut String) {
                out.push_str(self);
            }
            fn is_text(&self) -> bool {
                true
            }
        }
        impl Key for $t {
            fn name(&self) -> Option<&str> {
                Some(self)
            }
        }
    )*};
}
text!(str, String);

impl Nav for bool {
    type Target = bool;
    fn nav(&self) -> Option<&bool> {
        Some(self)
    }
}

impl Truthy for bool {
    fn truthy(&self) -> bool {
        *self
    }
}

impl Show for bool {
    fn show(&self, out: &mut String) {
        out.push_str(if *self { "true" } else { "false" });
    }
}

macro_rules! numbers {
    ($($t:ty),*) => {$(
        impl Nav for $t {
            type Target = $t;
            fn nav(&self) -> Option<&$t> {
                Some(self)
            }
        }
        impl Truthy for $t {
            fn truthy(&self) -> bool {
                *self != 0
            }
        }
        impl Show for $t {
            fn show(&self, out: &mut String) {
                use std::fmt::Write as _;
                let _ = write!(out, "{self}");
            }
        }
        impl Key for $t {
            fn number(&self) -> Option<usize> {
                usize::try_from(*self).ok()
            }
        }
    )*};
}
numbers!(u8, u16, u32, u64, usize, i32, i64);

impl<T> Nav for Vec<T> {
    type Target = Vec<T>;
    #[inline]
    fn nav(&self) -> Option<&Vec<T>> {
        Some(self)
    }
}

impl<T> Truthy for Vec<T> {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl<T: Show> Show for Vec<T> {
    /// As Handlebars writes a list: `[a, b]`.
    fn show(&self, out: &mut String) {
        out.push('[');
        for (i, v) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(", ");
            }
            v.show(out);
        }
        out.push(']');
    }
}

impl<T> Items for Vec<T> {
    type Item = T;
    #[inline]
    fn items(&self) -> &[T] {
        self
    }
}

impl<T> Lookup for Vec<T> {
    type Value = T;
    fn lookup<K: Key + ?Sized>(&self, key: &K) -> Option<&T> {
        self.get(key.number()?)
    }
}

impl<K: std::borrow::Borrow<str> + Ord, V> Nav for BTreeMap<K, V> {
    type Target = Self;
    fn nav(&self) -> Option<&Self> {
        Some(self)
    }
}

impl<K, V> Truthy for BTreeMap<K, V> {
    fn truthy(&self) -> bool {
        !self.is_empty()
    }
}

impl<K, V> Show for BTreeMap<K, V> {
    fn show(&self, out: &mut String) {
        out.push_str("[object]");
    }
}

impl<K: std::borrow::Borrow<str> + Ord, V> Lookup for BTreeMap<K, V> {
    type Value = V;
    fn lookup<Q: Key + ?Sized>(&self, key: &Q) -> Option<&V> {
        self.get(key.name()?)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sources() -> Vec<(&'static str, &'static [&'static str])> {
        vec![("cv.typ.hbs", &["main"]), ("theme.typ.hbs", &["classic", "modern"])]
    }

    #[test]
    fn compiled_templates_render_only_the_texts_compiled_in() {
        let none = BTreeMap::new();
        assert_eq!(select(&sources(), &none), Some(vec![0, 0]));
        let modern = BTreeMap::from([("theme.typ.hbs".to_string(), "modern".to_string())]);
        assert_eq!(select(&sources(), &modern), Some(vec![0, 1]));
        let own = BTreeMap::from([("theme.typ.hbs".to_string(), "modern, edited".to_string())]);
        assert_eq!(select(&sources(), &own), None);
        let stray = BTreeMap::from([("other.hbs".to_string(), "x".to_string())]);
        assert_eq!(select(&sources(), &stray), None, "the engine names the stray template");
    }

    #[test]
    fn values_are_true_and_written_as_handlebars_has_them() {
        assert!(!truthy(Some("")) && truthy(Some("x")) && !truthy::<str>(None));
        assert!(!truthy(Some(&0u32)) && truthy(Some(&7u32)));
        assert!(!truthy(Some(&Vec::<u32>::new())) && truthy(Some(&vec![1u32])));
        let mut s = String::new();
        vec![1u32, 2].show(&mut s);
        true.show(&mut s);
        12u32.show(&mut s);
        BTreeMap::<String, String>::new().show(&mut s);
        assert_eq!(s, "[1, 2]true12[object]");
        let map = BTreeMap::from([("a", "x".to_string())]);
        assert_eq!(lookup(Some(&map), Some("a")).map(String::as_str), Some("x"));
        assert_eq!(lookup(Some(&vec!["p", "q"]), Some(&1usize)), Some(&"q"));
        assert_eq!(lookup(Some(&map), Some(&1usize)), None);
        assert!(upper::<str>(None, "x").is_err());
        assert_eq!(rule(Some("abc"), Some("="), "x").unwrap(), "===");
    }
}
