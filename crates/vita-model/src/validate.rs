//! Semantic validation: everything serde cannot see, collected in one pass.

use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

use crate::date::{End, When};
use crate::diag::Diagnostic;
use crate::rich::Rich;
use crate::spans::SpanIndex;
use crate::types::*;

/// Checks a deserialised CV; positions come from `index`.
pub fn validate(cv: &Cv, index: &SpanIndex) -> Vec<Diagnostic> {
    let mut c = Checker { index, out: Vec::new(), pub_ids: HashMap::new() };
    c.run(cv);
    c.out
}

/// Checks targets against the CV they tailor: names, section ids, tags,
/// page sizes and label languages. `prefix` is their list's path (`targets`
/// in the CV, empty in a targets file); positions come from `index`.
/// Format names, presets and option names are the command line's to check.
pub fn validate_targets(cv: &Cv, targets: &[crate::target::Target], prefix: &str, index: &SpanIndex) -> Vec<Diagnostic> {
    let mut c = Checker { index, out: Vec::new(), pub_ids: HashMap::new() };
    c.targets(cv, targets, prefix);
    c.out
}

/// Checks a preset (a target without a name): the same checks as a
/// target's fields, with paths from the preset's root, except that the
/// sections and tags it names need not exist (a preset serves many CVs;
/// names it lists that a CV lacks are passed over).
pub fn validate_preset(preset: &crate::target::Target, index: &SpanIndex) -> Vec<Diagnostic> {
    let mut c = Checker { index, out: Vec::new(), pub_ids: HashMap::new() };
    c.target_fields(preset, "");
    c.out
}

/// The longest text one field may hold, in bytes (every output holds it
/// several times over; see docs/security.md).
pub const MAX_STRING: usize = 1024 * 1024;

/// The largest `number_from` a publication list may give.
pub const MAX_NUMBER_FROM: u32 = 1_000_000;

/// The longest name vita makes a file or folder from (target names, base names), in bytes.
pub const MAX_FILE_NAME: usize = 100;

/// The longest explicit section id, in bytes.
pub const MAX_SECTION_ID: usize = 64;

/// Checks a name that becomes one file or folder name in the output folder:
/// letters, digits, `-`, `_` and `.`, not starting with `.`, at most
/// [`MAX_FILE_NAME`] bytes. The error is the hint to show.
pub fn check_file_name(name: &str) -> Result<(), String> {
    if name.is_empty() || name.starts_with('.') || !name.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.')) {
        Err("use letters, digits, `-`, `_` and `.`, not starting with `.`".into())
    } else if name.len() > MAX_FILE_NAME {
        Err(format!("at most {MAX_FILE_NAME} characters"))
    } else {
        Ok(())
    }
}

/// Checks an explicit section id: it names an anchor in HTML, a label in
/// LaTeX and part of a file name (`text.split=sections`), so it is ASCII
/// letters, digits, `-` and `_`, starting with a letter, at most
/// [`MAX_SECTION_ID`] bytes, and not `pub-N` (publication anchors).
pub fn check_section_id(id: &str) -> Result<(), String> {
    let hint = "use ASCII letters, digits, `-` and `_`, starting with a letter, such as `selected-talks`";
    if !id.starts_with(|c: char| c.is_ascii_alphabetic()) || !id.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_')) {
        Err(hint.into())
    } else if id.len() > MAX_SECTION_ID {
        Err(format!("at most {MAX_SECTION_ID} characters"))
    } else if id.strip_prefix("pub-").is_some_and(|n| n.bytes().all(|b| b.is_ascii_digit())) {
        Err("`pub-N` names publication N's anchor; choose another id".into())
    } else {
        Ok(())
    }
}

struct Checker<'a> {
    index: &'a SpanIndex,
    out: Vec<Diagnostic>,
    pub_ids: HashMap<String, String>,
}

impl Checker<'_> {
    fn push(&mut self, d: Diagnostic) {
        let pos = self.index.find(&d.path);
        self.out.push(d.at(pos));
    }

    fn error(&mut self, path: &str, msg: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::error(path, msg);
        d.hint = hint;
        self.push(d);
    }

    fn warn(&mut self, path: &str, msg: impl Into<String>, hint: Option<String>) {
        let mut d = Diagnostic::warning(path, msg);
        d.hint = hint;
        self.push(d);
    }

    fn run(&mut self, cv: &Cv) {
        // Publication ids first, so that references anywhere can be resolved.
        for (si, s) in cv.sections.iter().enumerate() {
            self.collect_ids(s, &format!("sections[{si}]"));
        }
        self.person(&cv.person);
        if let Some(u) = &cv.updated {
            self.when("updated", u);
        }
        let mut section_ids: HashMap<String, String> = HashMap::new();
        for (si, s) in cv.sections.iter().enumerate() {
            let path = format!("sections[{si}]");
            self.section(cv, s, &path, false, &mut section_ids);
        }
        let used: HashSet<String> = cv.publications().filter_map(crate::derive::venue_key).collect();
        for (i, v) in cv.settings.venue_order.iter().enumerate() {
            if !used.contains(v) {
                let hint = closest(v, used.iter().map(String::as_str)).map(|s| format!("did you mean `{s}`?"));
                self.warn(&format!("settings.venue_order[{i}]"), format!("no publication has the venue `{v}`"), hint);
            }
        }
        if let Some(lang) = &cv.settings.lang {
            if !is_language_tag(lang) {
                self.error(
                    "settings.lang",
                    format!("`{lang}` is not a language tag"),
                    Some("write a BCP 47 tag such as `en` or `en-GB`".into()),
                );
            }
        }
        self.strings(cv);
        self.targets(cv, &cv.targets, "targets");
    }

    fn targets(&mut self, cv: &Cv, targets: &[crate::target::Target], prefix: &str) {
        if targets.is_empty() {
            return;
        }
        // What targets may name, found once for all of them.
        let ids = crate::target::section_names(cv);
        let tags = crate::target::tags_used(cv);
        let mut names: HashMap<&str, String> = HashMap::new();
        for (i, t) in targets.iter().enumerate() {
            let p = format!("{prefix}[{i}]");
            if t.name.is_empty() {
                self.error(&p, "a target needs a `name`", Some("add name: \"faculty\"; it names the output folder".into()));
            } else if let Err(hint) = check_file_name(&t.name) {
                self.error(&format!("{p}.name"), format!("`{}` cannot name an output folder", t.name), Some(hint));
            } else if let Some(first) = names.get(t.name.as_str()) {
                self.error(
                    &format!("{p}.name"),
                    format!("a second target named `{}`", t.name),
                    Some(format!("the first is {first}; rename one")),
                );
            } else {
                names.insert(&t.name, p.clone());
            }
            self.target_references(t, &p, &ids, &tags);
            self.target_fields(t, &p);
        }
    }

    /// The checks of a target's values (not its name, not what it names in
    /// the CV); presets get them too.
    fn target_fields(&mut self, t: &crate::target::Target, p: &str) {
        let at = |field: &str| if p.is_empty() { field.to_string() } else { format!("{p}.{field}") };
        self.target_values(t, &at);
    }

    /// The sections and tags a target names exist in the CV.
    fn target_references(&mut self, t: &crate::target::Target, p: &str, ids: &[String], tags: &[String]) {
        let at = |field: &str| if p.is_empty() { field.to_string() } else { format!("{p}.{field}") };
        let section_list = |c: &mut Self, field: &str, list: Option<&Vec<String>>| {
            for (j, id) in list.into_iter().flatten().enumerate() {
                if !ids.contains(id) {
                    c.error(
                        &format!("{}[{j}]", at(field)),
                        format!("no section has the id or kind `{id}`"),
                        Some(hint_for(id, ids, "section ids and kinds")),
                    );
                }
            }
        };
        section_list(self, "sections", t.sections.as_ref());
        section_list(self, "selected_only", t.selected_only.as_ref());
        for id in t.limits.iter().flat_map(|l| l.keys()) {
            if !ids.contains(id) {
                self.error(
                    &at(&format!("limits.{id}")),
                    format!("no section has the id or kind `{id}`"),
                    Some(hint_for(id, ids, "section ids and kinds")),
                );
            }
        }
        for (field, list) in [("tags", &t.tags), ("exclude_tags", &t.exclude_tags)] {
            for (j, tag) in list.iter().flatten().enumerate() {
                if !tags.contains(tag) {
                    self.error(
                        &format!("{}[{j}]", at(field)),
                        format!("no entry has the tag `{tag}`"),
                        Some(hint_for(tag, tags, "tags in use")),
                    );
                }
            }
        }
    }

    /// The values a target gives (page, dates, language, output name, options) are well-formed.
    fn target_values(&mut self, t: &crate::target::Target, at: &dyn Fn(&str) -> String) {
        if let Some(page) = &t.page {
            if !matches!(page.as_str(), "a4" | "letter") {
                self.error(&at("page"), format!("unknown page size `{page}`"), Some("use \"a4\" or \"letter\"".into()));
            }
        }
        if let Some(d) = &t.dates {
            if crate::target::DateStyle::parse(d).is_none() {
                self.error(
                    &at("dates"),
                    format!("unknown date style `{d}`"),
                    Some(format!("use one of {}", crate::target::DateStyle::NAMES.map(|n| format!("\"{n}\"")).join(", "))),
                );
            }
        }
        if let Some(lang) = &t.lang {
            if !is_language_tag(lang) {
                self.error(
                    &at("lang"),
                    format!("`{lang}` is not a language tag"),
                    Some("write a BCP 47 tag such as `en` or `de-AT`".into()),
                );
            }
            // Whether vita has words in that language is the view's to say (the command checks it).
        }
        if let Some(o) = &t.output {
            if let Err(hint) = check_file_name(o) {
                self.error(&at("output"), format!("`{o}` cannot name output files"), Some(hint));
            }
        }
        for (key, value) in t.options.iter().flatten() {
            if !key.contains('.') {
                self.error(
                    &at("options"),
                    format!("option `{key}` does not name its format"),
                    Some("write \"FORMAT.NAME\", such as \"latex.engine\"".into()),
                );
            } else if let Some(c) = value.chars().chain(key.chars()).find(|c| c.is_control()) {
                self.error(
                    &at(&format!("options.{key}")),
                    format!("the option contains the control character U+{:04X}", c as u32),
                    Some("option values are single-line text".into()),
                );
            }
        }
    }

    fn collect_ids(&mut self, s: &Section, path: &str) {
        match s {
            Section::Publications(list) => {
                for (i, p) in list.entries.iter().enumerate() {
                    let here = format!("{path}.entries[{i}].id");
                    if p.id.trim().is_empty() {
                        self.error(&here, "a publication id must not be empty", Some("use a short name such as `park-nsdi19`".into()));
                    } else if let Some(first) = self.pub_ids.get(&p.id) {
                        let first = first.clone();
                        self.error(&here, format!("duplicate publication id `{}`", p.id), Some(format!("first used at {first}")));
                    } else {
                        self.pub_ids.insert(p.id.clone(), here);
                    }
                }
            }
            Section::Group(g) => {
                for (i, inner) in g.sections.iter().enumerate() {
                    self.collect_ids(inner, &format!("{path}.sections[{i}]"));
                }
            }
            _ => {}
        }
    }

    fn pub_ref(&mut self, path: &str, id: &str) {
        if !self.pub_ids.contains_key(id) {
            let hint = closest(id, self.pub_ids.keys().map(String::as_str))
                .map(|s| format!("did you mean `{s}`?"))
                .or_else(|| Some("cite a publication by its `id`".into()));
            self.error(path, format!("unknown publication id `{id}`"), hint);
        }
    }

    fn person(&mut self, p: &Person) {
        if p.name.trim().is_empty() {
            self.error("person.name", "the name must not be empty", None);
        }
        if let Some(e) = &p.email {
            if !is_email(e) {
                self.error("person.email", format!("`{e}` is not an email address"), Some("write it as name@example.org".into()));
            }
        }
        self.opt_url("person.website", p.website.as_deref());
        // An empty image means none (JSON Resume files carry `"image": ""`).
        self.opt_url("person.image", p.image.as_deref().filter(|i| !i.is_empty()));
        if let Some(photo) = &p.photo {
            let lower = photo.to_ascii_lowercase();
            if !(lower.ends_with(".jpg") || lower.ends_with(".jpeg") || lower.ends_with(".png")) || photo.contains("://") {
                self.error(
                    "person.photo",
                    format!("`{photo}` is not a JPEG or PNG file"),
                    Some("name a `.jpg` or `.png` file beside the CV; an address goes in `image`".into()),
                );
            }
        }
        if let Some(a) = &p.address {
            if let Some(c) = &a.country {
                if !(c.len() == 2 && c.bytes().all(|b| b.is_ascii_uppercase())) {
                    self.error(
                        "person.address.country",
                        format!("`{c}` is not a two-letter country code"),
                        Some("use ISO 3166-1 alpha-2, such as `US`, `GB` or `DE`".into()),
                    );
                }
            }
        }
        for (i, pr) in p.profiles.iter().enumerate() {
            self.opt_url(&format!("person.profiles[{i}].url"), pr.url.as_deref());
        }
        self.opt_rich("person.summary", p.summary.as_ref());
    }

    fn section(&mut self, cv: &Cv, s: &Section, path: &str, nested: bool, ids: &mut HashMap<String, String>) {
        self.section_id(s, path, ids);
        match s {
            Section::Positions(l) => self.list(l, path, Self::position_entry),
            Section::Education(l) => self.list(l, path, Self::degree_entry),
            Section::Research(r) => {
                self.opt_rich(&format!("{path}.vision"), r.vision.as_ref());
                for (i, pr) in r.projects.iter().enumerate() {
                    let pp = format!("{path}.projects[{i}]");
                    for (j, id) in pr.publications.iter().enumerate() {
                        self.pub_ref(&format!("{pp}.publications[{j}]"), id);
                    }
                    self.opt_rich(&format!("{pp}.description"), pr.description.as_ref());
                    self.opt_url(&format!("{pp}.url"), pr.url.as_deref());
                }
            }
            Section::Publications(l) => {
                if l.number_from == Some(0) {
                    self.error(&format!("{path}.number_from"), "numbering starts at 1 or later", None);
                } else if l.number_from.is_some_and(|n| n > MAX_NUMBER_FROM) {
                    self.error(
                        &format!("{path}.number_from"),
                        format!("numbering starts at {MAX_NUMBER_FROM} at the latest"),
                        Some("publication numbers are small whole numbers".into()),
                    );
                }
                self.opt_rich(&format!("{path}.intro"), l.intro.as_ref());
                match &l.from {
                    None => {
                        for (what, given) in [("overlay", !l.overlay.is_empty()), ("exclude", !l.exclude.is_empty())] {
                            if given {
                                self.error(
                                    &format!("{path}.{what}"),
                                    format!("`{what}` applies to entries read from a file, and the section has no `from`"),
                                    Some("add `from: \"papers.bib\"` or remove it".into()),
                                );
                            }
                        }
                    }
                    Some(f) => {
                        let lower = f.to_ascii_lowercase();
                        if f.trim().is_empty() || !(lower.ends_with(".bib") || lower.ends_with(".json")) {
                            self.error(
                                &format!("{path}.from"),
                                format!("`{f}` is not a publication file vita reads"),
                                Some("name a BibTeX file (`.bib`), or a CSL-JSON or ORCID works file (`.json`)".into()),
                            );
                        }
                        for (key, o) in &l.overlay {
                            if let Some(d) = &o.date {
                                self.when(&format!("{path}.overlay.{key}.date"), d);
                            }
                            self.opt_rich(&format!("{path}.overlay.{key}.note"), o.note.as_ref());
                        }
                    }
                }
                // A file not read (its problem is reported) leaves `from` set.
                if l.entries.is_empty() && l.from.is_none() {
                    self.warn(&format!("{path}.entries"), "the section has no entries", Some("add entries or remove the section".into()));
                }
                for (i, p) in l.entries.iter().enumerate() {
                    self.publication(cv, p, &format!("{path}.entries[{i}]"));
                }
            }
            Section::Teaching(l) => self.list(l, path, Self::course_entry),
            Section::Mentoring(l) => self.list(l, path, Self::mentee_entry),
            Section::Service(l) => self.list(l, path, Self::service_entry),
            Section::Awards(l) => self.list(l, path, Self::award_entry),
            Section::Talks(l) => self.list(l, path, Self::talk_entry),
            Section::Grants(l) => self.list(l, path, Self::grant_entry),
            Section::Skills(l) => self.list(l, path, Self::skill_entry),
            Section::Languages(l) => self.list(l, path, Self::language_entry),
            Section::Certificates(l) => self.list(l, path, Self::certificate_entry),
            Section::Custom(l) => self.list(l, path, Self::item_entry),
            Section::Text(t) => self.rich(&format!("{path}.body"), &t.body),
            Section::Group(g) => {
                if nested {
                    self.error(
                        &format!("{path}.sections"),
                        "groups do not nest",
                        Some("move the inner group's sections up one level".into()),
                    );
                }
                for (i, inner) in g.sections.iter().enumerate() {
                    self.section(cv, inner, &format!("{path}.sections[{i}]"), true, ids);
                }
            }
        }
    }

    /// The section's id: well-formed, and not another section's (or its heading's).
    fn section_id(&mut self, s: &Section, path: &str, ids: &mut HashMap<String, String>) {
        let id = s.id();
        let explicit_bad = s.explicit_id().and_then(|e| check_section_id(e).err());
        if let Some(hint) = explicit_bad {
            self.error(&format!("{path}.id"), format!("`{id}` cannot be a section id"), Some(hint));
        } else if id.is_empty() {
            self.error(&format!("{path}.title"), "a section needs a title with letters or digits, or an `id`", None);
        } else if let Some(first) = ids.get(&id).or_else(|| ids.get(&format!("{id}-h"))) {
            // Each section is two anchors in HTML: `id` and `id-h` (its heading).
            let first = first.clone();
            self.error(
                &format!("{path}.title"),
                format!("duplicate section id `{id}`"),
                Some(format!("first used at {first}; give one of them an `id`")),
            );
        } else if let Some(first) = id.strip_suffix("-h").and_then(|base| ids.get(base)) {
            let first = first.clone();
            self.error(
                &format!("{path}.title"),
                format!("the section id `{id}` is the heading anchor of the section at {first}"),
                Some("give one of them another `id`".into()),
            );
        } else {
            ids.insert(id, path.to_string());
        }
    }

    /// The checks of one Position entry at `p`.
    fn position_entry(&mut self, p: &str, e: &Position) {
        self.nonempty(&format!("{p}.org"), &e.org);
        self.range(p, e.start.as_ref(), "start", e.end.as_ref());
        self.opt_rich(&format!("{p}.description"), e.description.as_ref());
        self.riches(&format!("{p}.highlights"), &e.highlights);
        self.opt_url(&format!("{p}.url"), e.url.as_deref());
    }

    /// The checks of one Degree entry at `p`.
    fn degree_entry(&mut self, p: &str, e: &Degree) {
        self.nonempty(&format!("{p}.institution"), &e.institution);
        self.range(p, e.start.as_ref(), "start", e.end.as_ref());
        self.opt_rich(&format!("{p}.description"), e.description.as_ref());
        self.opt_url(&format!("{p}.url"), e.url.as_deref());
    }

    /// The checks of one Course entry at `p`.
    fn course_entry(&mut self, p: &str, e: &Course) {
        self.nonempty(&format!("{p}.course"), &e.course);
        self.range(p, e.term.as_ref(), "term", e.end.as_ref());
        self.opt_rich(&format!("{p}.description"), e.description.as_ref());
        self.opt_url(&format!("{p}.url"), e.url.as_deref());
    }

    /// The checks of one Mentee entry at `p`.
    fn mentee_entry(&mut self, p: &str, e: &Mentee) {
        self.nonempty(&format!("{p}.name"), &e.name);
        self.range(p, e.start.as_ref(), "start", e.end.as_ref());
        self.opt_rich(&format!("{p}.description"), e.description.as_ref());
    }

    /// The checks of one Service entry at `p`.
    fn service_entry(&mut self, p: &str, e: &Service) {
        self.nonempty(&format!("{p}.role"), &e.role);
        self.range(p, e.date.as_ref(), "date", e.end.as_ref());
        self.opt_rich(&format!("{p}.description"), e.description.as_ref());
        self.riches(&format!("{p}.highlights"), &e.highlights);
        self.opt_url(&format!("{p}.url"), e.url.as_deref());
    }

    /// The checks of one Award entry at `p`.
    fn award_entry(&mut self, p: &str, e: &Award) {
        self.nonempty(&format!("{p}.name"), &e.name);
        self.range(p, e.date.as_ref(), "date", e.end.as_ref());
        self.opt_rich(&format!("{p}.note"), e.note.as_ref());
        self.opt_url(&format!("{p}.url"), e.url.as_deref());
        if let Some(a) = &e.amount {
            self.currency(&format!("{p}.amount.currency"), &a.currency);
        }
        if let Some(id) = &e.publication {
            self.pub_ref(&format!("{p}.publication"), id);
        }
    }

    /// The checks of one Talk entry at `p`.
    fn talk_entry(&mut self, p: &str, e: &Talk) {
        self.nonempty(&format!("{p}.title"), &e.title);
        if let Some(d) = &e.date {
            self.when(&format!("{p}.date"), d);
        }
        self.opt_rich(&format!("{p}.description"), e.description.as_ref());
        self.opt_url(&format!("{p}.url"), e.url.as_deref());
        if let Some(id) = &e.publication {
            self.pub_ref(&format!("{p}.publication"), id);
        }
    }

    /// The checks of one Grant entry at `p`.
    fn grant_entry(&mut self, p: &str, e: &Grant) {
        self.nonempty(&format!("{p}.title"), &e.title);
        self.range(p, e.start.as_ref(), "start", e.end.as_ref());
        self.opt_rich(&format!("{p}.description"), e.description.as_ref());
        if let Some(a) = &e.amount {
            self.currency(&format!("{p}.amount.currency"), &a.currency);
        }
    }

    /// The checks of one Skill entry at `p`.
    fn skill_entry(&mut self, p: &str, e: &Skill) {
        self.nonempty(&format!("{p}.name"), &e.name);
    }

    /// The checks of one Language entry at `p`.
    fn language_entry(&mut self, p: &str, e: &Language) {
        self.nonempty(&format!("{p}.name"), &e.name);
        if let Some(code) = &e.code {
            if !(code.len() == 2 && code.bytes().all(|b| b.is_ascii_lowercase())) {
                self.error(
                    &format!("{p}.code"),
                    format!("`{code}` is not a two-letter language code"),
                    Some("use ISO 639-1 in lower case, such as `en` or `ko`".into()),
                );
            }
        }
        if e.native && (e.level.is_some() || e.grid.is_some()) {
            self.warn(&format!("{p}.level"), "a mother tongue has no CEFR level", Some("remove `level`/`grid`, or `native: true`".into()));
        }
    }

    /// The checks of one Certificate entry at `p`.
    fn certificate_entry(&mut self, p: &str, e: &Certificate) {
        self.nonempty(&format!("{p}.name"), &e.name);
        if let Some(d) = &e.date {
            self.when(&format!("{p}.date"), d);
        }
        self.opt_url(&format!("{p}.url"), e.url.as_deref());
    }

    /// The checks of one Item entry at `p`.
    fn item_entry(&mut self, p: &str, e: &Item) {
        self.nonempty(&format!("{p}.title"), &e.title);
        self.range(p, e.date.as_ref(), "date", e.end.as_ref());
        self.opt_rich(&format!("{p}.description"), e.description.as_ref());
        self.riches(&format!("{p}.highlights"), &e.highlights);
        self.opt_url(&format!("{p}.url"), e.url.as_deref());
    }

    fn list<T>(&mut self, l: &List<T>, path: &str, mut each: impl FnMut(&mut Self, &str, &T)) {
        self.opt_rich(&format!("{path}.intro"), l.intro.as_ref());
        if l.entries.is_empty() {
            self.warn(&format!("{path}.entries"), "the section has no entries", Some("add entries or remove the section".into()));
        }
        for (i, e) in l.entries.iter().enumerate() {
            each(self, &format!("{path}.entries[{i}]"), e);
        }
    }

    fn publication(&mut self, cv: &Cv, p: &Publication, path: &str) {
        self.nonempty(&format!("{path}.title"), &p.title);
        if p.authors.is_empty() {
            self.warn(&format!("{path}.authors"), "the publication has no authors", None);
        } else if !p.authors.iter().any(|a| cv.is_owner(&a.name)) {
            self.warn(
                &format!("{path}.authors"),
                format!("`{}` is not among the authors", cv.person.name),
                Some("add the spelling used here to `person.aliases`".into()),
            );
        }
        let mut seen = HashSet::new();
        for (i, a) in p.authors.iter().enumerate() {
            if a.name.trim().is_empty() {
                self.error(&format!("{path}.authors[{i}]"), "an author name must not be empty", None);
            } else if !seen.insert(a.name.trim().to_lowercase()) {
                self.warn(&format!("{path}.authors[{i}]"), format!("`{}` is listed twice", a.name), None);
            }
        }
        if p.authors.iter().filter(|a| a.equal).count() == 1 {
            self.warn(
                &format!("{path}.authors"),
                "only one author is marked `equal`",
                Some("equal contribution is shared by two or more authors".into()),
            );
        }
        if let Some(d) = &p.date {
            self.when(&format!("{path}.date"), d);
        }
        if let Some(a) = &p.acceptance {
            let ap = format!("{path}.acceptance");
            if a.submitted == 0 {
                self.error(
                    &format!("{ap}.submitted"),
                    "no papers submitted: the rate is undefined",
                    Some("give the number of submissions".into()),
                );
            } else if a.accepted > a.submitted {
                self.error(
                    &format!("{ap}.accepted"),
                    format!("{} accepted out of {} submitted is more than all of them", a.accepted, a.submitted),
                    Some("accepted must not exceed submitted; are the two swapped?".into()),
                );
            }
        }
        let links = format!("{path}.links");
        self.opt_url(&format!("{links}.paper"), p.links.paper.as_deref());
        self.opt_url(&format!("{links}.slides"), p.links.slides.as_deref());
        self.opt_url(&format!("{links}.code"), p.links.code.as_deref());
        self.opt_url(&format!("{links}.video"), p.links.video.as_deref());
        if let Some(doi) = &p.links.doi {
            if !doi.starts_with("10.") || !doi.contains('/') {
                self.error(
                    &format!("{links}.doi"),
                    format!("`{doi}` is not a DOI"),
                    Some("write the DOI alone, such as `10.1145/2806887`".into()),
                );
            }
        }
        self.opt_rich(&format!("{path}.note"), p.note.as_ref());
    }

    fn nonempty(&mut self, path: &str, s: &str) {
        if s.trim().is_empty() {
            self.error(path, "must not be empty", None);
        }
    }

    fn when(&mut self, path: &str, w: &When) -> bool {
        if let When::Invalid { reason, text } = w {
            let hint = if let Some(vita) = crate::date::month_and_year(text) {
                format!("write `{vita}`")
            } else if reason.ends_with("is not a term") {
                "use Winter, Spring, Summer or Fall, then the year".into()
            } else {
                "write YYYY, YYYY-MM, YYYY-MM-DD or a term like `Fall 2017`".into()
            };
            self.error(path, reason.clone(), Some(hint));
            false
        } else {
            true
        }
    }

    fn range(&mut self, path: &str, start: Option<&When>, start_name: &str, end: Option<&End>) {
        let start_ok = match start {
            Some(s) => self.when(&format!("{path}.{start_name}"), s),
            None => false,
        };
        let end_when = end.and_then(End::when);
        let end_ok = match end_when {
            Some(e) => self.when(&format!("{path}.end"), e),
            None => false,
        };
        if end.is_some() && start.is_none() {
            self.error(&format!("{path}.end"), format!("an end without a `{start_name}`"), Some(format!("add `{start_name}`")));
        }
        if let (true, true, Some(s), Some(e)) = (start_ok, end_ok, start, end_when) {
            if s.cmp_coarse(e) == Some(Ordering::Greater) {
                self.error(
                    &format!("{path}.end"),
                    format!("ends ({e}) before it starts ({s})"),
                    Some("swap the dates, or fix the year".into()),
                );
            }
        }
    }

    fn currency(&mut self, path: &str, c: &str) {
        if !(c.len() == 3 && c.bytes().all(|b| b.is_ascii_uppercase())) {
            self.error(path, format!("`{c}` is not a currency code"), Some("use ISO 4217, such as `USD` or `EUR`".into()));
        }
    }

    fn opt_url(&mut self, path: &str, url: Option<&str>) {
        if let Some(u) = url {
            self.url(path, u);
        }
    }

    fn url(&mut self, path: &str, u: &str) {
        if let Err((msg, hint)) = check_url(u) {
            self.error(path, msg, Some(hint));
        }
    }

    fn opt_rich(&mut self, path: &str, r: Option<&Rich>) {
        if let Some(r) = r {
            self.rich(path, r);
        }
    }

    fn riches(&mut self, path: &str, items: &[Rich]) {
        for (i, r) in items.iter().enumerate() {
            self.rich(&format!("{path}[{i}]"), r);
        }
    }

    fn rich(&mut self, path: &str, r: &Rich) {
        if r.too_deep() {
            self.error(
                path,
                format!("emphasis, strong text and links nest more than {} deep", crate::rich::MAX_DEPTH),
                Some("simplify the markup".into()),
            );
        }
        for u in r.urls() {
            if let Err((msg, hint)) = check_url(u) {
                self.error(path, format!("link: {msg}"), Some(hint));
            }
        }
    }

    /// Checks every string of the document for characters no output format
    /// can carry, and for length: one visit of the strings in place, and a
    /// walk with their paths only when one is reported.
    fn strings(&mut self, cv: &Cv) {
        let (mut longest, mut odd) = (0, false);
        crate::visit::for_each_str(cv, &mut |s| {
            longest = longest.max(s.len());
            odd = odd || s.chars().any(|c| !is_xml_char(c));
        });
        if longest > MAX_STRING {
            let mut long = Vec::new();
            walk_strings_where(cv, &|s| s.len() > MAX_STRING, &mut |path, s| long.push((path.to_string(), s.len())));
            for (path, n) in long {
                self.error(
                    &path,
                    format!("the text has {n} bytes, over the limit of {MAX_STRING}"),
                    Some("a CV field holds at most 1 MiB of text".into()),
                );
            }
        }
        if odd {
            let mut bad = Vec::new();
            walk_strings_where(cv, &|s| s.chars().any(|c| !is_xml_char(c)), &mut |path, s| {
                if let Some(c) = s.chars().find(|&c| !is_xml_char(c)) {
                    bad.push((path.to_string(), c));
                }
            });
            for (path, c) in bad {
                self.error(
                    &path,
                    format!("contains the control character U+{:04X}", c as u32),
                    Some("remove it; XML and most formats cannot carry it".into()),
                );
            }
        }
    }
}

/// Calls `f` for every string of the CV that holds a character `wanted`
/// accepts: a visit of the strings first, and the walk with paths only when
/// something is there (the usual answer is nothing).
pub fn for_strings_with(cv: &Cv, wanted: impl Fn(char) -> bool, f: &mut dyn FnMut(&str, &str)) {
    let mut any = false;
    crate::visit::for_each_str(cv, &mut |s| any = any || s.chars().any(&wanted));
    if any {
        walk_strings_where(cv, &|s| s.chars().any(&wanted), f);
    }
}

/// Calls `f` once per field and distinct character `wanted` accepts, in
/// document order (a backend's "this font has no `中`" warnings).
pub fn for_chars_where(cv: &Cv, wanted: impl Fn(char) -> bool, f: &mut dyn FnMut(&str, char)) {
    for_strings_with(cv, &wanted, &mut |path, text| {
        let mut seen: Vec<char> = Vec::new();
        for c in text.chars().filter(|c| wanted(*c)) {
            if !seen.contains(&c) {
                seen.push(c);
                f(path, c);
            }
        }
    });
}

/// Characters allowed in XML 1.0 (and so in every output).
pub fn is_xml_char(c: char) -> bool {
    matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..='\u{10FFFF}')
}

/// Calls `f` with the field path and text of every string in the CV
/// (rich text as its source), in document order.
pub fn walk_strings(cv: &Cv, f: &mut dyn FnMut(&str, &str)) {
    walk_strings_where(cv, &|_| true, f);
}

/// [`walk_strings`] for the strings `keep` accepts: the path of a string is
/// written only for those, so a walk that finds one string costs no more
/// than the walk.
pub fn walk_strings_where(cv: &Cv, keep: &dyn Fn(&str) -> bool, f: &mut dyn FnMut(&str, &str)) {
    // The serialised form has the same field paths as the source, but for the
    // enum variant keys of sections (capitalised), which paths leave out.
    let Ok(value) = serde_json::to_value(cv) else { return };
    let mut path = Vec::new();
    walk(&value, &mut path, keep, f);

    enum Seg<'a> {
        Key(&'a str),
        Index(usize),
        /// A section's variant key: not in paths.
        Skip,
    }
    fn written(path: &[Seg<'_>]) -> String {
        let mut out = String::new();
        for seg in path {
            match seg {
                Seg::Key(k) if out.is_empty() => out.push_str(k),
                Seg::Key(k) => {
                    out.push('.');
                    out.push_str(k);
                }
                Seg::Index(i) => out.push_str(&format!("[{i}]")),
                Seg::Skip => {}
            }
        }
        out
    }
    fn walk<'a>(v: &'a serde_json::Value, path: &mut Vec<Seg<'a>>, keep: &dyn Fn(&str) -> bool, f: &mut dyn FnMut(&str, &str)) {
        match v {
            serde_json::Value::String(s) if keep(s) => f(&written(path), s),
            serde_json::Value::Array(items) => {
                for (i, item) in items.iter().enumerate() {
                    path.push(Seg::Index(i));
                    walk(item, path, keep, f);
                    path.pop();
                }
            }
            serde_json::Value::Object(m) => {
                for (k, item) in m {
                    path.push(if k.chars().next().is_some_and(|c| c.is_ascii_uppercase()) { Seg::Skip } else { Seg::Key(k) });
                    walk(item, path, keep, f);
                    path.pop();
                }
            }
            _ => {}
        }
    }
}

/// `did you mean ...?`, or the list of what is known (`what: a, b, c`).
pub fn did_you_mean<S: AsRef<str>>(word: &str, known: &[S], what: &str) -> String {
    match closest(word, known.iter().map(AsRef::as_ref)) {
        Some(k) => format!("did you mean `{k}`?"),
        None => format!("{what}: {}", known.iter().map(AsRef::as_ref).collect::<Vec<_>>().join(", ")),
    }
}

/// [`did_you_mean`], or what the CV lacks when it has none.
fn hint_for(word: &str, known: &[String], what: &str) -> String {
    if known.is_empty() {
        format!("the CV has no {what}")
    } else {
        did_you_mean(word, known, what)
    }
}

/// Accepts absolute `http`, `https` and `mailto` addresses.
pub fn check_url(u: &str) -> Result<(), (String, String)> {
    let hint = || "write a full address such as https://example.org/page".to_string();
    let Some((scheme, rest)) = u.split_once(':') else {
        return Err((format!("`{u}` is not an absolute address"), hint()));
    };
    let scheme_l = scheme.to_ascii_lowercase();
    if !scheme.chars().all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.')) || scheme.is_empty() {
        return Err((format!("`{u}` is not an absolute address"), hint()));
    }
    match scheme_l.as_str() {
        "http" | "https" => {
            let host = rest.strip_prefix("//").unwrap_or("");
            let host = host.split(['/', '?', '#']).next().unwrap_or("");
            if host.is_empty() {
                Err((format!("`{u}` has no host"), hint()))
            } else if u.chars().any(char::is_whitespace) {
                Err((format!("`{u}` contains a space"), "write spaces as %20".into()))
            } else {
                Ok(())
            }
        }
        "mailto" if is_email(rest) => Ok(()),
        "mailto" => Err((format!("`{rest}` is not an email address"), "write mailto:name@example.org".into())),
        _ => Err((format!("the scheme `{scheme}:` is not allowed"), "links must use http, https or mailto".into())),
    }
}

/// An address of the form `name@host.tld`. Characters that would change a
/// `mailto:` link (`?`, `&`, `#`, `%`, `/`, `,`, `;`), quotes, brackets,
/// spaces and controls are refused, so the address is one recipient and nothing else.
pub fn is_email(e: &str) -> bool {
    let Some((user, host)) = e.split_once('@') else { return false };
    let user_ok = |c: char| c.is_alphanumeric() || ".!$'*+=^_`{|}~-".contains(c);
    let host_ok = |c: char| c.is_alphanumeric() || c == '-' || c == '.';
    !user.is_empty()
        && user.chars().all(user_ok)
        && !user.starts_with('.')
        && !user.ends_with('.')
        && !user.contains("..")
        && host.chars().all(host_ok)
        && host.contains('.')
        && !host.starts_with(['.', '-'])
        && !host.ends_with(['.', '-'])
        && !host.contains("..")
}

/// A BCP 47 language tag in its common form: a two- or three-letter
/// language, then subtags of 1 to 8 letters or digits, joined by `-`.
pub fn is_language_tag(t: &str) -> bool {
    let mut parts = t.split('-');
    let first = parts.next().unwrap_or("");
    (2..=3).contains(&first.len())
        && first.bytes().all(|b| b.is_ascii_alphabetic())
        && parts.all(|p| (1..=8).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_alphanumeric()))
}

/// The candidate closest to `word`, if it is close enough to be a typo.
pub fn closest<'a>(word: &str, candidates: impl IntoIterator<Item = &'a str>) -> Option<&'a str> {
    let mut best: Option<(f64, &str)> = None;
    for c in candidates {
        let score = strsim::jaro_winkler(&word.to_lowercase(), &c.to_lowercase());
        // Ties go to the alphabetically first candidate, so the hint is the
        // same whatever order the candidates come in (hash sets).
        if score > 0.8 && best.is_none_or(|(b, bc)| score > b || (score == b && c < bc)) {
            best = Some((score, c));
        }
    }
    best.map(|(_, c)| c)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A string over the limit and a control character are reported at
    /// their fields; a CV without them is walked no further.
    #[test]
    fn long_strings_and_control_characters_are_reported_at_their_fields() {
        let ron = format!(
            r#"(person: (name: "Ada\u{{7}}", summary: "{}"), sections: [Skills(title: "S", entries: [(name: "x", keywords: ["a", "b\u{{1b}}"])])])"#,
            "é".repeat(MAX_STRING / 2 + 1)
        );
        let said: Vec<String> = crate::load(&ron).diagnostics.iter().map(|d| format!("{}: {}", d.path, d.message)).collect();
        assert_eq!(
            said,
            [
                "person.name: contains the control character U+0007".to_string(),
                format!("person.summary: the text has {} bytes, over the limit of {MAX_STRING}", MAX_STRING + 2),
                "sections[0].entries[0].keywords[1]: contains the control character U+001B".to_string(),
            ]
        );
    }
}
