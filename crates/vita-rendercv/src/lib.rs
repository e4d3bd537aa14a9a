//! RenderCV (<https://rendercv.com>) YAML files, read into vita's model.
//!
//! A RenderCV file has a `cv` (the person and `sections`, a mapping of
//! titles to lists of entries) and, beside it, `design`, `locale` and
//! `rendercv_settings` (or v1's `locale_catalog`), which shape RenderCV's
//! own PDF: those are named in a warning, except the locale's language,
//! which becomes `settings.lang`. Each list's entry type is told by its
//! fields, as RenderCV tells it:
//!
//! | RenderCV entry | fields | vita |
//! |---|---|---|
//! | text (a plain string) | | a `Text` section (several: one paragraph each) |
//! | experience | `company`, `position` | `Positions`: `org`, `title` |
//! | education | `institution`, `area`, `degree` | `Education`: `institution`, `field`, `degree` |
//! | publication | `title`, `authors`, `doi`, `url`, `journal` | `Publications`: `authors` (owner marks `*Name*` dropped: vita finds the owner), `venue.name`, `links` |
//! | one-line | `label`, `details` | `Skills`: `name`, `keywords` (the details split at commas) |
//! | normal | `name` | `Custom`: `title` |
//! | bullet, numbered, reversed-numbered | `bullet`, `number`, `reversed_number` | `Custom`: `title` |
//!
//! Every entry's `location`, `summary` (the description), `highlights`,
//! `date`, `start_date` and `end_date` are read; dates as YAML writes them
//! (`2021`, `2021-09`, `2021-09-01`, `present`) or as any usual form, with
//! a warning. Text is RenderCV's inline Markdown, which vita's rich text
//! reads as it is. Social networks become profiles with the address
//! RenderCV builds from the user name.

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use serde_json::{Map, Value};
use vita_model::{
    Address, Checked, Cv, Degree, Diagnostic, End, Item, List, Person, Pos, Position, Profile, Publication, PublicationList, Rich, Section,
    Skill, Text, Venue, When,
};

/// Loads a RenderCV YAML file; every problem named by its YAML path.
pub fn load(src: &str) -> Checked {
    let fail = |d: Diagnostic| Checked { document: None, diagnostics: vec![d] };
    let value: Value = match serde_yaml_ng::from_str(src) {
        Ok(v) => v,
        Err(e) => {
            let pos = e.location().map(|l| Pos { line: l.line(), col: l.column() });
            let message = e.to_string();
            let message = message.split(" at line ").next().unwrap_or(&message).to_string();
            return fail(
                Diagnostic::error("", format!("not YAML vita can read: {message}"))
                    .at(pos)
                    .with_hint("a RenderCV file is YAML with a `cv` mapping; check the indentation and quotes near here"),
            );
        }
    };
    let Some(top) = value.as_object() else {
        return fail(Diagnostic::error("", "a RenderCV file is a YAML mapping with a `cv` key").with_hint("start the file with `cv:`"));
    };
    let Some(cv) = top.get("cv").and_then(Value::as_object) else {
        let keys: Vec<String> = top.keys().take(5).map(|k| format!("`{k}`")).collect();
        return fail(
            Diagnostic::error("", format!("this YAML has no `cv` mapping (its keys: {}), so it is not a RenderCV file", keys.join(", ")))
                .with_hint("vita imports RenderCV YAML (`cv:` with `name` and `sections`); write other YAML as a vita RON file"),
        );
    };
    let design = top.get("design").and_then(Value::as_object);
    let v1 = top.contains_key("locale_catalog")
        || design.is_some_and(|d| ["color", "margins", "show_timespan_in", "page_numbering_style"].iter().any(|k| d.contains_key(*k)));
    let mut r = Reader { said: Vec::new(), nested: !v1, paths: Vec::new(), owner: Vec::new() };
    let mut out = Cv { person: r.person(cv), ..Cv::default() };
    for (key, what) in [
        ("design", "the look of RenderCV's PDF; vita's themes (`vita themes`) set the look"),
        ("rendercv_settings", "RenderCV's own settings"),
        ("settings", "RenderCV's own settings"),
        ("locale_catalog", "RenderCV's words and date formats; vita has its own per language"),
    ] {
        if top.contains_key(key) {
            r.warn(key, format!("is not read: {what}"));
        }
    }
    if let Some(locale) = top.get("locale") {
        out.settings.lang = r.locale(locale).filter(|l| l != "en");
    }
    for key in top.keys() {
        if !matches!(key.as_str(), "cv" | "design" | "rendercv_settings" | "settings" | "locale_catalog" | "locale") {
            r.warn(key, "is not a RenderCV key vita knows; it is left out".into());
        }
    }
    if let Some(sections) = cv.get("sections") {
        match sections.as_object() {
            Some(sections) => {
                for (title, entries) in sections {
                    let path = format!("cv.sections.{title}");
                    if let Some(s) = r.section(out.sections.len(), &path, title, entries) {
                        out.sections.push(s);
                    }
                }
            }
            None if sections.is_null() => {}
            None => r.warn("cv.sections", "is not a mapping of titles to lists of entries; it is left out".into()),
        }
    }
    // The owner, as RenderCV users mark them in author lists: another
    // spelling of the name is one vita finds them by.
    let marked = std::mem::take(&mut r.owner);
    for name in marked {
        if name != out.person.name && !out.person.aliases.contains(&name) {
            out.person.aliases.push(name);
        }
    }
    for (m, y) in [
        ("person", "cv"),
        ("person.name", "cv.name"),
        ("person.label", "cv.headline"),
        ("person.email", "cv.email"),
        ("person.phone", "cv.phone"),
        ("person.website", "cv.website"),
        ("person.image", "cv.photo"),
        ("person.address", "cv.location"),
        ("person.profiles", "cv.social_networks"),
    ] {
        r.paths.push((m.into(), y.into()));
    }
    let checked = vita_model::check_imported(out, &vita_model::SpanIndex::default());
    let mut diagnostics = r.said;
    for mut d in checked.diagnostics {
        vita_model::imported::in_file_terms(&mut d, &r.paths);
        diagnostics.push(d);
    }
    Checked { document: checked.document, diagnostics }
}

struct Reader {
    said: Vec<Diagnostic>,
    /// Whether highlights nest (RenderCV 2; in RenderCV 1 ` - ` is text).
    nested: bool,
    /// Model paths and the YAML paths they were read from.
    paths: Vec<(String, String)>,
    /// The spellings of the owner's name marked in author lists.
    owner: Vec<String>,
}

fn text(v: &Value) -> Option<String> {
    match v {
        Value::String(s) if !s.trim().is_empty() => Some(s.trim().to_string()),
        Value::Number(n) => Some(n.to_string()),
        Value::Bool(b) => Some(b.to_string()),
        _ => None,
    }
}

/// Section titles as RenderCV prints keys: `education_and_training` →
/// `Education and Training`; a key with a space or a capital as it is.
fn title_of(key: &str) -> String {
    const SMALL: &[&str] = &[
        "a", "and", "as", "at", "but", "by", "for", "from", "if", "in", "into", "like", "near", "nor", "of", "off", "on", "onto", "or",
        "over", "so", "than", "that", "to", "upon", "when", "with", "yet",
    ];
    if key.contains(' ') || key.chars().any(char::is_uppercase) {
        return key.to_string();
    }
    key.split('_')
        .filter(|w| !w.is_empty())
        .map(|w| {
            if SMALL.contains(&w) {
                return w.to_string();
            }
            let mut c = w.chars();
            c.next().map(|f| f.to_uppercase().chain(c).collect::<String>()).unwrap_or_default()
        })
        .collect::<Vec<_>>()
        .join(" ")
}

/// The profile address RenderCV builds for a network and user name.
fn profile_url(network: &str, user: &str) -> Option<String> {
    let u = user.trim().trim_start_matches('@');
    let url = match network.to_ascii_lowercase().replace([' ', '_'], "").as_str() {
        "linkedin" => format!("https://linkedin.com/in/{u}"),
        "github" => format!("https://github.com/{u}"),
        "gitlab" => format!("https://gitlab.com/{u}"),
        "imdb" => format!("https://imdb.com/name/{u}"),
        "instagram" => format!("https://instagram.com/{u}"),
        "orcid" => format!("https://orcid.org/{u}"),
        "mastodon" => {
            // `@name@host` lives at https://host/@name.
            let (name, host) = u.split_once('@')?;
            format!("https://{host}/@{name}")
        }
        "stackoverflow" => format!("https://stackoverflow.com/users/{u}"),
        "researchgate" => format!("https://researchgate.net/profile/{u}"),
        "youtube" => format!("https://youtube.com/@{u}"),
        "googlescholar" => format!("https://scholar.google.com/citations?user={u}"),
        "telegram" => format!("https://t.me/{u}"),
        "whatsapp" => format!("https://wa.me/{u}"),
        "leetcode" => format!("https://leetcode.com/u/{u}"),
        "x" | "twitter" => format!("https://x.com/{u}"),
        "bluesky" => format!("https://bsky.app/profile/{u}"),
        "reddit" => format!("https://reddit.com/user/{u}"),
        _ => return None,
    };
    vita_model::validate::check_url(&url).is_ok().then_some(url)
}

/// The entry types of RenderCV, told by their fields.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
enum Kind {
    Text,
    Experience,
    Education,
    Publication,
    OneLine,
    Normal,
    Bullet,
    Numbered,
    Reversed,
}

/// RenderCV's rule: the first type, in this order, one of whose own fields
/// the entry has.
fn kind_of(entry: &Value) -> Option<Kind> {
    let Some(o) = entry.as_object() else { return entry.is_string().then_some(Kind::Text) };
    const ORDER: &[(Kind, &[&str])] = &[
        (Kind::OneLine, &["label", "details"]),
        (Kind::Normal, &["name"]),
        (Kind::Experience, &["company", "position"]),
        (Kind::Education, &["institution", "area", "degree"]),
        (Kind::Publication, &["title", "authors", "author", "doi", "url", "journal"]),
        (Kind::Bullet, &["bullet"]),
        (Kind::Numbered, &["number"]),
        (Kind::Reversed, &["reversed_number"]),
    ];
    ORDER.iter().find(|(_, fields)| fields.iter().any(|f| o.get(*f).is_some_and(|v| !v.is_null()))).map(|(k, _)| *k)
}

impl Reader {
    fn warn(&mut self, path: &str, message: String) {
        self.said.push(Diagnostic::warning(path.to_string(), message));
    }

    fn person(&mut self, cv: &Map<String, Value>) -> Person {
        let one = |r: &mut Self, key: &str| -> Option<String> {
            match cv.get(key)? {
                Value::Array(items) => {
                    let all: Vec<String> = items.iter().filter_map(text).collect();
                    if all.len() > 1 {
                        r.warn(&format!("cv.{key}"), format!("lists {} values; the first is read, the others are left out", all.len()));
                    }
                    all.into_iter().next()
                }
                v => text(v),
            }
        };
        let mut p = Person {
            name: cv.get("name").and_then(text).unwrap_or_default(),
            label: cv.get("headline").or_else(|| cv.get("label")).and_then(text),
            email: one(self, "email"),
            phone: one(self, "phone").map(|p| p.trim_start_matches("tel:").to_string()),
            website: one(self, "website").map(|w| vita_model::imported::web_address(&w).unwrap_or(w)),
            image: cv.get("photo").and_then(text),
            ..Person::default()
        };
        if let Some(place) = cv.get("location").and_then(text) {
            // "City, Country": the country when the last part names one.
            // A two-letter last part is more often a state (`San Francisco, CA`) than a country.
            let (city, country) = match place.rsplit_once(',').filter(|(_, c)| c.trim().chars().count() > 3 || c.trim() == "UK") {
                Some((city, c)) => match vita_model::imported::country_code(c) {
                    Some(code) => (city.trim().to_string(), Some(code)),
                    None => (place.clone(), None),
                },
                None => (place.clone(), None),
            };
            p.address = Some(Address { city: Some(city), country, ..Address::default() });
        }
        if let Some(networks) = cv.get("social_networks").and_then(Value::as_array) {
            for (i, n) in networks.iter().enumerate() {
                let network = n.get("network").and_then(text).unwrap_or_default();
                let username = n.get("username").and_then(text);
                let url = username.as_deref().and_then(|u| profile_url(&network, u));
                if url.is_none() {
                    self.warn(
                        &format!("cv.social_networks[{i}]"),
                        format!("`{network}` is not a network RenderCV makes an address for; the profile is kept without one"),
                    );
                }
                p.profiles.push(Profile { network, username, url });
            }
        }
        if let Some(links) = cv.get("custom_connections").and_then(Value::as_array) {
            for (i, c) in links.iter().enumerate() {
                let label = c.get("placeholder").and_then(text).unwrap_or_default();
                let url = c.get("url").and_then(text);
                if url.is_none() {
                    self.warn(&format!("cv.custom_connections[{i}]"), "has no `url`; it is left out".into());
                    continue;
                }
                p.profiles.push(Profile { network: label, username: None, url });
            }
        }
        for key in cv.keys() {
            if !matches!(
                key.as_str(),
                "name"
                    | "headline"
                    | "label"
                    | "location"
                    | "email"
                    | "phone"
                    | "website"
                    | "photo"
                    | "social_networks"
                    | "custom_connections"
                    | "sections"
            ) {
                self.warn(&format!("cv.{key}"), "is not a RenderCV field vita knows; it is left out".into());
            }
        }
        p
    }

    /// `locale.language` (v2) as a language tag.
    fn locale(&mut self, locale: &Value) -> Option<String> {
        let lang = locale.get("language").and_then(text);
        let tag = lang.as_deref().and_then(language_tag);
        let others = locale.as_object().is_some_and(|o| o.keys().any(|k| k != "language"));
        if others {
            self.warn("locale", "is read for its `language` only: vita has its own words and date formats per language".into());
        }
        if let (Some(l), None) = (&lang, &tag) {
            self.warn("locale.language", format!("`{l}` is not a language vita knows; it is left out"));
        }
        tag
    }

    fn section(&mut self, s: usize, path: &str, key: &str, entries: &Value) -> Option<Section> {
        let title = title_of(key);
        let items: Vec<&Value> = match entries {
            Value::Array(items) => items.iter().collect(),
            Value::Null => return None,
            v @ (Value::String(_) | Value::Object(_)) => vec![v],
            _ => {
                self.warn(path, "is not a list of entries; it is left out".into());
                return None;
            }
        };
        // RenderCV gives one type per section: the first entry's.
        let kind = items.iter().find_map(|e| kind_of(e))?;
        let mut kept = Vec::new();
        for (i, e) in items.iter().enumerate() {
            let at = format!("{path}[{i}]");
            match kind_of(e) {
                Some(k) if k == kind => kept.push((at, *e)),
                Some(_) | None => self.warn(&at, format!("is not a {} entry like the section's first; it is left out", name_of(kind))),
            }
        }
        self.paths.push((format!("sections[{s}]"), path.to_string()));
        self.paths.push((format!("sections[{s}].title"), path.to_string()));
        self.paths.push((format!("sections[{s}].body"), path.to_string()));
        let fields: &[(&str, &str)] = match kind {
            Kind::Experience => &[("org", "company"), ("title", "position"), ("description", "summary")],
            Kind::Education => &[("field", "area"), ("description", "summary")],
            Kind::Publication => &[("venue", "journal"), ("links.doi", "doi"), ("links.paper", "url"), ("note", "summary")],
            Kind::OneLine => &[("name", "label"), ("keywords", "details")],
            _ => &[("title", "name"), ("description", "summary")],
        };
        for (k, (at, e)) in kept.iter().enumerate() {
            let entry = format!("sections[{s}].entries[{k}]");
            self.paths.push((entry.clone(), at.clone()));
            for (m, y) in fields {
                self.paths.push((format!("{entry}.{m}"), format!("{at}.{y}")));
            }
            let start = if e.get("start_date").is_some() { "start_date" } else { "date" };
            self.paths.push((format!("{entry}.start"), format!("{at}.{start}")));
            self.paths.push((format!("{entry}.date"), format!("{at}.{start}")));
            self.paths.push((format!("{entry}.end"), format!("{at}.end_date")));
        }
        Some(match kind {
            Kind::Text => {
                let paragraphs: Vec<String> = kept.iter().filter_map(|(_, e)| text(e)).collect();
                Section::Text(Text { id: None, title, body: Rich::parse(&paragraphs.join("\n\n")) })
            }
            Kind::Experience => Section::Positions(list(title, kept.iter().map(|(at, e)| self.position(at, e)).collect())),
            Kind::Education => Section::Education(list(title, kept.iter().map(|(at, e)| self.degree(at, e)).collect())),
            Kind::Publication => {
                let entries = kept.iter().enumerate().map(|(n, (at, e))| self.publication(at, e, n + 1)).collect();
                Section::Publications(PublicationList { title, entries, ..PublicationList::default() })
            }
            Kind::OneLine => Section::Skills(list(title, kept.iter().map(|(at, e)| self.skill(at, e)).collect())),
            _ => Section::Custom(list(title, kept.iter().map(|(at, e)| self.item(at, e)).collect())),
        })
    }

    fn fields(&mut self, at: &str, e: &Value, known: &[&str]) {
        const COMMON: &[&str] = &["date", "start_date", "end_date", "location", "summary", "highlights"];
        if let Some(o) = e.as_object() {
            for k in o.keys() {
                if !known.contains(&k.as_str()) && !COMMON.contains(&k.as_str()) {
                    self.warn(&format!("{at}.{k}"), "is not a field of this RenderCV entry type; it is left out".into());
                }
            }
        }
    }

    /// `date`, `start_date` and `end_date` as RenderCV combines them: a
    /// `date` wins; an end alone is a single date; a start alone runs to
    /// the present.
    fn dates(&mut self, at: &str, e: &Value) -> (Option<When>, Option<End>) {
        if let Some(t) = e.get("date").and_then(text) {
            // A range written in `date` (`2019 – 2021`, `2015 - 2020`).
            if let Some((a, b)) = t.split_once(['–', '—']).or_else(|| t.split_once(" - ")).or_else(|| t.split_once(" to ")) {
                let start = vita_model::date::lenient(a.trim());
                let end =
                    if vita_model::date::is_present(b) { Some(End::Present) } else { vita_model::date::lenient(b.trim()).map(End::At) };
                if start.is_some() {
                    return (start, end);
                }
            }
            return (self.when(&format!("{at}.date"), &Value::String(t)), None);
        }
        let start = e.get("start_date").and_then(|v| self.when(&format!("{at}.start_date"), v));
        let end_text = e.get("end_date").and_then(text);
        let end = end_text.as_deref().and_then(|t| {
            if vita_model::date::is_present(t) {
                Some(End::Present)
            } else {
                self.when(&format!("{at}.end_date"), &Value::String(t.to_string())).map(End::At)
            }
        });
        match (start, end) {
            // An end alone (a degree's expected date): one point in time.
            (None, Some(End::At(w))) => (Some(w.clone()), Some(End::At(w))),
            (None, _) => (None, None),
            (Some(s), None) => (Some(s), Some(End::Present)),
            (Some(s), end) => (Some(s), end),
        }
    }

    fn when(&mut self, at: &str, v: &Value) -> Option<When> {
        let t = text(v)?;
        if let w @ (When::Date(_) | When::Term { .. }) = When::parse(&t) {
            return Some(w);
        }
        match vita_model::date::lenient(&t) {
            Some(w) => {
                self.warn(at, format!("`{t}` is read as {}", w.source()));
                Some(w)
            }
            None => {
                self.warn(at, format!("`{t}` is not a date vita reads; it is left out"));
                None
            }
        }
    }

    fn rich(e: &Value, key: &str) -> Option<Rich> {
        e.get(key).and_then(text).map(|t| Rich::parse(&t))
    }

    fn highlights(&mut self, at: &str, e: &Value) -> Vec<Rich> {
        let nested = self.nested;
        // RenderCV 2 writes sub-points as continuation lines, which YAML
        // folds into `Point - sub - sub`: each on a line of its own.
        let rich = |t: String| {
            if nested && t.contains(" - ") {
                let parts: Vec<&str> = t.split(" - ").collect();
                Rich::parse(&parts.join("  \n– "))
            } else {
                Rich::parse(&t)
            }
        };
        match e.get("highlights") {
            Some(Value::Array(items)) => items.iter().filter_map(text).map(rich).collect(),
            Some(v) => match text(v) {
                Some(t) => {
                    self.warn(&format!("{at}.highlights"), "is one text, not a list; it is read as a list of one".into());
                    vec![Rich::parse(&t)]
                }
                None => Vec::new(),
            },
            None => Vec::new(),
        }
    }

    fn position(&mut self, at: &str, e: &Value) -> Position {
        self.fields(at, e, &["company", "position"]);
        let (start, end) = self.dates(at, e);
        Position {
            org: e.get("company").and_then(text).unwrap_or_default(),
            title: e.get("position").and_then(text),
            location: e.get("location").and_then(text),
            start,
            end,
            description: Self::rich(e, "summary"),
            highlights: self.highlights(at, e),
            ..Position::default()
        }
    }

    fn degree(&mut self, at: &str, e: &Value) -> Degree {
        self.fields(at, e, &["institution", "area", "degree", "grade"]);
        let (start, end) = self.dates(at, e);
        // Education has no list of highlights in vita: they join the description, one line each.
        let mut lines: Vec<String> = Self::rich(e, "summary").map(|r| r.source().to_string()).into_iter().collect();
        lines.extend(self.highlights(at, e).iter().map(|h| h.source().to_string()));
        Degree {
            institution: e.get("institution").and_then(text).unwrap_or_default(),
            field: e.get("area").and_then(text),
            degree: e.get("degree").and_then(text),
            grade: e.get("grade").and_then(text),
            location: e.get("location").and_then(text),
            start,
            end,
            description: (!lines.is_empty()).then(|| Rich::parse(&lines.join("  \n"))),
            ..Degree::default()
        }
    }

    fn publication(&mut self, at: &str, e: &Value, n: usize) -> Publication {
        self.fields(at, e, &["title", "authors", "author", "doi", "url", "journal"]);
        let (date, _) = self.dates(at, e);
        let written = match e.get("authors") {
            Some(v) => Some(v),
            None => {
                let v = e.get("author");
                if v.is_some() {
                    self.warn(&format!("{at}.author"), "read as `authors`".into());
                }
                v
            }
        };
        let names: Vec<String> = match written {
            Some(Value::Array(a)) => a.iter().filter_map(text).collect(),
            Some(v) => text(v).map(|s| s.split(" and ").map(str::to_string).collect()).unwrap_or_default(),
            None => Vec::new(),
        };
        let mut authors = Vec::with_capacity(names.len());
        for name in names {
            let plain = owner_unmarked(&name);
            if plain != name.trim() && !self.owner.contains(&plain) {
                self.owner.push(plain.clone());
            }
            authors.push(plain);
        }
        let mut p = Publication {
            id: format!("p{n}"),
            title: e.get("title").and_then(text).unwrap_or_default(),
            authors: authors.into_iter().map(|name| vita_model::Author { name, ..Default::default() }).collect(),
            venue: e.get("journal").and_then(text).map(|name| Venue { name, ..Venue::default() }),
            date,
            note: Self::rich(e, "summary"),
            ..Publication::default()
        };
        p.links.doi = e.get("doi").and_then(text);
        p.links.paper = e.get("url").and_then(text);
        p
    }

    fn skill(&mut self, at: &str, e: &Value) -> Skill {
        self.fields(at, e, &["label", "details"]);
        let details = e.get("details").and_then(text).unwrap_or_default();
        let keywords = details.split([',', ';']).map(str::trim).filter(|k| !k.is_empty()).map(str::to_string).collect();
        Skill { name: e.get("label").and_then(text).map(|l| plain_markdown(&l)).unwrap_or_default(), keywords, ..Skill::default() }
    }

    fn item(&mut self, at: &str, e: &Value) -> Item {
        let title = ["name", "bullet", "number", "reversed_number", "company", "institution"].iter().find_map(|k| e.get(*k).and_then(text));
        self.fields(at, e, &["name", "bullet", "number", "reversed_number", "company", "institution", "position", "area", "degree", "url"]);
        let (date, end) = self.dates(at, e);
        // A name written as a Markdown link (`[Tool](https://...)`): the link is the entry's address.
        let (title, url) = match title.as_deref().and_then(markdown_link) {
            Some((t, u)) => (t, Some(u)),
            None => (title.map(|t| plain_markdown(&t)).unwrap_or_default(), e.get("url").and_then(text)),
        };
        Item {
            title,
            location: e.get("location").and_then(text),
            date,
            end,
            description: Self::rich(e, "summary"),
            highlights: self.highlights(at, e),
            url,
            ..Item::default()
        }
    }
}

fn name_of(k: Kind) -> &'static str {
    match k {
        Kind::Text => "text",
        Kind::Experience => "experience",
        Kind::Education => "education",
        Kind::Publication => "publication",
        Kind::OneLine => "one-line",
        Kind::Normal => "normal",
        Kind::Bullet => "bullet",
        Kind::Numbered => "numbered",
        Kind::Reversed => "reversed-numbered",
    }
}

fn list<T>(title: String, entries: Vec<T>) -> List<T> {
    List { id: None, title, intro: None, entries }
}

/// An author as RenderCV users mark themselves (`*Jane Doe*`, `**Jane Doe**`): the name.
fn owner_unmarked(name: &str) -> String {
    name.trim().trim_matches(|c| c == '*' || c == '_').trim().to_string()
}

/// `[Text](https://...)` as its text and address.
fn markdown_link(s: &str) -> Option<(String, String)> {
    let rest = s.trim().strip_prefix('[')?;
    let (label, rest) = rest.split_once("](")?;
    let url = rest.strip_suffix(')')?;
    (vita_model::validate::check_url(url).is_ok() && !label.is_empty()).then(|| (plain_markdown(label), url.to_string()))
}

/// Inline Markdown's text (a title is plain text in vita).
fn plain_markdown(s: &str) -> String {
    Rich::parse(s).to_plain()
}

/// A RenderCV language (`english`, `en`, `turkish`) as a language tag.
fn language_tag(lang: &str) -> Option<String> {
    const NAMES: &[(&str, &str)] = &[
        ("english", "en"),
        ("turkish", "tr"),
        ("german", "de"),
        ("french", "fr"),
        ("spanish", "es"),
        ("portuguese", "pt"),
        ("italian", "it"),
        ("dutch", "nl"),
        ("danish", "da"),
        ("swedish", "sv"),
        ("norwegian", "nb"),
        ("finnish", "fi"),
        ("polish", "pl"),
        ("russian", "ru"),
        ("ukrainian", "uk"),
        ("chinese", "zh"),
        ("mandarin_chinese", "zh"),
        ("japanese", "ja"),
        ("korean", "ko"),
        ("hindi", "hi"),
        ("indonesian", "id"),
        ("vietnamese", "vi"),
        ("arabic", "ar"),
        ("hebrew", "he"),
        ("persian", "fa"),
        ("greek", "el"),
        ("czech", "cs"),
        ("hungarian", "hu"),
        ("norwegian_bokmål", "nb"),
        ("norwegian_nynorsk", "nn"),
    ];
    let l = lang.trim().to_ascii_lowercase().replace(' ', "_");
    if let Some((_, tag)) = NAMES.iter().find(|(n, _)| *n == l) {
        return Some((*tag).to_string());
    }
    (vita_model::validate::is_language_tag(&l) && l.len() <= 8).then_some(l)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_and_owner_marks() {
        assert_eq!(title_of("work_experience"), "Work Experience");
        assert_eq!(title_of("education_and_training"), "Education and Training");
        assert_eq!(title_of("Welcome to RenderCV"), "Welcome to RenderCV");
        assert_eq!(owner_unmarked("*John Doe*"), "John Doe");
        assert_eq!(owner_unmarked("**John Doe**"), "John Doe");
        assert_eq!(markdown_link("[FlashInfer](https://github.com/)"), Some(("FlashInfer".into(), "https://github.com/".into())));
        assert_eq!(profile_url("Mastodon", "@jane@fosstodon.org").as_deref(), Some("https://fosstodon.org/@jane"));
        assert_eq!(profile_url("Google Scholar", "abc123").as_deref(), Some("https://scholar.google.com/citations?user=abc123"));
    }
}
