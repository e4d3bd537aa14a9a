//! The model's types as the editor needs them: each part's fields (RON
//! name, type in words, documentation, whether required), the section
//! kinds and the values of each enumeration, from the schema the model's
//! types derive (the same one `docs/reference.md` is made from).

use std::sync::OnceLock;

use serde_json::{Map, Value};

/// One field of a part of the CV.
#[derive(Clone, Debug, PartialEq)]
pub struct Field {
    /// Its name as RON writes it.
    pub name: String,
    /// Its type in words (`text`, `date`, `list of Position`).
    pub kind: String,
    /// Its documentation.
    pub doc: String,
    /// Whether a CV must give it.
    pub required: bool,
    /// The schema of its value.
    pub value: Value,
}

/// The schema of a whole CV: its named types, `Cv` the whole.
pub fn defs() -> &'static Map<String, Value> {
    static DEFS: OnceLock<Map<String, Value>> = OnceLock::new();
    DEFS.get_or_init(|| {
        let schema = serde_json::to_value(schemars::schema_for!(vita_model::Cv)).unwrap_or_default();
        let mut defs = schema["$defs"].as_object().cloned().unwrap_or_default();
        defs.insert("Cv".into(), schema);
        defs
    })
}

/// The named type a schema refers to (`#/$defs/Position`).
pub fn def_name(v: &Value) -> Option<&str> {
    v["$ref"].as_str().map(|r| r.trim_start_matches("#/$defs/"))
}

/// The schema of a named type, through an optional value.
fn object(def: &str) -> Option<&'static Value> {
    let d = defs().get(def)?;
    // A type written either as a text or as fields (an author): the fields.
    Some(d["anyOf"].as_array().and_then(|a| a.iter().find(|v| v["properties"].is_object())).unwrap_or(d))
}

/// The value a schema holds once an optional's `null` is set aside.
pub fn unwrap_option(v: &Value) -> &Value {
    match v["anyOf"].as_array() {
        Some(any) if any.iter().any(|a| a["type"] == "null") => any.iter().find(|a| a["type"] != "null").unwrap_or(v),
        _ => v,
    }
}

/// The fields of a named type, in the order the type declares them.
pub fn fields(def: &str) -> Vec<Field> {
    let Some(schema) = object(def) else { return Vec::new() };
    let required: Vec<&str> = schema["required"].as_array().map(|a| a.iter().filter_map(Value::as_str).collect()).unwrap_or_default();
    let Some(props) = schema["properties"].as_object() else { return Vec::new() };
    props
        .iter()
        .map(|(name, v)| Field {
            name: name.clone(),
            kind: kind(v),
            doc: one_line(&v["description"]),
            required: required.contains(&name.as_str()),
            value: v.clone(),
        })
        .collect()
}

/// A field of a named type.
pub fn field(def: &str, name: &str) -> Option<Field> {
    fields(def).into_iter().find(|f| f.name == name)
}

/// The section kinds: name, documentation and the named type of the section.
pub fn kinds() -> Vec<(String, String, String)> {
    defs()["Section"]["oneOf"]
        .as_array()
        .map(|variants| {
            variants
                .iter()
                .filter_map(|v| {
                    let (kind, inner) = v["properties"].as_object()?.iter().next()?;
                    Some((kind.clone(), one_line(&v["description"]), def_name(inner)?.to_string()))
                })
                .collect()
        })
        .unwrap_or_default()
}

/// The values of an enumeration and what each means (`Journal`, "Journal article.").
pub fn values(def: &str) -> Vec<(String, String)> {
    let Some(d) = defs().get(def) else { return Vec::new() };
    if let Some(one_of) = d["oneOf"].as_array() {
        return one_of.iter().filter_map(|v| Some((v["const"].as_str()?.to_string(), one_line(&v["description"])))).collect();
    }
    d["enum"].as_array().map(|a| a.iter().filter_map(|v| Some((v.as_str()?.to_string(), String::new()))).collect()).unwrap_or_default()
}

/// The documentation of a named type.
pub fn doc(def: &str) -> String {
    defs().get(def).map(|d| one_line(&d["description"])).unwrap_or_default()
}

/// A field's type in words.
pub fn kind(v: &Value) -> String {
    kind_with(v, &|name| name.to_string())
}

/// A field's type in words, each named type written by `named` (the field
/// reference links them): `list of Position`, `date`, `text (Markdown)`.
pub fn kind_with(v: &Value, named: &dyn Fn(&str) -> String) -> String {
    if let Some(name) = def_name(v) {
        return match name {
            "Date" => "date".into(),
            "End" => "date or `present`".into(),
            "Rich" => "text (Markdown)".into(),
            other => named(other),
        };
    }
    if let Some(any) = v["anyOf"].as_array() {
        let types: Vec<String> = any.iter().filter(|a| a["type"] != "null").map(|a| kind_with(a, named)).collect();
        return types.join(" or ");
    }
    let ty = match &v["type"] {
        Value::Array(a) => a.iter().find(|t| *t != "null").cloned().unwrap_or(Value::Null),
        t => t.clone(),
    };
    match ty.as_str() {
        Some("string") => "text".into(),
        Some("integer") => "whole number".into(),
        Some("number") => "number".into(),
        Some("boolean") => "`true` or `false`".into(),
        Some("array") => format!("list of {}", kind_with(&v["items"], named)),
        Some("object") => format!("map of text to {}", kind_with(&v["additionalProperties"], named)),
        _ => "value".into(),
    }
}

/// A documentation comment on one line.
fn one_line(v: &Value) -> String {
    v.as_str().unwrap_or("").split_whitespace().collect::<Vec<_>>().join(" ")
}
