"""The project's JSON API (django-ninja) at /api/, beside Wagtail's v3 pages API at /api/v3/.

The content endpoints live in ``content``; each app brings its own router, mounted here.
"""

from community.api import router as community_router
from insights.api import router as insights_router
from listening.api import router as listening_router
from listening.staff_api import router as listening_staff_router
from nurture.api import router as nurture_router
from rewards.api import router as rewards_router
from rewards.partner_api import router as partner_router
from search.api import router as search_router
from shop_wizard.api import router as wizard_router

from . import content  # noqa: F401 - registers the content endpoints on ``api``
from .base import PUBLIC_OR_TOKEN, api

api.add_router("/search/", search_router, auth=PUBLIC_OR_TOKEN)
api.add_router("/nurture/", nurture_router, auth=PUBLIC_OR_TOKEN)
api.add_router("/wizards/", wizard_router, auth=PUBLIC_OR_TOKEN)
api.add_router("/community/", community_router)  # its operations say who may call them
api.add_router("/rewards/partner/", partner_router)  # a partner business, by its token
api.add_router("/rewards/", rewards_router)  # a member's own: each operation needs a signed-in person
api.add_router("/listening/", listening_router)  # a webhook source, by its token
api.add_router("/listening/", listening_staff_router)  # staff: the inbox, labels, cases, figures
api.add_router("/insights/", insights_router)  # staff: visits by channel and campaign

__all__ = ["api"]
