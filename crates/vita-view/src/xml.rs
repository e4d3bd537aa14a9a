//! Writing XML element by element, for the formats that are XML (Europass):
//! every text and attribute goes through `quick-xml`'s writer, which escapes
//! it. A format's writer implements [`XmlWrite::writer`] and gets the rest.

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
