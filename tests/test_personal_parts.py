"""Signed-in readers of a page kept for visitors get the kept bytes with their personal parts
rendered for them (core/personal_parts.py): the same page as a whole render, without the render."""
from __future__ import annotations

import re
import time
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from cherclient_wiki.accounts.models import User
from cherclient_wiki.accounts.roles import Role
from cherclient_wiki.community import comments
from cherclient_wiki.community.targets import Target, find
from cherclient_wiki.core.hooks import hooks
from cherclient_wiki.leaderboard import views as leaderboard_views
from cherclient_wiki.notifications import inbox
from cherclient_wiki.observatory import views as observatory_views
from cherclient_wiki.stories import reactions, writing
from cherclient_wiki.stories import views as story_views
from cherclient_wiki.wiki import pages, views

from .conftest import signed_in

TOKEN = re.compile(r'(name="csrf_token" value=")[^"]+"')
URL = "/wiki/ecoute-active"


@pytest.fixture(autouse=True)
def no_detector(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(hooks(), "screeners", [])


@pytest.fixture
def page(claire: User, make_user: Any) -> Any:
    page = pages.save_revision("ecoute-active", "Écouter **vraiment** le client.", claire, title="Écoute active").page
    item = find(Target.PAGE, page.id, claire)
    comments.post(claire, item, "Mon premier commentaire.")
    comments.post(make_user("bruno"), item, "Un autre avis.")
    return page


def same_bytes(html: str) -> str:
    """CSRF tokens carry a timestamp: two renders a second apart differ only there."""
    return TOKEN.sub(r'\1…"', html)


def whole_and_shared(app: Flask, reader: FlaskClient, monkeypatch: pytest.MonkeyPatch, url: str = URL,
                     module: Any = views) -> tuple[str, str]:
    """The reader's page rendered whole (nothing kept yet), then made of the visitors' kept page."""
    whole = reader.get(url).get_data(as_text=True)
    app.test_client().get(url)  # a visitor: the page is kept
    monkeypatch.setattr(module, "render_template", lambda *a, **k: pytest.fail("the page was rendered whole"))
    shared = reader.get(url)
    assert shared.cache_control.private and shared.cache_control.no_cache and "ETag" not in shared.headers
    return same_bytes(whole), same_bytes(shared.get_data(as_text=True))


@pytest.mark.parametrize(("url", "module"), [("/leaderboard", leaderboard_views), ("/observatory", observatory_views)])
def test_the_leaderboard_and_the_observatory_are_shared_with_every_reader(app: Flask, make_user: Any, url: str, module: Any,
                                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    make_user("modo", Role.MODERATOR)
    whole, shared = whole_and_shared(app, signed_in(app, "modo"), monkeypatch, url, module)
    assert shared == whole and ">modo</a>" in shared and ">Modération</a>" in shared


@pytest.mark.parametrize("login", ["claire", "bruno", "paul"])
def test_a_reader_gets_the_page_a_whole_render_would_give(app: Flask, page: Any, paul: User, login: str,
                                                          monkeypatch: pytest.MonkeyPatch) -> None:
    """claire wrote the page and a comment, bruno another comment, paul is an unverified
    practitioner: each sees their own tools, menu and forms, byte for byte as a whole render."""
    if login == "paul":
        page.protected = True
        pages.db.session.commit()
    whole, shared = whole_and_shared(app, signed_in(app, login), monkeypatch)
    assert shared == whole
    assert f">{login}</a>" in shared and "Se déconnecter" in shared and "Publier le commentaire" in shared
    assert "<!--part:" not in shared
    own_delete = shared.count(">Supprimer</button>")
    assert own_delete == (0 if login == "paul" else 1)  # only one's own comment
    if login == "paul":
        assert "pas encore vérifié" in shared


def test_the_visitors_page_names_its_parts_and_holds_nothing_personal(app: Flask, page: Any, claire: User) -> None:
    signed_in(app, "claire").get(URL)
    visitor = app.test_client().get(URL).get_data(as_text=True)
    assert "<!--part:account-->" in visitor and "<!--part:comment-form page " in visitor
    assert "Se connecter" in visitor and "claire</a>" in visitor  # the author's link, not her menu
    assert "Se déconnecter" not in visitor and 'name="csrf_token"' not in visitor


def test_moderators_get_the_page_rendered_whole(app: Flask, page: Any, make_user: Any) -> None:
    modo = make_user("modo", Role.MODERATOR)
    comments.set_hidden(modo, comments.thread(Target.PAGE, page.id)[1], True)
    app.test_client().get(URL)
    moderator = signed_in(app, "modo").get(URL).get_data(as_text=True)
    assert "Voir le texte masqué" in moderator and "Un autre avis." in moderator
    assert "Un autre avis." not in app.test_client().get(URL).get_data(as_text=True)


def test_a_reader_with_a_message_waiting_gets_it(app: Flask, page: Any, claire: User) -> None:
    app.test_client().get(URL)
    reader = signed_in(app, "claire")
    reader.get("/wiki/_new?title=")  # a flash message for this reader
    assert "Donnez un titre" in reader.get(URL).get_data(as_text=True)


STORY = {
    "title": "Un rappel le lundi matin",
    "body": "J'ai appelé le service client un samedi matin, sans grand espoir. La conseillère a pris le temps "
            "de comprendre mon problème et m'a rappelé le lundi avec une solution.",
    "brands": ["Saab"], "kind": "love", "satisfaction": 5, "ending": "loyal", "year": 2015, "channel": "phone",
}


@pytest.mark.parametrize("login", ["claire", "bruno"])
def test_a_story_reader_gets_the_page_a_whole_render_would_give(app: Flask, claire: User, make_user: Any, login: str,
                                                                monkeypatch: pytest.MonkeyPatch) -> None:
    """claire wrote the story (her edit link), bruno was touched by it (his reaction pressed)."""
    bruno = make_user("bruno")
    story = writing.create_story(claire, STORY)
    reactions.toggle(story, bruno)
    comments.post(bruno, find(Target.STORY, story.id, bruno), "Belle histoire.")
    whole, shared = whole_and_shared(app, signed_in(app, login), monkeypatch, f"/stories/{story.id}", story_views)
    assert shared == whole and "<!--part:" not in shared
    assert ("Modifier cette histoire" in shared) == (login == "claire")
    assert ("Retirer « Cette histoire m'a touché »" in shared) == (login == "bruno")


def test_a_writer_cannot_plant_a_part_marker(app: Flask, claire: User) -> None:
    """Markers are the site's own HTML comments: one typed in a page or a comment comes out as text,
    so a reader's page never renders someone else's part where a writer put it."""
    planted = "Voir <!--part:comment-form page 1--> ici <!--/part-->"
    page = pages.save_revision("piege", planted, claire, title="Piège").page
    comments.post(claire, find(Target.PAGE, page.id, claire), planted)
    visitor = app.test_client().get("/wiki/piege").get_data(as_text=True)
    assert visitor.count("<!--part:comment-form") == 1  # the thread's own form, not the planted ones
    assert visitor.count("&lt;!--part:comment-form page 1--&gt;") == 2


def menu_renders(monkeypatch: pytest.MonkeyPatch) -> list[int]:
    """Counts the account menu's renders (each asks for the unread count)."""
    renders: list[int] = []
    unread_count = inbox.unread_count
    monkeypatch.setattr(inbox, "unread_count", lambda user: renders.append(1) or unread_count(user))
    return renders


def test_the_account_menu_is_rendered_once_across_pages_until_the_data_change(app: Flask, page: Any, claire: User,
                                                                               paul: User, monkeypatch: pytest.MonkeyPatch) -> None:
    """The menu depends on the reader and the data, not on the page: the second page reuses it;
    after a change (paul edits claire's page: one more notification for her, after bruno's
    comment) the next page shows it."""
    app.config["READER_CACHE_SECONDS"] = 0  # first views only, none of the reader's pages kept
    pages.save_revision("reformuler", "Reformuler avant de répondre.", paul, title="Reformuler")
    reader = signed_in(app, "claire")
    reader.get("/wiki/reformuler")  # a page with a form: the session holds its CSRF token from now on
    renders = menu_renders(monkeypatch)
    for url in (URL, "/wiki/reformuler"):
        app.test_client().get(url)  # kept for visitors
    first, second = reader.get(URL).get_data(as_text=True), reader.get("/wiki/reformuler").get_data(as_text=True)
    assert len(renders) == 1, renders
    assert ">claire</a>" in first and ">claire</a>" in second and "1 non lue" in second
    assert "lang-switch" in second and 'value="/wiki/reformuler?"' in second  # the language switch names its own page
    pages.save_revision("ecoute-active", "Écouter, puis reformuler.", paul)
    app.test_client().get("/wiki/reformuler")
    assert "2 non lues" in reader.get("/wiki/reformuler").get_data(as_text=True)
    assert len(renders) == 2
    other = signed_in(app, "paul")
    other.get(URL)
    assert ">paul</a>" in other.get("/wiki/reformuler").get_data(as_text=True)


def test_a_kept_account_menu_never_hands_out_a_token_past_half_its_life(app: Flask, page: Any, claire: User,
                                                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """With WTF_CSRF_TIME_LIMIT set, the menu's « Se déconnecter » token is renewed before it expires."""
    app.config.update(READER_CACHE_SECONDS=0, WTF_CSRF_TIME_LIMIT=3600)
    reader = signed_in(app, "claire")
    reader.get(URL)  # the session's CSRF token
    app.test_client().get(URL)
    renders = menu_renders(monkeypatch)
    now = time.time()
    for later in (0, 1000, 1700, 1900):
        monkeypatch.setattr(time, "time", lambda: now + later)
        reader.get(URL)
    assert len(renders) == 2  # at 0, then at 1,900 s (past 1,800)
