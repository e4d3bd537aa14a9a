//! Every budget vita keeps against hostile input, in one place: the size of
//! what it reads, how far what it reads may expand (decompression,
//! abbreviations, patterns, templates), how deep it may nest and how long it
//! may run. Reaching one is bad input (exit 2) with a message naming the
//! budget, never an abort, a stack overflow or an out-of-memory kill.
//! `docs/security.md` lists them with where each is kept.

/// The largest file vita reads: a CV, a targets file, a preset, a template,
/// a publication file, an import. A CV of 10,000 entries is about 2.4 MB.
pub const INPUT_BYTES: u64 = 16 * 1024 * 1024;

/// The largest labels file (`labels/<tag>.ron`).
pub const LABELS_BYTES: u64 = 256 * 1024;

/// The largest citation style (`.csl`) file read.
pub const CSL_BYTES: u64 = 1024 * 1024;

/// The longest word or pattern of a labels file, in bytes. A pattern names
/// each of its slots once at most, so a filled pattern is never longer than
/// this and the values it holds (a pattern repeating `{title}` would
/// multiply the CV's text).
pub const LABEL_BYTES: usize = 1024;

/// The longest one text field of the CV may be.
pub const STRING_BYTES: usize = 1024 * 1024;

/// Bytes decompressed from one stream of a PDF (an import reads the
/// Europass XML a PDF carries; a CV's XML is far smaller).
pub const PDF_STREAM_BYTES: usize = 16 * 1024 * 1024;

/// Bytes decompressed from all the streams of one PDF together.
pub const PDF_TOTAL_BYTES: usize = 64 * 1024 * 1024;

/// Streams of one PDF looked into.
pub const PDF_STREAMS: usize = 100_000;

/// How far `@string` abbreviations and `crossref` may expand one BibTeX
/// file, in bytes, all entries together (one value alone stays under
/// [`STRING_BYTES`]).
pub const BIB_EXPANDED_BYTES: usize = 64 * 1024 * 1024;

/// Nesting of blocks (`{{#each}}`, `{{#if}}`, ...) and of sub-expressions in
/// one template; the built-in templates nest at most 6 deep.
pub const TEMPLATE_DEPTH: usize = 32;

/// What one template may write, in bytes.
pub const TEMPLATE_OUTPUT_BYTES: usize = 256 * 1024 * 1024;

/// Steps one rendering of a template may take: each `{{#each}}` and each
/// of its items is one, and each `{{embed}}` (a 10,000-entry CV takes about
/// a million; a CV of the largest input, some 60,000 entries, a few
/// million). Reaching it takes about 4 s.
pub const TEMPLATE_STEPS: u64 = 20_000_000;

/// How long one document may take to typeset in process (Typst), in
/// seconds: a template's loop stops there with exit 2. A 10,000-entry CV
/// takes about 2 s.
pub const TYPESET_SECONDS: u64 = 120;

/// Faces read from one font file (a collection claims how many it holds).
pub const FONT_FACES: u32 = 256;

/// Diagnostics drawn per file, then a count.
pub const SHOWN_DIAGNOSTICS: usize = 50;

/// Diagnostics kept per file: those past it are only counted, so a CV with
/// a warning per entry costs memory in proportion to what is drawn.
pub const KEPT_DIAGNOSTICS: usize = 1000;

/// A budget reached, with the message that says which: bad input (exit 2)
/// wherever it surfaces, however deep in a chain of errors.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Exceeded(pub String);

impl std::fmt::Display for Exceeded {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Exceeded {}

/// How many entries an archive vita imports (a LinkedIn export) may list.
pub const ARCHIVE_ENTRIES: usize = 10_000;

/// How many bytes the files vita reads from one archive may inflate to, in all.
pub const ARCHIVE_BYTES: u64 = 64 * 1024 * 1024;
