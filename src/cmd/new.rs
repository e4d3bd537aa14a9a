//! `vita new "Name"`: a commented starter CV that passes `vita check`.

/// Prints the starter CV.
pub fn run(name: &str) -> anyhow::Result<()> {
    print!("{}", starter(name));
    Ok(())
}

/// The starter CV for a name, dated this month.
pub fn starter(name: &str) -> String {
    let quoted = ron::to_string(&name.to_string()).unwrap_or_else(|_| "\"\"".into());
    let days = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH).map_or(0, |d| d.as_secs() / 86_400);
    let (year, month, _) = vita_model::date::civil_from_days(days as i64);
    include_str!("starter.ron").replace("\"FULL NAME\"", &quoted).replace("UPDATED", &format!("{year:04}-{month:02}"))
}
