//! When each content file last changed, from git, for "last updated" dates.
//! One `git log` for the whole handbook rather than one per file; without
//! git, or outside a repository, pages simply carry no date.

use std::collections::HashMap;
use std::path::Path;
use std::process::Command;

/// Display path (relative to the handbook folder) -> date of the last
/// commit that touched it, `YYYY-MM-DD`.
pub(crate) fn last_updated(root: &Path) -> HashMap<String, String> {
    let mut out = HashMap::new();
    let Ok(o) = Command::new("git")
        .args([
            "log",
            "--format=@%cs",
            "--name-only",
            "--relative",
            "--",
            ".",
        ])
        .current_dir(root)
        .stderr(std::process::Stdio::null())
        .output()
    else {
        return out;
    };
    if !o.status.success() {
        return out;
    }
    let mut date = String::new();
    // Newest commits come first, so the first date seen for a file wins.
    for line in String::from_utf8_lossy(&o.stdout).lines() {
        if let Some(d) = line.strip_prefix('@') {
            date = d.to_string();
        } else if !line.is_empty() && !date.is_empty() {
            out.entry(line.to_string()).or_insert_with(|| date.clone());
        }
    }
    out
}
