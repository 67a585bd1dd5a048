//! The build: load messages → resolve templates → plan cards → lay out text
//! → render → the files of `out/`, as one function of what was read.
//!
//! Every problem in the user's files is collected before anything renders,
//! so a run either reports all of them or produces every card.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::atomic::{AtomicUsize, Ordering};

use base64::Engine as _;
use rayon::prelude::*;
use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::campaign::{self, Campaign, Direction, Status};
use crate::card::{self, Assets, Card, Filter};
use crate::fonts::Fonts;
use crate::kit::{self, Kit};
use crate::problem::{self, Location, Problem};
use crate::project::Project;
use crate::render;
use crate::template::{self, Template};

/// What to build.
#[derive(Clone, Debug, Default)]
pub struct Options {
    pub filter: Filter,
    /// Write each card's final SVG beside its PNG.
    pub write_svg: bool,
    /// Skip the press kit.
    pub no_kit: bool,
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

/// A language's kit: its language, its files, and their zip.
type KitBuilt = (String, BTreeMap<String, Vec<u8>>, Vec<u8>);

/// Why a build produced nothing.
#[derive(Debug)]
pub enum Failure {
    /// Problems in the user's files, sorted by location.
    Problems(Vec<Problem>),
    /// Something went wrong inside handbill: a bug, exit 2.
    Bug(crate::error::Bug),
}

/// The files of `out/`, by relative path, and what they hold.
#[derive(Debug, Default)]
pub struct Output {
    pub files: BTreeMap<String, Vec<u8>>,
    pub cards: Vec<Entry>,
    pub languages: Vec<String>,
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
    pub alt: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub svg: Option<String>,
    pub bytes: usize,
    pub sha256: String,
}

#[derive(Serialize)]
struct Manifest<'a> {
    campaign: &'a str,
    slug: &'a str,
    languages: &'a [String],
    formats: Vec<&'a str>,
    cards: &'a [Entry],
}

/// Everything needed to render cards, checked: fonts, campaign, templates.
pub struct Prepared {
    pub fonts: Fonts,
    pub campaign: Campaign,
    /// By format, kind and whether it is a right-to-left variant.
    pub templates: BTreeMap<(String, String, bool), Template>,
    /// The logo as a `data:` URL, and its file name and bytes.
    pub logo: Option<String>,
    pub logo_file: Option<(String, Vec<u8>)>,
    /// The press kit's data and its factsheet template, when the campaign
    /// has a kit.
    pub kit: Option<(Kit, Template)>,
    pub licences: Vec<(String, Vec<u8>)>,
}

/// Loads and checks the campaign, fonts and templates.
pub fn prepare(project: &Project) -> Result<Prepared, Vec<Problem>> {
    let mut problems = project.problems.clone();
    if problems
        .iter()
        .any(|p| p.location.file == project.sources.campaign.0)
    {
        // Without a readable campaign file there is nothing more to check.
        return Err(problems);
    }
    let (fonts, p) = Fonts::from_files(project.fonts.clone(), project.font_config.as_ref());
    problems.extend(p);
    let (campaign, p) = campaign::load(&project.sources);
    problems.extend(p);
    let Some(campaign) = campaign else {
        return Err(problems);
    };

    let logo = match &campaign.logo {
        None => None,
        Some((rel, at)) => {
            let name = rel.to_string_lossy();
            match project.assets.get(name.as_ref()) {
                Some(bytes) => {
                    let mime = if name.to_ascii_lowercase().ends_with(".png") {
                        "image/png"
                    } else {
                        "image/svg+xml"
                    };
                    Some(format!(
                        "data:{mime};base64,{}",
                        base64::engine::general_purpose::STANDARD.encode(bytes)
                    ))
                }
                None => {
                    problems.push(
                        Problem::new(at.clone(), format!("the logo {name:?} is not in the messages folder"))
                            .hint("put the logo (SVG or PNG) in messages/ and give its file name in `logo:`"),
                    );
                    None
                }
            }
        }
    };

    // Resolve only the templates the campaign uses, and say which are missing.
    let kinds: BTreeSet<&str> = campaign.messages.iter().map(|m| m.content.kind()).collect();
    let mut templates = BTreeMap::new();
    for format in &campaign.formats {
        for &kind in &kinds {
            let files: Vec<_> = project
                .templates
                .iter()
                .filter(|t| t.format == *format && t.kind == kind)
                .collect();
            if !files.iter().any(|f| !f.rtl) {
                problems.push(
                    Problem::new(Location::file(format!("templates/{}/{kind}.svg", format.name)), format!("there is no {kind} template for the {} format", format.name))
                        .format(format.name)
                        .hint(format!("add templates/{}/{kind}.svg (see templates/README.md), or remove {} from `formats:`", format.name, format.name)),
                );
                continue;
            }
            for file in files {
                let (t, p) =
                    template::resolve(&file.path, file.source.clone(), format, kind, &fonts);
                problems.extend(p);
                if let Some(t) = t {
                    templates.insert((format.name.to_owned(), kind.to_owned(), file.rtl), t);
                }
            }
        }
    }
    let mut kit = None;
    if let Some((path, text)) = &project.kit {
        let (k, p) = kit::load(path, text, &campaign);
        problems.extend(p);
        let file = project.templates.iter().find(|t| t.kind == "factsheet");
        match file {
            None => problems.push(
                Problem::new(Location::file("templates/kit/factsheet.svg"), "the press kit needs a factsheet template")
                    .hint("add templates/kit/factsheet.svg (see templates/README.md), or remove messages/kit.yaml"),
            ),
            Some(file) => {
                let (t, p) = template::resolve(&file.path, file.source.clone(), file.format, "factsheet", &fonts);
                problems.extend(p);
                if let (Some(k), Some(t)) = (k, t) {
                    kit = Some((k, t));
                }
            }
        }
    }
    let logo_file = campaign.logo.as_ref().and_then(|(rel, _)| {
        let name = rel.to_string_lossy().into_owned();
        project.assets.get(&name).map(|b| (name, b.clone()))
    });
    if !problems.is_empty() {
        return Err(problems);
    }
    Ok(Prepared {
        fonts,
        campaign,
        templates,
        logo,
        logo_file,
        kit,
        licences: project.font_licences.clone(),
    })
}

/// Composes every card's SVG, or returns every problem.
pub fn compose_all(prepared: &Prepared, cards: &[Card]) -> Result<Vec<String>, Vec<Problem>> {
    let assets = Assets {
        fonts: &prepared.fonts,
        colours: &prepared.campaign.colours,
        logo: prepared.logo.as_deref(),
    };
    let results: Vec<Result<String, Vec<Problem>>> = cards
        .par_iter()
        .map(|card| {
            let key = |rtl| (card.format.name.to_owned(), card.kind.to_owned(), rtl);
            // A right-to-left card takes the right-to-left variant if there
            // is one; otherwise the template, mirrored.
            let rtl = card.direction == crate::campaign::Direction::Rtl;
            let template = prepared
                .templates
                .get(&key(rtl))
                .or_else(|| prepared.templates.get(&key(false)));
            match template {
                Some(t) => card::compose(t, card, &assets),
                None => Err(Vec::new()), // already reported by prepare
            }
        })
        .collect();
    let mut svgs = Vec::with_capacity(cards.len());
    let mut problems = Vec::new();
    for r in results {
        match r {
            Ok(s) => svgs.push(s),
            Err(p) => problems.extend(p),
        }
    }
    if problems.is_empty() {
        Ok(svgs)
    } else {
        Err(problems)
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// Builds every card the options ask for.
pub fn build(
    project: &Project,
    opts: &Options,
    progress: &(dyn Fn(Event) + Sync),
) -> Result<Output, Failure> {
    let fail = |mut p: Vec<Problem>| {
        problem::sort(&mut p);
        Failure::Problems(p)
    };
    let prepared = prepare(project).map_err(fail)?;
    let c = &prepared.campaign;
    let mut problems = card::check_filter(c, &opts.filter);
    let (cards, p) = card::plan(c, &opts.filter);
    problems.extend(p);
    if !problems.is_empty() {
        return Err(fail(problems));
    }
    let svgs = compose_all(&prepared, &cards).map_err(fail)?;

    let total = cards.len();
    progress(Event::Rendering { total });
    let done = AtomicUsize::new(0);
    let ropts = render::options(prepared.fonts.db());
    let pngs: Vec<Result<Vec<u8>, render::Error>> = cards
        .par_iter()
        .zip(svgs.par_iter())
        .map(|(card, svg)| {
            let png = render::rasterize(svg, &ropts).and_then(|p| render::encode_png(&p));
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            progress(Event::Rendered {
                done: n,
                total,
                stem: &card.stem,
            });
            png
        })
        .collect();

    let mut out = Output {
        languages: c.languages.clone(),
        ..Output::default()
    };
    for ((card, svg), png) in cards.iter().zip(svgs).zip(pngs) {
        let png = png.map_err(|e| {
            Failure::Bug(crate::error::Bug::new(
                format!("rendering {}", card.stem),
                e,
            ))
        })?;
        let png_path = format!("{}.png", card.stem);
        let caption_path = format!("{}.caption.txt", card.stem);
        let alt_path = format!("{}.alt.txt", card.stem);
        let svg_path = opts.write_svg.then(|| format!("{}.svg", card.stem));
        out.cards.push(Entry {
            message: card.message.clone(),
            audience: card.audience.clone(),
            kind: card.kind.to_owned(),
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
            png: png_path.clone(),
            caption: caption_path.clone(),
            alt: alt_path.clone(),
            svg: svg_path.clone(),
            bytes: png.len(),
            sha256: hex(&Sha256::digest(&png)),
        });
        out.files
            .insert(caption_path, format!("{}\n", card.caption).into_bytes());
        out.files
            .insert(alt_path, format!("{}\n", card.alt).into_bytes());
        if let Some(p) = svg_path {
            out.files.insert(p, svg.into_bytes());
        }
        out.files.insert(png_path, png);
    }
    let manifest = Manifest {
        campaign: &c.name,
        slug: &c.slug,
        languages: &c.languages,
        formats: c.formats.iter().map(|f| f.name).collect(),
        cards: &out.cards,
    };
    let json = serde_json::to_vec_pretty(&manifest)
        .map_err(|e| Failure::Bug(crate::error::Bug::new("writing manifest.json", e)))?;
    out.files.insert("manifest.json".to_owned(), json);

    // One press kit per language, zipped, and unpacked under kit/<lang>/ to
    // open in a browser.
    if let Some((kit, factsheet)) = prepared.kit.as_ref().filter(|_| !opts.no_kit) {
        let inputs = kit::Inputs {
            campaign: c,
            fonts: &prepared.fonts,
            factsheet,
            logo: prepared
                .logo_file
                .as_ref()
                .map(|(n, b)| (n.as_str(), b.as_slice())),
            logo_url: prepared.logo.as_deref(),
            licences: &prepared.licences,
        };
        let langs: Vec<&String> = kit
            .languages
            .iter()
            .filter(|l| opts.filter.languages.is_empty() || opts.filter.languages.contains(l))
            .collect();
        let built: Vec<Result<KitBuilt, kit::Failure>> = langs
            .par_iter()
            .map(|lang| {
                let rendered: Vec<kit::RenderedCard> = cards
                    .iter()
                    .filter(|card| &card.language == *lang)
                    .filter_map(|card| {
                        out.files
                            .get(&format!("{}.png", card.stem))
                            .map(|png| kit::RenderedCard { card, png })
                    })
                    .collect();
                let files = kit::build(kit, &inputs, lang, &rendered)?;
                let zip = kit::zip(&files)?;
                Ok(((*lang).clone(), files, zip))
            })
            .collect();
        let mut problems = Vec::new();
        let mut kit_files = BTreeMap::new();
        for r in built {
            match r {
                Ok((lang, files, zip)) => {
                    for (name, bytes) in files {
                        kit_files.insert(format!("kit/{lang}/{name}"), bytes);
                    }
                    kit_files.insert(
                        format!("{}-press-kit-{lang}.zip", kit::entry_name(&c.slug)),
                        zip,
                    );
                }
                Err(kit::Failure::Problems(p)) => problems.extend(p),
                Err(kit::Failure::Bug(b)) => return Err(Failure::Bug(b)),
            }
        }
        if !problems.is_empty() {
            return Err(fail(problems));
        }
        out.files.extend(kit_files);
    }
    Ok(out)
}
