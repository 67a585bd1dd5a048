//! handbill turns a campaign's messages into social media cards.
//!
//! The library is the whole pipeline, one module a stage:
//! [`project`] reads the files → [`campaign`] loads the messages →
//! [`template`] resolves the templates → [`card`] plans the cards and fills
//! them, using [`layout`] to set text → [`render`] draws them → [`post`]
//! checks what each platform is sent (captions, alt texts, bytes, by the
//! rules in [`platform`]) → [`build`]
//! ties the stages together → [`write`] replaces `out/`. The binary only
//! parses the command line, calls [`build::build`], prints and exits.

pub mod address;
pub mod build;
pub mod cache;
pub mod campaign;
pub mod card;
pub mod cli;
pub mod compose;
pub mod contact;
pub mod debug;
pub mod digest;
pub mod error;
pub mod fonts;
pub mod format;
pub mod init;
mod intern;
pub mod kind;
pub mod kit;
pub mod layout;
pub mod legibility;
pub mod photo;
pub mod platform;
pub mod plural;
pub mod post;
pub mod preview;
pub mod problem;
pub mod project;
pub mod render;
pub mod spool;
pub mod template;
pub mod translations;
pub mod typography;
pub mod write;
pub mod yaml;
