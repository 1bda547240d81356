from django.urls import path

from . import views

urlpatterns = [
    path("wizard/<str:slug>/", views.intro, name="shop_wizard"),
    path("wizard/<str:slug>/start/", views.start, name="shop_wizard_start"),
    path("wizard/r/<str:token>/q/<int:number>/", views.question, name="shop_wizard_question"),
    path("wizard/r/<str:token>/read/", views.read, name="shop_wizard_read"),
    path("wizard/r/<str:token>/results/", views.results, name="shop_wizard_results"),
    path("wizard/r/<str:token>/email/", views.email, name="shop_wizard_email"),
    path("wizard/r/<str:token>/contact/", views.contact, name="shop_wizard_contact"),
    path("go/<int:product_id>/", views.go, name="shop_wizard_go"),
    path("products/<str:slug>/", views.product_detail, name="shop_product"),
]
