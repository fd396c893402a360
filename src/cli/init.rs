//! `careerbook init`

use std::path::Path;

use super::{Ui, EXIT_CONTENT, EXIT_OK};
use crate::diagnostics::Diagnostics;

pub(super) fn run(ui: &Ui, dir: &Path, title: Option<&str>, overlay: Option<&Path>) -> i32 {
    if let Some(o) = overlay {
        let fw = crate::scaffold::framework_for(dir);
        return match crate::scaffold::init_overlay(o, &fw) {
            Ok(files) => {
                for f in files {
                    ui.info(&format!("created {}", f.display()));
                }
                ui.info(&format!(
                    "next: fill in brag.md, then `careerbook serve --overlay {0}` (or set CAREERBOOK_OVERLAY={0}); it is never published",
                    o.display()
                ));
                EXIT_OK
            }
            Err(d) => {
                ui.diagnostics(&Diagnostics::from(d));
                EXIT_CONTENT
            }
        };
    }
    let title = title.map(str::to_string).unwrap_or_else(|| {
        let name = std::path::absolute(dir)
            .ok()
            .and_then(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
            .unwrap_or_default();
        if name.is_empty() {
            "Engineering career handbook".into()
        } else {
            format!("{name} career handbook")
        }
    });
    match crate::scaffold::init(dir, &title) {
        Ok(files) => {
            ui.info(&format!(
                "created a handbook in {} ({} files)",
                dir.display(),
                files.len()
            ));
            ui.info(&format!(
                "next: `careerbook check {0}` to validate it, `careerbook build {0}` to build it into {0}/site",
                dir.display()
            ));
            EXIT_OK
        }
        Err(d) => {
            ui.diagnostics(&Diagnostics::from(d));
            EXIT_CONTENT
        }
    }
}
