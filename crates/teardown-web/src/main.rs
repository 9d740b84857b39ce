//! Entry point for Trunk: the page itself lives in the library.

/// The page's allocator: Talc instead of Rust's default dlmalloc. The page allocates a lot of
/// small, short-lived things (Yew's virtual nodes); Talc is smaller in the WASM, and frame
/// times are the same within noise (docs/performance.md). Without in-place realloc:
/// the page's buffers are small, and it saves code.
#[cfg(all(target_arch = "wasm32", not(target_feature = "atomics")))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

fn main() {
    teardown_web::run();
}
