//! JSON Resume as published files write it. Most `resume.json` files in the
//! wild are informal: field names from before 1.0 (`company`, `website`,
//! hCard's `locality`), one text per language, a list written as one
//! string, a single object where the schema has a list, numbers where it has
//! text. Before the file is read as the schema's types, its value is brought
//! to the schema's shape here, one warning per repair, in the file's own
//! terms (`work[0].company: read as `name` ...`).
//!
//! Dates, countries and values the model cannot hold are repaired later,
//! where they are read (see `import.rs` and `vita_model::check_imported`).

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use serde_json::{Map, Value};
use vita_model::Diagnostic;

/// The arrays of a résumé, with the name one entry is known by there.
const ARRAYS: &[(&str, &str)] = &[
    ("work", "name"),
    ("volunteer", "organization"),
    ("education", "institution"),
    ("awards", "title"),
    ("certificates", "name"),
    ("publications", "name"),
    ("skills", "name"),
    ("languages", "language"),
    ("interests", "name"),
    ("references", "name"),
    ("projects", "name"),
];

/// The schema's text fields (of every object), which repairs may touch.
const TEXT_FIELDS: &[&str] = &[
    "name",
    "label",
    "image",
    "email",
    "phone",
    "url",
    "summary",
    "address",
    "postalCode",
    "city",
    "countryCode",
    "region",
    "network",
    "username",
    "location",
    "description",
    "position",
    "startDate",
    "endDate",
    "organization",
    "institution",
    "area",
    "studyType",
    "score",
    "title",
    "date",
    "awarder",
    "issuer",
    "publisher",
    "releaseDate",
    "level",
    "language",
    "fluency",
    "reference",
    "entity",
    "type",
];

/// Fields that hold lists of strings.
const STRING_LISTS: &[&str] = &["highlights", "keywords", "courses", "roles"];

/// Names from before JSON Resume 1.0 (and hCard's, which its first drafts
/// used), by the object they occur in: old name, new name.
const RENAMED: &[(&str, &str, &str)] = &[
    ("basics", "website", "url"),
    ("basics", "picture", "image"),
    ("location", "street-address", "address"),
    ("location", "streetAddress", "address"),
    ("location", "postal-code", "postalCode"),
    ("location", "locality", "city"),
    ("location", "country-name", "countryCode"),
    ("location", "country", "countryCode"),
    ("work", "company", "name"),
    ("work", "organization", "name"),
    ("work", "employer", "name"),
    ("work", "title", "position"),
    ("work", "website", "url"),
    ("volunteer", "website", "url"),
    ("volunteer", "company", "organization"),
    ("education", "gpa", "score"),
    ("education", "website", "url"),
    ("publications", "website", "url"),
    ("publications", "title", "name"),
    ("awards", "name", "title"),
    ("certificates", "title", "name"),
    ("languages", "name", "language"),
    ("languages", "level", "fluency"),
    ("projects", "title", "name"),
    ("projects", "website", "url"),
];

/// What [`repair`] did: its warnings, and how paths of the repaired value
/// lead back to the file.
#[derive(Debug, Default)]
pub struct Repaired {
    /// One warning per repair, at the file's paths.
    pub warnings: Vec<Diagnostic>,
    /// Fields read under another name: the repaired path and the file's.
    renamed: Vec<(String, String)>,
    /// Lists some items of which were left out: the list's path and the
    /// file's index of each item kept.
    kept: Vec<(String, Vec<usize>)>,
}

impl Repaired {
    /// The file's path of a path in the repaired value.
    pub fn in_file(&self, path: &str) -> String {
        let mut path = path.to_string();
        for (list, indices) in &self.kept {
            if let Some(rest) = path.strip_prefix(&format!("{list}[")) {
                if let Some((n, tail)) = rest.split_once(']') {
                    if let Some(i) = n.parse::<usize>().ok().and_then(|n| indices.get(n)) {
                        path = format!("{list}[{i}]{tail}");
                    }
                }
            }
        }
        for (now, was) in &self.renamed {
            if path == *now || path.starts_with(&format!("{now}.")) || path.starts_with(&format!("{now}[")) {
                return format!("{was}{}", path.get(now.len()..).unwrap_or_default());
            }
        }
        path
    }
}

/// The renamed fields that earlier versions of the schema (and hCard) named so.
const OLD_NAMES: &[&str] = &["website", "picture", "street-address", "postal-code", "locality", "country-name", "company", "gpa"];

/// Brings a résumé's value to the schema's shape; the warnings name each repair.
pub fn repair(root: &mut Value) -> Repaired {
    let mut r = Repair { said: Repaired::default(), language: None };
    let Some(top) = root.as_object_mut() else { return r.said };
    r.language = pick_language(top);
    if let Some(basics) = top.get_mut("basics") {
        if !basics.is_object() {
            r.warn("basics", format!("`basics` is {}, not an object; it is left out", kind(basics)));
            top.remove("basics");
        }
    }
    if let Some(Value::Object(basics)) = top.get_mut("basics") {
        r.rename("basics", "basics", basics);
        r.texts("basics", basics, &["profiles", "location"]);
        if let Some(Value::Object(location)) = basics.get_mut("location") {
            r.rename("basics.location", "location", location);
            r.texts("basics.location", location, &[]);
        } else if let Some(Value::String(place)) = basics.get("location") {
            // A place written as one string: its city.
            let place = place.clone();
            r.warn("basics.location", format!("`{place}` is read as the city (JSON Resume writes `location` as an object)"));
            basics.insert("location".into(), Value::Object(Map::from_iter([("city".to_string(), Value::String(place))])));
        }
        if let Some(Value::Object(location)) = basics.get_mut("location") {
            if let Some(Value::String(c)) = location.get("countryCode") {
                let c = c.clone();
                match vita_model::imported::country_code(&c) {
                    Some(code) if code != c => {
                        r.warn("basics.location.countryCode", format!("`{c}` is read as the country code `{code}`"));
                        location.insert("countryCode".into(), Value::String(code));
                    }
                    _ => {}
                }
            }
        }
        r.list("basics.profiles", basics, "network", |_, _| {});
        if let Some(Value::Array(profiles)) = basics.get_mut("profiles") {
            for (i, p) in profiles.iter_mut().enumerate() {
                if let Value::Object(p) = p {
                    r.texts(&format!("basics.profiles[{i}]"), p, &[]);
                }
            }
        }
    }
    for (key, name) in ARRAYS {
        r.list(key, top, name, |r, (path, item)| {
            r.rename(path, key, item);
            r.texts(path, item, STRING_LISTS);
            for list in STRING_LISTS {
                r.strings(&format!("{path}.{list}"), item, list);
            }
        });
    }
    r.said
}

struct Repair {
    said: Repaired,
    /// The language whose text is read where a field holds one per language.
    language: Option<String>,
}

fn kind(v: &Value) -> &'static str {
    match v {
        Value::Null => "null",
        Value::Bool(_) => "a boolean",
        Value::Number(_) => "a number",
        Value::String(_) => "a string",
        Value::Array(_) => "a list",
        Value::Object(_) => "an object",
    }
}

/// The language a file with one text per language is read in: English when
/// it has English, else the first language its `basics` field gives.
fn pick_language(top: &Map<String, Value>) -> Option<String> {
    let basics = top.get("basics")?.as_object()?;
    let mut tags: Vec<&String> = Vec::new();
    for v in basics.values() {
        if let Some(o) = v.as_object().filter(|o| is_per_language(o)) {
            tags.extend(o.keys());
        }
    }
    tags.iter().find(|t| t.as_str() == "en").or(tags.first()).map(|t| (*t).clone())
}

/// `{"en": "...", "de": "..."}`: every key a language tag, every value text.
fn is_per_language(o: &Map<String, Value>) -> bool {
    !o.is_empty() && o.iter().all(|(k, v)| vita_model::validate::is_language_tag(k) && k.len() <= 8 && (v.is_string() || v.is_null()))
}

impl Repair {
    fn warn(&mut self, path: &str, message: String) {
        let path = self.said.in_file(path);
        self.said.warnings.push(Diagnostic::warning(path, message));
    }

    /// Old field names to the schema's, where the new name is not also given.
    fn rename(&mut self, path: &str, object: &str, o: &mut Map<String, Value>) {
        for (within, old, new) in RENAMED {
            if *within != object || !o.contains_key(*old) || o.contains_key(*new) {
                continue;
            }
            // `title` is a publication's and a project's own field in some files only.
            let Some(v) = o.remove(*old) else { continue };
            if v.is_null() || v.as_str().is_some_and(|s| s.trim().is_empty()) {
                continue;
            }
            let why = if OLD_NAMES.contains(old) { "the field's name before JSON Resume 1.0" } else { "the schema's name for it" };
            self.warn(&format!("{path}.{old}"), format!("read as `{new}` ({why})"));
            self.said.renamed.push((format!("{path}.{new}"), format!("{path}.{old}")));
            o.insert((*new).to_string(), v);
        }
    }

    /// Text fields as text: a number or a boolean as its text, one text per
    /// language as the chosen one, a list of texts as paragraphs; null and
    /// empty text as absent. `skip` names fields that are not text.
    fn texts(&mut self, path: &str, o: &mut Map<String, Value>, skip: &[&str]) {
        let keys: Vec<String> = o.keys().cloned().collect();
        for k in keys {
            // Fields the schema does not name are kept exactly as written.
            if skip.contains(&k.as_str()) || !TEXT_FIELDS.contains(&k.as_str()) {
                continue;
            }
            let Some(v) = o.get_mut(&k) else { continue };
            let at = format!("{path}.{k}");
            match v {
                Value::Null => {
                    o.remove(&k);
                }
                // An empty image is the schema's sample's way of saying none; vita reads it so.
                Value::String(s) if s.trim().is_empty() && k != "image" => {
                    o.remove(&k);
                }
                Value::Number(n) => *v = Value::String(n.to_string()),
                Value::Bool(b) => *v = Value::String(b.to_string()),
                Value::Object(m) if is_per_language(m) => {
                    let langs: Vec<String> = m.keys().cloned().collect();
                    let chosen = self.language.clone().filter(|l| m.contains_key(l)).unwrap_or_else(|| langs[0].clone());
                    let text = m.get(&chosen).cloned().unwrap_or(Value::Null);
                    if langs.len() > 1 {
                        self.warn(&at, format!("holds one text per language ({}); the `{chosen}` one is read", langs.join(", ")));
                    }
                    *v = text;
                    if v.is_null() {
                        o.remove(&k);
                    }
                }
                Value::Object(m) => {
                    let wanted: &[&str] = if k == "url" { &["url", "href", "link"] } else { &["name", "title", "text", "value", "url"] };
                    if let Some((field, text)) = wanted.iter().find_map(|w| Some((*w, m.get(*w)?.as_str()?.to_string()))) {
                        self.warn(&at, format!("is an object, not text; its `{field}` is read"));
                        *v = Value::String(text);
                    }
                }
                Value::Array(items) if items.iter().all(|i| i.is_string() || i.is_number()) && is_known_text(&k) => {
                    let parts: Vec<String> = items
                        .iter()
                        .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                        .filter(|s| !s.trim().is_empty())
                        .collect();
                    if parts.len() > 1 {
                        self.warn(&at, format!("is a list of {} texts; they are read as paragraphs of one", parts.len()));
                    }
                    if parts.is_empty() {
                        o.remove(&k);
                    } else {
                        *v = Value::String(parts.join("\n\n"));
                    }
                }
                _ => {}
            }
        }
        self.address(path, o, "url");
    }

    /// A web address written without its scheme (`github.com/name`,
    /// `www.example.org`) gets `https://`.
    fn address(&mut self, path: &str, o: &mut Map<String, Value>, key: &str) {
        let Some(Value::String(s)) = o.get(key) else { return };
        if let Some(full) = vita_model::imported::web_address(s) {
            if full != *s {
                self.warn(&format!("{path}.{key}"), format!("`{s}` is read as {full}"));
                o.insert(key.to_string(), Value::String(full));
            }
        }
    }

    /// A list of strings: one string as a list of it, objects as their name,
    /// empty and null items left out.
    fn strings(&mut self, path: &str, o: &mut Map<String, Value>, key: &str) {
        let Some(v) = o.get_mut(key) else { return };
        match v {
            Value::Null => {
                o.remove(key);
            }
            Value::String(s) if s.trim().is_empty() => {
                o.remove(key);
            }
            Value::String(s) => {
                let s = s.clone();
                self.warn(path, "is one text, not a list; it is read as a list of one".to_string());
                *v = Value::Array(vec![Value::String(s)]);
            }
            Value::Array(items) => {
                let mut out = Vec::with_capacity(items.len());
                for (i, item) in items.iter().enumerate() {
                    match item {
                        Value::String(s) if s.trim().is_empty() => {}
                        Value::Null => {}
                        Value::String(s) => out.push(Value::String(s.clone())),
                        Value::Number(n) => out.push(Value::String(n.to_string())),
                        Value::Object(m) => match ["name", "keyword", "title", "value", "label"].iter().find_map(|k| m.get(*k)?.as_str()) {
                            Some(name) => {
                                self.warn(&format!("{path}[{i}]"), format!("is an object; its text `{name}` is read"));
                                out.push(Value::String(name.to_string()));
                            }
                            None => self.warn(&format!("{path}[{i}]"), "is an object with no text; it is left out".into()),
                        },
                        other => self.warn(&format!("{path}[{i}]"), format!("is {}, not text; it is left out", kind(other))),
                    }
                }
                *v = Value::Array(out);
            }
            other => {
                let said = format!("is {}, not a list of texts; it is left out", kind(other));
                self.warn(path, said);
                o.remove(key);
            }
        }
    }

    /// A list of objects: a single object as a list of one, an object of
    /// objects as a list of them (keys as names), strings as objects with
    /// that name; `f` repairs each item.
    fn list(&mut self, path: &str, o: &mut Map<String, Value>, name: &str, mut f: impl FnMut(&mut Self, (&str, &mut Map<String, Value>))) {
        let key = path.rsplit('.').next().unwrap_or(path);
        let Some(v) = o.get_mut(key) else { return };
        let items: Vec<Value> = match std::mem::take(v) {
            Value::Null => {
                o.remove(key);
                return;
            }
            Value::Array(items) => items,
            Value::Object(m) if m.contains_key(name) || m.values().any(|x| !x.is_object()) => {
                self.warn(path, "is one object, not a list; it is read as a list of one".into());
                vec![Value::Object(m)]
            }
            Value::Object(m) => {
                self.warn(path, format!("is an object of {} objects, not a list; each is read as one entry, named by its key", m.len()));
                m.into_iter()
                    .map(|(k, mut x)| {
                        if let Value::Object(inner) = &mut x {
                            inner.entry(name.to_string()).or_insert(Value::String(k));
                        }
                        x
                    })
                    .collect()
            }
            Value::String(s) if s.trim().is_empty() => {
                o.remove(key);
                return;
            }
            other => {
                self.warn(path, format!("is {}, not a list; it is left out", kind(&other)));
                o.remove(key);
                return;
            }
        };
        let mut out = Vec::with_capacity(items.len());
        let mut kept = Vec::with_capacity(items.len());
        let all = items.len();
        for (i, item) in items.into_iter().enumerate() {
            let at = format!("{path}[{i}]");
            if matches!(item, Value::Object(_)) || item.as_str().is_some_and(|s| !s.trim().is_empty()) {
                kept.push(i);
            }
            match item {
                Value::Object(mut m) => {
                    f(self, (&at, &mut m));
                    out.push(Value::Object(m));
                }
                Value::Null => self.warn(&at, "is null; it is left out".into()),
                Value::String(s) if s.trim().is_empty() => self.warn(&at, "is empty; it is left out".into()),
                Value::String(s) => {
                    let mut m = Map::new();
                    m.insert(name.to_string(), Value::String(s));
                    f(self, (&at, &mut m));
                    out.push(Value::Object(m));
                }
                other => self.warn(&at, format!("is {}, not an object; it is left out", kind(&other))),
            }
        }
        // Indices of later items shift when one is left out: paths lead back
        // through `kept`.
        if kept.len() != all {
            self.said.kept.push((path.to_string(), kept));
        }
        o.insert(key.to_string(), Value::Array(out));
    }
}

/// Fields whose value is one text (a list of them is read as paragraphs).
fn is_known_text(key: &str) -> bool {
    matches!(
        key,
        "summary" | "description" | "reference" | "label" | "name" | "position" | "area" | "studyType" | "score" | "fluency" | "level"
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn said(json: &str) -> (Value, Vec<String>) {
        let mut v: Value = serde_json::from_str(json).unwrap();
        let d = repair(&mut v);
        assert_eq!(d.in_file("work[1].name"), "work[2].name");
        assert_eq!(d.in_file("work[0].name"), "work[0].company");
        (v, d.warnings.iter().map(|d| format!("{}: {}", d.path, d.message)).collect())
    }

    #[test]
    fn pre_1_0_names_and_shapes() {
        let (v, said) = said(
            r#"{"basics": {"name": "A", "website": "https://a.example", "label": {"de": "Entwickler", "en": "Developer"},
                "location": {"locality": "Paris", "countryCode": "USA"}},
               "work": [{"company": "ACME", "highlights": "Shipped it", "endDate": ""}, null, "Freelance"],
               "skills": {"name": "Web", "keywords": [{"name": "HTML"}, "", 5]},
               "interests": ["chess"],
               "education": [{"institution": "U", "gpa": 4.0}]}"#,
        );
        assert_eq!(v["basics"]["url"], "https://a.example");
        assert_eq!(v["basics"]["label"], "Developer");
        assert_eq!(v["basics"]["location"]["city"], "Paris");
        assert_eq!(v["basics"]["location"]["countryCode"], "US");
        assert_eq!(v["work"][0]["name"], "ACME");
        assert_eq!(v["work"][0]["highlights"], serde_json::json!(["Shipped it"]));
        assert!(v["work"][0].get("endDate").is_none());
        assert_eq!(v["work"][1]["name"], "Freelance");
        assert_eq!(v["skills"][0]["keywords"], serde_json::json!(["HTML", "5"]));
        assert_eq!(v["interests"][0]["name"], "chess");
        assert_eq!(v["education"][0]["score"], "4.0");
        assert_eq!(
            said,
            [
                "basics.website: read as `url` (the field's name before JSON Resume 1.0)",
                "basics.label: holds one text per language (de, en); the `en` one is read",
                "basics.location.locality: read as `city` (the field's name before JSON Resume 1.0)",
                "basics.location.countryCode: `USA` is read as the country code `US`",
                "work[0].company: read as `name` (the field's name before JSON Resume 1.0)",
                "work[0].highlights: is one text, not a list; it is read as a list of one",
                "work[1]: is null; it is left out",
                "education[0].gpa: read as `score` (the field's name before JSON Resume 1.0)",
                "skills: is one object, not a list; it is read as a list of one",
                "skills[0].keywords[0]: is an object; its text `HTML` is read",
            ]
        );
    }
}
