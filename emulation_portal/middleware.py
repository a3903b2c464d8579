from django.conf import settings
from django.http import HttpResponse
from django.middleware.locale import LocaleMiddleware
from django.template.defaultfilters import filesizeformat
from django.utils import translation
from django.utils.translation import gettext as _


class PortalLocaleMiddleware(LocaleMiddleware):
    """Vietnamese unless the user chose another language with the switcher.

    Civil servants' browsers often ask for English; the portal still speaks Vietnamese
    until someone picks English, so the browser's Accept-Language header is ignored.
    """

    def process_request(self, request):
        code = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        if code not in dict(settings.LANGUAGES):
            code = settings.LANGUAGE_CODE
        translation.activate(code)
        request.LANGUAGE_CODE = translation.get_language()


class RequestSizeLimitMiddleware:
    """Refuse a request whose body is larger than UPLOAD_MAX_REQUEST_MB, before anything reads it.

    Django caps form fields (DATA_UPLOAD_MAX_MEMORY_SIZE) but not uploaded files, which it
    streams to disk whatever their size; the attachment checks run only afterwards.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.UPLOAD_MAX_REQUEST_MB * 1024 * 1024
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > limit:
            message = _("The upload is too large (%(size)s; the limit is %(limit)s). Attach a smaller file.") % {
                "size": filesizeformat(length),
                "limit": filesizeformat(limit),
            }
            return HttpResponse(message, status=413, content_type="text/plain; charset=utf-8")
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Permissions-Policy on every page, and `Cache-Control: no-store` on what a logged-in user sees.

    Pages, exports and attachments shown after log-in carry names and figures of units:
    neither the browser's cache nor a proxy may keep them. A view that set its own
    Cache-Control keeps it. Static files never reach this middleware (WhiteNoise answers first).
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        response.headers.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and not response.has_header("Cache-Control"):
            response["Cache-Control"] = "no-store"
        return response
