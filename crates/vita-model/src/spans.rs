//! Where each value of a RON document starts, by field path.
//!
//! The `ron` crate reports positions for syntax and type errors, but a
//! deserialised value carries no position. Semantic checks (an end before a
//! start, an unknown publication id) need one, so this module scans the source
//! once and records the line and column of every value under the same path
//! syntax the diagnostics use: `sections[3].entries[0].end`. Enum variant
//! names (`Positions(...)`) and `Some(...)` add no path segment, matching how
//! paths are written for users.

use std::collections::HashMap;

/// A 1-based line and column (in characters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Default)]
pub struct Pos {
    /// Line, from 1.
    pub line: usize,
    /// Column in characters, from 1.
    pub col: usize,
}

/// Line and column of byte offsets in a text: for readers of other files
/// (BibTeX, JSON) whose parsers give offsets.
#[derive(Debug, Clone)]
pub struct LineStarts {
    starts: Vec<usize>,
    len: usize,
}

impl LineStarts {
    /// Indexes a text's line starts.
    pub fn new(src: &str) -> LineStarts {
        let mut starts = vec![0];
        starts.extend(src.match_indices('\n').map(|(i, _)| i + 1));
        LineStarts { starts, len: src.len() }
    }

    /// The position of a byte offset of `src` (the text indexed); columns count
    /// characters, and an offset inside a character counts that character.
    pub fn pos(&self, src: &str, offset: usize) -> Pos {
        let offset = offset.min(self.len);
        let line = self.starts.partition_point(|s| *s <= offset);
        let start = self.starts[line - 1];
        let col = src.get(start..offset).map_or(offset - start, |s| s.chars().count()) + 1;
        Pos { line, col }
    }
}

/// A [`SpanIndex`] made when first asked for: a source without problems
/// is never scanned, and one with several is scanned once.
#[derive(Debug, Default, Clone)]
pub struct LazySpans {
    index: std::sync::OnceLock<SpanIndex>,
}

impl LazySpans {
    /// The index of `src` (always the same source for one `LazySpans`).
    pub fn get(&self, src: &str) -> &SpanIndex {
        self.index.get_or_init(|| SpanIndex::scan(src))
    }
}

/// Start positions of values by field path.
#[derive(Debug, Default, Clone)]
pub struct SpanIndex {
    map: HashMap<String, Pos>,
}

impl SpanIndex {
    /// Scans RON source. Malformed input gives a partial index, never an error:
    /// syntax errors are the parser's to report.
    pub fn scan(src: &str) -> SpanIndex {
        let mut s = Scanner { chars: src.chars().collect(), i: 0, line: 1, col: 1, map: HashMap::new(), order: Vec::new() };
        s.skip_ws();
        s.skip_attributes();
        s.value(String::new(), 0);
        SpanIndex { map: s.map }
    }

    /// An index made from paths and positions found elsewhere (an import
    /// maps the model's paths to positions in its own file).
    pub fn from_pairs(pairs: impl IntoIterator<Item = (String, Pos)>) -> SpanIndex {
        let mut map = HashMap::new();
        for (k, v) in pairs {
            map.entry(k).or_insert(v);
        }
        SpanIndex { map }
    }

    /// Every recorded path and position.
    pub fn entries(&self) -> impl Iterator<Item = (&str, Pos)> {
        self.map.iter().map(|(k, v)| (k.as_str(), *v))
    }

    /// The position of the value at `path`, or of its nearest enclosing value.
    pub fn find(&self, path: &str) -> Option<Pos> {
        let mut p = path;
        loop {
            if let Some(pos) = self.map.get(p) {
                return Some(*pos);
            }
            if p.is_empty() {
                return None;
            }
            let cut = p.rfind(['.', '[']).unwrap_or(0);
            p = &p[..cut];
        }
    }
}

struct Scanner {
    chars: Vec<char>,
    i: usize,
    line: usize,
    col: usize,
    map: HashMap<String, Pos>,
    /// Keys in the order they were first recorded, to find what a value added.
    order: Vec<String>,
}

const MAX_DEPTH: usize = 128;

impl Scanner {
    fn peek(&self) -> Option<char> {
        self.chars.get(self.i).copied()
    }

    fn peek_at(&self, k: usize) -> Option<char> {
        self.chars.get(self.i + k).copied()
    }

    fn bump(&mut self) -> Option<char> {
        let c = self.peek()?;
        self.i += 1;
        if c == '\n' {
            self.line += 1;
            self.col = 1;
        } else {
            self.col += 1;
        }
        Some(c)
    }

    fn pos(&self) -> Pos {
        Pos { line: self.line, col: self.col }
    }

    fn skip_ws(&mut self) {
        loop {
            match (self.peek(), self.peek_at(1)) {
                (Some(c), _) if c.is_whitespace() => {
                    self.bump();
                }
                (Some('/'), Some('/')) => {
                    while let Some(c) = self.peek() {
                        if c == '\n' {
                            break;
                        }
                        self.bump();
                    }
                }
                (Some('/'), Some('*')) => {
                    self.bump();
                    self.bump();
                    let mut depth = 1;
                    while depth > 0 {
                        match (self.peek(), self.peek_at(1)) {
                            (None, _) => return,
                            (Some('*'), Some('/')) => {
                                self.bump();
                                self.bump();
                                depth -= 1;
                            }
                            (Some('/'), Some('*')) => {
                                self.bump();
                                self.bump();
                                depth += 1;
                            }
                            _ => {
                                self.bump();
                            }
                        }
                    }
                }
                _ => return,
            }
        }
    }

    fn skip_attributes(&mut self) {
        while self.peek() == Some('#') && self.peek_at(1) == Some('!') {
            while let Some(c) = self.bump() {
                if c == ']' {
                    break;
                }
            }
            self.skip_ws();
        }
    }

    fn ident(&mut self) -> String {
        let mut s = String::new();
        if self.peek() == Some('r') && self.peek_at(1) == Some('#') {
            self.bump();
            self.bump();
        }
        while let Some(c) = self.peek() {
            if c.is_alphanumeric() || c == '_' {
                s.push(c);
                self.bump();
            } else {
                break;
            }
        }
        s
    }

    fn string(&mut self) -> String {
        let mut out = String::new();
        if self.peek() == Some('r') {
            self.bump();
            let mut hashes = 0;
            while self.peek() == Some('#') {
                hashes += 1;
                self.bump();
            }
            self.bump(); // opening quote
            loop {
                match self.bump() {
                    None => return out,
                    Some('"') => {
                        let mut n = 0;
                        while n < hashes && self.peek() == Some('#') {
                            n += 1;
                            self.bump();
                        }
                        if n == hashes {
                            return out;
                        }
                        out.push('"');
                        out.extend(std::iter::repeat_n('#', n));
                    }
                    Some(c) => out.push(c),
                }
            }
        }
        let quote = self.bump().unwrap_or('"');
        while let Some(c) = self.bump() {
            if c == '\\' {
                if let Some(e) = self.bump() {
                    out.push(e);
                }
            } else if c == quote {
                break;
            } else {
                out.push(c);
            }
        }
        out
    }

    fn at_string(&self) -> bool {
        match self.peek() {
            Some('"') => true,
            Some('r') => {
                matches!(self.peek_at(1), Some('"' | '#')) && {
                    let mut k = 1;
                    while self.peek_at(k) == Some('#') {
                        k += 1;
                    }
                    self.peek_at(k) == Some('"')
                }
            }
            Some('b') => self.peek_at(1) == Some('"'),
            _ => false,
        }
    }

    /// Reads one value at `path`.
    fn value(&mut self, path: String, depth: usize) {
        self.skip_ws();
        if depth > MAX_DEPTH {
            return;
        }
        let start = self.pos();
        self.record(path.clone(), start);
        match self.peek() {
            None => {}
            Some('[') => {
                self.bump();
                let mut n = 0;
                loop {
                    self.skip_ws();
                    match self.peek() {
                        None => return,
                        Some(']') => {
                            self.bump();
                            return;
                        }
                        Some(',') => {
                            self.bump();
                        }
                        _ => {
                            let before = self.i;
                            self.value(format!("{path}[{n}]"), depth + 1);
                            n += 1;
                            if self.i == before {
                                self.bump();
                            }
                        }
                    }
                }
            }
            Some('{') => {
                self.bump();
                loop {
                    self.skip_ws();
                    match self.peek() {
                        None => return,
                        Some('}') => {
                            self.bump();
                            return;
                        }
                        Some(',') => {
                            self.bump();
                        }
                        _ => {
                            let before = self.i;
                            let key = if self.at_string() { self.string() } else { self.ident() };
                            self.skip_ws();
                            if self.peek() == Some(':') {
                                self.bump();
                            }
                            self.value(join(&path, &key), depth + 1);
                            if self.i == before {
                                self.bump();
                            }
                        }
                    }
                }
            }
            Some('(') => self.parens(path, depth),
            Some(c) if self.at_string() || c == '\'' => {
                if c == 'b' {
                    self.bump();
                }
                self.string();
            }
            Some(c) if c.is_alphabetic() || c == '_' => {
                self.ident();
                self.skip_ws();
                if self.peek() == Some('(') {
                    self.parens(path, depth);
                }
            }
            Some(_) => {
                // A number or other scalar: read until a delimiter.
                while let Some(c) = self.peek() {
                    if c.is_whitespace() || matches!(c, ',' | ')' | ']' | '}') {
                        break;
                    }
                    self.bump();
                }
            }
        }
    }

    /// Reads `( ... )`: named fields, or positional elements.
    fn parens(&mut self, path: String, depth: usize) {
        self.bump();
        self.skip_ws();
        let fields = self.looks_like_field();
        let mut n = 0;
        let mut first = (0, self.pos());
        loop {
            self.skip_ws();
            match self.peek() {
                None => return,
                Some(')') => {
                    self.bump();
                    break;
                }
                Some(',') => {
                    self.bump();
                }
                _ => {
                    let before = self.i;
                    if fields {
                        let key = self.ident();
                        self.skip_ws();
                        if self.peek() == Some(':') {
                            self.bump();
                        }
                        self.value(join(&path, &key), depth + 1);
                    } else {
                        // A newtype (`Some(x)`, `Variant(x)`) shares its path; a
                        // tuple indexes. The first element is read as a newtype;
                        // when a second follows, its entries move under `path[0]`.
                        // Each entry moves at most once per enclosing tuple, so the
                        // scan stays linear (copying them at every level, as a
                        // newtype re-key would, doubles them per level).
                        if n == 1 {
                            self.rekey_first(&path, first);
                        }
                        let at = self.pos();
                        let elem = if n == 0 { path.clone() } else { format!("{path}[{n}]") };
                        if n == 0 {
                            first = (self.order.len(), at);
                        }
                        self.value(elem, depth + 1);
                        n += 1;
                    }
                    if self.i == before {
                        self.bump();
                    }
                }
            }
        }
    }

    /// Records where the value at `key` starts, unless it is known already.
    fn record(&mut self, key: String, pos: Pos) {
        if let std::collections::hash_map::Entry::Vacant(e) = self.map.entry(key) {
            self.order.push(e.key().clone());
            e.insert(pos);
        }
    }

    /// The first element of `path` turned out to be a tuple's: its entries
    /// (recorded from `first.0` on) move from `path...` to `path[0]...`.
    fn rekey_first(&mut self, path: &str, first: (usize, Pos)) {
        let keys: Vec<String> = self.order[first.0..].to_vec();
        let mut moved = Vec::with_capacity(keys.len() + 1);
        for k in keys {
            if let Some(pos) = self.map.remove(&k) {
                match k.strip_prefix(path) {
                    Some(rest) => moved.push((format!("{path}[0]{rest}"), pos)),
                    None => moved.push((k, pos)),
                }
            }
        }
        self.order.truncate(first.0);
        self.record(format!("{path}[0]"), first.1);
        for (k, pos) in moved {
            self.record(k, pos);
        }
    }

    fn looks_like_field(&self) -> bool {
        let mut k = 0;
        if self.peek() == Some('r') && self.peek_at(1) == Some('#') {
            k = 2;
        }
        let mut any = false;
        while let Some(c) = self.peek_at(k) {
            if c.is_alphanumeric() || c == '_' {
                any = true;
                k += 1;
            } else {
                break;
            }
        }
        if !any {
            return false;
        }
        while let Some(c) = self.peek_at(k) {
            if c.is_whitespace() {
                k += 1;
            } else {
                return c == ':';
            }
        }
        false
    }
}

/// `path.key`, or `key` at the root.
pub(crate) fn join(path: &str, key: &str) -> String {
    if path.is_empty() {
        key.to_string()
    } else {
        format!("{path}.{key}")
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn nested_parentheses_give_entries_in_proportion_to_the_input() {
        // Found by fuzzing: newtypes inside newtypes once copied every
        // nested entry at each level, doubling them per level.
        for depth in [10, 60, 200] {
            let src = format!("(a: {}x{}, b: [{}1{}])", "(".repeat(depth), ")".repeat(depth), "(".repeat(depth), ")".repeat(depth));
            let index = SpanIndex::scan(&src);
            assert!(index.entries().count() <= 4 * depth + 8, "depth {depth}: {} entries", index.entries().count());
        }
        // A tuple still indexes its elements; a newtype shares its path.
        let index = SpanIndex::scan("(t: (1, (x: 2)), n: Some((y: 3)))");
        assert_eq!(index.find("t[1].x"), Some(Pos { line: 1, col: 13 }));
        assert_eq!(index.find("t[0]"), Some(Pos { line: 1, col: 6 }));
        assert_eq!(index.find("n.y"), Some(Pos { line: 1, col: 30 }));
    }

    use super::*;

    #[test]
    fn finds_nested_values() {
        let src = "#![enable(implicit_some)]\n(\n  person: (name: \"A\"),\n  sections: [\n    Positions(title: \"E\", entries: [\n      (org: \"X\", start: \"2013-13\"),\n    ]),\n  ],\n)\n";
        let idx = SpanIndex::scan(src);
        assert_eq!(idx.find("person.name"), Some(Pos { line: 3, col: 18 }));
        assert_eq!(idx.find("sections[0].entries[0].start"), Some(Pos { line: 6, col: 25 }));
        assert_eq!(idx.find("sections[0].title"), Some(Pos { line: 5, col: 22 }));
        // A missing field falls back to its struct.
        assert_eq!(idx.find("sections[0].entries[0].end"), Some(Pos { line: 6, col: 7 }));
    }

    #[test]
    fn newtypes_share_the_path() {
        let idx = SpanIndex::scan("(a: Some((b: 1)), c: [X(1, 2)])");
        assert_eq!(idx.find("a.b"), Some(Pos { line: 1, col: 14 }));
        assert_eq!(idx.find("c[0][1]"), Some(Pos { line: 1, col: 28 }));
    }
}
