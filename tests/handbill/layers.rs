//! Cards drawn in two layers: the artwork under the first slot once, then
//! the slots and the artwork over them on a copy of it. On every shipped template, the two
//! layers must give the very bytes of the card drawn whole, and every
//! template that is not mirrored must be drawn that way (else the speed is
//! lost without a sound).

use std::collections::BTreeSet;
use std::sync::Arc;

use handbill::card::{self, Filter};
use handbill::project::{self, Paths};
use handbill::render;

use crate::util::root;

#[test]
fn two_layers_draw_every_shipped_template_byte_for_byte() {
    let project = project::read(&Paths::under(&root())).expect("the project reads");
    let (prepared, problems) = handbill::build::prepare(&project);
    let prepared = prepared.unwrap_or_else(|| panic!("{problems:?}"));
    let (cards, _) = card::plan(&prepared.campaign, &Filter::default());
    // The first card of each template and language direction.
    let mut seen = BTreeSet::new();
    let cards: Vec<card::Card> = cards
        .into_iter()
        .filter(|c| {
            let template = prepared.template_of(c).map(|t| t.path.clone());
            seen.insert((template, c.direction == handbill::campaign::Direction::Rtl))
        })
        .collect();
    let ltr = cards
        .iter()
        .filter(|c| c.direction != handbill::campaign::Direction::Rtl)
        .count();
    let composed = handbill::build::compose_all(&prepared, cards)
        .map_err(|_| "a bug")
        .expect("composes");
    assert!(composed.problems.is_empty(), "{:?}", composed.problems);
    let opts = render::options(Arc::clone(&prepared.fonts.db()));
    let mut layered = 0;
    let mut whole = Vec::new();
    for (card, c) in composed.cards.iter().zip(&composed.composed) {
        let Some(layers) = &c.layered else {
            whole.push(prepared.template_of(card).map(|t| t.path.clone()));
            continue;
        };
        layered += 1;
        let card = render::rasterize(&c.svg, &opts).expect("draws");
        let under = render::rasterize(&layers.under, &opts).expect("draws");
        let two =
            render::rasterize_over(&layers.over, &opts, &under, &mut render::Scratch::default())
                .expect("draws");
        assert!(
            card.data() == two.data(),
            "the layers differ from the card:\n{}\n{}",
            layers.under,
            layers.over
        );
    }
    assert!(ltr > 30, "{ltr} templates");
    assert_eq!(
        layered, ltr,
        "every left-to-right card is drawn in two layers; drawn whole: {whole:?}"
    );
}
