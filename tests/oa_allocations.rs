//! Recording an answer allocates nothing: a bulk sender records thousands a
//! minute under one lock. Counted with a global allocator of this test's own.

use std::alloc::{GlobalAlloc, Layout, System};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, UNIX_EPOCH};

use zalo_zns_errors::{Answer, Attempts, Clearance, ErrorCode, OaState};

struct Counting;

static ALLOCATIONS: AtomicUsize = AtomicUsize::new(0);

// SAFETY: every call is forwarded unchanged to the system allocator, which
// upholds `GlobalAlloc`'s contract; the count is an atomic add.
unsafe impl GlobalAlloc for Counting {
    unsafe fn alloc(&self, layout: Layout) -> *mut u8 {
        ALLOCATIONS.fetch_add(1, Ordering::SeqCst);
        unsafe { System.alloc(layout) }
    }
    unsafe fn dealloc(&self, ptr: *mut u8, layout: Layout) {
        unsafe { System.dealloc(ptr, layout) }
    }
}

#[global_allocator]
static GLOBAL: Counting = Counting;

#[test]
fn recording_an_answer_does_not_allocate() {
    let now = UNIX_EPOCH + Duration::from_secs(1_796_180_400);
    let mut answers: Vec<Answer> = ErrorCode::ALL
        .iter()
        .map(|c| Answer::Code(c.code()))
        .collect();
    answers.extend([
        Answer::Sent,
        Answer::Transport,
        Answer::NotZns,
        Answer::Code(-99_999),
    ]);
    let mut oa = OaState::new();
    let at = now;
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for _ in 0..20 {
        for &answer in &answers {
            let mut attempts = Attempts::new();
            // A permit when the OA gives one (a refresh or a wait otherwise).
            if let Clearance::Send(permit) = oa.before_send(&attempts, at) {
                let _ = oa.record(permit, answer, &mut attempts, at);
            }
            let _ = oa.before_send(&attempts, at);
        }
    }
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert_eq!(after - before, 0, "allocations while recording answers");
}
