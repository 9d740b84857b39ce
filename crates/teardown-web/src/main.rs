//! Entry point for Trunk: the page itself lives in the library.

fn main() {
    teardown_web::run();
}
