"""The IMAP mailbox intake against a real IMAP server: Debian's dovecot, started for the test."""

from __future__ import annotations

import io
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import time
from email.message import EmailMessage
from pathlib import Path

import pytest
from django.core.management import call_command

from pamong.documents.models import Document
from tests.documents import letters

DOVECOT = shutil.which("dovecot") or "/usr/sbin/dovecot"
CONFIG = """
base_dir = {root}/run
state_dir = {root}/state
log_path = {root}/dovecot.log
protocols = imap
listen = 127.0.0.1
ssl = no
disable_plaintext_auth = no
auth_mechanisms = plain login
default_internal_user = dovecot
default_login_user = dovenull
first_valid_uid = 1
passdb {{
  driver = passwd-file
  args = scheme=PLAIN username_format=%u {root}/users
}}
userdb {{
  driver = static
  args = uid={uid} gid={gid} home={root}/home/%u
}}
mail_location = maildir:~/Maildir
service imap-login {{
  inet_listener imap {{
    address = 127.0.0.1
    port = {port}
  }}
  inet_listener imaps {{
    port = 0
  }}
}}
service anvil {{
  chroot =
}}
service imap-login {{
  chroot =
}}
"""


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture
def imap_server():  # type: ignore[no-untyped-def]
    if not Path(DOVECOT).exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail("CI must run the IMAP test, but dovecot is missing (Debian package dovecot-imapd)")
        pytest.skip("Debian's dovecot-imapd is not installed: scripts/setup --dev installs it")
    if os.geteuid() != 0:
        pytest.skip("dovecot needs root to start here")
    try:
        mail_user = pwd.getpwnam("dovecot")
    except KeyError:
        pytest.skip("the dovecot system user is missing")
    root = Path(
        tempfile.mkdtemp(prefix="pamong-imap-")
    )  # outside pytest's 0700 folders: dovecot's users read it
    for folder in (
        "run",
        "state",
        "home/surat/Maildir/new",
        "home/surat/Maildir/cur",
        "home/surat/Maildir/tmp",
    ):
        (root / folder).mkdir(parents=True)
    (root / "users").write_text("surat:{PLAIN}rahasia-uji\n")
    port = free_port()
    config = root / "dovecot.conf"
    config.write_text(CONFIG.format(root=root, port=port, uid=mail_user.pw_uid, gid=mail_user.pw_gid))
    for path in [root, *root.rglob("*")]:
        os.chown(path, mail_user.pw_uid, mail_user.pw_gid)
    process = subprocess.Popen(
        [DOVECOT, "-F", "-c", str(config)], stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    deadline = time.monotonic() + 15
    while time.monotonic() < deadline:
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=1):
                break
        except OSError:
            if process.poll() is not None:
                log = (root / "dovecot.log").read_text() if (root / "dovecot.log").exists() else ""
                pytest.fail(f"dovecot did not start: {process.stdout.read().decode()} {log}")
            time.sleep(0.2)
    yield f"imap://surat:rahasia-uji@127.0.0.1:{port}/INBOX", root / "home/surat/Maildir"
    process.terminate()
    process.wait(timeout=10)
    shutil.rmtree(root, ignore_errors=True)


def deliver(maildir: Path, name: str, message: EmailMessage) -> None:
    path = maildir / "new" / f"{name}.pamong"
    path.write_bytes(message.as_bytes())
    stat = maildir.stat()
    os.chown(path, stat.st_uid, stat.st_gid)


def letter_mail(subject: str, attachment: bytes | None) -> EmailMessage:
    message = EmailMessage()
    message["From"] = "Dinas Pendidikan <disdik@contohkab.go.id>"
    message["To"] = "surat@contohkab.go.id"
    message["Subject"] = subject
    message.set_content("Dengan hormat, bersama ini kami kirimkan surat terlampir.")
    if attachment is not None:
        message.add_attachment(attachment, maintype="application", subtype="pdf", filename="surat.pdf")
    return message


def test_unread_messages_become_letters_once_and_are_marked_read(
    imap_server, db, django_capture_on_commit_callbacks
) -> None:
    url, maildir = imap_server
    deliver(maildir, "1", letter_mail("Undangan rapat", letters.pdf_letter()))
    deliver(maildir, "2", letter_mail("Surat tanpa lampiran", None))
    out = io.StringIO()
    with django_capture_on_commit_callbacks(execute=True):
        call_command("documents", "fetch-mail", "--url", url, stdout=out)
    assert "2 received" in out.getvalue()
    with_pdf = Document.objects.get(source="mail", text__contains="400.3.5/1234/DISDIK/2024")
    assert with_pdf.mime == "message/rfc822" and with_pdf.nomor_surat == "400.3.5/1234/DISDIK/2024"
    again = io.StringIO()
    call_command("documents", "fetch-mail", "--url", url, stdout=again)
    assert "0 received" in again.getvalue()  # both were marked \\Seen on the server
    assert Document.objects.count() == 2


def test_a_wrong_password_is_a_clear_error(imap_server, db) -> None:
    from django.core.management.base import CommandError

    url, _ = imap_server
    with pytest.raises(CommandError, match="IMAP"):
        call_command("documents", "fetch-mail", "--url", url.replace("rahasia-uji", "salah"))
