#!/usr/bin/env python3
"""Checks HTML that Markdown processors made of policyc's `.md` outputs.

    scripts/check-markdown.py MANIFEST

MANIFEST has one line per rendering: the `.md` file, the processor's name
and the HTML it produced, separated by tabs. Each HTML must hold only what
Markdown syntax alone produces (paragraphs, links, emphasis, code, lists,
headings with ids, tables, quotes, rules, breaks; images only when the `.md`
has image syntax) and no script URL. Anything else — a `<script>`, an `<svg>`,
an `on*` attribute, a `javascript:` link — came from prose or a value that a
processor made live, and fails the check. Written by scripts/check-markdown.sh.
Exit status: 0 clean, 1 a live element or attribute found, 2 bad usage.
"""

import re
import sys
from html.parser import HTMLParser

# Element -> the attributes Markdown syntax gives it (pandoc's and
# markdown-it's spellings of tables, code and autolinks included).
ALLOWED = {
    "p": set(),
    "a": {"href", "title", "class"},
    "em": set(),
    "strong": set(),
    "del": set(),
    "s": set(),
    "code": {"class"},
    "pre": {"class"},
    "ul": set(),
    "ol": {"start", "type"},
    "li": set(),
    "blockquote": set(),
    "hr": set(),
    "br": set(),
    "table": set(),
    "colgroup": set(),
    "col": {"style", "width"},
    "thead": set(),
    "tbody": set(),
    "tr": {"class"},
    "th": {"style", "align"},
    "td": {"style", "align"},
    **{f"h{n}": {"id"} for n in range(1, 7)},
}
IMAGE = {"img": {"src", "alt", "title"}}
URL_ATTRIBUTES = {"href", "src"}
SAFE_STYLE = re.compile(r"^\s*(text-align:\s*(left|right|center)|width:\s*\d+(\.\d+)?%)\s*;?\s*$")
SAFE_CLASS = re.compile(r"^[A-Za-z0-9 _-]*$")


def is_script_url(value):
    """A URL a browser would run script from, however it is spelt."""
    squeezed = "".join(c for c in value if ord(c) > 0x20 and c != "\x7f").lower()
    return squeezed.startswith(("javascript:", "vbscript:", "data:", "livescript:"))


class Checker(HTMLParser):
    """Collects every element or attribute Markdown syntax would not make."""

    def __init__(self, allowed):
        super().__init__(convert_charrefs=True)
        self.allowed = allowed
        self.problems = []

    def handle_starttag(self, tag, attrs):
        where = f"line {self.getpos()[0]}"
        if tag not in self.allowed:
            self.problems.append(f"{where}: element <{tag}>")
            return
        for name, value in attrs:
            value = value or ""
            if name not in self.allowed[tag]:
                self.problems.append(f"{where}: attribute {name}= on <{tag}>")
            elif name in URL_ATTRIBUTES and is_script_url(value):
                self.problems.append(f"{where}: script URL {value!r} in <{tag} {name}>")
            elif name == "style" and not SAFE_STYLE.match(value):
                self.problems.append(f"{where}: style {value!r} on <{tag}>")
            elif name == "class" and not SAFE_CLASS.match(value):
                self.problems.append(f"{where}: class {value!r} on <{tag}>")

    handle_startendtag = handle_starttag


def main(argv):
    if len(argv) != 2:
        print(__doc__, file=sys.stderr)
        return 2
    failed = 0
    checked = 0
    with open(argv[1], encoding="utf-8") as manifest:
        for line in manifest:
            md_path, processor, html_path = line.rstrip("\n").split("\t")
            with open(md_path, encoding="utf-8") as f:
                markdown = f.read()
            allowed = dict(ALLOWED)
            if "![" in markdown:
                allowed.update(IMAGE)
            checker = Checker(allowed)
            with open(html_path, encoding="utf-8") as f:
                checker.feed(f.read())
            checker.close()
            checked += 1
            for problem in checker.problems:
                print(f"check-markdown: FAIL {md_path} ({processor}): {problem}")
                failed = 1
    print(f"check-markdown: {checked} rendering(s) checked")
    return failed


if __name__ == "__main__":
    sys.exit(main(sys.argv))
