//! Fuzzes the YAML loader, `campaign::load`, in memory. The first byte
//! chooses the mode: even, the rest is one message file beside the shipped
//! `campaign.yaml`; odd, the rest is `campaign.yaml` beside the shipped
//! message files. Any answer is fine; a panic or a hang is not.
#![no_main]

use std::path::PathBuf;

use handbill::campaign::{Sources, load};
use handbill_fuzz::{shipped, shipped_messages};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Some((&mode, rest)) = data.split_first() else {
        return;
    };
    // The project reader refuses a file that is not UTF-8 before loading.
    let Ok(text) = std::str::from_utf8(rest) else {
        return;
    };
    let campaign_path = PathBuf::from("messages/campaign.yaml");
    let sources = if mode % 2 == 0 {
        Sources {
            campaign: (campaign_path, shipped("messages/campaign.yaml")),
            messages: vec![(PathBuf::from("messages/fuzzed.yaml"), text.to_owned())],
        }
    } else {
        Sources {
            campaign: (campaign_path, text.to_owned()),
            messages: shipped_messages().to_vec(),
        }
    };
    let _ = load(&sources);
});
