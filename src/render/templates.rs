//! The tera template sets the HTML renderer lays pages out with. Compiling
//! templates costs more than rendering a page with them, so the embedded
//! defaults are compiled once a process and only when first used: the
//! pages' set (a policy's page and the site's index; a build writes those
//! without tera, `html/native.rs`, and only its test compiles them) apart
//! from the coverage page's (written only with `--format coverage`). A user's templates folder is compiled whole, when
//! it is read, so a mistake in any of their files is reported at once.

use std::sync::OnceLock;
use tera::Tera;

/// The default templates, embedded so the binary works anywhere. A user's
/// templates folder may replace any of them by name.
pub const DEFAULT_TEMPLATES: &[(&str, &str)] = &[
    // Included templates come before the templates that include them.
    ("style.css", include_str!("../../templates/style.css")),
    ("head.html", include_str!("../../templates/head.html")),
    (
        "components.html",
        include_str!("../../templates/components.html"),
    ),
    ("page.html", include_str!("../../templates/page.html")),
    (
        "coverage.html",
        include_str!("../../templates/coverage.html"),
    ),
    (
        "site-index.html",
        include_str!("../../templates/site-index.html"),
    ),
];

/// The template whose default is compiled in a set of its own.
const COVERAGE: &str = "coverage.html";

/// The templates a renderer renders with.
pub(super) enum Templates {
    /// The embedded defaults, compiled on first use (see [`defaults_for`]).
    Defaults,
    /// The defaults with a user's folder over them, compiled together.
    User(Box<Tera>),
}

impl Templates {
    /// The compiled set that holds `template`, or the error compiling it.
    pub(super) fn for_template(&self, template: &str) -> Result<&Tera, &tera::Error> {
        match self {
            Templates::Defaults => defaults_for(template),
            Templates::User(tera) => Ok(tera),
        }
    }
}

/// The default set that renders `template`: the coverage page's, or the
/// pages' (page, components, head, style sheet and site index). Each is
/// compiled the first time it is asked for and kept for the process.
fn defaults_for(template: &str) -> Result<&'static Tera, &'static tera::Error> {
    static PAGES: OnceLock<Result<Tera, tera::Error>> = OnceLock::new();
    static COVERAGE_PAGE: OnceLock<Result<Tera, tera::Error>> = OnceLock::new();
    let (set, coverage) = if template == COVERAGE {
        (&COVERAGE_PAGE, true)
    } else {
        (&PAGES, false)
    };
    set.get_or_init(|| {
        // The coverage page includes only the head and its style sheet; the
        // pages never use the coverage page or its components.
        let wanted = |name: &str| match name {
            COVERAGE => coverage,
            "components.html" | "page.html" | "site-index.html" => !coverage,
            _ => true,
        };
        compile(
            DEFAULT_TEMPLATES
                .iter()
                .filter(|(name, _)| wanted(name))
                .copied(),
        )
    })
    .as_ref()
}

/// Templates compiled together, HTML autoescaped.
pub(super) fn compile<'t>(
    sources: impl IntoIterator<Item = (&'t str, &'t str)>,
) -> Result<Tera, tera::Error> {
    let mut tera = Tera::new();
    tera.autoescape_on([".html"]);
    tera.add_raw_templates(sources)?;
    Ok(tera)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_default_set_compiles_and_holds_what_it_renders() {
        for template in ["page.html", "site-index.html", COVERAGE] {
            let tera = defaults_for(template);
            assert!(tera.is_ok(), "{template}: {:?}", tera.err());
            let names: Vec<&str> = tera
                .map(|t| t.get_template_names().collect())
                .unwrap_or_default();
            assert!(names.contains(&template), "{template} in {names:?}");
        }
        let pages = defaults_for("page.html").map(|t| t.get_template_names().count());
        assert_eq!(
            pages.ok(),
            Some(5),
            "the pages' set leaves the coverage page out"
        );
    }
}
