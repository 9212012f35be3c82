"""Judges we did not write, run on each page a browser test hands them:

- axe-core (tests/browser/node_modules/axe-core, pinned in package.json), evaluated in the
  page as it stands (after htmx swaps), with the WCAG 2.0/2.1/2.2 A and AA rules; serious and
  critical violations fail the test.
- The Nu HTML Checker (vnu.jar from the npm package vnu-jar, run with the machine's Java) on
  the HTML the server sent for the page; any error fails the test. All pages of a test go to
  one Java run at the end (a start costs about two seconds).

Everything found is also written to test-artifacts/browser/<test>/judges.json, with the
HTML that was checked, so a failure can be read without running the test again.
"""

import json
import shutil
import subprocess
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "test-artifacts" / "browser"
NODE_MODULES = Path(__file__).resolve().parent / "node_modules"
AXE = NODE_MODULES / "axe-core" / "axe.min.js"
VNU = NODE_MODULES / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"]
FAILING_IMPACTS = {"serious", "critical"}


def judges_missing() -> list[str]:
    missing = []
    if not AXE.exists() or not VNU.exists():
        missing.append("axe-core and vnu-jar (npm ci --prefix tests/browser)")
    if not shutil.which("java"):
        missing.append("Java for vnu.jar (apt-get install -y default-jre-headless)")
    return missing


@dataclass
class PageVerdict:
    name: str
    url: str
    axe: list[dict] = field(default_factory=list)  # serious and critical only
    axe_minor: int = 0
    axe_upstream: list[dict] = field(default_factory=list)  # Wagtail's own widgets, not ours
    html_validated: bool = True
    html: list[dict] = field(default_factory=list)


class Judges:
    def __init__(self, folder: Path):
        self.folder = folder
        self.pages: list[PageVerdict] = []
        self._html_files: dict[str, PageVerdict] = {}
        self._axe_source: str | None = None
        self._validated = False

    # -- axe ------------------------------------------------------------------------------
    def _axe(self, page) -> dict:
        if self._axe_source is None:
            self._axe_source = AXE.read_text(encoding="utf-8")
        # evaluate() goes through the DevTools protocol, which the page's CSP does not govern.
        if not page.evaluate("() => typeof window.axe === 'object'"):
            page.evaluate(self._axe_source)
        return page.evaluate(
            "async (tags) => { const r = await axe.run(document, {runOnly: {type: 'tag', values: tags},"
            " resultTypes: ['violations']}); return r.violations.map(v => ({id: v.id, impact: v.impact,"
            " help: v.help, nodes: v.nodes.slice(0, 5).map(n => ({target: n.target.join(' '),"
            " html: n.html.slice(0, 300), summary: n.failureSummary}))})); }",
            AXE_TAGS,
        )

    def check(self, page, name: str, *, html: str | None = None, validate_html: bool = True,
              upstream: tuple[str, ...] = ()) -> PageVerdict:
        """Judge the page as it stands now. `html` is what the server sent (the browser test
        keeps the last document response); without it the page's current DOM is checked.
        `validate_html=False` is for Wagtail's own admin screens only, whose markup is not ours
        to fix (axe still judges them); screens of ours inside the admin are validated.
        `upstream` names axe rules that Wagtail's own widgets break on that screen: they are
        reported in judges.json, and do not fail the test."""
        verdict = PageVerdict(name=name, url=page.url, html_validated=validate_html)
        violations = self._axe(page)
        verdict.axe_upstream = [v for v in violations if v["id"] in upstream]
        violations = [v for v in violations if v["id"] not in upstream]
        verdict.axe = [v for v in violations if v["impact"] in FAILING_IMPACTS]
        verdict.axe_minor = len(violations) - len(verdict.axe)
        self.folder.mkdir(parents=True, exist_ok=True)
        html_file = self.folder / "html" / f"{len(self.pages) + 1:02d}-{name}.html"
        html_file.parent.mkdir(exist_ok=True)
        html_file.write_text(html if html is not None else page.content(), encoding="utf-8")
        if validate_html:
            self._html_files[str(html_file)] = verdict
        self.pages.append(verdict)
        return verdict

    # -- the Nu HTML Checker --------------------------------------------------------------
    def validate_html(self) -> None:
        if self._validated or not self._html_files:
            return
        self._validated = True
        missing = [path for path in self._html_files if not Path(path).exists()]
        assert not missing, f"HTML files to validate are gone (removed by another run?): {missing}"
        result = subprocess.run(  # noqa: S603 -- fixed program, our own files
            [shutil.which("java") or "java", "-Xss4m", "-jar", str(VNU), "--format", "json", "--exit-zero-always",
             *self._html_files],
            capture_output=True, text=True, timeout=300, check=False,
        )
        messages = json.loads(result.stderr or result.stdout or '{"messages": []}')["messages"]
        for message in messages:
            if message.get("type") != "error":
                continue
            path = message.get("url", "").removeprefix("file:")
            verdict = self._html_files.get(path)
            if verdict is None:  # a message about no file in particular (e.g. a Java problem)
                raise AssertionError(f"vnu.jar: {message}")
            verdict.html.append({key: message.get(key) for key in ("lastLine", "message", "extract")})

    # -- verdicts -------------------------------------------------------------------------
    def failures(self) -> list[str]:
        self.validate_html()
        lines = []
        for verdict in self.pages:
            for violation in verdict.axe:
                targets = "; ".join(node["target"] for node in violation["nodes"])
                lines.append(f"{verdict.name}: axe {violation['impact']} {violation['id']}: {violation['help']}"
                             f" ({targets})")
            for error in verdict.html:
                lines.append(f"{verdict.name}: HTML line {error['lastLine']}: {error['message']}"
                             f" [{(error['extract'] or '').strip()[:120]}]")
        return lines

    def assert_clean(self) -> None:
        failures = self.failures()
        self.write_report()
        assert not failures, f"{len(failures)} finding(s) on {len(self.pages)} page(s):\n" + "\n".join(failures)

    def write_report(self) -> None:
        if not self.pages:
            return
        self.folder.mkdir(parents=True, exist_ok=True)
        report = [verdict.__dict__ for verdict in self.pages]
        (self.folder / "judges.json").write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
