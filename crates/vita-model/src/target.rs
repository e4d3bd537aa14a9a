//! Targets: one CV, tailored per application. A target names its formats
//! and output name, which sections in what order, which entries (tags,
//! `selected`, a year, a number per section), and how to print (dates, page,
//! width, templates, per-format options). A target may start from a preset
//! and override any of its fields.
//!
//! Filtering happens here, on the model; [`Document::derived`] keeps the full
//! CV's publication numbers (unless the target renumbers) and, when the
//! target says `count_all`, lets count lines count the full lists.

use std::collections::BTreeMap;

use serde::{Deserialize, Serialize};

use crate::date::{End, When};
use crate::derive::Document;
use crate::types::*;

/// How dates print in entry columns.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, serde::Serialize, serde::Deserialize, schemars::JsonSchema)]
#[serde(rename_all = "lowercase")]
pub enum DateStyle {
    /// `09/2013 – 10/2019` (the default).
    #[default]
    Numeric,
    /// `Sep 2013 – Oct 2019`: abbreviated month names.
    Short,
    /// `September 2013 – October 2019`.
    Long,
    /// `2013 – 2019`.
    Year,
}

impl DateStyle {
    /// The names a target writes: `numeric`, `short`, `long`, `year`.
    pub const NAMES: [&'static str; 4] = ["numeric", "short", "long", "year"];

    /// Parses a name.
    pub fn parse(name: &str) -> Option<DateStyle> {
        match name {
            "numeric" => Some(DateStyle::Numeric),
            "short" => Some(DateStyle::Short),
            "long" => Some(DateStyle::Long),
            "year" => Some(DateStyle::Year),
            _ => None,
        }
    }
}

/// A target, as written in the CV or in a preset. Every field but `name` may
/// be left out: a preset's value, then the default, is used.
#[serde_with::skip_serializing_none]
#[derive(Clone, Debug, Default, Serialize, Deserialize, PartialEq, schemars::JsonSchema)]
#[serde(deny_unknown_fields, default)]
pub struct Target {
    /// The target's name: its output folder (`out/<name>/`) and `--target` name.
    #[serde(skip_serializing_if = "String::is_empty")]
    pub name: String,
    /// A preset to start from (`short-cv`), shipped under `formats/presets/`
    /// or in a `presets/` folder next to the CV.
    pub preset: Option<String>,
    /// Output formats (`latex`, `text`, ...); default: every format.
    pub formats: Option<Vec<String>>,
    /// Also make a PDF from the LaTeX output.
    pub pdf: Option<bool>,
    /// Warn when the PDF has more pages than this.
    pub max_pages: Option<u32>,
    /// Base name of the output files; default `cv`.
    pub output: Option<String>,
    /// Section ids, in output order; default: every section, in CV order.
    pub sections: Option<Vec<String>>,
    /// Keep tagged entries only when they carry one of these tags (untagged entries stay).
    pub tags: Option<Vec<String>>,
    /// Drop entries that carry any of these tags.
    pub exclude_tags: Option<Vec<String>>,
    /// Section ids in which only entries marked `selected: true` are kept.
    pub selected_only: Option<Vec<String>>,
    /// Drop dated entries that ended before this year.
    pub since: Option<u16>,
    /// At most this many entries in each section (the first ones).
    pub max_items: Option<usize>,
    /// At most this many entries in the named sections (overrides `max_items`).
    pub limits: Option<BTreeMap<String, usize>>,
    /// Number the shown publications from 1 instead of keeping the full list's numbers.
    pub renumber: Option<bool>,
    /// Count lines count every publication of the CV, not only those shown.
    pub count_all: Option<bool>,
    /// Date style of entry columns: `numeric` (`09/2013`), `long` (`September 2013`) or `year`.
    pub dates: Option<String>,
    /// Language of the labels (`en`).
    pub lang: Option<String>,
    /// Paper size: `a4` or `letter`.
    pub page: Option<String>,
    /// Line width of text output; 0 for no wrapping.
    pub width: Option<usize>,
    /// A folder of template overrides, relative to the CV file.
    pub templates: Option<String>,
    /// The theme of its PDF and page (over `settings.theme`).
    pub theme: Option<String>,
    /// The citation style of its publications (over
    /// `settings.citation_style`): a bundled style's name or a `.csl` file.
    pub citation_style: Option<String>,
    /// Made for résumé parsers (applicant tracking systems): the `ats`
    /// theme (one column, standard headings, contacts in the body, each
    /// entry's dates first and its lines short, a blank line between
    /// entries), work history and education first, no photo.
    pub ats: Option<bool>,
    /// `false` leaves the CV's photo out of this target's outputs.
    pub photo: Option<bool>,
    /// Theme options, over `settings.theme_options` (`{"accent": "#7a2331"}`).
    pub theme_options: Option<BTreeMap<String, String>>,
    /// Format options, `FORMAT.NAME` to value (`"latex.engine": "lualatex"`).
    pub options: Option<BTreeMap<String, String>>,
}

macro_rules! overlay {
    ($self:ident, $base:ident, $($f:ident),*) => {
        Target { name: $self.name.clone(), preset: $self.preset.clone(), $($f: $self.$f.clone().or_else(|| $base.$f.clone()),)*
            options: merged(&$base.options, &$self.options),
            theme_options: merged(&$base.theme_options, &$self.theme_options),
        }
    };
}

/// A map of the preset's laid under a map of the target's, the target's winning.
fn merged(base: &Option<BTreeMap<String, String>>, over: &Option<BTreeMap<String, String>>) -> Option<BTreeMap<String, String>> {
    let mut o = base.clone().unwrap_or_default();
    o.extend(over.clone().unwrap_or_default());
    (!o.is_empty()).then_some(o)
}

impl Target {
    /// This target over a preset: every field it leaves out comes from the
    /// preset; options and theme options are merged, the target's winning.
    pub fn over(&self, preset: &Target) -> Target {
        overlay!(
            self,
            preset,
            formats,
            pdf,
            max_pages,
            output,
            sections,
            tags,
            exclude_tags,
            selected_only,
            since,
            max_items,
            limits,
            renumber,
            count_all,
            dates,
            lang,
            page,
            width,
            templates,
            theme,
            citation_style,
            ats,
            photo
        )
    }
}

/// What a target filter needs of an entry.
pub trait Filterable {
    /// Its tags.
    fn tags(&self) -> &[String];
    /// Whether it is marked for selective targets.
    fn selected(&self) -> bool;
    /// Its start or date, and its end.
    fn span(&self) -> (Option<&When>, Option<&End>);
}

macro_rules! filterable {
    ($($t:ty => |$e:ident| $span:expr;)*) => {
        $(impl Filterable for $t {
            fn tags(&self) -> &[String] { &self.tags }
            fn selected(&self) -> bool { self.selected }
            fn span(&self) -> (Option<&When>, Option<&End>) { let $e = self; $span }
        })*
    };
}

filterable! {
    Position => |e| (e.start.as_ref(), e.end.as_ref());
    Degree => |e| (e.start.as_ref(), e.end.as_ref());
    Publication => |e| (e.date.as_ref(), None);
    Course => |e| (e.term.as_ref(), e.end.as_ref());
    Mentee => |e| (e.start.as_ref(), e.end.as_ref());
    Service => |e| (e.date.as_ref(), e.end.as_ref());
    Award => |e| (e.date.as_ref(), e.end.as_ref());
    Talk => |e| (e.date.as_ref(), None);
    Grant => |e| (e.start.as_ref(), e.end.as_ref());
    Skill => |_e| (None, None);
    Language => |_e| (None, None);
    Certificate => |e| (e.date.as_ref(), None);
    Item => |e| (e.date.as_ref(), e.end.as_ref());
}

/// Whether a name in a target (`publications`, `industry-experience`) means
/// this section: its id, or its kind in lower case (every section of that kind).
pub fn names(s: &Section, name: &str) -> bool {
    s.id() == name || s.kind().eq_ignore_ascii_case(name)
}

/// The names a target may use for sections: every id and every kind in use.
pub fn section_names(cv: &Cv) -> Vec<String> {
    let mut out = section_ids(cv);
    for s in cv.all_sections() {
        let k = s.kind_name().to_string();
        if !out.contains(&k) {
            out.push(k);
        }
    }
    out
}

/// A target's filters, resolved.
struct Filter<'a> {
    t: &'a Target,
}

impl Filter<'_> {
    fn keep<T: Filterable>(&self, section: &Section, e: &T) -> bool {
        let tags = e.tags();
        if let Some(want) = &self.t.tags {
            if !tags.is_empty() && !tags.iter().any(|t| want.contains(t)) {
                return false;
            }
        }
        if let Some(drop) = &self.t.exclude_tags {
            if tags.iter().any(|t| drop.contains(t)) {
                return false;
            }
        }
        if self.t.selected_only.as_ref().is_some_and(|s| s.iter().any(|x| names(section, x))) && !e.selected() {
            return false;
        }
        if let Some(y) = self.t.since {
            let (start, end) = e.span();
            let last = match end {
                Some(End::Present) => None,
                Some(End::At(w)) => w.year(),
                None => start.and_then(When::year),
            };
            if last.is_some_and(|l| l < y) {
                return false;
            }
        }
        true
    }

    fn limit(&self, section: &Section) -> Option<usize> {
        let named = self.t.limits.as_ref().and_then(|l| l.iter().find(|(k, _)| names(section, k)).map(|(_, n)| *n));
        named.or(self.t.max_items)
    }

    /// The entries kept, and their indices in the original list.
    fn list<T: Filterable + Clone>(&self, section: &Section, entries: &[T], kept_at: &mut Vec<usize>) -> Vec<T> {
        let limit = self.limit(section).unwrap_or(usize::MAX);
        let mut out = Vec::new();
        for (i, e) in entries.iter().enumerate() {
            if out.len() < limit && self.keep(section, e) {
                out.push(e.clone());
                kept_at.push(i);
            }
        }
        out
    }

    /// The filtered section; `paths` gets (new path, original path) pairs
    /// for the section, its entries and its children.
    fn section(&self, original: &Section, new: &str, old: &str, paths: &mut Vec<(String, String)>) -> Section {
        let sec = original;
        let mut s = original.clone();
        let mut kept = Vec::new();
        let k = &mut kept;
        crate::match_section!(&mut s, list l => l.entries = self.list(sec, &l.entries, k), other s => {
            if let Section::Group(g) = s {
                let mut children = Vec::new();
                for (j, c) in g.sections.iter().enumerate() {
                    let child = self.section(c, &format!("{new}.sections[{}]", children.len()), &format!("{old}.sections[{j}]"), paths);
                    if has_content(&child) {
                        children.push(child);
                    } else {
                        paths.retain(|(n, _)| !n.starts_with(&format!("{new}.sections[{}]", children.len())));
                    }
                }
                g.sections = children;
            }
        });
        paths.push((new.to_string(), old.to_string()));
        for (n, o) in kept.iter().enumerate() {
            paths.push((format!("{new}.entries[{n}]"), format!("{old}.entries[{o}]")));
        }
        s
    }
}

/// Whether a filtered section still has something to show.
fn has_content(s: &Section) -> bool {
    match s {
        Section::Group(g) => g.sections.iter().any(has_content),
        s => s.entry_count().is_none_or(|n| n > 0),
    }
}

/// The document a target shows: its sections, in its order, with its
/// entries; sections left empty are dropped, and so are empty groups.
pub fn apply(doc: &Document, t: &Target) -> Document {
    let f = Filter { t };
    let cv = &doc.cv;
    // Every section with its path: top-level ones, then groups' children.
    let mut all: Vec<(&Section, String)> = cv.sections.iter().enumerate().map(|(i, s)| (s, format!("sections[{i}]"))).collect();
    for (i, s) in cv.sections.iter().enumerate() {
        if let Section::Group(g) = s {
            all.extend(g.sections.iter().enumerate().map(|(j, c)| (c, format!("sections[{i}].sections[{j}]"))));
        }
    }
    let top = cv.sections.len();
    let chosen: Vec<&(&Section, String)> = match &t.sections {
        None => all[..top].iter().collect(),
        Some(names_wanted) => {
            let mut out: Vec<&(&Section, String)> = Vec::new();
            for name in names_wanted {
                // Top-level sections by id or kind, else a group's child by id.
                let mut found: Vec<&(&Section, String)> = all[..top].iter().filter(|(s, _)| names(s, name)).collect();
                if found.is_empty() {
                    found = all[top..].iter().filter(|(s, _)| names(s, name)).collect();
                }
                for s in found {
                    if !out.iter().any(|o| o.1 == s.1) {
                        out.push(s);
                    }
                }
            }
            out
        }
    };
    let mut sections = Vec::new();
    let mut paths = Vec::new();
    for (s, old) in chosen {
        let new = format!("sections[{}]", sections.len());
        let mut these = Vec::new();
        let filtered = f.section(s, &new, old, &mut these);
        if has_content(&filtered) {
            sections.push(filtered);
            paths.extend(these);
        }
    }
    let filtered = Cv { sections, ..cv.clone() };
    let mut derived = doc.derived(filtered, t.renumber.unwrap_or(false), t.count_all.unwrap_or(false));
    derived.set_origins(paths);
    derived
}

/// Every section id of a CV, groups' children included, in order.
pub fn section_ids(cv: &Cv) -> Vec<String> {
    cv.all_sections().map(Section::id).collect()
}

/// Every tag used in a CV, sorted.
pub fn tags_used(cv: &Cv) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    crate::validate::walk_strings(cv, &mut |path, text| {
        let tagged = path.rsplit_once('.').map(|(_, last)| last).unwrap_or(path);
        if tagged.starts_with("tags[") && !path.starts_with("targets") && !out.iter().any(|t| t == text) {
            out.push(text.to_string());
        }
    });
    out.sort();
    out
}
