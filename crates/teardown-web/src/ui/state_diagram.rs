//! The RFC 9293 state diagram (filled in with the playback work).
