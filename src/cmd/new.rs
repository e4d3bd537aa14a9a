//! `vita new "Name"`: a commented starter CV that passes `vita check`.

/// Prints the starter CV, dated this month.
pub fn run(name: &str) -> anyhow::Result<()> {
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    let (year, month, _) = vita_model::date::civil_from_days(days as i64);
    crate::term::print(&vita_engine::starter(name, year, month));
    Ok(())
}
