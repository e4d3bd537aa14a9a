//! `docs/reference.md`, the field reference, is made from the model: the
//! schema of its types (field names as RON spells them, types, which are
//! required, and each field's documentation comment) and an example of
//! each field from `examples/every-kind.ron`. The test fails when the file
//! is not what the model gives; `scripts/reference` (VITA_BLESS=1) writes it.

use std::collections::BTreeMap;

use serde_json::{Map, Value};

use crate::common::*;

/// The schema's named types whose fields a table lists, in the order a
/// reader meets them, with an example of each from every-kind.ron.
struct Reference {
    defs: Map<String, Value>,
    examples: BTreeMap<String, Map<String, Value>>,
}

/// The section kinds: their name and the type of the section.
fn kinds(defs: &Map<String, Value>) -> Vec<(String, String, String)> {
    defs["Section"]["oneOf"]
        .as_array()
        .unwrap()
        .iter()
        .map(|v| {
            let (kind, inner) = v["properties"].as_object().unwrap().iter().next().unwrap();
            (kind.clone(), one_line(&v["description"]), def_name(inner).unwrap())
        })
        .collect()
}

fn def_name(v: &Value) -> Option<String> {
    v["$ref"].as_str().map(|r| r.trim_start_matches("#/$defs/").to_string())
}

/// A documentation comment on one line, its links to Rust items (`` [`x`] ``) as plain code.
fn one_line(v: &Value) -> String {
    let text = v.as_str().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ").replace('|', "\\|");
    let mut out = String::with_capacity(text.len());
    let mut rest = text.as_str();
    while let Some(at) = rest.find("[`") {
        let Some(end) = rest[at..].find("`]").map(|e| at + e) else { break };
        out.push_str(&rest[..at]);
        out.push_str(&rest[at + 1..end + 1]);
        rest = &rest[end + 2..];
    }
    out.push_str(rest);
    out
}

/// The named type a field holds, through lists, maps and options.
fn inner_def(v: &Value) -> Option<String> {
    if !v.is_object() {
        return None;
    }
    def_name(v)
        .or_else(|| v["anyOf"].as_array().and_then(|a| a.iter().find_map(inner_def)))
        .or_else(|| inner_def(&v["items"]))
        .or_else(|| v["additionalProperties"].is_object().then(|| inner_def(&v["additionalProperties"])).flatten())
}

impl Reference {
    fn new() -> Reference {
        let schema = serde_json::to_value(schemars::schema_for!(vita_model::Cv)).unwrap();
        let defs = schema["$defs"].as_object().unwrap().clone();
        let mut r = Reference { defs, examples: BTreeMap::new() };
        r.defs.insert("Cv".into(), schema.clone());
        let text = std::fs::read_to_string(root().join("examples/every-kind.ron")).unwrap();
        let cv = vita_model::parse(&text).unwrap();
        let value = serde_json::to_value(&cv).unwrap();
        r.walk("Cv", &value);
        r
    }

    /// Keeps the first instance of each named type met in the example.
    fn walk(&mut self, def: &str, value: &Value) {
        let Some(object) = value.as_object() else { return };
        let schema = self.defs[def].clone();
        if def == "Section" {
            for variant in schema["oneOf"].as_array().unwrap() {
                let (kind, inner) = variant["properties"].as_object().unwrap().iter().next().unwrap();
                if let (Some(v), Some(name)) = (object.get(kind), def_name(inner)) {
                    self.walk(&name, v);
                }
            }
            return;
        }
        self.examples.entry(def.to_string()).or_insert_with(|| object.clone());
        for (field, v) in object {
            let Some(inner) = inner_def(&schema["properties"][field]) else { continue };
            match v {
                Value::Array(items) => items.iter().for_each(|i| self.walk(&inner, i)),
                Value::Object(map) if schema["properties"][field]["additionalProperties"].is_object() => {
                    map.values().for_each(|i| self.walk(&inner, i))
                }
                other => self.walk(&inner, other),
            }
        }
    }

    /// A field's type in RON's words (the language server's), linking the named ones.
    fn type_of(&self, v: &Value) -> String {
        vita_lsp::schema::kind_with(v, &|name| match name {
            "Section" => "[section](#sections)".into(),
            _ => format!("[{}](#{})", name, name.to_lowercase()),
        })
    }

    /// A field table: name, type, required, meaning, example.
    fn table(&self, def: &str, out: &mut String) {
        let whole = &self.defs[def];
        // A type written either as a text or as fields (an author): the fields.
        let schema = whole["anyOf"].as_array().and_then(|a| a.iter().find(|v| v["properties"].is_object())).unwrap_or(whole);
        let required: Vec<&str> = schema["required"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
        out.push_str("| field | type | required | meaning | example |\n|---|---|---|---|---|\n");
        for (name, field) in schema["properties"].as_object().unwrap() {
            let example = self.examples.get(def).and_then(|e| e.get(name)).map(example).unwrap_or_default();
            out.push_str(&format!(
                "| `{name}` | {} | {} | {} | {example} |\n",
                self.type_of(field),
                if required.contains(&name.as_str()) { "yes" } else { "" },
                one_line(&field["description"]),
            ));
        }
        out.push('\n');
    }

    /// A table of an enumeration's values.
    fn values(&self, def: &str, out: &mut String) {
        if let Some(values) = self.defs[def]["enum"].as_array() {
            let values: Vec<String> = values.iter().map(|v| format!("`{}`", v.as_str().unwrap())).collect();
            out.push_str(&format!("One of {}.\n\n", values.join(", ")));
            return;
        }
        out.push_str("| value | meaning |\n|---|---|\n");
        for v in self.defs[def]["oneOf"].as_array().unwrap() {
            out.push_str(&format!("| `{}` | {} |\n", v["const"].as_str().unwrap(), one_line(&v["description"])));
        }
        out.push('\n');
    }

    fn markdown(&self) -> String {
        let mut out = String::from(
            "# Field reference\n\n\
             Every field of a vita CV, as RON spells it: one table per part of the CV, per section kind and per\n\
             kind of entry. Types: *text* is a string in double quotes; *text (Markdown)* may hold `*emphasis*`,\n\
             `**strong**` and `[links](https://...)`; a *date* is `\"2023\"`, `\"2023-08\"`, `\"2023-08-15\"` or a term\n\
             (`\"Fall 2017\"`); a *list* is `[a, b]`; a *map* is `{\"key\": value}`; a field that is not required may be\n\
             left out. The examples come from [`examples/every-kind.ron`](../examples/every-kind.ron), which has\n\
             every section kind and field.\n\n\
             This file is made from the model's types and their documentation (`scripts/reference`); a test fails\n\
             when it differs from them, so edit the documentation comments in `crates/vita-model`, not this file.\n\n",
        );
        let defs = &self.defs;
        let mut shown: Vec<String> = Vec::new();
        let mut queue: Vec<String> = vec!["Cv".into()];
        // The CV and what it holds, sections apart.
        let heading = |out: &mut String, name: &str, title: &str, doc: &Value| {
            out.push_str(&format!("<a id=\"{}\"></a>\n\n## {title}\n\n", name.to_lowercase()));
            let doc = one_line(doc);
            if !doc.is_empty() {
                out.push_str(&format!("{doc}\n\n"));
            }
        };
        let kinds = kinds(defs);
        let section_defs: Vec<&String> = kinds.iter().map(|(_, _, d)| d).collect();
        while let Some(def) = queue.first().cloned() {
            queue.remove(0);
            if shown.contains(&def) || ["Date", "End", "Rich"].contains(&def.as_str()) {
                continue;
            }
            shown.push(def.clone());
            if def == "Section" {
                heading(&mut out, "sections", "Sections", &Value::Null);
                out.push_str(
                    "`sections: [...]` lists the sections in the order they print; each is a kind with its fields in\n\
                     parentheses, `Positions(title: \"Employment\", entries: [...])`, and one kind may be used for\n\
                     several sections.\n\n| kind | what it holds |\n|---|---|\n",
                );
                for (kind, doc, _) in &kinds {
                    out.push_str(&format!("| [`{kind}`](#{}) | {doc} |\n", kind.to_lowercase()));
                }
                out.push('\n');
                for (kind, doc, inner) in &kinds {
                    out.push_str(&format!("<a id=\"{}\"></a>\n\n### `{kind}(...)`\n\n{doc}\n\n", kind.to_lowercase()));
                    self.table(inner, &mut out);
                    let entry = inner_def(&defs[inner]["properties"]["entries"]);
                    if let Some(entry) = entry.filter(|e| !shown.contains(e)) {
                        out.push_str(&format!(
                            "<a id=\"{}\"></a>\n\nEach entry (`{entry}`): {}\n\n",
                            entry.to_lowercase(),
                            one_line(&defs[&entry]["description"])
                        ));
                        self.table(&entry, &mut out);
                        shown.push(entry.clone());
                        self.enqueue(&entry, &mut queue);
                    }
                    self.enqueue(inner, &mut queue);
                }
                continue;
            }
            if section_defs.contains(&&def) {
                continue;
            }
            let schema = &defs[&def];
            let title = if def == "Cv" { "The CV".to_string() } else { format!("`{def}`") };
            heading(&mut out, &def, &title, &schema["description"]);
            if schema["oneOf"].is_array() || schema["enum"].is_array() {
                self.values(&def, &mut out);
            } else if schema["properties"].is_object() || schema["anyOf"].is_array() {
                self.table(&def, &mut out);
            }
            self.enqueue(&def, &mut queue);
        }
        out.trim_end().to_string() + "\n"
    }

    /// The named types a type's fields hold, next in the queue: the
    /// reference reads depth first, a part before the parts after it.
    fn enqueue(&self, def: &str, queue: &mut Vec<String>) {
        let schema = &self.defs[def];
        let schema = schema["anyOf"].as_array().and_then(|a| a.iter().find(|v| v["properties"].is_object())).unwrap_or(schema);
        if let Some(props) = schema["properties"].as_object() {
            let children: Vec<String> = props.values().filter_map(inner_def).collect();
            queue.splice(0..0, children);
        }
    }
}

/// A field's value from the example, as RON writes it, cut short.
fn example(v: &Value) -> String {
    let scalar = |v: &Value| !v.is_object() && !v.is_array();
    if !(scalar(v) || v.as_array().is_some_and(|a| a.iter().all(scalar))) {
        // A part with fields of its own: its table has the examples.
        return String::new();
    }
    fn ron(v: &Value) -> String {
        match v {
            Value::String(s) => format!("{s:?}"),
            Value::Array(a) => format!("[{}]", a.iter().map(ron).collect::<Vec<_>>().join(", ")),
            Value::Object(m) => format!("({})", m.iter().map(|(k, v)| format!("{k}: {}", ron(v))).collect::<Vec<_>>().join(", ")),
            other => other.to_string(),
        }
    }
    let text = ron(v);
    let short: String = if text.chars().count() > 48 { text.chars().take(45).collect::<String>() + "…" } else { text };
    format!("`{}`", short.replace('|', "\\|").replace('`', "'"))
}

#[test]
fn the_field_reference_is_what_the_model_documents() {
    let made = Reference::new().markdown();
    let path = root().join("docs/reference.md");
    if blessing() {
        std::fs::write(&path, &made).unwrap();
    }
    let kept = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(kept == made, "docs/reference.md is not what the model documents: run scripts/reference");
    // Every section kind, and the fields people look for, are in it.
    for kind in ["`Positions(...)`", "`Talks(...)`", "`Publications(...)`", "`Grants(...)`"] {
        assert!(made.contains(kind), "{kind}");
    }
    assert!(made.contains("| `org` | text | yes | Organisation. |"), "{made}");
}
