"""The wizard end to end: API, site flow without JavaScript, versions and replay, leads, click-outs, admin."""

import json

import pytest
from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from shop_wizard import actions
from shop_wizard.models import ClickOut, Product, Response

from .conftest import keys, opt, publish


def post_answers(client, wizard, answers, version=None):
    version = version if version is not None else wizard.version
    return client.post("/api/wizards/tools/responses/", {"version": version, "answers": answers},
                       content_type="application/json", HTTP_ACCEPT_LANGUAGE="ko")


def test_api_gives_questions_then_full_and_partial_matches_with_reasons(client, wizard, catalogue):
    data = client.get("/api/wizards/tools/").json()
    assert data["version"] == 1 and [len(q["options"]) for q in data["questions"]] == [2, 2, 1]
    (need, (events, _)), (where, (online, _)), _ = keys(wizard)
    response = post_answers(client, wizard, {need: [events], where: [online]})
    assert response.status_code == 201
    body = response.json()
    assert [p["title"] for p in body["full"]] == ["STREAM 상품"]
    assert body["full"][0]["match"] == 100 and body["full"][0]["why"] == ["행사에 맞습니다.", "온라인에서 씁니다."]
    partial = {p["title"]: p for p in body["partial"]}
    assert set(partial) == {"HALL 상품", "ROOM 상품", "LETTER 상품"}  # never the discontinued or inactive ones
    assert partial["LETTER 상품"]["less_ideal"] == "행사용이 아닙니다."
    assert partial["HALL 상품"]["less_ideal"] == "현장용입니다."
    assert [c["title"] for c in body["content"]] == ["행사 안내"]
    stored = Response.objects.get(token=body["response"])
    assert stored.version.number == 1 and stored.status == "completed"


@pytest.mark.parametrize("case", ["unknown_option", "missing", "old_version", "two_for_single", "oversize",
                                  "not_a_list"])
def test_bad_answers_get_a_400_naming_the_problem_and_store_nothing(client, wizard, case):
    (need, (events, letter)), (where, (online, _)), _ = keys(wizard)
    answers, version = {need: [events], where: [online]}, None
    if case == "unknown_option":
        answers[need] = ["nope"]
    elif case == "missing":
        del answers[where]
    elif case == "old_version":
        version = 0
    elif case == "two_for_single":
        answers[need] = [events, letter]
    elif case == "oversize":
        answers["pad"] = ["x" * 30_000]
    elif case == "not_a_list":
        answers[need] = {"a": 1}
    response = post_answers(client, wizard, answers, version)
    assert response.status_code in (400, 422) if case == "not_a_list" else response.status_code == 400
    message = json.dumps(response.json(), ensure_ascii=False)
    expected = {"unknown_option": "nope", "missing": "어디에서 만나나요?", "old_version": "1",
                "two_for_single": "무엇이 필요한가요?", "oversize": "answers", "not_a_list": need}[case]
    assert expected in message
    assert Response.objects.count() == 0


def test_a_response_replays_under_its_version_after_the_wizard_changes(client, wizard, catalogue):
    (need, (events, _)), (where, (online, _)), _ = keys(wizard)
    first = post_answers(client, wizard, {need: [events], where: [online]}).json()
    stored = Response.objects.get(token=first["response"])
    before = [(p.product, p.match, p.why) for p in actions.rescore(stored).picks]

    draft = wizard.get_latest_revision_as_object()
    questions = list(draft.questions.all())
    raw = [dict(b) for b in questions[0].options.raw_data]
    raw[0]["value"] = {**raw[0]["value"], "reason": "바뀐 이유", "exclude": ["online"]}
    questions[0].options = raw
    draft.questions = questions
    publish(draft)
    assert wizard.versions.count() == 2

    assert [(p.product, p.match, p.why) for p in actions.rescore(stored).picks] == before
    page = client.get(reverse("shop_wizard_results", args=[stored.token]))
    assert "행사에 맞습니다." in page.content.decode() and "바뀐 이유" not in page.content.decode()
    assert post_answers(client, wizard, {need: [events], where: [online]}, version=1).status_code == 400
    now = post_answers(client, wizard, {need: [events], where: [online]}, version=2).json()
    assert catalogue["stream"].pk not in [p["id"] for p in now["full"] + now["partial"]]  # the new rule applies


def test_site_flow_without_javascript_then_dropoff_in_analytics(client, admin_client, wizard, catalogue):
    (need, (events, _)), (where, (_, offline)), (budget, (free,)) = keys(wizard)
    start = client.post(reverse("shop_wizard_start", args=["tools"]))
    token = start["Location"].split("/r/")[1].split("/")[0]
    assert client.get(start["Location"]).status_code == 200
    bad = client.post(start["Location"], {})
    assert bad.status_code == 400 and "무엇이 필요한가요?" in bad.content.decode()
    step2 = client.post(start["Location"], {"option": events})
    step3 = client.post(step2["Location"], {"option": offline})
    done = client.post(step3["Location"], {"option": free})
    assert done["Location"] == reverse("shop_wizard_read", args=[token])  # content first
    read = client.get(done["Location"]).content.decode()
    assert "행사 안내" in read
    results = client.get(reverse("shop_wizard_results", args=[token])).content.decode()
    assert "ROOM 상품" in results and "HALL 상품" not in results  # free only; the hall is not free
    assert 'data-section="full"' in results

    abandoned = client.post(reverse("shop_wizard_start", args=["tools"]))
    client.post(abandoned["Location"], {"option": events})  # leaves at question 2
    page = admin_client.get(reverse("shop_wizard_analytics"))
    assert page.status_code == 200
    funnel = page.context["funnel"]
    assert (funnel["starts"], funnel["completed"]) == (2, 1)
    assert [q["dropped"] for q in funnel["questions"]] == [0, 1, 0]


def test_nothing_matches_shows_the_fallback_with_content_and_contact(client, wizard, catalogue, smtp,
                                                                     django_capture_on_commit_callbacks):
    type(wizard).objects.filter(pk=wizard.pk).update(contact_email="team@example.com")
    (need, (events, _)), (where, (online, _)), _ = keys(wizard)
    assert post_answers(client, wizard, {need: [events], where: [online]}).json()["fallback"] is False
    with django_capture_on_commit_callbacks(execute=True):
        for product in Product.objects.all():  # an editor retires the catalogue in the admin
            product.active = False
            product.save()
    body = post_answers(client, wizard, {need: [events], where: [online]}).json()
    assert body["fallback"] is True and body["full"] == [] and body["content"]
    page = client.get(reverse("shop_wizard_results", args=[body["response"]])).content.decode()
    assert 'data-section="fallback"' in page and "행사 안내" in page
    with django_capture_on_commit_callbacks(execute=True):
        contact = client.post(reverse("shop_wizard_contact", args=[body["response"]]),
                              {"email": "a@example.com", "message": "행사 공간을 찾아요"})
    assert contact.status_code == 200 and 'role="status"' in contact.content.decode()
    [sent] = smtp.messages  # through a real SMTP server
    assert sent["To"] == "team@example.com" and "행사 공간을 찾아요" in sent.get_body(("plain",)).get_content()


def test_email_capture_enrols_the_lead_only_with_consent(client, wizard, catalogue, django_capture_on_commit_callbacks):
    from nurture.models import Consent, Lead

    (need, (events, _)), (where, (online, _)), _ = keys(wizard)
    token = post_answers(client, wizard, {need: [events], where: [online]}).json()["response"]
    url = reverse("shop_wizard_email", args=[token])
    refused = client.post(url, {"email": "lead@example.com"})
    assert refused.status_code == 400 and not Lead.objects.exists()
    with django_capture_on_commit_callbacks(execute=True):
        ok = client.post(url, {"email": "lead@example.com", "consent": "on"})
    assert ok.status_code == 200
    lead = Lead.objects.get(email="lead@example.com")
    assert Consent.objects.filter(lead=lead, form="wizard:tools").exists()
    assert Response.objects.get(token=token).lead == lead
    assert lead.events.filter(kind="wizard_completed").exists()
    assert "events" in lead.interests  # the topics of the chosen answer
    assert [p.pk for p in actions.latest_picks(lead)][0] == catalogue["stream"].pk


def test_confirming_the_wizard_sign_up_enters_the_wizard_sequence(client, wizard, catalogue, mailoutbox,
                                                                 django_capture_on_commit_callbacks):
    from nurture import actions as nurture
    from nurture.models import Consent, Enrollment, Sequence, Step

    sequence = Sequence.objects.create(name="picks", slug="picks", language="ko")
    wizard.email_sequences.add(sequence)
    wizard.save()
    Step.objects.create(sequence=sequence, delay_days=0, subject="추천", body=[("products", {"heading": ""})])
    Sequence.objects.create(name="other", slug="other", language="ko")  # no trigger: nobody enters it
    (need, (events, _)), (where, (online, _)), _ = keys(wizard)
    token = post_answers(client, wizard, {need: [events], where: [online]}).json()["response"]
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("shop_wizard_email", args=[token]), {"email": "seq@example.com", "consent": "on"})
    assert not Enrollment.objects.exists()  # nothing before the double opt-in
    lead = nurture.confirm(nurture.confirmation_token(Consent.objects.get(lead__email="seq@example.com")))
    assert list(Enrollment.objects.filter(lead=lead).values_list("sequence", flat=True)) == [sequence.pk]


def test_lead_from_an_email_link_gets_answers_prefilled(client, wizard):
    from nurture import tracking
    from nurture.models import Lead
    from nurture.views import LEAD_COOKIE

    lead = Lead.objects.create(email="known@example.com", interests={"nurture": 5.0})
    from django.core.signing import get_cookie_signer

    client.cookies[LEAD_COOKIE] = get_cookie_signer(salt=LEAD_COOKIE + tracking.LEAD_SALT).sign(str(lead.pk))
    start = client.post(reverse("shop_wizard_start", args=["tools"]))
    response = Response.objects.get()
    (need, (_, newsletter)), _, _ = keys(wizard)
    assert response.answers == {need: [newsletter]} and response.lead == lead
    page = client.get(start["Location"]).content.decode()
    assert f'value="{newsletter}" checked' in page


def test_click_out_appends_the_referral_code_and_is_counted(client, admin_client, wizard, catalogue):
    (need, (events, _)), (where, (online, _)), _ = keys(wizard)
    token = post_answers(client, wizard, {need: [events], where: [online]}).json()["response"]
    hall = catalogue["hall"]
    out = client.get(reverse("shop_wizard_go", args=[hall.pk]) + f"?r={token}&p=2")
    assert out.status_code == 302 and out["Location"] == "https://shop.example/hall?utm_source=x&ref=cms-demo"
    click = ClickOut.objects.get()
    assert (click.partner, click.response.token, click.position) == (catalogue["naru"], token, 2)
    partners = {row["name"]: row for row in admin_client.get(reverse("shop_wizard_analytics")).context["partners"]}
    assert partners["나루"]["clicks"] == 1
    top3 = [pick["partner"] for pick in Response.objects.get().result["picks"][:3]]
    assert partners["나루"]["top3"] == top3.count(catalogue["naru"].pk) > 0
    assert partners[""]["top3"] == top3.count(None)  # the company's own products


def test_product_page_has_product_json_ld(client, catalogue):
    page = client.get(reverse("shop_product", args=["hall"]))
    assert page.status_code == 200
    html = page.content.decode()
    data = json.loads(html.split('<script type="application/ld+json">')[1].split("</script>")[0])
    assert data["@type"] == "Product" and data["sku"] == "HALL" and data["brand"]["name"] == "나루"
    assert data["offers"]["availability"] == "https://schema.org/InStock"


def test_csv_import_reports_bad_rows_and_imports_the_good_ones(catalogue):
    csv = ("sku,title,url,partner,price,tags,availability\n"
           "NEW1,새 상품,https://x.example/1,나루,10000,\"events,online\",in_stock\n"
           "NEW2,나쁜 주소,not-a-url,,,,\n"
           "NEW3,모르는 태그,https://x.example/3,,,nope,\n"
           "HALL,이름 바뀐 홀,https://x.example/hall,나루,-5,,\n"
           "HALL,홀 갱신,https://x.example/hall,나루,500000,events,preorder\n")
    report = actions.import_products(csv.encode())
    assert (report.created, report.updated) == (1, 1)
    assert [line for line, _ in report.errors] == [3, 4, 5]
    assert "not-a-url" in report.errors[0][1] and "nope" in report.errors[1][1]
    assert Product.objects.get(sku="NEW1").tags.count() == 2
    assert Product.objects.get(sku="HALL").title == "홀 갱신"
    assert not Product.objects.filter(sku__in=["NEW2", "NEW3"]).exists()


def test_matrix_edits_every_weight_at_once_as_a_draft(admin_client, wizard):
    url = reverse("shop_wizard_matrix", args=[wizard.pk])
    page = admin_client.get(url)
    assert page.status_code == 200
    (need, (events, newsletter)), _, _ = keys(wizard)
    data = {cell["name"]: cell["value"] for row in page.context["rows"] for cell in row["cells"]}
    assert data[f"c-{events}-events"] == "3"
    data[f"c-{events}-events"] = "5"
    data[f"c-{newsletter}-free"] = "R"
    bad = dict(data, **{f"c-{newsletter}-online": "lots"})
    assert admin_client.post(url, bad).status_code == 200
    assert wizard.revisions.count() == 1  # nothing saved
    admin_client.post(url, data)
    draft = type(wizard).objects.get(pk=wizard.pk).get_latest_revision_as_object()
    definition = actions.definition_of(draft)
    first = definition["questions"][0]["options"]
    assert first[0]["boosts"] == {"events": 5} and first[1]["require"] == ["free"]
    assert actions.current_version(wizard).definition["questions"][0]["options"][0]["boosts"] == {"events": 3}


def test_home_and_articles_on_its_topics_invite_to_the_wizard(client, wizard, tree):
    from cms.models.topics import Topic
    from tests import factories

    assert "/shop/wizard/tools/" in client.get("/").content.decode()
    on_topic = factories.ArticlePageFactory(parent=tree.articles, slug="on-topic", title="행사 이야기")
    on_topic.topics.add(Topic.objects.create(name="행사", slug="events"))
    on_topic.save_revision().publish()
    off_topic = factories.ArticlePageFactory(parent=tree.articles, slug="off-topic", title="다른 이야기")
    assert "/shop/wizard/tools/" in client.get(on_topic.url).content.decode()
    assert "/shop/wizard/tools/" not in client.get(off_topic.url).content.decode()


def test_nurture_products_block_shows_the_latest_wizard_picks(wizard, catalogue):
    from nurture.email import render_blocks
    from nurture.models import Enrollment, Lead, Send, Sequence, Step

    lead = Lead.objects.create(email="p@example.com")
    (need, (events, _)), (where, (online, _)), _ = keys(wizard)
    actions.respond(wizard, {need: [events], where: [online]}, version=1, lead=lead)
    sequence = Sequence.objects.create(name="s", slug="s")
    step = Step.objects.create(sequence=sequence, delay_days=0, subject="s", body=[("products", {"heading": ""})])
    send = Send(enrollment=Enrollment(lead=lead, sequence=sequence), step=step, lead=lead)
    blocks, _ = render_blocks(send)
    assert blocks[0]["items"][0]["title"] == "STREAM 상품"


def test_editor_question_with_a_new_option_is_unknown_to_an_old_version(wizard):
    draft = wizard.get_latest_revision_as_object()
    questions = list(draft.questions.all())
    questions[1].options = [*[dict(b) for b in questions[1].options.raw_data], opt("둘 다")]
    draft.questions = questions
    publish(draft)
    old = wizard.versions.get(number=1)
    new_option = actions.current_version(wizard).definition["questions"][1]["options"][2]["id"]
    with pytest.raises(actions.WizardInputError):
        actions.clean_answers(old.definition, {old.definition["questions"][1]["key"]: [new_option]}, partial=True)


def test_sitemap_lists_recommendable_products_and_the_published_wizard(client, wizard, catalogue):
    xml = client.get("/sitemap.xml").content.decode()
    assert "/shop/products/hall/" in xml and "/shop/wizard/tools/" in xml
    assert "/shop/products/gone/" not in xml and "/shop/products/off/" not in xml


def test_a_forged_lead_cookie_is_ignored(client, wizard):
    from nurture.models import Lead
    from nurture.tracking import LEAD_COOKIE

    lead = Lead.objects.create(email="someone@example.com", interests={"nurture": 5.0})
    client.cookies[LEAD_COOKIE] = f"{lead.pk}:forged-signature"
    assert client.post(reverse("shop_wizard_start", args=["tools"])).status_code == 302
    response = Response.objects.get()
    assert response.lead is None and response.answers == {}


def test_api_is_in_the_openapi_schema(client, wizard):
    paths = client.get("/api/openapi.json").json()["paths"]
    assert {"/api/wizards/{slug}/", "/api/wizards/{slug}/responses/"} <= set(paths)


json_values = st.recursive(st.none() | st.booleans() | st.integers() | st.text(max_size=20),
                           lambda children: st.lists(children, max_size=3)
                           | st.dictionaries(st.text(max_size=10), children, max_size=3), max_leaves=8)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(payload=st.one_of(json_values, st.fixed_dictionaries({"version": json_values, "answers": json_values})))
def test_any_payload_gets_an_answer_never_a_server_error(client, wizard, payload):
    before = Response.objects.count()
    response = client.post("/api/wizards/tools/responses/", payload, content_type="application/json")
    assert response.status_code in (201, 400, 422)
    if response.status_code != 201:
        assert response.json()["errors"] and Response.objects.count() == before


def test_import_command_imports_good_rows_and_fails_naming_the_bad(catalogue, tmp_path):
    from io import StringIO

    from django.core.management import CommandError, call_command

    csv = tmp_path / "feed.csv"
    csv.write_text("sku,title,url,tags\nCMD1,명령 상품,https://x.example/c,events\nCMD2,,https://x.example/d,\n",
                   encoding="utf-8")
    err = StringIO()
    with pytest.raises(CommandError):
        call_command("import_products", str(csv), stdout=StringIO(), stderr=err)
    assert "line 3" in err.getvalue() and Product.objects.filter(sku="CMD1").exists()
