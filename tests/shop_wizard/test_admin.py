"""Editors in the admin: a wizard built and published through the snippet form, preview, catalogue screens."""

from django.urls import reverse
from wagtail.test.utils.form_data import inline_formset, nested_form_data, streamfield

from shop_wizard.models import Wizard


def wizard_form(title="새 위저드", slug="new", action="action-publish"):
    option = {"label": "행사", "reason": "행사에 맞습니다.", "less_ideal": "", "require": [], "exclude": [],
              "boosts": {"count": "1", "0": {"value": {"tag": "events", "weight": "3"}, "deleted": "", "order": "0",
                                             "id": ""}},
              "content": "", "topics": []}
    return nested_form_data({
        "title": title, "slug": slug, "intro": "소개", "language": "ko", "contact_email": "", "content_heading": "",
        "questions": inline_formset([{"text": "필요한 것은?", "help_text": "", "kind": "single", "importance": "2",
                                      "optional": "", "options": streamfield([("option", option)])}]),
        action: action,
    })


def test_an_editor_builds_and_publishes_a_wizard_in_the_admin(admin_client, catalogue, client):
    response = admin_client.post(reverse("wagtailsnippets_shop_wizard_wizard:add"), wizard_form())
    assert response.status_code == 302, response.context["form"].errors if response.context else response
    wizard = Wizard.objects.get(slug="new")
    assert wizard.live and wizard.version == 1
    definition = wizard.versions.get().definition
    assert definition["questions"][0]["options"][0]["boosts"] == {"events": 3}
    api = client.get("/api/wizards/new/").json()
    assert api["version"] == 1 and api["questions"][0]["options"][0]["label"] == "행사"


def test_a_draft_is_not_what_visitors_get(admin_client, catalogue, client):
    admin_client.post(reverse("wagtailsnippets_shop_wizard_wizard:add"), wizard_form(action="action-save-draft"))
    wizard = Wizard.objects.get(slug="new")
    assert not wizard.live and wizard.version == 0
    assert client.get("/api/wizards/new/").status_code == 404
    assert client.get(reverse("shop_wizard", args=["new"])).status_code == 404


def test_preview_scores_the_draft(admin_client, wizard, rf):
    html = wizard.serve_preview(rf.get("/"), "").rendered_content
    assert "ROOM 상품" in html and "LETTER 상품" in html and "HALL 상품" not in html  # free only, as answered
    for name in ("wizard", "product", "partner", "producttag"):
        assert admin_client.get(reverse(f"wagtailsnippets_shop_wizard_{name}:list")).status_code == 200
    assert admin_client.get(reverse("wagtailsnippets_shop_wizard_wizard:edit", args=[wizard.pk])).status_code == 200
