"""Every link is judged as a browser resolves it: one table of tricky URLs, read by markup.urls,
which the renderer, the link rules and the blocklist all use."""
from __future__ import annotations

from typing import Any

import pytest

from cherclient_wiki.community import links
from cherclient_wiki.core.markup import render
from cherclient_wiki.core.markup.urls import Target, classify

# (what an author types, what a browser on one of our pages makes of it, the host it reaches)
TRICKY = [
    ("/\\blocked.example/offre", Target.EXTERNAL, "blocked.example"),
    ("\\\\blocked.example/offre", Target.EXTERNAL, "blocked.example"),
    ("//blocked.example", Target.EXTERNAL, "blocked.example"),
    ("\\/blocked.example", Target.EXTERNAL, "blocked.example"),
    (" //blocked.example", Target.EXTERNAL, "blocked.example"),
    ("\t//blocked.example", Target.EXTERNAL, "blocked.example"),
    ("/\t/blocked.example", Target.EXTERNAL, "blocked.example"),
    ("/\n/blocked.example", Target.EXTERNAL, "blocked.example"),
    ("\x01\x1f//blocked.example", Target.EXTERNAL, "blocked.example"),
    ("HTTPS://BLOCKED.EXAMPLE/Offre", Target.EXTERNAL, "blocked.example"),
    ("https:blocked.example", Target.EXTERNAL, "blocked.example"),  # on an http page
    ("http:blocked.example", Target.EXTERNAL, "blocked.example"),  # on an https page
    ("https:/blocked.example", Target.EXTERNAL, "blocked.example"),
    ("https:\\\\blocked.example", Target.EXTERNAL, "blocked.example"),
    ("hTtP://blocked.example.", Target.EXTERNAL, "blocked.example"),
    ("https://ami.example@blocked.example/", Target.EXTERNAL, "blocked.example"),
    ("https://cherclient.invalid@blocked.example/", Target.EXTERNAL, "blocked.example"),
    ("https://blocked.example:443/", Target.EXTERNAL, "blocked.example"),
    ("https://bloqué.example/", Target.EXTERNAL, "xn--bloqu-fsa.example"),
    ("https://xn--bloqu-fsa.example/", Target.EXTERNAL, "xn--bloqu-fsa.example"),
    ("https://ｂｌｏｃｋｅｄ.example/", Target.EXTERNAL, "blocked.example"),  # full-width letters fold
    ("http://0x7f.1/", Target.EXTERNAL, "127.0.0.1"),
    ("http://[::1]/", Target.EXTERNAL, "[::1]"),
    ("mailto:promo@blocked.example", Target.MAIL, "blocked.example"),
    ("MAILTO:Promo@Blocked.Example", Target.MAIL, "blocked.example"),
    ("/wiki/accueil", Target.INTERNAL, ""),
    ("/%2F/blocked.example", Target.INTERNAL, ""),  # a path on our own host
    ("%2F%2Fblocked.example", Target.INTERNAL, ""),
    ("accueil", Target.INTERNAL, ""),
    ("#fn:1", Target.INTERNAL, ""),
    ("?page=2", Target.INTERNAL, ""),
    ("javascript:alert(1)", Target.REFUSED, ""),
    ("JaVaScRiPt:alert(1)", Target.REFUSED, ""),
    ("java\tscript:alert(1)", Target.REFUSED, ""),
    (" \x00javascript:alert(1)", Target.REFUSED, ""),
    ("data:text/html,<script>alert(1)</script>", Target.REFUSED, ""),
    ("vbscript:msgbox(1)", Target.REFUSED, ""),
    ("file:///etc/passwd", Target.REFUSED, ""),
    ("https://", Target.REFUSED, ""),
]


@pytest.mark.parametrize(("url", "target", "host"), TRICKY)
def test_each_url_is_read_as_a_browser_reads_it(url: str, target: Target, host: str) -> None:
    link = classify(url)
    assert (link.target, link.host) == (target, host)


@pytest.mark.parametrize(("url", "target", "host"), [row for row in TRICKY if row[1] is not Target.REFUSED])
def test_the_rendered_link_leads_where_the_rules_looked(url: str, target: Target, host: str) -> None:
    """What the HTML says is what the rules judged: an external target carries nofollow and its
    resolved address (so the blocklist reads the same host); our own pages stay paths."""
    destination = url.replace("\\", "\\\\")  # Markdown reads "\\" as an escaped backslash
    html = render(f"[lien](<{destination}>)" if " " in url or "\n" in url else f"[lien]({destination})")
    hrefs = links.external_links(html)
    if target is Target.INTERNAL:
        assert hrefs == set() and "nofollow" not in html
    elif 'href="' in html:  # Markdown may refuse the destination; then no link is made at all
        assert {links.link_domain(href) for href in hrefs} == {host}
        if target is Target.EXTERNAL:
            assert 'rel="nofollow ugc noopener"' in html


@pytest.mark.parametrize("url", [row[0] for row in TRICKY if row[1] is Target.REFUSED])
def test_refused_urls_never_become_links(url: str) -> None:
    html = render(f"[clic]({url}) ![img]({url})")
    assert "href" not in html and "<img" not in html


def test_admins_block_domains_the_way_links_are_read() -> None:
    assert links.normalise_domain("https://WWW.Blocked.Example/offre") == "blocked.example"
    assert links.normalise_domain("bloqué.example") == "xn--bloqu-fsa.example"
    assert links.normalise_domain("\\\\blocked.example") == "blocked.example"
    assert links.normalise_domain("pas un domaine") is None


def test_a_backslash_link_from_a_new_account_is_caught(client: Any, auth: Any, app: Any, make_user: Any, mod: Any) -> None:
    """The attack found: `[promo](/\\blocked.example/offre)` from a 1-hour-old account bypassed the
    blocklist and the new-account rule, and carried no nofollow."""
    make_user("neuf")
    links.block(mod, "blocked.example")
    auth.login("neuf")
    response = client.post("/wiki/offre/edit", data={
        "title": "Offre", "source": "Voir [promo](/\\blocked.example/offre).", "base_revision": 0, "summary": "",
    })
    assert response.status_code == 422
    assert "Les liens vers blocked.example ne sont pas acceptés" in response.get_data(as_text=True)
