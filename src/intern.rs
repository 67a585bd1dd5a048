//! Definitions a campaign makes itself — its own formats and kinds — made
//! to live as long as the built-in tables, so that every stage shares them
//! by `&'static` reference exactly as it shares the built-in ones.
//!
//! This leaks on purpose, as compilers' string interners do: each distinct
//! definition is made once and kept for the life of the process. A process
//! that loads the same campaign again (a watch loop) gets the definition
//! made the first time, so memory grows only with definitions that differ,
//! a few hundred bytes each.

use std::collections::BTreeMap;
use std::sync::Mutex;

/// A pool of definitions, each kept once under the key it was made from.
pub type Pool<T> = Mutex<BTreeMap<String, &'static T>>;

/// The definition kept under `key`, made by `make` the first time.
pub fn once<T: Sync + 'static>(
    pool: &Pool<T>,
    key: String,
    make: impl FnOnce() -> T,
) -> &'static T {
    // A poisoned pool still holds only whole definitions.
    let mut pool = pool.lock().unwrap_or_else(|e| e.into_inner());
    pool.entry(key)
        .or_insert_with(|| Box::leak(Box::new(make())))
}

/// A text made to live as long as the built-in tables' texts.
pub fn text(s: &str) -> &'static str {
    static TEXTS: Pool<str> = Mutex::new(BTreeMap::new());
    let mut pool = TEXTS.lock().unwrap_or_else(|e| e.into_inner());
    pool.entry(s.to_owned())
        .or_insert_with(|| Box::leak(s.to_owned().into_boxed_str()))
}

/// A list made to live as long as the built-in tables' lists; only called
/// from inside [`once`], so each is made once per distinct definition.
pub fn list<T>(items: Vec<T>) -> &'static [T] {
    Box::leak(items.into_boxed_slice())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_same_key_gives_the_same_definition() {
        static POOL: Pool<Vec<u8>> = Mutex::new(BTreeMap::new());
        let a = once(&POOL, "a".into(), || vec![1]);
        let again = once(&POOL, "a".into(), || vec![2]);
        assert!(std::ptr::eq(a, again));
        assert_eq!(again, &vec![1]);
        assert_ne!(once(&POOL, "b".into(), || vec![3]), a);
    }

    #[test]
    fn texts_are_kept_once() {
        assert!(std::ptr::eq(text("event"), text(&String::from("event"))));
    }
}
