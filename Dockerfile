# The production image: gunicorn serves the app, whitenoise its static files.
# The same image runs the Celery worker and beat (see docker-compose.yml).
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    DJANGO_DEBUG=0 \
    WINDOWDESK_VAR_DIR=/var/lib/windowdesk

# gettext for compilemessages.
RUN apt-get update \
    && apt-get install -y --no-install-recommends gettext \
    && rm -rf /var/lib/apt/lists/*

WORKDIR /app
COPY requirements.txt .
RUN pip install -r requirements.txt

COPY . .

# Static files and translations are built into the image, so every container
# serves the same files. The settings refuse to load with DEBUG off and no
# secrets; these build-only values are never used at run time.
RUN DJANGO_SECRET_KEY=build-only-not-a-secret-build-only-not-a-secret-0000 \
    FIELD_ENCRYPTION_SALT=build-only PII_HASH_KEY=build-only WINDOWDESK_PUBLIC_URL=https://build-only.invalid \
    sh -c 'python manage.py collectstatic --noinput -v0 \
        && if [ -d locale ]; then python manage.py compilemessages --ignore var -v0; fi'

RUN useradd --system --uid 10001 --home-dir /app windowdesk \
    && mkdir -p /var/lib/windowdesk/beat /var/lib/windowdesk/private \
    && chown -R windowdesk /var/lib/windowdesk
USER windowdesk

EXPOSE 8000
CMD ["gunicorn", "windowdesk.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", \
     "--access-logfile", "-", "--forwarded-allow-ips", "*"]
