"""The URL table checked against Chromium's own URL parser: no address that the browser takes to
another host is judged internal by the site, and every link rendered into a page leads where the
link rules looked."""
from __future__ import annotations

from typing import Any

import pytest

from cherclient_wiki.community import links
from cherclient_wiki.core.markup import render
from cherclient_wiki.core.markup.urls import Target, classify
from cherclient_wiki.wiki import pages
from tests.test_urls import TRICKY

pytestmark = pytest.mark.e2e

RESOLVE = """(urls) => urls.map((u) => { try { const r = new URL(u, location.href);
  return [r.protocol, r.hostname]; } catch (e) { return ["", ""]; } })"""


def test_chromium_never_leaves_the_site_where_we_thought_it_stayed(live_server: str, page: Any) -> None:
    page.goto(live_server + "/wiki/")
    own_host = page.evaluate("location.hostname")
    urls = [url for url, _target, _host in TRICKY]
    for url, (scheme, host) in zip(urls, page.evaluate(RESOLVE, urls), strict=True):
        link = classify(url)
        if scheme in ("http:", "https:") and host != own_host:
            assert link.target is Target.EXTERNAL and link.host == host.rstrip("."), url
        elif scheme == "mailto:":
            assert link.target is Target.MAIL, url
        elif scheme not in ("http:", "https:"):
            assert link.target in (Target.REFUSED, Target.MAIL), url


def test_rendered_links_lead_where_the_rules_looked(live_server: str, page: Any, app: Any, mod: Any) -> None:
    # NUL never reaches a save (the input gate drops it; PostgreSQL refuses it in text).
    typed = [url.replace("\x00", "") for url, _t, _h in TRICKY]
    source = "\n".join(f"- [lien {i}](<{url.replace(chr(92), chr(92) * 2)}>)" for i, url in enumerate(typed))
    pages.save_revision("liens", source, mod, title="Liens")
    ruled = {links.link_domain(href) for href in links.external_links(render(source))}
    page.goto(live_server + "/wiki/liens")
    own_host = page.evaluate("location.hostname")
    anchors = page.eval_on_selector_all(
        ".wiki-content a[href]", "(as) => as.map((a) => [a.protocol, a.hostname, a.rel])"
    )
    assert len(anchors) > 20
    for scheme, host, rel in anchors:
        if scheme in ("http:", "https:") and host != own_host:
            assert host.rstrip(".") in ruled and rel == "nofollow ugc noopener", host
        else:
            assert scheme in ("http:", "https:", "mailto:"), scheme
