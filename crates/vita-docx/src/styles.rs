//! The look of the Word file as named styles (`word/styles.xml`), so that a
//! reader restyles the whole CV by changing a style, and the list and page
//! parts that go with them. The look follows the build's theme: its font,
//! size, margins, accent colour and heading style.

use std::fmt::Write as _;

use vita_backend::{Options, Page};

use crate::markup::escape;

/// The theme's values as Word takes them.
#[derive(Clone, Debug)]
pub struct Look {
    /// The theme's name (`classic`).
    pub theme: String,
    /// The text font family.
    pub font: String,
    /// Text size in half points.
    pub size: u32,
    /// Page margins in twentieths of a point.
    pub margin: u32,
    /// Accent colour, `RRGGBB`.
    pub accent: String,
    /// `smallcaps`, `caps` or `bold`.
    pub headings: String,
    /// Paper.
    pub page: Page,
    /// The document's language tag (`en`, `de`, `ar`).
    pub lang: String,
    /// Written right to left.
    pub rtl: bool,
}

/// The fonts vita bundles for its PDF, which a reader's Word does not
/// have, and the font Office ships that a Word file names instead.
const FOR_WORD: &[(&str, &str)] = &[("Libertinus Serif", "Cambria"), ("Noto Sans", "Calibri")];

impl Look {
    /// The look of a build.
    pub fn of(options: &Options, lang: &str) -> Look {
        let values = vita_view::theme::values(&options.theme);
        let get = |k: &str| values.get(k).map(String::as_str).unwrap_or("");
        let font = match FOR_WORD.iter().find(|(bundled, _)| *bundled == get("font")) {
            Some((_, word)) => (*word).to_string(),
            None if get("font").is_empty() => "Cambria".to_string(),
            None => get("font").to_string(),
        };
        let pt = |k: &str, default: f64| vita_view::theme::points(get(k)).unwrap_or(default);
        Look {
            theme: if options.theme.name.is_empty() { vita_view::theme::DEFAULT.to_string() } else { options.theme.name.clone() },
            font,
            size: (pt("size", 10.5) * 2.0).round() as u32,
            margin: (pt("margin", 56.7) * 20.0).round() as u32,
            accent: get("accent").trim_start_matches('#').to_ascii_uppercase(),
            headings: get("headings").to_string(),
            page: options.page,
            lang: lang.to_string(),
            rtl: vita_view::labels::right_to_left(lang),
        }
    }

    /// The layout for résumé parsers (the `ats` theme).
    pub fn ats(&self) -> bool {
        self.theme == "ats"
    }

    /// Whether pages carry the name and page number at their foot: not for
    /// parsers, which read a page number into the entry around it.
    pub fn footer(&self) -> bool {
        !self.ats()
    }

    /// Page width and height in twentieths of a point.
    pub fn paper(&self) -> (u32, u32) {
        match self.page {
            Page::Letter => (12240, 15840),
            _ => (11906, 16838),
        }
    }

    /// Where a right-aligned date stands: the text's right edge.
    fn right_tab(&self) -> u32 {
        self.paper().0.saturating_sub(2 * self.margin)
    }

    fn accent_or_auto(&self, on: bool) -> &str {
        if on && !self.accent.is_empty() {
            &self.accent
        } else {
            "auto"
        }
    }

    /// Whether headings and entry titles take the accent colour.
    fn coloured(&self) -> bool {
        matches!(self.theme.as_str(), "modern" | "compact")
    }

    /// Whether headings stand over a rule, and its colour.
    fn rule(&self) -> Option<&str> {
        match self.theme.as_str() {
            "compact" | "ats" => None,
            "modern" | "margin" => Some(self.accent_or_auto(true)),
            _ => Some("auto"),
        }
    }
}

const W: &str = "http://schemas.openxmlformats.org/wordprocessingml/2006/main";

/// One style: its kind, id, name, what it is based on, and its paragraph
/// and run properties (as WordprocessingML, in schema order).
struct Style<'a> {
    kind: &'a str,
    id: &'a str,
    name: &'a str,
    based: Option<&'a str>,
    next: Option<&'a str>,
    outline: bool,
    ppr: String,
    rpr: String,
}

impl Style<'_> {
    fn write(&self, out: &mut String) {
        let _ = write!(out, "<w:style w:type=\"{}\" w:styleId=\"{}\">", self.kind, self.id);
        let _ = write!(out, "<w:name w:val=\"{}\"/>", self.name);
        if let Some(b) = self.based {
            let _ = write!(out, "<w:basedOn w:val=\"{b}\"/>");
        }
        if let Some(n) = self.next {
            let _ = write!(out, "<w:next w:val=\"{n}\"/>");
        }
        if self.outline {
            out.push_str("<w:uiPriority w:val=\"9\"/>");
        }
        out.push_str("<w:qFormat/>");
        if !self.ppr.is_empty() {
            let _ = write!(out, "<w:pPr>{}</w:pPr>", self.ppr);
        }
        if !self.rpr.is_empty() {
            let _ = write!(out, "<w:rPr>{}</w:rPr>", self.rpr);
        }
        out.push_str("</w:style>\n");
    }
}

fn para<'a>(id: &'a str, name: &'a str, ppr: String, rpr: String) -> Style<'a> {
    Style { kind: "paragraph", id, name, based: Some("Normal"), next: None, outline: false, ppr, rpr }
}

fn chars<'a>(id: &'a str, name: &'a str, rpr: String) -> Style<'a> {
    Style { kind: "character", id, name, based: None, next: None, outline: false, ppr: String::new(), rpr }
}

fn color(c: &str) -> String {
    format!("<w:color w:val=\"{c}\"/>")
}

/// `word/styles.xml`.
pub fn styles(look: &Look) -> String {
    let mut out = String::with_capacity(8192);
    let _ = write!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:styles xmlns:w=\"{W}\">\n");
    let font = escape(&look.font);
    let lang = escape(&look.lang);
    // The language of the text, and of its right-to-left or East Asian runs when it is written so.
    let script_lang = if look.rtl {
        format!(" w:bidi=\"{lang}\"")
    } else if ["zh", "ja", "ko"].contains(&look.lang.split('-').next().unwrap_or("")) {
        format!(" w:eastAsia=\"{lang}\"")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii=\"{font}\" w:hAnsi=\"{font}\" w:cs=\"{font}\"/>\
         <w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/><w:lang w:val=\"{lang}\"{script_lang}/></w:rPr></w:rPrDefault>\
         <w:pPrDefault><w:pPr>{bidi}<w:spacing w:after=\"0\" w:line=\"259\" w:lineRule=\"auto\"/></w:pPr></w:pPrDefault></w:docDefaults>",
        s = look.size,
        bidi = if look.rtl { "<w:bidi/>" } else { "" },
    );
    out.push_str(
        "<w:style w:type=\"paragraph\" w:default=\"1\" w:styleId=\"Normal\"><w:name w:val=\"Normal\"/><w:qFormat/></w:style>\n\
         <w:style w:type=\"character\" w:default=\"1\" w:styleId=\"DefaultParagraphFont\"><w:name w:val=\"Default Paragraph Font\"/>\
         <w:uiPriority w:val=\"1\"/><w:semiHidden/><w:unhideWhenUsed/></w:style>\n",
    );
    for s in paragraph_styles(look) {
        s.write(&mut out);
    }
    for s in character_styles(look) {
        s.write(&mut out);
    }
    out.push_str("</w:styles>\n");
    out
}

fn heading_rpr(look: &Look, size: u32) -> String {
    let case = match look.headings.as_str() {
        "caps" => "<w:caps/>",
        "bold" => "",
        _ => "<w:smallCaps/>",
    };
    format!("<w:b/><w:bCs/>{case}{}<w:sz w:val=\"{size}\"/><w:szCs w:val=\"{size}\"/>", color(look.accent_or_auto(look.coloured())))
}

fn paragraph_styles(look: &Look) -> Vec<Style<'static>> {
    let centred = if look.ats() || look.theme == "compact" { "" } else { "<w:jc w:val=\"center\"/>" };
    let rule = look.rule().map(|c| format!("<w:pBdr><w:bottom w:val=\"single\" w:sz=\"4\" w:space=\"1\" w:color=\"{c}\"/></w:pBdr>"));
    let tab = format!("<w:tabs><w:tab w:val=\"right\" w:pos=\"{}\"/></w:tabs>", look.right_tab());
    let big = look.size * 2 + 4;
    let mut title = para(
        "Title",
        "Title",
        format!("<w:spacing w:after=\"40\"/>{centred}"),
        // Parsers take a line in capitals for the name (as the `ats` PDF sets it).
        format!(
            "<w:b/><w:bCs/>{}{}<w:sz w:val=\"{big}\"/><w:szCs w:val=\"{big}\"/>",
            if look.ats() { "<w:caps/>" } else { "" },
            color(look.accent_or_auto(look.coloured()))
        ),
    );
    title.next = Some("Normal");
    let mut h1 = para(
        "Heading1",
        "heading 1",
        format!(
            "<w:keepNext/><w:keepLines/>{}<w:spacing w:before=\"240\" w:after=\"80\"/><w:outlineLvl w:val=\"0\"/>",
            rule.unwrap_or_default()
        ),
        heading_rpr(look, look.size + 4),
    );
    h1.next = Some("Normal");
    h1.outline = true;
    let mut h2 = para(
        "Heading2",
        "heading 2",
        "<w:keepNext/><w:keepLines/><w:spacing w:before=\"160\" w:after=\"40\"/><w:outlineLvl w:val=\"1\"/>".into(),
        format!("<w:b/><w:bCs/><w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>", s = look.size + 2),
    );
    h2.next = Some("Normal");
    h2.outline = true;
    let hang = 567;
    vec![
        para("Photo", "Photo", "<w:spacing w:after=\"60\"/><w:jc w:val=\"right\"/>".into(), String::new()),
        title,
        para("Subtitle", "Subtitle", format!("<w:spacing w:after=\"40\"/>{centred}"), format!("<w:i/><w:iCs/>{}", color("404040"))),
        para("Contact", "Contact", format!("<w:spacing w:after=\"20\"/>{centred}"), String::new()),
        para("Summary", "Summary", "<w:spacing w:before=\"120\" w:after=\"60\"/>".into(), String::new()),
        h1,
        h2,
        para("BodyText", "Body Text", "<w:spacing w:after=\"80\"/>".into(), String::new()),
        para("CountLine", "Count Line", "<w:spacing w:after=\"80\"/>".into(), "<w:i/><w:iCs/>".into()),
        // The parsers' look spaces entries with a line of its own.
        para("Entry", "Entry", format!("<w:keepNext/><w:keepLines/>{tab}<w:spacing w:before=\"{}\"/>", if look.ats() { 0 } else { 120 }), String::new()),
        para("EntrySubtitle", "Entry Subtitle", "<w:keepNext/>".into(), "<w:i/><w:iCs/>".into()),
        para("EntryDetail", "Entry Detail", String::new(), String::new()),
        para("ListBullet", "List Bullet", format!("<w:numPr><w:numId w:val=\"1\"/></w:numPr><w:ind w:left=\"{hang}\" w:hanging=\"283\"/>"), String::new()),
        para(
            "Publication",
            "Publication",
            format!(
                "<w:keepLines/><w:tabs><w:tab w:val=\"left\" w:pos=\"{hang}\"/></w:tabs><w:spacing w:before=\"100\"/><w:ind w:left=\"{hang}\" w:hanging=\"{hang}\"/>"
            ),
            String::new(),
        ),
        para("Footer", "footer", "<w:jc w:val=\"center\"/>".into(), format!("{}<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>", color("595959"), s = look.size.saturating_sub(2))),
        para("Updated", "Updated", "<w:spacing w:before=\"240\"/>".into(), format!("{}<w:sz w:val=\"{s}\"/><w:szCs w:val=\"{s}\"/>", color("595959"), s = look.size.saturating_sub(2))),
    ]
}

fn character_styles(look: &Look) -> Vec<Style<'static>> {
    let accent = color(look.accent_or_auto(true));
    let code_font = "<w:rFonts w:ascii=\"Consolas\" w:hAnsi=\"Consolas\" w:cs=\"Consolas\"/>";
    vec![
        chars("EntryTitle", "Entry Title", format!("<w:b/><w:bCs/>{}", color(look.accent_or_auto(look.coloured())))),
        chars("EntryDate", "Entry Date", String::new()),
        chars("Label", "Label", "<w:b/><w:bCs/>".into()),
        chars("PublicationTitle", "Publication Title", String::new()),
        chars("Owner", "Owner", "<w:b/><w:bCs/>".into()),
        chars("EqualMark", "Equal Contribution Mark", "<w:vertAlign w:val=\"superscript\"/>".into()),
        chars("Venue", "Venue", "<w:i/><w:iCs/>".into()),
        chars("Award", "Award", "<w:b/><w:bCs/>".into()),
        chars("Hyperlink", "Hyperlink", format!("{accent}<w:u w:val=\"single\"/>")),
        chars("Code", "Code", code_font.into()),
    ]
}

/// `word/numbering.xml`: the bullets of the List Bullet style.
pub fn numbering() -> String {
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:numbering xmlns:w=\"{W}\">\
         <w:abstractNum w:abstractNumId=\"0\"><w:multiLevelType w:val=\"singleLevel\"/>\
         <w:lvl w:ilvl=\"0\"><w:start w:val=\"1\"/><w:numFmt w:val=\"bullet\"/><w:pStyle w:val=\"ListBullet\"/><w:lvlText w:val=\"\u{2022}\"/>\
         <w:lvlJc w:val=\"left\"/><w:pPr><w:ind w:left=\"567\" w:hanging=\"283\"/></w:pPr></w:lvl></w:abstractNum>\
         <w:num w:numId=\"1\"><w:abstractNumId w:val=\"0\"/></w:num></w:numbering>\n"
    )
}

/// `word/settings.xml`: the language, and no compatibility mode (the
/// layout of today's Word).
pub fn settings(look: &Look) -> String {
    let lang = escape(&look.lang);
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:settings xmlns:w=\"{W}\">\
         <w:defaultTabStop w:val=\"720\"/><w:characterSpacingControl w:val=\"doNotCompress\"/>\
         <w:compat><w:compatSetting w:name=\"compatibilityMode\" w:uri=\"http://schemas.microsoft.com/office/word\" w:val=\"15\"/></w:compat>\
         <w:themeFontLang w:val=\"{lang}\"/></w:settings>\n"
    )
}

/// Whether a family is a serif face, for the font table's hint to a
/// reader's Word that lacks it.
fn serif(font: &str) -> bool {
    let f = font.to_ascii_lowercase();
    (f.contains("serif") && !f.contains("sans"))
        || ["cambria", "georgia", "times", "garamond", "palatino", "book antiqua", "baskerville", "charter"].iter().any(|s| f.contains(s))
}

/// `word/fontTable.xml`: the fonts the styles name, with their kind, so
/// that a Word without one picks a face like it.
pub fn font_table(look: &Look) -> String {
    let family = if serif(&look.font) { "roman" } else { "swiss" };
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<w:fonts xmlns:w=\"{W}\">\
         <w:font w:name=\"{}\"><w:family w:val=\"{family}\"/><w:pitch w:val=\"variable\"/></w:font>\
         <w:font w:name=\"Consolas\"><w:family w:val=\"modern\"/><w:pitch w:val=\"fixed\"/></w:font></w:fonts>\n",
        escape(&look.font)
    )
}

/// `word/theme/theme1.xml`: the Office theme the document's colours and
/// fonts refer to, made of the look's font and accent colour.
pub fn theme(look: &Look) -> String {
    let accent = if look.accent.is_empty() { "1A4F8B" } else { &look.accent };
    let font = escape(&look.font);
    let solid = "<a:solidFill><a:schemeClr val=\"phClr\"/></a:solidFill>";
    let line = format!("<a:ln w=\"6350\">{solid}</a:ln>");
    let effect = "<a:effectStyle><a:effectLst/></a:effectStyle>";
    let face = format!("<a:latin typeface=\"{font}\"/><a:ea typeface=\"\"/><a:cs typeface=\"\"/>");
    let mut accents = String::new();
    for (i, c) in [accent, "404040", "7F7F7F", "A5A5A5", "5B5B5B", "262626"].iter().enumerate() {
        let _ = write!(accents, "<a:accent{n}><a:srgbClr val=\"{c}\"/></a:accent{n}>", n = i + 1);
    }
    format!(
        "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n\
         <a:theme xmlns:a=\"http://schemas.openxmlformats.org/drawingml/2006/main\" name=\"vita\"><a:themeElements>\
         <a:clrScheme name=\"vita\"><a:dk1><a:sysClr val=\"windowText\" lastClr=\"000000\"/></a:dk1>\
         <a:lt1><a:sysClr val=\"window\" lastClr=\"FFFFFF\"/></a:lt1><a:dk2><a:srgbClr val=\"1F1F1F\"/></a:dk2>\
         <a:lt2><a:srgbClr val=\"EEEEEE\"/></a:lt2>{accents}<a:hlink><a:srgbClr val=\"{accent}\"/></a:hlink>\
         <a:folHlink><a:srgbClr val=\"595959\"/></a:folHlink></a:clrScheme>\
         <a:fontScheme name=\"vita\"><a:majorFont>{face}</a:majorFont><a:minorFont>{face}</a:minorFont></a:fontScheme>\
         <a:fmtScheme name=\"vita\"><a:fillStyleLst>{solid}{solid}{solid}</a:fillStyleLst>\
         <a:lnStyleLst>{line}{line}{line}</a:lnStyleLst><a:effectStyleLst>{effect}{effect}{effect}</a:effectStyleLst>\
         <a:bgFillStyleLst>{solid}{solid}{solid}</a:bgFillStyleLst></a:fmtScheme></a:themeElements></a:theme>\n"
    )
}
