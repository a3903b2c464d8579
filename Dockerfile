# The production image: gunicorn for web, the same image for the Celery worker and beat.
FROM python:3.11-slim-bookworm

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 PIP_DISABLE_PIP_VERSION_CHECK=1
RUN apt-get update \
    && apt-get install -y --no-install-recommends libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 \
       fontconfig fonts-dejavu-core gettext nodejs npm \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt package.json package-lock.json ./
RUN pip install --no-cache-dir -r requirements.txt && npm ci --no-audit --no-fund --loglevel=error
COPY . .
RUN python manage.py compilemessages --ignore=node_modules -v0 \
    && DEBUG=false SECRET_KEY=build-only-build-only-build-only-build-only-build-only \
       python manage.py collectstatic --noinput -v0 \
    && useradd --system --home /app portal && mkdir -p /app/var/media /app/var/beat && chown -R portal /app/var
USER portal
EXPOSE 8000
CMD ["gunicorn", "emulation_portal.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--access-logfile", "-"]
