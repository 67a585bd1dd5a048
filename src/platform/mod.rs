//! The platforms handbill publishes to and their rules, kept in one table
//! with a source for each limit so it is easy to check and update.
//!
//! A [`Platform`] says how long its caption may be and how that length is
//! counted, how many hashtags and links a post may carry, how long an
//! image's alt text may be and how many bytes an image may have. [`count`]
//! measures a text the way each platform does; [`hygiene`] finds what makes
//! a caption or an alt text hard to read with a screen reader.
//!
//! Everything here is pure: it neither reads files nor makes `Problem`s.
//! The caller (`handbill check`) decides what is an error and where it is.
//! The names are the ones the built-in formats use (`crate::format`), plus
//! `bluesky` and `mastodon`; a campaign's own format may name a platform
//! handbill does not know, and [`named`] then returns `None` for the caller
//! to warn about.

pub mod count;
pub mod hygiene;

pub use count::{Count, length, linkedin_escape};

/// How a platform counts a text, and the most it allows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Limit {
    /// X: twitter-text's v3 weighted length. Code points in U+0000–10FF,
    /// U+2000–200D, U+2010–201F and U+2032–2037 weigh 1, others 2; an
    /// emoji sequence weighs 2; every URL, with or without a scheme,
    /// weighs 23; the text is NFC-normalised first.
    XWeighted(usize),
    /// Bluesky: grapheme clusters and UTF-8 bytes, each with its own
    /// maximum (`maxGraphemes` and `maxLength` in the lexicon).
    GraphemesAndBytes { graphemes: usize, bytes: usize },
    /// Mastodon: grapheme clusters, where a URL with a scheme counts 23 and
    /// a remote mention `@user@domain` only its `@user`.
    Mastodon(usize),
    /// UTF-16 code units, as JavaScript's `length` counts: a character
    /// outside the Basic Multilingual Plane (most emoji) counts 2.
    Utf16(usize),
    /// Threads: UTF-16 code units, except that an emoji counts its UTF-8
    /// bytes ("Emojis are counted as the number of UTF-8 bytes").
    Threads(usize),
    /// Unicode code points (Ruby's `String#length`).
    CodePoints(usize),
}

/// What a platform shows beside a card.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Caption {
    /// No caption is posted with the card: a story, a status, a link
    /// preview (its text comes from the page, not from handbill).
    Absent,
    /// A caption, with a documented limit.
    Limited(Limit),
}

/// Where a limit comes from.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Source {
    /// Which limit: `caption`, `hashtags`, `links`, `alt` or `image_bytes`.
    pub limit: &'static str,
    /// The document that states it: a URL, or a file at a commit.
    pub from: &'static str,
}

/// One platform's rules. `None` means the platform documents no limit.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Platform {
    /// The name formats use in their `platforms` list.
    pub name: &'static str,
    pub caption: Caption,
    /// The most hashtags a caption may carry.
    pub hashtags: Option<usize>,
    /// The most links a caption may carry.
    pub links: Option<usize>,
    /// The longest alt text an image may have.
    pub alt: Option<Limit>,
    /// The most bytes one image may have.
    pub image_bytes: Option<u64>,
    /// A source for each limit above that is not `None`, and for each
    /// `Caption::Absent`.
    pub sources: &'static [Source],
}

/// The platform with this name, or `None` if handbill does not know it.
pub fn named(name: &str) -> Option<&'static Platform> {
    PLATFORMS.iter().find(|p| p.name == name)
}

const MB: u64 = 1_000_000;
/// Meta's limit for a photo on Instagram, Facebook and Threads, and the
/// Open Graph image limit Facebook's and LinkedIn's previews fetch.
const META_BYTES: u64 = 8 * MB;
const X_BYTES: u64 = 5 * MB;

const INSTAGRAM_MEDIA: &str = "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media (caption: at most 2,200 characters; image: JPEG, 8 MB maximum)";
const INSTAGRAM_HASHTAGS: &str = "Instagram's limit of 5 hashtags a post since December 2025 (was 30), as https://www.ayrshare.com/docs/apis/post/social-networks/instagram states; Meta's own reference was not reached";
const META_STORY: &str = "https://developers.facebook.com/docs/instagram-platform/instagram-graph-api/reference/ig-user/media (media_type STORIES: caption is not supported)";
const X_ALT: &str =
    "https://docs.x.com/x-api/media/metadata-create (alt_text.text: max 1,000 characters)";
const X_MEDIA: &str = "https://docs.x.com/x-api/media/media-upload (images up to 5 MB)";
const OPEN_GRAPH: &str =
    "https://developers.facebook.com/docs/sharing/webmasters/images (og:image up to 8 MB)";
const LINK_PREVIEW: &str = "A link preview's text is the page's og:title and og:description, not a caption handbill writes";

/// Every platform handbill knows, by name.
///
/// Checked in late 2026 against each platform's own documentation or
/// source. Where a platform says "characters" without saying which,
/// [`Limit::Utf16`] is used: the posting forms count with JavaScript's
/// `length`, and it never counts fewer than code points, so a caption that
/// fits fits both ways.
pub const PLATFORMS: &[Platform] = &[
    Platform {
        name: "instagram",
        caption: Caption::Limited(Limit::Utf16(2_200)),
        hashtags: Some(5),
        links: None,
        alt: None,
        image_bytes: Some(META_BYTES),
        sources: &[
            Source {
                limit: "caption",
                from: INSTAGRAM_MEDIA,
            },
            Source {
                limit: "hashtags",
                from: INSTAGRAM_HASHTAGS,
            },
            Source {
                limit: "image_bytes",
                from: INSTAGRAM_MEDIA,
            },
        ],
    },
    Platform {
        name: "facebook",
        caption: Caption::Limited(Limit::Utf16(63_206)),
        hashtags: None,
        links: None,
        alt: None,
        image_bytes: Some(META_BYTES),
        sources: &[
            Source {
                limit: "caption",
                from: "63,206 characters, the limit Facebook's post composer enforces; no Meta document states it (../shared/REFERENCE.md)",
            },
            Source {
                limit: "image_bytes",
                from: OPEN_GRAPH,
            },
        ],
    },
    Platform {
        name: "threads",
        caption: Caption::Limited(Limit::Threads(500)),
        hashtags: None,
        links: Some(5),
        alt: None,
        image_bytes: Some(META_BYTES),
        sources: &[
            Source {
                limit: "caption",
                from: "https://developers.facebook.com/documentation/threads/posts (text posts are limited to 500 characters; emojis are counted as the number of UTF-8 bytes)",
            },
            Source {
                limit: "links",
                from: "https://developers.facebook.com/documentation/threads/create-posts/text-attachments (from December 22, 2025 a post with more than 5 links fails: THREADS_API__LINK_LIMIT_EXCEEDED)",
            },
            Source {
                limit: "image_bytes",
                from: "https://developers.facebook.com/docs/threads/overview (images: JPEG or PNG, 8 MB maximum)",
            },
        ],
    },
    Platform {
        name: "linkedin",
        caption: Caption::Limited(Limit::Utf16(3_000)),
        hashtags: None,
        links: None,
        alt: None,
        image_bytes: None,
        sources: &[Source {
            limit: "caption",
            from: "https://learn.microsoft.com/en-us/linkedin/marketing/community-management/shares/posts-api (commentary: 3,000 characters, in the little text format: see linkedin_escape)",
        }],
    },
    Platform {
        name: "instagram-story",
        caption: Caption::Absent,
        hashtags: None,
        links: None,
        alt: None,
        image_bytes: Some(META_BYTES),
        sources: &[
            Source {
                limit: "caption",
                from: META_STORY,
            },
            Source {
                limit: "image_bytes",
                from: INSTAGRAM_MEDIA,
            },
        ],
    },
    Platform {
        name: "facebook-story",
        caption: Caption::Absent,
        hashtags: None,
        links: None,
        alt: None,
        image_bytes: Some(META_BYTES),
        sources: &[
            Source {
                limit: "caption",
                from: "https://developers.facebook.com/docs/page-stories-api (a photo story publishes a photo_id and nothing else)",
            },
            Source {
                limit: "image_bytes",
                from: OPEN_GRAPH,
            },
        ],
    },
    Platform {
        name: "tiktok-photo",
        caption: Caption::Limited(Limit::Utf16(4_000)),
        hashtags: None,
        links: None,
        alt: None,
        image_bytes: Some(20 * MB),
        sources: &[
            Source {
                limit: "caption",
                from: "https://developers.tiktok.com/doc/content-posting-api-reference-photo-post (post_info.description: at most 4,000 UTF-16 runes)",
            },
            Source {
                limit: "image_bytes",
                from: "https://developers.tiktok.com/doc/content-posting-api-media-transfer-guide (images up to 20 MB)",
            },
        ],
    },
    Platform {
        name: "whatsapp-status",
        caption: Caption::Absent,
        hashtags: None,
        links: None,
        alt: None,
        image_bytes: None,
        sources: &[Source {
            limit: "caption",
            from: "handbill: a status is shared by hand from the phone, with no caption handbill writes",
        }],
    },
    Platform {
        name: "x",
        caption: Caption::Limited(Limit::XWeighted(280)),
        hashtags: None,
        links: None,
        alt: Some(Limit::CodePoints(1_000)),
        image_bytes: Some(X_BYTES),
        sources: &[
            Source {
                limit: "caption",
                from: "https://github.com/twitter/twitter-text/blob/30e2430d90cff3b46393ea54caf511441983c260/config/v3.json (maxWeightedTweetLength 280, scale 100, ranges of weight 100, transformedURLLength 23, emojiParsingEnabled)",
            },
            Source {
                limit: "alt",
                from: X_ALT,
            },
            Source {
                limit: "image_bytes",
                from: X_MEDIA,
            },
        ],
    },
    Platform {
        name: "facebook-link",
        caption: Caption::Absent,
        hashtags: None,
        links: None,
        alt: None,
        image_bytes: Some(META_BYTES),
        sources: &[
            Source {
                limit: "caption",
                from: LINK_PREVIEW,
            },
            Source {
                limit: "image_bytes",
                from: OPEN_GRAPH,
            },
        ],
    },
    Platform {
        name: "linkedin-link",
        caption: Caption::Absent,
        hashtags: None,
        links: None,
        alt: None,
        image_bytes: None,
        sources: &[Source {
            limit: "caption",
            from: LINK_PREVIEW,
        }],
    },
    Platform {
        name: "x-card",
        caption: Caption::Absent,
        hashtags: None,
        links: None,
        alt: Some(Limit::CodePoints(420)),
        image_bytes: Some(X_BYTES),
        sources: &[
            Source {
                limit: "caption",
                from: LINK_PREVIEW,
            },
            Source {
                limit: "alt",
                from: "https://developer.x.com/en/docs/x-for-websites/cards/overview/markup (twitter:image:alt: maximum 420 characters)",
            },
            Source {
                limit: "image_bytes",
                from: "https://developer.x.com/en/docs/x-for-websites/cards/overview/markup (twitter:image: less than 5 MB)",
            },
        ],
    },
    Platform {
        name: "bluesky",
        caption: Caption::Limited(Limit::GraphemesAndBytes {
            graphemes: 300,
            bytes: 3_000,
        }),
        hashtags: None,
        links: None,
        alt: Some(Limit::CodePoints(2_000)),
        image_bytes: Some(2 * MB),
        sources: &[
            Source {
                limit: "caption",
                from: "https://github.com/bluesky-social/atproto/blob/d6296a1cfdb40a773319cb59061300e4e8e52f26/lexicons/app/bsky/feed/post.json (text: maxGraphemes 300, maxLength 3000 bytes)",
            },
            Source {
                limit: "alt",
                from: "https://github.com/bluesky-social/social-app/blob/main/src/lib/constants.ts (MAX_ALT_TEXT = 2000; the lexicon itself sets none)",
            },
            Source {
                limit: "image_bytes",
                from: "https://github.com/bluesky-social/atproto/blob/d6296a1cfdb40a773319cb59061300e4e8e52f26/lexicons/app/bsky/embed/images.json (image blob maxSize 2,000,000 since April 2026, atproto #4823; it was 1,000,000)",
            },
        ],
    },
    Platform {
        name: "mastodon",
        caption: Caption::Limited(Limit::Mastodon(500)),
        hashtags: None,
        links: None,
        alt: Some(Limit::CodePoints(1_500)),
        image_bytes: Some(16 * 1024 * 1024),
        sources: &[
            Source {
                limit: "caption",
                from: "https://github.com/mastodon/mastodon/blob/main/app/validators/status_length_validator.rb (MAX_CHARS 500, grapheme clusters, URL_PLACEHOLDER_CHARS 23, a mention counts as @username; a server may raise it)",
            },
            Source {
                limit: "alt",
                from: "https://github.com/mastodon/mastodon/blob/main/app/models/media_attachment.rb (MAX_DESCRIPTION_LENGTH = 1_500)",
            },
            Source {
                limit: "image_bytes",
                from: "https://github.com/mastodon/mastodon/blob/main/app/models/media_attachment.rb (IMAGE_LIMIT = 16.megabytes; a server may change it)",
            },
        ],
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    /// The limits a platform sets, by the names [`Source::limit`] uses.
    fn limits_set(p: &Platform) -> Vec<&'static str> {
        let mut set = Vec::new();
        // An absent caption is a fact about the platform too, so it needs a
        // source like a limit does.
        set.push("caption");
        if p.hashtags.is_some() {
            set.push("hashtags");
        }
        if p.links.is_some() {
            set.push("links");
        }
        if p.alt.is_some() {
            set.push("alt");
        }
        if p.image_bytes.is_some() {
            set.push("image_bytes");
        }
        set
    }

    #[test]
    fn every_limit_has_a_source_and_every_source_a_limit() {
        for p in PLATFORMS {
            let mut set = limits_set(p);
            let mut sourced: Vec<_> = p.sources.iter().map(|s| s.limit).collect();
            set.sort();
            sourced.sort();
            assert_eq!(set, sourced, "{}", p.name);
            assert!(p.sources.iter().all(|s| !s.from.trim().is_empty()));
        }
    }

    #[test]
    fn every_platform_a_built_in_format_names_is_in_the_table() {
        for format in crate::format::FORMATS {
            for name in format.platforms {
                assert!(named(name).is_some(), "{} of {}", name, format.name);
            }
        }
    }

    #[test]
    fn names_are_unique_and_unknown_names_are_none() {
        for p in PLATFORMS {
            assert_eq!(named(p.name), Some(p));
        }
        assert!(named("bluesky").is_some() && named("mastodon").is_some());
        assert_eq!(named("foo"), None);
        assert_eq!(named("X"), None, "names are matched exactly");
    }

    #[test]
    fn the_issue_s_limits_are_the_table_s() {
        let caption = |n: &str| named(n).map(|p| p.caption);
        assert_eq!(caption("x"), Some(Caption::Limited(Limit::XWeighted(280))));
        assert_eq!(named("instagram").and_then(|p| p.hashtags), Some(5));
        assert_eq!(named("threads").and_then(|p| p.links), Some(5));
        assert_eq!(
            named("mastodon").and_then(|p| p.alt),
            Some(Limit::CodePoints(1_500))
        );
        assert_eq!(caption("instagram-story"), Some(Caption::Absent));
        assert_eq!(caption("x-card"), Some(Caption::Absent));
    }
}
