"""The catalogue's one rule that is written twice: in SQL for the wizard and in Python for a product page."""

import itertools

import pytest

from shop_wizard.models import Availability, Partner, Product

pytestmark = pytest.mark.django_db


def test_the_wizard_and_the_product_page_agree_on_what_is_recommendable():
    """The wizard picks from ``Product.objects.recommendable()``; a product page says noindex when
    ``product.recommendable`` is false. A product the wizard offers must never be a noindex page."""
    partners = [None, Partner.objects.create(name="활성 파트너"),
                Partner.objects.create(name="쉬는 파트너", active=False)]
    combinations = itertools.product([True, False], Availability.values, partners)
    for i, (active, availability, partner) in enumerate(combinations):
        Product.objects.create(sku=f"sku-{i}", slug=f"product-{i}", title=f"상품 {i}", url="https://example.com/",
                               active=active, availability=availability, partner=partner)

    in_sql = set(Product.objects.recommendable().values_list("pk", flat=True))
    in_python = {p.pk for p in Product.objects.select_related("partner") if p.recommendable}
    assert in_sql == in_python
    assert len(in_sql) == 4  # active; in stock or pre-order; the company's own or an active partner's
