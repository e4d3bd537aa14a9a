//! From JSON Resume to the model. See the crate docs for the mapping.

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use serde_json::Value;
use vita_model::{
    Address, Award, Certificate, Checked, Cv, Degree, Diagnostic, Document, End, Item, Language, List, Person, Pos, Position, Profile,
    Publication, PublicationList, Rich, Section, Service, Skill, SpanIndex, Venue, When,
};

use crate::schema::{self, is_iso8601, Resume};
use crate::{EXTRA_SECTION, VITA_META_VERSION};

/// A CV made from the JSON Resume fields, with where each model path came from.
#[derive(Debug)]
pub struct Imported {
    /// The CV.
    pub cv: Cv,
    /// Model path and the JSON path it was read from.
    pub paths: Vec<(String, String)>,
    /// Problems with JSON paths (no positions yet).
    pub diagnostics: Vec<Diagnostic>,
}

/// The CV the JSON Resume fields of a value describe (ignoring `meta.vita`).
pub fn from_value(v: &Value) -> Result<Imported, Vec<Diagnostic>> {
    let resume: Resume = serde_path_to_error::deserialize(v)
        .map_err(|e| vec![Diagnostic::error(vita_model::user_path(e.path()), e.into_inner().to_string())])?;
    let imported = generic(&resume);
    if imported.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(imported.diagnostics);
    }
    Ok(imported)
}

/// Loads a JSON Resume file: the CV in `meta.vita` when vita wrote the file,
/// else the CV its fields describe; every problem positioned in the file.
pub fn load(src: &str) -> Checked {
    let fail = |d: Diagnostic| Checked { document: None, diagnostics: vec![d] };
    let value: Value = match serde_json::from_str(src) {
        Ok(v) => v,
        Err(e) => {
            return fail(
                Diagnostic::error("", format!("not valid JSON: {}", strip_position(&e.to_string())))
                    .at(Some(Pos { line: e.line(), col: e.column() }))
                    .with_hint("a JSON Resume file is one JSON object; check the brackets, commas and quotes near here"),
            )
        }
    };
    let spans = SpanIndex::scan(src);
    if !value.is_object() {
        return fail(
            Diagnostic::error("", "a JSON Resume file is one JSON object").at(spans.find("")).with_hint("start the file with `{`"),
        );
    }
    if let Some(vita) = value.pointer("/meta/vita") {
        return load_vita(&value, vita, &spans);
    }
    let mut value = value;
    let mut diagnostics: Vec<Diagnostic> = duplicates(src)
        .into_iter()
        .map(|d| {
            let p = spans.find(&d.path);
            d.at(p)
        })
        .collect();
    // Informal files brought to the schema's shape, each repair a warning.
    let repaired = crate::lenient::repair(&mut value);
    let at = |path: &str| spans.find(path).or_else(|| spans.find(&parent(path)));
    for d in &repaired.warnings {
        let p = at(&d.path);
        diagnostics.push(d.clone().at(p));
    }
    let resume: Resume = match serde_path_to_error::deserialize(&value) {
        Ok(r) => r,
        Err(e) => {
            let path = repaired.in_file(&vita_model::user_path(e.path()));
            let expected = strip_position(&e.into_inner().to_string());
            let p = at(&path);
            diagnostics.push(Diagnostic::error(path.clone(), expected).at(p).with_hint(type_hint(&path)));
            return Checked { document: None, diagnostics };
        }
    };
    let imported = generic(&resume);
    for d in imported.diagnostics {
        let path = repaired.in_file(&d.path);
        let p = at(&path);
        diagnostics.push(Diagnostic { path, ..d }.at(p));
    }
    if diagnostics.iter().any(Diagnostic::is_error) {
        return Checked { document: None, diagnostics };
    }
    // The model's own checks, positioned and named by the file's paths;
    // what the model cannot hold is left out with a warning.
    let paths: Vec<(String, String)> = imported.paths.iter().map(|(m, j)| (m.clone(), repaired.in_file(j))).collect();
    let index = SpanIndex::from_pairs(paths.iter().filter_map(|(m, j)| at(j).map(|p| (m.clone(), p))));
    let checked = vita_model::check_imported(imported.cv, &index);
    for mut d in checked.diagnostics {
        vita_model::imported::in_file_terms(&mut d, &paths);
        diagnostics.push(d);
    }
    diagnostics.sort_by_key(|d| d.pos.map(|p| (p.line, p.col)).unwrap_or((usize::MAX, 0)));
    Checked { document: checked.document, diagnostics }
}

/// `work[0].name` → `work[0]`: where a field absent from the file would be.
fn parent(path: &str) -> String {
    path.rsplit_once(['.', '[']).map_or(String::new(), |(p, _)| p.to_string())
}

/// Keys given twice in one object: JSON readers keep the last one, as vita
/// does, and say so.
fn duplicates(src: &str) -> Vec<Diagnostic> {
    struct Walk<'a> {
        path: String,
        out: &'a mut Vec<Diagnostic>,
        depth: usize,
    }
    impl<'de> serde::de::DeserializeSeed<'de> for Walk<'_> {
        type Value = ();
        fn deserialize<D: serde::Deserializer<'de>>(self, d: D) -> Result<(), D::Error> {
            d.deserialize_any(self)
        }
    }
    impl<'de> serde::de::Visitor<'de> for Walk<'_> {
        type Value = ();
        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("JSON")
        }
        fn visit_bool<E>(self, _: bool) -> Result<(), E> {
            Ok(())
        }
        fn visit_i64<E>(self, _: i64) -> Result<(), E> {
            Ok(())
        }
        fn visit_u64<E>(self, _: u64) -> Result<(), E> {
            Ok(())
        }
        fn visit_f64<E>(self, _: f64) -> Result<(), E> {
            Ok(())
        }
        fn visit_str<E>(self, _: &str) -> Result<(), E> {
            Ok(())
        }
        fn visit_unit<E>(self) -> Result<(), E> {
            Ok(())
        }
        fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<(), A::Error> {
            let mut i = 0;
            while seq.next_element_seed(Walk { path: format!("{}[{i}]", self.path), out: &mut *self.out, depth: self.depth + 1 })?.is_some()
            {
                i += 1;
            }
            Ok(())
        }
        fn visit_map<A: serde::de::MapAccess<'de>>(self, mut map: A) -> Result<(), A::Error> {
            let mut seen = std::collections::HashSet::new();
            while let Some(key) = map.next_key::<String>()? {
                let path = if self.path.is_empty() { key.clone() } else { format!("{}.{key}", self.path) };
                // Deep levels are walked for their syntax only.
                if self.depth < 8 && !seen.insert(key.clone()) {
                    self.out.push(
                        Diagnostic::warning(path.clone(), format!("`{key}` is given twice in this object; the last one is read"))
                            .with_hint("keep one of them"),
                    );
                }
                map.next_value_seed(Walk { path, out: &mut *self.out, depth: self.depth + 1 })?;
            }
            Ok(())
        }
    }
    let mut out = Vec::new();
    let mut de = serde_json::Deserializer::from_str(src);
    let _ = serde::de::DeserializeSeed::deserialize(Walk { path: String::new(), out: &mut out, depth: 0 }, &mut de);
    out
}

/// serde_json ends its messages with " at line L column C"; positions are shown apart.
fn strip_position(msg: &str) -> String {
    match msg.rfind(" at line ") {
        Some(i) => msg.get(..i).unwrap_or(msg).to_string(),
        None => msg.to_string(),
    }
}

fn type_hint(path: &str) -> String {
    let last = path.rsplit(['.', '[']).next().unwrap_or(path);
    match last {
        "highlights" | "keywords" | "courses" | "roles" | "profiles" => format!("`{last}` is a list of strings: [\"...\"]"),
        "work" | "volunteer" | "education" | "awards" | "certificates" | "publications" | "skills" | "languages" | "interests"
        | "references" | "projects" => format!("`{last}` is a list of objects: [{{...}}]"),
        _ => "the JSON Resume schema wants a string here".into(),
    }
}

fn load_vita(value: &Value, vita: &Value, spans: &SpanIndex) -> Checked {
    let at = |p: &str| spans.find(p);
    let version = vita.get("version").and_then(Value::as_u64);
    if version != Some(VITA_META_VERSION) {
        return Checked {
            document: None,
            diagnostics: vec![Diagnostic::error(
                "meta.vita.version",
                format!("unknown meta.vita version {}", vita.get("version").unwrap_or(&Value::Null)),
            )
            .at(at("meta.vita.version"))
            .with_hint(format!("this vita reads version {VITA_META_VERSION}; use the vita that wrote the file, or delete meta.vita"))],
        };
    }
    let Some(cv_value) = vita.get("cv") else {
        return Checked {
            document: None,
            diagnostics: vec![Diagnostic::error("meta.vita", "meta.vita has no `cv`")
                .at(at("meta.vita"))
                .with_hint("delete meta.vita to import the JSON Resume fields")],
        };
    };
    let cv: Cv = match serde_path_to_error::deserialize(cv_value) {
        Ok(cv) => cv,
        Err(e) => {
            let path = format!("meta.vita.cv.{}", vita_model::user_path(e.path()));
            let path = path.trim_end_matches('.').to_string();
            return Checked {
                document: None,
                diagnostics: vec![Diagnostic::error(path.clone(), e.into_inner().to_string())
                    .at(find_model(spans, &path))
                    .with_hint("meta.vita.cv is written by vita; delete meta.vita to import the JSON Resume fields instead")],
            };
        }
    };
    // Model paths inside meta.vita.cv, without the variant keys JSON adds.
    let index =
        SpanIndex::from_pairs(spans.entries().filter_map(|(p, pos)| p.strip_prefix("meta.vita.cv.").map(|m| (strip_variants(m), pos))));
    let checked = vita_model::check(cv, &index);
    let mut diagnostics: Vec<Diagnostic> = checked
        .diagnostics
        .into_iter()
        .map(|mut d| {
            d.path = if d.path.is_empty() { "meta.vita.cv".into() } else { format!("meta.vita.cv.{}", d.path) };
            d
        })
        .collect();
    if let Some(doc) = &checked.document {
        let stored = vita.get("fingerprint").and_then(Value::as_str).unwrap_or("");
        if stored != crate::export::fingerprint(value) {
            let changed = changed_fields(doc, value);
            diagnostics.insert(
                0,
                Diagnostic::warning(
                    "meta.vita",
                    format!(
                        "{} changed after vita wrote this file; the CV is taken from meta.vita.cv, as vita wrote it",
                        if changed.is_empty() {
                            "the JSON Resume fields".to_string()
                        } else {
                            changed.iter().map(|c| format!("`{c}`")).collect::<Vec<_>>().join(", ")
                        }
                    ),
                )
                .at(at("meta.vita"))
                .with_hint("delete meta.vita to import the changed fields instead (academic details kept only there are then lost)"),
            );
        }
    }
    Checked { document: checked.document, diagnostics }
}

fn find_model(spans: &SpanIndex, path: &str) -> Option<Pos> {
    spans
        .find(path)
        .or_else(|| spans.entries().filter(|(p, _)| strip_variants(p) == path).map(|(_, pos)| pos).next())
        .or_else(|| spans.find("meta.vita.cv"))
}

/// `sections[0].Positions.entries[1]` → `sections[0].entries[1]`.
fn strip_variants(path: &str) -> String {
    let mut out = String::new();
    for (i, seg) in path.split('.').enumerate() {
        if seg.chars().next().is_some_and(|c| c.is_ascii_uppercase()) {
            // A variant key may carry an index: `Positions[0]` does not occur; keep any suffix.
            if let Some(b) = seg.find('[') {
                out.push_str(seg.get(b..).unwrap_or_default());
            }
            continue;
        }
        if i > 0 && !out.is_empty() {
            out.push('.');
        }
        out.push_str(seg);
    }
    out
}

/// The top-level keys whose JSON differs from what vita would write for the CV.
fn changed_fields(doc: &Document, value: &Value) -> Vec<String> {
    let Ok((written, _)) = crate::export::export(doc, &vita_backend::Options::default()) else { return Vec::new() };
    let mut keys: Vec<String> = Vec::new();
    let (Some(a), Some(b)) = (written.as_object(), value.as_object()) else { return keys };
    for k in a.keys().chain(b.keys()) {
        if keys.contains(k) {
            continue;
        }
        let strip = |v: Option<&Value>| {
            let mut v = v.cloned();
            if k == "meta" {
                if let Some(Value::Object(m)) = v.as_mut() {
                    m.remove("vita");
                }
            }
            v.map(|v| crate::export::canonical(&v))
        };
        if strip(a.get(k)) != strip(b.get(k)) {
            keys.push(k.clone());
        }
    }
    keys
}

struct Importer {
    paths: Vec<(String, String)>,
    diagnostics: Vec<Diagnostic>,
    extras: Vec<Item>,
}

impl Importer {
    fn map(&mut self, model: String, json: String) {
        self.paths.push((model, json));
    }

    /// A date as files write it: the schema's forms, else any usual one
    /// (`07/2025`, `Sept 2016`, `'16`) with a warning; text that is no date
    /// is left out with a warning.
    fn date(&mut self, json: &str, d: &Option<String>) -> Option<When> {
        let d = d.as_ref()?.trim();
        if d.is_empty() {
            return None;
        }
        if is_iso8601(d) {
            if let w @ When::Date(_) = When::parse(d) {
                return Some(w);
            }
        }
        match vita_model::date::lenient(d) {
            Some(w) => {
                self.diagnostics.push(Diagnostic::warning(json, format!("`{d}` is read as {}", w.source())));
                Some(w)
            }
            None => {
                self.diagnostics.push(
                    Diagnostic::warning(json, format!("`{d}` is not a date vita reads; it is left out"))
                        .with_hint("write YYYY, YYYY-MM or YYYY-MM-DD, as the schema's iso8601 pattern says"),
                );
                None
            }
        }
    }

    /// An end date; none after a start date means the entry is current
    /// (the schema's reading: a job with no `endDate` is held now), as do
    /// words such as `Present`.
    fn end(&mut self, json: &str, d: &Option<String>, start: &Option<String>) -> Option<End> {
        match d.as_deref().map(str::trim) {
            None | Some("") if start.as_deref().is_some_and(|s| !s.trim().is_empty()) => Some(End::Present),
            Some(word) if vita_model::date::is_present(word) => {
                if start.is_some() {
                    self.diagnostics.push(Diagnostic::warning(json, format!("`{word}` is read as a current position")));
                    Some(End::Present)
                } else {
                    self.diagnostics.push(Diagnostic::warning(json, format!("`{word}` with no start date is left out")));
                    None
                }
            }
            _ => self.date(json, d).map(End::At),
        }
    }

    /// A field the model needs: when the file leaves it out, the check
    /// that follows names it, and the entry is left out.
    fn required(&mut self, _json: &str, _field: &str, v: &Option<String>, _what: &str) -> String {
        v.clone().unwrap_or_default()
    }

    fn extra(&mut self, pointer: &str, extra: &schema::Extra) {
        for (k, v) in extra {
            // JSON Resume 1.0.0 allows no other top-level field: one is kept under `meta`.
            let pointer = if pointer.is_empty() {
                self.diagnostics.push(Diagnostic::warning(
                    k.clone(),
                    format!("is not a JSON Resume field; it is kept, and written back as `meta.{k}` (the schema allows no other top-level field)"),
                ));
                "/meta"
            } else {
                pointer
            };
            let p = format!("{pointer}/{}", k.replace('~', "~0").replace('/', "~1"));
            let text = match v {
                Value::String(s) => serde_json::to_string(s).unwrap_or_default(),
                v => serde_json::to_string(v).unwrap_or_default(),
            };
            self.extras.push(Item { title: p, description: Some(Rich::plain(&text)), ..Item::default() });
        }
    }
}

impl Importer {
    /// The entries of one JSON Resume array, as section `s`: each item's
    /// unknown fields kept, its model paths mapped to JSON paths (`fields`
    /// pairs a model field with its JSON name), and `f` making the entry.
    fn entries<T: schema::HasExtra, E>(
        &mut self,
        s: usize,
        key: &str,
        items: &[T],
        fields: &[(&str, &str)],
        mut f: impl FnMut(&mut Importer, &str, &T) -> E,
    ) -> Vec<E> {
        let mut out = Vec::with_capacity(items.len());
        for (i, item) in items.iter().enumerate() {
            let j = format!("{key}[{i}]");
            self.extra(&format!("/{key}/{i}"), item.extra());
            self.map(format!("sections[{s}].entries[{i}]"), j.clone());
            for (m, json) in fields {
                self.map(format!("sections[{s}].entries[{i}].{m}"), format!("{j}.{json}"));
            }
            out.push(f(self, &j, item));
        }
        out
    }
}

fn rich(s: &Option<String>) -> Option<Rich> {
    s.as_ref().map(|s| Rich::plain(s))
}

fn riches(v: &[String]) -> Vec<Rich> {
    v.iter().map(|s| Rich::plain(s)).collect()
}

fn list<T>(title: &str, entries: Vec<T>) -> List<T> {
    List { id: None, title: title.into(), intro: None, entries }
}

/// The CV that a résumé's JSON Resume fields describe.
pub fn generic(r: &Resume) -> Imported {
    let mut im = Importer { paths: Vec::new(), diagnostics: Vec::new(), extras: Vec::new() };
    let default_basics = schema::Basics::default();
    let b = r.basics.as_ref().unwrap_or(&default_basics);
    im.extra("/basics", &b.extra);
    if b.name.as_deref().is_none_or(|n| n.trim().is_empty()) {
        // The one field a CV cannot do without.
        im.diagnostics.push(
            Diagnostic::error(if r.basics.is_some() { "basics" } else { "" }, "no `name`: vita needs the person's name in basics.name")
                .with_hint("add \"name\": \"...\"; JSON Resume may leave it out, vita may not"),
        );
    }
    let name = im.required("basics", "name", &b.name, "the person's name in basics.name");
    let mut person = Person {
        name,
        label: b.label.clone(),
        email: b.email.clone(),
        phone: b.phone.clone(),
        website: b.url.clone(),
        image: b.image.clone(),
        summary: rich(&b.summary),
        ..Person::default()
    };
    for (m, j) in [
        ("name", "name"),
        ("label", "label"),
        ("email", "email"),
        ("phone", "phone"),
        ("website", "url"),
        ("image", "image"),
        ("summary", "summary"),
        ("address", "location"),
        ("profiles", "profiles"),
    ] {
        im.map(format!("person.{m}"), format!("basics.{j}"));
    }
    if let Some(l) = &b.location {
        im.extra("/basics/location", &l.extra);
        person.address = Some(Address {
            street: l.address.clone(),
            city: l.city.clone(),
            region: l.region.clone(),
            postal_code: l.postal_code.clone(),
            country: l.country_code.clone(),
        });
        for (m, j) in
            [("street", "address"), ("city", "city"), ("region", "region"), ("postal_code", "postalCode"), ("country", "countryCode")]
        {
            im.map(format!("person.address.{m}"), format!("basics.location.{j}"));
        }
    }
    for (i, p) in b.profiles.iter().enumerate() {
        im.extra(&format!("/basics/profiles/{i}"), &p.extra);
        person.profiles.push(Profile { network: p.network.clone().unwrap_or_default(), username: p.username.clone(), url: p.url.clone() });
    }

    let mut sections: Vec<Section> = Vec::new();
    if !r.work.is_empty() {
        import_work(&mut im, r, &mut sections);
    }
    if !r.volunteer.is_empty() {
        import_volunteer(&mut im, r, &mut sections);
    }
    if !r.education.is_empty() {
        import_education(&mut im, r, &mut sections);
    }
    if !r.awards.is_empty() {
        import_awards(&mut im, r, &mut sections);
    }
    if !r.certificates.is_empty() {
        import_certificates(&mut im, r, &mut sections);
    }
    if !r.publications.is_empty() {
        import_publications(&mut im, r, &mut sections);
    }
    if !r.skills.is_empty() {
        import_skills(&mut im, r, &mut sections);
    }
    if !r.languages.is_empty() {
        import_languages(&mut im, r, &mut sections);
    }
    if !r.interests.is_empty() {
        import_interests(&mut im, r, &mut sections);
    }
    if !r.references.is_empty() {
        import_references(&mut im, r, &mut sections);
    }
    if !r.projects.is_empty() {
        import_projects(&mut im, r, &mut sections);
    }
    let mut settings_meta = std::collections::BTreeMap::new();
    let mut updated = None;
    if let Some(m) = &r.meta {
        for (k, v) in [("canonical", &m.canonical), ("version", &m.version), ("lastModified", &m.last_modified)] {
            if let Some(v) = v {
                settings_meta.insert(k.to_string(), v.clone());
            }
        }
        let mut rest = schema::Extra::new();
        for (k, v) in &m.extra {
            match v {
                Value::String(s) => {
                    settings_meta.insert(k.clone(), s.clone());
                }
                v => {
                    rest.insert(k.clone(), v.clone());
                }
            }
        }
        // Unknown top-level fields go under `meta`, before its own.
        im.extra("", &r.extra);
        im.extra("/meta", &rest);
        if let Some(l) = &m.last_modified {
            let day = l
                .get(..10)
                .filter(|d| is_iso8601(d))
                .or_else(|| l.get(..7).filter(|d| is_iso8601(d)))
                .or_else(|| l.get(..4).filter(|d| is_iso8601(d)));
            updated = day.map(When::parse);
        }
        // Written back from `updated` when it says the same.
        if let (Some(u), Some(l)) = (&updated, &m.last_modified) {
            if crate::export::date(u).as_deref() == Some(l.as_str()) {
                settings_meta.remove("lastModified");
            }
        }
    }
    if r.meta.is_none() {
        im.extra("", &r.extra);
    }
    if !im.extras.is_empty() {
        let extras = std::mem::take(&mut im.extras);
        sections.push(Section::Custom(List {
            id: Some(EXTRA_SECTION.into()),
            title: "Other JSON Resume fields".into(),
            intro: None,
            entries: extras,
        }));
    }
    // The file's `$schema` and `meta` strings, kept in the format's settings.
    let mut kept: std::collections::BTreeMap<String, String> = settings_meta.into_iter().map(|(k, v)| (format!("meta.{k}"), v)).collect();
    if let Some(schema) = &r.schema {
        kept.insert("$schema".into(), schema.clone());
    }
    let mut cv = Cv { person, updated, sections, ..Cv::default() };
    if !kept.is_empty() {
        cv.settings.formats.insert(crate::FORMAT.into(), kept);
    }
    Imported { cv, paths: im.paths, diagnostics: im.diagnostics }
}

/// The index the next section gets, mapped to its JSON key for positions.
fn next_section(im: &mut Importer, json: &str, sections: &[Section]) -> usize {
    let s = sections.len();
    im.map(format!("sections[{s}]"), json.to_string());
    s
}

/// `work` as a section (the resume has entries there).
fn import_work(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "work", sections);
    let fields = [
        ("org", "name"),
        ("location", "location"),
        ("about", "description"),
        ("title", "position"),
        ("url", "url"),
        ("start", "startDate"),
        ("end", "endDate"),
        ("description", "summary"),
        ("highlights", "highlights"),
    ];
    let entries = im.entries(s, "work", &r.work, &fields, |im, j, w| Position {
        org: im.required(j, "name", &w.name, "the organisation's name"),
        location: w.location.clone(),
        title: w.position.clone(),
        about: w.description.clone(),
        start: im.date(&format!("{j}.startDate"), &w.start_date),
        end: im.end(&format!("{j}.endDate"), &w.end_date, &w.start_date),
        description: rich(&w.summary),
        highlights: riches(&w.highlights),
        url: w.url.clone(),
        ..Position::default()
    });
    sections.push(Section::Positions(list("Work", entries)));
}

/// `volunteer` as a section (the resume has entries there).
fn import_volunteer(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "volunteer", sections);
    let fields = [
        ("role", "position"),
        ("org", "organization"),
        ("url", "url"),
        ("date", "startDate"),
        ("end", "endDate"),
        ("description", "summary"),
        ("highlights", "highlights"),
    ];
    let entries = im.entries(s, "volunteer", &r.volunteer, &fields, |im, j, w| Service {
        role: im.required(j, "position", &w.position, "the role held"),
        org: w.organization.clone(),
        date: im.date(&format!("{j}.startDate"), &w.start_date),
        end: im.end(&format!("{j}.endDate"), &w.end_date, &w.start_date),
        description: rich(&w.summary),
        highlights: riches(&w.highlights),
        url: w.url.clone(),
        ..Service::default()
    });
    sections.push(Section::Service(list("Volunteer", entries)));
}

/// `education` as a section (the resume has entries there).
fn import_education(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "education", sections);
    let fields = [
        ("institution", "institution"),
        ("url", "url"),
        ("field", "area"),
        ("degree", "studyType"),
        ("start", "startDate"),
        ("end", "endDate"),
        ("grade", "score"),
        ("courses", "courses"),
    ];
    let entries = im.entries(s, "education", &r.education, &fields, |im, j, e| Degree {
        institution: im.required(j, "institution", &e.institution, "the institution's name"),
        degree: e.study_type.clone(),
        field: e.area.clone(),
        // A degree with only its end (the year of graduation) is dated by it.
        start: im.date(&format!("{j}.startDate"), &e.start_date).or_else(|| {
            let end = e.end_date.as_deref().map(str::trim).filter(|d| !d.is_empty() && !vita_model::date::is_present(d))?;
            match When::parse(end) {
                w @ When::Date(_) => Some(w),
                _ => vita_model::date::lenient(end),
            }
        }),
        end: im.end(&format!("{j}.endDate"), &e.end_date, &e.start_date),
        grade: e.score.clone(),
        courses: e.courses.clone(),
        url: e.url.clone(),
        ..Degree::default()
    });
    sections.push(Section::Education(list("Education", entries)));
}

/// `awards` as a section (the resume has entries there).
fn import_awards(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "awards", sections);
    let fields = [("name", "title"), ("date", "date"), ("by", "awarder"), ("note", "summary")];
    let entries = im.entries(s, "awards", &r.awards, &fields, |im, j, a| Award {
        name: im.required(j, "title", &a.title, "the award's title"),
        by: a.awarder.clone(),
        date: im.date(&format!("{j}.date"), &a.date),
        note: rich(&a.summary),
        ..Award::default()
    });
    sections.push(Section::Awards(list("Awards", entries)));
}

/// `certificates` as a section (the resume has entries there).
fn import_certificates(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "certificates", sections);
    let fields = [("name", "name"), ("date", "date"), ("url", "url"), ("issuer", "issuer")];
    let entries = im.entries(s, "certificates", &r.certificates, &fields, |im, j, c| Certificate {
        name: im.required(j, "name", &c.name, "the certificate's name"),
        issuer: c.issuer.clone(),
        date: im.date(&format!("{j}.date"), &c.date),
        url: c.url.clone(),
        ..Certificate::default()
    });
    sections.push(Section::Certificates(list("Certificates", entries)));
}

/// `publications` as a section (the resume has entries there).
fn import_publications(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "publications", sections);
    let fields = [("title", "name"), ("venue", "publisher"), ("date", "releaseDate"), ("links.paper", "url"), ("note", "summary")];
    let mut n = 0;
    let entries = im.entries(s, "publications", &r.publications, &fields, |im, j, p| {
        n += 1;
        let mut publication = Publication {
            id: format!("p{n}"),
            title: im.required(j, "name", &p.name, "the publication's title"),
            venue: p.publisher.as_ref().map(|name| Venue { name: name.clone(), ..Venue::default() }),
            date: im.date(&format!("{j}.releaseDate"), &p.release_date),
            note: rich(&p.summary),
            ..Publication::default()
        };
        publication.links.paper = p.url.clone();
        publication
    });
    sections.push(Section::Publications(PublicationList { title: "Publications".into(), entries, ..PublicationList::default() }));
}

/// `skills` as a section (the resume has entries there).
fn import_skills(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "skills", sections);
    let entries = im.entries(s, "skills", &r.skills, &[], |im, j, k| Skill {
        name: im.required(j, "name", &k.name, "the skill's name"),
        level: k.level.clone(),
        keywords: k.keywords.clone(),
        ..Skill::default()
    });
    sections.push(Section::Skills(list("Skills", entries)));
}

/// `languages` as a section (the resume has entries there).
fn import_languages(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "languages", sections);
    let entries = im.entries(s, "languages", &r.languages, &[("name", "language")], |im, j, l| Language {
        name: im.required(j, "language", &l.language, "the language's name"),
        fluency: l.fluency.clone(),
        ..Language::default()
    });
    sections.push(Section::Languages(list("Languages", entries)));
}

/// `interests` as a section (the resume has entries there).
fn import_interests(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "interests", sections);
    let entries = im.entries(s, "interests", &r.interests, &[("title", "name")], |im, j, x| Item {
        title: im.required(j, "name", &x.name, "the interest's name"),
        keywords: x.keywords.clone(),
        ..Item::default()
    });
    sections.push(Section::Custom(list("Interests", entries)));
}

/// `references` as a section (the resume has entries there).
fn import_references(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "references", sections);
    let entries = im.entries(s, "references", &r.references, &[("title", "name"), ("description", "reference")], |im, j, x| Item {
        title: im.required(j, "name", &x.name, "the referee's name"),
        description: rich(&x.reference),
        ..Item::default()
    });
    sections.push(Section::Custom(list("References", entries)));
}

/// `projects` as a section (the resume has entries there).
fn import_projects(im: &mut Importer, r: &Resume, sections: &mut Vec<Section>) {
    let s = next_section(im, "projects", sections);
    let fields = [
        ("title", "name"),
        ("description", "description"),
        ("highlights", "highlights"),
        ("date", "startDate"),
        ("end", "endDate"),
        ("url", "url"),
        ("subtitle", "entity"),
    ];
    let entries = im.entries(s, "projects", &r.projects, &fields, |im, j, p| Item {
        title: im.required(j, "name", &p.name, "the project's name"),
        subtitle: p.entity.clone(),
        date: im.date(&format!("{j}.startDate"), &p.start_date),
        end: im.end(&format!("{j}.endDate"), &p.end_date, &p.start_date),
        description: rich(&p.description),
        highlights: riches(&p.highlights),
        keywords: p.keywords.clone(),
        roles: p.roles.clone(),
        kind: p.kind.clone(),
        url: p.url.clone(),
        ..Item::default()
    });
    sections.push(Section::Custom(list("Projects", entries)));
}
