from django.urls import path

from . import views

app_name = "practice"

urlpatterns = [
    path("", views.session, name="session"),
    path("answer/", views.answer, name="answer"),
    path("rate/", views.rate, name="rate"),
    path("goal/", views.set_goal, name="goal"),
    path("missed/", views.missed, name="missed"),
]
