//! Writing XML element by element, for the formats that are XML (Europass):
//! every text and attribute goes through `quick-xml`'s writer, which escapes
//! it. A format's writer implements [`XmlWrite::writer`] and gets the rest.

// Text is cut only at character boundaries (checked methods): a reader
// never panics on the bytes of a file.
#![deny(clippy::string_slice)]

use std::io;

use quick_xml::events::{BytesEnd, BytesStart, BytesText, Event};
use quick_xml::Writer;

/// The result of writing.
pub type R = io::Result<()>;

/// Element-level writing on top of a `quick-xml` writer.
pub trait XmlWrite {
    /// The underlying writer.
    fn writer(&mut self) -> &mut Writer<Vec<u8>>;

    /// `<name>`.
    fn start(&mut self, name: &str) -> R {
        self.writer().write_event(Event::Start(BytesStart::new(name)))
    }

    /// `<name a="..." ...>`.
    fn start_with(&mut self, name: &str, attrs: &[(&str, &str)]) -> R {
        let mut s = BytesStart::new(name);
        for a in attrs {
            s.push_attribute(*a);
        }
        self.writer().write_event(Event::Start(s))
    }

    /// `</name>`.
    fn end(&mut self, name: &str) -> R {
        self.writer().write_event(Event::End(BytesEnd::new(name)))
    }

    /// `<name>text</name>`.
    fn text(&mut self, name: &str, text: &str) -> R {
        self.writer().create_element(name).write_text_content(BytesText::new(text)).map(|_| ())
    }

    /// `<name a="...">text</name>`.
    fn text_with(&mut self, name: &str, attrs: &[(&str, &str)], text: &str) -> R {
        let mut e = self.writer().create_element(name);
        for a in attrs {
            e = e.with_attribute(*a);
        }
        e.write_text_content(BytesText::new(text)).map(|_| ())
    }

    /// `<name>text</name>` for a text that is given and not blank.
    fn opt(&mut self, name: &str, text: Option<&str>) -> R {
        match text {
            Some(t) if !t.trim().is_empty() => self.text(name, t),
            _ => Ok(()),
        }
    }

    /// `<name a="..."/>`.
    fn empty(&mut self, name: &str, attrs: &[(&str, &str)]) -> R {
        let mut s = BytesStart::new(name);
        for a in attrs {
            s.push_attribute(*a);
        }
        self.writer().write_event(Event::Empty(s))
    }
}

/// An element read from an XML file, for importers: its name as written
/// (`hr:FamilyName`), attributes by name as written, children and text.
#[derive(Debug, Default)]
pub struct Element {
    /// The name, with its prefix if it has one.
    pub name: String,
    /// Attributes, by name as written.
    pub attrs: std::collections::BTreeMap<String, String>,
    /// Child elements, in order.
    pub children: Vec<Element>,
    /// The text directly inside it, entities resolved.
    pub text: String,
    /// Where its start tag begins, in bytes from the start of the document.
    pub offset: usize,
}

impl Element {
    /// The name without its prefix (`FamilyName`): prefixes differ between files, names do not.
    pub fn local(&self) -> &str {
        self.name.rsplit(':').next().unwrap_or_default()
    }

    /// The first child of a name: written as in the file (`hr:FamilyName`), or without its prefix.
    pub fn child(&self, name: &str) -> Option<&Element> {
        self.children.iter().find(|c| c.name == name || c.local() == name)
    }

    /// Every child of a name (as [`Element::child`] matches it).
    pub fn all<'a>(&'a self, name: &'a str) -> impl Iterator<Item = &'a Element> + 'a {
        self.children.iter().filter(move |c| c.name == name || c.local() == name)
    }

    /// The element at a path of child names.
    pub fn at(&self, path: &[&str]) -> Option<&Element> {
        path.iter().try_fold(self, |n, p| n.child(p))
    }

    /// The trimmed text at a path of child names, if any.
    pub fn text_at(&self, path: &[&str]) -> Option<String> {
        self.at(path).map(|n| n.text.trim().to_string()).filter(|t| !t.is_empty())
    }
}

/// How deep [`read`] lets elements nest: real CV files stay under twenty.
pub const MAX_DEPTH: usize = 64;

/// Reads an XML document into its root element, or says why it is not one
/// (not well-formed, an unknown entity, nesting deeper than [`MAX_DEPTH`]).
pub fn read(xml: &str) -> Result<Element, String> {
    use quick_xml::XmlVersion::Explicit1_0;
    let mut reader = quick_xml::Reader::from_str(xml);
    let mut stack: Vec<Element> = vec![Element::default()];
    let element = |e: &BytesStart, offset: u64| -> Result<Element, String> {
        let mut attrs = std::collections::BTreeMap::new();
        for a in e.attributes() {
            let a = a.map_err(|e| format!("a malformed attribute: {e}"))?;
            let value = a.normalized_value(Explicit1_0).map_err(|e| format!("a malformed attribute: {e}"))?;
            let key: &str = a.key.as_ref();
            attrs.insert(key.to_string(), value.into_owned());
        }
        let qname = e.name();
        let name: &str = qname.as_ref();
        Ok(Element { name: name.to_string(), attrs, offset: usize::try_from(offset).unwrap_or(usize::MAX), ..Element::default() })
    };
    loop {
        let before = reader.buffer_position();
        let event = reader.read_event().map_err(|e| format!("not well-formed XML: {e} (at byte {})", reader.buffer_position()))?;
        match event {
            Event::Start(e) => {
                if stack.len() > MAX_DEPTH {
                    return Err(format!("elements nest more than {MAX_DEPTH} deep"));
                }
                stack.push(element(&e, before)?);
            }
            Event::Empty(e) => {
                let n = element(&e, before)?;
                top(&mut stack)?.children.push(n);
            }
            Event::End(_) => {
                let n = stack.pop().ok_or("unbalanced")?;
                stack.last_mut().ok_or("an end tag with no start")?.children.push(n);
            }
            Event::Text(t) => top(&mut stack)?.text.push_str(&t.xml_content(Explicit1_0)),
            Event::CData(t) => {
                let s: &str = t.as_ref();
                top(&mut stack)?.text.push_str(s);
            }
            Event::GeneralRef(r) => {
                let name: &str = r.as_ref();
                let c = match name {
                    "lt" => '<',
                    "gt" => '>',
                    "amp" => '&',
                    "quot" => '"',
                    "apos" => '\'',
                    _ => match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        _ => return Err(format!("unknown entity `&{name};`")),
                    },
                };
                top(&mut stack)?.text.push(c);
            }
            Event::Eof => break,
            _ => {}
        }
    }
    let mut root = stack.pop().ok_or("empty")?;
    if !stack.is_empty() {
        return Err("the file ends inside an element".into());
    }
    root.children.pop().ok_or_else(|| "no root element".to_string())
}

fn top(stack: &mut [Element]) -> Result<&mut Element, String> {
    stack.last_mut().ok_or_else(|| "unbalanced".to_string())
}
