from tests.community.conftest import CommitClient, committed, person  # noqa: F401 - fixtures and helpers
