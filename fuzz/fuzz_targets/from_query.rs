//! Any bytes as a link: parsing never panics, and what it parses to writes
//! back to a link that reads the same, with no warnings.
#![no_main]

use libfuzzer_sys::fuzz_target;
use teardown_core::Link;

fuzz_target!(|data: &[u8]| {
    let query = String::from_utf8_lossy(data);
    let (link, _warnings) = Link::from_query(&query);
    let written = link.to_query();
    let (again, warnings) = Link::from_query(&written);
    assert!(warnings.is_empty(), "{written}: {warnings:?}");
    assert_eq!(again, link, "{written}");
});
