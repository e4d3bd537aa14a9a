//! `word/document.xml`: the CV as paragraphs in named styles, one column,
//! no tables or text boxes, contacts in the body, links as hyperlinks.

use std::fmt::Write as _;

use vita_view::view::{Entry, PersonView, PubView, SectionView, View};

use crate::markup::{pieces, Marks, Piece};
use crate::styles::Look;

/// The first relationship id of a hyperlink (`rId10`); the parts the
/// document refers to (styles, numbering, settings, fonts, theme, photo)
/// come before.
pub const FIRST_LINK: usize = 10;

/// The relationship id of the photo (`rId6`).
pub const PHOTO: usize = 6;

/// The relationship id of the footer (`rId7`).
pub const FOOTER: usize = 7;

/// The document being written: its XML and the addresses its hyperlinks
/// point to (relationship `rId{FIRST_LINK + i}` for the `i`th).
pub struct Body<'a> {
    out: String,
    /// Escaped addresses of external hyperlinks, in order of first use.
    pub links: Vec<String>,
    look: &'a Look,
    bookmarks: u32,
    labels: &'a vita_view::view::Labels,
    /// The run being gathered: its style, marks and escaped text.
    pending: Option<(RunStyle, Marks, String)>,
}

/// A style for the runs of a piece of text, besides its own marks.
type RunStyle = Option<&'static str>;

/// The address schemes a Word file links to; anything else prints as text.
fn linkable(escaped_url: &str) -> bool {
    let lower = escaped_url.get(..8).unwrap_or(escaped_url).to_ascii_lowercase();
    lower.starts_with("http://") || lower.starts_with("https://") || lower.starts_with("mailto:")
}

impl<'a> Body<'a> {
    /// Writes the whole document for a view, with the photo's pixel size
    /// when the document shows one (relationship [`PHOTO`]).
    pub fn write(view: &'a View, look: &'a Look, photo: Option<(u32, u32)>) -> Body<'a> {
        let mut b =
            Body { out: String::with_capacity(64 * 1024), links: Vec::new(), look, bookmarks: 0, labels: &view.labels, pending: None };
        b.out.push_str(
            "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
             <w:document xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
             xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\" \
             xmlns:wp=\"http://schemas.openxmlformats.org/drawingml/2006/wordprocessingDrawing\" \
             xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" \
             xmlns:pic=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><w:body>\n",
        );
        if let Some(pixels) = photo {
            b.photo(pixels, &view.person.name);
        }
        b.person(&view.person);
        for s in &view.sections {
            let title = match (&s.standard, look.ats()) {
                (Some(standard), true) => standard,
                _ => &s.title,
            };
            b.para("Heading1", title, None);
            if s.is_group {
                for sub in &s.sections {
                    b.para("Heading2", &sub.title, None);
                    b.section(sub);
                }
            } else {
                b.section(s);
            }
        }
        if let Some(u) = &view.updated {
            let l = &view.labels;
            b.para("Updated", &format!("{}{} {u}", l.updated, l.colon), None);
        }
        let (w, h) = look.paper();
        let m = look.margin;
        let _ = writeln!(
            b.raw(),
            "<w:sectPr>{}<w:pgSz w:w=\"{w}\" w:h=\"{h}\"/><w:pgMar w:top=\"{m}\" w:right=\"{m}\" w:bottom=\"{m}\" w:left=\"{m}\" \
             w:header=\"567\" w:footer=\"567\" w:gutter=\"0\"/>{}</w:sectPr></w:body></w:document>",
            if look.footer() { format!("<w:footerReference w:type=\"default\" r:id=\"rId{FOOTER}\"/>") } else { String::new() },
            if look.rtl { "<w:bidi/>" } else { "" }
        );
        b
    }

    /// The XML.
    pub fn xml(&self) -> &str {
        &self.out
    }

    fn open(&mut self, style: &str) {
        let _ = write!(self.raw(), "<w:p><w:pPr><w:pStyle w:val=\"{style}\"/></w:pPr>");
    }

    fn close(&mut self) {
        self.raw().push_str("</w:p>\n");
    }

    /// A paragraph of one marked string.
    fn para(&mut self, style: &str, marked: &str, runs: RunStyle) {
        self.open(style);
        self.marked(marked, runs);
        self.close();
    }

    /// The runs of a marked string, hyperlinks included.
    fn marked(&mut self, marked: &str, style: RunStyle) {
        let mut in_link = false;
        for p in pieces(marked) {
            match p {
                Piece::Text { text, marks } => {
                    let style = style.or(in_link.then_some("Hyperlink"));
                    self.run(text, style, marks);
                }
                Piece::Break => self.raw().push_str("<w:r><w:br/></w:r>"),
                Piece::LinkStart(url) if !in_link && linkable(url) => {
                    self.open_link(url);
                    in_link = true;
                }
                Piece::LinkEnd if in_link => {
                    self.raw().push_str("</w:hyperlink>");
                    in_link = false;
                }
                Piece::LinkStart(_) | Piece::LinkEnd => {}
            }
        }
        if in_link {
            self.raw().push_str("</w:hyperlink>");
        }
    }

    /// A run of escaped text; one run with the text before it when that
    /// is set the same way.
    fn run(&mut self, escaped: &str, style: RunStyle, marks: Marks) {
        if escaped.is_empty() {
            return;
        }
        let style = style.or(marks.code.then_some("Code")).or(marks.owner.then_some("Owner"));
        match &mut self.pending {
            Some((s, m, text)) if *s == style && *m == marks => text.push_str(escaped),
            _ => {
                self.flush();
                self.pending = Some((style, marks, escaped.to_string()));
            }
        }
    }

    /// Writes the run being gathered.
    fn flush(&mut self) {
        let Some((style, marks, text)) = self.pending.take() else { return };
        self.out.push_str("<w:r>");
        if style.is_some() || marks.bold || marks.italic {
            self.out.push_str("<w:rPr>");
            if let Some(s) = style {
                let _ = write!(self.out, "<w:rStyle w:val=\"{s}\"/>");
            }
            if marks.bold {
                self.out.push_str("<w:b/><w:bCs/>");
            }
            if marks.italic {
                self.out.push_str("<w:i/><w:iCs/>");
            }
            self.out.push_str("</w:rPr>");
        }
        let _ = write!(self.out, "<w:t xml:space=\"preserve\">{text}</w:t></w:r>");
    }

    /// The XML, for anything but a run: the run being gathered is written first.
    fn raw(&mut self) -> &mut String {
        self.flush();
        &mut self.out
    }

    fn text(&mut self, escaped: &str, style: RunStyle) {
        self.run(escaped, style, Marks::default());
    }

    fn open_link(&mut self, escaped_url: &str) {
        let i = match self.links.iter().position(|l| l == escaped_url) {
            Some(i) => i,
            None => {
                self.links.push(escaped_url.to_string());
                self.links.len() - 1
            }
        };
        let _ = write!(self.raw(), "<w:hyperlink r:id=\"rId{}\" w:history=\"1\">", FIRST_LINK + i);
    }

    /// A hyperlink with marked text.
    fn link(&mut self, escaped_url: &str, marked_text: &str) {
        self.marked(&format!("<a href=\"{escaped_url}\">{marked_text}</a>"), None);
    }

    fn tab(&mut self) {
        self.raw().push_str("<w:r><w:tab/></w:r>");
    }

    fn br(&mut self) {
        self.raw().push_str("<w:r><w:br/></w:r>");
    }

    /// The photo, in a line of its own above the name, in its own
    /// proportions within a passport photo's box (about 2.6 by 3.5 cm).
    fn photo(&mut self, (w, h): (u32, u32), name: &str) {
        const EMU_PER_CM: u64 = 360_000;
        let (w, h) = (u64::from(w.max(1)), u64::from(h.max(1)));
        let (max_w, max_h) = (26 * EMU_PER_CM / 10, 35 * EMU_PER_CM / 10);
        let (cx, cy) = if max_w * h <= max_h * w { (max_w, max_w * h / w) } else { (max_h * w / h, max_h) };
        let _ = writeln!(
            self.raw(),
            "<w:p><w:pPr><w:pStyle w:val=\"Photo\"/></w:pPr><w:r><w:drawing>\
             <wp:inline distT=\"0\" distB=\"0\" distL=\"0\" distR=\"0\"><wp:extent cx=\"{cx}\" cy=\"{cy}\"/>\
             <wp:docPr id=\"1\" name=\"Photo\" descr=\"{name}\"/>\
             <wp:cNvGraphicFramePr><a:graphicFrameLocks noChangeAspect=\"1\"/></wp:cNvGraphicFramePr>\
             <a:graphic><a:graphicData uri=\"http://schemas.openxmlformats.org/drawingml/2006/picture\"><pic:pic>\
             <pic:nvPicPr><pic:cNvPr id=\"1\" name=\"Photo\"/><pic:cNvPicPr/></pic:nvPicPr>\
             <pic:blipFill><a:blip r:embed=\"rId{PHOTO}\"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>\
             <pic:spPr><a:xfrm><a:off x=\"0\" y=\"0\"/><a:ext cx=\"{cx}\" cy=\"{cy}\"/></a:xfrm>\
             <a:prstGeom prst=\"rect\"><a:avLst/></a:prstGeom></pic:spPr></pic:pic></a:graphicData></a:graphic>\
             </wp:inline></w:drawing></w:r></w:p>"
        );
    }

    fn person(&mut self, p: &PersonView) {
        self.para("Title", &p.name, None);
        // Each contact is a piece of text; the people-first looks put them on one line.
        let mut contacts: Vec<String> = Vec::new();
        if let (Some(url), Some(text)) = (&p.website, &p.website_text) {
            contacts.push(format!("<a href=\"{url}\">{text}</a>"));
        }
        if let (Some(raw), Some(email)) = (&p.email_raw, &p.email) {
            contacts.push(format!("<a href=\"{raw}\">{email}</a>"));
        }
        contacts.extend(p.phone.iter().cloned());
        for pr in &p.profiles {
            contacts.push(format!("{}: <a href=\"{}\">{}</a>", pr.label, pr.url, pr.url_text));
        }
        contacts.extend(p.address.iter().cloned());
        if self.look.ats() {
            self.person_for_parsers(p, &contacts);
            return;
        }
        if let Some(l) = &p.label {
            self.para("Subtitle", l, None);
        }
        if !contacts.is_empty() {
            self.para("Contact", &contacts.join(" \u{b7} "), None);
        }
        if let Some(s) = &p.summary {
            self.para("Summary", s, None);
        }
    }

    /// The head for résumé parsers, as the `ats` PDF sets it: the name
    /// alone (a parser scores the lines before the first heading for it),
    /// each contact on a line, then the label and summary under the
    /// standard heading for a summary.
    fn person_for_parsers(&mut self, p: &PersonView, contacts: &[String]) {
        for c in contacts {
            self.para("Contact", c, None);
        }
        if p.label.is_some() || p.summary.is_some() {
            // The labels arrive escaped, as every string of the view.
            let heading = self.labels.ats_headings.get(5).cloned().unwrap_or_default();
            self.para("Heading1", &heading, None);
        }
        if let Some(l) = &p.label {
            self.para("Summary", l, None);
        }
        if let Some(s) = &p.summary {
            self.para("Summary", s, None);
        }
    }

    fn section(&mut self, s: &SectionView) {
        if let Some(i) = &s.intro {
            self.para("BodyText", i, None);
        }
        if let Some(r) = &s.research {
            let l = self.labels;
            for (label, text) in [(&l.areas, &r.areas), (&l.vision, &r.vision)] {
                if let Some(text) = text {
                    self.open("BodyText");
                    self.text(&format!("{label}{}", l.colon), Some("Label"));
                    self.text(" ", None);
                    self.marked(text, None);
                    self.close();
                }
            }
            if !r.projects.is_empty() {
                self.open("BodyText");
                self.text(&format!("{}{}", l.projects, l.colon), Some("Label"));
                self.close();
                for p in &r.projects {
                    self.open("EntryDetail");
                    self.marked(&p.name, None);
                    self.text(":", None);
                    for r in &p.refs {
                        self.text(" ", None);
                        if r.shown {
                            let _ = write!(self.raw(), "<w:hyperlink w:anchor=\"{}\" w:history=\"1\">", bookmark(&r.anchor));
                            self.text(&format!("[{}]", r.number), Some("Hyperlink"));
                            self.raw().push_str("</w:hyperlink>");
                        } else {
                            self.text(&format!("[{}]", r.number), None);
                        }
                    }
                    if let Some(d) = &p.description {
                        self.text(" (", None);
                        self.marked(d, None);
                        self.text(")", None);
                    }
                    self.close();
                }
            }
        }
        if let Some(c) = &s.count_line {
            self.para("CountLine", c, None);
        }
        for p in &s.publications {
            self.publication(p);
        }
        for e in &s.entries {
            if self.look.ats() {
                self.entry_for_parsers(e);
            } else {
                self.entry(e);
            }
        }
        if let Some(b) = &s.body {
            self.para("BodyText", b, None);
        }
    }

    /// An entry for people: title and context, the date at the right edge,
    /// then the subtitle, details and highlights.
    fn entry(&mut self, e: &Entry) {
        self.open("Entry");
        self.marked(&e.title, Some("EntryTitle"));
        if let Some(c) = &e.context {
            self.text(", ", None);
            self.marked(c, None);
        }
        if let Some(d) = &e.date {
            self.tab();
            self.marked(d, Some("EntryDate"));
        }
        self.close();
        if let Some(s) = &e.subtitle {
            self.para("EntrySubtitle", s, None);
        }
        self.rest(e);
    }

    /// An entry for résumé parsers (the `ats` look, as its PDF sets it):
    /// the dates first, a job title before its organisation, each on a
    /// short line, and a line holding a no-break space after it.
    fn entry_for_parsers(&mut self, e: &Entry) {
        if let Some(d) = &e.date {
            self.para("Entry", d, Some("EntryDate"));
        }
        self.open("Entry");
        if let Some(role) = &e.role {
            self.marked(role, Some("EntryTitle"));
            self.close();
            self.open("EntryDetail");
            self.marked(&e.title, None);
        } else {
            self.marked(&e.title, Some("EntryTitle"));
        }
        if let Some(c) = &e.context {
            self.text(", ", None);
            self.marked(c, None);
        }
        self.close();
        match (&e.role, &e.unit, &e.subtitle) {
            (Some(_), Some(unit), _) => self.para("EntryDetail", unit, None),
            (None, _, Some(sub)) => self.para("EntrySubtitle", sub, None),
            _ => {}
        }
        self.rest(e);
        self.gap();
    }

    /// An entry's details, address and highlights.
    fn rest(&mut self, e: &Entry) {
        for d in &e.details {
            self.para("EntryDetail", d, None);
        }
        if let Some(u) = &e.url {
            self.open("EntryDetail");
            self.link(&u.url, &u.label);
            self.close();
        }
        for h in &e.highlights {
            self.para("ListBullet", h, None);
        }
    }

    /// A line a parser reads as empty: what it splits entries at.
    fn gap(&mut self) {
        self.raw().push_str("<w:p><w:r><w:t>\u{a0}</w:t></w:r></w:p>\n");
    }

    /// A publication: its number, then its lines, in one paragraph that is
    /// the target of the references to it.
    fn publication(&mut self, p: &PubView) {
        self.open("Publication");
        let id = self.bookmarks;
        self.bookmarks += 1;
        let _ = write!(self.raw(), "<w:bookmarkStart w:id=\"{id}\" w:name=\"{}\"/>", bookmark(&p.anchor));
        self.text(&format!("[{}]", p.number), None);
        self.tab();
        if let Some(f) = &p.formatted {
            self.marked(f, None);
            if p.has_equal {
                self.text(&format!(" (*{})", self.labels.equal), None);
            }
        } else {
            self.fields(p);
        }
        self.after(p);
        let _ = write!(self.raw(), "<w:bookmarkEnd w:id=\"{id}\"/>");
        self.close();
        if self.look.ats() {
            self.gap();
        }
    }

    /// A publication in vita's own format: title, authors, venue and date.
    fn fields(&mut self, p: &PubView) {
        self.marked(&p.title, Some("PublicationTitle"));
        if !p.authors.is_empty() {
            self.br();
            for a in &p.authors {
                self.text(&a.sep, None);
                self.marked(&a.name, a.owner.then_some("Owner"));
                if a.equal {
                    self.text("*", Some("EqualMark"));
                }
            }
            if p.has_equal {
                self.text(&format!(" (*{})", self.labels.equal), None);
            }
        }
        match (&p.venue, &p.when) {
            (Some(v), when) => {
                self.br();
                self.marked(v, Some("Venue"));
                if let Some(w) = when {
                    self.text(", ", None);
                    self.marked(w, None);
                }
            }
            (None, Some(w)) => {
                self.br();
                self.marked(w, None);
            }
            (None, None) => {}
        }
    }

    /// What follows a publication in every format: acceptance, awards, links, note.
    fn after(&mut self, p: &PubView) {
        if let Some(a) = &p.acceptance {
            self.br();
            self.marked(a, None);
        }
        for a in &p.awards {
            self.br();
            self.marked(a, Some("Award"));
        }
        if !p.links.is_empty() {
            self.br();
            for (i, l) in p.links.iter().enumerate() {
                if i > 0 {
                    self.text(" \u{b7} ", None);
                }
                self.link(&l.url, &l.print);
            }
        }
        if let Some(n) = &p.note {
            self.br();
            self.marked(n, None);
        }
    }
}

/// A bookmark name for an anchor (`pub-5` gives `pub_5`): Word's names are
/// letters, digits and underscores.
fn bookmark(anchor: &str) -> String {
    anchor.chars().map(|c| if c.is_ascii_alphanumeric() { c } else { '_' }).collect()
}

/// `word/footer1.xml`: the name and the page number of the count on every
/// page (`Name — 2 / 4`), as the PDF's footer says; Word fills the fields.
pub fn footer(name: &str) -> String {
    let field = |instr: &str| format!("<w:fldSimple w:instr=\" {instr} \"><w:r><w:t>1</w:t></w:r></w:fldSimple>");
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <w:ftr xmlns:w=\"http://schemas.openxmlformats.org/wordprocessingml/2006/main\" \
         xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\">\
         <w:p><w:pPr><w:pStyle w:val=\"Footer\"/></w:pPr><w:r><w:t xml:space=\"preserve\">{name} \u{2014} </w:t></w:r>{}\
         <w:r><w:t xml:space=\"preserve\"> / </w:t></w:r>{}</w:p></w:ftr>\n",
        field("PAGE"),
        field("NUMPAGES")
    )
}
