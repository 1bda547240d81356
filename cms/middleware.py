from django.utils import translation


class ApiLanguageMiddleware:
    """API responses speak the caller's Accept-Language.

    With ``prefix_default_language=False`` Django's LocaleMiddleware gives every unprefixed path
    the default language (Korean), which is right for pages but wrong for /api/ clients.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path_info.startswith("/api/"):
            language = translation.get_language_from_request(request, check_path=False)
            translation.activate(language)
            request.LANGUAGE_CODE = translation.get_language()
        return self.get_response(request)
