//! vita's canonical layout of a RON file, comments kept: two spaces per
//! level, `name: value`, one item per line with a trailing comma in a
//! bracket the author broke (a line break before any of its items), items
//! on one line joined by `, ` in one the author kept on a line (a bracket
//! holding a line comment is always broken), at most one blank line where
//! the author left any, comments where they were (on their own line, or
//! after the item they follow). Text is never rewrapped: strings, numbers
//! and names are kept as written.

/// A piece of RON text.
#[derive(Clone, Debug, PartialEq)]
pub(crate) enum Kind {
    Open(char),
    Close,
    Comma,
    Colon,
    Atom,
    LineComment,
    BlockComment,
}

/// A piece and where it is.
#[derive(Clone, Debug)]
pub(crate) struct Tok {
    pub(crate) kind: Kind,
    text: String,
    /// Line breaks between the previous piece and this one.
    breaks: usize,
    /// The character it starts at (the text's length for the end).
    pub(crate) start: usize,
}

/// Why a text cannot be laid out (it is not RON vita reads).
#[derive(Debug, PartialEq)]
pub struct LayoutError(pub String);

/// The pieces of a RON text (strings, comments and attributes whole), and
/// an end piece; an error for a string or comment that does not close.
pub(crate) fn tokens(src: &str) -> Result<Vec<Tok>, LayoutError> {
    let chars: Vec<char> = src.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    let mut breaks = 0;
    let take = |from: usize, to: usize| chars[from..to].iter().collect::<String>();
    while i < chars.len() {
        let c = chars[i];
        let start = i;
        let kind = match c {
            '\n' => {
                breaks += 1;
                i += 1;
                continue;
            }
            c if c.is_whitespace() => {
                i += 1;
                continue;
            }
            '(' | '[' | '{' => {
                i += 1;
                Kind::Open(c)
            }
            ')' | ']' | '}' => {
                i += 1;
                Kind::Close
            }
            ',' => {
                i += 1;
                Kind::Comma
            }
            ':' => {
                i += 1;
                Kind::Colon
            }
            '/' if chars.get(i + 1) == Some(&'/') => {
                while i < chars.len() && chars[i] != '\n' {
                    i += 1;
                }
                Kind::LineComment
            }
            '/' if chars.get(i + 1) == Some(&'*') => {
                let mut depth = 0usize;
                loop {
                    if i + 1 >= chars.len() {
                        return Err(LayoutError("a comment is not closed".into()));
                    }
                    if chars[i] == '/' && chars[i + 1] == '*' {
                        depth += 1;
                        i += 2;
                    } else if chars[i] == '*' && chars[i + 1] == '/' {
                        depth -= 1;
                        i += 2;
                        if depth == 0 {
                            break;
                        }
                    } else {
                        i += 1;
                    }
                }
                Kind::BlockComment
            }
            '"' | '\'' => {
                i += 1;
                while i < chars.len() && chars[i] != c {
                    i += if chars[i] == '\\' { 2 } else { 1 };
                }
                if i >= chars.len() {
                    return Err(LayoutError("a string is not closed".into()));
                }
                i += 1;
                Kind::Atom
            }
            'r' if matches!(chars.get(i + 1), Some('#' | '"')) => {
                let hashes = chars[i + 1..].iter().take_while(|c| **c == '#').count();
                if chars.get(i + 1 + hashes) != Some(&'"') {
                    return Err(LayoutError("a raw string is not opened".into()));
                }
                let close: Vec<char> = std::iter::once('"').chain(std::iter::repeat_n('#', hashes)).collect();
                i += 2 + hashes;
                while i < chars.len() && !chars[i..].starts_with(&close) {
                    i += 1;
                }
                if i >= chars.len() {
                    return Err(LayoutError("a raw string is not closed".into()));
                }
                i += close.len();
                Kind::Atom
            }
            '#' => {
                // An attribute, `#![enable(implicit_some)]`, kept whole.
                let mut depth = 0usize;
                while i < chars.len() {
                    match chars[i] {
                        '[' => depth += 1,
                        ']' => {
                            depth = depth.saturating_sub(1);
                            if depth == 0 {
                                i += 1;
                                break;
                            }
                        }
                        '\n' => return Err(LayoutError("an attribute is not closed on its line".into())),
                        _ => {}
                    }
                    i += 1;
                }
                Kind::LineComment
            }
            _ => {
                while i < chars.len() && !chars[i].is_whitespace() && !"()[]{},:\"'/".contains(chars[i]) {
                    i += 1;
                }
                if i == start {
                    return Err(LayoutError(format!("`{c}` is not RON")));
                }
                Kind::Atom
            }
        };
        out.push(Tok { kind, text: take(start, i).trim_end().to_string(), breaks, start });
        breaks = 0;
    }
    out.push(Tok { kind: Kind::Close, text: String::new(), breaks, start: chars.len() });
    Ok(out)
}

/// A comment on its own line.
#[derive(Debug)]
struct Comment {
    text: String,
    blank_before: bool,
}

#[derive(Debug)]
enum Part {
    Atom(String),
    Colon,
    Group(Group),
}

#[derive(Debug, Default)]
struct Entry {
    comments: Vec<Comment>,
    blank_before: bool,
    parts: Vec<Part>,
    trailing: Option<String>,
}

#[derive(Debug)]
struct Group {
    open: char,
    broken: bool,
    entries: Vec<Entry>,
    /// Comments after the last item.
    tail: Vec<Comment>,
}

/// The nesting that stack-safe laying out allows (the model's own bound).
const MAX_DEPTH: usize = 64;

/// Reads the items of a group whose opening is at `*i - 1` (or the whole
/// file, `open` none) up to its closing.
fn group(toks: &[Tok], i: &mut usize, open: Option<char>, depth: usize) -> Result<Group, LayoutError> {
    if depth > MAX_DEPTH {
        return Err(LayoutError("the brackets nest too deep".into()));
    }
    let broken = open.is_none() || toks.get(*i).is_some_and(|t| t.breaks > 0);
    let mut g = Group { open: open.unwrap_or(' '), broken, entries: Vec::new(), tail: Vec::new() };
    let mut entry = Entry::default();
    let mut pending: Vec<Comment> = Vec::new();
    loop {
        let Some(t) = toks.get(*i) else { return Err(LayoutError("a bracket is not closed".into())) };
        *i += 1;
        let first_of_entry = entry.parts.is_empty();
        match &t.kind {
            Kind::Close => {
                if open.is_none() && *i < toks.len() {
                    return Err(LayoutError("a closing bracket has no opening".into()));
                }
                if let Some(o) = open {
                    if t.text.is_empty() {
                        return Err(LayoutError(format!("a `{o}` is not closed")));
                    }
                    if !t.text.starts_with(closing(o)) {
                        return Err(LayoutError(format!("`{}` closes a `{o}`", t.text)));
                    }
                }
                if !entry.parts.is_empty() {
                    g.entries.push(entry);
                } else {
                    g.tail.append(&mut pending);
                }
                return Ok(g);
            }
            Kind::Comma => {
                if entry.parts.is_empty() {
                    return Err(LayoutError("a comma with nothing before it".into()));
                }
                if let Some(next) = toks.get(*i).filter(|n| n.kind == Kind::LineComment && n.breaks == 0) {
                    entry.trailing = Some(next.text.clone());
                    g.broken = true;
                    *i += 1;
                }
                g.entries.push(std::mem::take(&mut entry));
            }
            Kind::LineComment if t.breaks == 0 && !first_of_entry => {
                // After the last item, on its line: that item's comment.
                entry.trailing = Some(t.text.clone());
                g.broken = true;
            }
            // A block comment inside an item stays in it.
            Kind::BlockComment if !first_of_entry => entry.parts.push(Part::Atom(t.text.clone())),
            Kind::LineComment | Kind::BlockComment => {
                let blank = t.breaks > 1 && !(g.entries.is_empty() && pending.is_empty());
                pending.push(Comment { text: t.text.clone(), blank_before: blank });
                g.broken = true;
            }
            kind => {
                if first_of_entry {
                    // Items the author spread over lines: one per line.
                    g.broken |= t.breaks > 0 && open.is_some();
                    entry.blank_before = t.breaks > 1 && !g.entries.is_empty() && pending.is_empty();
                    entry.comments = std::mem::take(&mut pending);
                }
                match kind {
                    Kind::Open(c) => {
                        let inner = group(toks, i, Some(*c), depth + 1)?;
                        entry.parts.push(Part::Group(inner));
                    }
                    Kind::Colon => entry.parts.push(Part::Colon),
                    _ => entry.parts.push(Part::Atom(t.text.clone())),
                }
            }
        }
    }
}

fn closing(open: char) -> char {
    match open {
        '(' => ')',
        '[' => ']',
        _ => '}',
    }
}

fn print_parts(parts: &[Part], indent: usize, out: &mut String) {
    for (k, p) in parts.iter().enumerate() {
        match p {
            Part::Atom(a) => {
                if k > 0 && matches!(parts[k - 1], Part::Atom(_) | Part::Group(_)) {
                    out.push(' ');
                }
                out.push_str(a);
            }
            Part::Colon => out.push_str(": "),
            Part::Group(g) => print_group(g, indent, out),
        }
    }
}

fn print_comment(c: &Comment, indent: usize, out: &mut String) {
    if c.blank_before {
        out.push('\n');
    }
    out.push_str(&"  ".repeat(indent));
    out.push_str(&c.text);
    out.push('\n');
}

fn print_group(g: &Group, indent: usize, out: &mut String) {
    out.push(g.open);
    if !g.broken {
        for (k, e) in g.entries.iter().enumerate() {
            if k > 0 {
                out.push_str(", ");
            }
            print_parts(&e.parts, indent, out);
        }
    } else if !g.entries.is_empty() || !g.tail.is_empty() {
        out.push('\n');
        for (k, e) in g.entries.iter().enumerate() {
            if e.blank_before && k > 0 {
                out.push('\n');
            }
            for c in &e.comments {
                print_comment(c, indent + 1, out);
            }
            out.push_str(&"  ".repeat(indent + 1));
            print_parts(&e.parts, indent + 1, out);
            out.push(',');
            if let Some(t) = &e.trailing {
                out.push(' ');
                out.push_str(t);
            }
            out.push('\n');
        }
        for c in &g.tail {
            print_comment(c, indent + 1, out);
        }
        out.push_str(&"  ".repeat(indent));
    }
    out.push(closing(g.open));
}

/// The text in vita's canonical layout; an error for text whose brackets,
/// strings or comments do not close.
pub fn layout(src: &str) -> Result<String, LayoutError> {
    let toks = tokens(src.strip_prefix('\u{feff}').unwrap_or(src))?;
    let mut i = 0;
    let file = group(&toks, &mut i, None, 0)?;
    // One value: a bracket, perhaps named (`Some(...)`), or a word.
    let groups = file.entries.iter().flat_map(|e| &e.parts).filter(|p| matches!(p, Part::Group(_))).count();
    if file.entries.len() > 1 || groups > 1 || file.entries.first().is_some_and(|e| e.parts.len() > 2) {
        return Err(LayoutError("more than one value in the file".into()));
    }
    let mut out = String::with_capacity(src.len());
    for e in &file.entries {
        for c in &e.comments {
            print_comment(c, 0, &mut out);
        }
        if e.blank_before {
            out.push('\n');
        }
        print_parts(&e.parts, 0, &mut out);
        if let Some(t) = &e.trailing {
            out.push(' ');
            out.push_str(t);
        }
        out.push('\n');
    }
    for c in &file.tail {
        print_comment(c, 0, &mut out);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn items_comments_and_blank_lines_find_their_places() {
        let messy = "// head\n#![enable(implicit_some)]\n(\nperson:(name:\"A\",   email : \"a@b\"),\n\n\n  // the sections\nsections:[ Text(title:\"T\",body:\"x\") , // one\n]\n)";
        let want = "// head\n#![enable(implicit_some)]\n(\n  person: (name: \"A\", email: \"a@b\"),\n\n  // the sections\n  sections: [\n    Text(title: \"T\", body: \"x\"), // one\n  ],\n)\n";
        assert_eq!(layout(messy).unwrap(), want);
        assert_eq!(layout(want).unwrap(), want);
        for bad in ["(a: \"x", "(a: [1, 2)", "(a: 1))", "/* open", "(a: 1) (b: 2)"] {
            assert!(layout(bad).is_err(), "{bad}");
        }
    }
}
