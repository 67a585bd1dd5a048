//! `handbill render`: one card — a message in one format and language (and
//! a carousel's slide) — checked and drawn as the build draws it, written
//! to a file or to standard output, with its problems, caption and alt
//! text. `--debug` draws the layout over it (`crate::debug`).
//!
//! It runs the build's own stages on that card alone (`build::prepare`,
//! `card::plan`, `build::compose_all`, `build::render_card`, the budget
//! and the platforms' checks), so its PNG is byte for byte the one a build
//! writes; it renders no other card and writes nothing into `out/`. The
//! one file it writes is the one the user names (or its default name).

use std::io::{IsTerminal as _, Write as _};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

use clap::Args;

use super::{Dirs, fail, read, report};
use crate::build::{self, Prepared};
use crate::card::{self, Card, Filter};
use crate::problem::{self, Location, Problem};
use crate::project::Project;

/// `handbill render`'s options.
#[derive(Debug, Args)]
pub struct RenderArgs {
    #[command(flatten)]
    pub dirs: Dirs,
    /// The message's id (its audience is the one whose file has it). A
    /// unique beginning of an id is enough.
    #[arg(long, value_name = "ID")]
    pub message: String,
    /// The format (a unique beginning is enough: `story`, `link`).
    #[arg(long, value_name = "NAME")]
    pub format: String,
    /// The language's code.
    #[arg(long, value_name = "CODE")]
    pub language: String,
    /// A carousel's slide, from 1 (the first when not given).
    #[arg(long, value_name = "N")]
    pub slide: Option<usize>,
    /// Where to write the card: a file, or `-` for standard output (not a
    /// terminal). By default `<message>-<format>-<language>[-<slide>].png`
    /// (`.svg` with --svg, `-debug` before the extension with --debug) in
    /// the current folder.
    #[arg(short, long, value_name = "FILE")]
    pub output: Option<PathBuf>,
    /// Write the card's composed SVG instead of its PNG.
    #[arg(long)]
    pub svg: bool,
    /// Draw the layout over the card: each text slot's box, each line's
    /// baseline and ink, the size the fitter chose, and the format's safe
    /// zones.
    #[arg(long)]
    pub debug: bool,
    /// Print only problems.
    #[arg(short, long)]
    pub quiet: bool,
}

/// Runs `handbill render`.
pub fn run(args: &RenderArgs) -> ExitCode {
    let target = match Target::of(args) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let project = match read(&args.dirs.paths()) {
        Ok(p) => p,
        Err(code) => return code,
    };
    let rendered = match render(&project, args) {
        Ok(r) => r,
        Err(build::Failure::Bug(bug)) => return fail(bug),
        Err(build::Failure::Problems(p)) => return stopped(p, &project, None),
    };
    let Some(image) = &rendered.image else {
        return stopped(rendered.problems, &project, Some(&rendered.card));
    };
    let target = target.resolved(&rendered.card, args);
    if let Err(e) = target.write(image) {
        return fail(e);
    }
    let errors = rendered.problems.iter().any(Problem::is_error);
    report::human(&rendered.problems, Some(&project));
    if !args.quiet {
        describe(&rendered, &target, args.debug);
    }
    match errors {
        true => ExitCode::from(1),
        false => ExitCode::SUCCESS,
    }
}

/// Where the card goes: a file, its default name, or standard output.
enum Target {
    File(PathBuf),
    Default,
    Stdout,
}

impl Target {
    /// The file asked for, or the default name; standard output only when
    /// it is not a terminal (a PNG would fill it with noise).
    fn of(args: &RenderArgs) -> Result<Target, ExitCode> {
        if args.dirs.out.is_some() {
            return Err(usage(
                "render writes one file, not out/: give it with -o FILE (or -o - for standard output)",
            ));
        }
        match args.output.as_deref() {
            Some(p) if p == Path::new("-") => match std::io::stdout().is_terminal() {
                true => Err(usage(
                    "-o - writes the card's bytes to standard output, which is a terminal here: redirect it (> card.png) or pipe it (| …), or give a file with -o FILE",
                )),
                false => Ok(Target::Stdout),
            },
            Some(p) => Ok(Target::File(p.to_owned())),
            None => Ok(Target::Default),
        }
    }

    /// The default name made from the card drawn.
    fn resolved(self, card: &Card, args: &RenderArgs) -> Target {
        match self {
            Target::Default => {
                let slide = card.slide.map(|(n, _)| n);
                let parts = [card.message.as_str(), card.format.name, &card.language];
                Target::File(default_name(parts, slide, args.svg, args.debug))
            }
            other => other,
        }
    }

    fn write(&self, bytes: &[u8]) -> Result<(), String> {
        match self {
            Target::File(path) => std::fs::write(path, bytes)
                .map_err(|e| format!("cannot write {}: {e}", path.display())),
            Target::Default => Err("no file was named to write (a bug)".to_owned()),
            Target::Stdout => {
                let mut out = std::io::stdout().lock();
                out.write_all(bytes)
                    .and_then(|()| out.flush())
                    .map_err(|e| format!("cannot write the card to standard output: {e}"))
            }
        }
    }
}

/// A mistake in how render was called, before any work: exit 2, as clap's.
fn usage(what: &str) -> ExitCode {
    eprintln!("error: {what}");
    ExitCode::from(2)
}

/// `advertised-online-story-it.png`, `how-it-works-x-en-02-debug.svg`:
/// the card's message, format and language (and slide), so a folder of
/// them sorts by message.
fn default_name(
    [message, format, language]: [&str; 3],
    slide: Option<usize>,
    svg: bool,
    debug: bool,
) -> PathBuf {
    let mut name = format!("{message}-{format}-{language}");
    if let Some(n) = slide {
        name.push_str(&format!("-{n:02}"));
    }
    if debug {
        name.push_str("-debug");
    }
    name.push_str(if svg { ".svg" } else { ".png" });
    PathBuf::from(name)
}

/// One card, made: the card, its image when it could be drawn, and every
/// problem that concerns it.
struct Rendered {
    card: Card,
    image: Option<Vec<u8>>,
    /// Each text slot's size, for `--debug`'s summary.
    slots: Vec<String>,
    problems: Vec<Problem>,
}

/// Checks and draws the card asked for: the build's stages, on it alone.
fn render(project: &Project, args: &RenderArgs) -> Result<Rendered, build::Failure> {
    // The campaign, fonts and templates, checked as the build checks them.
    let (prepared, mut found) = build::prepare(project);
    let Some(prepared) = prepared else {
        return Err(build::Failure::Problems(found));
    };
    let c = &prepared.campaign;
    // Which card: the names resolved, then the card planned.
    let filter = match selected(c, args) {
        Ok(f) => f,
        Err(mut p) => {
            // A message left out for its mistakes is not "unknown": say those.
            p.extend(found.into_iter().filter(|p| p.is_error()));
            return Err(build::Failure::Problems(p));
        }
    };
    found.extend(crate::campaign::figures::check(c));
    let card = planned(c, &filter, args.slide, &mut found)?;
    found.retain(|p| concerns(p, &card, project));
    let mut rendered = draw(&prepared, card, args)?;
    found.append(&mut rendered.problems);
    problem::sort(&mut found);
    rendered.problems = found;
    Ok(rendered)
}

/// The filter naming the one message, format and language asked for; a
/// name that fits none or several is a problem.
fn selected(c: &crate::campaign::Campaign, args: &RenderArgs) -> Result<Filter, Vec<Problem>> {
    let messages = c.messages.iter().map(|m| m.id.as_str()).collect();
    let formats = c.formats.iter().map(|f| f.name).collect();
    let mut problems = Vec::new();
    let mut one = |what: &str, given: &str, known: Vec<&str>| match pick(given, &known) {
        Pick::One(v) => vec![v.to_owned()],
        Pick::Unknown => vec![given.to_owned()],
        Pick::Several(all) => {
            problems.push(ambiguous(c, what, given, &all));
            // Said once: not also as unknown.
            vec![all[0].to_owned()]
        }
    };
    let filter = Filter {
        messages: one("message", &args.message, messages),
        formats: one("format", &args.format, formats),
        languages: one("language", &args.language, c.codes()),
        audiences: Vec::new(),
    };
    // Unknown names, said as the build says them, with what was meant.
    problems.extend(card::check_filter(c, &filter));
    match problems.is_empty() {
        true => Ok(filter),
        false => Err(problems),
    }
}

/// What a name picks among the known ones.
#[derive(Debug, PartialEq)]
enum Pick<'a> {
    One(&'a str),
    Several(Vec<&'a str>),
    Unknown,
}

/// The known name equal to `given`, or the one that begins with it.
fn pick<'a>(given: &str, known: &[&'a str]) -> Pick<'a> {
    if let Some(exact) = known.iter().find(|k| **k == given) {
        return Pick::One(exact);
    }
    let starting: Vec<&str> = known
        .iter()
        .copied()
        .filter(|k| !given.is_empty() && k.starts_with(given))
        .collect();
    match starting.as_slice() {
        [] => Pick::Unknown,
        [one] => Pick::One(one),
        _ => Pick::Several(starting),
    }
}

fn ambiguous(c: &crate::campaign::Campaign, what: &str, given: &str, all: &[&str]) -> Problem {
    Problem::new(
        Location::file(&c.file),
        format!("--{what} {given}: more than one {what} begins so"),
    )
    .hint(format!("give one of: {}", all.join(", ")))
}

/// The card asked for, planned as the build plans it.
fn planned(
    c: &crate::campaign::Campaign,
    filter: &Filter,
    slide: Option<usize>,
    found: &mut Vec<Problem>,
) -> Result<Card, build::Failure> {
    let (mut cards, p) = card::plan(c, filter);
    found.extend(p);
    let stop = |mut found: Vec<Problem>, p: Option<Problem>| {
        found.extend(p);
        Err(build::Failure::Problems(found))
    };
    let Some(first) = cards.first() else {
        // Not planned: a problem said why (not translated), or its audience
        // is not addressed in this language.
        let none = not_in_language(c, filter);
        return stop(std::mem::take(found), none.filter(|_| found.is_empty()));
    };
    let count = first.slide.map(|(_, n)| n);
    match (slide, count) {
        (None, _) => Ok(cards.swap_remove(0)),
        (Some(n), Some(count)) if (1..=count).contains(&n) => Ok(cards.swap_remove(n - 1)),
        (Some(n), count) => {
            let p = wrong_slide(first, n, count);
            stop(std::mem::take(found), Some(p))
        }
    }
}

/// A message whose audience is not addressed in the language asked for.
fn not_in_language(c: &crate::campaign::Campaign, filter: &Filter) -> Option<Problem> {
    let m = c
        .messages
        .iter()
        .find(|m| filter.messages.contains(&m.id))?;
    let a = c.audience(&m.audience)?;
    Some(
        Problem::new(
            m.location.clone(),
            format!(
                "{} is a message for {}, whose cards are made in {}, not {}",
                m.id,
                m.audience,
                a.languages.join(", "),
                filter.languages.join(", ")
            ),
        )
        .message(&m.id)
        .hint("choose one of those languages, or add this one to the audience's `languages:` in campaign.yaml"),
    )
}

/// `--slide` on a card that is not a carousel, or past its last slide.
fn wrong_slide(card: &Card, n: usize, count: Option<usize>) -> Problem {
    let (what, hint) = match count {
        Some(count) => (
            format!(
                "{} has {count} slides, so there is no slide {n}",
                card.message
            ),
            format!("give --slide from 1 to {count}"),
        ),
        None => (
            format!(
                "{} is a {} card, not a carousel: it has no slides",
                card.message, card.kind.name
            ),
            "leave out --slide".to_owned(),
        ),
    };
    Problem::new(card.location.clone(), what)
        .message(&card.message)
        .hint(hint)
}

/// Whether a problem found before the card was made concerns it: not one
/// about another message, format, language or template, nor the kit.
fn concerns(p: &Problem, card: &Card, project: &Project) -> bool {
    let other =
        |v: &Option<String>, mine: &[&str]| v.as_deref().is_some_and(|v| !mine.contains(&v));
    let c = &p.context;
    if other(&c.message, &[&card.message])
        || other(&c.format, &[card.format.name])
        || other(&c.language, &[&card.language, &card.text_language])
    {
        return false;
    }
    let file = p.location.file.as_path();
    let template = project.templates.iter().find(|t| t.path == file);
    if let Some(t) = template {
        return t.folder == card.format.name && t.stem == card.kind.name;
    }
    let message_file = project
        .sources
        .messages
        .iter()
        .any(|(path, _)| path == file);
    let kit = project.kit.as_ref().is_some_and(|(path, _)| path == file);
    !kit && (!message_file || file == card.location.file)
}

/// The card composed, drawn and measured as the build does it, then its
/// byte budget and posts checked; the image asked for.
fn draw(prepared: &Prepared, card: Card, args: &RenderArgs) -> Result<Rendered, build::Failure> {
    let mut composed = build::compose_all(prepared, vec![card.clone()])?;
    let mut problems = std::mem::take(&mut composed.problems);
    let Some(set) = composed.composed.pop() else {
        // It could not be set (a text that does not fit): nothing to draw.
        let slots = Vec::new();
        return Ok(Rendered {
            card,
            image: None,
            slots,
            problems,
        });
    };
    let ropts = crate::render::options(prepared.fonts.db());
    let drawn = build::render_card(prepared, &card, &set, &ropts);
    let doing = || format!("rendering {}", card.stem);
    let (png, measured) =
        drawn.map_err(|e| build::Failure::Bug(crate::error::Bug::new(doing(), e)))?;
    problems.extend(measured.problems);
    let (one, sizes) = (std::slice::from_ref(&card), &[png.len()]);
    problems.extend(build::check_budgets(prepared, one, sizes));
    problems.extend(crate::post::check(&prepared.campaign, one, sizes).problems);
    let svg = match args.debug {
        true => crate::debug::overlay(&set.svg, &set.slots, card.format),
        false => set.svg.clone(),
    };
    let image = match (args.svg, args.debug) {
        (true, _) => svg.into_bytes(),
        (false, false) => png,
        (false, true) => debug_png(&svg, &ropts)
            .map_err(|e| build::Failure::Bug(crate::error::Bug::new(doing(), e)))?,
    };
    let slots = set.slots.iter().map(crate::debug::describe).collect();
    Ok(Rendered {
        card,
        image: Some(image),
        slots,
        problems,
    })
}

/// The card with its overlay, drawn and encoded as a card is.
fn debug_png(svg: &str, ropts: &resvg::usvg::Options) -> Result<Vec<u8>, crate::render::Error> {
    crate::render::encode_png(&crate::render::rasterize(svg, ropts)?)
}

/// Nothing could be drawn: the problems, and why nothing was written.
fn stopped(mut problems: Vec<Problem>, project: &Project, card: Option<&Card>) -> ExitCode {
    problem::sort(&mut problems);
    report::human(&problems, Some(project));
    match card {
        Some(c) => eprintln!(
            "error: {} cannot be drawn; nothing was written",
            c.stem.trim_start_matches("cards/")
        ),
        None => eprintln!("error: no card was drawn; nothing was written"),
    }
    ExitCode::from(1)
}

/// What was written, and the card's caption and alt text, on standard
/// error (standard output may be carrying the image).
fn describe(r: &Rendered, target: &Target, debug: bool) {
    let card = &r.card;
    let name = card.stem.trim_start_matches("cards/");
    match target {
        Target::File(p) => eprintln!("wrote {name} to {}", p.display()),
        Target::Default | Target::Stdout => eprintln!("wrote {name} to standard output"),
    }
    if debug {
        eprintln!(
            "debug: slot boxes cyan (dashed), line ink yellow, baselines magenta, safe zones red (hatched)"
        );
        for s in &r.slots {
            eprintln!("  {s}");
        }
    }
    eprintln!("\ncaption:\n{}\n\nalt text:\n{}", card.caption, card.alt);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_picks_its_equal_or_the_one_it_begins() {
        let known = ["story", "instagram-square", "instagram-portrait", "x"];
        assert_eq!(pick("x", &known), Pick::One("x"));
        assert_eq!(pick("sto", &known), Pick::One("story"));
        assert_eq!(
            pick("instagram", &known),
            Pick::Several(vec!["instagram-square", "instagram-portrait"])
        );
        assert_eq!(pick("storey", &known), Pick::Unknown);
        assert_eq!(pick("", &known), Pick::Unknown);
    }

    #[test]
    fn the_default_name_says_what_was_drawn() {
        let parts = ["how-it-works", "story", "it"];
        let name = |slide, svg, debug| default_name(parts, slide, svg, debug).display().to_string();
        assert_eq!(name(None, false, false), "how-it-works-story-it.png");
        assert_eq!(
            name(Some(2), true, true),
            "how-it-works-story-it-02-debug.svg"
        );
    }
}
