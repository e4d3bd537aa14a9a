//! The import property the targets assert: an importer refuses a file (with
//! an error) or gives a CV whose RON `vita check` accepts.

pub fn holds(checked: vita_model::Checked) {
    match checked.document {
        None => assert!(checked.diagnostics.iter().any(vita_model::Diagnostic::is_error), "no CV and no error"),
        Some(doc) => {
            let ron = vita_model::to_ron(&doc.cv).expect("RON");
            let again = vita_model::load(&ron);
            assert!(
                again.document.is_some(),
                "an imported CV fails the check: {:?}\n{ron}",
                again.diagnostics.iter().filter(|d| d.is_error()).map(|d| d.message.clone()).collect::<Vec<_>>()
            );
        }
    }
}
