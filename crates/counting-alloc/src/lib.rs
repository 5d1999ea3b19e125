//! A global allocator that counts the bytes each thread holds, for tests that must show an
//! operation stays within a heap bound (a crafted file is refused without a large allocation).
//!
//! ```ignore
//! #[global_allocator]
//! static ALLOCATOR: counting_alloc::Counting = counting_alloc::Counting;
//!
//! let (outcome, peak) = counting_alloc::peak_during(|| import(bytes));
//! assert!(peak < 16 << 20);
//! ```
//!
//! Counting is per thread, so tests running in parallel do not see each other's allocations.
//! Memory freed on another thread than the one that allocated it is subtracted there (the
//! counter saturates at zero), which only lowers that thread's figure.

use std::alloc::{GlobalAlloc, Layout, System};
use std::cell::Cell;

/// The system allocator, counting each thread's live bytes and their peak. Install it with
/// `#[global_allocator]` in the test binary that measures.
#[derive(Debug, Clone, Copy, Default)]
pub struct Counting;

thread_local! {
    static CURRENT: Cell<usize> = const { Cell::new(0) };
    static PEAK: Cell<usize> = const { Cell::new(0) };
}

fn add(n: usize) {
    // `try_with`: the allocator is also called while a thread's locals are being torn down.
    let _ = CURRENT.try_with(|c| {
        let now = c.get().saturating_add(n);
        c.set(now);
        let _ = PEAK.try_with(|p| p.set(p.get().max(now)));
    });
}

fn sub(n: usize) {
    let _ = CURRENT.try_with(|c| c.set(c.get().saturating_sub(n)));
}

// SAFETY: every call is passed on to the system allocator unchanged; the counters are plain
// thread-local cells with const initialisers, which never allocate.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        add(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc(layout) }
    }

    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        sub(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.dealloc(ptr, layout) }
    }

    unsafe fn alloc_zeroed(&self, layout: Layout) -> *mut u8 {
        add(layout.size());
        // SAFETY: the caller's contract is passed on.
        unsafe { System.alloc_zeroed(layout) }
    }

    unsafe fn realloc(&self, ptr: *mut u8, layout: Layout, new_size: usize) -> *mut u8 {
        sub(layout.size());
        add(new_size);
        // SAFETY: the caller's contract is passed on.
        unsafe { System.realloc(ptr, layout, new_size) }
    }
}

/// Runs `f` and answers its result with the most bytes this thread held at once during the call,
/// on top of what it held before. Meaningful only when [`Counting`] is the global allocator
/// (otherwise the figure is 0).
pub fn peak_during<T>(f: impl FnOnce() -> T) -> (T, usize) {
    let base = CURRENT.with(Cell::get);
    PEAK.with(|p| p.set(base));
    let value = f();
    let peak = PEAK.with(Cell::get).saturating_sub(base);
    (value, peak)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[global_allocator]
    static ALLOCATOR: Counting = Counting;

    #[test]
    fn counts_an_allocation_held_during_the_call() {
        let (len, peak) = peak_during(|| vec![0u8; 1 << 20].len());
        assert_eq!(len, 1 << 20);
        assert!(peak >= 1 << 20, "{peak}");
    }

    #[test]
    fn a_call_that_allocates_nothing_peaks_at_zero() {
        let ((), peak) = peak_during(|| ());
        assert_eq!(peak, 0);
    }
}
