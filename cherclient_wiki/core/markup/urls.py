"""One reading of a URL, the browser's: the sanitiser, the link rules and the blocklist all ask here.

A browser does not read `/\\blocked.example/offre`, ` //x`, `java\\tscript:` or `HTTPS:evil.fr` the
way `urllib.parse` does: it follows the WHATWG URL standard (backslashes are slashes, tabs and
newlines vanish, leading control characters and spaces are trimmed, schemes fold to lower case,
host names go through IDNA). So each URL is resolved here by ada (a WHATWG-conformant parser)
against a stand-in for our own origin, and judged by what the browser would actually open.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum
from functools import lru_cache

from ada_url import join_url, parse_url

# Stand for "this site": no real host can carry the reserved .invalid top-level domain.
OWN_HOST = "cherclient.invalid"
OWN_ORIGINS = (f"https://{OWN_HOST}", f"http://{OWN_HOST}")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*:")
WEB_SCHEMES = frozenset({"http:", "https:"})
_DROPPED = str.maketrans("", "", "\t\n\r")
_C0_AND_SPACE = "".join(map(chr, range(0x21)))


class Target(Enum):
    INTERNAL = "internal"  # a page of this site: kept as a path
    EXTERNAL = "external"  # another web site: nofollow, subject to the link rules
    MAIL = "mail"  # mailto:
    REFUSED = "refused"  # anything else (javascript:, data:, unparsable...): never emitted


@dataclass(frozen=True)
class Link:
    target: Target
    href: str  # what to put in the HTML: the resolved URL, or a path for our own pages
    host: str = ""  # the ASCII (punycode) host name, lower case, for external and mail targets


@lru_cache(maxsize=4096)
def classify(url: str) -> Link:
    """How a browser on one of our pages would resolve `url`, and what kind of target it is.

    The site may be served over http or https, and "http:x.fr" is a relative path on an http page
    but another host on an https one: a URL that leaves the site under either scheme is external.
    """
    resolutions = []
    for origin in OWN_ORIGINS:
        try:
            resolved = join_url(origin + "/", url)
            resolutions.append((resolved, parse_url(resolved)))
        except ValueError:
            return Link(Target.REFUSED, "")
    for resolved, parts in resolutions:
        scheme, host = parts["protocol"], parts["hostname"]
        if scheme == "mailto:":
            domain = parts["pathname"].rpartition("@")[2].rstrip(".").lower()
            return Link(Target.MAIL, resolved, _ascii_host(domain))
        if scheme not in WEB_SCHEMES or not host:
            return Link(Target.REFUSED, "")
        if host != OWN_HOST or parts["username"] or parts["password"] or parts["port"]:
            return Link(Target.EXTERNAL, resolved, host.rstrip("."))
    return Link(Target.INTERNAL, _internal_href(url, resolutions[0][1]))


def _internal_href(url: str, parts: dict[str, str]) -> str:
    """A relative reference keeps its meaning ("#fn:1" stays on the page, "accueil" next to it);
    anything written with a scheme or a leading slash becomes the plain path it resolves to, which
    every browser reads alike whatever the page's scheme."""
    cleaned = _clean(url)
    if cleaned.startswith("/") or _SCHEME.match(cleaned):
        return parts["pathname"] + parts["search"] + parts["hash"]
    return cleaned


def _clean(url: str) -> str:
    """The WHATWG pre-processing: outer C0 controls and spaces trimmed, tabs and newlines dropped,
    backslashes read as slashes."""
    return url.strip(_C0_AND_SPACE).translate(_DROPPED).replace("\\", "/")


def _ascii_host(domain: str) -> str:
    """A mail domain as the blocklist stores it (IDNA, lower case); "" when it is not a host."""
    try:
        parts = parse_url(f"http://{domain}/")
    except ValueError:
        return ""
    return parts["hostname"].rstrip(".")


def is_external(url: str) -> bool:
    """True for anything that leaves the site (another host, or mail)."""
    return classify(url).target in (Target.EXTERNAL, Target.MAIL)


def host_of(url: str) -> str:
    """The host a link leads to ("" for our own pages and refused URLs)."""
    return classify(url).host
