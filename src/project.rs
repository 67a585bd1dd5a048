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
    let campaign = read_campaign(paths, &mut problems)?;
    let messages = read_messages(paths, &mut problems)?;
    let templates = read_templates(paths, &mut problems)?;
    let fonts = read_fonts(paths, &mut problems)?;
    Ok(Project {
        sources: Sources {
            campaign,
            messages: messages.texts,
        },
        templates_dir: paths.templates.clone(),
        templates,
        fonts: fonts.faces,
        font_config: fonts.config,
        font_licences: fonts.licences,
        kit: messages.kit,
        assets: messages.assets,
        problems,
    })
}

/// `campaign.yaml`; a missing one is a problem that stops the build.
fn read_campaign(paths: &Paths, problems: &mut Vec<Problem>) -> Result<(PathBuf, String)> {
    let path = paths.messages.join("campaign.yaml");
    let text = read_text(&path, problems)?;
    if text.is_none() && !path.exists() {
        problems.push(
            Problem::new(Location::file(&path), "there is no campaign file")
                .hint("run handbill in a campaign folder (one with messages/campaign.yaml), or pass --messages DIR"),
        );
    }
    Ok((path, text.unwrap_or_default()))
}

/// What the messages folder holds besides `campaign.yaml`.
struct MessagesFolder {
    texts: Vec<(PathBuf, String)>,
    kit: Option<(PathBuf, String)>,
    assets: BTreeMap<String, Vec<u8>>,
}

/// The message files, the kit's file and the images of the messages folder.
fn read_messages(paths: &Paths, problems: &mut Vec<Problem>) -> Result<MessagesFolder> {
    let mut folder = MessagesFolder {
        texts: Vec::new(),
        kit: None,
        assets: BTreeMap::new(),
    };
    let campaign_path = paths.messages.join("campaign.yaml");
    let kit_path = paths.messages.join("kit.yaml");
    for path in list(&paths.messages)? {
        match extension(&path).as_deref() {
            Some("svg" | "png") => {
                let data =
                    fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
                folder.assets.insert(file_name(&path), data);
            }
            Some("yaml" | "yml") if path == campaign_path => {}
            Some("yaml" | "yml") if path == kit_path => {
                folder.kit = read_text(&path, problems)?.map(|t| (path, t));
            }
            Some("yaml" | "yml") => {
                if let Some(text) = read_text(&path, problems)? {
                    folder.texts.push((path, text));
                }
            }
            _ => {}
        }
    }
    Ok(folder)
}

/// Every template handbill knows the place of: one per format and kind,
/// its right-to-left variant, and the kit's factsheet.
fn read_templates(paths: &Paths, problems: &mut Vec<Problem>) -> Result<Vec<TemplateFile>> {
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
                if let Some(source) = read_text(&path, problems)? {
                    let purpose = Purpose::Card(kind);
                    templates.push(TemplateFile {
                        path,
                        format,
                        purpose,
                        source,
                        direction,
                    });
                }
            }
        }
    }
    let path = paths.templates.join("kit").join("factsheet.svg");
    if let Some(source) = read_text(&path, problems)? {
        let (format, purpose, direction) = (&FACTSHEET, Purpose::Factsheet, Direction::Ltr);
        templates.push(TemplateFile {
            path,
            format,
            purpose,
            source,
            direction,
        });
    }
    Ok(templates)
}

/// What the fonts folder holds.
struct FontsFolder {
    faces: Vec<(PathBuf, Vec<u8>)>,
    licences: Vec<(String, Vec<u8>)>,
    config: Option<(PathBuf, String)>,
}

/// The font files, their licences and `fonts.yaml`; no fonts is a problem.
fn read_fonts(paths: &Paths, problems: &mut Vec<Problem>) -> Result<FontsFolder> {
    let mut folder = FontsFolder {
        faces: Vec::new(),
        licences: Vec::new(),
        config: None,
    };
    for path in list(&paths.fonts)? {
        let ext = extension(&path);
        if !matches!(ext.as_deref(), Some("txt" | "ttf" | "otf" | "ttc" | "otc")) {
            continue;
        }
        let data = fs::read(&path).with_context(|| format!("cannot read {}", path.display()))?;
        match ext.as_deref() {
            Some("txt") => folder.licences.push((file_name(&path), data)),
            _ => folder.faces.push((path, data)),
        }
    }
    let config_path = paths.fonts.join("fonts.yaml");
    folder.config = read_text(&config_path, problems)?.map(|t| (config_path, t));
    if folder.faces.is_empty() {
        problems.push(
            Problem::new(Location::file(&paths.fonts), "there are no fonts")
                .hint("handbill draws text only with fonts in the project's fonts/ folder: copy the shipped fonts/ there"),
        );
    }
    Ok(folder)
}

/// A path's extension, in lower case.
fn extension(path: &Path) -> Option<String> {
    path.extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
}

fn file_name(path: &Path) -> String {
    path.file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default()
}
