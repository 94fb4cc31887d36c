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

const TEMPLATES: [&str; 5] = ["203972", "203973", "203974", "203975", "203976"];

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
    let templates_oa = OaState::new();
    let template_codes: Vec<Answer> = ErrorCode::ALL
        .iter()
        .filter(|c| c.scope() == zalo_zns_errors::Scope::Template)
        .map(|c| Answer::Code(c.code()))
        .collect();
    let before = ALLOCATIONS.load(Ordering::SeqCst);
    for round in 0..20 {
        for &answer in &answers {
            let mut attempts = Attempts::new();
            // A permit when the OA gives one (a refresh or a wait otherwise),
            // half of them for a template of their own, which a template's
            // failure holds.
            let template = TEMPLATES[round % TEMPLATES.len()];
            let clearance = if round % 2 == 0 {
                oa.before_send(&attempts, at)
            } else {
                oa.before_send_template(template, &attempts, at)
            };
            if let Clearance::Send(permit) = clearance {
                let _ = oa.record(permit, answer, &mut attempts, at);
            }
            let _ = oa.before_send(&attempts, at);
        }
    }
    // Templates held one after another, on an OA no sender-wide answer holds.
    let mut oa = templates_oa;
    for template in TEMPLATES {
        for &answer in &template_codes {
            let mut attempts = Attempts::new();
            if let Clearance::Send(permit) = oa.before_send_template(template, &attempts, at) {
                let _ = oa.record(permit, answer, &mut attempts, at);
            }
        }
    }
    assert_eq!(oa.held_templates().count(), TEMPLATES.len());
    let after = ALLOCATIONS.load(Ordering::SeqCst);
    assert_eq!(after - before, 0, "allocations while recording answers");
}
