# syntax=docker/dockerfile:1
# Plenary web/worker image. Build: docker build -t plenary .
# Runtime configuration comes from the environment (see config/settings.py and
# docker-compose.yml); DJANGO_SECRET_KEY is required at run time.

FROM python:3.13-slim-bookworm AS base
ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    VIRTUAL_ENV=/opt/venv \
    PATH=/opt/venv/bin:$PATH
# WeasyPrint runtime libraries, fonts for PDFs, gettext for translations.
RUN apt-get update \
    && apt-get install -y --no-install-recommends \
        libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext \
    && rm -rf /var/lib/apt/lists/*

# ---------------------------------------------------------------- build stage
FROM base AS build
RUN pip install --no-cache-dir uv
ENV UV_PROJECT_ENVIRONMENT=/opt/venv \
    UV_PYTHON=/usr/local/bin/python3.13 \
    UV_PYTHON_DOWNLOADS=never \
    UV_COMPILE_BYTECODE=1 \
    UV_LINK_MODE=copy
WORKDIR /app
# Dependencies first: this layer is reused until pyproject.toml/uv.lock change.
COPY pyproject.toml uv.lock ./
RUN uv sync --frozen --no-dev --no-install-project
COPY . .
# Drop local state that may sit in the build context (there is no .dockerignore
# requirement): virtualenvs, the SQLite demo database, uploads, caches, secrets.
RUN rm -rf .venv .git .ci var node_modules .pytest_cache .ruff_cache htmlcov .coverage .env .env.* \
    && find . -name __pycache__ -type d -prune -exec rm -rf {} + \
    && uv sync --frozen --no-dev
# Static files and translations are built into the image. The secret below only
# lets the settings load during the build; it is not kept in the image.
RUN export DJANGO_SECRET_KEY=docker-build-only-not-a-secret \
    && python manage.py collectstatic --noinput -v1 \
    && if [ -n "$(find . -name '*.po' -print -quit)" ]; then python manage.py compilemessages; fi \
    && python manage.py brazilian_portuguese \
    && rm -rf var/media var/*.sqlite3*

# -------------------------------------------------------------- runtime image
FROM base
RUN groupadd --system --gid 10001 app \
    && useradd --system --uid 10001 --gid app --home-dir /app --no-create-home --shell /usr/sbin/nologin app
WORKDIR /app
COPY --from=build /opt/venv /opt/venv
COPY --from=build /app /app
# var/ holds uploads and generated PDFs (mount a volume at /app/var/media) and
# celery beat's schedule file; everything else stays read-only for the app user.
RUN mkdir -p /app/var/media \
    && chown app:app /app/var /app/var/media
USER app
EXPOSE 8000
CMD ["gunicorn", "config.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "3"]
