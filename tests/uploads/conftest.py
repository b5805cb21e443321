from __future__ import annotations

from typing import Any

import pytest

from cherclient_wiki.accounts.models import User


@pytest.fixture
def claire(make_user: Any) -> User:
    return make_user("claire")
