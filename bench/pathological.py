"""Pathological Markdown inputs: cmark's pathological test suite (test/pathological_tests.py in
commonmark/cmark) plus the cases our hardening issue names. Each case is a function of the wanted
size in characters, so the bench renders them at the largest accepted size and the test suite
compares 1x and 4x sizes."""
from __future__ import annotations

from collections.abc import Callable


def _repeat(unit: str, size: int, head: str = "", tail: str = "") -> str:
    count = max((size - len(head) - len(tail)) // len(unit), 1)
    return head + unit * count + tail


def _triangle(line: Callable[[int], str], size: int) -> str:
    """Lines that grow (deeper lists, longer backtick runs) until the text reaches `size`."""
    parts, total, i = [], 0, 1
    while total < size:
        part = line(i)
        parts.append(part)
        total += len(part)
        i += 1
    return "".join(parts)[:size]


def _nested_brackets(size: int) -> str:
    half = (size - 1) // 2
    return "[" * half + "a" + "]" * half


def _nested_strong_emph(size: int) -> str:
    count = size // 16
    return "*a **a " * count + "b" + " a** a*" * count


CASES: dict[str, Callable[[int], str]] = {
    # cmark's suite
    "nested strong emph": _nested_strong_emph,
    "emph closers, no openers": lambda n: _repeat("a_ ", n),
    "emph openers, no closers": lambda n: _repeat("_a ", n),
    "link closers, no openers": lambda n: _repeat("a]", n),
    "link openers, no closers": lambda n: _repeat("[a", n),
    "mismatched openers and closers": lambda n: _repeat("*a_ ", n),
    "openers and closers multiple of 3": lambda n: _repeat("c* ", n, head="a**b"),
    "link openers and emph closers": lambda n: _repeat("[ a_", n),
    "pattern [ (](": lambda n: _repeat("[ (](", n),
    "nested brackets": _nested_brackets,
    "nested block quotes": lambda n: _repeat("> ", n, tail="a"),
    "deeply nested lists": lambda n: _triangle(lambda i: "  " * i + "* a\n", n),
    "U+0000 in input": lambda n: _repeat("abc\u0000de\u0000", n),
    "backticks": lambda n: _triangle(lambda i: "e" + "`" * i, n),
    "unclosed links A": lambda n: _repeat("[a](<b", n),
    "unclosed links B": lambda n: _repeat("[a](b", n),
    "unclosed <!--": lambda n: _repeat("<!--", n, head="</"),
    "many reference definitions": lambda n: _repeat("[a]: u\n", n, tail="\n[a]"),
    # the hardening issue's cases
    "[ repeated": lambda n: _repeat("[", n),
    "[a]( repeated": lambda n: _repeat("[a](", n),
    "[[ wiki brackets": lambda n: _repeat("[[", n),
    "[[ unclosed wiki links": lambda n: _repeat("[[a|", n),
    "headings": lambda n: _repeat("# h\n", n),
    "footnotes": lambda n: _triangle(lambda i: f"x[^{i}]\n\n[^{i}]: n\n\n", n),
    "footnote references only": lambda n: _repeat("x[^1] ", n, tail="\n\n[^1]: n\n"),
    "< repeated": lambda n: _repeat("<", n),
    "& repeated": lambda n: _repeat("&", n),
    "entities": lambda n: _repeat("&amp;&#x27;&copy;", n),
    "nested emphasis": lambda n: "*" * (n // 2) + "a" + "*" * (n // 2),
    "table with many columns": lambda n: _repeat("| a ", n // 3, tail="|\n") + _repeat("|---", n // 3, tail="|\n") + _repeat("| b ", n // 3, tail="|\n"),
    "table with many rows": lambda n: "| a | b |\n|---|---|\n" + _repeat("| [x | *y |\n", n - 20),
    "inline links": lambda n: _repeat("[a](/wiki/b) ", n),
    "external links": lambda n: _repeat("[a](https://example.org/x) ", n),
    "images": lambda n: _repeat("![a](/uploads/b.png) ", n),
    "huge list numbers": lambda n: _repeat("999999999. a\n", n),
    "long line of words": lambda n: _repeat("mot ", n),
}
