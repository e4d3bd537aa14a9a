//! Compiles the default templates into Rust (`vita-hbs`): the Handlebars
//! engine renders them only when a build's templates are not these.
fn main() {
    vita_hbs::build_script("markdown", &["cv.md.hbs"], &[("cv.md", "cv_md", "vita_view::view::View")], &[]);
}
