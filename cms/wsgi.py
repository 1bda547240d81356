import os

from django.conf import settings
from django.core.wsgi import get_wsgi_application
from django.utils.module_loading import import_string

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")
application = get_wsgi_application()
for _wrapper in getattr(settings, "WSGI_MIDDLEWARE", []):
    application = import_string(_wrapper)(application)
