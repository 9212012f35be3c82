"""The design tokens, read from the stylesheet's :root on each visit, so the swatches and
contrast ratios on the pattern page cannot drift from the real tokens."""

import re
from pathlib import Path

from django.contrib.staticfiles import finders

STYLESHEET = "css/valund.css"

# Which colour is read on which, as the stylesheet pairs them: (foreground, background, what for).
# Text needs 4.5:1 (WCAG 1.4.3); borders, focus rings and large text 3:1 (1.4.11).
COLOUR_PAIRS = {
    "--c-brand": [
        ("--c-brand", "--c-surface", "links, secondary buttons", 4.5),
        ("#ffffff", "--c-brand", "primary button text, hero text", 4.5),
    ],
    "--c-brand-dark": [("--c-brand-dark", "--c-brand-soft", "badge text", 4.5)],
    "--c-brand-soft": [("--c-brand-dark", "--c-brand-soft", "badge, own message, selected chip", 4.5)],
    "--c-accent": [
        ("#ffffff", "--c-accent", "count badge", 4.5),
        ("--c-accent", "--c-surface", "stars (decorative)", 3),
    ],
    "--c-text": [("--c-text", "--c-surface", "body text on cards", 4.5), ("--c-text", "--c-bg", "body text", 4.5)],
    "--c-muted": [("--c-muted", "--c-surface", "secondary text", 4.5), ("--c-muted", "--c-bg", "secondary text", 4.5)],
    "--c-border": [("--c-border", "--c-surface", "dividers (decorative, not a control's edge)", 1)],
    "--c-surface": [("--c-text", "--c-surface", "cards, header, inputs", 4.5)],
    "--c-bg": [("--c-text", "--c-bg", "page background", 4.5)],
    "--c-danger": [
        ("--c-danger", "--c-surface", "errors, danger button", 4.5),
        ("--c-danger", "--c-danger-soft", "error alert, danger badge", 4.5),
    ],
    "--c-danger-soft": [("--c-text", "--c-danger-soft", "error alert text", 4.5)],
    "--c-success": [("--c-success", "--c-success-soft", "verified badge", 4.5)],
    "--c-success-soft": [("--c-text", "--c-success-soft", "success alert text", 4.5)],
    "--c-warning": [("--c-warning", "--c-warning-soft", "warning badge", 4.5)],
    "--c-warning-soft": [("--c-text", "--c-warning-soft", "warning alert text", 4.5)],
    "--c-focus": [
        ("--c-focus", "--c-surface", "focus ring", 3),
        ("--c-focus", "--c-bg", "focus ring", 3),
        ("--c-focus", "--c-brand", "why .hero and .on-dark draw the ring white instead", 3),
        ("#ffffff", "--c-brand", "focus ring in .hero / .on-dark", 3),
    ],
}

_TOKEN = re.compile(r"(--[a-z0-9-]+)\s*:\s*([^;]+);")


def stylesheet_tokens() -> dict[str, str]:
    """The custom properties in valund.css's :root, in their order: {"--c-brand": "#0b5d4b", ...}."""
    path = finders.find(STYLESHEET)
    text = Path(path).read_text(encoding="utf-8")  # small; read on each (staff) visit, so it never drifts
    root = re.search(r":root\s*\{(.*?)\}", text, re.S)
    return {name: value.strip() for name, value in _TOKEN.findall(root.group(1) if root else "")}


def _rgb(value: str) -> tuple[float, float, float] | None:
    value = value.strip().lower()
    if not re.fullmatch(r"#[0-9a-f]{3}|#[0-9a-f]{6}", value):
        return None
    digits = value[1:]
    if len(digits) == 3:
        digits = "".join(c * 2 for c in digits)
    return tuple(int(digits[i : i + 2], 16) / 255 for i in (0, 2, 4))


def _luminance(rgb) -> float:
    def channel(c):
        return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4

    r, g, b = (channel(c) for c in rgb)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(foreground: str, background: str) -> float | None:
    """WCAG 2 contrast ratio of two hex colours (1 to 21), or None for anything else."""
    fg, bg = _rgb(foreground), _rgb(background)
    if fg is None or bg is None:
        return None
    light, dark = sorted((_luminance(fg), _luminance(bg)), reverse=True)
    return round((light + 0.05) / (dark + 0.05), 2)


def colour_swatches(tokens: dict[str, str]) -> list[dict]:
    def resolve(name):
        return tokens.get(name, "") if name.startswith("--") else name

    swatches = []
    for name, value in tokens.items():
        if not name.startswith("--c-"):
            continue
        pairs = []
        for fg, bg, used_for, needed in COLOUR_PAIRS.get(name, []):
            ratio = contrast(resolve(fg), resolve(bg))
            pairs.append(
                {
                    "fg": fg,
                    "bg": bg,
                    "fg_value": resolve(fg),
                    "bg_value": resolve(bg),
                    "used_for": used_for,
                    "ratio": ratio,
                    "needed": needed,
                    "passes": ratio is not None and ratio >= needed,
                }
            )
        swatches.append({"name": name, "value": value, "pairs": pairs})
    return swatches


def scale(tokens: dict[str, str], prefix: str) -> list[dict]:
    return [
        {"name": name, "value": value, "suffix": name[len(prefix) :]}
        for name, value in tokens.items()
        if name.startswith(prefix)
    ]
