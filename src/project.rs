//! Reading a project: the one place handbill reads input files.
//!
//! Everything a build needs (campaign and message files, templates, fonts,
//! the logo) is read here into memory; later stages are pure functions of
//! what this returns. Folders are listed in sorted order so every run sees
//! the same files in the same order.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::campaign::{Direction, Sources};
use crate::format::{FACTSHEET, FORMATS, Format};
use crate::kind::{KINDS, Kind};
use crate::problem::{Location, Problem};

/// Where a project's folders are.
#[derive(Clone, Debug)]
pub struct Paths {
    pub messages: PathBuf,
    pub templates: PathBuf,
    pub fonts: PathBuf,
    pub out: PathBuf,
}

impl Paths {
    /// The standard layout under a project root.
    pub fn under(root: &Path) -> Paths {
        Paths {
            messages: root.join("messages"),
            templates: root.join("templates"),
            fonts: root.join("fonts"),
            out: root.join("out"),
        }
    }
}

/// What a template is for: a kind of card, or the press kit's factsheet.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Purpose {
    Card(&'static Kind),
    Factsheet,
}

impl Purpose {
    /// The template's file stem: the kind's name, or `factsheet`.
    pub fn name(self) -> &'static str {
        match self {
            Purpose::Card(k) => k.name,
            Purpose::Factsheet => "factsheet",
        }
    }
}

/// A template file as read: its path, what it is for, and its text.
#[derive(Clone, Debug)]
pub struct TemplateFile {
    pub path: PathBuf,
    pub format: &'static Format,
    pub purpose: Purpose,
    pub source: String,
    /// `Rtl` for a right-to-left variant, `<kind>.rtl.svg`, drawn as it is
    /// for right-to-left languages instead of mirrored.
    pub direction: Direction,
}

/// Everything read from disk.
#[derive(Clone, Debug, Default)]
pub struct Project {
    pub sources: Sources,
    /// The templates folder, for problems about templates that are not there.
    pub templates_dir: PathBuf,
    pub templates: Vec<TemplateFile>,
    pub fonts: Vec<(PathBuf, Vec<u8>)>,
    /// `messages/kit.yaml`: the press kit's own data, when there is one.
    pub kit: Option<(PathBuf, String)>,
    /// The fonts' licence files (`fonts/*.txt`), by file name.
    pub font_licences: Vec<(String, Vec<u8>)>,
    /// `fonts/fonts.yaml`: the fallback chains per script.
    pub font_config: Option<(PathBuf, String)>,
    /// Images in the messages folder (the logo), by file name.
    pub assets: BTreeMap<String, Vec<u8>>,
    /// Problems found while reading: missing or unreadable files. The build
    /// reports them with everything else it finds.
    pub problems: Vec<Problem>,
}

/// Reads a UTF-8 text file; a missing or non-UTF-8 file is a problem in the
/// user's files, anything else an I/O error.
fn read_text(path: &Path, problems: &mut Vec<Problem>) -> Result<Option<String>> {
    match fs::read(path) {
        Ok(bytes) => match String::from_utf8(bytes) {
            Ok(s) => Ok(Some(
                s.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(s),
            )),
            Err(e) => {
                let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
                let text = String::from_utf8_lossy(valid);
                let line = text.matches('\n').count() as u32 + 1;
                let column = text.rsplit('\n').next().map_or(0, |l| l.chars().count()) as u32 + 1;
                problems.push(
                    Problem::new(
                        Location::new(path, line, column),
                        "the file is not UTF-8 text",
                    )
                    .hint("save it as UTF-8 (every editor offers it under Save As or Encoding)"),
                );
                Ok(None)
            }
        },
        Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
        Err(e) => Err(e).with_context(|| format!("cannot read {}", path.display())),
    }
}

/// Lists a folder's entries sorted by name; a missing folder is empty.
fn list(dir: &Path) -> Result<Vec<PathBuf>> {
    let mut out = Vec::new();
    match fs::read_dir(dir) {
        Ok(rd) => {
            for e in rd {
                out.push(
                    e.with_context(|| format!("cannot list {}", dir.display()))?
                        .path(),
                );
            }
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {}
        Err(e) => return Err(e).with_context(|| format!("cannot list {}", dir.display())),
    }
    out.sort();
    Ok(out)
}

/// Reads the project. Problems in the user's files are kept in the project;
/// an I/O failure (permissions, a broken disk) is an error.
pub fn read(paths: &Paths) -> Result<Project> {
    let mut problems = Vec::new();
    let campaign_path = paths.messages.join("campaign.yaml");
    let campaign = match read_text(&campaign_path, &mut problems)? {
        Some(t) => t,
        None => {
            if !campaign_path.exists() {
                problems.push(
                    Problem::new(Location::file(&campaign_path), "there is no campaign file")
                        .hint("run handbill in a campaign folder (one with messages/campaign.yaml), or pass --messages DIR"),
                );
            }
            String::new()
        }
    };
    let mut messages = Vec::new();
    let mut assets = BTreeMap::new();
    let kit_path = paths.messages.join("kit.yaml");
    let mut kit = None;
    for path in list(&paths.messages)? {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if matches!(ext.as_deref(), Some("svg" | "png")) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let data =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            assets.insert(name, data);
            continue;
        }
        let is_yaml = matches!(
            path.extension().and_then(|e| e.to_str()),
            Some("yaml" | "yml")
        );
        if !is_yaml || path == campaign_path {
            continue;
        }
        if path == kit_path {
            kit = read_text(&path, &mut problems)?.map(|t| (path, t));
            continue;
        }
        if let Some(text) = read_text(&path, &mut problems)? {
            messages.push((path, text));
        }
    }

    let mut templates = Vec::new();
    for format in FORMATS {
        for kind in KINDS {
            for direction in [Direction::Ltr, Direction::Rtl] {
                let variant = match direction {
                    Direction::Ltr => "svg",
                    Direction::Rtl => "rtl.svg",
                };
                let path = paths
                    .templates
                    .join(format.name)
                    .join(format!("{}.{variant}", kind.name));
                if let Some(source) = read_text(&path, &mut problems)? {
                    templates.push(TemplateFile {
                        path,
                        format,
                        purpose: Purpose::Card(kind),
                        source,
                        direction,
                    });
                }
            }
        }
    }

    let factsheet = paths.templates.join("kit").join("factsheet.svg");
    if let Some(source) = read_text(&factsheet, &mut problems)? {
        templates.push(TemplateFile {
            path: factsheet,
            format: &FACTSHEET,
            purpose: Purpose::Factsheet,
            source,
            direction: Direction::Ltr,
        });
    }

    let mut fonts = Vec::new();
    let mut font_licences = Vec::new();
    for path in list(&paths.fonts)? {
        let ext = path
            .extension()
            .and_then(|e| e.to_str())
            .map(str::to_ascii_lowercase);
        if matches!(ext.as_deref(), Some("txt")) {
            let name = path
                .file_name()
                .map(|n| n.to_string_lossy().into_owned())
                .unwrap_or_default();
            let data =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            font_licences.push((name, data));
            continue;
        }
        if matches!(ext.as_deref(), Some("ttf" | "otf" | "ttc" | "otc")) {
            let data =
                fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
            fonts.push((path, data));
        }
    }
    let config_path = paths.fonts.join("fonts.yaml");
    let font_config = read_text(&config_path, &mut problems)?.map(|t| (config_path, t));
    if fonts.is_empty() {
        problems.push(
            Problem::new(Location::file(&paths.fonts), "there are no fonts")
                .hint("handbill draws text only with fonts in the project's fonts/ folder: copy the shipped fonts/ there"),
        );
    }
    Ok(Project {
        sources: Sources {
            campaign: (campaign_path, campaign),
            messages,
        },
        templates_dir: paths.templates.clone(),
        templates,
        fonts,
        font_config,
        font_licences,
        kit,
        assets,
        problems,
    })
}
