//! The page's state machine, natively: sequences of inputs, re-entrant ones
//! included (page code calling the API while an effect runs), give the right
//! effects and end state.
#![cfg(not(target_arch = "wasm32"))]

use icta_consent::{
    Action, Category, Choices, Clock, Command, ConsentMode, Effect, Input, Lang, Machine, Method,
    Notice, Profile, Reason, Record, Stored, Visit, Watch,
};
use proptest::prelude::*;

const NOW: u64 = 1_764_000_000_000;

fn clock(now: u64) -> Clock {
    Clock {
        now,
        random: [9; 16],
    }
}

fn visit(stored: Stored, signal: bool) -> Visit {
    Visit {
        stored,
        now: NOW,
        random: [9; 16],
        signal,
        storage: true,
        config_error: None,
        body: true,
    }
}

fn machine() -> Machine<'static> {
    Machine::new(icta(), Lang::Az)
}

/// The icta.az profile, made once for every machine of the tests.
fn icta() -> &'static Profile {
    static PROFILE: std::sync::OnceLock<Profile> = std::sync::OnceLock::new();
    PROFILE.get_or_init(Profile::icta)
}

/// A profile with a page's config, for the life of the tests.
fn configured(json: &str) -> &'static Profile {
    Box::leak(Box::new(
        Profile::icta().with_config(json).expect("a config"),
    ))
}

/// A record as a previous visit stored it.
fn stored(action: Action) -> Stored {
    let (choices, method) = action.resolve();
    stored_with(choices, method)
}

fn stored_with(choices: Choices, method: Method) -> Stored {
    let moment = icta_consent::Moment {
        now: NOW - 60_000,
        random: [3; 16],
        language: Lang::Az,
    };
    Stored::Record(Record::new(choices, method, None, moment, &Profile::icta()))
}

/// Feeds `input` and runs the effects, calling `page_code` after each one as
/// the page's handlers would (it may feed more inputs), and the rest of a run
/// that yielded, as its next task would. Returns every effect run, in order.
fn run(
    m: &mut Machine,
    input: Input,
    mut page_code: impl FnMut(&Effect, &mut Machine),
) -> Vec<Effect> {
    let mut ran = Vec::new();
    let mut drain = m.handle(input);
    while drain {
        while let Some(effect) = m.next_effect() {
            page_code(&effect, m);
            ran.push(effect);
        }
        drain = m.resume();
    }
    ran
}

fn quiet(m: &mut Machine, input: Input) -> Vec<Effect> {
    run(m, input, |_, _| {})
}

/// The effects up to the next pause (a yield) or the end of the run.
fn until_pause(m: &mut Machine) -> Vec<Effect> {
    core::iter::from_fn(|| m.next_effect()).collect()
}

/// A first visit paused after the start's own task, before the banner's.
fn between_the_first_tasks() -> Machine<'static> {
    let mut m = machine();
    m.handle(Input::Start(visit(Stored::Missing, false)));
    assert_eq!(until_pause(&mut m), [Effect::Yield]);
    m
}

fn started(stored: Stored) -> Machine<'static> {
    let mut m = machine();
    quiet(&mut m, Input::Start(visit(stored, false)));
    m
}

fn activations(effects: &[Effect]) -> Vec<Choices> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Activate(c) | Effect::ActivateAdded(c) => Some(*c),
            _ => None,
        })
        .collect()
}

fn stores(effects: &[Effect]) -> Vec<&Record> {
    effects
        .iter()
        .filter_map(|e| match e {
            Effect::Store(r) => Some(r),
            _ => None,
        })
        .collect()
}

const VETO: Action = Action::Save {
    preferences: true,
    analytics: false,
};

#[test]
fn a_first_visit_shows_the_banner_denies_consent_mode_and_activates_only_necessary() {
    let mut m = machine();
    let effects = quiet(&mut m, Input::Start(visit(Stored::Missing, false)));
    assert_eq!(
        effects,
        [
            Effect::Yield,
            Effect::Banner(true),
            Effect::Yield,
            Effect::Listen,
            Effect::ConsentMode(Command::Default, ConsentMode::DEFAULT),
            Effect::Activate(Choices::NECESSARY_ONLY),
            Effect::Notify(Notice::Ready, None),
        ]
    );
    assert!(m.banner_visible());
    assert_eq!(m.reason(), Some(Reason::Missing));
}

#[test]
fn a_first_start_yields_before_the_banner_and_after_it_until_resumed() {
    let mut m = machine();
    assert!(m.handle(Input::Start(visit(Stored::Missing, false))));
    let first = until_pause(&mut m);
    assert_eq!(first, [Effect::Yield]);
    // Between the tasks: no run is under way (a microtask finds nothing to
    // finish), and the page is not ready yet.
    assert!(!m.running());
    assert_eq!(m.next_effect(), None);
    assert!(m.resume());
    assert!(!m.resume(), "one resume");
    let banner = until_pause(&mut m);
    assert_eq!(banner, [Effect::Banner(true), Effect::Yield]);
    assert!(!m.running());
    assert!(m.resume());
    let rest = until_pause(&mut m);
    assert_eq!(rest.first(), Some(&Effect::Listen));
    assert_eq!(rest.last(), Some(&Effect::Notify(Notice::Ready, None)));
    assert!(!rest.contains(&Effect::Yield));
    assert!(!m.running());
}

#[test]
fn an_input_between_the_banner_and_the_rest_takes_the_rest_along_at_once() {
    let mut m = between_the_first_tasks();
    assert!(m.resume());
    assert_eq!(m.next_effect(), Some(Effect::Banner(true)));
    assert_eq!(m.next_effect(), Some(Effect::Yield));
    assert_eq!(m.next_effect(), None);
    // The visitor rejects before the third task.
    assert!(m.handle(Input::Act(Action::RejectAll, clock(NOW))));
    let effects = until_pause(&mut m);
    assert_eq!(effects.first(), Some(&Effect::Listen));
    assert!(effects.contains(&Effect::Banner(false)), "{effects:#?}");
    assert!(!m.running());
    assert!(!m.resume(), "the third task finds nothing left");
}

#[test]
fn a_yield_with_no_next_task_to_be_had_does_not_stop_the_run() {
    let mut m = machine();
    assert!(m.handle(Input::Start(visit(Stored::Missing, false))));
    assert_eq!(m.next_effect(), Some(Effect::Yield));
    // The browser could queue no task: it resumes while each yield runs.
    assert!(!m.resume());
    assert_eq!(m.next_effect(), Some(Effect::Banner(true)));
    assert_eq!(m.next_effect(), Some(Effect::Yield));
    assert!(!m.resume());
    let rest = until_pause(&mut m);
    assert_eq!(rest.last(), Some(&Effect::Notify(Notice::Ready, None)));
    assert!(!m.running());
}

#[test]
fn an_input_between_the_tasks_takes_the_rest_of_the_start_along() {
    let mut m = between_the_first_tasks();
    // The visitor accepts before the next task.
    assert!(m.handle(Input::Act(Action::AcceptAll, clock(NOW))));
    let effects = until_pause(&mut m);
    let ready = effects
        .iter()
        .position(|e| matches!(e, Effect::Notify(Notice::Ready, _)));
    let hidden = effects.iter().position(|e| *e == Effect::Banner(false));
    assert!(ready < hidden && ready.is_some(), "{effects:#?}");
    // The start's activation carries what it was queued under; the accept
    // runs under its own, after the change has been announced.
    assert_eq!(
        activations(&effects),
        [Choices::NECESSARY_ONLY, Choices::ALL]
    );
    let change = effects
        .iter()
        .position(|e| matches!(e, Effect::Notify(Notice::Change, _)));
    let second = effects
        .iter()
        .rposition(|e| *e == Effect::Activate(Choices::ALL));
    assert!(change < second && change.is_some(), "{effects:#?}");
    // The start's own task finds nothing left.
    assert!(!m.resume());
}

#[test]
fn a_returning_visitor_gets_no_banner_and_their_grant_before_ready() {
    let mut m = machine();
    let effects = quiet(
        &mut m,
        Input::Start(visit(stored(Action::AcceptAll), false)),
    );
    assert_eq!(
        effects,
        [
            Effect::Listen,
            Effect::Observe(Watch::Added),
            Effect::ConsentMode(Command::Default, ConsentMode::DEFAULT),
            Effect::ConsentMode(Command::Update, ConsentMode::from_choices(Choices::ALL)),
            Effect::Activate(Choices::ALL),
            Effect::Notify(Notice::Ready, Some(Choices::ALL)),
        ]
    );
    assert!(!m.banner_visible());
}

#[test]
fn accept_all_hides_the_banner_stores_then_announces_then_activates() {
    let mut m = started(Stored::Missing);
    let effects = quiet(&mut m, Input::Act(Action::AcceptAll, clock(NOW)));
    let record = m.record().expect("a record").clone();
    assert_eq!(record.method, Method::AcceptAll);
    assert_eq!(
        effects,
        [
            Effect::Banner(false),
            Effect::Store(record),
            Effect::ConsentMode(Command::Update, ConsentMode::from_choices(Choices::ALL)),
            Effect::Notify(Notice::Change, Some(Choices::ALL)),
            Effect::Observe(Watch::Added),
            Effect::Activate(Choices::ALL),
        ]
    );
}

#[test]
fn a_page_still_parsing_gets_its_banner_once_the_body_exists() {
    let mut m = machine();
    let parsing = Visit {
        body: false,
        ..visit(Stored::Missing, false)
    };
    let effects = quiet(&mut m, Input::Start(parsing));
    assert_eq!(
        effects,
        [
            Effect::Listen,
            Effect::Observe(Watch::Body),
            Effect::ConsentMode(Command::Default, ConsentMode::DEFAULT),
            Effect::Activate(Choices::NECESSARY_ONLY),
            Effect::Notify(Notice::Ready, None),
        ]
    );
    assert!(m.awaits_body());
    // Page code asks for the dialog before the body exists: nothing is drawn yet.
    assert_eq!(quiet(&mut m, Input::ShowPreferences), []);
    assert_eq!(quiet(&mut m, Input::ClosePreferences), []);
    let effects = quiet(&mut m, Input::Body);
    assert_eq!(
        effects,
        [Effect::Banner(true), Effect::Observe(Watch::Nothing)]
    );
    assert!(!m.awaits_body());
    assert_eq!(quiet(&mut m, Input::Body), []);
}

#[test]
fn a_dialog_asked_for_before_the_body_opens_with_it() {
    let mut m = machine();
    let parsing = Visit {
        body: false,
        ..visit(stored(Action::RejectAll), false)
    };
    quiet(&mut m, Input::Start(parsing));
    assert_eq!(quiet(&mut m, Input::ShowPreferences), []);
    assert_eq!(
        quiet(&mut m, Input::Body),
        [
            Effect::OpenDialog(Choices::NECESSARY_ONLY),
            Effect::Observe(Watch::Nothing)
        ]
    );
}

#[test]
fn the_page_is_watched_only_while_a_grant_can_activate_what_it_adds() {
    // Rejected: nothing beyond necessary, so no observer at all.
    let mut m = started(stored(Action::RejectAll));
    assert_eq!(m.watching(), Watch::Nothing);
    // Accepting watches before activating, so what the activated scripts add is seen.
    let effects = quiet(&mut m, Input::Act(Action::AcceptAll, clock(NOW)));
    let observe = effects
        .iter()
        .position(|e| *e == Effect::Observe(Watch::Added));
    let activate = effects
        .iter()
        .position(|e| *e == Effect::Activate(Choices::ALL));
    assert!(observe.is_some() && observe < activate, "{effects:?}");
    // Saving the same again changes nothing to watch: no second Observe.
    let effects = quiet(&mut m, Input::Act(Action::AcceptAll, clock(NOW)));
    assert!(
        !effects.iter().any(|e| matches!(e, Effect::Observe(_))),
        "{effects:?}"
    );
    // A reset before any activation: back to watching nothing.
    let mut m = started(Stored::Missing);
    assert!(m.handle(Input::Act(Action::AcceptAll, clock(NOW))));
    m.handle(Input::Reset(clock(NOW)));
    let effects = until_pause(&mut m);
    assert!(
        !effects.contains(&Effect::Observe(Watch::Added)),
        "{effects:?}"
    );
    assert_eq!(m.watching(), Watch::Nothing);
}

#[test]
fn a_change_listener_that_vetoes_analytics_keeps_it_from_ever_activating() {
    let mut m = started(Stored::Missing);
    let mut vetoed = false;
    let effects = run(&mut m, Input::Act(Action::AcceptAll, clock(NOW)), |e, m| {
        if let Effect::Notify(Notice::Change, Some(c)) = e {
            if c.grants(Category::Analytics) && !vetoed {
                vetoed = true;
                // A nested call: the state changes now, its effects follow.
                assert!(!m.handle(Input::Act(VETO, clock(NOW + 1))));
                assert!(!m.granted().grants(Category::Analytics));
            }
        }
    });
    assert!(vetoed);
    for granted in activations(&effects) {
        assert!(!granted.grants(Category::Analytics), "{effects:#?}");
    }
    // The last write is the veto: a reload finds analytics off.
    let last = *stores(&effects).last().expect("a write");
    assert_eq!(last.choices, Choices::custom(true, false));
    assert_eq!(Some(last), m.record());
    // Analytics never ran here, so nothing needs a reload; its cookies go.
    assert!(!effects.contains(&Effect::Reload));
    assert!(effects.iter().any(|e| matches!(e, Effect::ClearCookies)));
}

#[test]
fn an_accept_from_page_code_during_start_runs_nothing_before_its_change_is_announced() {
    // A gtag stub accepts as Consent Mode's default arrives; a change
    // listener then vetoes analytics. The start's own activation, still
    // queued, must not run analytics in between.
    let mut m = machine();
    let mut vetoed = false;
    let effects = run(
        &mut m,
        Input::Start(visit(Stored::Missing, false)),
        |e, m| {
            if let Effect::ConsentMode(Command::Default, _) = e {
                assert!(!m.handle(Input::Act(Action::AcceptAll, clock(NOW))));
            }
            if let Effect::Notify(Notice::Change, Some(c)) = e {
                if c.grants(Category::Analytics) && !vetoed {
                    vetoed = true;
                    assert!(!m.handle(Input::Act(VETO, clock(NOW + 1))));
                }
            }
        },
    );
    assert!(vetoed);
    for granted in activations(&effects) {
        assert!(!granted.grants(Category::Analytics), "{effects:#?}");
    }
    assert_eq!(
        activations(&effects).last(),
        Some(&Choices::custom(true, false))
    );
}

#[test]
fn save_during_the_change_effect_runs_after_it_in_order() {
    let mut m = started(Stored::Missing);
    let mut calls = 0;
    let effects = run(&mut m, Input::Act(Action::RejectAll, clock(NOW)), |e, m| {
        if matches!(e, Effect::Notify(Notice::Change, _)) && calls == 0 {
            calls += 1;
            m.handle(Input::Act(Action::AcceptAll, clock(NOW + 1)));
            m.handle(Input::Act(VETO, clock(NOW + 2)));
        }
    });
    let methods: Vec<Method> = stores(&effects).iter().map(|r| r.method).collect();
    assert_eq!(
        methods,
        [Method::RejectAll, Method::AcceptAll, Method::Custom]
    );
    let changes: Vec<Option<Choices>> = effects
        .iter()
        .filter_map(|e| match e {
            Effect::Notify(Notice::Change, c) => Some(*c),
            _ => None,
        })
        .collect();
    assert_eq!(
        changes,
        [
            Some(Choices::NECESSARY_ONLY),
            Some(Choices::ALL),
            Some(Choices::custom(true, false))
        ]
    );
    assert_eq!(m.choices(), Some(Choices::custom(true, false)));
    // Both nested calls were made before the accept's activation was
    // reached: it carries the last one's grant.
    for granted in activations(&effects) {
        assert!(!granted.grants(Category::Analytics));
    }
}

#[test]
fn withdrawing_analytics_that_ran_clears_its_cookies_and_reloads_instead_of_activating() {
    let mut m = started(stored(Action::AcceptAll));
    let effects = quiet(&mut m, Input::Act(Action::RejectAll, clock(NOW)));
    let tail: Vec<&Effect> = effects.iter().rev().take(2).collect();
    assert!(matches!(tail[1], Effect::ClearCookies), "{effects:#?}");
    assert_eq!(tail[0], &Effect::Reload);
    assert!(activations(&effects).is_empty());
}

#[test]
fn a_page_profile_may_turn_the_withdrawal_reload_off() {
    let mut m = Machine::new(configured(r#"{"reload_on_withdraw": false}"#), Lang::Az);
    quiet(
        &mut m,
        Input::Start(visit(stored(Action::AcceptAll), false)),
    );
    let effects = quiet(&mut m, Input::Act(Action::RejectAll, clock(NOW)));
    assert!(!effects.contains(&Effect::Reload));
    assert_eq!(activations(&effects), [Choices::NECESSARY_ONLY]);
}

#[test]
fn the_dialog_takes_the_banners_place_and_gives_it_back_with_focus() {
    let mut m = started(Stored::Missing);
    let open = quiet(&mut m, Input::ShowPreferences);
    assert_eq!(
        open,
        [
            Effect::OpenDialog(Choices::NECESSARY_ONLY),
            Effect::Banner(false)
        ]
    );
    assert!(m.dialog_open() && !m.banner_visible());
    let close = quiet(&mut m, Input::ClosePreferences);
    assert_eq!(
        close,
        [
            Effect::CloseDialog,
            Effect::Banner(true),
            Effect::ReturnFocus
        ]
    );
    assert!(!m.dialog_open() && m.banner_visible());
}

#[test]
fn a_choice_in_the_dialog_closes_it_without_bringing_the_banner_back() {
    let mut m = started(Stored::Missing);
    quiet(&mut m, Input::ShowPreferences);
    let effects = quiet(&mut m, Input::Act(Action::AcceptAll, clock(NOW)));
    assert_eq!(effects[..2], [Effect::CloseDialog, Effect::ReturnFocus]);
    assert!(!effects.contains(&Effect::Banner(true)));
    assert!(!m.dialog_open() && !m.banner_visible());
}

#[test]
fn opening_the_dialog_again_refreshes_its_switches_only() {
    let mut m = started(stored(VETO));
    quiet(&mut m, Input::ShowPreferences);
    let again = quiet(&mut m, Input::ShowPreferences);
    assert_eq!(again, [Effect::OpenDialog(Choices::custom(true, false))]);
}

#[test]
fn a_focus_handler_calling_the_api_while_the_dialog_opens_is_queued_after_it() {
    let mut m = started(Stored::Missing);
    let mut asked = Vec::new();
    let effects = run(&mut m, Input::ShowPreferences, |e, m| {
        if matches!(e, Effect::OpenDialog(_)) {
            // focusin, then the API: a query, then an action.
            asked.push(m.choices());
            assert!(!m.handle(Input::Act(Action::RejectAll, clock(NOW))));
            asked.push(m.choices());
        }
    });
    assert_eq!(asked, [None, Some(Choices::NECESSARY_ONLY)]);
    // The open ran first; the reject's close came after it, in order.
    assert!(matches!(effects[0], Effect::OpenDialog(_)));
    let close = effects.iter().position(|e| *e == Effect::CloseDialog);
    let store = effects.iter().position(|e| matches!(e, Effect::Store(_)));
    assert!(close < store && close.is_some(), "{effects:#?}");
    assert!(!m.dialog_open() && !m.banner_visible());
}

#[test]
fn calls_before_start_wait_for_it_and_follow_it_in_order() {
    let mut m = machine();
    assert!(!m.handle(Input::Act(Action::AcceptAll, clock(NOW))));
    assert!(!m.handle(Input::ShowBanner));
    assert_eq!(m.next_effect(), None);
    assert_eq!(m.choices(), None);
    let effects = quiet(&mut m, Input::Start(visit(Stored::Missing, false)));
    let ready = effects
        .iter()
        .position(|e| matches!(e, Effect::Notify(Notice::Ready, None)));
    let store = effects.iter().position(|e| matches!(e, Effect::Store(_)));
    assert!(ready < store && ready.is_some(), "{effects:#?}");
    // The banner showed at start, hid on the accept, and came back when
    // asked to: the last word is the page's.
    assert_eq!(m.choices(), Some(Choices::ALL));
    assert!(m.banner_visible());
}

#[test]
fn a_second_start_changes_nothing() {
    let mut m = started(Stored::Missing);
    assert!(!m.handle(Input::Start(visit(stored(Action::AcceptAll), false))));
    assert_eq!(m.choices(), None);
}

#[test]
fn a_storage_failure_warns_once_and_keeps_the_choice_in_memory() {
    let mut m = started(Stored::Missing);
    quiet(&mut m, Input::Act(Action::AcceptAll, clock(NOW)));
    let first = quiet(&mut m, Input::StorageFailed);
    assert_eq!(
        first,
        [Effect::Warn(icta_consent::Warning::StorageUnavailable)]
    );
    assert!(quiet(&mut m, Input::StorageFailed).is_empty());
    // What another tab seems to say can no longer override the page's own.
    assert!(quiet(&mut m, Input::OtherTab(Stored::Missing, clock(NOW))).is_empty());
    assert_eq!(m.choices(), Some(Choices::ALL));
}

#[test]
fn blocked_storage_at_start_warns_after_the_banner() {
    let mut m = machine();
    let mut v = visit(Stored::Missing, false);
    v.storage = false;
    let effects = quiet(&mut m, Input::Start(v));
    assert_eq!(effects[1], Effect::Banner(true));
    assert_eq!(
        effects[4],
        Effect::Warn(icta_consent::Warning::StorageUnavailable)
    );
}

#[test]
fn a_broken_page_config_is_reported_once_the_page_has_started() {
    let mut m = machine();
    let mut v = visit(Stored::Missing, false);
    let error = Profile::icta().with_config("{").expect_err("broken");
    v.config_error = Some(error.clone());
    let effects = quiet(&mut m, Input::Start(v));
    assert_eq!(
        effects[..5],
        [
            Effect::Yield,
            Effect::Banner(true),
            Effect::Yield,
            Effect::Listen,
            Effect::ConfigIgnored(error),
        ]
    );
}

#[test]
fn another_tabs_choice_hides_the_banner_and_activates_without_a_write() {
    let mut m = started(Stored::Missing);
    let effects = quiet(
        &mut m,
        Input::OtherTab(stored(Action::AcceptAll), clock(NOW)),
    );
    assert!(stores(&effects).is_empty());
    assert_eq!(effects[0], Effect::Banner(false));
    assert!(effects.contains(&Effect::Notify(Notice::Change, Some(Choices::ALL))));
    assert_eq!(activations(&effects), [Choices::ALL]);
}

#[test]
fn another_tab_clearing_storage_brings_the_banner_back_and_withdraws() {
    let mut m = started(stored(Action::AcceptAll));
    let effects = quiet(&mut m, Input::OtherTab(Stored::Missing, clock(NOW)));
    assert_eq!(effects[0], Effect::Banner(true));
    assert!(effects.contains(&Effect::Notify(Notice::Change, None)));
    assert!(effects.contains(&Effect::Reload));
}

#[test]
fn reset_forgets_asks_again_and_withdraws() {
    let mut m = started(stored(Action::AcceptAll));
    let effects = quiet(&mut m, Input::Reset(clock(NOW)));
    assert_eq!(effects[..2], [Effect::Banner(true), Effect::Forget]);
    assert!(effects.contains(&Effect::Notify(Notice::Change, None)));
    assert!(effects.contains(&Effect::Reload));
    assert_eq!(m.choices(), None);
}

#[test]
fn a_proof_beacon_is_sent_for_each_choice_made_on_the_page_when_configured() {
    let mut m = Machine::new(configured(r#"{"report_url": "/consent-log"}"#), Lang::En);
    quiet(&mut m, Input::Start(visit(Stored::Missing, false)));
    let effects = quiet(&mut m, Input::Act(Action::RejectAll, clock(NOW)));
    let proof = m.record().expect("a record").proof_json();
    assert!(effects.contains(&Effect::Beacon("/consent-log".into(), proof)));
    // Another tab's choice was proven by that tab.
    let other = quiet(
        &mut m,
        Input::OtherTab(stored(Action::AcceptAll), clock(NOW)),
    );
    assert!(!other.iter().any(|e| matches!(e, Effect::Beacon(..))));
}

// --- Global Privacy Control -------------------------------------------------

#[test]
fn under_the_privacy_signal_a_first_visit_is_answered_without_a_banner() {
    let mut m = machine();
    let effects = quiet(&mut m, Input::Start(visit(Stored::Missing, true)));
    assert!(!effects.contains(&Effect::Banner(true)));
    let record = m.record().expect("the signal's record").clone();
    assert_eq!(record.method, Method::PrivacySignal);
    assert_eq!(record.choices, Choices::NECESSARY_ONLY);
    assert_eq!(effects[0], Effect::Store(record));
    assert_eq!(activations(&effects), [Choices::NECESSARY_ONLY]);
    assert!(effects.contains(&Effect::Notify(
        Notice::Ready,
        Some(Choices::NECESSARY_ONLY)
    )));
}

#[test]
fn the_signals_record_holds_while_the_signal_is_sent_and_asks_again_without_it() {
    let signal = stored_with(Choices::NECESSARY_ONLY, Method::PrivacySignal);
    let mut with = machine();
    let effects = quiet(&mut with, Input::Start(visit(signal.clone(), true)));
    assert!(stores(&effects).is_empty(), "no second write");
    assert!(!with.banner_visible());

    let mut without = machine();
    let effects = quiet(&mut without, Input::Start(visit(signal, false)));
    assert_eq!(effects[1], Effect::Banner(true));
    assert_eq!(without.reason(), Some(Reason::SignalGone));
    assert_eq!(without.granted(), Choices::NECESSARY_ONLY);
}

#[test]
fn under_the_signal_an_explicit_opt_in_is_custom_and_wins() {
    let mut m = machine();
    quiet(&mut m, Input::Start(visit(Stored::Missing, true)));
    quiet(&mut m, Input::ShowPreferences);
    let opt_in = Action::Save {
        preferences: false,
        analytics: true,
    };
    let effects = quiet(&mut m, Input::Act(opt_in, clock(NOW)));
    let record = m.record().expect("a record");
    assert_eq!(record.method, Method::Custom);
    assert_eq!(activations(&effects), [Choices::custom(false, true)]);
    // The next visit, still under the signal, keeps the visitor's word.
    let next = Stored::Record(record.clone());
    let mut later = machine();
    let effects = quiet(&mut later, Input::Start(visit(next, true)));
    assert_eq!(activations(&effects), [Choices::custom(false, true)]);
    assert!(!later.banner_visible());
}

#[test]
fn under_the_signal_a_reset_is_answered_by_the_signal_again() {
    let mut m = machine();
    quiet(&mut m, Input::Start(visit(Stored::Missing, true)));
    let effects = quiet(&mut m, Input::Reset(clock(NOW)));
    assert!(!effects.contains(&Effect::Banner(true)));
    assert_eq!(stores(&effects)[0].method, Method::PrivacySignal);
    assert!(!m.banner_visible());
}

// --- any sequence -------------------------------------------------------------

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::AcceptAll),
        Just(Action::RejectAll),
        (any::<bool>(), any::<bool>()).prop_map(|(preferences, analytics)| Action::Save {
            preferences,
            analytics
        }),
    ]
}

/// What page code can do from a handler an effect triggered: anything but
/// another tab's change, which comes as a task of its own.
fn nested_input() -> impl Strategy<Value = Input> {
    prop_oneof![
        action().prop_map(|a| Input::Act(a, clock(NOW))),
        Just(Input::Reset(clock(NOW))),
        Just(Input::ShowBanner),
        Just(Input::ShowPreferences),
        Just(Input::ClosePreferences),
        Just(Input::NodesAdded),
        Just(Input::StorageFailed),
        Just(Input::Body),
    ]
}

fn input() -> impl Strategy<Value = Input> {
    let other_tab = prop_oneof![
        Just(Stored::Missing),
        Just(Stored::Malformed),
        action().prop_map(stored),
    ]
    .prop_map(|s| Input::OtherTab(s, clock(NOW)));
    prop_oneof![6 => nested_input(), 1 => other_tab]
}

/// What the page's screen and storage show, from the effects alone.
#[derive(Default)]
struct Page {
    banner: bool,
    dialog: bool,
    /// The choices in localStorage, as far as a reload would find them.
    stored: Option<Choices>,
    storage_ok: bool,
    analytics_ran: bool,
    /// Whether the parser has made `<body>` (the machine has been told).
    body: bool,
    /// What the effects said to watch.
    watch: Option<Watch>,
    reloaded: bool,
    /// Whether the footer link and other tabs are listened to.
    listening: bool,
    /// What the last activation of the whole page carried.
    activated: Option<Choices>,
}

impl Page {
    /// Feeds `input` as page code would: another tab's write lands in
    /// storage first; a storage failure leaves storage out of the check.
    fn feed(&mut self, m: &mut Machine, input: Input) -> bool {
        match &input {
            Input::StorageFailed => self.storage_ok = false,
            Input::OtherTab(Stored::Record(r), _) => self.stored = Some(r.choices),
            Input::OtherTab(..) => self.stored = None,
            Input::Body => self.body = true,
            _ => {}
        }
        m.handle(input)
    }

    /// What `effect` does to the page, checked against the machine.
    fn see(&mut self, m: &Machine, effect: &Effect) -> Result<(), TestCaseError> {
        match effect {
            Effect::Activate(granted) | Effect::ActivateAdded(granted) => {
                for category in [Category::Preferences, Category::Analytics] {
                    prop_assert!(
                        !granted.grants(category) || m.granted().grants(category),
                        "an activation beyond the grant committed"
                    );
                }
                self.analytics_ran |= granted.grants(Category::Analytics);
                if let Effect::Activate(granted) = effect {
                    self.activated = Some(*granted);
                }
            }
            Effect::Banner(shown) => {
                prop_assert!(self.body, "the banner drawn before <body>");
                self.banner = *shown;
            }
            Effect::OpenDialog(_) => {
                prop_assert!(self.body, "the dialog drawn before <body>");
                self.dialog = true;
            }
            Effect::Observe(watch) => {
                prop_assert_ne!(self.watch, Some(*watch), "an Observe that changes nothing");
                self.watch = Some(*watch);
            }
            Effect::Listen => self.listening = true,
            Effect::Yield => prop_assert!(!self.listening, "a yield once started"),
            Effect::CloseDialog => self.dialog = false,
            Effect::Store(record) => self.stored = Some(record.choices),
            Effect::Forget => self.stored = None,
            Effect::Reload => {
                prop_assert!(self.analytics_ran, "a reload without analytics having run");
                self.reloaded = true;
            }
            _ => {}
        }
        Ok(())
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    /// For any sequence, with page code feeding inputs while effects run:
    /// an activation never carries analytics unless the state committed at
    /// that point grants it; what the effects did to the screen and to
    /// storage matches the end state; a reload follows only a withdrawal of
    /// analytics that ran; under the signal, nobody is left unanswered.
    #[test]
    fn effects_always_agree_with_the_committed_state(
        stored_at_start in prop_oneof![Just(Stored::Missing), action().prop_map(stored)],
        signal in any::<bool>(),
        body in any::<bool>(),
        // Page code at start too: while it runs, and between its tasks.
        at_start in proptest::collection::vec((0usize..8, nested_input()), 0..3),
        steps in proptest::collection::vec(
            (input(), proptest::collection::vec((0usize..8, nested_input()), 0..3)),
            1..12,
        ),
    ) {
        let mut m = machine();
        let mut page = Page { storage_ok: true, body, ..Page::default() };
        if let Stored::Record(r) = &stored_at_start {
            page.stored = Some(r.choices);
        }
        let start = (Input::Start(Visit { body, ..visit(stored_at_start, signal) }), at_start);
        for (step, (outer, nested)) in core::iter::once(start).chain(steps).enumerate() {
            let mut nested = nested.into_iter().peekable();
            let mut drain = page.feed(&mut m, outer);
            while drain {
                let mut at = 0;
                while let Some(effect) = m.next_effect() {
                    page.see(&m, &effect)?;
                    // Page code: the nested inputs due at this effect.
                    while let Some((_, input)) = nested.next_if(|(due, _)| *due <= at) {
                        prop_assert!(!page.feed(&mut m, input), "a nested input never drains");
                    }
                    at += 1;
                }
                // What page code does after the effects, from its own
                // handlers; else the next task goes on with a yielded run.
                drain = match nested.next() {
                    Some((_, input)) => page.feed(&mut m, input),
                    None => m.resume(),
                };
            }
            prop_assert_eq!(m.next_effect(), None);
            prop_assert_eq!(page.banner, m.banner_visible(), "step {}", step);
            prop_assert_eq!(page.dialog, m.dialog_open(), "step {}", step);
            if page.storage_ok {
                prop_assert_eq!(page.stored, m.choices(), "step {}", step);
            }
            prop_assert!(!signal || m.reason().is_none(), "under the signal, always answered");
            // Once the queue has run, the page has been activated under
            // what is granted now (unless a reload ends it).
            if !page.reloaded {
                prop_assert_eq!(page.activated, Some(m.granted()), "step {}", step);
            }
            // Watched: what is added, exactly while a grant beyond necessary
            // can activate it (until a reload ends the page); else <html>'s
            // children, exactly while the banner waits for <body>.
            let granted = m.granted();
            let beyond = granted.grants(Category::Analytics) || granted.grants(Category::Preferences);
            let wanted = if beyond { Watch::Added } else if page.body { Watch::Nothing } else { Watch::Body };
            if !page.reloaded {
                prop_assert_eq!(page.watch.unwrap_or(Watch::Nothing), wanted, "step {}", step);
            }
            prop_assert_eq!(m.awaits_body(), !page.body);
        }
    }
}
