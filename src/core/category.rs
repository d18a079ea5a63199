//! The three purposes the privacy policy names, and the visitor's answer per purpose.

use alloc::string::String;

/// A purpose for which icta.az sets cookies.
///
/// The privacy policy names three: the site's correct operation, remembering
/// the visitor's choices, and analysis of visits.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Category {
    /// Needed for the site to work; always granted, never asked.
    Necessary,
    /// Remembering the visitor's choices (language and the like).
    Preferences,
    /// Analysis of visits; denied until the visitor says yes.
    Analytics,
}

impl Category {
    /// Every category, in the order the banner lists them.
    pub const ALL: [Category; 3] = [Self::Necessary, Self::Preferences, Self::Analytics];

    /// The name used in markup (`data-consent="analytics"`) and in the API.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Necessary => "necessary",
            Self::Preferences => "preferences",
            Self::Analytics => "analytics",
        }
    }

    /// The category with this exact name, if any.
    ///
    /// ```
    /// use icta_consent::Category;
    /// assert_eq!(Category::from_name("analytics"), Some(Category::Analytics));
    /// assert_eq!(Category::from_name("Analytics"), None);
    /// ```
    pub fn from_name(name: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|c| c.name() == name)
    }
}

/// What the visitor allows, per category.
///
/// Built only through its constructors, which always grant `necessary`; a
/// stored record claiming otherwise is treated as tampered.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Choices {
    necessary: bool,
    preferences: bool,
    analytics: bool,
}

impl Choices {
    /// Only what the site needs to work: what every visitor gets before choosing.
    pub const NECESSARY_ONLY: Self = Self::custom(false, false);
    /// Everything granted.
    pub const ALL: Self = Self::custom(true, true);

    /// Necessary plus the two optional categories as given.
    pub const fn custom(preferences: bool, analytics: bool) -> Self {
        Self {
            necessary: true,
            preferences,
            analytics,
        }
    }

    /// Whether `category` is granted.
    pub const fn grants(self, category: Category) -> bool {
        match category {
            Category::Necessary => self.necessary,
            Category::Preferences => self.preferences,
            Category::Analytics => self.analytics,
        }
    }

    /// Whether these choices keep `necessary` on, as every genuine record does.
    pub(crate) const fn is_well_formed(self) -> bool {
        self.necessary
    }

    /// Choices as read from a stored record, `necessary` included as stored.
    pub(crate) const fn from_stored(necessary: bool, preferences: bool, analytics: bool) -> Self {
        Self {
            necessary,
            preferences,
            analytics,
        }
    }

    /// The choices as a JSON object: `{"necessary":true,"preferences":…,"analytics":…}`.
    ///
    /// ```
    /// assert_eq!(
    ///     icta_consent::Choices::ALL.to_json(),
    ///     r#"{"necessary":true,"preferences":true,"analytics":true}"#
    /// );
    /// ```
    pub fn to_json(self) -> String {
        let mut w = crate::core::json::Writer::default();
        self.write(&mut w);
        w.finish()
    }

    pub(crate) fn write(self, w: &mut crate::core::json::Writer) {
        w.open();
        for category in Category::ALL {
            w.key(category.name()).bool(self.grants(category));
        }
        w.close();
    }
}
