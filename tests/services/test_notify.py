from django.core import mail

from cases.models import Notification
from cases.services import notify


def _notes(case, people):
    for n, person in enumerate(people):
        person.email = f"{person.username}@example.org"
        person.save(update_fields=["email"])
    notify.save(notify.build(recipients=people, case=case, kind="escalated", key="k1", message="m"))


def test_a_mail_server_failing_half_way_never_sends_anyone_the_same_mail_twice(register, clerk, duty_leader, director, monkeypatch):
    case = register()
    _notes(case, [clerk, duty_leader, director])
    calls = []
    real_send = notify.send_mail

    def flaky(subject, message, sender, to):
        calls.append(to[0])
        if len(calls) == 2:
            raise OSError("mail server went away")
        return real_send(subject, message, sender, to)

    monkeypatch.setattr(notify, "send_mail", flaky)
    assert notify.send_pending_mail() == 2  # the one that failed waits, the others went
    assert Notification.objects.filter(emailed_at__isnull=True).count() == 1
    monkeypatch.setattr(notify, "send_mail", real_send)
    assert notify.send_pending_mail() == 1
    recipients = sorted(message.to[0] for message in mail.outbox)
    assert recipients == sorted({f"{p.username}@example.org" for p in (clerk, duty_leader, director)})


def test_the_same_notice_is_stored_once_per_recipient(register, clerk):
    case = register()
    for _ in range(2):
        notify.save(notify.build(recipients=[clerk, clerk], case=case, kind="escalated", key="same", message="m"))
    assert Notification.objects.filter(recipient=clerk, key="same").count() == 1
