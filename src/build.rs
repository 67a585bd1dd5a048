//! The build: load messages → resolve templates → plan cards → lay out text
//! → render → the files of `out/`, as one function of what was read.
//!
//! Every problem in the user's files is collected before anything renders,
//! so a run either reports all of them or produces every card.

use std::borrow::Cow;
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine as _;
use rayon::prelude::*;
use serde::Serialize;

use crate::cache::{Cache, CardEntry, Hasher, Inputs, Key, KitEntry, NoCache};
use crate::campaign::{self, Campaign, Direction, Status};
use crate::card::{self, Card, Filter};
use crate::compose::{self, Assets};
use crate::error::Bug;
use crate::fonts::Fonts;
use crate::format::{FACTSHEET, Format};
use crate::kind::Kind;
use crate::kit::{self, Kit};
use crate::legibility;
use crate::photo;
use crate::problem::{self, Location, Problem, code};
use crate::project::Project;
use crate::render;
use crate::spool::{self, Spool};
use crate::template::{self, Needs, Template};
use crate::write::Tree as _;
use resvg::tiny_skia::Pixmap;

/// What to build.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub filter: Filter,
    /// Write each card's final SVG beside its PNG.
    pub write_svg: bool,
    /// Skip the press kit.
    pub no_kit: bool,
    /// Only this share of the cards, and no kit: one job of a CI matrix.
    pub shard: Option<Shard>,
    /// Every card must come from the cache (the shards' cards, for
    /// `merge`): a card it lacks is a problem, not rendered.
    pub from_shards: bool,
    /// How hard each card's PNG is compressed (`--optimize`).
    pub effort: render::Effort,
    /// Where the cards' PNGs wait to be written, out of memory: a file
    /// named from this prefix, beside `out/` (see `spool`). `None` keeps
    /// them in memory.
    pub spool: Option<std::path::PathBuf>,
}

/// One of `count` equal shares of a build's cards (`--shard 2/3`), from 1.
/// Card `i` of the plan (from 0) is in share `i % count + 1`: every share
/// holds every kind, format and language alike, and the split depends only
/// on the campaign.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Shard {
    pub index: usize,
    pub count: usize,
}

impl Shard {
    /// The cards of this share, in plan order.
    fn share(self, cards: Vec<Card>) -> Vec<Card> {
        let at = |i: usize| i % self.count + 1 == self.index;
        cards
            .into_iter()
            .enumerate()
            .filter_map(|(i, c)| at(i).then_some(c))
            .collect()
    }
}

/// What a build reports while it runs.
#[derive(Clone, Debug)]
pub enum Event<'a> {
    /// The cards are planned and laid out; rendering starts.
    Rendering { total: usize },
    /// One more card is rendered.
    Rendered {
        done: usize,
        total: usize,
        stem: &'a str,
    },
}

/// Why a build produced nothing.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the user's files, sorted by location.
    Problems(Vec<Problem>),
    /// Something went wrong inside handbill: a bug, exit 2.
    Bug(crate::error::Bug),
}

/// The files of `out/`, by relative path, and what they hold: the cards'
/// PNGs in a spool, every other file in memory.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
    pub pngs: BTreeMap<String, spool::Png>,
    /// Contact-sheet thumbnails made as their cards were drawn, as PNGs
    /// in the spool, by their card's path: not files of `out/`.
    pub thumbs: BTreeMap<String, spool::Png>,
    pub spool: Arc<Spool>,
    pub cards: Vec<Entry>,
    pub languages: Vec<String>,
    /// Each card's slots set below their template's size, by card stem.
    pub smaller: Vec<(String, compose::Smaller)>,
    /// Each card's least legible line and its logo's contrast, in plan order.
    pub legibility: Vec<legibility::Record>,
    /// Warnings: reported, but they do not stop the build.
    pub warnings: Vec<Problem>,
    /// What the posts come to on each platform.
    pub platforms: Vec<crate::post::Summary>,
    /// How many cards were rendered, and how many taken from the cache.
    pub rendered: usize,
    pub reused: usize,
    /// How many kits were made, and how many taken from the cache.
    pub kits_made: usize,
    pub kits_reused: usize,
    /// The key of every card and kit in this output.
    pub keys: Vec<Key>,
}

impl crate::write::Tree for Output {
    fn paths(&self) -> Vec<&str> {
        let mut paths: Vec<&str> = self.files.keys().map(String::as_str).collect();
        paths.extend(self.pngs.keys().map(String::as_str));
        paths.sort_unstable();
        paths
    }

    fn read(&self, path: &str) -> std::io::Result<Option<Cow<'_, [u8]>>> {
        if let Some(bytes) = self.files.get(path) {
            return Ok(Some(Cow::Borrowed(bytes)));
        }
        read_spooled(&self.spool, &self.pngs, path)
    }
}

/// The bytes `spooled` names under `path`, read back from the spool.
fn read_spooled<'a>(
    spool: &Spool,
    spooled: &BTreeMap<String, spool::Png>,
    path: &str,
) -> std::io::Result<Option<Cow<'a, [u8]>>> {
    match spooled.get(path) {
        Some(&png) => spool.get(png).map(|b| Some(Cow::Owned(b))),
        None => Ok(None),
    }
}

impl Output {
    /// The languages of built cards whose words are drafts.
    pub fn drafts(&self) -> Vec<&str> {
        let mut out: Vec<&str> = Vec::new();
        for lang in &self.languages {
            if self
                .cards
                .iter()
                .any(|c| &c.text_language == lang && c.status == Status::Draft)
            {
                out.push(lang);
            }
        }
        out
    }
}

/// One card in the manifest.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct Entry {
    pub message: String,
    pub audience: String,
    pub kind: String,
    pub language: String,
    /// The language of the card's words: `language`, or its fallback.
    pub text_language: String,
    pub fallback: bool,
    pub direction: Direction,
    /// Whether the words' translation is a draft or reviewed.
    pub status: Status,
    pub format: String,
    pub platforms: Vec<String>,
    pub width: u32,
    pub height: u32,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slide: Option<usize>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub slides: Option<usize>,
    pub png: String,
    pub caption: String,
    /// The short post, for the platforms the full caption is over.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub short_caption: Option<ShortCaption>,
    pub alt: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svg: Option<String>,
    pub bytes: usize,
    pub sha256: String,
}

/// A card's short post: its file, and the platforms it is for.
#[derive(Clone, Debug, Serialize, PartialEq)]
pub struct ShortCaption {
    pub file: String,
    pub platforms: Vec<String>,
}

#[derive(Serialize)]
struct Manifest<'a> {
    campaign: &'a str,
    slug: &'a str,
    languages: Vec<&'a str>,
    formats: Vec<&'a str>,
    cards: &'a [Entry],
}

/// Which template a card takes: its format, kind and direction.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub struct TemplateKey {
    pub format: &'static str,
    pub kind: &'static str,
    /// `Rtl` for a template drawn for right-to-left languages as it is.
    pub direction: Direction,
}

/// Everything needed to render cards, checked: fonts, campaign, templates.
pub struct Prepared {
    pub fonts: Fonts,
    pub campaign: Campaign,
    pub templates: BTreeMap<TemplateKey, Template>,
    /// The logo as a `data:` URL, and its file name and bytes.
    pub logo: Option<String>,
    pub logo_file: Option<(String, Vec<u8>)>,
    /// The press kit's data and its factsheet template, when the campaign
    /// has a kit.
    pub kit: Option<(Kit, Template)>,
    pub licences: Vec<(String, Vec<u8>)>,
    /// Each message's photo, decoded once.
    pub photos: photo::Photos,
}

/// Loads and checks the campaign, fonts and templates: what is usable,
/// and every problem found. Messages and templates with problems are left
/// out, so the rest can still be checked.
pub fn prepare(project: &Project) -> (Option<Prepared>, Vec<Problem>) {
    let mut problems = project.problems.clone();
    let campaign_file = &project.sources.campaign.0;
    if problems.iter().any(|p| &p.location.file == campaign_file) {
        // Without a readable campaign file there is nothing more to check.
        return (None, problems);
    }
    // The fonts, then the messages.
    let (fonts, p) = Fonts::from_files(project.fonts.clone(), project.font_config.as_ref());
    problems.extend(p);
    let (campaign, p) = campaign::load(&project.sources);
    problems.extend(p);
    let Some(campaign) = campaign else {
        return (None, problems);
    };
    // The logo, embedded as a data URL.
    let logo = logo_url(project, &campaign, &mut problems);
    // The photos, each decoded once.
    let photos = photo::prepare(project, &campaign, &mut problems);
    // The templates the campaign's cards use, and the kit's.
    let templates = card_templates(project, &campaign, &fonts, &mut problems);
    let kit = press_kit(project, &campaign, &fonts, &mut problems);
    let prepared = Prepared {
        logo_file: logo_file(project, &campaign),
        fonts,
        campaign,
        templates,
        logo,
        kit,
        licences: project.font_licences.clone(),
        photos,
    };
    (Some(prepared), problems)
}

/// The campaign's logo as a `data:` URL; a logo not in the messages folder,
/// or one that is not a readable SVG or PNG, is a problem at `logo:`.
fn logo_url(project: &Project, campaign: &Campaign, problems: &mut Vec<Problem>) -> Option<String> {
    let (rel, at) = campaign.logo.as_ref()?;
    let name = rel.to_string_lossy();
    let Some(bytes) = project.assets.get(name.as_ref()) else {
        if !already_refused(project, &name) {
            problems.push(
                Problem::new(
                    at.clone(),
                    format!("the logo {name:?} is not in the messages folder"),
                )
                .hint("put the logo (SVG or PNG) in messages/ and give its file name in `logo:`"),
            );
        }
        return None;
    };
    let png = name.to_ascii_lowercase().ends_with(".png");
    let checked = match png {
        true => check_png(bytes).map(|full| ("image/png", scaled_png(bytes, full))),
        false => check_svg(bytes).map(|()| ("image/svg+xml", bytes.clone())),
    };
    let (mime, bytes) = match checked {
        Ok(logo) => logo,
        Err((what, hint)) => {
            let what = format!("the logo {name:?} {what}");
            problems.push(Problem::new(at.clone(), what).hint(hint));
            return None;
        }
    };
    let data = base64::engine::general_purpose::STANDARD.encode(bytes);
    Some(format!("data:{mime};base64,{data}"))
}

/// The longest side a PNG logo is embedded in the cards at: no card is
/// wider or taller than 1920 pixels, so more is only decoded, per card, to
/// be scaled down again.
const LOGO_MAX_SIDE: u32 = 2048;

/// A checked PNG logo (`bytes`, decoded as `full`), scaled down once to
/// `LOGO_MAX_SIDE` when larger, so each card decodes the small copy (the
/// press kit keeps the original). If scaling fails, the original is
/// embedded: slower, but the same picture.
fn scaled_png(bytes: &[u8], full: Pixmap) -> Vec<u8> {
    use resvg::tiny_skia::{FilterQuality, PixmapPaint, Transform};
    let longest = full.width().max(full.height());
    if longest <= LOGO_MAX_SIDE {
        return bytes.to_vec();
    }
    let scale = LOGO_MAX_SIDE as f32 / longest as f32;
    let side = |n: u32| ((n as f32 * scale).round() as u32).max(1);
    let Some(mut small) = Pixmap::new(side(full.width()), side(full.height())) else {
        return bytes.to_vec();
    };
    let paint = PixmapPaint {
        quality: FilterQuality::Bicubic,
        ..PixmapPaint::default()
    };
    small.draw_pixmap(
        0,
        0,
        full.as_ref(),
        &paint,
        Transform::from_scale(scale, scale),
        None,
    );
    render::encode_png(&small).unwrap_or_else(|_| bytes.to_vec())
}

/// Whether reading the project already refused a file of this name (a link
/// out of the folder): that problem says it, the logo's would only echo it.
fn already_refused(project: &Project, name: &str) -> bool {
    project
        .problems
        .iter()
        .any(|p| p.location.file.file_name().is_some_and(|f| f == name))
}

/// The most pixels a PNG logo may have: 16 megapixels, 4096×4096. The
/// largest card (1080×1920) has about 2 megapixels, so a larger logo adds
/// nothing any card can show, while each card drawn at once decodes it in
/// full (4 bytes a pixel: 64 MB at the limit, 1.6 GB at 20000×20000).
const LOGO_MAX_PIXELS: u64 = 16 * 1024 * 1024;

/// A logo's problem: what is wrong with it, and what to do.
type LogoProblem = (String, &'static str);

/// The logo decodes as a PNG of at most `LOGO_MAX_PIXELS`; the size is read
/// from the header, so an oversized one is refused before it is decoded.
/// The decoded image is kept for scaling, so the logo is decoded once.
fn check_png(bytes: &[u8]) -> Result<Pixmap, LogoProblem> {
    const HINT: &str = "export the logo again as a PNG (or better, an SVG) from its design tool";
    let not_png = |e: &dyn std::fmt::Display| (format!("is not a readable PNG ({e})"), HINT);
    let reader = png::Decoder::new(std::io::Cursor::new(bytes))
        .read_info()
        .map_err(|e| not_png(&e))?;
    let (w, h) = (reader.info().width, reader.info().height);
    if u64::from(w) * u64::from(h) > LOGO_MAX_PIXELS {
        return Err((
            format!("is {w}×{h} pixels, over the limit of 16 megapixels (4096×4096)"),
            "scale the logo down (no card is larger than 1080×1920), or use an SVG",
        ));
    }
    Pixmap::decode_png(bytes).map_err(|e| not_png(&e))
}

/// The logo parses as an SVG, the way each card will draw it.
fn check_svg(bytes: &[u8]) -> Result<(), LogoProblem> {
    resvg::usvg::Tree::from_data(bytes, &resvg::usvg::Options::default())
        .map(drop)
        .map_err(|e| {
            (
                format!("is not a readable SVG ({e})"),
                "save the logo again as SVG from its design tool, or give a .png file in `logo:`",
            )
        })
}

/// The logo's file name and bytes, for the press kit.
fn logo_file(project: &Project, campaign: &Campaign) -> Option<(String, Vec<u8>)> {
    let (rel, _) = campaign.logo.as_ref()?;
    let name = rel.to_string_lossy().into_owned();
    project.assets.get(&name).map(|b| (name, b.clone()))
}

/// Resolves only the templates the campaign's kinds use, in its formats,
/// and says which are missing.
fn card_templates(
    project: &Project,
    campaign: &Campaign,
    fonts: &Fonts,
    problems: &mut Vec<Problem>,
) -> BTreeMap<TemplateKey, Template> {
    let mut kinds: Vec<&'static Kind> = campaign.messages.iter().map(|m| m.kind).collect();
    kinds.sort_by_key(|k| k.name);
    kinds.dedup();
    let mut templates = BTreeMap::new();
    for format in &campaign.formats {
        for &kind in &kinds {
            let files: Vec<_> = project
                .templates
                .iter()
                .filter(|t| t.folder == format.name && t.stem == kind.name)
                .collect();
            if !files.iter().any(|f| f.direction == Direction::Ltr) {
                problems.push(missing_template(project, format, kind));
                continue;
            }
            for file in files {
                let (t, p) = template::resolve(
                    &file.path,
                    file.source.clone(),
                    format,
                    &Needs::card(kind, file.direction),
                    fonts,
                );
                problems.extend(p);
                let key = TemplateKey {
                    format: format.name,
                    kind: kind.name,
                    direction: file.direction,
                };
                templates.extend(t.map(|t| (key, t)));
            }
        }
    }
    templates
}

fn missing_template(project: &Project, format: &Format, kind: &Kind) -> Problem {
    let path = project
        .templates_dir
        .join(format.name)
        .join(format!("{}.svg", kind.name));
    Problem::new(
        Location::file(&path),
        format!(
            "there is no {} template for the {} format",
            kind.name, format.name
        ),
    )
    .format(format.name)
    .hint(format!(
        "add {} (see templates/README.md), or remove {} from `formats:`",
        path.display(),
        format.name
    ))
}

/// The press kit's data and factsheet template, when there is a kit.
fn press_kit(
    project: &Project,
    campaign: &Campaign,
    fonts: &Fonts,
    problems: &mut Vec<Problem>,
) -> Option<(Kit, Template)> {
    let (kit_path, text) = project.kit.as_ref()?;
    let (kit, p) = kit::load(kit_path, text, campaign);
    problems.extend(p);
    let Some(file) = project
        .templates
        .iter()
        .find(|t| t.folder == "kit" && t.stem == "factsheet" && t.direction == Direction::Ltr)
    else {
        let path = project.templates_dir.join("kit").join("factsheet.svg");
        problems.push(
            Problem::new(
                Location::file(&path),
                "the press kit needs a factsheet template",
            )
            .hint(format!(
                "add {} (see templates/README.md), or remove {}",
                path.display(),
                kit_path.display()
            )),
        );
        return None;
    };
    let needs = kit::factsheet_needs();
    let (t, p) = template::resolve(&file.path, file.source.clone(), &FACTSHEET, &needs, fonts);
    problems.extend(p);
    Some((kit?, t?))
}

impl Prepared {
    /// The template a card is made from: a right-to-left card takes the
    /// right-to-left variant if there is one; otherwise the template,
    /// mirrored.
    pub fn template_of(&self, card: &Card) -> Option<&Template> {
        let key = |direction| TemplateKey {
            format: card.format.name,
            kind: card.kind.name,
            direction,
        };
        self.templates
            .get(&key(card.direction))
            .or_else(|| self.templates.get(&key(Direction::Ltr)))
    }
}

/// The cards that composed, each with its SVG, and every problem of those
/// that did not.
pub struct ComposedCards {
    pub cards: Vec<Card>,
    pub composed: Vec<compose::Composed>,
    pub problems: Vec<Problem>,
}

/// Composes every card's SVG.
pub fn compose_all(prepared: &Prepared, cards: Vec<Card>) -> Result<ComposedCards, Failure> {
    let results = compose_each(prepared, &cards.iter().collect::<Vec<_>>())?;
    let mut kept = (
        Vec::with_capacity(cards.len()),
        Vec::with_capacity(cards.len()),
    );
    let mut problems = Vec::new();
    for (card, r) in cards.into_iter().zip(results) {
        match r {
            Ok(s) => {
                kept.0.push(card);
                kept.1.push(s);
            }
            Err(p) => problems.extend(p),
        }
    }
    Ok(ComposedCards {
        cards: kept.0,
        composed: kept.1,
        problems,
    })
}

/// Each card's SVG, or the problems that stop it, in the cards' order.
fn compose_each(
    prepared: &Prepared,
    cards: &[&Card],
) -> Result<Vec<Result<compose::Composed, Vec<Problem>>>, Failure> {
    let assets = Assets {
        fonts: &prepared.fonts,
        colours: &prepared.campaign.colours,
        logo: prepared.logo.as_deref(),
        words: &prepared.campaign.words,
    };
    // Each photo cut for its slots once, shared by the cards that show it.
    let template = |card: &Card| prepared.template_of(card);
    let (c, photos) = (&prepared.campaign, &prepared.photos);
    let photos = photo::ForCards::new(photos, c, cards, &template).map_err(Failure::Bug)?;
    Ok(cards
        .par_iter()
        .map(|card| match prepared.template_of(card) {
            Some(t) => {
                let photo = photos.card(card, Some(t));
                let fill = compose::Fill {
                    photo: photo.as_ref(),
                    ..card.fill()
                };
                compose::composed(t, &fill, &assets)
            }
            None => Err(Vec::new()), // already reported by prepare
        })
        .collect())
}

/// Builds every card the options ask for, rendering each (no cache).
pub fn build(
    project: &Project,
    opts: &Options,
    progress: &(dyn Fn(Event) + Sync),
) -> Result<Output, Failure> {
    build_with(project, opts, &NoCache, progress)
}

/// Builds every card the options ask for, taking from `cache` each card
/// and kit whose inputs have not changed. Every check runs on all that can
/// be checked, so one run reports every problem: a message with a mistake
/// is left out and the others are still composed, rendered and measured.
/// Any error fails the build; warnings travel in the output.
pub fn build_with(
    project: &Project,
    opts: &Options,
    cache: &dyn Cache,
    progress: &(dyn Fn(Event) + Sync),
) -> Result<Output, Failure> {
    // Check everything the user wrote.
    let (prepared, mut found) = prepare(project);
    let Some(prepared) = prepared else {
        return Err(fail(found));
    };
    let c = &prepared.campaign;
    // Figures: sourced, and the same in every language.
    found.extend(campaign::figures::check(c));
    // Which cards, and what each says.
    let cards = plan(c, &opts.filter, &mut found);
    let cards = match opts.shard {
        Some(shard) => shard.share(cards),
        None => cards,
    };
    // Each card's PNG, from the cache or composed and rendered, and its
    // legibility measured on its pixels.
    let inputs = Inputs::of(project);
    let spool = Arc::new(spool_for(opts));
    let keep = Keep {
        cache,
        spool: &spool,
    };
    let made = make_cards(&prepared, &inputs, cards, opts, &keep, progress)?;
    found.extend(made.problems);
    // Each within its format's byte budget.
    let sizes: Vec<usize> = made.pngs.iter().map(|(png, _)| png.len).collect();
    found.extend(check_budgets(&prepared, &made.cards, &sizes));
    // The files of out/: cards, captions, alt texts, the manifest.
    let mut out = Output {
        languages: c.codes().iter().map(|l| l.to_string()).collect(),
        smaller: made.smaller,
        legibility: made.records,
        rendered: made.rendered,
        reused: made.keys.len() - made.rendered,
        keys: made.keys,
        spool,
        ..Output::default()
    };
    let spooled = made.pngs.into_iter().zip(made.thumbs);
    for ((card, svg), png) in made.cards.iter().zip(made.svgs).zip(spooled) {
        add_card(&mut out, card, svg, png);
    }
    // What each platform is sent, counted its way, while the contact
    // sheets are drawn: a sheet is encoded on one core, and the posts
    // keep the other busy. No sheets for a shard, nor for a build that
    // has failed already.
    let sheets = opts.shard.is_none() && !found.iter().any(Problem::is_error);
    let (mut posts, drawn) = rayon::join(
        || crate::post::check(c, &made.cards, &sizes),
        || match sheets {
            true => contact_sheets(&prepared, &inputs, cache, &mut out),
            false => Ok(()),
        },
    );
    found.append(&mut posts.problems);
    if found.iter().any(Problem::is_error) {
        return Err(fail(found));
    }
    drawn?;
    out.warnings = found;
    out.platforms = posts.summary;
    add_short_captions(&mut out, posts.short);
    add_manifest(&mut out, c)?;
    press_kits(&prepared, &inputs, cache, opts, &made.cards, &mut out)?;
    Ok(out)
}

/// One press kit per language, unless the options leave them out (`--no-kit`,
/// or a shard's build) or the campaign has none.
fn press_kits(
    prepared: &Prepared,
    inputs: &Inputs,
    cache: &dyn Cache,
    opts: &Options,
    cards: &[Card],
    out: &mut Output,
) -> Result<(), Failure> {
    let Some((kit, factsheet)) = prepared.kit.as_ref() else {
        return Ok(());
    };
    if opts.no_kit || opts.shard.is_some() {
        return Ok(());
    }
    let kits = Kits {
        prepared,
        inputs,
        kit,
        factsheet,
        cache,
    };
    kits.build(cards, out, &opts.filter)
}

/// Problems, sorted, as the reason a build failed.
fn fail(mut problems: Vec<Problem>) -> Failure {
    problem::sort(&mut problems);
    Failure::Problems(problems)
}

/// The cards the filter asks for; a filter naming nothing is a problem.
fn plan(c: &Campaign, filter: &Filter, problems: &mut Vec<Problem>) -> Vec<Card> {
    problems.extend(card::check_filter(c, filter));
    let (cards, p) = card::plan(c, filter);
    problems.extend(p);
    cards
}

/// The cards made: those that composed, in plan order, each with its PNG,
/// its SVG when asked for and its key; what legibility found; and the
/// problems of the cards that did not compose.
struct Made {
    cards: Vec<Card>,
    /// Each card's PNG in the spool, and its digest.
    pngs: Vec<(spool::Png, String)>,
    /// Each card's thumbnail in the spool, when it was drawn now.
    thumbs: Vec<Option<spool::Png>>,
    svgs: Vec<Option<String>>,
    keys: Vec<Key>,
    smaller: Vec<(String, compose::Smaller)>,
    records: Vec<legibility::Record>,
    problems: Vec<Problem>,
    /// How many were rendered now, not taken from the cache.
    rendered: usize,
}

/// The spool the build's PNGs wait in: a file beside `out/` when the
/// options name one and it can be made, else memory (the same bytes).
fn spool_for(opts: &Options) -> Spool {
    let file = opts.spool.as_deref().and_then(|p| Spool::beside(p).ok());
    file.unwrap_or_default()
}

/// Where a card goes once it is made: into the cache, and its PNG into
/// the spool.
struct Keep<'a> {
    cache: &'a dyn Cache,
    spool: &'a Spool,
}

/// A card made or taken from the cache, its PNG in the spool, and its
/// thumbnail there when it was drawn now.
struct Kept {
    png: spool::Png,
    thumb: Option<spool::Png>,
    sha256: String,
    svg: Option<String>,
    smaller: Vec<compose::Smaller>,
    measured: legibility::Measured,
}

impl Keep<'_> {
    /// A card's entry, put in the cache when it was just made (`key`), its
    /// PNG moved to the spool: no PNG stays in memory past this.
    fn keep(
        &self,
        key: Option<&Key>,
        entry: CardEntry,
        thumb: Option<Vec<u8>>,
    ) -> Result<Kept, Failure> {
        if let Some(key) = key {
            self.cache.put_card(key, &entry);
        }
        let sha256 = crate::digest::sha256_hex(&entry.png);
        let png = spooled(self.spool, entry.png, "a card's PNG").map_err(Failure::Bug)?;
        let thumb = thumb.map(|t| spooled(self.spool, t, "a card's thumbnail"));
        Ok(Kept {
            png,
            thumb: thumb.transpose().map_err(Failure::Bug)?,
            sha256,
            svg: entry.svg,
            smaller: entry.smaller,
            measured: entry.measured,
        })
    }
}

/// Every card: taken from the cache when its key is there, else composed,
/// rendered and measured, and put in the cache.
fn make_cards(
    prepared: &Prepared,
    inputs: &Inputs,
    cards: Vec<Card>,
    opts: &Options,
    keep: &Keep,
    progress: &(dyn Fn(Event) + Sync),
) -> Result<Made, Failure> {
    let card_keys = CardKeys::new(prepared, inputs, opts.effort, &cards);
    let keys: Vec<Key> = cards.par_iter().map(|card| card_keys.key(card)).collect();
    let cached: Vec<Option<Result<Kept, Failure>>> = keys
        .par_iter()
        .map(|key| {
            let entry = keep.cache.card(key);
            let entry = entry.filter(|e| !opts.write_svg || e.svg.is_some())?;
            Some(keep.keep(None, entry, None))
        })
        .collect();
    let mut entries = cached
        .into_iter()
        .map(Option::transpose)
        .collect::<Result<Vec<Option<Kept>>, Failure>>()?;
    let missed: Vec<usize> = (0..cards.len()).filter(|&i| entries[i].is_none()).collect();
    if opts.from_shards && !missed.is_empty() {
        let stems = missed.iter().map(|&i| cards[i].stem.as_str());
        return Err(fail(vec![not_in_shards(prepared, stems.collect())]));
    }
    let missing: Vec<(&Card, &Key)> = missed.iter().map(|&i| (&cards[i], &keys[i])).collect();
    let mut problems = Vec::new();
    let new = render_missing(prepared, &missing, opts, keep, progress, &mut problems)?;
    let rendered = new.iter().flatten().count();
    for (entry, i) in new.into_iter().zip(missed) {
        entries[i] = entry;
    }
    let mut made = Made::assemble(cards, keys, entries);
    made.rendered = rendered;
    made.problems.extend(problems);
    Ok(made)
}

impl Made {
    /// The cards that have an entry, in plan order, with what each holds.
    fn assemble(cards: Vec<Card>, keys: Vec<Key>, entries: Vec<Option<Kept>>) -> Made {
        let mut made = Made {
            cards: Vec::with_capacity(cards.len()),
            pngs: Vec::with_capacity(cards.len()),
            thumbs: Vec::with_capacity(cards.len()),
            svgs: Vec::with_capacity(cards.len()),
            keys: Vec::with_capacity(cards.len()),
            smaller: Vec::new(),
            records: Vec::with_capacity(cards.len()),
            problems: Vec::new(),
            rendered: 0,
        };
        for ((card, key), entry) in cards.into_iter().zip(keys).zip(entries) {
            let Some(entry) = entry else { continue };
            let stem = &card.stem;
            made.smaller
                .extend(entry.smaller.into_iter().map(|s| (stem.clone(), s)));
            made.records.push(entry.measured.record);
            made.problems.extend(entry.measured.problems);
            made.pngs.push((entry.png, entry.sha256));
            made.thumbs.push(entry.thumb);
            made.svgs.push(entry.svg);
            made.keys.push(key);
            made.cards.push(card);
        }
        made
    }
}

/// The cards the cache lacks, composed, rendered, measured and kept (see
/// [`Keep`]) as each is drawn: an entry each, `None` for a card that did
/// not compose (its problems are added).
fn render_missing(
    prepared: &Prepared,
    cards: &[(&Card, &Key)],
    opts: &Options,
    keep: &Keep,
    progress: &(dyn Fn(Event) + Sync),
    problems: &mut Vec<Problem>,
) -> Result<Vec<Option<Kept>>, Failure> {
    let only: Vec<&Card> = cards.iter().map(|(card, _)| *card).collect();
    let composed = compose_each(prepared, &only)?;
    let ok: Vec<(&Card, &Key, &compose::Composed)> = (cards.iter().zip(&composed))
        .filter_map(|((card, key), c)| Some((*card, *key, c.as_ref().ok()?)))
        .collect();
    let drawing: Vec<(&Card, &compose::Composed)> = ok.iter().map(|(c, _, s)| (*c, *s)).collect();
    let finish = |j: usize, drawn: Drawn| {
        let Drawn {
            png,
            measured,
            thumb,
        } = drawn;
        let (_, key, c) = ok[j];
        let svg = opts.write_svg.then(|| c.svg.clone());
        let smaller = c.smaller.clone();
        keep.keep(
            Some(key),
            CardEntry {
                png,
                svg,
                smaller,
                measured,
            },
            thumb,
        )
    };
    let making = Making {
        effort: opts.effort,
        thumbnails: opts.shard.is_none(),
    };
    let mut rendered = render_all(prepared, &drawing, making, progress, &finish)?.into_iter();
    let mut out = Vec::with_capacity(cards.len());
    for composed in composed {
        match composed {
            Ok(_) => out.push(Some(rendered.next().ok_or_else(|| {
                Failure::Bug(Bug::new("rendering the cards", "a card was not rendered"))
            })?)),
            Err(p) => {
                problems.extend(p);
                out.push(None);
            }
        }
    }
    Ok(out)
}

/// Card keys: what every card's key shares (the fonts, colours and logo),
/// each template (path, source, variant, format) and each kind, digested
/// once per build rather than once per card.
struct CardKeys<'a> {
    prepared: &'a Prepared,
    base: Hasher,
    templates: BTreeMap<&'a Path, Key>,
    kinds: BTreeMap<&'static str, Key>,
    photos: BTreeMap<&'a str, &'a campaign::Photo>,
}

impl<'a> CardKeys<'a> {
    fn new(
        prepared: &'a Prepared,
        inputs: &Inputs,
        effort: render::Effort,
        cards: &[Card],
    ) -> CardKeys<'a> {
        let c = &prepared.campaign;
        let mut base = Hasher::new("card");
        base.debug("effort", &effort)
            .key("fonts", inputs.fonts)
            .debug("colours", &c.colours)
            .part("logo", prepared.logo.as_deref().unwrap_or("").as_bytes());
        let templates = prepared.templates.values().map(|t| {
            let mut h = Hasher::new("template");
            h.part("path", t.path.to_string_lossy().as_bytes())
                .part("source", t.source.as_bytes())
                .debug("variant", &t.direction)
                .debug("format", t.format);
            (t.path.as_path(), h.finish())
        });
        let kinds = cards.iter().map(|card| {
            let key = Hasher::new("kind").debug("kind", card.kind).finish();
            (card.kind.name, key)
        });
        let photos = c.messages.iter();
        let photos = photos.filter_map(|m| Some((m.id.as_str(), m.photo.as_ref()?)));
        CardKeys {
            prepared,
            base,
            templates: templates.collect(),
            kinds: kinds.collect(),
            photos: photos.collect(),
        }
    }

    /// A card's key: everything its PNG, its SVG and its legibility depend
    /// on. Where its texts are written (their lines) is left out: it
    /// changes what a problem says, and a card with a problem is not kept.
    fn key(&self, card: &Card) -> Key {
        let mut h = self.base.clone();
        let template = self
            .prepared
            .template_of(card)
            .and_then(|t| self.templates.get(t.path.as_path()));
        if let Some(&t) = template {
            h.key("template", t);
        }
        if let Some(&kind) = self.kinds.get(card.kind.name) {
            h.key("kind", kind);
        }
        h.debug("format", &card.format.name)
            .part("stem", card.stem.as_bytes())
            .debug("slots", &card.slots)
            .part("text language", card.text_language.as_bytes())
            .debug("direction", &card.direction)
            .debug("slide", &card.slide)
            .debug("context", &card.fill().context);
        if let Some(photo) = self.photos.get(card.message.as_str()) {
            let bytes = self.prepared.photos.files.get(&photo.file);
            h.part("photo", bytes.map_or(&[][..], |b| b.as_slice()))
                .debug("photo file", &photo.file)
                .debug("focus", &photo.focus)
                .debug("credit", &photo.credit);
        }
        h.finish()
    }
}

/// Cards that `merge` needs and no shard has.
fn not_in_shards(prepared: &Prepared, stems: Vec<&str>) -> Problem {
    let shown: Vec<&str> = stems.iter().take(5).copied().collect();
    let more = match stems.len() - shown.len() {
        0 => String::new(),
        n => format!(" and {n} more"),
    };
    Problem::new(
        Location::file(&prepared.campaign.file),
        format!(
            "no shard has the card{} {}{more}",
            if stems.len() == 1 { "" } else { "s" },
            shown.join(", ")
        ),
    )
    .code(code::PROJECT)
    .hint("build every shard (--shard 1/N … N/N) from the same campaign and the same handbill, and give merge every shard's folder")
}

/// A card drawn, encoded and measured, or what went wrong drawing it.
type Rendered = Result<(Vec<u8>, legibility::Measured), render::Error>;

/// A card drawn, encoded and measured, with its contact-sheet thumbnail
/// when it is opaque ([`contact::thumbnail_png`](crate::contact::thumbnail_png)).
struct Drawn {
    png: Vec<u8>,
    measured: legibility::Measured,
    thumb: Option<Vec<u8>>,
}

/// What is done with each card as soon as it is drawn, by its index in
/// the cards: its PNG need not wait in memory for the others.
type Finish<'a, T> = dyn Fn(usize, Drawn) -> Result<T, Failure> + Sync + 'a;

/// Rasterizes every composed card in parallel, reporting progress, and
/// measures the legibility of each on its pixels: a line too small, too
/// faint or in a safe margin is an error, a faint logo a warning. Cards
/// with the same backdrop are a group that draws it once; within a group
/// each card is a task of its own, so every core has work to the end.
/// Each card is handed to `finish` as soon as it is drawn.
fn render_all<T: Send>(
    prepared: &Prepared,
    cards: &[(&Card, &compose::Composed)],
    making: Making,
    progress: &(dyn Fn(Event) + Sync),
    finish: &Finish<T>,
) -> Result<Vec<T>, Failure> {
    let total = cards.len();
    progress(Event::Rendering { total });
    let done = AtomicUsize::new(0);
    let ropts = render::options(prepared.fonts.db());
    // handbill wrote the SVG from a template usvg has read; one that does
    // not render is its bug, named with the template it is from.
    let bug =
        |i: usize, e: render::Error| Failure::Bug(Bug::new(rendering(prepared, cards[i].0), e));
    let drawn: Vec<Vec<(usize, Result<T, Failure>)>> = groups(cards)
        .par_iter()
        .map(|group| {
            let under = match Under::draw(cards[group[0]].1, &ropts) {
                Ok(under) => under,
                // The group's first card names the failure; the build stops.
                Err(e) => return vec![(group[0], Err(bug(group[0], e)))],
            };
            // Buffers reused from card to card (page faults had been a
            // seventh of a build's time): a few, taken by whichever card
            // starts, so each card can be a task of its own.
            let scratches = std::sync::Mutex::new(Vec::new());
            let each = |&i: &usize| {
                let taken = scratches.lock().ok().and_then(|mut s| s.pop());
                let mut scratch: render::Scratch = taken.unwrap_or_default();
                let (card, composed) = cards[i];
                let drawing = Drawing {
                    card,
                    composed,
                    ropts: &ropts,
                    making,
                };
                let made = match render_card_over(prepared, &drawing, &under, &mut scratch) {
                    Ok(drawn) => finish(i, drawn),
                    Err(e) => Err(bug(i, e)),
                };
                if let Ok(mut s) = scratches.lock() {
                    s.push(scratch);
                }
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                progress(Event::Rendered {
                    done: n,
                    total,
                    stem: &card.stem,
                });
                (i, made)
            };
            // One card a task: rayon otherwise splits a group into runs
            // of cards, and one core drew the last run alone while the
            // other waited (a tenth of the bench's build, perf).
            group.par_iter().with_max_len(1).map(each).collect()
        })
        .collect();
    let mut out: Vec<Option<Result<T, Failure>>> = (0..total).map(|_| None).collect();
    for (i, made) in drawn.into_iter().flatten() {
        out[i] = Some(made);
    }
    out.into_iter()
        .map(|made| {
            made.unwrap_or_else(|| {
                let why = "a card of a group whose backdrop failed was not rendered";
                Err(Failure::Bug(Bug::new("rendering the cards", why)))
            })
        })
        .collect()
}

/// The cards' indices in groups that share a backdrop and a layer under
/// their slots, in plan order within a group.
fn groups(cards: &[(&Card, &compose::Composed)]) -> Vec<Vec<usize>> {
    let mut by_backdrop: BTreeMap<(&str, Option<&str>), Vec<usize>> = BTreeMap::new();
    for (i, (_, composed)) in cards.iter().enumerate() {
        let under = composed.layered.as_ref().map(|l| l.under.as_str());
        by_backdrop
            .entry((&composed.backdrop, under))
            .or_default()
            .push(i);
    }
    by_backdrop.into_values().collect()
}

/// What the cards of a group share, drawn once: the backdrop legibility
/// measures against (the card without its texts and logo), and the layer
/// under the first slot, when the cards are drawn in two layers.
struct Under {
    backdrop: Pixmap,
    layer: Option<Pixmap>,
    /// The layer's rows deflated once for the group (`render::Beneath`).
    deflated: render::Deflated,
}

impl Under {
    fn draw(
        composed: &compose::Composed,
        ropts: &resvg::usvg::Options,
    ) -> Result<Under, render::Error> {
        let backdrop = render::rasterize(&composed.backdrop, ropts)?;
        let layer = match &composed.layered {
            // No artwork over the slots: the layer under them is the backdrop.
            Some(l) if l.under == composed.backdrop => None,
            Some(l) => Some(render::rasterize(&l.under, ropts)?),
            None => None,
        };
        Ok(Under {
            backdrop,
            layer,
            deflated: render::Deflated::default(),
        })
    }
}

/// One card drawn and encoded, and measured against its backdrop (the
/// card without its texts and logo, drawn at the same size).
pub fn render_card(
    prepared: &Prepared,
    card: &Card,
    composed: &compose::Composed,
    ropts: &resvg::usvg::Options,
) -> Rendered {
    let under = Under::draw(composed, ropts)?;
    let making = Making {
        effort: render::Effort::default(),
        thumbnails: false,
    };
    let drawing = Drawing {
        card,
        composed,
        ropts,
        making,
    };
    let drawn = render_card_over(prepared, &drawing, &under, &mut render::Scratch::default())?;
    Ok((drawn.png, drawn.measured))
}

/// A card to draw: the card, its SVGs, the parser's options and how it
/// is made.
struct Drawing<'a> {
    card: &'a Card,
    composed: &'a compose::Composed,
    ropts: &'a resvg::usvg::Options<'a>,
    making: Making,
}

/// How each card is made: how hard its PNG is compressed, and whether its
/// contact-sheet thumbnail is made with it (not in a shard, which has no
/// sheets, nor for `handbill render`).
#[derive(Clone, Copy)]
struct Making {
    effort: render::Effort,
    thumbnails: bool,
}

/// One card drawn over what its group shares: in two layers when its
/// template allows, else whole; then encoded and measured.
fn render_card_over(
    prepared: &Prepared,
    drawing: &Drawing,
    under: &Under,
    scratch: &mut render::Scratch,
) -> Result<Drawn, render::Error> {
    let Drawing {
        card,
        composed,
        ropts,
        making,
    } = *drawing;
    let backdrop = &under.backdrop;
    let (drawn, beneath) = match &composed.layered {
        Some(l) => {
            let layer = under.layer.as_ref().unwrap_or(backdrop);
            let beneath = render::Beneath {
                layer,
                deflated: &under.deflated,
            };
            let drawn = render::rasterize_over(&l.over, ropts, layer, scratch)?;
            (drawn, Some(beneath))
        }
        None => (render::rasterize(&composed.svg, ropts)?, None),
    };
    let template = prepared
        .template_of(card)
        .map_or(Path::new(""), |t| t.path.as_path());
    let subject = legibility::Subject {
        stem: &card.stem,
        context: card.fill().context,
        template,
        format: card.format,
    };
    let drawings = legibility::Drawings {
        card: &drawn,
        backdrop,
    };
    let measured = legibility::measure(&subject, &composed.regions, &drawings);
    let png = render::encode_card(&drawn, making.effort, scratch, beneath)?;
    let thumb = making
        .thumbnails
        .then(|| crate::contact::thumbnail_png(&drawn))
        .flatten();
    scratch.keep(drawn);
    Ok(Drawn {
        png,
        measured,
        thumb,
    })
}

/// Cards over their format's byte budget, one problem per template: the
/// platform would refuse them, and it is the template that makes them heavy.
pub fn check_budgets(prepared: &Prepared, cards: &[Card], sizes: &[usize]) -> Vec<Problem> {
    // Per template: how many cards are over, and the largest of them.
    let mut over: BTreeMap<&Path, (usize, &Card, usize)> = BTreeMap::new();
    for (card, &size) in cards.iter().zip(sizes) {
        if let Some(budget) = card.format.budget
            && size as u64 > budget
            && let Some(t) = prepared.template_of(card)
        {
            let entry = over.entry(&t.path).or_insert((0, card, 0));
            entry.0 += 1;
            if size > entry.2 {
                (entry.1, entry.2) = (card, size);
            }
        }
    }
    over.into_iter()
        .map(|(path, (count, card, bytes))| over_budget(path, count, card, bytes))
        .collect()
}

fn over_budget(path: &Path, count: usize, largest: &Card, bytes: usize) -> Problem {
    let format = largest.format;
    let budget = format.budget.unwrap_or_default();
    Problem::new(
        Location::file(path),
        format!(
            "{} {} over the {} format's budget of {budget} bytes; the largest, {}, has {bytes}",
            crate::plural::counted(count, &format!("{} card", format.name)),
            crate::plural::are(count),
            format.name,
            largest.stem
        ),
    )
    .format(format.name)
    .code(code::IMAGE_BYTES)
    .hint(format!(
        "{} takes files up to that size: make the template lighter (fewer gradients, noise or photos), or change `budget:` if you defined the format",
        format.platforms.join(", ")
    ))
}

/// What rendering a card is, for a bug: the card and its template.
fn rendering(prepared: &Prepared, card: &Card) -> String {
    match prepared.template_of(card) {
        Some(t) => format!("rendering {} from {}", card.stem, t.path.display()),
        None => format!("rendering {}", card.stem),
    }
}

/// Writes each short post beside its card (`<card>.short.txt`) and names
/// it, and its platforms, in the card's manifest entry.
fn add_short_captions(out: &mut Output, short: BTreeMap<String, (String, Vec<&'static str>)>) {
    for entry in &mut out.cards {
        let stem = entry.png.trim_end_matches(".png");
        let Some((text, platforms)) = short.get(stem) else {
            continue;
        };
        let file = format!("{stem}.short.txt");
        out.files
            .insert(file.clone(), format!("{text}\n").into_bytes());
        entry.short_caption = Some(ShortCaption {
            file,
            platforms: platforms.iter().map(|p| p.to_string()).collect(),
        });
    }
}

/// Adds one card's files and manifest entry to the output.
fn add_card(
    out: &mut Output,
    card: &Card,
    svg: Option<String>,
    ((png, sha256), thumb): ((spool::Png, String), Option<spool::Png>),
) {
    let path = |ext: &str| format!("{}.{ext}", card.stem);
    if let Some(thumb) = thumb {
        out.thumbs.insert(path("png"), thumb);
    }
    let svg_path = svg.is_some().then(|| path("svg"));
    out.cards.push(Entry {
        message: card.message.clone(),
        audience: card.audience.clone(),
        kind: card.kind.name.to_owned(),
        language: card.language.clone(),
        text_language: card.text_language.clone(),
        fallback: card.is_fallback(),
        direction: card.direction,
        status: card.status,
        format: card.format.name.to_owned(),
        platforms: card
            .format
            .platforms
            .iter()
            .map(|s| s.to_string())
            .collect(),
        width: card.format.width,
        height: card.format.height,
        slide: card.slide.map(|s| s.0),
        slides: card.slide.map(|s| s.1),
        png: path("png"),
        caption: path("caption.txt"),
        short_caption: None,
        alt: path("alt.txt"),
        svg: svg_path.clone(),
        bytes: png.len,
        sha256,
    });
    let files = &mut out.files;
    files.insert(
        path("caption.txt"),
        format!("{}\n", card.caption).into_bytes(),
    );
    files.insert(path("alt.txt"), format!("{}\n", card.alt).into_bytes());
    if let (Some(p), Some(svg)) = (svg_path, svg) {
        files.insert(p, svg.into_bytes());
    }
    out.pngs.insert(path("png"), png);
}

/// `manifest.json`: the campaign and every card.
fn add_manifest(out: &mut Output, c: &Campaign) -> Result<(), Failure> {
    let manifest = Manifest {
        campaign: &c.name,
        slug: &c.slug,
        languages: c.codes(),
        formats: c.formats.iter().map(|f| f.name).collect(),
        cards: &out.cards,
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Failure::Bug(Bug::new("writing manifest.json", e)))?;
    out.files.insert("manifest.json".to_owned(), json);
    Ok(())
}

/// Every contact sheet, each from the cache when its cards and their
/// names are unchanged, else drawn and put there. Each goes to the spool
/// as soon as it is made: a large campaign's sheets are never all in
/// memory at once.
fn contact_sheets(
    prepared: &Prepared,
    inputs: &Inputs,
    cache: &dyn Cache,
    out: &mut Output,
) -> Result<(), Failure> {
    let title = &prepared.campaign.name;
    let pages = crate::contact::sheets(title, &out.cards, &prepared.fonts);
    let made: Vec<Result<(Key, spool::Png), Bug>> = pages
        .par_iter()
        .map(|page| contact_sheet(prepared, inputs, cache, out, page))
        .collect();
    let files: Vec<String> = pages.iter().map(|p| p.file.clone()).collect();
    for (file, sheet) in files.into_iter().zip(made) {
        let (key, png) = sheet.map_err(Failure::Bug)?;
        out.pngs.insert(file, png);
        out.keys.push(key);
    }
    Ok(())
}

/// One contact sheet, put in the spool, and its key: the fonts, the
/// sheet's name and title, and each card's PNG and the names written
/// under it.
fn contact_sheet(
    prepared: &Prepared,
    inputs: &Inputs,
    cache: &dyn Cache,
    out: &Output,
    page: &crate::contact::Page,
) -> Result<(Key, spool::Png), Bug> {
    let mut h = Hasher::new("contact sheet");
    h.key("fonts", inputs.fonts)
        .part("file", page.file.as_bytes())
        .part("title", page.title.as_bytes());
    for c in page.cards() {
        h.debug(
            "card",
            &(&c.png, &c.sha256, &c.message, &c.format, c.slide, c.slides),
        );
    }
    let key = h.finish();
    let cached = cache.kit(&key).and_then(|mut e| e.files.remove(&page.file));
    let png = match cached {
        Some(png) => png,
        None => {
            let from = crate::contact::Sources {
                files: out,
                thumbs: &Thumbs(out),
            };
            let png = crate::contact::draw_sheet(page, &from, &prepared.fonts)?;
            let mut entry = KitEntry {
                files: BTreeMap::from([(page.file.clone(), png)]),
                zip: Vec::new(),
            };
            cache.put_kit(&key, &entry);
            entry.files.remove(&page.file).unwrap_or_default()
        }
    };
    Ok((key, spooled(&out.spool, png, &page.file)?))
}

/// The thumbnails of a build's cards, read as a tree of their cards' paths.
struct Thumbs<'a>(&'a Output);

impl crate::write::Tree for Thumbs<'_> {
    fn paths(&self) -> Vec<&str> {
        self.0.thumbs.keys().map(String::as_str).collect()
    }

    fn read(&self, path: &str) -> std::io::Result<Option<Cow<'_, [u8]>>> {
        read_spooled(&self.0.spool, &self.0.thumbs, path)
    }
}

/// A PNG put in the spool; failing to keep it (the disk beside `out/`
/// full) stops the build.
fn spooled(spool: &Spool, png: Vec<u8>, what: &str) -> Result<spool::Png, Bug> {
    let doing = || format!("keeping {what} in the spool beside out/");
    spool.put(png).map_err(|e| Bug::new(doing(), e))
}

/// The press kits' inputs: for making a language's kit, or finding it in
/// the cache.
struct Kits<'a> {
    prepared: &'a Prepared,
    inputs: &'a Inputs,
    kit: &'a Kit,
    factsheet: &'a Template,
    cache: &'a dyn Cache,
}

impl Kits<'_> {
    /// One press kit per language the filter allows, zipped, and unpacked
    /// under `kit/<lang>/` to open in a browser.
    fn build(&self, cards: &[Card], out: &mut Output, filter: &Filter) -> Result<(), Failure> {
        let langs: Vec<&String> = self
            .kit
            .languages
            .iter()
            .filter(|l| filter.languages.is_empty() || filter.languages.contains(l))
            .collect();
        let built: Vec<Result<(Key, KitEntry, bool), kit::Failure>> = langs
            .par_iter()
            .map(|lang| self.one(lang, cards, out))
            .collect();
        let mut problems = Vec::new();
        for (lang, r) in langs.into_iter().zip(built) {
            match r {
                Ok((key, entry, made)) => {
                    let slug = kit::entry_name(&self.prepared.campaign.slug);
                    for (name, bytes) in entry.files {
                        out.files.insert(format!("kit/{lang}/{name}"), bytes);
                    }
                    out.files
                        .insert(format!("{slug}-press-kit-{lang}.zip"), entry.zip);
                    out.keys.push(key);
                    *(if made {
                        &mut out.kits_made
                    } else {
                        &mut out.kits_reused
                    }) += 1;
                }
                Err(kit::Failure::Problems(p)) => problems.extend(p),
                Err(kit::Failure::Bug(b)) => return Err(Failure::Bug(b)),
            }
        }
        match problems.is_empty() {
            true => Ok(()),
            false => Err(fail(problems)),
        }
    }

    /// One language's kit, from the cache or made and put there; `true`
    /// when it was made.
    fn one(
        &self,
        lang: &str,
        cards: &[Card],
        out: &Output,
    ) -> Result<(Key, KitEntry, bool), kit::Failure> {
        let key = self.key(lang, &out.cards);
        if let Some(entry) = self.cache.kit(&key) {
            return Ok((key, entry, false));
        }
        let mut pngs = Vec::new();
        for card in cards.iter().filter(|card| card.language == lang) {
            let path = format!("{}.png", card.stem);
            let read = out.read(&path).map_err(|e| {
                kit::Failure::Bug(Bug::new(format!("reading {path} back for the kit"), e))
            })?;
            pngs.extend(read.map(|png| (card, png)));
        }
        let rendered: Vec<kit::RenderedCard> = (pngs.iter())
            .map(|(card, png)| kit::RenderedCard { card, png })
            .collect();
        let files = kit::build(self.kit, &self.inputs(), lang, &rendered)?;
        let zip = kit::zip(&files, self.kit.embargo_line(lang).as_deref())?;
        let entry = KitEntry { files, zip };
        self.cache.put_kit(&key, &entry);
        Ok((key, entry, true))
    }

    /// A kit's key: the messages folder (campaign, messages, kit, logo,
    /// photos), the kit's templates, the fonts, the language, and each of
    /// its cards' PNG by digest.
    fn key(&self, lang: &str, entries: &[Entry]) -> Key {
        let mut h = Hasher::new("kit");
        h.key("fonts", self.inputs.fonts)
            .key("messages", self.inputs.messages)
            .key("kit templates", self.inputs.kit_templates)
            .part("language", lang.as_bytes());
        for e in entries.iter().filter(|e| e.language == lang) {
            h.part(&e.png, e.sha256.as_bytes());
        }
        h.finish()
    }

    fn inputs(&self) -> kit::Inputs<'_> {
        let p = self.prepared;
        kit::Inputs {
            campaign: &p.campaign,
            fonts: &p.fonts,
            factsheet: self.factsheet,
            logo: p
                .logo_file
                .as_ref()
                .map(|(n, b)| (n.as_str(), b.as_slice())),
            logo_url: p.logo.as_deref(),
            licences: &p.licences,
            photos: &p.photos.files,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A PNG of the given size, one grey channel of zeros.
    fn png_of(w: u32, h: u32) -> Vec<u8> {
        let mut out = Vec::new();
        let mut enc = png::Encoder::new(&mut out, w, h);
        enc.set_color(png::ColorType::Grayscale);
        let mut writer = enc.write_header().expect("header");
        writer
            .write_image_data(&vec![0; (w * h) as usize])
            .expect("data");
        writer.finish().expect("finish");
        out
    }

    #[test]
    fn a_small_png_and_an_svg_pass() {
        assert!(check_png(&png_of(4, 3)).is_ok());
        assert!(
            check_svg(b"<svg xmlns='http://www.w3.org/2000/svg' width='4' height='4'/>").is_ok()
        );
    }

    #[test]
    fn text_is_neither_a_png_nor_an_svg() {
        assert!(check_png(b"x\n").is_err());
        assert!(check_svg(b"x\n").is_err());
    }

    #[test]
    fn a_truncated_png_is_refused() {
        let png = png_of(64, 64);
        assert!(check_png(&png[..png.len() - 20]).is_err());
    }

    #[test]
    fn a_large_png_logo_is_embedded_scaled_to_the_longest_side() {
        let large = png_of(4096, 1024);
        let scaled = scaled_png(&large, check_png(&large).expect("a PNG"));
        let reader = png::Decoder::new(std::io::Cursor::new(scaled))
            .read_info()
            .expect("a PNG");
        assert_eq!((reader.info().width, reader.info().height), (2048, 512));
        let small = png_of(300, 200);
        let decoded = check_png(&small).expect("a PNG");
        assert_eq!(
            scaled_png(&small, decoded),
            small,
            "a small logo is kept as it is"
        );
    }

    #[test]
    fn a_png_over_16_megapixels_is_refused_from_its_header() {
        // 4097×4097 is one row and column over; its header alone is enough.
        let png = png_of(4097, 4097);
        let (what, _) = check_png(&png).expect_err("too large");
        assert!(what.contains("4097×4097"), "{what}");
        assert!(check_png(&png_of(4096, 4096)).is_ok());
    }
}
