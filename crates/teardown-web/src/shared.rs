//! [`Shared`]: how the page compares the things it shares instead of copying (the model, the
//! playhead): by identity.

use std::ops::Deref;
use std::rc::Rc;

/// An `Rc` compared by pointer: a state or props holding the model compare in O(1) (a derived
/// comparison would walk the whole timeline every frame). A new model is made whenever the
/// scenario changes, so identity is enough.
#[derive(Debug)]
pub struct Shared<T>(pub Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(Rc::clone(&self.0))
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

impl<T> Shared<T> {
    pub fn new(value: T) -> Self {
        Shared(Rc::new(value))
    }
}
