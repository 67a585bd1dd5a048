//! Counts in English words: "1 language", "5 languages", "1 press kit".
//! Every message handbill prints with a number before a noun goes through
//! here, so no message says "1 languages" or hedges with "card(s)".
//!
//! It knows English's regular plurals and takes the few irregular ones it
//! meets by name; it is not a grammar of other languages (handbill's own
//! messages are in English; the cards' words come from the campaign).
//! Hand-written: the crates that pluralise (pluralizer, inflector) carry
//! rule tables for the whole language, for the dozen nouns used here.

/// `n` and the noun, singular for one: `counted(1, "card")` is "1 card",
/// `counted(0, "card")` is "0 cards".
pub fn counted(n: usize, noun: &str) -> String {
    format!("{n} {}", plural(n, noun))
}

/// The noun as `n` of it is said: `plural(2, "entry")` is "entries".
pub fn plural(n: usize, noun: &str) -> String {
    if n == 1 {
        return noun.to_owned();
    }
    if let Some((_, many)) = IRREGULAR.iter().find(|(one, _)| *one == noun) {
        return (*many).to_owned();
    }
    let consonant_y = noun.strip_suffix('y').filter(|stem| {
        stem.chars()
            .last()
            .is_some_and(|c| !"aeiou".contains(c.to_ascii_lowercase()))
    });
    if let Some(stem) = consonant_y {
        return format!("{stem}ies");
    }
    if ["s", "x", "z", "ch", "sh"]
        .iter()
        .any(|end| noun.ends_with(end))
    {
        return format!("{noun}es");
    }
    format!("{noun}s")
}

/// "is" or "are", for a sentence whose subject is `n` things.
pub fn are(n: usize) -> &'static str {
    if n == 1 { "is" } else { "are" }
}

/// Nouns whose plural is not the rule's.
const IRREGULAR: &[(&str, &str)] = &[("person", "people"), ("child", "children")];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_is_singular_and_every_other_count_plural() {
        assert_eq!(counted(1, "language"), "1 language");
        assert_eq!(counted(0, "card"), "0 cards");
        assert_eq!(counted(528, "card"), "528 cards");
        assert_eq!(counted(1, "press kit"), "1 press kit");
        assert_eq!(counted(3, "press kit"), "3 press kits");
    }

    #[test]
    fn regular_english_endings_take_their_plural() {
        assert_eq!(plural(2, "entry"), "entries");
        assert_eq!(plural(2, "day"), "days");
        assert_eq!(plural(2, "box"), "boxes");
        assert_eq!(plural(2, "match"), "matches");
        assert_eq!(plural(2, "question"), "questions");
        assert_eq!(plural(2, "child"), "children");
    }

    #[test]
    fn the_verb_agrees_with_the_count() {
        assert_eq!(are(1), "is");
        assert_eq!(are(2), "are");
        assert_eq!(are(0), "are");
    }
}
