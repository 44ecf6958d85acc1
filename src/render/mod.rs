//! Stage 4, document view → pages. [`markdown`] writes CommonMark and
//! [`html`] a standalone page from tera templates (the defaults written
//! straight from the page's view, the same bytes); both lay out the shared
//! [`view`](crate::view) and never walk the model themselves. [`prose`]
//! turns CommonMark into safe HTML.

pub mod html;
pub mod markdown;
mod markdown_facts;
mod prose;
mod slug;
mod templates;
