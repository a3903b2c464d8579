# Everything sets itself up: `make run` and `make test` install what is missing first.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
PYTHON ?= $(shell command -v python3.11 || command -v python3)
# Debian packages: WeasyPrint's libraries and a font, pdftotext for PDF tests, Chromium
# for browser tests, gettext to compile translations. A Java runtime (for vnu.jar, the HTML
# checker of tests/test_html_valid.py) only when no `java` is on the PATH.
APT_PACKAGES := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fontconfig fonts-dejavu-core \
	poppler-utils chromium gettext
PYTEST_ARGS ?=

.PHONY: install system-deps translations run worker test lint fmt bench check-deploy messages clean

install: system-deps $(VENV)/.installed node_modules/.installed translations

system-deps:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do \
	  dpkg-query -W -f='$${Status}' $$pkg 2>/dev/null | grep -q "install ok installed" || missing="$$missing $$pkg"; \
	done; \
	command -v npm >/dev/null || missing="$$missing nodejs npm"; \
	command -v java >/dev/null || missing="$$missing default-jre-headless"; \
	$(PYTHON) -c "import ensurepip, venv" 2>/dev/null || missing="$$missing python3-venv"; \
	if [ -n "$$missing" ]; then \
	  echo "Installing Debian packages:$$missing"; \
	  sudo=$$([ "$$(id -u)" = 0 ] || echo sudo); \
	  $$sudo apt-get update -qq && DEBIAN_FRONTEND=noninteractive $$sudo apt-get install -y -qq --no-install-recommends $$missing; \
	fi

$(VENV)/.installed: requirements.txt requirements-dev.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install -q --disable-pip-version-check --upgrade pip
	$(PY) -m pip install -q --disable-pip-version-check -r requirements-dev.txt
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

translations: $(VENV)/.installed
	@$(PY) manage.py compilemessages --ignore=.venv --ignore=node_modules -v0

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo "Portal on http://127.0.0.1:8000 (Ctrl-C stops web, worker and beat)"
	$(VENV)/bin/honcho -f Procfile.dev start

test: install
	DJANGO_ALLOW_ASYNC_UNSAFE=true $(VENV)/bin/pytest $(PYTEST_ARGS)

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

fmt: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Refresh the .po files after changing UI strings (then translate the new entries).
messages: $(VENV)/.installed
	for app in accounts campaigns clusters awards reports summaries; do \
	  (cd $$app && ../$(PY) ../manage.py makemessages -l vi --no-obsolete -v0); done
	$(PY) manage.py makemessages -l vi --no-obsolete -v0 --ignore=.venv --ignore=node_modules \
	  --ignore=accounts --ignore=campaigns --ignore=clusters --ignore=awards --ignore=reports --ignore=summaries --ignore=tests

bench: install
	$(PY) -m benchmarks

check-deploy: $(VENV)/.installed
	DEBUG=false SECRET_KEY=$$(head -c 48 /dev/urandom | base64) ALLOWED_HOSTS=thidua.example.vn \
	  $(PY) manage.py check --deploy --fail-level WARNING

clean:
	rm -rf $(VENV) node_modules var
