"""Wagtail hooks of the course: remember which page is served (for the page cache)."""

from wagtail import hooks


@hooks.register("before_serve_page")
def remember_served_page(page, request, serve_args, serve_kwargs):
    request.served_page = page
