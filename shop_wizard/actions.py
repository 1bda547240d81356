"""The wizard's rules: freezing versions, checking answers, recommending, click-outs, leads, CSV import.

Views, the API, the admin and the commands call these; none of them decides anything itself.
"""

from __future__ import annotations

import csv
import io
import uuid
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.db import transaction
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from cms.errors import InputError
from nurture import actions as nurture
from nurture.models import Sequence
from nurture.providers import ProvidedItem
from nurture.scoring import record

from . import signals
from .models import (
    Availability,
    ClickOut,
    ContactRequest,
    Partner,
    PriceBand,
    Product,
    ProductTag,
    Response,
    ResponseStatus,
    Wizard,
    WizardVersion,
)
from .scoring import Outcome, Pick, ProductFacts, recommend

WIZARD_FORM = "wizard:"  # the nurture form of a consent given on a wizard's results page: "wizard:<slug>"
MAX_ANSWERS_BYTES = 20_000  # a payload larger than this is not a person answering ten questions


class WizardInputError(InputError):
    """Input the visitor must fix; the message is in their language and names the problem."""


# --- versions -------------------------------------------------------------------------------------


def definition_of(wizard: Wizard) -> dict:
    """The wizard as scoring sees it: plain data, tag slugs not rows, so it can be frozen."""
    questions = []
    for question in wizard.questions.all():
        options = []
        for block in question.options:
            value = block.value
            content = value.get("content")
            options.append({
                "id": block.id, "label": value.get("label") or "", "reason": value.get("reason") or "",
                "less_ideal": value.get("less_ideal") or "",
                "require": sorted(value.get("require") or []), "exclude": sorted(value.get("exclude") or []),
                "boosts": {b["tag"]: int(b["weight"]) for b in value.get("boosts") or [] if b.get("tag")},
                "content": content.pk if content else None, "topics": sorted(value.get("topics") or []),
            })
        questions.append({"key": str(question.key), "text": question.text, "help_text": question.help_text,
                          "kind": question.kind, "importance": int(question.importance),
                          "optional": question.optional, "options": options})
    return {"slug": wizard.slug, "title": wizard.title, "intro": wizard.intro, "language": wizard.language,
            "content_heading": wizard.content_heading, "questions": questions}


def freeze(wizard: Wizard) -> WizardVersion:
    """A new version from the wizard as just published; responses from now on are scored against it."""
    with transaction.atomic():
        locked = Wizard.objects.select_for_update().get(pk=wizard.pk)
        number = locked.version + 1
        version = WizardVersion.objects.create(wizard=locked, number=number, definition=definition_of(wizard))
        Wizard.objects.filter(pk=wizard.pk).update(version=number)
        wizard.version = number
    return version


def published(slug: str) -> Wizard | None:
    """The wizard visitors may take: live and published at least once (a draft never is)."""
    return Wizard.objects.filter(slug=slug, live=True, version__gt=0).first()


def current_version(wizard: Wizard) -> WizardVersion | None:
    return wizard.versions.order_by("-number").first()


# --- the catalogue as scoring sees it ---------------------------------------------------------------

_CATALOGUE_KEY = "shop_wizard:catalogue"
_memo: dict = {"generation": None, "by_language": {}}


def catalogue_changed() -> None:
    """Any edit to a product, partner or tag: every process reloads the facts on its next recommendation."""
    cache.set(_CATALOGUE_KEY, uuid.uuid4().hex, None)


def catalogue(language: str | None = None) -> tuple[ProductFacts, ...]:
    """The recommendable products (of one language) as facts, kept per process until the catalogue changes.

    Checking costs one cache read; reading the catalogue from the database costs more than scoring it.
    The generation is a random token, not a counter: a cache that lost the key (evicted, flushed)
    gets a new token, so no process can mistake old facts for current ones.
    """
    generation = cache.get(_CATALOGUE_KEY)
    if generation is None:
        generation = uuid.uuid4().hex
        cache.add(_CATALOGUE_KEY, generation, None)
        generation = cache.get(_CATALOGUE_KEY, generation)
    if _memo["generation"] != generation:
        tags: dict[int, set[str]] = {}
        for product_id, slug in Product.tags.through.objects.values_list("product_id", "producttag__slug"):
            tags.setdefault(product_id, set()).add(slug)
        by_language: dict[str | None, list[ProductFacts]] = {None: []}
        for pk, partner, lang in Product.objects.recommendable().values_list("pk", "partner_id", "language"):
            facts = ProductFacts(pk, partner, frozenset(tags.get(pk, ())))
            by_language[None].append(facts)
            by_language.setdefault(lang, []).append(facts)
        _memo.update(generation=generation, by_language={k: tuple(v) for k, v in by_language.items()})
    return _memo["by_language"].get(language, ())


def outcome(definition: dict, answers: dict[str, list[str]]) -> Outcome:
    return recommend(definition, answers, catalogue(definition.get("language")))


def preview(definition: dict) -> dict:
    """What an editor sees before publishing: the first option of every question, scored."""
    answers = {q["key"]: [q["options"][0]["id"]] for q in definition["questions"] if q["options"]}
    result = outcome(definition, answers)
    titles = dict(Product.objects.filter(pk__in=[p.product for p in result.picks]).values_list("pk", "title"))
    return {"answers": answers, "fallback": result.fallback,
            "picks": [{"title": titles.get(p.product, ""), "match": p.match, "full": p.full, "why": p.why,
                       "less_ideal": p.less_ideal} for p in result.picks]}


# --- answers --------------------------------------------------------------------------------------


def clean_answers(definition: dict, raw, *, partial: bool = False) -> dict[str, list[str]]:
    """Answers keyed by question, every option checked against this version; errors name the question."""
    if not isinstance(raw, dict):
        raise WizardInputError("answers", _("Answers must be an object: question key → list of option ids."))
    questions = {q["key"]: q for q in definition["questions"]}
    for key in raw:
        if key not in questions:
            raise WizardInputError("answers", _("Unknown question: %(key)s.") % {"key": str(key)[:60]})
    cleaned = {}
    for question in definition["questions"]:
        value = raw.get(question["key"])
        if value in (None, "", []):
            if not question["optional"] and not partial:
                raise WizardInputError(question["key"], _("Please answer: %(q)s") % {"q": question["text"]})
            continue
        ids = [value] if isinstance(value, str) else value
        if not isinstance(ids, list) or not all(isinstance(i, str) for i in ids):
            raise WizardInputError(question["key"], _("Answers must be lists of option ids."))
        known = {o["id"] for o in question["options"]}
        for option_id in ids:
            if option_id not in known:
                raise WizardInputError(question["key"], _("Unknown option %(option)s for the question “%(q)s”.")
                                       % {"option": option_id[:60], "q": question["text"]})
        ids = list(dict.fromkeys(ids))
        if question["kind"] == "single" and len(ids) > 1:
            raise WizardInputError(question["key"], _("Choose only one answer for: %(q)s") % {"q": question["text"]})
        cleaned[question["key"]] = ids
    return cleaned


def check_version(wizard: Wizard, number: int | None) -> WizardVersion:
    version = current_version(wizard)
    if version is None:
        raise WizardInputError("wizard", _("This wizard is not published yet."))
    if number is not None and number != version.number:
        raise WizardInputError("version", _("This wizard has changed since you started (now version %(n)d). "
                                            "Please start again.") % {"n": version.number})
    return version


def result_of(outcome_: Outcome) -> dict:
    return {"picks": [p.as_dict() for p in outcome_.picks], "content": outcome_.content}


def respond(wizard: Wizard, raw_answers, *, version: int | None, language: str = "ko", source: str = "api",
            lead=None) -> tuple[Response, Outcome]:
    """A completed response in one go (the API): validated first, stored whole or not at all."""
    current = check_version(wizard, version)
    answers = clean_answers(current.definition, raw_answers)
    result = outcome(current.definition, answers)
    response = Response.objects.create(
        wizard=wizard, version=current, answers=answers, reached=len(current.definition["questions"]),
        status=ResponseStatus.COMPLETED, result=result_of(result), source=source, language=language, lead=lead,
        completed_at=timezone.now(),
    )
    _completed(response)
    return response, result


def start(wizard: Wizard, *, language: str = "ko", lead=None, prefill: dict | None = None) -> Response:
    version = check_version(wizard, None)
    return Response.objects.create(wizard=wizard, version=version, language=language, lead=lead,
                                   answers=prefill or {}, source="site")


def answer(response: Response, question_key: str, option_ids: list[str]) -> Response:
    """One step of the site's flow. The answer is checked before anything is written."""
    if response.status == ResponseStatus.COMPLETED:
        raise WizardInputError("response", _("These answers were already sent. Start again to change them."))
    check_version(response.wizard, response.version.number)
    definition = response.version.definition
    keys = [q["key"] for q in definition["questions"]]
    if question_key not in keys:
        raise WizardInputError("answers", _("Unknown question: %(key)s.") % {"key": question_key[:60]})
    cleaned = clean_answers(definition, {question_key: option_ids}, partial=True)
    question = definition["questions"][keys.index(question_key)]
    if not cleaned and not question["optional"]:
        raise WizardInputError(question_key, _("Please answer: %(q)s") % {"q": question["text"]})
    with transaction.atomic():
        response = Response.objects.select_for_update().get(pk=response.pk)
        response.answers = {**response.answers, question_key: cleaned.get(question_key, [])}
        response.reached = max(response.reached, keys.index(question_key) + 1)
        response.save(update_fields=["answers", "reached"])
    return response


def complete(response: Response, user=None) -> Outcome:
    """Score the answers given and keep what was shown (idempotent: a second call shows the same).

    ``user``: the signed-in person completing it, announced once it commits (``signals.wizard_completed``)."""
    definition = response.version.definition
    if response.status == ResponseStatus.COMPLETED:
        return replay(response)
    answers = clean_answers(definition, {k: v for k, v in response.answers.items() if v})
    result = outcome(definition, answers)
    with transaction.atomic():
        updated = Response.objects.filter(pk=response.pk, status=ResponseStatus.STARTED).update(
            answers=answers, status=ResponseStatus.COMPLETED, result=result_of(result),
            completed_at=timezone.now(), reached=len(definition["questions"]))
    if updated:
        response.refresh_from_db()
        _completed(response)
        if user is not None and user.is_authenticated:
            transaction.on_commit(lambda: signals.wizard_completed.send(sender=Response, response=response,
                                                                        user=user))
    return result


def replay(response: Response) -> Outcome:
    """The recommendations as they were shown, from the stored version and picks (not today's wizard)."""
    picks = [Pick(p["product"], p["partner"], p["match"], 0.0, p["full"], p["why"], p["less_ideal"])
             for p in response.result.get("picks", [])]
    return Outcome(picks, list(response.result.get("content", [])))


def rescore(response: Response) -> Outcome:
    """The stored answers scored again under the stored version against today's catalogue."""
    return outcome(response.version.definition, response.answers)


def answer_topics(response: Response) -> list[str]:
    """The topics of the options chosen: they become the lead's interests."""
    return sorted({t for q in response.version.definition["questions"] for o in q["options"]
                   if o["id"] in response.answers.get(q["key"], []) for t in o["topics"]})


def _completed(response: Response) -> None:
    """A lead who completed the wizard: the nurture goal and score, and their answers' topics as interests."""
    if response.lead_id:
        record(response.lead, "wizard_completed",
               data={"wizard": response.wizard.slug, "response": response.pk, "topics": answer_topics(response)})


# --- leads ----------------------------------------------------------------------------------------


def prefill(definition: dict, interests: dict[str, float] | list[str]) -> dict[str, list[str]]:
    """Answers a lead's interests point to: per question, the options whose topics they are interested in."""
    weights = interests if isinstance(interests, dict) else {t: 1.0 for t in interests}
    answers = {}
    for question in definition["questions"]:
        scored = sorted(((sum(weights.get(t, 0) for t in o["topics"]), i, o["id"])
                         for i, o in enumerate(question["options"])), key=lambda s: (-s[0], s[1]))
        scored = [s for s in scored if s[0] > 0]
        if scored:
            answers[question["key"]] = [s[2] for s in (scored[:1] if question["kind"] == "single" else scored)]
    return answers


def capture_lead(response: Response, *, email: str, consent: bool, consent_text: str, ip: str | None,
                 user_agent: str, language: str):
    """The results page's sign-up: a lead only with ticked consent; the response is linked to them."""
    if consent is not True:
        raise WizardInputError("consent", _("Tick the box to agree to receive emails; we send nothing without it."))
    try:
        lead = nurture.capture(nurture.Capture(
            email=email, consent=True, consent_text=consent_text, consent_version="wizard-1", language=language,
            form=f"{WIZARD_FORM}{response.wizard.slug}", ip=ip, user_agent=user_agent,
        ))
    except nurture.NurtureInputError as error:
        raise WizardInputError(error.field, error.message) from error
    first = response.lead_id is None
    Response.objects.filter(pk=response.pk).update(lead=lead)
    response.lead = lead
    if first and response.status == ResponseStatus.COMPLETED:
        _completed(response)
    return lead


def latest_picks(lead) -> list[Product]:
    """The products of the lead's latest completed wizard response, still recommendable, best first."""
    response = lead.wizard_responses.filter(status=ResponseStatus.COMPLETED).order_by("-completed_at").first()
    if response is None:
        return []
    ids = [p["product"] for p in response.result.get("picks", [])]
    products = Product.objects.recommendable().filter(pk__in=ids).select_related("partner").in_bulk()
    return [products[i] for i in ids if i in products]


def picks_for_email(lead) -> list[ProvidedItem]:
    """The nurture emails' "recommended for you" block: the lead's latest picks (registered in ready())."""
    return [ProvidedItem(title=p.title, url=p.get_absolute_url()) for p in latest_picks(lead)]


def email_sequences(slug: str):
    """The sequences a consent given on this wizard's results page starts (registered in ready())."""
    return Sequence.objects.filter(wizards__slug=slug)


def contact(response: Response | None, *, name: str, email: str, message: str) -> ContactRequest:
    from django.core.mail import mail_managers, send_mail
    from django.core.validators import validate_email

    try:
        validate_email(email.strip())
    except ValidationError as error:
        raise WizardInputError("email", _("Enter a valid email address.")) from error
    if not message.strip():
        raise WizardInputError("message", _("Tell us what you are looking for."))
    if len(message) > 5000 or len(name) > 120:
        raise WizardInputError("message", _("The message is too long."))
    request = ContactRequest.objects.create(response=response, name=name.strip(), email=email.strip(),
                                            message=message.strip())
    subject = _("Wizard: a visitor asks for help")
    body = f"{request.name} <{request.email}>\n\n{request.message}"
    recipient = response.wizard.contact_email if response else ""
    transaction.on_commit(lambda: send_mail(subject, body, None, [recipient]) if recipient
                          else mail_managers(subject, body))
    return request


# --- click-outs -----------------------------------------------------------------------------------


def outbound_url(product: Product) -> str:
    """The product's URL with its partner's referral code appended (an existing parameter is replaced)."""
    partner = product.partner
    if partner is None or not partner.referral_code:
        return product.url
    parts = urlsplit(product.url)
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != partner.referral_param]
    query.append((partner.referral_param, partner.referral_code))
    return urlunsplit(parts._replace(query=urlencode(query)))


def click_out(product: Product, response: Response | None, position: int | None) -> str:
    ClickOut.objects.create(product=product, partner=product.partner, response=response,
                            position=position if position and 0 < position < 1000 else None)
    return outbound_url(product)


# --- CSV import -----------------------------------------------------------------------------------

CSV_COLUMNS = ["sku", "title", "summary", "partner", "price", "currency", "price_band", "url", "availability",
               "language", "tags", "active", "image_url", "slug"]
MAX_CSV_BYTES = 5_000_000


@dataclass
class ImportReport:
    created: int = 0
    updated: int = 0
    errors: list[tuple[int, str]] = field(default_factory=list)  # (line number, message)


def import_products(data: bytes | str) -> ImportReport:
    """Each valid row imported (created or updated by SKU); each invalid row reported with its line, untouched."""
    if isinstance(data, bytes):
        if len(data) > MAX_CSV_BYTES:
            raise WizardInputError("file", _("The file is larger than 5 MB."))
        try:
            data = data.decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise WizardInputError("file", _("The file is not UTF-8 text. Save it as CSV UTF-8.")) from error
    reader = csv.DictReader(io.StringIO(data))
    missing = {"sku", "title", "url"} - set(reader.fieldnames or [])
    if missing:
        raise WizardInputError("file", _("Missing columns: %(cols)s.") % {"cols": ", ".join(sorted(missing))})
    report = ImportReport()
    tags = {t.slug: t for t in ProductTag.objects.all()}
    partners = {p.name: p for p in Partner.objects.all()}
    for row in reader:
        line = reader.line_num
        try:
            with transaction.atomic():
                created = _import_row(row, tags, partners)
        except WizardInputError as error:
            report.errors.append((line, error.message))
            continue
        if created:
            report.created += 1
        else:
            report.updated += 1
    catalogue_changed()
    return report


def _import_row(row: dict, tags: dict, partners: dict) -> bool:
    value = {k: (row.get(k) or "").strip() for k in CSV_COLUMNS}
    if not value["sku"] or not value["title"]:
        raise WizardInputError("sku", _("sku and title are required."))
    try:
        URLValidator(schemes=["http", "https"])(value["url"])
    except ValidationError as error:
        raise WizardInputError("url", _("Not a valid URL: %(url)s") % {"url": value["url"][:80]}) from error
    partner = None
    if value["partner"]:
        partner = partners.get(value["partner"])
        if partner is None:
            raise WizardInputError("partner", _("Unknown partner: %(name)s") % {"name": value["partner"][:80]})
    price = None
    if value["price"]:
        try:
            price = Decimal(value["price"].replace(",", ""))
        except InvalidOperation as error:
            raise WizardInputError("price", _("Not a price: %(v)s") % {"v": value["price"][:40]}) from error
        if price < 0:
            raise WizardInputError("price", _("A price cannot be negative."))
    for name, choices in (("availability", Availability), ("price_band", PriceBand)):
        if value[name] and value[name] not in choices.values:
            raise WizardInputError(name, _("%(field)s must be one of: %(values)s") % {
                "field": name, "values": ", ".join(choices.values)})
    if value["language"] and value["language"] not in ("ko", "en"):
        raise WizardInputError("language", _("language must be ko or en."))
    slugs = [s.strip() for s in value["tags"].replace(";", ",").split(",") if s.strip()]
    unknown = [s for s in slugs if s not in tags]
    if unknown:
        raise WizardInputError("tags", _("Unknown tags: %(tags)s") % {"tags": ", ".join(unknown)[:200]})
    product = Product.objects.filter(sku=value["sku"]).first()
    created = product is None
    product = product or Product(sku=value["sku"])
    product.title = value["title"][:200]
    product.summary = value["summary"]
    product.partner = partner
    product.price = price
    product.currency = (value["currency"] or "KRW")[:3].upper()
    product.price_band = value["price_band"]
    product.url = value["url"]
    product.availability = value["availability"] or Availability.IN_STOCK
    product.language = value["language"] or "ko"
    product.active = value["active"].lower() not in ("0", "false", "no", "n", "아니오")
    product.image_url = value["image_url"]
    product.slug = product.slug or _unique_slug(value["slug"] or value["sku"])
    product.save()
    product.tags.set([tags[s] for s in slugs])
    return created


def _unique_slug(base: str) -> str:
    slug = slugify(base, allow_unicode=True)[:90] or "product"
    candidate, n = slug, 2
    while Product.objects.filter(slug=candidate).exists():
        candidate, n = f"{slug}-{n}", n + 1
    return candidate
