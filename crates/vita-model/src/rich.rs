//! Inline rich text: emphasis, strong, code and links, parsed once with a
//! CommonMark parser so that no backend ever parses Markdown.
//!
//! Only inline syntax is honoured. Line starts that CommonMark would read as a
//! block (`# `, `- `, `2019. `, `> `, indented code) are escaped before parsing,
//! so a description that begins with "2019. " keeps its year. Raw HTML is kept
//! as literal text: source text can never become markup in any output.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};
use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// One piece of inline rich text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Inline {
    /// Literal text.
    Text(String),
    /// Emphasised (italic) content.
    Emph(Vec<Inline>),
    /// Strong (bold) content.
    Strong(Vec<Inline>),
    /// Inline code.
    Code(String),
    /// A hyperlink.
    Link {
        /// The target address as written.
        url: String,
        /// The link text.
        content: Vec<Inline>,
    },
    /// A hard line break.
    Break,
}

/// How deep emphasis, strong text and links may nest. Deeper markup is
/// kept as its text (flattened) and reported by validation, so no input
/// makes a structure deep enough to exhaust the stack of whatever walks it.
pub const MAX_DEPTH: usize = 16;

/// A text field with inline Markdown, kept with its source.
#[derive(Clone, Debug, Default)]
pub struct Rich {
    source: String,
    inlines: Vec<Inline>,
    too_deep: bool,
}

/// Two rich texts are equal when their sources are: the inlines follow from it.
impl PartialEq for Rich {
    fn eq(&self, other: &Rich) -> bool {
        self.source == other.source
    }
}
impl Eq for Rich {}

impl Rich {
    /// Parses inline Markdown.
    pub fn parse(source: &str) -> Rich {
        let (inlines, too_deep) = parse_inlines(source);
        Rich { source: source.to_string(), inlines, too_deep }
    }

    /// Plain text, as given, without any Markdown.
    pub fn plain(text: &str) -> Rich {
        let inlines = if text.is_empty() { vec![] } else { vec![Inline::Text(text.to_string())] };
        Rich { source: escape_markdown(text), inlines, too_deep: false }
    }

    /// The Markdown source.
    pub fn source(&self) -> &str {
        &self.source
    }

    /// The parsed inlines.
    pub fn inlines(&self) -> &[Inline] {
        &self.inlines
    }

    /// True when the markup nested deeper than [`MAX_DEPTH`] (the deeper
    /// part was flattened); validation reports it.
    pub fn too_deep(&self) -> bool {
        self.too_deep
    }

    /// True when there is no content.
    pub fn is_empty(&self) -> bool {
        self.inlines.is_empty()
    }

    /// The text without formatting; links keep their text only.
    pub fn to_plain(&self) -> String {
        let mut out = String::new();
        plain_into(&self.inlines, &mut out);
        out
    }

    /// Every link address in the text.
    pub fn urls(&self) -> Vec<&str> {
        let mut out = Vec::new();
        urls_into(&self.inlines, &mut out);
        out
    }
}

fn plain_into(inlines: &[Inline], out: &mut String) {
    for i in inlines {
        match i {
            Inline::Text(t) | Inline::Code(t) => out.push_str(t),
            Inline::Emph(c) | Inline::Strong(c) | Inline::Link { content: c, .. } => plain_into(c, out),
            Inline::Break => out.push('\n'),
        }
    }
}

fn urls_into<'a>(inlines: &'a [Inline], out: &mut Vec<&'a str>) {
    for i in inlines {
        match i {
            Inline::Emph(c) | Inline::Strong(c) => urls_into(c, out),
            Inline::Link { url, content } => {
                out.push(url);
                urls_into(content, out);
            }
            _ => {}
        }
    }
}

/// Escapes text so that Markdown parsing gives it back unchanged, with as
/// few backslashes as that needs (the text stays readable in a RON file):
/// emphasis, code and link markers always; `&` before a name or `#` (an
/// entity); `<` before a letter (an autolink). Block markers at the start of
/// a line are neutralised when parsing, so they need nothing.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    let mut line_start = false;
    while let Some(c) = chars.next() {
        let next = chars.peek().copied();
        // A line break is a hard break (backslash, newline); the spaces that
        // start the next line are written as character references, which
        // Markdown would otherwise strip.
        if c == '\n' {
            out.push_str("\\\n");
            line_start = true;
            continue;
        }
        if line_start && (c == ' ' || c == '\t') {
            out.push_str(if c == ' ' { "&#32;" } else { "&#9;" });
            continue;
        }
        line_start = false;
        let escape = match c {
            '\\' | '*' | '_' | '`' | '[' | ']' => true,
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            '<' => next.is_some_and(|n| n.is_ascii_alphabetic() || n == '/' || n == '!' || n == '?'),
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

/// Escapes the markers that would start a block at the beginning of a line.
fn neutralise_blocks(source: &str) -> String {
    let mut out = String::with_capacity(source.len() + 8);
    for (n, line) in source.split('\n').enumerate() {
        if n > 0 {
            out.push('\n');
        }
        let body = line.trim_start_matches([' ', '\t']);
        let bytes = body.as_bytes();
        let first = bytes.first().copied();
        let second = bytes.get(1).copied();
        let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
        match first {
            Some(b'#' | b'>' | b'=' | b'<' | b'|') => {
                out.push('\\');
                out.push_str(body);
            }
            Some(b'-' | b'+' | b'*' | b'_') if second.is_none() || matches!(second, Some(b' ' | b'\t' | b'-' | b'*' | b'_')) => {
                out.push('\\');
                out.push_str(body);
            }
            Some(b'`' | b'~') if body.starts_with("```") || body.starts_with("~~~") => {
                out.push('\\');
                out.push_str(body);
            }
            Some(d) if d.is_ascii_digit() && matches!(bytes.get(digits), Some(b'.' | b')')) => {
                out.push_str(&body[..digits]);
                out.push('\\');
                out.push_str(&body[digits..]);
            }
            _ => out.push_str(body),
        }
    }
    out
}

fn parse_inlines(source: &str) -> (Vec<Inline>, bool) {
    let prepared = neutralise_blocks(source);
    let parser = Parser::new_ext(&prepared, Options::empty());
    // A stack of open containers; the bottom one is the result.
    let mut stack: Vec<(Option<Tag>, Vec<Inline>)> = vec![(None, Vec::new())];
    let mut paragraphs = 0usize;
    // Containers opened past MAX_DEPTH: their content goes to the enclosing one.
    let mut skipped = 0usize;
    let mut too_deep = false;
    for event in parser {
        match event {
            Event::Start(Tag::Paragraph) => {
                if paragraphs > 0 {
                    push(&mut stack, Inline::Break);
                }
                paragraphs += 1;
            }
            Event::Start(Tag::Emphasis | Tag::Strong | Tag::Link { .. }) if stack.len() > MAX_DEPTH => {
                skipped += 1;
                too_deep = true;
            }
            Event::Start(tag @ (Tag::Emphasis | Tag::Strong | Tag::Link { .. })) => {
                stack.push((Some(tag), Vec::new()));
            }
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) if skipped > 0 => skipped -= 1,
            Event::End(TagEnd::Emphasis | TagEnd::Strong | TagEnd::Link) => {
                if let Some((Some(tag), content)) = stack.pop() {
                    let node = match tag {
                        Tag::Emphasis => Inline::Emph(content),
                        Tag::Strong => Inline::Strong(content),
                        Tag::Link { dest_url, .. } => Inline::Link { url: dest_url.to_string(), content },
                        _ => Inline::Text(String::new()),
                    };
                    push(&mut stack, node);
                }
            }
            Event::Text(t) | Event::Html(t) | Event::InlineHtml(t) => push_text(&mut stack, &t),
            Event::Code(t) => push(&mut stack, Inline::Code(t.to_string())),
            Event::SoftBreak => push_text(&mut stack, " "),
            Event::HardBreak => push(&mut stack, Inline::Break),
            _ => {}
        }
    }
    while stack.len() > 1 {
        let (_, content) = stack.pop().unwrap_or_default();
        for c in content {
            push(&mut stack, c);
        }
    }
    (stack.pop().map(|(_, c)| c).unwrap_or_default(), too_deep)
}

fn push(stack: &mut [(Option<Tag>, Vec<Inline>)], node: Inline) {
    if let Some((_, v)) = stack.last_mut() {
        v.push(node);
    }
}

fn push_text(stack: &mut [(Option<Tag>, Vec<Inline>)], text: &str) {
    if let Some((_, v)) = stack.last_mut() {
        if let Some(Inline::Text(prev)) = v.last_mut() {
            prev.push_str(text);
        } else {
            v.push(Inline::Text(text.to_string()));
        }
    }
}

impl Serialize for Rich {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(&self.source)
    }
}

impl<'de> Deserialize<'de> for Rich {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let s = String::deserialize(d)?;
        Ok(Rich::parse(&s))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_inline_markup() {
        let r = Rich::parse("Built *fast* **things** with `code` and [a link](https://x.org).");
        assert_eq!(
            r.inlines(),
            &[
                Inline::Text("Built ".into()),
                Inline::Emph(vec![Inline::Text("fast".into())]),
                Inline::Text(" ".into()),
                Inline::Strong(vec![Inline::Text("things".into())]),
                Inline::Text(" with ".into()),
                Inline::Code("code".into()),
                Inline::Text(" and ".into()),
                Inline::Link { url: "https://x.org".into(), content: vec![Inline::Text("a link".into())] },
                Inline::Text(".".into()),
            ]
        );
    }

    #[test]
    fn block_syntax_stays_text() {
        for s in
            ["2019. A year", "# not a heading", "- not a list", "> not a quote", "<script>alert(1)</script>", "100% & more {x} \\input"]
        {
            assert_eq!(Rich::parse(s).to_plain(), s, "{s}");
        }
    }

    #[test]
    fn plain_text_round_trips_through_escaping() {
        for s in [
            "a *b* [c](d) <e> & \\f #g",
            "Go Sooners and Cardinal! (x) 100% ~y~ > z",
            "&amp; &#65; a&b <https://x.org> </i> <!-- c --> ![i](j) __u__ `k`",
            "# h\n- l\n1. n\n> q\n---\n    code",
            "line\\\nbreak  \nsoft",
        ] {
            assert_eq!(Rich::parse(Rich::plain(s).source()).to_plain(), s, "{s}");
        }
        assert_eq!(Rich::plain("Go Sooners and Cardinal! & more").source(), "Go Sooners and Cardinal! & more");
    }
}
