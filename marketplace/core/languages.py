"""The site's languages as members see them: each named in itself ("Svenska", "English"), so a
reader who cannot read the page's language still finds their own."""

from django.conf import settings
from django.utils.translation import get_language_info


def native_name(code: str) -> str:
    """'sv' → 'Svenska': Django's own name of the language in that language, capitalised as a
    label at the start of a line is."""
    name = get_language_info(code)["name_local"]
    return name[:1].upper() + name[1:]


def language_names_native() -> dict[str, str]:
    """Every language of settings.LANGUAGES, code → its own name, in the settings' order."""
    return {code: native_name(code) for code, _name in settings.LANGUAGES}
