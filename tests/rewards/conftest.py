"""The community's people (verified members on their own clients) and an article to talk under."""

from __future__ import annotations

import pytest

from tests import factories
from tests.community.conftest import CommitClient, committed, person  # noqa: F401 - fixtures and helpers


@pytest.fixture
def article(tree):
    page = factories.ArticlePageFactory(parent=tree.articles, slug="points", title="포인트가 쌓이는 글")
    page.save_revision().publish()
    return page
