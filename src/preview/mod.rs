//! `handbill preview`: a local web page of every card, rebuilt in memory
//! whenever a message, template, font or photo is saved.
//!
//! The steps: serve the page (`http`) from the current [`state::Snapshot`],
//! build once (`rebuild`), then wait for a save to settle (`watch`),
//! build again and swap the snapshot in; the open pages hear of it over
//! server-sent events and fetch the new gallery (`page`, `gallery`). A build
//! with mistakes keeps the last cards that built beside its problems.
//!
//! It serves on 127.0.0.1 only, and only what the build made in memory, by
//! exact name: nothing on disk is served. It writes no file and prints
//! nothing: what a person should read goes through the caller's [`Note`].

mod gallery;
mod http;
mod page;
mod rebuild;
mod state;
mod watch;

use std::net::TcpListener;
use std::sync::Arc;
use std::time::Duration;

use crate::problem::Problem;
pub use http::bind;
pub use rebuild::Builder;
use rebuild::Failed;
use state::Shared;

/// What the preview tells the person who started it.
#[derive(Debug)]
pub enum Note<'a> {
    /// The page is served here.
    Serving(&'a str),
    /// A build made cards.
    Built {
        cards: usize,
        warnings: usize,
        took: Duration,
    },
    /// A build found mistakes; the page keeps the last cards.
    Mistakes(&'a [Problem]),
    /// A build could not run (an unreadable folder, or a bug).
    Trouble(&'a str),
}

/// Serves the preview until the process is stopped (Ctrl-C). Returns only
/// when it cannot go on: the server or the watcher failed to start.
pub fn serve(listener: TcpListener, builder: &Builder, note: &dyn Fn(Note)) -> Result<(), String> {
    let address = listener
        .local_addr()
        .map_err(|e| format!("cannot read the server's address: {e}"))?;
    // Watch before the first build, so a save during it is not missed.
    let folders = [
        builder.paths.messages.clone(),
        builder.paths.templates.clone(),
        builder.paths.fonts.clone(),
    ];
    let watch = watch::Watch::start(&folders)?;
    let shared = Arc::new(Shared::default());
    http::start(listener, address.port(), &shared)?;
    note(Note::Serving(&format!("http://{address}/")));
    loop {
        build_once(builder, &shared, note);
        if !watch.settled(watch::QUIET) {
            return Err("the watcher of the campaign's folders stopped".to_owned());
        }
    }
}

/// Builds, swaps the result in (keeping the last cards on failure), then
/// says what happened: once it is said, the page shows it.
fn build_once(builder: &Builder, shared: &Shared, note: &dyn Fn(Note)) {
    shared.update(|s| s.building = true);
    let (result, took) = builder.run();
    let result = result.map(Arc::new);
    shared.update(|s| {
        s.building = false;
        s.took = Some(took);
        match &result {
            Ok(out) => {
                s.output = Some(Arc::clone(out));
                s.failed = None;
            }
            Err(failed) => s.failed = Some(failed.clone()),
        }
    });
    match &result {
        Ok(out) => note(Note::Built {
            cards: out.cards.len(),
            warnings: out.warnings.len(),
            took,
        }),
        Err(Failed::Problems(p)) => note(Note::Mistakes(p)),
        Err(Failed::Trouble(t)) => note(Note::Trouble(t)),
    }
}
