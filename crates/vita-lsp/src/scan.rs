//! Where a place in a RON CV is, in the model's terms: a light scan of the
//! text (strings, comments, brackets, names before `:`) that follows the
//! schema from the whole CV down to the cursor, so that a half-written file
//! still says which part the cursor is in, which fields it has, and what
//! the value after `field:` should be.

use serde_json::Value;

use crate::schema::{self, def_name, unwrap_option};

/// One open bracket and what it holds.
#[derive(Clone, Debug)]
pub enum Frame {
    /// `(...)` of a named type: its fields so far, the one being written.
    Part {
        /// The named type (`Position`, `Cv`).
        def: String,
        /// The fields written so far.
        seen: Vec<String>,
        /// The field whose value is being written.
        field: Option<String>,
    },
    /// `[...]`: each item's schema.
    List {
        /// The schema of an item.
        item: Value,
    },
    /// `{...}`: each value's schema.
    Map {
        /// The schema of a value.
        value: Value,
    },
    /// A bracket the schema says nothing about, or `Some(...)`.
    Other {
        /// The schema of what it holds, if known (`Some(...)`).
        inner: Option<Value>,
    },
}

/// What the cursor is in.
#[derive(Clone, Debug, PartialEq)]
pub enum Place {
    /// Where a field name goes in a part (`def`), with the fields it has and the name begun.
    FieldName {
        /// The part's type.
        def: String,
        /// The fields it has already.
        seen: Vec<String>,
        /// What is written of the name.
        prefix: String,
    },
    /// Where a section kind goes, with what is written of it.
    Kind {
        /// What is written of the kind.
        prefix: String,
    },
    /// The value of a field (its part, its name, its schema), with what is written of it.
    Value {
        /// The part's type.
        def: String,
        /// The field.
        field: String,
        /// The value's schema.
        schema: Value,
        /// What is written (inside a string: the text up to the cursor).
        prefix: String,
        /// Whether the cursor is inside a string.
        in_string: bool,
    },
    /// Nowhere the model names.
    Nothing,
}

/// The open brackets of a scan.
struct Scan {
    frames: Vec<Frame>,
}

impl Scan {
    /// What a new bracket opened here holds: the schema the place expects.
    fn expected(&self) -> Option<Value> {
        match self.frames.last() {
            None => Some(serde_json::json!({ "$ref": "#/$defs/Cv" })),
            Some(Frame::Part { def, field: Some(f), .. }) => schema::field(def, f).map(|f| f.value),
            Some(Frame::List { item, .. }) => Some(item.clone()),
            Some(Frame::Map { value, .. }) => Some(value.clone()),
            Some(Frame::Other { inner, .. }) => inner.clone(),
            Some(Frame::Part { field: None, .. }) => None,
        }
    }

    fn push(&mut self, c: char, before: Option<&str>) {
        let expected = self.expected().map(|v| unwrap_option(&v).clone());
        let frame = match (c, before, &expected) {
            ('(', Some("Some"), e) => Frame::Other { inner: e.clone() },
            ('(', Some(kind), Some(e)) if def_name(e) == Some("Section") => match schema::kinds().into_iter().find(|(k, _, _)| k == kind) {
                Some((_, _, def)) => Frame::Part { def, seen: Vec::new(), field: None },
                None => Frame::Other { inner: None },
            },
            ('(', _, Some(e)) => match def_name(e) {
                Some(def) if def != "Section" && schema::values(def).is_empty() => {
                    Frame::Part { def: def.to_string(), seen: Vec::new(), field: None }
                }
                _ => Frame::Other { inner: None },
            },
            ('[', _, Some(e)) if e["type"] == "array" || e["type"].as_array().is_some_and(|t| t.contains(&"array".into())) => {
                Frame::List { item: e["items"].clone() }
            }
            ('{', _, Some(e)) if e["additionalProperties"].is_object() => Frame::Map { value: e["additionalProperties"].clone() },
            _ => Frame::Other { inner: None },
        };
        self.frames.push(frame);
    }
}

/// Scans `chars` up to `until` (a character index): the frames open there.
fn scan(chars: &[char], until: usize) -> (Vec<Frame>, Option<Token>) {
    let mut s = Scan { frames: Vec::new() };
    let mut i = 0;
    let mut last_word: Option<(String, usize)> = None;
    let mut at_cursor = None;
    while i < chars.len() && i < until {
        let c = chars[i];
        match c {
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                continue;
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let mut nest = 0usize;
                while i + 1 < chars.len() {
                    if chars[i] == '/' && chars[i + 1] == '*' {
                        nest += 1;
                        i += 2;
                    } else if chars[i] == '*' && chars[i + 1] == '/' {
                        nest = nest.saturating_sub(1);
                        i += 2;
                        if nest == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                continue;
            }
            '"' => {
                let start = i;
                i += 1;
                while i < chars.len() && chars[i] != '"' {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                if i >= until {
                    at_cursor = Some(Token::String(chars[start + 1..until.min(chars.len())].iter().collect()));
                    break;
                }
                last_word = None;
            }
            '(' | '[' | '{' => {
                let before = last_word.as_ref().filter(|(_, end)| *end == i).map(|(w, _)| w.clone());
                s.push(c, before.as_deref());
                last_word = None;
            }
            ')' | ']' | '}' => {
                s.frames.pop();
                last_word = None;
            }
            ',' => {
                if let Some(Frame::Part { field, .. }) = s.frames.last_mut() {
                    *field = None;
                }
                last_word = None;
            }
            ':' => {
                if let (Some((word, _)), Some(Frame::Part { field, seen, .. })) = (last_word.take(), s.frames.last_mut()) {
                    seen.push(word.clone());
                    *field = Some(word);
                }
            }
            c if c.is_alphanumeric() || c == '_' => {
                let start = i;
                while i < chars.len() && i < until && (chars[i].is_alphanumeric() || chars[i] == '_') {
                    i += 1;
                }
                let word: String = chars[start..i].iter().collect();
                if i >= until {
                    at_cursor = Some(Token::Word(word));
                    break;
                }
                last_word = Some((word, i));
                continue;
            }
            _ => {}
        }
        i += 1;
    }
    (s.frames, at_cursor)
}

/// What the cursor is on: a word begun, or the inside of a string.
#[derive(Clone, Debug)]
enum Token {
    Word(String),
    String(String),
}

/// What the cursor at character `at` is in.
pub fn place(chars: &[char], at: usize) -> Place {
    let (frames, token) = scan(chars, at);
    let (prefix, in_string) = match &token {
        Some(Token::Word(w)) => (w.clone(), false),
        Some(Token::String(s)) => (s.clone(), true),
        None => (String::new(), false),
    };
    // The last character before what is being written.
    let start = at - prefix.chars().count() - usize::from(in_string);
    let before = chars[..start].iter().rev().find(|c| !c.is_whitespace()).copied();
    match frames.last() {
        Some(Frame::Part { def, seen, field, .. }) => match (before, field) {
            (Some(':'), Some(f)) => match schema::field(def, f) {
                Some(fd) => Place::Value { def: def.clone(), field: f.clone(), schema: fd.value, prefix, in_string },
                None => Place::Nothing,
            },
            (Some('(' | ','), _) if !in_string => {
                Place::FieldName { def: def.clone(), seen: seen.iter().filter(|s| **s != prefix).cloned().collect(), prefix }
            }
            _ => Place::Nothing,
        },
        Some(Frame::List { item, .. }) if def_name(unwrap_option(item)) == Some("Section") && !in_string => Place::Kind { prefix },
        // A key of a map field (`overlay: {"key": ...}`), in its string.
        Some(Frame::Map { value }) if in_string && matches!(before, Some('{' | ',')) => match frames.iter().rev().nth(1) {
            Some(Frame::Part { def, field: Some(f), .. }) => {
                Place::Value { def: def.clone(), field: f.clone(), schema: value.clone(), prefix, in_string }
            }
            _ => Place::Nothing,
        },
        // An item of a list field (`publications: ["id", ...]`, `tags: [...]`).
        Some(Frame::List { item, .. }) if matches!(before, Some('[' | ',')) || in_string => match frames.iter().rev().nth(1) {
            Some(Frame::Part { def, field: Some(f), .. }) => {
                Place::Value { def: def.clone(), field: f.clone(), schema: item.clone(), prefix, in_string }
            }
            _ => Place::Nothing,
        },
        Some(Frame::Other { inner: Some(v), .. }) if before == Some('(') => {
            // Inside `Some(`: the value of the field around it.
            match frames.iter().rev().nth(1) {
                Some(Frame::Part { def, field: Some(f), .. }) => {
                    Place::Value { def: def.clone(), field: f.clone(), schema: v.clone(), prefix, in_string }
                }
                _ => Place::Nothing,
            }
        }
        _ => Place::Nothing,
    }
}

/// The part and field a name at `at` (a field name being hovered) belongs
/// to: the part the name is written in.
pub fn part_at(chars: &[char], at: usize) -> Option<String> {
    let (frames, _) = scan(chars, at);
    frames.iter().rev().find_map(|f| match f {
        Frame::Part { def, .. } => Some(def.clone()),
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(text: &str) -> Place {
        let cursor = text.find('|').unwrap();
        let chars: Vec<char> = text.replace('|', "").chars().collect();
        place(&chars, text[..cursor].chars().count())
    }

    #[test]
    fn a_place_is_named_in_the_models_terms() {
        let Place::FieldName { def, seen, prefix } =
            at("(person: (name: \"A\"), sections: [Positions(title: \"W\", entries: [(org: \"X\", st|")
        else {
            panic!()
        };
        assert_eq!((def.as_str(), seen, prefix.as_str()), ("Position", vec!["org".to_string()], "st"));
        assert_eq!(at("(person: (name: \"A\"), sections: [Pos|"), Place::Kind { prefix: "Pos".into() });
        assert_eq!(at("(sections: [Positions(title: \"W\"), |"), Place::Kind { prefix: String::new() });
        let Place::Value { def, field, prefix, .. } = at("(sections: [Publications(title: \"P\", entries: [(title: \"T\", kind: Jou|")
        else {
            panic!()
        };
        assert_eq!((def.as_str(), field.as_str(), prefix.as_str()), ("Publication", "kind", "Jou"));
        assert_eq!(at("(person: (|"), Place::FieldName { def: "Person".into(), seen: vec![], prefix: String::new() });
        // Comments and strings hold no structure.
        assert_eq!(
            at("(person: (name: \"(\", /* ( */ // (\n |"),
            Place::FieldName { def: "Person".into(), seen: vec!["name".into()], prefix: String::new() }
        );
        assert!(matches!(at("(settings: (theme: \"mod|"), Place::Value { in_string: true, .. }));
        let Place::Value { def, field, prefix, .. } =
            at("(sections: [Research(title: \"R\", projects: [(name: \"n\", publications: [\"a\", \"bu|")
        else {
            panic!()
        };
        assert_eq!((def.as_str(), field.as_str(), prefix.as_str()), ("Project", "publications", "bu"));
    }
}
