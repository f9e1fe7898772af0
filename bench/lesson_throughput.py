"""Requests per second of a lesson page against a bare Django view, under the same gunicorn.

Usage (after `make run` has loaded the course into db.sqlite3, or with DATABASE_URL set):
    .venv/bin/python bench/lesson_throughput.py [--seconds 10] [--connections 8] [--workers 2]

It starts gunicorn with production settings (bench/settings.py adds the bare view), with Redis for
cache and sessions when REDIS_URL is set (default redis://127.0.0.1:6379/15), logs a student in by
creating a session, and runs wrk (Debian package `wrk`) against:
  - /bench/bare/ (the yardstick: a view that returns "ok" through the same middleware),
  - a lesson page, anonymous,
  - the same lesson page, logged in as an enrolled student,
and prints requests/s and the ratio to the bare view. It also prints the SQL queries per page view.
Quote the ratios, measured in one run; absolute figures depend on the machine.
"""

import argparse
import os
import re
import shutil
import signal
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def wrk(url: str, seconds: int, connections: int, cookie: str | None = None) -> float:
    command = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", url]
    if cookie:
        command[1:1] = ["-H", f"Cookie: {cookie}"]
    output = subprocess.run(command, capture_output=True, text=True, check=True).stdout
    non_2xx = re.search(r"Non-2xx or 3xx responses: (\d+)", output)
    if non_2xx:
        raise SystemExit(f"{url}: {non_2xx.group(1)} error responses\n{output}")
    return float(re.search(r"Requests/sec:\s+([\d.]+)", output).group(1))


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=int, default=10)
    parser.add_argument("--connections", type=int, default=8)
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--port", type=int, default=8765)
    args = parser.parse_args()
    if not shutil.which("wrk"):
        raise SystemExit("wrk is needed: apt-get install -y wrk")

    os.environ["DJANGO_SETTINGS_MODULE"] = "bench.settings"
    os.environ.setdefault("REDIS_URL", "redis://127.0.0.1:6379/15")
    import django

    django.setup()
    from django.conf import settings
    from django.contrib.auth import get_user_model
    from django.contrib.sessions.backends.cache import SessionStore as CacheSession
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from course import services
    from course.models import CoursePage
    from lessons.models import LessonPage

    cache.clear()
    lesson = LessonPage.objects.live().order_by("path").first()
    if lesson is None:
        raise SystemExit("No lesson: run `make run` (or manage.py load_course) first.")
    path = lesson.get_url_parts()[2].replace("/en/", "/en/", 1)
    if not path.startswith("/en/"):
        path = "/en" + path
    user, _ = get_user_model().objects.get_or_create(username="bench-student")
    services.enrol(user, CoursePage.objects.first())

    from importlib import import_module

    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store["_auth_user_id"] = str(user.pk)
    store["_auth_user_backend"] = settings.AUTHENTICATION_BACKENDS[0]
    store["_auth_user_hash"] = user.get_session_auth_hash()
    store.create()
    store.save()
    cookie = f"{settings.SESSION_COOKIE_NAME}={store.session_key}"
    del CacheSession

    client = Client(HTTP_HOST="127.0.0.1")
    client.get(path)
    queries = {}
    for who in ("anonymous", "student"):
        if who == "student":
            client.force_login(user)
            client.get(path)
        with CaptureQueriesContext(connection) as captured:
            status = client.get(path).status_code
        queries[who] = (status, len(captured.captured_queries))

    env = dict(os.environ, PYTHONPATH=str(ROOT))
    server = subprocess.Popen(
        [
            sys.executable, "-m", "gunicorn", "course.wsgi", "--bind", f"127.0.0.1:{args.port}",
            "--workers", str(args.workers), "--log-level", "warning",
            "--env", "DJANGO_SETTINGS_MODULE=bench.settings",
        ],
        cwd=ROOT, env=env, start_new_session=True,
    )  # fmt: skip
    base = f"http://127.0.0.1:{args.port}"
    try:
        for _ in range(100):
            try:
                urllib.request.urlopen(base + "/bench/bare/", timeout=1)
                break
            except OSError:
                time.sleep(0.2)
        # warm every worker's caches
        for _ in range(20):
            urllib.request.urlopen(base + path).read()
        # the student's requests must really be logged in (else the figure means nothing)
        check = urllib.request.Request(base + path, headers={"Cookie": cookie})
        html = urllib.request.urlopen(check).read().decode()
        if "csrfmiddlewaretoken" not in html or "Mark as" not in html:
            raise SystemExit("The benchmark session is not logged in: check SESSION_ENGINE.")
        bare = wrk(base + "/bench/bare/", args.seconds, args.connections)
        anonymous = wrk(base + path, args.seconds, args.connections)
        student = wrk(base + path, args.seconds, args.connections, cookie)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait()

    print(f"lesson page: {path}")
    print(f"gunicorn workers: {args.workers}, wrk: {args.connections} connections, {args.seconds}s")
    print(f"cache: {settings.CACHES['default']['BACKEND']}, sessions: {settings.SESSION_ENGINE}")
    print(f"{'':28}{'req/s':>10}{'ratio':>8}{'SQL/page':>10}")
    print(f"{'bare Django view':28}{bare:>10.0f}{1:>8.2f}{'':>10}")
    print(f"{'lesson, anonymous':28}{anonymous:>10.0f}{anonymous / bare:>8.2f}"
          f"{queries['anonymous'][1]:>10}")  # fmt: skip
    print(f"{'lesson, logged-in student':28}{student:>10.0f}{student / bare:>8.2f}"
          f"{queries['student'][1]:>10}")  # fmt: skip


if __name__ == "__main__":
    main()
