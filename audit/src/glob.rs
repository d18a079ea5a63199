//! Name patterns for the allow-lists: `*` matches any run of characters, `?` one.

/// A pattern such as `_ga_*`, `PHPSESSID` or `*.icta.az`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Glob {
    pattern: Vec<char>,
    text: String,
    ignore_case: bool,
}

impl Glob {
    /// A case-sensitive pattern (cookie names and storage keys are case-sensitive).
    pub fn new(pattern: &str) -> Self {
        Glob {
            pattern: pattern.chars().collect(),
            text: pattern.to_string(),
            ignore_case: false,
        }
    }

    /// A pattern that ignores ASCII case (host names).
    pub fn host(pattern: &str) -> Self {
        let lower = pattern.trim_end_matches('.').to_ascii_lowercase();
        Glob {
            pattern: lower.chars().collect(),
            text: lower,
            ignore_case: true,
        }
    }

    /// The pattern as it was written.
    pub fn as_str(&self) -> &str {
        &self.text
    }

    /// Whether `name` matches the whole pattern.
    pub fn matches(&self, name: &str) -> bool {
        let name: Vec<char> = if self.ignore_case {
            name.to_ascii_lowercase().chars().collect()
        } else {
            name.chars().collect()
        };
        let (p, n) = (&self.pattern, &name);
        // Greedy matching with one backtrack point: the last `*` seen.
        let (mut pi, mut ni) = (0, 0);
        let mut star: Option<(usize, usize)> = None;
        while ni < n.len() {
            if pi < p.len() && (p[pi] == '?' || p[pi] == n[ni]) {
                pi += 1;
                ni += 1;
            } else if pi < p.len() && p[pi] == '*' {
                star = Some((pi, ni));
                pi += 1;
            } else if let Some((sp, sn)) = star {
                pi = sp + 1;
                ni = sn + 1;
                star = Some((sp, sn + 1));
            } else {
                return false;
            }
        }
        p[pi..].iter().all(|&c| c == '*')
    }
}

/// Whether any of `globs` matches `name`; the first that does.
pub fn first_match<'a>(globs: &'a [Glob], name: &str) -> Option<&'a Glob> {
    globs.iter().find(|g| g.matches(name))
}
