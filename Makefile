# Two commands for a fresh machine: `make run` (demo on SQLite) and `make test` (the whole suite).
VENV ?= .venv
PYTHON ?= python3
BIN := $(VENV)/bin
export FLASK_APP := wsgi

.PHONY: run test install install-test compile browser pdf translations bench load fault clean screenshots

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: pyproject.toml | $(BIN)/python
	$(BIN)/pip install --quiet -e .
	touch $@

$(VENV)/.installed-test: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[test]"
	touch $@

install: $(VENV)/.installed compile pdf

install-test: $(VENV)/.installed-test compile browser pdf

# WeasyPrint (briefing and "you said, we did" as PDF) needs Pango, and a font with Arabic glyphs.
pdf:
	@ldconfig -p | grep -q libpangoft2-1.0 && fc-list :lang=ar 2>/dev/null | grep -q . || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core fontconfig >/dev/null; \
	  else echo "Install Pango and an Arabic font for PDFs (sudo apt-get install libpango-1.0-0 libpangoft2-1.0-0 fonts-dejavu-core)." >&2; exit 1; fi; }

compile: $(VENV)/.installed
	$(BIN)/pybabel compile --statistics -d app/translations 2>&1 | grep -v '^compiling' || true

# Headless Chromium from Debian's packages for the browser journeys (Playwright drives it).
browser:
	@test -x /usr/bin/chromium || { \
	  if [ "$$(id -u)" = 0 ]; then apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; \
	  else echo "Install Debian's chromium (sudo apt-get install chromium) for the browser tests." >&2; exit 1; fi; }

# The job worker (e-mail delivery, analysis runs) runs beside the server and stops with it.
run: install
	$(BIN)/flask db upgrade
	$(BIN)/flask demo load
	$(BIN)/flask jobs worker & worker=$$!; trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	  $(BIN)/flask run --host 127.0.0.1 --port 5000

test: install-test
	$(BIN)/python scripts/run_tests.py $(ARGS)

# Refresh the catalogues after adding or changing UI strings.
translations: $(VENV)/.installed
	$(BIN)/pybabel extract -F babel.cfg -k _l -k lazy_gettext -o app/translations/messages.pot .
	$(BIN)/pybabel update -i app/translations/messages.pot -d app/translations --width 100

# Pictures of the home, consultation, proposal, voting and moderation pages, in English and Arabic,
# at 390 px and 1280 px, from a fresh demo: docs/screenshots/<page>-<language>-<width>.png
screenshots: install-test
	$(BIN)/python scripts/screenshots.py

bench: $(VENV)/.installed
	$(BIN)/python -m bench

$(VENV)/.installed-load: pyproject.toml $(VENV)/.installed
	$(BIN)/pip install --quiet -e ".[load]"
	touch $@

# The load harness (bench/load): gunicorn with 4 workers on PostgreSQL (its own database, majlis_load)
# and Redis (its own database numbers), 10,000 proposals, Locust headless; exits 1 when a target is missed.
load: $(VENV)/.installed-load compile
	$(BIN)/python -m bench.load $(ARGS)

# The same harness while PostgreSQL restarts and a gunicorn worker is killed (waits until no one else is connected).
fault: $(VENV)/.installed-load compile
	$(BIN)/python -m bench.load --fault $(ARGS)

clean:
	rm -rf $(VENV) .pytest_cache
