//! The page's consent as a state machine: the state and an [`Input`] give the
//! next state and the [`Effect`]s to run, as plain data.
//!
//! The browser layer feeds inputs in (a click, an API call, another tab's
//! change, a storage failure) and runs the effects one at a time, holding no
//! borrow of the machine while one runs. Running an effect may run page code
//! (focus moves, events, `gtag`, a patched `Storage`, a gated script), and
//! page code may call the API: such an input changes the state at once, and
//! its effects run after those already queued, in order. An activation is
//! resolved when it is taken from the queue: it carries what was granted
//! both when it was queued and at that moment, so a withdrawal that page
//! code made a moment ago counts, and a grant runs nothing before its change
//! has been announced.
//!
//! ```
//! use icta_consent::{Action, Choices, Clock, Effect, Input, Lang, Machine, Notice, Profile, Stored, Visit};
//!
//! let profile = Profile::icta();
//! let mut page = Machine::new(&profile, Lang::Az);
//! let visit = Visit {
//!     stored: Stored::Missing, now: 0, random: [7; 16], signal: false, storage: true, config_error: None, body: true,
//! };
//! assert!(page.handle(Input::Start(visit)));
//! // A first visit: the task ends; the banner comes in the next one, the
//! // rest in the one after.
//! assert_eq!(page.next_effect(), Some(Effect::Yield));
//! assert_eq!(page.next_effect(), None);
//! assert!(page.resume());
//! assert_eq!(page.next_effect(), Some(Effect::Banner(true)));
//! assert_eq!(page.next_effect(), Some(Effect::Yield));
//! assert_eq!(page.next_effect(), None);
//! assert!(page.resume());
//! let effects: Vec<Effect> = core::iter::from_fn(|| page.next_effect()).collect();
//! assert!(effects.contains(&Effect::Activate(Choices::NECESSARY_ONLY)));
//!
//! // The visitor accepts; a change listener vetoes analytics before the
//! // activation is reached: the activation carries the veto.
//! assert!(page.handle(Input::Act(Action::AcceptAll, Clock { now: 1, random: [7; 16] })));
//! let mut activated = Vec::new();
//! while let Some(effect) = page.next_effect() {
//!     if effect == Effect::Notify(Notice::Change, Some(Choices::ALL)) {
//!         let veto = Action::Save { preferences: true, analytics: false };
//!         assert!(!page.handle(Input::Act(veto, Clock { now: 2, random: [7; 16] })));
//!     }
//!     if let Effect::Activate(granted) = effect {
//!         activated.push(granted);
//!     }
//! }
//! assert!(activated.iter().all(|granted| *granted == Choices::custom(true, false)));
//! ```

use alloc::string::String;
use alloc::vec::Vec;

use crate::core::{
    assess_stored, granted, Action, Assessment, Category, Choices, ConfigError, ConsentMode, Lang,
    Method, Moment, Profile, Reason, Record, Stored, Text,
};

/// What the browser found as the page started.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Visit {
    /// What localStorage held.
    pub stored: Stored,
    /// Now, in milliseconds since the Unix epoch.
    pub now: u64,
    /// Sixteen random bytes, for a consent id if one is written.
    pub random: [u8; 16],
    /// Whether the browser sends the Global Privacy Control signal.
    pub signal: bool,
    /// Whether localStorage could be opened.
    pub storage: bool,
    /// Why the page's config was ignored, if it was.
    pub config_error: Option<ConfigError>,
    /// Whether the page's `<body>` exists yet. A module that starts while
    /// the page is still parsing may come before it; the banner then waits
    /// for [`Input::Body`].
    pub body: bool,
}

/// The time and randomness an input needs, from the browser.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Clock {
    /// Now, in milliseconds since the Unix epoch.
    pub now: u64,
    /// Sixteen random bytes, used only when a new consent id is needed.
    pub random: [u8; 16],
}

/// What happens to the page: the visitor, the page's code, another tab.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Input {
    /// The module starts. Inputs before it wait, and follow it in order.
    Start(Visit),
    /// A choice, from a button or the API.
    Act(Action, Clock),
    /// Forget the choice and ask again (under the privacy signal, the
    /// signal answers again).
    Reset(Clock),
    /// Show the first layer.
    ShowBanner,
    /// Open the preferences dialog.
    ShowPreferences,
    /// Close the dialog without a choice.
    ClosePreferences,
    /// Another tab changed the stored choice: what storage holds now.
    OtherTab(Stored, Clock),
    /// Writing or reading localStorage threw: the choice lives in memory now.
    StorageFailed,
    /// Elements were added to the page: activate what the grant allows.
    NodesAdded,
    /// The parser has made the page's `<body>`: the banner can go in.
    Body,
}

/// Which DOM changes the browser layer watches: only what an effect can
/// follow from. A `MutationObserver` over the whole document costs every
/// change the page makes (a feed, a carousel, a single-page app), so it
/// runs only while a grant beyond `necessary` can activate what is added.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Watch {
    /// Nothing.
    Nothing,
    /// The children of `<html>`, for the `<body>` the banner waits for.
    Body,
    /// Every element added anywhere, for the gate.
    Added,
}

/// Which Consent Mode command to send.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Command {
    /// `gtag("consent", "default", …)`: before the choice is known.
    Default,
    /// `gtag("consent", "update", …)`: the choice.
    Update,
}

impl Command {
    /// `"default"` or `"update"`.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Default => "default",
            Self::Update => "update",
        }
    }
}

/// The events the page can listen for on `window`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    /// `icta-consent:ready`: the module has started.
    Ready,
    /// `icta-consent:change`: the choice changed.
    Change,
}

impl Notice {
    /// The event's name.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Ready => "icta-consent:ready",
            Self::Change => "icta-consent:change",
        }
    }
}

/// A console warning, once per page.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
#[non_exhaustive]
pub enum Warning {
    /// localStorage is blocked or broken.
    StorageUnavailable,
}

impl Warning {
    /// The warning's text, a fixed phrase.
    pub const fn message(self) -> &'static str {
        match self {
            Self::StorageUnavailable => {
                "localStorage is unavailable; the choice is kept for this page only"
            }
        }
    }
}

/// What the browser layer must do, in order.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Effect {
    /// Write this record to localStorage.
    Store(Record),
    /// Remove the stored record.
    Forget,
    /// Show (`true`) or hide the first layer.
    Banner(bool),
    /// Set the dialog's switches to these choices and open it if closed,
    /// remembering where focus was.
    OpenDialog(Choices),
    /// Close the dialog.
    CloseDialog,
    /// Move focus back to where it was when the dialog opened.
    ReturnFocus,
    /// Report Consent Mode v2 state through the page's `gtag`.
    ConsentMode(Command, ConsentMode),
    /// Dispatch an event on `window`, with the valid choices or `null`.
    Notify(Notice, Option<Choices>),
    /// Send the proof of a choice (JSON) to the URL with `sendBeacon`.
    Beacon(Text, String),
    /// Delete the cookies the profile names for withdrawal.
    ClearCookies,
    /// Reload the page, so analytics already running stops.
    Reload,
    /// Run the gated elements these choices allow: what was granted both
    /// when the activation was queued and when it was taken from the queue.
    Activate(Choices),
    /// The same, among the elements the page has added since the last time
    /// only (the rest of the page has been seen).
    ActivateAdded(Choices),
    /// Warn on the console.
    Warn(Warning),
    /// Say on the console (as an error) why the page's config was ignored.
    ConfigIgnored(ConfigError),
    /// Start listening: clicks on `data-consent-open`, other tabs, gated
    /// elements added later. After the banner is in (its insertion is no
    /// news), before anything that runs page code.
    Listen,
    /// Watch these DOM changes from now on (and no others). Comes before
    /// an activation, so what an activated script adds is seen.
    Observe(Watch),
    /// End the task here: the rest of the queue waits for
    /// [`Machine::resume`], in a task of its own (one the browser runs ahead
    /// of the page's other work, where it can), so that a first start is
    /// three tasks, reading the choice, drawing the banner, then listening,
    /// Consent Mode's defaults, the gate's first pass and `ready`, rather
    /// than one long one. Comes on a start that shows the banner, first and
    /// after [`Effect::Banner`]. An input before a resume takes the rest of
    /// the queue along at once, without its yields.
    Yield,
}

/// An effect waiting in the queue; an activation is resolved when taken
/// (see [`Machine::next_effect`]), from the grant it was queued under.
#[derive(Clone, Debug)]
enum Queued {
    Run(Effect),
    Activate(Choices),
    ActivateAdded(Choices),
    Observe,
}

/// One page's consent state under its profile, and the effects still to run.
#[derive(Clone, Debug)]
pub struct Machine<'p> {
    profile: &'p Profile,
    language: Lang,
    assessment: Assessment,
    signal: bool,
    storage: bool,
    started: bool,
    /// Whether the first layer is wanted (it shows while the dialog is closed).
    banner: bool,
    dialog: bool,
    /// Whether `<body>` exists: until it does, nothing is drawn.
    body: bool,
    /// What the browser layer watches now.
    watching: Watch,
    /// What activations have allowed so far on this page.
    activated: Choices,
    warned: bool,
    /// Inputs that came before [`Input::Start`].
    early: Vec<Input>,
    /// In order; a dozen effects at most, taken from the front.
    queue: Vec<Queued>,
    draining: bool,
    /// Whether an input has taken a yielded run along: the start's yields
    /// still queued are passed over.
    hurried: bool,
    /// Whether an [`Effect::Yield`] was the last effect taken: the run stops.
    yielding: bool,
    /// Whether the run stopped at an [`Effect::Yield`], for [`Machine::resume`].
    paused: bool,
}

/// What the view shows: the dialog open, the banner visible.
#[derive(Clone, Copy, PartialEq, Eq)]
struct Shown {
    dialog: bool,
    banner: bool,
}

impl<'p> Machine<'p> {
    /// A page that has not started: nothing granted, nothing shown. Only
    /// [`Input::Start`] starts it.
    pub fn new(profile: &'p Profile, language: Lang) -> Self {
        Self {
            profile,
            language,
            assessment: Assessment::Ask(Reason::Missing),
            signal: false,
            storage: true,
            started: false,
            banner: false,
            dialog: false,
            body: true,
            watching: Watch::Nothing,
            activated: Choices::NECESSARY_ONLY,
            warned: false,
            early: Vec::new(),
            queue: Vec::new(),
            draining: false,
            hurried: false,
            yielding: false,
            paused: false,
        }
    }

    /// The profile the page runs with.
    pub fn profile(&self) -> &'p Profile {
        self.profile
    }

    /// The banner's language.
    pub fn language(&self) -> Lang {
        self.language
    }

    /// Whether the browser sent the Global Privacy Control signal at start.
    pub fn privacy_signal(&self) -> bool {
        self.signal
    }

    /// The categories granted now.
    pub fn granted(&self) -> Choices {
        granted(&self.assessment)
    }

    /// The valid record, if the visitor (or the signal) has answered.
    pub fn record(&self) -> Option<&Record> {
        match &self.assessment {
            Assessment::Valid(record) => Some(record),
            Assessment::Ask(_) => None,
        }
    }

    /// The valid choices, if any.
    pub fn choices(&self) -> Option<Choices> {
        self.record().map(|r| r.choices)
    }

    /// Why the visitor is asked, if they are.
    pub fn reason(&self) -> Option<Reason> {
        match self.assessment {
            Assessment::Ask(reason) => Some(reason),
            Assessment::Valid(_) => None,
        }
    }

    /// Whether the preferences dialog is open.
    pub fn dialog_open(&self) -> bool {
        self.shown().dialog
    }

    /// Whether the first layer is showing.
    pub fn banner_visible(&self) -> bool {
        self.shown().banner
    }

    /// Whether the banner waits for the page's `<body>`.
    pub fn awaits_body(&self) -> bool {
        !self.body
    }

    /// What the browser layer watches now.
    pub fn watching(&self) -> Watch {
        self.watching
    }

    /// Takes `input`: the state changes at once, and its effects join the
    /// queue. Returns whether the caller must now run the queue with
    /// [`Machine::next_effect`]: `false` when a run is already under way
    /// (the input came from page code that an effect ran), which takes these
    /// effects too.
    pub fn handle(&mut self, input: Input) -> bool {
        if self.paused {
            // The rest of a yielded run goes with this input's effects, at
            // once: the yields still queued go too.
            self.paused = false;
            self.draining = false;
            self.hurried = true;
        }
        match input {
            Input::Start(visit) if !self.started => {
                self.start(visit);
                for input in core::mem::take(&mut self.early) {
                    self.apply(input);
                }
            }
            Input::Start(_) => {}
            input if !self.started => self.early.push(input),
            input => self.apply(input),
        }
        let run = !self.draining && !self.queue.is_empty();
        self.draining |= run;
        run
    }

    /// Whether a run of the queue is under way: [`Machine::handle`] said to
    /// run it and [`Machine::next_effect`] has not yet said it is over. When
    /// no code of the page's or ours is on the stack and this is still true,
    /// the run was cut short (page code threw through an effect): the caller
    /// goes on with [`Machine::next_effect`].
    pub fn running(&self) -> bool {
        self.draining && !self.paused
    }

    /// Goes on after an [`Effect::Yield`], in a task of its own: returns
    /// whether the caller must now run the rest of the queue with
    /// [`Machine::next_effect`] (`false` if an input has already taken it).
    /// Called while the yield itself runs (there is no next task to be
    /// had), the run does not stop at all.
    pub fn resume(&mut self) -> bool {
        self.yielding = false;
        core::mem::replace(&mut self.paused, false)
    }

    /// The next effect to run, or `None` when the queue is empty (the run is
    /// over) or the run has yielded (see [`Effect::Yield`]).
    pub fn next_effect(&mut self) -> Option<Effect> {
        if core::mem::take(&mut self.yielding) {
            self.paused = true;
        }
        if self.paused {
            return None;
        }
        loop {
            let Some(next) = (!self.queue.is_empty()).then(|| self.queue.remove(0)) else {
                self.draining = false;
                return None;
            };
            return Some(match next {
                // Nothing left to wait for, or an input is waiting on the
                // rest: no reason to end the task.
                Queued::Run(Effect::Yield) if self.queue.is_empty() || self.hurried => continue,
                Queued::Run(Effect::Yield) => {
                    // The run stops once the yield has run; an input that
                    // page code makes while it runs still queues.
                    self.yielding = true;
                    Effect::Yield
                }
                Queued::Run(effect) => effect,
                Queued::Activate(queued) => Effect::Activate(self.activation(queued)),
                Queued::ActivateAdded(queued) => Effect::ActivateAdded(self.activation(queued)),
                Queued::Observe => {
                    let wanted = self.wanted_watch();
                    if wanted == self.watching {
                        continue;
                    }
                    self.watching = wanted;
                    Effect::Observe(wanted)
                }
            });
        }
    }

    /// What must be watched, from the grant and the view as they are now:
    /// what is added, while a grant beyond `necessary` can activate it;
    /// else `<html>`'s children, while the banner waits for `<body>`.
    fn wanted_watch(&self) -> Watch {
        let granted = self.granted();
        if granted.grants(Category::Analytics) || granted.grants(Category::Preferences) {
            Watch::Added
        } else if !self.body {
            Watch::Body
        } else {
            Watch::Nothing
        }
    }

    /// The grant an activation taken from the queue now carries: what was
    /// granted both when it was queued and now. A withdrawal since is
    /// honoured; a grant since waits for the activation its own commit
    /// queued, after the change has been announced (a listener may veto).
    fn activation(&mut self, queued: Choices) -> Choices {
        let granted = meet(queued, self.granted());
        self.activated = union(self.activated, granted);
        granted
    }

    fn push(&mut self, effect: Effect) {
        self.queue.push(Queued::Run(effect));
    }

    fn start(&mut self, visit: Visit) {
        self.started = true;
        self.body = visit.body;
        self.signal = visit.signal;
        self.storage = visit.storage;
        let clock = Clock {
            now: visit.now,
            random: visit.random,
        };
        let (assessment, written) = self.answer(self.assess(visit.stored, visit.now), clock);
        self.assessment = assessment;
        if written {
            if let Some(record) = self.record() {
                self.push(Effect::Store(record.clone()));
            }
        }
        self.banner = self.must_ask();
        if self.shown().banner {
            // Drawing the banner is most of a first start's work: a task
            // of its own, between reading the choice and the rest.
            self.push(Effect::Yield);
            self.push(Effect::Banner(true));
            self.push(Effect::Yield);
        }
        self.push(Effect::Listen);
        if let Some(error) = visit.config_error {
            self.push(Effect::ConfigIgnored(error));
        }
        if !visit.storage {
            self.warn(Warning::StorageUnavailable);
        }
        self.queue.push(Queued::Observe);
        self.push(Effect::ConsentMode(Command::Default, ConsentMode::DEFAULT));
        if self.record().is_some() {
            let update = ConsentMode::from_choices(self.granted());
            self.push(Effect::ConsentMode(Command::Update, update));
        }
        self.queue.push(Queued::Activate(self.granted()));
        self.push(Effect::Notify(Notice::Ready, self.choices()));
    }

    fn apply(&mut self, input: Input) {
        let before = self.shown();
        match input {
            Input::Start(_) => {}
            Input::Act(action, clock) => {
                let (choices, method) = action.resolve();
                let record = Record::new(
                    choices,
                    method,
                    self.record(),
                    self.moment(clock),
                    self.profile,
                );
                self.show(before, Some(false), Some(false));
                self.commit(Assessment::Valid(record), true, true);
            }
            Input::Reset(clock) => {
                let (assessment, _) = self.answer(Assessment::Ask(Reason::Missing), clock);
                self.show(before, Some(ask(&assessment)), None);
                self.commit(assessment, true, true);
            }
            Input::ShowBanner => self.show(before, Some(true), None),
            Input::ShowPreferences => {
                if before.dialog {
                    // Open already: the switches show the current choice.
                    self.push(Effect::OpenDialog(self.granted()));
                }
                self.show(before, None, Some(true));
            }
            Input::ClosePreferences => self.show(before, None, Some(false)),
            // With storage broken, this page's choice is in memory: what
            // another tab wrote cannot be read back reliably, so ours stays.
            Input::OtherTab(stored, clock) if self.storage => {
                let was = self.granted();
                let (assessment, written) = self.answer(self.assess(stored, clock.now), clock);
                let announce = was != granted(&assessment) || !ask(&assessment);
                let asks = ask(&assessment);
                self.show(before, Some(asks), (!asks).then_some(false));
                self.commit(assessment, written, announce);
            }
            Input::OtherTab(..) => {}
            Input::StorageFailed => {
                self.storage = false;
                self.warn(Warning::StorageUnavailable);
            }
            Input::NodesAdded => self.queue.push(Queued::ActivateAdded(self.granted())),
            Input::Body if !self.body => {
                // Nothing was drawn (`before`): draw what is wanted now.
                self.body = true;
                self.render(before);
                self.queue.push(Queued::Observe);
            }
            Input::Body => {}
        }
    }

    /// Sets what is wanted on screen (`None`: unchanged) and queues the view
    /// effects that take it there.
    fn show(&mut self, before: Shown, banner: Option<bool>, dialog: Option<bool>) {
        self.banner = banner.unwrap_or(self.banner);
        self.dialog = dialog.unwrap_or(self.dialog);
        self.render(before);
    }

    fn moment(&self, clock: Clock) -> Moment {
        Moment {
            now: clock.now,
            random: clock.random,
            language: self.language,
        }
    }

    /// The view effects that take it from `before` to now. Opening focuses
    /// the dialog before the banner hides; closing shows the banner again
    /// before focus goes back, so focus never lands on a hidden element.
    fn render(&mut self, before: Shown) {
        let now = self.shown();
        if now == before {
            return;
        }
        if now.dialog && !before.dialog {
            self.push(Effect::OpenDialog(self.granted()));
        }
        if before.dialog && !now.dialog {
            self.push(Effect::CloseDialog);
        }
        if now.banner != before.banner {
            self.push(Effect::Banner(now.banner));
        }
        if before.dialog && !now.dialog {
            self.push(Effect::ReturnFocus);
        }
    }

    /// What is on screen: what is wanted, once `<body>` exists.
    fn shown(&self) -> Shown {
        Shown {
            dialog: self.body && self.dialog,
            banner: self.body && self.banner && !self.dialog,
        }
    }

    /// The stored value's worth on this visit: a choice the privacy signal
    /// made lasts only while the browser still sends it.
    fn assess(&self, stored: Stored, now: u64) -> Assessment {
        match assess_stored(stored, self.profile, now) {
            Assessment::Valid(r) if r.method == Method::PrivacySignal && !self.signal => {
                Assessment::Ask(Reason::SignalGone)
            }
            assessment => assessment,
        }
    }

    /// Under the privacy signal the visitor has answered: where there is no
    /// valid choice, a record that grants only what is necessary, to write
    /// (the `bool`).
    fn answer(&self, assessment: Assessment, clock: Clock) -> (Assessment, bool) {
        if !self.signal || matches!(assessment, Assessment::Valid(_)) {
            return (assessment, false);
        }
        let record = Record::new(
            Choices::NECESSARY_ONLY,
            Method::PrivacySignal,
            None,
            self.moment(clock),
            self.profile,
        );
        (Assessment::Valid(record), true)
    }

    fn must_ask(&self) -> bool {
        ask(&self.assessment)
    }

    /// Makes `assessment` the page's: storage (when `store`), Consent Mode,
    /// proof, the change event (when `announce`), withdrawal, activation.
    fn commit(&mut self, assessment: Assessment, store: bool, announce: bool) {
        let before = self.granted();
        self.assessment = assessment;
        let after = self.granted();
        if store {
            let effect = match self.record() {
                Some(record) => Effect::Store(record.clone()),
                None => Effect::Forget,
            };
            self.push(effect);
        }
        if !announce {
            return;
        }
        self.push(Effect::ConsentMode(
            Command::Update,
            ConsentMode::from_choices(after),
        ));
        if let (Some(url), Some(record), true) =
            (self.profile.report_url.clone(), self.record(), store)
        {
            let proof = record.proof_json();
            self.push(Effect::Beacon(url, proof));
        }
        self.push(Effect::Notify(Notice::Change, self.choices()));
        let analytics = Category::Analytics;
        if before.grants(analytics) && !after.grants(analytics) {
            self.push(Effect::ClearCookies);
            // Analytics that has run keeps running until the page goes.
            if self.activated.grants(analytics) && self.profile.reload_on_withdraw {
                self.push(Effect::Reload);
                return;
            }
        }
        self.queue.push(Queued::Observe);
        self.queue.push(Queued::Activate(self.granted()));
    }

    fn warn(&mut self, warning: Warning) {
        if !core::mem::replace(&mut self.warned, true) {
            self.push(Effect::Warn(warning));
        }
    }
}

/// Whether `assessment` means the visitor is asked.
fn ask(assessment: &Assessment) -> bool {
    matches!(assessment, Assessment::Ask(_))
}

/// What either grants.
fn union(a: Choices, b: Choices) -> Choices {
    Choices::custom(
        a.grants(Category::Preferences) || b.grants(Category::Preferences),
        a.grants(Category::Analytics) || b.grants(Category::Analytics),
    )
}

/// What both grant.
fn meet(a: Choices, b: Choices) -> Choices {
    Choices::custom(
        a.grants(Category::Preferences) && b.grants(Category::Preferences),
        a.grants(Category::Analytics) && b.grants(Category::Analytics),
    )
}
