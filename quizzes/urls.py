"""URLs of the quiz engine, under /<lang>/quiz/ (the quiz pages themselves are Wagtail pages)."""

from django.urls import path

from . import views

app_name = "quizzes"

urlpatterns = [
    path("<int:quiz_id>/start/", views.start, name="start"),
    path("attempt/<int:pk>/", views.attempt, name="attempt"),
    path("attempt/<int:pk>/autosave/", views.autosave, name="autosave"),
    path("attempt/<int:pk>/summary/", views.summary, name="summary"),
    path("attempt/<int:pk>/submit/", views.submit, name="submit"),
    path("attempt/<int:pk>/review/", views.review, name="review"),
]
