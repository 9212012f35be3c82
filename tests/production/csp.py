"""What a strict Content Security Policy would block in a page: inline scripts, <style>, style="" and on*=""."""

from html.parser import HTMLParser

SCRIPT_DATA_TYPES = {"application/json", "application/ld+json"}


class InlineCode(HTMLParser):
    """Collects what a strict CSP would block: inline scripts, <style>, style="", on*="" ."""

    def __init__(self):
        super().__init__()
        self.found = []
        self._script = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "script" and "src" not in attributes and attributes.get("type") not in SCRIPT_DATA_TYPES:
            self._script = self.getpos()
        if tag == "style":
            self.found.append(f"<style> at {self.getpos()}")
        for name, _ in attrs:
            if name == "style" or name.startswith("on"):
                self.found.append(f'{name}="" on <{tag}> at {self.getpos()}')

    def handle_data(self, data):
        if self._script is not None and data.strip():
            self.found.append(f"inline <script> at {self._script}")

    def handle_endtag(self, tag):
        if tag == "script":
            self._script = None


def inline_code(html: str) -> list[str]:
    parser = InlineCode()
    parser.feed(html)
    return parser.found
