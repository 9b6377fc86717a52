import io
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.db import transaction

from cases.models import TextMessage
from cases.services import CaseActionError
from cases.services.texts import MAX_ATTEMPTS, send_pending_texts, text_citizen
from windowdesk import sms


def test_a_text_is_an_outbox_row_with_the_phone_encrypted_until_the_worker_sends_it(register, django_db_blocker):
    case = register(reporter_phone="138 1234 5678")
    text = text_citizen(case=case, body="您的事项已登记", kind="receipt")
    assert sms.outbox == []
    stored = TextMessage.objects.values_list("phone", flat=True).get(pk=text.pk)
    assert stored == "13812345678"  # read back through the field
    from django.db import connection
    with connection.cursor() as cursor:
        cursor.execute("SELECT phone FROM cases_textmessage WHERE id = %s", [text.pk])
        raw = cursor.fetchone()[0]
    assert "13812345678" not in str(raw)

    assert send_pending_texts() == 1
    assert sms.outbox == [sms.Text(to="13812345678", body="您的事项已登记", signature="Windowdesk")]
    text.refresh_from_db()
    assert text.sent_at is not None and text.attempts == 1
    assert send_pending_texts() == 0  # never sent twice


def test_a_text_is_written_in_the_callers_transaction_and_lost_with_it(register):
    case = register()
    with pytest.raises(RuntimeError), transaction.atomic():
        text_citizen(case=case, body="x", kind="receipt")
        raise RuntimeError("the caller's write failed")
    assert not TextMessage.objects.exists()


def test_a_case_without_a_phone_cannot_be_texted(register):
    case = register(reporter_phone="")
    with pytest.raises(CaseActionError):
        text_citizen(case=case, body="x", kind="receipt")


class _Failing(sms.BaseBackend):
    def __init__(self, failures):
        self.failures = failures

    def send(self, text):
        if self.failures:
            self.failures -= 1
            raise OSError("gateway unreachable")
        sms.outbox.append(text)


def test_a_failed_text_waits_with_its_error_and_goes_out_on_the_next_tick(register):
    case = register()
    text = text_citizen(case=case, body="您的事项已登记", kind="receipt")
    backend = _Failing(failures=1)
    assert send_pending_texts(backend=backend) == 0
    text.refresh_from_db()
    assert text.sent_at is None and text.attempts == 1 and "gateway unreachable" in text.last_error
    assert send_pending_texts(backend=backend) == 1
    text.refresh_from_db()
    assert text.sent_at is not None and text.attempts == 2 and text.last_error == ""
    assert len(sms.outbox) == 1


def test_a_text_the_gateway_always_refuses_stops_being_retried(register):
    case = register()
    text = text_citizen(case=case, body="x", kind="receipt")
    backend = _Failing(failures=10 * MAX_ATTEMPTS)
    for _ in range(MAX_ATTEMPTS + 3):
        send_pending_texts(backend=backend)
    text.refresh_from_db()
    assert text.attempts == MAX_ATTEMPTS and text.sent_at is None


def test_the_beat_schedule_sends_texts_every_minute(settings):
    tasks = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "cases.send_pending_texts" in tasks
    from cases import tasks as task_module
    assert task_module.send_texts.name == "cases.send_pending_texts"


def test_the_console_backend_prints_and_the_file_backend_writes_a_file(tmp_path):
    stream = io.StringIO()
    sms.ConsoleBackend(stream=stream).send(sms.Text(to="13812345678", body="你好", signature="丹东"))
    assert "13812345678" in stream.getvalue() and "你好" in stream.getvalue()
    sms.FileBackend(path=tmp_path / "sms").send(sms.Text(to="13812345678", body="你好", signature="丹东"))
    [written] = (tmp_path / "sms").iterdir()
    assert json.loads(written.read_text(encoding="utf-8")) == {"to": "13812345678", "body": "你好", "signature": "丹东"}


def test_the_backend_is_chosen_by_setting(settings, tmp_path):
    settings.SMS_BACKEND = "windowdesk.sms.FileBackend"
    settings.SMS_FILE_PATH = str(tmp_path)
    assert isinstance(sms.get_backend(), sms.FileBackend)


def _gateway(status):
    received = []

    class Handler(BaseHTTPRequestHandler):
        def do_POST(self):
            body = self.rfile.read(int(self.headers["Content-Length"]))
            received.append((self.headers["Authorization"], json.loads(body)))
            self.send_response(status)
            self.end_headers()

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, received


def test_the_gateway_backend_posts_json_with_the_key_and_signature(settings):
    server, received = _gateway(200)
    try:
        settings.SMS_SIGNATURE = "丹东市人社局"
        backend = sms.GatewayBackend(url=f"http://127.0.0.1:{server.server_port}/send", key="k-123")
        sms.send_text(to="13812345678", body="您的事项已登记", backend=backend)
    finally:
        server.shutdown()
    assert received == [("Bearer k-123", {"phone": "13812345678", "text": "您的事项已登记", "signature": "丹东市人社局"})]


def test_a_gateway_error_is_a_failure_the_outbox_retries(register):
    server, received = _gateway(503)
    try:
        case = register()
        text = text_citizen(case=case, body="x", kind="receipt")
        backend = sms.GatewayBackend(url=f"http://127.0.0.1:{server.server_port}/send", key="k")
        assert send_pending_texts(backend=backend) == 0
    finally:
        server.shutdown()
    text.refresh_from_db()
    assert text.sent_at is None and "503" in text.last_error
