//! The languages the banner speaks, and picking one from a page's `lang`.

/// A language the banner has texts for.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Lang {
    /// Azerbaijani, the site's default.
    Az,
    /// English.
    En,
    /// Russian.
    Ru,
}

impl Lang {
    /// Every language with texts, the site's default first.
    pub const ALL: [Lang; 3] = [Self::Az, Self::En, Self::Ru];

    /// The ISO 639-1 code, as in `<html lang="az">`.
    pub const fn code(self) -> &'static str {
        match self {
            Self::Az => "az",
            Self::En => "en",
            Self::Ru => "ru",
        }
    }

    /// The language with exactly this code (`"az"`, `"en"`, `"ru"`).
    pub fn from_code(code: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|lang| lang.code() == code)
    }

    /// The language a BCP 47 tag names, ignoring case, script and region.
    ///
    /// ```
    /// use icta_consent::Lang;
    /// assert_eq!(Lang::from_tag("az-Latn-AZ"), Some(Lang::Az));
    /// assert_eq!(Lang::from_tag("RU"), Some(Lang::Ru));
    /// assert_eq!(Lang::from_tag("de"), None);
    /// ```
    pub fn from_tag(tag: &str) -> Option<Self> {
        let tag = tag.trim_ascii();
        // Up to the first `-` or `_`, found by byte (both are ASCII): core's
        // character search would cost the module more.
        let end = tag.bytes().position(|b| matches!(b, b'-' | b'_'));
        let primary = tag.get(..end.unwrap_or(tag.len())).unwrap_or_default();
        Self::ALL
            .into_iter()
            .find(|lang| lang.code().eq_ignore_ascii_case(primary))
    }

    /// The language to show: the page's own if the site offers it, else the
    /// site's first language.
    ///
    /// `offered` is never empty in a valid profile; if it is, Azerbaijani.
    pub fn negotiate(page_tag: Option<&str>, offered: &[Lang]) -> Self {
        page_tag
            .and_then(Self::from_tag)
            .filter(|lang| offered.contains(lang))
            .or_else(|| offered.first().copied())
            .unwrap_or(Self::Az)
    }
}
