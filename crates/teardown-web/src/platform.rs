//! The browser's services the page uses outside its components: the page's address and
//! localStorage. Every call is guarded (no window, private mode, storage denied): the page
//! keeps working without them.

/// This page's address without query or fragment (where links point); empty without a window.
pub fn here() -> String {
    web_sys::window()
        .and_then(|w| w.location().href().ok())
        .map(|href| crate::share::page_base(&href).to_string())
        .unwrap_or_default()
}

fn storage() -> Option<web_sys::Storage> {
    web_sys::window()?.local_storage().ok().flatten()
}

/// The value stored under `key` in this browser, if storage can be read.
pub fn stored(key: &str) -> Option<String> {
    storage()?.get_item(key).ok().flatten()
}

/// Stores `value` under `key`; nothing happens if storage is unavailable.
pub fn store(key: &str, value: &str) {
    if let Some(s) = storage() {
        let _ = s.set_item(key, value);
    }
}
