//! The print page of a build that reuses the previous one: linked when
//! nothing it shows changed; the previous file with the pages rendered
//! again spliced in when the page around the bodies (its contents, the
//! pages and their order) is the same; else put together from this build's
//! bodies and the previous page's.

use std::io;
use std::os::unix::fs::FileExt;

use super::{link, Plan, Previous};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::model::{Derived, Handbook};
use crate::output::{Sink, Splice};
use crate::render::{print, RenderOptions, Rendered, Renderer};

/// What the print page is made from.
pub(super) struct Inputs<'a> {
    pub renderer: &'a Renderer,
    pub hb: &'a Handbook,
    pub derived: &'a Derived<'a>,
    pub opts: RenderOptions,
    pub rendered: &'a Rendered,
    /// The spill file holding the bodies of `rendered.spilled`.
    pub spilled: Option<std::fs::File>,
}

/// Splicing reads the new bodies into memory: above this many bytes of
/// them, the page is put together in one stream instead.
const SPLICE_MAX: u64 = 64 << 20;

/// Writes the print page; returns where each body lies and the print of its
/// frame, for the next build.
pub(super) fn print_page(
    inputs: Inputs,
    sink: &dyn Sink,
    previous: Option<&Previous>,
    plan: Option<&Plan>,
) -> Result<(Vec<print::Placed>, u64), Diagnostics> {
    let prev = previous
        .filter(|_| plan.is_some())
        .filter(|p| !p.record.print.is_empty());
    if let (Some(prev), Some(plan)) = (prev, plan) {
        if plan.same {
            link(sink, &prev.site, print::PATH)?;
            return Ok((prev.record.print.clone(), prev.record.print_frame));
        }
    }
    let Inputs {
        renderer,
        hb,
        derived,
        opts,
        rendered,
        spilled,
    } = inputs;
    let mut files = Vec::new();
    if let Some(f) = spilled {
        files.push(Bodies::new(f, &rendered.spilled));
    }
    let fresh = &rendered.print;
    let new_bodies = files.len();
    if let Some(prev) = prev {
        let f = std::fs::File::open(prev.site.join(print::PATH)).map_err(|e| {
            Diagnostic::error(format!("cannot read the previous {}: {e}", print::PATH))
                .hint("build again with --no-cache")
        })?;
        files.push(Bodies::new(f, &prev.record.print));
    }
    let has = |p: &str| fresh.contains_key(p) || files.iter().any(|f| f.at.contains_key(p));
    let Some(frame) = renderer.print_frame(hb, derived, opts, &has)? else {
        return Ok((Vec::new(), 0));
    };
    let print = frame.print();
    if let Some(prev) = prev.filter(|p| p.record.print_frame == print) {
        let spilled = &files[..new_bodies];
        if let Some(placed) = splice(sink, prev, fresh, spilled).map_err(write_error)? {
            return Ok((placed, print));
        }
    }
    let mut buf = Vec::new();
    let placed = frame.write_from(sink, &mut |path, out| {
        if let Some(c) = fresh.get(path) {
            return out.write_all(c.as_bytes());
        }
        let found = files.iter().find_map(|f| Some((&f.file, *f.at.get(path)?)));
        let Some((file, at)) = found else {
            return Err(io::Error::other(format!("no body for {path}")));
        };
        buf.resize(at.len as usize, 0);
        file.read_exact_at(&mut buf, at.start)?;
        out.write_all(&buf)
    })?;
    Ok((placed, print))
}

fn write_error(e: io::Error) -> Diagnostics {
    Diagnostic::error(format!("cannot write {}: {e}", print::PATH))
        .hint("check free disk space and permissions of the output folder")
        .into()
}

/// The previous print page with the bodies rendered now in place of its
/// own (its frame is the same); `None` when they are too many bytes to
/// hold at once.
fn splice(
    sink: &dyn Sink,
    prev: &Previous,
    fresh: &print::Chunks,
    spilled: &[Bodies],
) -> io::Result<Option<Vec<print::Placed>>> {
    let mut bodies: Vec<(usize, Vec<u8>)> = Vec::new();
    let mut total = 0;
    for (i, old) in prev.record.print.iter().enumerate() {
        let body = match fresh.get(&old.path) {
            Some(c) => c.as_bytes().to_vec(),
            None => match spilled
                .iter()
                .find_map(|f| Some((&f.file, *f.at.get(old.path.as_str())?)))
            {
                Some((file, at)) => {
                    let mut b = vec![0; at.len as usize];
                    file.read_exact_at(&mut b, at.start)?;
                    b
                }
                None => continue,
            },
        };
        total += body.len() as u64;
        if total > SPLICE_MAX {
            return Ok(None);
        }
        bodies.push((i, body));
    }
    let edits: Vec<Splice> = bodies
        .iter()
        .map(|(i, b)| {
            let old = &prev.record.print[*i];
            Splice {
                start: old.start,
                len: old.len,
                with: b,
            }
        })
        .collect();
    sink.splice(print::PATH, &prev.site.join(print::PATH), &edits)?;
    let mut shift: i64 = 0;
    let mut next = bodies.iter().peekable();
    let placed = prev
        .record
        .print
        .iter()
        .enumerate()
        .map(|(i, old)| {
            let start = old.start.saturating_add_signed(shift);
            let len = match next.next_if(|(j, _)| *j == i) {
                Some((_, b)) => b.len() as u64,
                None => old.len,
            };
            shift += len as i64 - old.len as i64;
            print::Placed {
                path: old.path.clone(),
                start,
                len,
            }
        })
        .collect();
    Ok(Some(placed))
}

/// Where page bodies lie in a file: the previous print page, or this
/// build's spill file.
struct Bodies<'a> {
    file: std::fs::File,
    at: std::collections::HashMap<&'a str, &'a print::Placed>,
}

impl<'a> Bodies<'a> {
    fn new(file: std::fs::File, placed: &'a [print::Placed]) -> Bodies<'a> {
        Bodies {
            file,
            at: placed.iter().map(|c| (c.path.as_str(), c)).collect(),
        }
    }
}
