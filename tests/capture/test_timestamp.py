"""RFC 3161 timestamps against a time-stamping authority run locally (``openssl ts -reply``)."""

from __future__ import annotations

import hashlib
import shutil
import subprocess
import tempfile
import threading
from collections.abc import Iterator
from datetime import UTC, datetime, timedelta
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

from whodid.capture.timestamp import TimestampError, check_token, recheck, stamp
from whodid.config import Settings
from whodid.model import EvidenceItem
from whodid.store import Repository

pytestmark = pytest.mark.skipif(
    shutil.which("openssl") is None, reason="the local TSA needs the openssl tool"
)


def _cert(
    subject: str,
    key: ec.EllipticCurvePrivateKey,
    issuer: x509.Certificate | None,
    issuer_key: ec.EllipticCurvePrivateKey,
) -> x509.Certificate:
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, subject)])
    now = datetime.now(UTC)
    builder = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(issuer.subject if issuer else name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=30))
    )
    if issuer is None:
        builder = builder.add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        builder = builder.add_extension(
            x509.KeyUsage(False, False, False, False, False, True, True, False, False), critical=True
        )
    else:
        builder = builder.add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
        builder = builder.add_extension(
            x509.ExtendedKeyUsage([ExtendedKeyUsageOID.TIME_STAMPING]), critical=True
        )
        builder = builder.add_extension(
            x509.KeyUsage(True, False, False, False, False, False, False, False, False), critical=True
        )
    return builder.sign(issuer_key, hashes.SHA256())


@pytest.fixture(scope="module")
def tsa() -> Iterator[tuple[str, Path, list[x509.Certificate]]]:
    """A TSA on 127.0.0.1 backed by ``openssl ts -reply``, its certificates, and a PEM file of them."""
    workdir = Path(tempfile.mkdtemp(prefix="whodid-tsa-"))
    ca_key = ec.generate_private_key(ec.SECP256R1())
    ca = _cert("whodid test root", ca_key, None, ca_key)
    tsa_key = ec.generate_private_key(ec.SECP256R1())
    tsa_cert = _cert("whodid test TSA", tsa_key, ca, ca_key)
    (workdir / "tsa.key").write_bytes(
        tsa_key.private_bytes(
            serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8, serialization.NoEncryption()
        )
    )
    (workdir / "tsa.crt").write_bytes(tsa_cert.public_bytes(serialization.Encoding.PEM))
    (workdir / "serial").write_text("01\n")
    (workdir / "openssl.cnf").write_text(
        f"""[ tsa ]
default_tsa = tsa_config
[ tsa_config ]
dir = {workdir}
serial = $dir/serial
crypto_device = builtin
signer_cert = $dir/tsa.crt
signer_key = $dir/tsa.key
signer_digest = sha256
default_policy = 1.2.3.4.1
digests = sha256
accuracy = secs:1
ordering = yes
tsa_name = yes
ess_cert_id_chain = no
ess_cert_id_alg = sha256
"""
    )
    pem = workdir / "certs.pem"
    pem.write_bytes(
        tsa_cert.public_bytes(serialization.Encoding.PEM) + ca.public_bytes(serialization.Encoding.PEM)
    )
    lock = threading.Lock()

    class Handler(BaseHTTPRequestHandler):
        def log_message(self, format: str, *args: object) -> None:
            pass

        def do_POST(self) -> None:
            query = self.rfile.read(int(self.headers["Content-Length"]))
            with lock, tempfile.TemporaryDirectory(dir=workdir) as tmp:
                (Path(tmp) / "q.tsq").write_bytes(query)
                subprocess.run(
                    ["openssl", "ts", "-reply", "-config", str(workdir / "openssl.cnf"),
                     "-queryfile", f"{tmp}/q.tsq", "-out", f"{tmp}/r.tsr"],
                    check=True, capture_output=True,
                )  # fmt: skip
                reply = (Path(tmp) / "r.tsr").read_bytes()
            self.send_response(200)
            self.send_header("Content-Type", "application/timestamp-reply")
            self.send_header("Content-Length", str(len(reply)))
            self.end_headers()
            self.wfile.write(reply)

    httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/tsa", pem, [tsa_cert, ca]
    httpd.shutdown()
    httpd.server_close()
    shutil.rmtree(workdir, ignore_errors=True)


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Repository]:
    settings = Settings(home=tmp_path / "home", database_url=f"sqlite:///{tmp_path}/home/whodid.db")
    with Repository.open(settings) as repository:
        yield repository


def _item(repo: Repository, data: bytes = b"a photo's bytes, pretend") -> str:
    item = EvidenceItem(
        id=hashlib.sha256(data).hexdigest(),
        kind="image",
        media_type="image/jpeg",
        size_bytes=len(data),
        origin="/evidence/p.jpg",
        captured_at=datetime.now(UTC),
    )
    repo.add_evidence(item, data)
    return item.id


def test_an_item_is_stamped_verified_and_the_token_kept(
    repo: Repository, tsa: tuple[str, Path, list[x509.Certificate]]
) -> None:
    url, _, certs = tsa
    item_id = _item(repo)
    done = stamp(repo, item_id, url, certs)
    assert done.verified and abs((done.gen_time - datetime.now(UTC)).total_seconds()) < 120
    token = repo.get_evidence(done.token.id)
    assert token.kind == "timestamp" and token.derived_from == item_id
    assert [e.action for e in repo.custody_log(done.token.id)] == ["captured"]
    assert recheck(repo, certs) == []


def test_a_token_does_not_fit_other_bytes(
    repo: Repository, tsa: tuple[str, Path, list[x509.Certificate]]
) -> None:
    url, _, certs = tsa
    done = stamp(repo, _item(repo), url, certs)
    with pytest.raises(TimestampError, match="message imprint mismatch"):
        check_token(repo.evidence_bytes(done.token.id), b"other bytes", certs)


def test_a_token_signed_by_someone_else_is_refused(
    repo: Repository, tsa: tuple[str, Path, list[x509.Certificate]]
) -> None:
    url, _, certs = tsa
    done = stamp(repo, _item(repo), url, None)
    assert done.verified is False  # no certificates configured: imprint checked, signature not
    stranger_key = ec.generate_private_key(ec.SECP256R1())
    stranger = _cert("someone else", stranger_key, None, stranger_key)
    data = repo.evidence_bytes(done.item_id)
    with pytest.raises(TimestampError, match="does not verify"):
        check_token(repo.evidence_bytes(done.token.id), data, [stranger])
    assert check_token(repo.evidence_bytes(done.token.id), data, certs)[1] is True


def test_an_unreachable_tsa_is_a_clear_error(repo: Repository) -> None:
    with pytest.raises(TimestampError, match=r"127\.0\.0\.1:9"):
        stamp(repo, _item(repo), "http://127.0.0.1:9/tsa", None)


def test_the_command_line_stamps_and_verify_rechecks_tokens(
    tsa: tuple[str, Path, list[x509.Certificate]], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from whodid.cli.main import app

    url, pem, _ = tsa
    monkeypatch.setenv("WHODID_HOME", str(tmp_path / "cli-home"))
    monkeypatch.delenv("WHODID_DATABASE_URL", raising=False)
    monkeypatch.delenv("WHODID_TSA_URL", raising=False)
    runner = CliRunner()
    report = tmp_path / "r.txt"
    report.write_text("Police beat the blogger Tam Oru in Vesk on 4 April 2025.\n", encoding="utf-8")
    added = runner.invoke(app, ["ingest", "--no-extract", str(report)])
    doc_id = added.output.split()[0]
    unconfigured = runner.invoke(app, ["timestamp", doc_id])
    assert unconfigured.exit_code == 1 and "no time-stamping authority configured" in unconfigured.output
    stamped = runner.invoke(app, ["timestamp", doc_id, "--tsa", url, "--certs", str(pem)])
    assert stamped.exit_code == 0, stamped.output
    assert "signature verified" in stamped.output
    monkeypatch.setenv("WHODID_TSA_CERTS", str(pem))
    verified = runner.invoke(app, ["verify"])
    assert verified.exit_code == 0, verified.output
