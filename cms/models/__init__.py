"""Content models, one module per page family (bakerydemo / foundation.mozilla.org layout)."""

from .articles import ArticleIndexPage, ArticlePage, ArticlePageTopic
from .events import EventIndexPage, EventPage, EventPageTopic, EventRegistration
from .home import HomeFeaturedItem, HomePage
from .landing import LandingFormField, LandingFormSubmission, LandingPage, LandingPageTopic
from .posts import PostAttachment, PostIndexPage, PostPage, PostPageTopic, TeamLeadApprovalTask
from .topics import ImportedSource, Team, Topic, TopicIndexPage

__all__ = [
    "ArticleIndexPage",
    "ArticlePage",
    "ArticlePageTopic",
    "EventIndexPage",
    "EventPage",
    "EventPageTopic",
    "EventRegistration",
    "HomeFeaturedItem",
    "HomePage",
    "LandingFormField",
    "LandingFormSubmission",
    "LandingPage",
    "LandingPageTopic",
    "PostAttachment",
    "PostIndexPage",
    "PostPage",
    "PostPageTopic",
    "TeamLeadApprovalTask",
    "ImportedSource",
    "Team",
    "Topic",
    "TopicIndexPage",
]
