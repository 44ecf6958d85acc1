//! Issue 20, a parse that does little per byte: the grammar was reworked
//! for speed (string contents, comments and white space read in runs;
//! values, list values, items and fact keywords tried in another order), and
//! none of that may change what a file parses to. Each tree below is the
//! pest parse of the recovering parser (every pair: rule, start, end) as the
//! grammar before the rework gave it, and each error the words and place it
//! gave; the UI snapshots, the `fmt` round trips and the LSP tests are the
//! rest of the proof.

#![allow(clippy::unwrap_used, clippy::expect_used, clippy::indexing_slicing)]

use policyc::source::SourceFile;
use policyc::syntax;

/// Every pair of the parse of `text`, in source order: `rule start end`.
fn pairs(text: &str) -> String {
    let file = SourceFile::new("t.policy", text);
    let parsed = syntax::parse(&file);
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let root = parsed.root().expect("a tree");
    let mut out = String::new();
    for pair in std::iter::once(root).chain(root.descendants()) {
        out.push_str(&format!(
            "{:?} {} {}\n",
            pair.as_rule(),
            pair.start(),
            pair.end()
        ));
    }
    out
}

/// The first syntax error of `text`: its message and where it starts.
fn first_error(text: &str) -> (String, usize) {
    let file = SourceFile::new("t.policy", text);
    let parsed = syntax::parse(&file);
    let error = parsed.diagnostics.first().expect("a syntax error");
    (error.message.clone(), error.span.expect("a place").start)
}

/// Strings with escapes at the start, in the middle and at the end, an
/// empty string, a string of one escape: `string_content` is read in runs
/// between escapes.
#[test]
fn escapes_parse_as_before() {
    let text = "policy privacy \"T\\\"\" {\n  id = \"\\\"a\\\\b\\n\\t\\u{41}c\"\n  version = \"\"\n  data = [other \"x\\\\\", \"\\u{1F600}\"]\n}\n";
    let expected = "\
recovering_file 0 103\n\
policy 0 102\n\
kw_policy 0 6\n\
policy_kind 7 14\n\
identifier 7 14\n\
string 15 20\n\
quote 15 16\n\
string_content 16 19\n\
quote 19 20\n\
block_open 21 22\n\
assignment 25 49\n\
key 25 27\n\
equals 28 29\n\
string 30 49\n\
quote 30 31\n\
string_content 31 48\n\
quote 48 49\n\
assignment 52 64\n\
key 52 59\n\
equals 60 61\n\
string 62 64\n\
quote 62 63\n\
string_content 63 63\n\
quote 63 64\n\
assignment 67 100\n\
key 67 71\n\
equals 72 73\n\
list 74 100\n\
list_open 74 75\n\
tagged 75 86\n\
word 75 80\n\
string 81 86\n\
quote 81 82\n\
string_content 82 85\n\
quote 85 86\n\
comma 86 87\n\
string 88 99\n\
quote 88 89\n\
string_content 89 98\n\
quote 98 99\n\
list_close 99 100\n\
block_close 101 102\n\
EOI 103 103\n\
";
    assert_eq!(pairs(text), expected);
}

/// Line comments ended by LF, a lone CR, CRLF and the end of the file;
/// block comments holding `*`, `/` and `/*/`: comments are read to their
/// end in one step.
#[test]
fn comments_parse_as_before() {
    let text = "policy privacy \"T\" { // lf\n  id = \"x\" // cr\r  /* a * / b / */ version = \"1\" /*/ */\r\n  // crlf\r\n  /**/}\t// eof";
    let expected = "\
recovering_file 0 109\n\
policy 0 102\n\
kw_policy 0 6\n\
policy_kind 7 14\n\
identifier 7 14\n\
string 15 18\n\
quote 15 16\n\
string_content 16 17\n\
quote 17 18\n\
block_open 19 20\n\
COMMENT 21 26\n\
assignment 29 37\n\
key 29 31\n\
equals 32 33\n\
string 34 37\n\
quote 34 35\n\
string_content 35 36\n\
quote 36 37\n\
COMMENT 38 43\n\
COMMENT 46 61\n\
assignment 62 75\n\
key 62 69\n\
equals 70 71\n\
string 72 75\n\
quote 72 73\n\
string_content 73 74\n\
quote 74 75\n\
COMMENT 76 82\n\
COMMENT 86 93\n\
COMMENT 97 101\n\
block_close 101 102\n\
COMMENT 103 109\n\
EOI 109 109\n\
";
    assert_eq!(pairs(text), expected);
}

/// Every kind of value, in a setting and in a list, and facts beside
/// generated blocks whose names begin alike (`cookie`, `cookie-table`;
/// `right`, `rights-list`): alternatives tried in another order choose as
/// before.
#[test]
fn values_parse_as_before() {
    let text = "policy privacy \"T\" {\n  id = \"x\"\n  depth = 3\n  effective = 2024-01-01\n  collect {\n    data = [name, other \"x\", 2024-01-01,]\n    retention = 13 years\n    period = P1.5Y\n    keep = 26M\n    basis = legitimate-interests \"y\"\n  }\n  cookie \"c\" { }\n  right access { }\n  cookie-table\n  rights-list\n  toc { depth = 2 }\n}\n";
    let expected = "\
recovering_file 0 310\n\
policy 0 309\n\
kw_policy 0 6\n\
policy_kind 7 14\n\
identifier 7 14\n\
string 15 18\n\
quote 15 16\n\
string_content 16 17\n\
quote 17 18\n\
block_open 19 20\n\
assignment 23 31\n\
key 23 25\n\
equals 26 27\n\
string 28 31\n\
quote 28 29\n\
string_content 29 30\n\
quote 30 31\n\
assignment 34 43\n\
key 34 39\n\
equals 40 41\n\
integer 42 43\n\
assignment 46 68\n\
key 46 55\n\
equals 56 57\n\
date 58 68\n\
fact 71 222\n\
fact_keyword 71 78\n\
block_open 79 80\n\
assignment 85 122\n\
key 85 89\n\
equals 90 91\n\
list 92 122\n\
list_open 92 93\n\
tagged 93 97\n\
word 93 97\n\
comma 97 98\n\
tagged 99 108\n\
word 99 104\n\
string 105 108\n\
quote 105 106\n\
string_content 106 107\n\
quote 107 108\n\
comma 108 109\n\
date 110 120\n\
comma 120 121\n\
list_close 121 122\n\
assignment 127 147\n\
key 127 136\n\
equals 137 138\n\
loose 139 147\n\
assignment 152 166\n\
key 152 158\n\
equals 159 160\n\
loose 161 166\n\
assignment 171 181\n\
key 171 175\n\
equals 176 177\n\
loose 178 181\n\
assignment 186 218\n\
key 186 191\n\
equals 192 193\n\
tagged 194 218\n\
word 194 214\n\
string 215 218\n\
quote 215 216\n\
string_content 216 217\n\
quote 217 218\n\
block_close 221 222\n\
fact 225 239\n\
fact_keyword 225 231\n\
string 232 235\n\
quote 232 233\n\
string_content 233 234\n\
quote 234 235\n\
block_open 236 237\n\
block_close 238 239\n\
fact 242 258\n\
fact_keyword 242 247\n\
fact_kind 248 255\n\
identifier 248 254\n\
block_open 255 256\n\
block_close 257 258\n\
generated 261 276\n\
generated_name 261 273\n\
generated 276 290\n\
generated_name 276 287\n\
generated 290 307\n\
generated_name 290 293\n\
block_open 294 295\n\
assignment 296 305\n\
key 296 301\n\
equals 302 303\n\
integer 304 305\n\
block_close 306 307\n\
block_close 308 309\n\
EOI 310 310\n\
";
    assert_eq!(pairs(text), expected);
}

/// Tabs, CRLF, lone CRs and blank lines between tokens, and a prose block
/// with CRLF inside: white space is skipped a run at a time.
#[test]
fn blanks_parse_as_before() {
    let text = "policy\tprivacy \"T\"\r\n{\r\n\t id\t=\t\"x\"\r\r\n\n  text \"\"\"\r\n  a \"\" b\r\n  \"\"\"\r\n}\r\n";
    let expected = "\
recovering_file 0 69\n\
policy 0 67\n\
kw_policy 0 6\n\
policy_kind 7 14\n\
identifier 7 14\n\
string 15 18\n\
quote 15 16\n\
string_content 16 17\n\
quote 17 18\n\
block_open 20 21\n\
assignment 25 33\n\
key 25 27\n\
equals 28 29\n\
string 30 33\n\
quote 30 31\n\
string_content 31 32\n\
quote 32 33\n\
text 39 64\n\
kw_text 39 43\n\
prose_block 44 64\n\
prose_open 44 47\n\
prose_content 47 61\n\
prose_close 61 64\n\
block_close 66 67\n\
EOI 69 69\n\
";
    assert_eq!(pairs(text), expected);
}

/// An unknown escape is reported at its backslash, as before (the string is
/// now read in runs up to it).
#[test]
fn bad_escape_is_reported_as_before() {
    let text = "policy privacy \"T\" {\n  id = \"a\\qb\"\n}\n";
    let at = text.find("\\q").expect("the place in the text");
    assert_eq!(
        first_error(text),
        ("unknown escape `\\q` in a string".to_string(), at)
    );
}

/// A `/` that begins no comment is found where it stands, with every item
/// named as before.
#[test]
fn lone_slash_is_reported_as_before() {
    let text = "policy privacy \"T\" {\n  id = \"x\" / 1\n}\n";
    let at = text.find("/ 1").expect("the place in the text");
    assert_eq!(
        first_error(text),
        (
            "expected `}` or an item (a section, a `text` block, a setting, a term, …), found `/`"
                .to_string(),
            at
        )
    );
}

/// A generated block's name used as a setting's name: `toc` is still read
/// as the block, and `=` is where the error is.
#[test]
fn toc_equals_is_reported_as_before() {
    let text = "policy privacy \"T\" {\n  id = \"x\"\n  toc = 3\n}\n";
    let at = text.find("= 3").expect("the place in the text");
    assert_eq!(first_error(text), ("expected `{`, `}`, a text in double quotes or an item (a section, a `text` block, a setting, a term, …), found `=`".to_string(), at));
}

/// A missing value names every kind of value, though they are now tried in
/// another order.
#[test]
fn value_missing_is_reported_as_before() {
    let text = "policy privacy \"T\" {\n  id =\n}\n";
    let at = text
        .find("\n}")
        .map(|at| at + 1)
        .expect("the place in the text");
    assert_eq!(first_error(text), ("expected `[`, a date such as `2024-01-31`, a text in double quotes, a whole number or a word such as `none`, found `}`".to_string(), at));
}

/// A missing comma in a list names what may follow a word in a list, as
/// before.
#[test]
fn list_gap_is_reported_as_before() {
    let text = "policy privacy \"T\" {\n  collect { data = [name email] }\n}\n";
    let at = text.find("email").expect("the place in the text");
    assert_eq!(
        first_error(text),
        (
            "expected `,`, `]` or a text in double quotes, found `email`".to_string(),
            at
        )
    );
}

/// A number with an unknown unit reads as it did.
#[test]
fn unit_is_reported_as_before() {
    let text = "policy privacy \"T\" {\n  collect { retention = 13 yrs }\n}\n";
    let at = text
        .find(" }\n}")
        .map(|at| at + 1)
        .expect("the place in the text");
    assert_eq!(
        first_error(text),
        ("expected `=`, found `}`".to_string(), at)
    );
}
