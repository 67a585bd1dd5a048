//! Reading a project: the one place handbill reads input files.
//!
//! Everything a build needs (campaign and message files, templates, fonts,
//! the logo) is read here into memory; later stages are pure functions of
//! what this returns. Folders are listed in sorted order so every run sees
//! the same files in the same order.
//!
//! It must read nothing outside the project's folders: a file whose real
//! path (symbolic links resolved) leaves the folder it is listed in is a
//! located problem, never read. A folder itself may be a link (or given on
//! the command line); that is the user's choice of folder.

use std::collections::BTreeMap;
use std::fs;
use std::io;
use std::path::{Path, PathBuf};

use anyhow::{Context as _, Result};

use crate::campaign::{Direction, Sources};
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

/// A template file as read: its path, the folder it is in (a format's
/// name, or `kit`), its file stem (a kind's name, or `factsheet`) and its
/// text. Which format and kind those name is decided with the campaign,
/// which may define its own.
#[derive(Clone, Debug)]
pub struct TemplateFile {
    pub path: PathBuf,
    pub folder: String,
    pub stem: String,
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
    /// Photos (JPEG, PNG, WebP) in the messages folder and its folders, by
    /// path from it (`photos/harbour.jpg`), as bytes: decoded by the build.
    pub photos: BTreeMap<PathBuf, Vec<u8>>,
    /// Problems found while reading: missing or unreadable files. The build
    /// reports them with everything else it finds.
    pub problems: Vec<Problem>,
}

impl Project {
    /// The text of a file handbill read, by the path its problems name:
    /// for showing a problem's line.
    pub fn text_of(&self, path: &Path) -> Option<&str> {
        let texts = std::iter::once(&self.sources.campaign)
            .chain(&self.sources.messages)
            .chain(&self.kit)
            .chain(&self.font_config);
        let templates = self.templates.iter().map(|t| (&t.path, &t.source));
        texts
            .map(|(p, t)| (p, t))
            .chain(templates)
            .find(|(p, _)| p.as_path() == path)
            .map(|(_, t)| t.as_str())
    }
}

/// One of the project's folders: the path as given, and its real path
/// (`None` when it does not exist, so nothing in it can be read).
struct Folder<'a> {
    path: &'a Path,
    real: Option<PathBuf>,
}

impl<'a> Folder<'a> {
    fn new(path: &'a Path) -> Result<Folder<'a>> {
        let real = match fs::canonicalize(path) {
            Ok(real) => Some(real),
            Err(e) if e.kind() == io::ErrorKind::NotFound => None,
            Err(e) => return Err(e).with_context(|| format!("cannot resolve {}", path.display())),
        };
        Ok(Folder { path, real })
    }

    /// The real path of a file listed in this folder, to read it by; `None`
    /// when it is missing, or (with a problem) when a link takes it outside.
    fn confine(&self, file: &Path, problems: &mut Vec<Problem>) -> Result<Option<PathBuf>> {
        let Some(root) = &self.real else {
            return Ok(None);
        };
        let real = match fs::canonicalize(file) {
            Ok(real) => real,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot resolve {}", file.display())),
        };
        if real.starts_with(root) {
            return Ok(Some(real));
        }
        problems.push(
            Problem::new(
                Location::file(file),
                format!(
                    "the file is a link to {}, outside the folder {}",
                    real.display(),
                    self.path.display()
                ),
            )
            .hint("handbill reads only files inside the campaign's folders: copy the file here instead of linking to it"),
        );
        Ok(None)
    }

    /// The bytes of a file listed in this folder, if it is there, inside,
    /// a regular file and at most [`MAX_FILE_BYTES`] long.
    fn read(&self, file: &Path, problems: &mut Vec<Problem>) -> Result<Option<Vec<u8>>> {
        let Some(real) = self.confine(file, problems)? else {
            return Ok(None);
        };
        let meta = match fs::metadata(&real) {
            Ok(meta) => meta,
            Err(e) if e.kind() == io::ErrorKind::NotFound => return Ok(None),
            Err(e) => return Err(e).with_context(|| format!("cannot read {}", file.display())),
        };
        if let Some(problem) = unreadable(file, &meta) {
            problems.push(problem);
            return Ok(None);
        }
        match fs::read(&real) {
            Ok(bytes) => Ok(Some(bytes)),
            Err(e) if e.kind() == io::ErrorKind::NotFound => Ok(None),
            Err(e) => Err(e).with_context(|| format!("cannot read {}", file.display())),
        }
    }

    /// A UTF-8 text file listed in this folder; see [`text`].
    fn read_text(&self, file: &Path, problems: &mut Vec<Problem>) -> Result<Option<String>> {
        Ok(self
            .read(file, problems)?
            .and_then(|bytes| text(file, bytes, problems)))
    }
}

/// The largest file handbill reads. A campaign's largest files are fonts
/// (a CJK font is about 20 MB); a file far beyond that is a mistake, and
/// reading it whole would only use up memory. Templates have their own,
/// smaller limit (`template::MAX_TEMPLATE_BYTES`).
const MAX_FILE_BYTES: u64 = 64 * 1024 * 1024;

/// Why a listed file cannot be read as one of the campaign's files: it is
/// not a regular file (a named pipe would block the build for ever, a
/// device would never end), or it is too large.
fn unreadable(file: &Path, meta: &fs::Metadata) -> Option<Problem> {
    let at = Location::file(file);
    if !meta.is_file() {
        let what = if meta.is_dir() {
            "a folder"
        } else {
            "not a regular file (a pipe, socket or device)"
        };
        return Some(
            Problem::new(at, format!("the file is {what}"))
                .hint("put a plain file here, or rename or move this entry out of the folder"),
        );
    }
    (meta.len() > MAX_FILE_BYTES).then(|| {
        Problem::new(
            at,
            format!(
                "the file is {} MB, over the limit of {} MB for one file",
                meta.len().div_ceil(1024 * 1024),
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        )
        .hint(
            "check that this is the file you meant; images and fonts of a campaign are far smaller",
        )
    })
}

/// A file's bytes as UTF-8 text, without a byte-order mark; text that is not
/// UTF-8 is a problem in the user's files.
fn text(path: &Path, bytes: Vec<u8>, problems: &mut Vec<Problem>) -> Option<String> {
    match String::from_utf8(bytes) {
        Ok(s) => Some(s.strip_prefix('\u{feff}').map(str::to_owned).unwrap_or(s)),
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
            None
        }
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
    let photos = read_photos(paths, &messages.texts, &mut problems)?;
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
        photos,
        problems,
    })
}

/// `campaign.yaml`; a missing one is a problem that stops the build.
fn read_campaign(paths: &Paths, problems: &mut Vec<Problem>) -> Result<(PathBuf, String)> {
    let path = paths.messages.join("campaign.yaml");
    let text = Folder::new(&paths.messages)?.read_text(&path, problems)?;
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
    let messages = Folder::new(&paths.messages)?;
    for path in list(&paths.messages)? {
        match extension(&path).as_deref() {
            Some("svg" | "png") => {
                if let Some(data) = messages.read(&path, problems)? {
                    folder.assets.insert(file_name(&path), data);
                }
            }
            Some("yaml" | "yml") if path == campaign_path => {}
            Some("yaml" | "yml") if path == kit_path => {
                folder.kit = messages.read_text(&path, problems)?.map(|t| (path, t));
            }
            Some("yaml" | "yml") => {
                if let Some(text) = messages.read_text(&path, problems)? {
                    folder.texts.push((path, text));
                }
            }
            _ => {}
        }
    }
    Ok(folder)
}

/// How deep photos may sit in folders of the messages folder
/// (`messages/photos/2026/march/…` is three).
const PHOTO_DEPTH: usize = 4;

/// The photos of the messages folder and its folders that a message file
/// names, confined to the folder like every file. A photo no message file
/// mentions is not read, so a campaign that keeps its picture library in
/// `messages/` does not hold all of it in memory; a photo a message names
/// in some other spelling is then reported missing at its `photo:`. A
/// folder that is a link is not followed: its photos would be outside the
/// folder, or already listed.
fn read_photos(
    paths: &Paths,
    texts: &[(PathBuf, String)],
    problems: &mut Vec<Problem>,
) -> Result<BTreeMap<PathBuf, Vec<u8>>> {
    let named = |relative: &Path| {
        let name = relative.to_string_lossy();
        texts.iter().any(|(_, text)| text.contains(name.as_ref()))
    };
    let folder = Folder::new(&paths.messages)?;
    let mut photos = BTreeMap::new();
    let mut dirs = vec![(paths.messages.clone(), 0)];
    while let Some((dir, depth)) = dirs.pop() {
        for path in list(&dir)? {
            let is_dir = fs::symlink_metadata(&path).is_ok_and(|m| m.is_dir());
            if is_dir && depth < PHOTO_DEPTH {
                dirs.push((path, depth + 1));
                continue;
            }
            let photo = extension(&path)
                .is_some_and(|e| crate::campaign::PHOTO_EXTENSIONS.contains(&e.as_str()));
            let relative = path.strip_prefix(&paths.messages).unwrap_or(&path);
            if !photo || is_dir || !named(relative) {
                continue;
            }
            if let Some(bytes) = folder.read(&path, problems)? {
                photos.insert(relative.to_owned(), bytes);
            }
        }
    }
    Ok(photos)
}

/// Every template in the templates folder: `<folder>/<stem>.svg` and the
/// right-to-left variants `<folder>/<stem>.rtl.svg`, one level deep.
fn read_templates(paths: &Paths, problems: &mut Vec<Problem>) -> Result<Vec<TemplateFile>> {
    let mut templates = Vec::new();
    let folder = Folder::new(&paths.templates)?;
    for dir in list(&paths.templates)? {
        if !dir.is_dir() {
            continue;
        }
        for path in list(&dir)? {
            let Some((stem, direction)) = template_name(&path) else {
                continue;
            };
            if let Some(source) = folder.read_text(&path, problems)? {
                templates.push(TemplateFile {
                    folder: file_name(&dir),
                    stem,
                    source,
                    direction,
                    path,
                });
            }
        }
    }
    Ok(templates)
}

/// A template's stem and direction from its file name: `quote.svg` or
/// `quote.rtl.svg`; `None` for a file that is not a template.
fn template_name(path: &Path) -> Option<(String, Direction)> {
    let name = file_name(path);
    let stem = name.strip_suffix(".svg")?;
    Some(match stem.strip_suffix(".rtl") {
        Some(stem) => (stem.to_owned(), Direction::Rtl),
        None => (stem.to_owned(), Direction::Ltr),
    })
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
    let fonts = Folder::new(&paths.fonts)?;
    for path in list(&paths.fonts)? {
        let ext = extension(&path);
        if !matches!(ext.as_deref(), Some("txt" | "ttf" | "otf" | "ttc" | "otc")) {
            continue;
        }
        let Some(data) = fonts.read(&path, problems)? else {
            continue;
        };
        match ext.as_deref() {
            Some("txt") => folder.licences.push((file_name(&path), data)),
            _ => folder.faces.push((path, data)),
        }
    }
    let config_path = paths.fonts.join("fonts.yaml");
    folder.config = fonts
        .read_text(&config_path, problems)?
        .map(|t| (config_path, t));
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
