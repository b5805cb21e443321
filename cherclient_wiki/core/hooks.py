"""Extension points: where one feature plugs into another without importing it.

Each application holds one `Hooks` (made by create_app; `hooks()` finds the current one). Features
add to it from their `init_app`, in the order create_app calls them, and nowhere else: there is no
module-level list filled at import, so two apps (or two tests) never share an extension point.

Every hook, what calls it and what it must answer:

- `screeners` — `screener(item) -> Screening`: called by core.screening.screen before a story (or
  any user text that is screened) is shown; the highest score wins and every reason is kept.
  The moderation feature registers the disguised-ad detector here.
- `save_checks` — `check(author, html, previous_html) -> str | None`: called by every write path
  (wiki pages, stories, comments) with the rendered HTML before anything is written; a French
  message refuses the save (422 on the text field). The community feature registers its link
  rules (new accounts, blocked domains) here.
- `name_checks` — `check(name) -> str | None`: called before a name creates a brand (a brand
  gets a page, so its name is checked like a text); a French message refuses it. Moderation adds
  the commercial-name check (an address, a contact, an offer), community the blocked domains.
- `page_saved` — `hook(page)`: called in the saving transaction after a wiki page changed (text,
  title, deletion, restore), once its links and categories are up to date.
- `batch_committed` — `hook()`: called by bulk writers (the wiki import) after each batch of
  changes they commit, so that what derives from the data follows batch by batch, in bounded
  memory, rather than all at once at the end. The search feature drains its outbox here.
- `search_providers` — `{doc_type: Provider}`: what the search index holds for each kind of
  document (search.documents.Provider); filled by the search feature.
- `demo_loaders` — `loader() -> str`: `flask demo` runs them in order (pages before the stories
  that cite them) and prints what each one says; each must be idempotent.
- `personal_data` — `PersonalData(name, export, erase)` (core.personal_data): what one feature
  stores about an account. The people feature calls every `export(user)` for the RGPD export (each
  answers its data.json keys and files: Markdown texts, images) and every `erase(user, erasure)`,
  highest layer first, when an account is erased: delete or keep its content under the pseudonym,
  replace its name wherever it is stored. A feature storing anything a person wrote or did
  (stories, comments, suggestions, follows...) registers its part from its init_app.
- `technical_purges` — `purge(cutoff) -> int`: clears technical data (IP addresses and the like,
  kept for rate limits and the detector) recorded before `cutoff`; the people feature's
  `purge_technical_data` runs them all with `IP_RETENTION_DAYS` (CLI `flask people purge`, and
  the worker daily).
- `background_jobs` — `job() -> int`: each call drains one batch of its own queue and returns how
  many items it handled (0: idle, or another runner holds the work). Run by core.background: the
  `flask worker` process, or the web process's inline thread. A job never handles an item another
  runner is handling, and a runner killed mid-batch leaves its items to be redone. The search
  feature registers the index drain here, the notifications feature its e-mail sender.
- `comment_targets` — `{type: find(target_id, viewer) -> (obj, title, url) | None}`: what a higher
  feature lets comments, reports and follows hang under (suggestions), found only when `viewer`
  may see it; community.targets asks it for the types it does not know itself.
- `brand_sections` — `section(brand) -> Markup`: HTML blocks added to the brand page by higher
  features (the suggestions tab and listening figures, the follow button).
- `personal_parts` — `{name: render(*arguments: str) -> Markup}`: the parts of a shared page that
  depend on its reader (core.personal_parts), each answering from its string arguments and the
  current user only. The main feature registers the account menu, wiki its page tabs and footer
  tools, community the comment tools and form, notifications the follow button.
- `sign_in_ends` — `end(login_id) -> float | None`: when a sign-in stops being accepted (seconds
  since the epoch), from the login id Flask-Login keeps in the session; None when it is not one.
  core.reader_cache keeps a reader's page no longer than their sign-in. The accounts feature
  registers its own rule (accounts.sessions).
"""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from flask import Flask, current_app

from .personal_data import PersonalData, TechnicalPurge

EXTENSION = "cherclient.hooks"

SaveCheck = Callable[[Any, str, str], "str | None"]


@dataclass
class Hooks:
    screeners: list[Callable[[Any], Any]] = field(default_factory=list)
    save_checks: list[SaveCheck] = field(default_factory=list)
    name_checks: list[Callable[[str], "str | None"]] = field(default_factory=list)
    page_saved: list[Callable[[Any], None]] = field(default_factory=list)
    batch_committed: list[Callable[[], Any]] = field(default_factory=list)
    search_providers: dict[str, Any] = field(default_factory=dict)
    demo_loaders: list[Callable[[], str]] = field(default_factory=list)
    personal_data: list[PersonalData] = field(default_factory=list)
    technical_purges: list[TechnicalPurge] = field(default_factory=list)
    background_jobs: list[Callable[[], int]] = field(default_factory=list)
    comment_targets: dict[str, Callable[[int, Any], "tuple[Any, str, str] | None"]] = field(default_factory=dict)
    brand_sections: list[Callable[[Any], Any]] = field(default_factory=list)
    personal_parts: dict[str, Callable[..., Any]] = field(default_factory=dict)
    sign_in_ends: list[Callable[[str], "float | None"]] = field(default_factory=list)

    def save_problem(self, author: Any, html: str, previous_html: str = "") -> str | None:
        """The first save check's refusal, or None when the text may be saved."""
        for check in self.save_checks:
            problem = check(author, html, previous_html)
            if problem:
                return problem
        return None

    def name_problem(self, name: str) -> str | None:
        """The first name check's refusal, or None when `name` may become a brand."""
        for check in self.name_checks:
            problem = check(name)
            if problem:
                return problem
        return None


def hooks(app: Flask | None = None) -> Hooks:
    """The hooks of `app`, or of the current app (init_app functions pass theirs)."""
    return (app or current_app).extensions[EXTENSION]  # type: ignore[no-any-return]


def init_app(app: Flask) -> None:
    app.extensions[EXTENSION] = Hooks()
