//! Dates: none in the future (a warning), the effective date not after the
//! last update, and a last-updated line only where there is a date to show.

use crate::diagnostic::{Code, Diagnostic};
use crate::model::*;

pub(super) fn check(policy: &Policy, today: Option<Date>, out: &mut Vec<Diagnostic>) {
    if let Some(today) = today {
        check_future(policy, today, out);
    }
    check_order(policy, out);
    check_last_updated_lines(policy, out);
}

fn check_future(policy: &Policy, today: Date, out: &mut Vec<Diagnostic>) {
    let dates = [
        ("takes effect", &policy.meta.effective),
        ("was last updated", &policy.meta.updated),
    ];
    for (what, date) in dates {
        let Some(date) = date.as_ref().filter(|d| d.node > today) else {
            continue;
        };
        out.push(
            Diagnostic::warning(Code::FutureDate, format!("the policy {what} on {}, which is in the future", date.node))
                .at(date.span)
                .label(format!("today is {today}"))
                .help("check the date; a policy may be published before it takes effect, but rarely before it was written"),
        );
    }
}

fn check_order(policy: &Policy, out: &mut Vec<Diagnostic>) {
    let (Some(effective), Some(updated)) = (&policy.meta.effective, &policy.meta.updated) else {
        return;
    };
    if effective.node > updated.node {
        out.push(
            Diagnostic::error(
                Code::DatesOutOfOrder,
                format!(
                    "the policy takes effect on {} but was last updated on {}",
                    effective.node, updated.node
                ),
            )
            .at(effective.span)
            .label("effective date")
            .related(updated.span, "last-updated date, earlier")
            .help("the last update cannot come before the policy takes effect: check both dates"),
        );
    }
}

fn check_last_updated_lines(policy: &Policy, out: &mut Vec<Diagnostic>) {
    if policy.meta.updated.is_some() {
        return;
    }
    for block in policy.blocks() {
        if let Block::LastUpdated(_) = block.node {
            out.push(
                Diagnostic::error(
                    Code::MissingDate,
                    "the last-updated line needs the policy's `updated` date",
                )
                .at(block.span.sub(0, "last-updated".len()))
                .label("no `updated = …` in this policy")
                .help("add `updated = YYYY-MM-DD` to the policy's metadata"),
            );
        }
    }
}
