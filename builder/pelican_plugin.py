"""The Pelican plugin: our Markdown reader, and a generator for the pages the site derives.

Pelican reads (``PortalReader``), generates (``PortalGenerator``) and writes, as it does for any
site; this module only plugs our content model into those steps. Build-wide state (the site's
settings, the problem list, today's date) arrives in the ``PORTAL`` setting.
"""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from typing import Any

from pelican import signals
from pelican.generators import Generator
from pelican.readers import BaseReader

from builder.contentmodel import ContentProblems
from builder.crossrefs import check_site
from builder.events import ical_feed
from builder.incremental import IncrementalWriter, PageKeys
from builder.languages_check import check_languages
from builder.prefetch import Prefetch, read_markdown
from builder.sitemodel import SiteModel
from builder.translations import add_languages, counterparts, form_counterparts, generated_counterparts
from builder.workers import worker_count
from portal import i18n
from portal.errors import Problems, shown_path
from portal.forms import FormSpec, start_page_file
from portal.languages import Language
from portal.siteconfig import SiteConfig
from portal.sitesearch import STOP_WORDS
from portal.sitewords import site_in, words_path


@dataclass
class BuildState:
    """What one build shares between build.py and the plugin."""

    site: SiteConfig
    content_dir: Path
    display_root: Path  # problems name files relative to this folder
    forms: dict[str, FormSpec]
    now: dt.datetime
    page_keys: PageKeys
    problems: Problems = field(default_factory=Problems)
    model: SiteModel | None = None
    # Files Pelican skipped for their errors, as far as they could be read, for the checks across files.
    rejected: list[SimpleNamespace] = field(default_factory=list)
    workers: int | None = None  # processes reading and writing pages; None: every core for a big build
    prefetch: Prefetch | None = None
    locale_dirs: tuple[Path, ...] = ()  # the theme's message catalogues (portal.i18n)
    search_run: Any = None  # builder.searchrun.SearchRun: Pagefind may start while pages are written
    messages: dict[str, Any] = field(default_factory=dict)  # language code → its catalogue
    helpers: dict[str, dict[str, Any]] = field(default_factory=dict)  # language code → page_helpers

    def context_for(self, page: Any) -> dict[str, Any]:
        """What a content page is drawn with: its language's model, site words and catalogue,
        and the addresses of its versions in the other languages."""
        assert self.model is not None
        model = self.model.model_of(page)
        return {**self.drawn_with(model), "alternates": counterparts(self.model, page)}

    def drawn_with(self, model: SiteModel) -> dict[str, Any]:
        """What every page of ``model``'s language is drawn with: the model, the site's words in
        the language, and the theme's words and address helpers bound to it (made once)."""
        code = model.language.code
        if code not in self.helpers:
            self.helpers[code] = i18n.page_helpers(model.language, model.site.default_language,
                                                   self.messages_of(model.language), model.link)
        return {"portal": model, "site": model.site, "language": model.language, **self.helpers[code]}

    def messages_of(self, language: Language) -> Any:
        """The theme's words in ``language``, read from its catalogues once per build (a rebuild in
        the preview server has a new state, so an edited .po shows)."""
        if language.code not in self.messages:
            self.messages[language.code] = i18n.translations(self.locale_dirs, language.code)
        return self.messages[language.code]

    def stop_prefetch(self) -> None:
        if self.prefetch is not None:
            self.prefetch.close()
            self.prefetch = None

    @property
    def today(self) -> dt.date:
        return self.now.date()

    def display_path(self, path: str | Path) -> str:
        return shown_path(path, self.display_root)


class PortalReader(BaseReader):
    """Reads our Markdown files (YAML front matter, markdown-it body) for Pelican."""

    enabled = True
    file_extensions = ["md"]

    def read(self, source_path: str) -> tuple[str, dict[str, Any]]:
        state: BuildState = self.settings["PORTAL"]
        outcome = state.prefetch.take(source_path) if state.prefetch else None
        if outcome is None:
            outcome = read_markdown(source_path, state.content_dir, state.display_root)
        if outcome.error is not None:
            raise outcome.error
        if outcome.html is None or outcome.metadata is None:
            # Reported here, because Pelican's own "Could not process" message is filtered out.
            state.problems.extend(outcome.problems)
            if outcome.rejected:
                m = outcome.rejected
                state.rejected.append(SimpleNamespace(**m, url=f"{m['url_prefix']}{m['slug']}/"))
            # Pelican then skips the file and does not cache it, so it is checked again.
            raise ContentProblems(outcome.problems)
        return outcome.html, outcome.metadata


class _Text:
    """A ready-made text that Pelican's writer can 'render', so its overwrite checks apply."""

    def __init__(self, text: str) -> None:
        self.text = text

    def render(self, _context: dict) -> str:
        return self.text


class PortalGenerator(Generator):
    """Makes the derived pages: home, A–Z, categories, What's on, search, 404, feeds, sitemap."""

    def generate_context(self) -> None:
        state: BuildState = self.settings["PORTAL"]
        for page in self.context["pages"]:
            # Pelican works a page's URL out afresh on every use; templates use it thousands of times.
            page.override_url = page.url
            page.override_save_as = page.save_as
        model = SiteModel.from_pages(self.context["pages"], state.site, state.today, state.forms)
        state.model = model
        sites = {lang.code: site_in(state.site, lang, state.content_dir, state.problems,
                                    state.display_path(words_path(state.content_dir, lang.code)))
                 for lang in state.site.languages[1:]}
        add_languages(model, self.context["pages"], sites)
        static_urls = self._static_urls()
        check_site(model, static_urls=static_urls, problems=state.problems, rejected=state.rejected)
        check_languages(model, self.context["pages"], state, static_urls=static_urls)
        self.context.update(state.drawn_with(model))

    def _static_urls(self) -> set[str]:
        content = Path(self.settings["PATH"])
        urls = set()
        for folder in self.settings["STATIC_PATHS"]:
            for root, _dirs, files in os.walk(content / folder):
                urls.update("/" + (Path(root) / f).relative_to(content).as_posix() for f in files)
        return urls

    def generate_output(self, writer: Any) -> None:
        state: BuildState = self.settings["PORTAL"]
        model = state.model
        assert model is not None
        # Content pages render in worker processes while this one writes the derived pages; they
        # are all written before the build goes on, even when a derived page fails.
        content_pages = writer.start_deferred() if isinstance(writer, IncrementalWriter) else None
        try:
            self._write_derived(writer, state, model)
        finally:
            if content_pages is not None:
                content_pages.wait()

    def _write_derived(self, writer: Any, state: BuildState, model: SiteModel) -> None:
        for language_model in (model, *model.others.values()):
            self._write_language(writer, language_model)
        write = self._writer(writer, model, with_links=False)  # pages in the default language only
        write("404.html", "404")
        host = state.site.base_url.split("://", 1)[-1].split("/", 1)[0]
        feed = ical_feed(model.upcoming_events, calendar_name=f"{state.site.council_name}: what's on",
                         base_url=state.site.base_url, host=host, now=state.now)
        writer.write_file("whats-on/events.ics", _Text(feed), self.context)
        writer.write_file("robots.txt", _Text(
            f"User-agent: *\nAllow: /\n\nSitemap: {state.site.base_url}/sitemap.xml\n"), self.context)
        write("sitemap.xml", "sitemap")
        writer.write_file("theme/css/council.css", _Text(_council_css(state.site)), self.context)

    def _writer(self, writer: Any, model: SiteModel, with_links: bool = True) -> Any:
        """Writes one derived page of ``model``'s language, with its language links."""
        def write(name: str, template: str, **kwargs: Any) -> None:
            local = ("/" + name.removesuffix("index.html")).removeprefix(model.language.prefix)
            kwargs.setdefault("alternates", generated_counterparts(model, local) if with_links else [])
            writer.write_file(name, self.get_template(template), self.context, template_name=template,
                              **{**self.settings["PORTAL"].drawn_with(model), **kwargs})

        return write

    def _write_language(self, writer: Any, model: SiteModel) -> None:
        """The home page, A–Z, categories, What's on, hubs and search page of one language."""
        write = self._writer(writer, model)
        folder = model.language.prefix.lstrip("/") + "/" if model.language.prefix else ""
        write(f"{folder}index.html", "home")
        write(f"{folder}a-to-z/index.html", "a-to-z")
        for category, services in model.categories:
            write(f"{folder}category/{category.slug}/index.html", "category", category=category,
                  services=services)
        write(f"{folder}whats-on/index.html", "whats-on")
        slugs = model.forms if model.language.is_default else sorted(model.translated_forms)
        for slug in slugs:
            write(f"{folder}{start_page_file(slug)}", "form-start", form=model.forms[slug],
                  alternates=form_counterparts(model, slug))
        for kind, hub in (("report", "report-it"), ("request", "request-it")):
            write(f"{folder}{hub}/index.html", "hub", kind=kind)
        # The common words dropped from a query are English ones (portal.sitesearch).
        write(f"{folder}search/index.html", "search",
              stop_words=sorted(STOP_WORDS) if model.language.is_default else [])


def _council_css(site: SiteConfig) -> str:
    # The council's colours as CSS variables, so re-branding needs no template or CSS edit.
    colours = site.colours
    return (f":root{{--brand:{colours.brand};--link:{colours.link};--focus:{colours.focus}}}\n")


def _add_generator(_pelican: Any) -> type[Generator]:
    return PortalGenerator


def _forget_disabled_markdown(generator: Any) -> None:
    # Pelican warns about .md files when Python-Markdown is missing, though our reader takes them.
    for extension in PortalReader.file_extensions:
        generator.readers.disabled_readers.pop(extension, None)


def _install_languages(generator: Any) -> None:
    """The theme's words from its catalogues, dates and addresses in each page's language."""
    state: BuildState = generator.settings["PORTAL"]
    i18n.install(generator.env, state.locale_dirs, state.messages_of)


def _start_prefetch(generator: Any) -> None:
    """Start reading, on every core, the pages Pelican will not find in its reader cache."""
    state: BuildState = generator.settings["PORTAL"]
    files = generator.get_files(generator.settings["PAGE_PATHS"], exclude=generator.settings["PAGE_EXCLUDES"])
    paths = (os.path.abspath(os.path.join(generator.path, f)) for f in files)
    to_read = [p for p in paths if p.endswith(".md") and generator.readers.get_cached_data(p) is None]
    if not to_read:
        # Nothing will be read, so Pelican's reader cache on disk is right as it is: spare
        # writing it again (pickling every page takes a good part of a no-change build).
        generator.readers._cache_data_policy = False
    workers = worker_count(len(to_read), state.workers)
    if workers > 1:
        state.prefetch = Prefetch(to_read, state.content_dir, state.display_root, workers)


def _stop_prefetch(generator: Any) -> None:
    generator.settings["PORTAL"].stop_prefetch()


def _add_writer(_pelican: Any) -> type[IncrementalWriter]:
    return IncrementalWriter


def register() -> None:
    signals.get_generators.connect(_add_generator)
    signals.get_writer.connect(_add_writer)
    signals.generator_init.connect(_forget_disabled_markdown)
    signals.generator_init.connect(_install_languages)
    signals.page_generator_init.connect(_start_prefetch)
    signals.page_generator_finalized.connect(_stop_prefetch)
