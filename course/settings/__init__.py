"""Settings package: base, dev (default for manage.py), production, test."""
