#!/usr/bin/env bash
# Lighthouse scores of the main page types, against a running server (default: gunicorn with
# production settings on 127.0.0.1:8770, started by this script; pass a base URL to use another).
#   bash bench/lighthouse.sh [BASE_URL]
# Needs Node.js/npm (Lighthouse comes from the npm registry into a temporary folder) and Debian's
# chromium. Prints one line per page: performance, accessibility, best practices, SEO.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${1:-}"
TOOLS="$(mktemp -d)"
trap 'rm -rf "$TOOLS"; [ -n "${SERVER:-}" ] && kill "$SERVER" 2>/dev/null || true' EXIT
(cd "$TOOLS" && npm init -y >/dev/null && npm i lighthouse@12 --no-audit --no-fund --loglevel=error >/dev/null)
if [ -z "$BASE" ]; then
  export DJANGO_SETTINGS_MODULE=bench.settings PYTHONPATH=.
  .venv/bin/python manage.py collectstatic --noinput -v0
  .venv/bin/gunicorn course.wsgi --bind 127.0.0.1:8770 --workers 2 --log-level warning \
    --env DJANGO_SETTINGS_MODULE=bench.settings &
  SERVER=$!
  BASE=http://127.0.0.1:8770
  sleep 4
fi
LESSON=$(.venv/bin/python - <<'PY'
import os, django
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "course.settings.dev")
django.setup()
from lessons.models import LessonPage
page = LessonPage.objects.live().order_by("path").first()
print(page.get_url_parts()[2] if page else "/en/")
PY
)
for path in /en/ "$LESSON" /ru/timeline/ /kk/atlas/ /tr/glossary/; do
  out="$TOOLS/report.json"
  CHROME_PATH=/usr/bin/chromium "$TOOLS/node_modules/.bin/lighthouse" "$BASE$path" --quiet \
    --chrome-flags="--headless --no-sandbox --disable-gpu --disable-background-networking" \
    --output=json --output-path="$out" >/dev/null 2>&1
  python3 -c "
import json, sys
d = json.load(open('$out'))
s = {k: (round(v['score'] * 100) if v['score'] is not None else None) for k, v in d['categories'].items()}
print(f\"{'$path':55} perf {s['performance']}  a11y {s['accessibility']}  bp {s['best-practices']}  seo {s['seo']}\")"
done
