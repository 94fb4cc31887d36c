//! What the OA's state tells a person, with `take_alerts`: each thing once
//! (a hold of the OA, a template held, an authorise-again alert, a pause for
//! the OA's limit), across a store and read-back and across holds that come
//! and go. Codes are picked from the table by their labels, never by number.

use std::time::{Duration, SystemTime};

use zalo_zns_errors::{
    Alert, Answer, Attempts, Clearance, ErrorCode, OaState, Permit, RefreshOutcome, RefreshRefused,
    Resolution, Retry, Scope,
};

#[path = "support/by_labels.rs"]
mod by_labels;

use by_labels::{code_where, ten};

const MINUTE: Duration = Duration::from_secs(60);
const HOUR: Duration = Duration::from_secs(3600);

fn send(oa: &mut OaState, template: &str, now: SystemTime) -> Permit {
    match oa.before_send_template(template, &Attempts::new(), now) {
        Clearance::Send(permit) => permit,
        other => panic!("expected Send for {template}, got {other:?}"),
    }
}

/// One message of `template`, answered with `code`.
fn answered(oa: &mut OaState, template: &str, code: i32, now: SystemTime) {
    let permit = send(oa, template, now);
    let _ = oa
        .record(permit, Answer::Code(code), &mut Attempts::new(), now)
        .unwrap();
}

fn stored(oa: &OaState) -> OaState {
    serde_json::from_str(&serde_json::to_string(oa).unwrap()).unwrap()
}

#[test]
fn a_hold_of_the_oa_is_told_once_across_a_store_and_read_back() {
    let now = ten();
    let mut oa = OaState::new();
    let sender_fix = code_where(Retry::AfterFix, Scope::Sender);
    // Two messages in flight meet the same hold.
    let first = send(&mut oa, "203972", now);
    let second = send(&mut oa, "203973", now);
    for permit in [first, second] {
        let _ = oa
            .record(permit, Answer::Code(sender_fix), &mut Attempts::new(), now)
            .unwrap();
    }
    // Stored before anyone took the alert: the read-back state still has it.
    let mut restarted = stored(&oa);
    let alerts = restarted.take_alerts();
    let [Alert::OaHeld(hold)] = &alerts[..] else {
        panic!("{alerts:?}")
    };
    assert_eq!(Some(hold), oa.hold());
    assert_eq!(alerts[0].resolution(), Resolution::Release);
    assert_eq!(alerts[0].to_string(), hold.to_string());
    assert_eq!(alerts[0].vi().to_string(), hold.vi().to_string());
    assert!(restarted.take_alerts().is_empty());
    // Stored after: told, so not again.
    assert!(stored(&restarted).take_alerts().is_empty());
    // Released and held again: a new hold, told again.
    restarted.release();
    answered(&mut restarted, "203972", sender_fix, now + MINUTE);
    assert_eq!(restarted.take_alerts().len(), 1);
}

#[test]
fn each_template_held_is_told_once_and_a_new_hold_of_it_again() {
    let now = ten();
    let template_fix = code_where(Retry::AfterFix, Scope::Template);
    let mut oa = OaState::new();
    answered(&mut oa, "203972", template_fix, now);
    answered(&mut oa, "203973", template_fix, now);
    answered(&mut oa, "203974", template_fix, now);
    let alerts = oa.take_alerts();
    let held: Vec<Option<&str>> = alerts
        .iter()
        .map(|alert| match alert {
            Alert::TemplateHeld(hold) => hold.template(),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(held, [Some("203972"), Some("203973"), Some("203974")]);
    assert!(
        alerts
            .iter()
            .all(|alert| alert.resolution() == Resolution::ReleaseTemplate)
    );
    assert!(alerts[1].to_string().contains("203973"), "{}", alerts[1]);
    assert!(alerts[1].vi().to_string().contains("203973"));
    assert!(oa.take_alerts().is_empty());
    // One more while the first is released and held again, after a store:
    // the untold ones follow their templates as the list shrinks.
    assert!(oa.release_template("203972"));
    answered(&mut oa, "203975", template_fix, now + MINUTE);
    answered(&mut oa, "203972", template_fix, now + MINUTE);
    assert!(oa.release_template("203973"));
    let mut oa = stored(&oa);
    let again: Vec<Option<String>> = oa
        .take_alerts()
        .iter()
        .map(|alert| match alert {
            Alert::TemplateHeld(hold) => hold.template().map(str::to_owned),
            other => panic!("{other:?}"),
        })
        .collect();
    assert_eq!(
        again,
        [Some("203975".to_owned()), Some("203972".to_owned())]
    );
    assert!(oa.take_alerts().is_empty());
}

#[test]
fn a_hold_released_before_it_was_taken_is_not_told() {
    let now = ten();
    let mut oa = OaState::new();
    answered(
        &mut oa,
        "203972",
        code_where(Retry::AfterFix, Scope::Template),
        now,
    );
    assert!(oa.release_template("203972"));
    answered(
        &mut oa,
        "203973",
        code_where(Retry::AfterFix, Scope::Sender),
        now,
    );
    oa.release();
    assert_eq!(oa.take_alerts(), []);
}

#[test]
fn a_refusal_while_the_token_works_and_the_hold_after_it_are_each_told_once() {
    let now = ten();
    let mut oa = OaState::new();
    oa.token_restored(now, Some(now + 2 * HOUR));
    // Ahead of the expiry, one caller refreshes; Zalo refuses.
    let ticket = (0..)
        .map(|minutes| now + MINUTE * minutes)
        .take(120)
        .find_map(|at| match oa.before_send(&Attempts::new(), at) {
            Clearance::Refresh(ticket) => Some((ticket, at)),
            Clearance::Send(permit) => {
                oa.give_back(permit).unwrap();
                None
            }
            other => panic!("{other:?}"),
        })
        .expect("a refresh ahead of the expiry");
    let refused = RefreshRefused::new(Some(-14014), "Invalid refresh token");
    let _ = oa
        .record_refresh(ticket.0, RefreshOutcome::Refused(refused), ticket.1)
        .unwrap();
    let alerts = oa.take_alerts();
    let [Alert::AuthoriseAgain(alert)] = &alerts[..] else {
        panic!("{alerts:?}")
    };
    assert_eq!(alert.by(), Some(now + 2 * HOUR));
    assert_eq!(alerts[0].resolution(), Resolution::TokenGranted);
    assert!(
        alerts[0]
            .to_string()
            .contains("-14014 Invalid refresh token")
    );
    assert!(stored(&oa).take_alerts().is_empty());
    // The token ends: the OA is held, which is news.
    assert_eq!(
        oa.before_send(&Attempts::new(), now + 3 * HOUR),
        Clearance::Held
    );
    let alerts = oa.take_alerts();
    let [Alert::OaHeld(hold)] = &alerts[..] else {
        panic!("{alerts:?}")
    };
    assert!(hold.needs_authorisation());
    assert_eq!(alerts[0].resolution(), Resolution::TokenGranted);
    assert!(oa.take_alerts().is_empty());
    // Authorised again: nothing left to tell.
    oa.token_granted(now + 4 * HOUR, Some(Duration::from_secs(90_000)));
    assert!(oa.take_alerts().is_empty());
}

#[test]
fn a_pause_for_the_oas_limit_is_told_once_and_a_new_one_again() {
    let now = ten();
    let quota = code_where(Retry::NextDay, Scope::Sender);
    let mut oa = OaState::new();
    let first = send(&mut oa, "203972", now);
    let second = send(&mut oa, "203973", now);
    let third = send(&mut oa, "203974", now);
    for permit in [first, second] {
        let _ = oa
            .record(permit, Answer::Code(quota), &mut Attempts::new(), now)
            .unwrap();
    }
    let alerts = oa.take_alerts();
    let [Alert::Paused(pause)] = &alerts[..] else {
        panic!("{alerts:?}")
    };
    assert_eq!(pause.code(), quota);
    assert_eq!(Some(pause.until()), oa.paused_until());
    assert_eq!(alerts[0].resolution(), Resolution::EndPause);
    let code = ErrorCode::from_code(quota).unwrap();
    assert!(alerts[0].to_string().contains(&code.to_string()));
    assert!(alerts[0].vi().to_string().contains("giờ Việt Nam"));
    assert!(oa.take_alerts().is_empty());
    // A late answer of the same kind, while paused, is the same pause.
    let _ = oa
        .record(
            third,
            Answer::Code(quota),
            &mut Attempts::new(),
            now + MINUTE,
        )
        .unwrap();
    assert!(oa.take_alerts().is_empty());
    // A person raised the quota; the OA meets its limit again: a new pause.
    oa.end_pause();
    answered(&mut oa, "203972", quota, now + HOUR);
    assert_eq!(oa.take_alerts().len(), 1);
    // The pause ends by itself; the next day's is told again.
    let next_day = now + 24 * HOUR;
    let permit = send(&mut oa, "203972", next_day);
    let _ = oa
        .record(permit, Answer::Code(quota), &mut Attempts::new(), next_day)
        .unwrap();
    assert_eq!(oa.take_alerts().len(), 1);
}

/// An OA whose answer with these labels held something, as stored JSON.
fn stored_after(retry: Retry, scope: Scope) -> serde_json::Value {
    let mut oa = OaState::new();
    answered(&mut oa, "203972", code_where(retry, scope), ten());
    serde_json::to_value(&oa).unwrap()
}

/// Reading `json` back fails, saying `said`.
fn refused(json: serde_json::Value, said: &str) {
    let error = serde_json::from_value::<OaState>(json).unwrap_err();
    assert!(error.to_string().contains(said), "{error}");
}

#[test]
fn a_state_stored_by_0_4_has_nothing_untold() {
    // 0.4 stored no `untold`: its sender told a person itself.
    let mut json = stored_after(Retry::AfterFix, Scope::Sender);
    json.as_object_mut().unwrap().remove("untold").unwrap();
    let mut read: OaState = serde_json::from_value(json).unwrap();
    assert!(read.hold().is_some());
    assert!(read.take_alerts().is_empty());
}

#[test]
fn a_stored_untold_template_beyond_the_held_ones_is_refused() {
    let mut json = stored_after(Retry::AfterFix, Scope::Template);
    json["untold"]["templates"] = 0b10.into();
    refused(
        json,
        "`untold.templates` is 0b10, with a bit for a template beyond the 1 held",
    );
}

#[test]
fn a_stored_template_id_that_is_another_templates_is_refused() {
    let mut json = stored_after(Retry::AfterFix, Scope::Template);
    assert_eq!(json["held_templates"][0]["id"], "203972");
    json["held_templates"][0]["id"] = "111111".into();
    refused(json, "with the id \"111111\", which is another template's");
}

#[test]
fn a_template_id_too_long_to_keep_is_still_held_and_told() {
    let long = "7".repeat(65);
    let mut oa = OaState::new();
    answered(
        &mut oa,
        &long,
        code_where(Retry::AfterFix, Scope::Template),
        ten(),
    );
    let alerts = oa.take_alerts();
    let [Alert::TemplateHeld(hold)] = &alerts[..] else {
        panic!("{alerts:?}")
    };
    assert!(hold.is_for(&long));
    assert_eq!(hold.template(), None);
    assert!(alerts[0].to_string().contains("longer than 64 bytes"));
    // Stored in a format without field names, with and without an id.
    answered(
        &mut oa,
        "203972",
        code_where(Retry::AfterFix, Scope::Template),
        ten(),
    );
    let bytes = postcard::to_stdvec(&oa).unwrap();
    assert_eq!(postcard::from_bytes::<OaState>(&bytes).unwrap(), oa);
    assert_eq!(stored(&oa), oa);
    assert_eq!(
        oa.before_send_template(&long, &Attempts::new(), ten()),
        Clearance::Held
    );
}
