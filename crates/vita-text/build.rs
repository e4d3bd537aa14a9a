//! Compiles the default templates into Rust (`vita-hbs`): the Handlebars
//! engine renders them only when a build's templates are not these.
fn main() {
    vita_hbs::build_script(
        "text",
        &["cv.txt.hbs", "section.txt.hbs", "body.hbs"],
        &[("cv.txt", "cv_txt", "vita_view::view::View"), ("section.txt", "section_txt", "super::SectionPage<'_>")],
        &[],
    );
}
