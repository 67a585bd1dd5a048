//! handbill's one integration-test binary. Each module tests one stage;
//! `util` holds the few helpers they share.

mod check;
mod cli;
mod confined;
mod defined;
mod editors;
mod embargo;
mod escape;
mod hostile;
mod hostile_svg;
mod hostile_yaml;
mod inject;
mod ink;
mod kit;
mod languages;
mod layout;
mod legibility;
mod messages;
mod out;
mod photos;
mod platforms;
mod preview;
mod reference;
mod turned;
mod util;
