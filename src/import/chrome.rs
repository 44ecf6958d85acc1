//! What of an HTML page is not the policy: page chrome (navigation, the
//! site's header and footer, asides, cookie banners, menus, breadcrumbs,
//! skip links), what is never shown (scripts, styles, templates, hidden
//! elements, form controls), and which element holds the content (`<main>`,
//! else a lone `<article>`, else `<body>`).
//!
//! Chrome is known by its element (`<nav>`, `<aside>`; `<header>` and
//! `<footer>` only outside an article or section, as ARIA maps them to the
//! banner and content-info landmarks), its role, or words in its id, class
//! or label. Words alone never drop an element holding most of the text: a
//! layout `<div class="has-sidebar">` around the policy is not a sidebar.

use scraper::{ElementRef, Html};

/// Why an element is left out.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Chrome {
    /// Navigation: `<nav>`, menus, breadcrumbs, tables of contents.
    Navigation,
    /// The site's header.
    Header,
    /// The site's footer.
    Footer,
    /// An aside or sidebar.
    Aside,
    /// A cookie or consent banner.
    CookieBanner,
    /// A link to skip to the content.
    SkipLink,
}

impl Chrome {
    /// Its name in the report.
    pub fn describe(self) -> &'static str {
        match self {
            Chrome::Navigation => "navigation",
            Chrome::Header => "page header",
            Chrome::Footer => "page footer",
            Chrome::Aside => "aside",
            Chrome::CookieBanner => "cookie banner",
            Chrome::SkipLink => "skip link",
        }
    }
}

/// Elements that are never text.
const INVISIBLE: &[&str] = &[
    "script", "style", "noscript", "template", "iframe", "svg", "canvas", "object", "embed",
    "button", "select", "input", "textarea", "option", "head", "meta", "link", "img", "picture",
    "video", "audio", "map",
];

/// Words of a cookie or consent tool.
const CONSENT: &[&str] = &[
    "cookie",
    "cookies",
    "consent",
    "gdpr",
    "cmp",
    "cookiebot",
    "onetrust",
    "didomi",
    "usercentrics",
    "truste",
    "osano",
    "iubenda",
    "cookieyes",
    "termly",
    "cc",
];

/// Words of a banner or pop-up.
const BANNER: &[&str] = &[
    "banner",
    "bar",
    "notice",
    "popup",
    "pop",
    "modal",
    "dialog",
    "overlay",
    "alert",
    "prompt",
    "toast",
    "consent",
    "sdk",
    "notification",
    "wall",
    "window",
    "box",
    "container",
];

/// Words of navigation.
const NAVIGATION: &[&str] = &[
    "nav",
    "navbar",
    "navigation",
    "menu",
    "menubar",
    "breadcrumb",
    "breadcrumbs",
    "skip",
    "skiplink",
    "sidebar",
    "toc",
    "megamenu",
    "topbar",
];

/// Whether an element is never shown (and so never reported).
pub fn invisible(element: ElementRef<'_>) -> bool {
    let e = element.value();
    INVISIBLE.contains(&e.name())
        || e.attr("hidden").is_some()
        || e.attr("aria-hidden")
            .is_some_and(|v| v.trim().eq_ignore_ascii_case("true"))
        || e.attr("style").is_some_and(|s| {
            let s: String = s
                .chars()
                .filter(|c| !c.is_whitespace())
                .collect::<String>()
                .to_ascii_lowercase();
            s.contains("display:none") || s.contains("visibility:hidden")
        })
}

/// Why `element` is chrome, if it is. `total` is the length of the
/// content's text, against which words alone are weighed.
pub fn chrome(element: ElementRef<'_>, total: usize) -> Option<Chrome> {
    let e = element.value();
    let by_element = match e.name() {
        "nav" => Some(Chrome::Navigation),
        "aside" => Some(Chrome::Aside),
        "header" if !in_sectioning(element) => Some(Chrome::Header),
        "footer" if !in_sectioning(element) => Some(Chrome::Footer),
        _ => None,
    };
    let by_role = match e.attr("role").map(str::to_ascii_lowercase).as_deref() {
        Some("navigation" | "menu" | "menubar" | "search") => Some(Chrome::Navigation),
        Some("banner") => Some(Chrome::Header),
        Some("contentinfo") => Some(Chrome::Footer),
        Some("complementary") => Some(Chrome::Aside),
        _ => None,
    };
    if let Some(found) = by_element.or(by_role) {
        return Some(found);
    }
    if e.name() == "a" && is_skip_link(element) {
        return Some(Chrome::SkipLink);
    }
    let words = words_of(element);
    let has = |list: &[&str]| words.iter().any(|w| list.contains(&w.as_str()));
    let consent = has(CONSENT)
        && words
            .iter()
            .filter(|w| BANNER.contains(&w.as_str()) || CONSENT.contains(&w.as_str()))
            .count()
            >= 2;
    let found = if consent {
        Some(Chrome::CookieBanner)
    } else if has(NAVIGATION) {
        Some(Chrome::Navigation)
    } else {
        None
    }?;
    // Words alone never drop most of the page.
    (text_len(element) * 5 < total * 2).then_some(found)
}

/// Inside an article, aside, main, nav or section: a header or footer of
/// that part, not of the page.
fn in_sectioning(element: ElementRef<'_>) -> bool {
    element.ancestors().filter_map(ElementRef::wrap).any(|a| {
        matches!(
            a.value().name(),
            "article" | "aside" | "main" | "nav" | "section"
        )
    })
}

/// `<a href="#…">Skip to content</a>`.
fn is_skip_link(element: ElementRef<'_>) -> bool {
    let href = element.value().attr("href").unwrap_or_default();
    let text: String = element.text().collect::<String>().to_lowercase();
    href.starts_with('#') && text.trim_start().starts_with("skip")
}

/// The words of an element's id, classes and label: split at anything
/// not a letter or digit and between a lower-case letter and a capital
/// (`CybotCookiebotDialog` → cybot, cookiebot, dialog).
fn words_of(element: ElementRef<'_>) -> Vec<String> {
    let e = element.value();
    let mut text = String::new();
    for value in [e.attr("id"), e.attr("class"), e.attr("aria-label")]
        .into_iter()
        .flatten()
    {
        text.push(' ');
        text.push_str(value);
    }
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in text.chars() {
        if (!c.is_alphanumeric() || (c.is_uppercase() && previous_lower)) && !word.is_empty() {
            words.push(std::mem::take(&mut word).to_lowercase());
        }
        if c.is_alphanumeric() {
            word.push(c);
        }
        previous_lower = c.is_lowercase();
    }
    if !word.is_empty() {
        words.push(word.to_lowercase());
    }
    words
}

/// The length of an element's text.
pub fn text_len(element: ElementRef<'_>) -> usize {
    element.text().map(|t| t.trim().len()).sum()
}

/// The element holding the content, and what it is, for the report.
pub fn content_root(html: &Html) -> (ElementRef<'_>, &'static str) {
    let elements = || {
        html.root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
    };
    if let Some(main) =
        elements().find(|e| e.value().name() == "main" || e.value().attr("role") == Some("main"))
    {
        return (main, "<main>");
    }
    let articles: Vec<ElementRef<'_>> = elements()
        .filter(|e| e.value().name() == "article")
        .collect();
    if let [article] = articles.as_slice() {
        return (*article, "<article>");
    }
    let body = elements()
        .find(|e| e.value().name() == "body")
        .unwrap_or_else(|| html.root_element());
    (body, "<body>")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chrome_of(html: &str) -> Option<Chrome> {
        let page = Html::parse_document(&format!(
            "<body>{html}<p>{}</p></body>",
            "policy text ".repeat(100)
        ));
        let element = page
            .root_element()
            .descendants()
            .filter_map(ElementRef::wrap)
            .find(|e| e.value().attr("data-x").is_some())?;
        chrome(element, 1200)
    }

    #[test]
    fn chrome_is_known_by_element_role_and_words() {
        assert_eq!(
            chrome_of("<nav data-x>Home</nav>"),
            Some(Chrome::Navigation)
        );
        assert_eq!(
            chrome_of("<header data-x>Acme</header>"),
            Some(Chrome::Header)
        );
        assert_eq!(
            chrome_of("<article><header data-x>Title</header></article>"),
            None
        );
        assert_eq!(
            chrome_of("<div data-x id=\"onetrust-banner-sdk\">We use cookies</div>"),
            Some(Chrome::CookieBanner)
        );
        assert_eq!(
            chrome_of("<div data-x id=\"CybotCookiebotDialog\">Cookies</div>"),
            Some(Chrome::CookieBanner)
        );
        assert_eq!(
            chrome_of("<section data-x id=\"cookies\">We use cookies</section>"),
            None
        );
        assert_eq!(
            chrome_of("<div data-x class=\"breadcrumbs\">Home › Privacy</div>"),
            Some(Chrome::Navigation)
        );
        assert_eq!(
            chrome_of("<a data-x href=\"#main\">Skip to content</a>"),
            Some(Chrome::SkipLink)
        );
        assert_eq!(
            chrome_of("<div data-x role=\"contentinfo\">©</div>"),
            Some(Chrome::Footer)
        );
    }
}
