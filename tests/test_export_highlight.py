"""Code highlighting: the one-regex-per-state lexer loop yields exactly pygments' own tokens."""

from __future__ import annotations

import random
import re
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pygments.lexers import get_lexer_by_name

from srs.export import highlight
from srs.export.highlight import _lexer, _pygments_tokens, _regex_tokens, _state_table, _uncapture, highlight_code

REPO = Path(__file__).parent.parent

# Languages interview cards use, and some with unusual lexers (callbacks, `using`, inline flags).
LANGS = ["python", "bash", "sh", "console", "javascript", "typescript", "jsx", "json", "yaml", "toml", "ini", "sql",
         "go", "rust", "java", "kotlin", "scala", "c", "cpp", "csharp", "r", "julia", "ruby", "php", "html", "xml",
         "css", "dockerfile", "make", "diff", "text", "markdown", "haskell", "lua", "swift", "perl", "powershell",
         "graphql", "protobuf", "terraform", "nginx", "latex", "matlab", "pycon", "rst", "nix"]


def _tokens(lang: str, code: str) -> tuple[list, list]:
    """pygments' own ``get_tokens`` and ours, for the same lexer."""
    lexer = get_lexer_by_name(lang, stripnl=False, ensurenl=False)
    ours = list(_regex_tokens(lexer, lexer._preprocess_lexer_input(code), _state_table(lexer))) \
        if _state_table(lexer) is not None else list(lexer.get_tokens(code))
    return list(lexer.get_tokens(code)), ours


def test_most_card_languages_take_the_fast_loop():
    fast = [lang for lang in LANGS if _state_table(get_lexer_by_name(lang)) is not None]
    # (yaml, json, c and cpp have loops of their own and keep them)
    assert {"python", "bash", "javascript", "typescript", "sql", "go", "rust", "java", "html", "dockerfile"} <= set(fast)


def test_repository_sources_lex_the_same():
    for path in sorted((REPO / "srs").rglob("*.py")) + sorted((REPO / "tests").glob("*.py")):
        theirs, ours = _tokens("python", path.read_text(encoding="utf-8"))
        assert ours == theirs, path


def _code_blocks() -> list[tuple[str, str]]:
    out = []
    for path in sorted((REPO / "decks" / "sources").glob("*.md")):
        for m in re.finditer(r"^```(\w*)\n(.*?)^```", path.read_text(encoding="utf-8"), re.M | re.S):
            out.append((m.group(1) or "python", m.group(2)))
    return out


def test_bundled_code_lexes_the_same_in_every_language():
    blocks = _code_blocks()
    assert len(blocks) > 20
    for lang in LANGS:
        for _, code in blocks:
            theirs, ours = _tokens(lang, code)
            assert ours == theirs, (lang, code[:200])


SNIPPETS = [
    'f"{x!r:>{w}} {{literal}}" rb"\\x00" b\'\\n\' r"\\d" """doc\nstring""" \'\'\'a\'\'\' u"\\N{DASH}"',
    "match point:\n    case (0, 0):\n        pass\n    case _:\n        print('x')\n",
    "@decorator\nasync def f(*args, **kw) -> list[int]:\n    return [i async for i in g() if i % 2 == 0]\n",
    "x = 0x1F + 0o17 + 0b1010 + 1_000.5e-3j\nclass A(B, metaclass=M): ...\nfrom . import (a as b, c)\n",
    "for f in *.txt; do echo \"${f%.txt}\" $(( 1 + 2 )) `date` <<EOF\nhere $HOME\nEOF\ndone 2>&1 | tee log\n",
    "SELECT a, COUNT(*) FROM t WHERE b LIKE 'x%' AND c IN (1, 2) GROUP BY a HAVING COUNT(*) > 1; -- c\n/* block */",
    "const f = async (x) => { const y = `t ${x + `n ${1}`}`; return /re[/]g/.test(y) ?? null; };\n",
    "func (s *S) M(ctx context.Context) (<-chan int, error) { go func() { defer close(c) }(); return c, nil }\n",
    'fn main() { let v: Vec<&str> = vec!["a"]; println!("{}", r#"raw "str""#); \'a: loop { break \'a; } }\n',
    "key: value\nlist:\n  - a\n  - {b: 1, c: [2, 3]}\nanchor: &x 1\nref: *x\nmulti: |\n  text\n---\n",
    "<div class=\"a\" onclick='f()'><script>var x = 1 < 2;</script><style>a { color: red }</style></div>",
    "\t\tindented\twith\ttabs\n\n\n  trailing   \n\x0c\x00\ufeffodd chars é 中文 😀\r\n",
    "", "\n", "unterminated \"string\n'also\n/* comment", "))))]]]}}}{{{((([[[", "\\\\\\\\\\\n\\",
]


@pytest.mark.parametrize("lang", LANGS)
def test_snippets_lex_the_same(lang):
    for code in SNIPPETS:
        theirs, ours = _tokens(lang, code)
        assert ours == theirs, (lang, code)


@settings(max_examples=300, deadline=None)
@given(st.sampled_from(LANGS), st.lists(st.sampled_from(list("abcdefxyz019 _.,:;=+-*/%<>!?&|^~@#$\\\"'`()[]{}\n\t")
                                                         + ["def ", "class ", "if ", "for ", "in ", "return ", "f\"",
                                                            "r'", "\"\"\"", "'''", "${", "/*", "*/", "//", "<!--", "-->",
                                                            "é", "\x00"]), max_size=80))
def test_fuzzed_code_lexes_the_same(lang, pieces):
    code = "".join(pieces)
    theirs, ours = _tokens(lang, code)
    assert ours == theirs


def test_random_code_lexes_the_same():
    rng = random.Random(11)
    alphabet = [chr(c) for c in range(32, 127)] + ["\n", "\t", "\n    ", "é"]
    for lang in LANGS:
        for _ in range(60):
            code = "".join(rng.choice(alphabet) for _ in range(rng.randint(0, 200)))
            theirs, ours = _tokens(lang, code)
            assert ours == theirs, (lang, code)


def test_uncapture_keeps_the_language_of_each_regex():
    for pattern, text in [("(a)(?:b)\\(c\\)[(]x[]()][^]()](?P<n>x)((y))", "ab(c)(x)]xy"), ("[\\](]((z))", "]z"),
                          ("\\\\(a)", "\\a"), ("(?i)(x)", "X")]:
        out = _uncapture(pattern)
        assert re.compile(out).groups == re.compile(pattern).groupindex.__len__()
        assert bool(re.fullmatch(out, text)) == bool(re.fullmatch(pattern, text))


def test_highlighted_html_is_what_pygments_tokens_give():
    code = 'def f(x):\n    return f"{x}"  # done\n'
    fast = highlight_code(code, "python")
    table = highlight._TABLES.pop(type(_lexer("python")))
    highlight._TABLES[type(_lexer("python"))] = None  # pygments' own loop
    try:
        assert highlight_code(code, "python") == fast
    finally:
        highlight._TABLES[type(_lexer("python"))] = table
    assert list(_pygments_tokens(code, _lexer("python")))


def _format_reference(tokens) -> str:
    """The formatter as it was first written (token by token), to check the faster one against."""
    from html import escape

    def line(parts, text):
        stripped = text.lstrip(" \t")
        indent = len(text[: len(text) - len(stripped)].expandtabs(4)) if stripped else 0
        return f'<span class="line i{min(indent, 24)}">{"".join(parts)}\n</span>'

    out, parts, raw = [], [], []
    last_cls, buf = "", []

    def flush():
        if buf:
            text = escape("".join(buf), quote=False)
            parts.append(f'<span class="{last_cls}">{text}</span>' if last_cls else text)
            buf.clear()

    for cls, value in tokens:
        if cls != last_cls:
            flush()
            last_cls = cls
        while True:
            head, nl, value = value.partition("\n")
            if head:
                buf.append(head)
                raw.append(head)
            if not nl:
                break
            flush()
            out.append(line(parts, "".join(raw)))
            parts.clear()
            raw.clear()
    flush()
    if parts:
        text = line(parts, "".join(raw))
        out.append(text[: -len("\n</span>")] + "</span>")
    return "".join(out)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.tuples(st.sampled_from(["", "k", "n", "s2", "c1"]),
                          st.text(alphabet=st.sampled_from(list("ab <>&\"'\n\t\x0c")), max_size=12)),
                max_size=30))
def test_formatter_matches_the_token_by_token_one(tokens):
    assert highlight._format(tokens) == _format_reference(tokens)


def test_formatter_matches_on_real_code():
    for path in sorted((REPO / "srs" / "export").glob("*.py")):
        tokens = list(_pygments_tokens(path.read_text(encoding="utf-8"), _lexer("python")))
        assert highlight._format(tokens) == _format_reference(tokens), path
