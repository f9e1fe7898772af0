"""URL roots: language-independent endpoints first, then everything under /<lang>/."""

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.contrib.auth import views as auth_views
from django.contrib.sitemaps.views import sitemap
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from . import account_views, pagecache, views
from .sitemaps import CourseViewSitemap, PageSitemap

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path(
        "sitemap.xml",
        sitemap,
        {"sitemaps": {"pages": PageSitemap, "views": CourseViewSitemap}},
        name="sitemap",
    ),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path("i18n/", include("django.conf.urls.i18n")),
]

urlpatterns += i18n_patterns(
    path("accounts/login/", views.LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("accounts/invitation/<int:user_id>/<str:token>/", account_views.invitation_accept,
         name="invitation-accept"),
    path("accounts/register/", account_views.register, name="register"),
    path("accounts/register/<str:token>/", account_views.register_confirm,
         name="register-confirm"),
    path("me/account/", account_views.account, name="account"),
    path("me/account/data.json", account_views.account_data, name="account-data"),
    path("me/account/delete/", account_views.account_delete, name="account-delete"),
    path("me/notices/", account_views.notice_list, name="notices"),
    path("me/", views.student_home, name="student-home"),
    path("me/certificate/", views.certificate, name="certificate"),
    path("me/certificate.pdf", views.certificate_pdf, name="certificate-pdf"),
    path("certificate/<str:code>/", views.certificate_verify, name="certificate-verify"),
    path("reader/", views.reader_index, name="reader"),
    path("reader/course.pdf", views.reader_pdf, name="reader-course-pdf"),
    path("reader/module/<slug:slug>.pdf", views.reader_pdf, name="reader-module-pdf"),
    path("enrol/", views.enrol, name="enrol"),
    path("progress/lesson/<int:lesson_id>/", views.lesson_complete, name="lesson-complete"),
    path("", include("lessons.urls")),
    path("quiz/", include("quizzes.urls")),
    path("practice/", include("practice.urls")),
    re_path(r"^((?:[\w\-]+/)*)$", pagecache.serve, name="wagtail_serve"),
    path("", include(wagtail_urls)),
    prefix_default_language=True,
)

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
