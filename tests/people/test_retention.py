"""Retention: the addresses stories were sent from are forgotten after IP_RETENTION_DAYS."""
from __future__ import annotations

from datetime import timedelta
from typing import Any

from cherclient_wiki.core.db import db, utcnow
from cherclient_wiki.people.retention import purge_technical_data
from cherclient_wiki.stories import writing
from cherclient_wiki.stories.models import Story
from tests.stories.conftest import story_data


def _story(author: Any, ip: str, age_days: int) -> int:
    story = writing.create_story(author, story_data(), ip=ip)
    story.created_at = story.updated_at = utcnow() - timedelta(days=age_days)
    db.session.commit()
    return story.id


def addresses() -> list[str | None]:
    return [story.author_ip for story in db.session.scalars(db.select(Story).order_by(Story.id))]


def test_the_command_forgets_old_addresses_only(app: Any, claire: Any) -> None:
    _story(claire, "203.0.113.7", 45)
    _story(claire, "203.0.113.8", 10)
    result = app.test_cli_runner().invoke(args=["people", "purge"])
    assert result.exit_code == 0 and "1 ligne(s)" in result.output
    assert addresses() == [None, "203.0.113.8"]
    again = app.test_cli_runner().invoke(args=["people", "purge"])
    assert "0 ligne(s)" in again.output


def test_the_retention_is_a_setting_and_a_plain_function(app_factory: Any, make_user: Any) -> None:
    app = app_factory(IP_RETENTION_DAYS=7)
    with app.app_context():
        author = make_user("lea_conteuse")
        _story(author, "203.0.113.9", 10)
        _story(author, "203.0.113.10", 3)
        assert purge_technical_data() == 1
        assert addresses() == [None, "203.0.113.10"]
        assert purge_technical_data(utcnow() + timedelta(days=30)) == 1
        assert addresses() == [None, None]


def test_the_default_is_thirty_days(app: Any) -> None:
    assert app.config["IP_RETENTION_DAYS"] == 30


def test_suggestions_forget_their_address_too(app: Any, claire: Any) -> None:
    from cherclient_wiki.suggestions import writing as suggestions
    from cherclient_wiki.suggestions.models import Suggestion

    _story(claire, "203.0.113.20", 1)  # names the brand, so that a suggestion may go to it
    old = suggestions.create(claire, {"brand": story_data()["brands"][0], "title": "Un rappel la veille",
                                      "body": "Prévenir la veille du rendez-vous, par SMS."}, ip="203.0.113.21")
    old.created_at = old.updated_at = utcnow() - timedelta(days=45)
    db.session.commit()
    assert purge_technical_data() == 1
    assert db.session.get(Suggestion, old.id).author_ip is None
