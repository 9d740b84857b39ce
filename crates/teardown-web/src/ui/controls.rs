//! The scenario controls (filled in with the playback work).
