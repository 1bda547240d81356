from django.utils import translation


class ApiLanguageMiddleware:
    """The API and the admin's sign-in speak the caller's Accept-Language.

    With ``prefix_default_language=False`` Django's LocaleMiddleware gives every unprefixed path
    the default language (Korean), which is right for pages but wrong for /api/ clients and for a
    person signing in to the admin (or locked out of it); once signed in, Wagtail uses the
    language in their profile.
    """

    PREFIXES = ("/api/", "/admin/", "/django-admin/")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith(self.PREFIXES):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
