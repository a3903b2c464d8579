"""Render a Django template to PDF with WeasyPrint: the portal's only WeasyPrint import.

Every PDF extends `templates/pdf/base.html`: A4, the national motto header, "Trang X/Y"
in the footer, and the Be Vietnam Pro TTFs shipped with the project (npm package
`@expo-google-fonts/be-vietnam-pro`, OFL), never a system font that may be missing.
Whole TTFs, not woff2 slices: WeasyPrint scrambles Vietnamese with unicode-range slices.
"""

import unicodedata
from pathlib import Path

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone

FONT_DIR = Path(settings.NODE_MODULES) / "@expo-google-fonts" / "be-vietnam-pro"
FONT_FILES = {
    ("normal", 400): "400Regular/BeVietnamPro_400Regular.ttf",
    ("italic", 400): "400Regular_Italic/BeVietnamPro_400Regular_Italic.ttf",
    ("normal", 700): "700Bold/BeVietnamPro_700Bold.ttf",
    ("italic", 700): "700Bold_Italic/BeVietnamPro_700Bold_Italic.ttf",
}


def font_faces():
    """Return the @font-face rules for the shipped Be Vietnam Pro files that exist."""
    rules = []
    for (style, weight), relative in FONT_FILES.items():
        path = FONT_DIR / relative
        if path.exists():
            rules.append(
                "@font-face { font-family: 'Be Vietnam Pro'; "
                f"font-style: {style}; font-weight: {weight}; src: url('{path.as_uri()}'); }}"
            )
    return "\n".join(rules)


def render_pdf(template_name, context=None, *, request=None):
    """Render `template_name` (extending pdf/base.html) to PDF bytes."""
    # Imported here: WeasyPrint is slow to import, and only PDF work should pay for it.
    from weasyprint import HTML

    context = {
        "pdf_font_faces": font_faces(),
        "generated_at": timezone.localtime(),
        **(context or {}),
    }
    html = unicodedata.normalize("NFC", render_to_string(template_name, context, request=request))
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
