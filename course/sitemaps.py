"""/sitemap.xml: every live, public page in every language, with hreflang alternates."""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from wagtail.models import Page, Site


class PageSitemap(Sitemap):
    """Django's i18n sitemap over Wagtail's page tree (slugs are the same in every language)."""

    i18n = True
    alternates = True
    x_default = True

    def items(self):
        site = Site.objects.filter(is_default_site=True).select_related("root_page").first()
        if site is None:
            return Page.objects.none()
        return (
            Page.objects.descendant_of(site.root_page, inclusive=True)
            .live()
            .public()
            .order_by("path")
        )

    def location(self, item):
        return item.get_url_parts()[2]

    def lastmod(self, item):
        return item.last_published_at


class CourseViewSitemap(Sitemap):
    """The course-wide pages that are views, not Wagtail pages: timeline, atlas, glossary,
    sources (every language, with hreflang alternates like the pages)."""

    i18n = True
    alternates = True
    x_default = True
    changefreq = "monthly"

    def items(self):
        return ["lessons:timeline", "lessons:atlas", "lessons:glossary", "lessons:sources"]

    def location(self, item):
        return reverse(item)
