//! The PDF, made in this process by the Typst compiler: a [`World`] that
//! holds one source (`cv.typ`) and the fonts, and nothing else. It reads no
//! file, no package and no clock: `today` is the document's date, so the
//! same source gives the same PDF.

use std::sync::OnceLock;

use typst::diag::{FileError, FileResult, Severity, SourceDiagnostic};
use typst::foundations::{Bytes, Datetime, Duration};
use typst::syntax::{FileId, RootedPath, Source, VirtualPath, VirtualRoot};
use typst::text::{Font, FontBook};
use typst::utils::LazyHash;
use typst::{Library, LibraryExt, World};
use typst_layout::PagedDocument;

/// The bundled text face (Latin, Greek and Cyrillic), in its four styles.
pub const TEXT_FAMILY: &str = "Libertinus Serif";
/// The bundled sans-serif face (Latin, Greek and Cyrillic, from the
/// `notosans` crate), in its four styles: the modern and compact themes'.
pub const SANS_FAMILY: &str = "Noto Sans";
/// The bundled face for Chinese, Japanese and Korean text: a subset of
/// Noto Sans CJK SC (`formats/fonts/`, made by `scripts/cjk-font`).
pub const CJK_FAMILY: &str = "Noto Sans CJK SC";
/// The bundled face for Arabic and Persian text: Noto Naskh Arabic,
/// regular and bold, subset to the Arabic blocks (`formats/fonts/`).
pub const ARABIC_FAMILY: &str = "Noto Naskh Arabic";
/// The bundled monospace face, for code.
pub const MONO_FAMILY: &str = "DejaVu Sans Mono";

/// The families loaded from the fonts Typst bundles.
const BUNDLED: &[&str] = &[TEXT_FAMILY, MONO_FAMILY];

/// The bundled fonts, parsed once per process. Typst's assets hold more
/// faces (New Computer Modern, its math fonts); only the families vita uses
/// are parsed (their family name read first, which costs nothing), since
/// parsing a face (its coverage) is most of a small CV's build time.
pub fn bundled() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        typst_assets::fonts().filter(|data| is_bundled_family(data)).flat_map(|data| Font::iter(Bytes::new(data))).collect()
    })
}

/// Whether a font file's (first) face is of a family in [`BUNDLED`].
fn is_bundled_family(data: &[u8]) -> bool {
    let Ok(face) = ttf_parser::Face::parse(data, 0) else { return false };
    face.names()
        .into_iter()
        .filter(|n| n.name_id == ttf_parser::name_id::FAMILY || n.name_id == ttf_parser::name_id::TYPOGRAPHIC_FAMILY)
        .any(|n| n.to_string().is_some_and(|name| BUNDLED.iter().any(|b| name.starts_with(b))))
}

/// Forgets what Typst memoised for compilations more than `max_age`
/// compilations ago: a long-running process (`vita watch`) keeps what the
/// next build reuses, and its memory stays flat.
pub fn evict(max_age: usize) {
    typst::comemo::evict(max_age);
}

/// Forgets what Typst memoised from earlier compilations in this process,
/// and the PDFs [`compile`] keeps (benchmarks use it to time a first
/// compilation again).
pub fn forget_memoised() {
    typst::comemo::evict(0);
    forget_made();
}

/// Forgets the PDFs [`compile`] keeps, so the next one is typeset (what
/// Typst memoised stays).
pub fn forget_made() {
    made_lock().clear();
}

/// How many faces a font file says it holds: a collection (`ttcf`) its
/// count, any other file one.
pub fn faces_claimed(bytes: &[u8]) -> u32 {
    match (bytes.get(..4), bytes.get(8..12)) {
        (Some(b"ttcf"), Some(n)) => u32::from_be_bytes([n[0], n[1], n[2], n[3]]),
        (Some(b"ttcf"), None) => 0,
        _ => 1,
    }
}

/// Whether a bundled font has a glyph for `c`.
pub fn bundled_covers(c: char) -> bool {
    let has = |fonts: &[Font]| fonts.iter().any(|f| f.info().coverage.contains(c as u32));
    let s = c.encode_utf8(&mut [0; 4]).to_string();
    has(bundled()) || (wants_cjk(&s) && has(cjk())) || (wants_arabic(&s) && has(arabic()))
}

/// The fonts of a compilation: those of the files the engine read
/// (`typst.font-path`, a system font), searched first, then the bundled ones.
/// A collection's faces past [`vita_model::budget::FONT_FACES`] are not
/// read (a 76-byte file may claim 2^31 of them).
pub fn fonts(files: &[(String, std::sync::Arc<Vec<u8>>)]) -> Vec<Font> {
    fonts_for(files, false)
}

/// The bundled sans-serif faces, parsed once per process, and only by a
/// process that typesets with them.
pub fn sans() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        [notosans::REGULAR_TTF, notosans::BOLD_TTF, notosans::ITALIC_TTF, notosans::BOLD_ITALIC_TTF]
            .into_iter()
            .flat_map(|data| Font::iter(Bytes::new(data)))
            .collect()
    })
}

/// The bundled CJK face, parsed once per process, and only by a process
/// that typesets text in it.
pub fn cjk() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| Font::iter(Bytes::new(include_bytes!("../../../formats/fonts/cjk.otf").as_slice())).collect())
}

/// The bundled Arabic faces, parsed once per process, and only by a
/// process that typesets text in them.
pub fn arabic() -> &'static [Font] {
    static FONTS: OnceLock<Vec<Font>> = OnceLock::new();
    FONTS.get_or_init(|| {
        [
            include_bytes!("../../../formats/fonts/arabic-regular.ttf").as_slice(),
            include_bytes!("../../../formats/fonts/arabic-bold.ttf").as_slice(),
        ]
        .into_iter()
        .flat_map(|data| Font::iter(Bytes::new(data)))
        .collect()
    })
}

/// Whether text has a character of the Arabic script (Arabic, Persian, Urdu).
pub fn wants_arabic(text: &str) -> bool {
    text.chars().any(|c| matches!(c as u32, 0x0600..=0x06FF | 0x0750..=0x077F | 0x08A0..=0x08FF | 0xFB50..=0xFDFF | 0xFE70..=0xFEFF))
}

/// Whether text has a character of the scripts the CJK face is for (CJK
/// symbols, kana, Hangul, Han, full-width forms).
pub fn wants_cjk(text: &str) -> bool {
    text.chars().any(|c| matches!(c as u32, 0x2E80..=0x9FFF | 0xAC00..=0xD7AF | 0xF900..=0xFAFF | 0xFF00..=0xFFEF))
}

/// [`fonts`], and the bundled sans-serif faces too when `sans`, the CJK
/// face when `cjk`, the Arabic faces when `arabic`.
pub fn fonts_with(files: &[(String, std::sync::Arc<Vec<u8>>)], sans: bool, cjk: bool, arabic: bool) -> Vec<Font> {
    let mut fonts = fonts_for(files, sans);
    if cjk {
        fonts.extend(self::cjk().iter().cloned());
    }
    if arabic {
        fonts.extend(self::arabic().iter().cloned());
    }
    fonts
}

/// [`fonts`], and the bundled sans-serif faces too when `sans`.
pub fn fonts_for(files: &[(String, std::sync::Arc<Vec<u8>>)], sans: bool) -> Vec<Font> {
    let mut fonts: Vec<Font> = files
        .iter()
        .flat_map(|(_, bytes)| {
            let data = Bytes::new(bytes.as_ref().clone());
            (0..faces_claimed(bytes).min(vita_model::budget::FONT_FACES)).filter_map(move |i| Font::new(data.clone(), i))
        })
        .collect();
    fonts.extend(bundled().iter().cloned());
    if sans {
        fonts.extend(self::sans().iter().cloned());
    }
    fonts
}

/// What a compilation gives: the PDF and its page count, or the errors.
#[derive(Clone)]
pub struct Made {
    /// The PDF.
    pub pdf: Vec<u8>,
    /// Its number of pages.
    pub pages: usize,
    /// Typst's warnings, as text.
    pub warnings: Vec<String>,
}

/// A source laid out into pages, not yet written as a PDF ([`layout`], then [`export`]).
pub struct Laid {
    world: CvWorld,
    document: PagedDocument,
    warnings: Vec<String>,
}

struct CvWorld {
    library: LazyHash<Library>,
    book: LazyHash<FontBook>,
    fonts: Vec<Font>,
    main: Source,
    today: Datetime,
    files: Vec<(FileId, Bytes)>,
}

impl World for CvWorld {
    fn library(&self) -> &LazyHash<Library> {
        &self.library
    }

    fn book(&self) -> &LazyHash<FontBook> {
        &self.book
    }

    fn main(&self) -> FileId {
        self.main.id()
    }

    fn source(&self, id: FileId) -> FileResult<Source> {
        if id == self.main.id() {
            Ok(self.main.clone())
        } else {
            Err(FileError::AccessDenied)
        }
    }

    fn file(&self, id: FileId) -> FileResult<Bytes> {
        self.files.iter().find(|(f, _)| *f == id).map(|(_, b)| b.clone()).ok_or(FileError::AccessDenied)
    }

    fn font(&self, index: usize) -> Option<Font> {
        self.fonts.get(index).cloned()
    }

    fn today(&self, _offset: Option<Duration>) -> Option<Datetime> {
        Some(self.today)
    }
}

/// The date and time of `epoch` (seconds since 1970, UTC).
pub fn datetime(epoch: i64) -> Option<Datetime> {
    let days = epoch.div_euclid(86_400);
    let secs = epoch.rem_euclid(86_400);
    let (y, m, d) = vita_model::date::civil_from_days(days);
    Datetime::from_ymd_hms(
        i32::try_from(y).ok()?,
        u8::try_from(m).ok()?,
        u8::try_from(d).ok()?,
        (secs / 3600) as u8,
        (secs % 3600 / 60) as u8,
        (secs % 60) as u8,
    )
}

/// The PDF options: dated, identified by the CV, tagged, to a standard.
pub struct PdfSettings<'a> {
    /// Seconds since 1970 the PDF is dated with.
    pub epoch: i64,
    /// A stable identifier of the document (the owner's name and base name).
    pub ident: String,
    /// PDF standards to conform to (`ua-1`, `a-2b`).
    pub standards: &'a [typst_pdf::PdfStandard],
    /// Files the source may read beside it, by name (the photo): no other
    /// file is served.
    pub files: &'a [(String, std::sync::Arc<Vec<u8>>)],
}

/// Compiles `source` with `fonts` (in the order they are searched; [`fonts`] gives them).
/// A PDF made from the same source, fonts and settings as one of the last
/// few is not typeset again: `vita watch` rebuilds every target at each
/// save, and the PDFs the edit does not reach come back at once.
pub fn compile(source: String, fonts: Vec<Font>, settings: &PdfSettings) -> Result<Made, Vec<String>> {
    let key = Inputs {
        source,
        fonts,
        epoch: settings.epoch,
        ident: settings.ident.clone(),
        standards: format!("{:?}", settings.standards),
        files: settings.files.to_vec(),
    };
    if let Some(made) = made_lock().iter().find(|(k, _)| *k == key).map(|(_, m)| m.clone()) {
        return Ok(made);
    }
    let made = export(&layout(key.source.clone(), key.fonts.clone(), settings)?, settings)?;
    let mut cache = made_lock();
    if cache.len() >= MADE_KEPT {
        cache.remove(0);
    }
    cache.push((key, made.clone()));
    Ok(made)
}

/// Everything a PDF is made from.
#[derive(PartialEq)]
struct Inputs {
    source: String,
    fonts: Vec<Font>,
    epoch: i64,
    ident: String,
    standards: String,
    files: Vec<(String, std::sync::Arc<Vec<u8>>)>,
}

/// How many PDFs [`compile`] keeps (a CV's targets, in `vita watch`).
const MADE_KEPT: usize = 8;

static MADE: std::sync::Mutex<Vec<(Inputs, Made)>> = std::sync::Mutex::new(Vec::new());

fn made_lock() -> std::sync::MutexGuard<'static, Vec<(Inputs, Made)>> {
    MADE.lock().unwrap_or_else(|e| e.into_inner())
}

/// How many times pages were laid out on this thread (for tests).
pub fn typeset_runs() -> usize {
    TYPESET.with(std::cell::Cell::get)
}

thread_local! {
    static TYPESET: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

/// Evaluates `source` and lays out its pages (the first half of [`compile`]).
pub fn layout(source: String, fonts: Vec<Font>, settings: &PdfSettings) -> Result<Laid, Vec<String>> {
    TYPESET.with(|t| t.set(t.get() + 1));
    let today = datetime(settings.epoch).ok_or_else(|| vec![format!("the date {} is out of range", settings.epoch)])?;
    let id = FileId::new(RootedPath::new(VirtualRoot::Project, VirtualPath::new("cv.typ").map_err(|e| vec![format!("{e:?}")])?));
    let mut files = Vec::new();
    for (name, bytes) in settings.files {
        let path = VirtualPath::new(name).map_err(|e| vec![format!("{e:?}")])?;
        files.push((FileId::new(RootedPath::new(VirtualRoot::Project, path)), Bytes::new(bytes.as_ref().clone())));
    }
    let world = CvWorld {
        library: LazyHash::new(Library::builder().build()),
        book: LazyHash::new(FontBook::from_fonts(&fonts)),
        fonts,
        main: Source::new(id, source),
        today,
        files,
    };
    let warned = typst::compile::<PagedDocument>(&world);
    let warnings: Vec<String> = warned.warnings.iter().map(|d| describe(&world, d)).collect();
    let document = warned.output.map_err(|errors| errors.iter().map(|d| describe(&world, d)).collect::<Vec<_>>())?;
    Ok(Laid { world, document, warnings })
}

impl Laid {
    /// The number of pages.
    pub fn pages(&self) -> usize {
        self.document.pages().len()
    }

    /// Typst's warnings, as text.
    pub fn warnings(&self) -> &[String] {
        &self.warnings
    }
}

/// Writes laid-out pages as a PDF (the second half of [`compile`]).
pub fn export(laid: &Laid, settings: &PdfSettings) -> Result<Made, Vec<String>> {
    let describe = |d: &SourceDiagnostic| describe(&laid.world, d);
    let standards = typst_pdf::PdfStandards::new(settings.standards).map_err(|e| vec![e.message().to_string()])?;
    let options = typst_pdf::PdfOptions {
        ident: typst::foundations::Smart::Custom(settings.ident.clone()),
        creator: typst::foundations::Smart::Custom(Some("vita (Typst)".into())),
        timestamp: Some(typst_pdf::Timestamp::new_utc(laid.world.today)),
        standards,
        ..typst_pdf::PdfOptions::default()
    };
    let pdf = typst_pdf::pdf(&laid.document, &options).map_err(|errors| errors.iter().map(describe).collect::<Vec<_>>())?;
    Ok(Made { pdf, pages: laid.document.pages().len(), warnings: laid.warnings.clone() })
}

/// One diagnostic as `cv.typ:LINE:COL: message (hint: ...)`.
fn describe(world: &CvWorld, d: &SourceDiagnostic) -> String {
    use typst::WorldExt;
    let at = world
        .range(d.span)
        .and_then(|r| {
            let line = world.main.lines().byte_to_line(r.start)?;
            let col = world.main.lines().byte_to_column(r.start)?;
            Some(format!("cv.typ:{}:{}: ", line + 1, col + 1))
        })
        .unwrap_or_default();
    let kind = if d.severity == Severity::Error { "" } else { "warning: " };
    let mut s = format!("{at}{kind}{}", d.message);
    for h in &d.hints {
        s.push_str(&format!(" (hint: {})", h.v));
    }
    s
}
