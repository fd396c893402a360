//! The command line: every flag is declared here once, with its help text;
//! each subcommand lives in its own file and calls into the library.

mod build;
mod changes;
mod check;
mod import;
mod init;
mod new;
mod serve;

use std::io::Write;
use std::path::PathBuf;

use clap::{Parser, Subcommand};

use crate::diagnostics::Diagnostics;

/// Exit codes: 0 success, 1 content (or I/O) errors, 2 usage errors.
pub const EXIT_OK: i32 = 0;
pub const EXIT_CONTENT: i32 = 1;
pub const EXIT_USAGE: i32 = 2;

#[derive(Parser, Debug)]
#[command(
    name = "careerbook",
    version,
    about = "Build a searchable static site from an engineering career handbook",
    long_about = "careerbook turns a career handbook written in Markdown and TOML (a level framework, \
interview questions, anti-patterns, exercises, checklists and guides) into a fast static site.\n\n\
Start a handbook with `careerbook init my-handbook`, check it with `careerbook check my-handbook`, \
and build it with `careerbook build my-handbook` (the site goes to my-handbook/site/).",
    after_help = "Exit codes: 0 ok, 1 content errors, 2 usage errors. Colors only on a terminal; set NO_COLOR to turn them off."
)]
pub(crate) struct Cli {
    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,
    /// Print more detail (timings, warnings in full)
    #[arg(short, long, global = true)]
    pub verbose: bool,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Subcommand, Debug)]
pub(crate) enum Command {
    /// Build the handbook into a static site (default output: DIR/site)
    Build {
        /// Handbook folder (the one holding book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Output folder (default: book.toml's build.output, "site")
        #[arg(short, long, value_name = "OUT")]
        output: Option<PathBuf>,
        /// Your personal overlay folder (brag.md, packet.md, assessments/): adds a private "Me" section. The
        /// build then goes to a separate folder (default: site-private), every page marked noindex
        #[arg(long, value_name = "PATH")]
        overlay: Option<PathBuf>,
        /// Neither read nor write the build cache (DIR/.careerbook-cache), which keeps highlighted
        /// code between builds
        #[arg(long)]
        no_cache: bool,
        /// Build profile: `public` (the default) leaves out pages, sections and examples marked
        /// internal; `internal` keeps them (every page marked noindex); book.toml may define others
        /// as [profiles.NAME]
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
    },
    /// Remove the build cache (DIR/.careerbook-cache); the next build starts from nothing
    Clean {
        /// Handbook folder (the one holding book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
    /// Validate everything (front matter, cross-references, templates) without writing anything,
    /// and lint the framework (dimensions a level leaves out, criteria repeated or without examples)
    Check {
        /// Handbook folder (the one holding book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Exit with status 1 when there are warnings, for CI
        #[arg(long)]
        deny_warnings: bool,
        /// Build profile: `public` (the default) leaves out pages, sections and examples marked
        /// internal; `internal` keeps them (every page marked noindex); book.toml may define others
        /// as [profiles.NAME]
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
    },
    /// Import a ladder published in another format as a new handbook
    Import {
        /// Source format
        #[arg(value_enum)]
        format: import::ImportFormat,
        /// The file, or several (each becomes a job family of one handbook); for monzo, also a folder of framework files with generic.md; for etsy, the folder with index.md and competencies.md
        #[arg(required = true, num_args = 1..)]
        source: Vec<PathBuf>,
        /// Folder to create (must not exist or be empty; default: SOURCE's name + "-handbook")
        #[arg(short, long, value_name = "DIR")]
        output: Option<PathBuf>,
    },
    /// What changed in the ladder since a release: criteria added, removed, reworded (word by
    /// word), moved, renamed, merged or split; levels, dimensions and tracks added, renamed,
    /// reordered or forked. By stable id, not as a text diff
    Changes {
        /// Handbook folder (the one holding book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// The earlier ladder: a git ref of the handbook's repository (tag, branch, commit) or a
        /// folder holding a handbook
        #[arg(long, value_name = "REF")]
        since: String,
        /// Report format: text for a terminal, markdown for a pull-request comment, json for tools
        #[arg(long, value_enum, default_value = "text")]
        format: changes::ChangesFormat,
    },
    /// Preview the handbook: serve it on 127.0.0.1, rebuild on every save and reload open pages
    Serve {
        /// Handbook folder (the one holding book.toml)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Port to listen on (default: 3000, or the next free one)
        #[arg(short, long)]
        port: Option<u16>,
        /// Address to listen on; anything but loopback exposes the preview to your network
        #[arg(long, default_value = "127.0.0.1")]
        bind: std::net::IpAddr,
        /// Open the preview in the default browser
        #[arg(long)]
        open: bool,
        /// Poll for changes instead of waiting for file events (network drives, some containers)
        #[arg(long)]
        poll: bool,
        /// Your personal overlay folder (brag.md, packet.md, assessments/), shown in a private "Me" section;
        /// defaults to $CAREERBOOK_OVERLAY
        #[arg(long, value_name = "PATH", env = "CAREERBOOK_OVERLAY")]
        overlay: Option<PathBuf>,
        /// Build profile: `public` (the default) leaves out pages, sections and examples marked
        /// internal; `internal` keeps them (every page marked noindex); book.toml may define others
        /// as [profiles.NAME]
        #[arg(long, value_name = "NAME")]
        profile: Option<String>,
    },
    /// Create a new handbook with a starter framework and content
    Init {
        /// Folder to create the handbook in (created if missing; must not already hold a handbook)
        #[arg(default_value = ".")]
        dir: PathBuf,
        /// Title for book.toml
        #[arg(long)]
        title: Option<String>,
        /// Create your personal overlay here instead (a commented brag.md and packet.md, using
        /// the dimensions and levels of the handbook in DIR)
        #[arg(long, value_name = "OVERLAY_DIR")]
        overlay: Option<PathBuf>,
    },
    /// Add a document of any kind from a template, or an entry to your overlay's brag document
    New {
        /// What to add
        #[arg(value_enum)]
        kind: new::NewKind,
        /// Its title (the question's prompt, for a question)
        title: String,
        /// Handbook folder
        #[arg(long, default_value = ".")]
        dir: PathBuf,
        /// Id (file name) to use instead of one derived from the title
        #[arg(long)]
        id: Option<String>,
        /// For a level of a handbook with job families: the family it belongs to
        #[arg(long)]
        family: Option<String>,
        /// For brag-entry: the overlay folder holding brag.md (default: $CAREERBOOK_OVERLAY)
        #[arg(long, value_name = "PATH", env = "CAREERBOOK_OVERLAY")]
        overlay: Option<PathBuf>,
    },
}

/// Output settings shared by the commands.
pub(crate) struct Ui {
    pub quiet: bool,
    pub verbose: bool,
}

impl Ui {
    pub(crate) fn info(&self, msg: &str) {
        if !self.quiet {
            let _ = writeln!(anstream::stdout(), "{msg}");
        }
    }

    /// A line on stderr, even with `-q`.
    pub(crate) fn warn(&self, msg: &str) {
        let _ = writeln!(anstream::stderr(), "{msg}");
    }

    /// Prints diagnostics to stderr; ANSI colors are stripped by anstream
    /// when stderr is not a terminal or NO_COLOR is set.
    pub(crate) fn diagnostics(&self, d: &Diagnostics) {
        let mut err = anstream::stderr();
        for diag in d.iter() {
            if self.quiet && !diag.is_error() {
                continue;
            }
            let _ = write!(err, "{}", diag.render(true));
            let _ = writeln!(err);
        }
    }

    pub(crate) fn summary_line(&self, d: &Diagnostics) -> String {
        let (e, w) = (d.error_count(), d.warning_count());
        let plural = |n: usize, s: &str| {
            if n == 1 {
                format!("{n} {s}")
            } else {
                format!("{n} {s}s")
            }
        };
        match (e, w) {
            (0, 0) => String::new(),
            (0, w) => plural(w, "warning"),
            (e, 0) => plural(e, "error"),
            (e, w) => format!("{}, {}", plural(e, "error"), plural(w, "warning")),
        }
    }

    pub(crate) fn fail(&self, d: &Diagnostics, what: &str) -> i32 {
        self.diagnostics(d);
        let _ = writeln!(
            anstream::stderr(),
            "{what} failed: {}",
            self.summary_line(d)
        );
        EXIT_CONTENT
    }
}

pub fn run() -> i32 {
    let cli = match Cli::try_parse() {
        Ok(c) => c,
        Err(e) => {
            let _ = e.print();
            return match e.kind() {
                clap::error::ErrorKind::DisplayHelp | clap::error::ErrorKind::DisplayVersion => {
                    EXIT_OK
                }
                _ => EXIT_USAGE,
            };
        }
    };
    let ui = Ui {
        quiet: cli.quiet,
        verbose: cli.verbose,
    };
    match cli.command {
        Command::Build {
            dir,
            output,
            overlay,
            no_cache,
            profile,
        } => build::run(
            &ui,
            &dir,
            output.as_deref(),
            overlay.as_deref(),
            !no_cache,
            profile,
        ),
        Command::Clean { dir } => build::clean(&ui, &dir),
        Command::Check {
            dir,
            deny_warnings,
            profile,
        } => check::run(&ui, &dir, deny_warnings, profile.as_deref()),
        Command::Import {
            format,
            source,
            output,
        } => import::run(&ui, format, &source, output.as_deref()),
        Command::Changes { dir, since, format } => changes::run(&ui, &dir, &since, format),
        Command::Init {
            dir,
            title,
            overlay,
        } => init::run(&ui, &dir, title.as_deref(), overlay.as_deref()),
        Command::Serve {
            dir,
            port,
            bind,
            open,
            poll,
            overlay,
            profile,
        } => serve::run(
            &ui,
            crate::serve::Options {
                root: dir,
                port,
                bind,
                open,
                poll,
                overlay,
                profile,
            },
        ),
        Command::New {
            kind,
            title,
            dir,
            id,
            family,
            overlay,
        } => new::run(
            &ui,
            kind,
            &title,
            &dir,
            id.as_deref(),
            family.as_deref(),
            overlay.as_deref(),
        ),
    }
}
