"""Throw-away TLS material and TLS-speaking service nodes for the security integration tests.

Certificates come from the `openssl` command line (the venv has no `cryptography`): a one-day CA,
a server certificate for 127.0.0.1/localhost signed by it, and an unrelated second CA that signs
nothing we serve (the "wrong CA" a client may be given). Nodes are started with the project's own
stack helpers (`streams.stack.*`) on free ports, in their own directories; the shared stack on
9092/9200 is never touched. Every context manager stops what it started, even on failure.
"""

from __future__ import annotations

import json
import os
import shutil
import ssl
import subprocess
import tempfile
import time
import urllib.error
import urllib.request
from base64 import b64encode
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from streams.config import Settings
from streams.ops.workers import free_port

# --- Certificates -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pki:
    ca_cert: Path  # PEM; what a client is told to trust
    server_cert: Path  # PEM leaf for CN=localhost, SAN DNS:localhost, IP:127.0.0.1
    server_key: Path  # PEM, PKCS#8, unencrypted
    other_ca_cert: Path  # a CA that signed nothing we serve

    @property
    def server_key_and_chain(self) -> str:
        """Key followed by leaf and CA, the layout of a Kafka `ssl.keystore.type=PEM` file."""
        return self.server_key.read_text() + self.server_cert.read_text() + self.ca_cert.read_text()


def _openssl(*args: str, cwd: Path) -> None:
    result = subprocess.run(["openssl", *args], cwd=cwd, capture_output=True, text=True, timeout=60, check=False)
    if result.returncode != 0:
        raise RuntimeError(f"openssl {args[0]} failed: {result.stderr.strip()}")


def _make_ca(directory: Path, name: str) -> tuple[Path, Path]:
    key, cert = directory / f"{name}.key", directory / f"{name}.crt"
    _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.name, cwd=directory)
    _openssl(
        "req", "-x509", "-new", "-key", key.name, "-subj", f"/CN={name}", "-days", "1", "-sha256",
        "-addext", "basicConstraints=critical,CA:TRUE",
        "-addext", "keyUsage=critical,keyCertSign,cRLSign",
        "-addext", "subjectKeyIdentifier=hash",
        "-out", cert.name,
        cwd=directory,
    )
    return key, cert


def make_pki(directory: Path) -> Pki:
    directory.mkdir(parents=True, exist_ok=True)
    ca_key, ca_cert = _make_ca(directory, "eventwire-test-ca")
    _, other_ca_cert = _make_ca(directory, "eventwire-other-ca")
    key, csr, cert = directory / "server.key", directory / "server.csr", directory / "server.crt"
    _openssl("genpkey", "-algorithm", "EC", "-pkeyopt", "ec_paramgen_curve:P-256", "-out", key.name, cwd=directory)
    _openssl("req", "-new", "-key", key.name, "-subj", "/CN=localhost", "-out", csr.name, cwd=directory)
    extensions = directory / "server.ext"
    extensions.write_text(
        "basicConstraints=critical,CA:FALSE\n"
        "keyUsage=critical,digitalSignature,keyAgreement\n"
        "extendedKeyUsage=serverAuth\n"
        "subjectAltName=DNS:localhost,IP:127.0.0.1\n"
        "subjectKeyIdentifier=hash\n"
        "authorityKeyIdentifier=keyid\n"
    )
    _openssl(
        "x509", "-req", "-in", csr.name, "-CA", ca_cert.name, "-CAkey", ca_key.name, "-CAcreateserial",
        "-days", "1", "-sha256", "-extfile", extensions.name, "-out", cert.name,
        cwd=directory,
    )
    return Pki(ca_cert=ca_cert, server_cert=cert, server_key=key, other_ca_cert=other_ca_cert)


# --- Kafka ----------------------------------------------------------------------------------------


@contextmanager
def throwaway_kafka(
    services: Settings, home: Path, properties: str, *, scram: tuple[str, str, str], client_port: int
) -> Iterator[Path]:
    """A one-node KRaft broker from `properties`, with a SCRAM user (mechanism, name, password) written
    at format time; yields the broker's server.log once `client_port` accepts connections."""
    from streams.stack import kafka
    from streams.stack.common import find_jdk, is_alive, port_open, spawn, tail, terminate, wait_until

    mechanism, user, password = scram
    config = home / "server.properties"
    config.write_text(properties)
    log4j = home / "log4j2.properties"
    log4j.write_text(kafka.render_log4j2_properties(home / "logs"))
    jdk = find_jdk("kafka", kafka.JAVA_MINIMUM, kafka.JAVA_PREFERRED)
    base = kafka.jvm_command(jdk.java, kafka.resolve_libs(services), log4j, home / "logs")
    base[1:3] = ["-Xms256m", "-Xmx256m"]
    formatted = subprocess.run(
        base + [kafka.STORAGE_TOOL, "format", "-t", kafka.new_cluster_id(), "-c", str(config),
                "--add-scram", f"{mechanism}=[name={user},password={password}]"],
        capture_output=True, text=True, timeout=120, check=False,
    )
    if formatted.returncode != 0:
        raise RuntimeError("kafka storage format failed:\n" + formatted.stdout + formatted.stderr)
    pid = spawn(base + [kafka.MAIN_CLASS, str(config)], log_file=home / "logs" / "console.log",
                pid_file=home / "kafka.pid", cwd=home)
    try:
        up = wait_until(lambda: port_open("127.0.0.1", client_port), timeout=90, interval=0.5,
                        still_worth_waiting=lambda: is_alive(pid))
        if not up:
            raise RuntimeError("TLS broker did not open its port:\n" + tail(home / "logs" / "server.log")
                               + tail(home / "logs" / "console.log", 20))
        time.sleep(2)  # the listener accepts before the node has finished joining its own quorum
        yield home / "logs" / "server.log"
    finally:
        terminate(pid, timeout=20)


# --- Elasticsearch --------------------------------------------------------------------------------


@dataclass(frozen=True)
class SecureNode:
    url: str  # https://127.0.0.1:PORT
    password: str  # of the built-in `elastic` user
    server_log: Path


def _https_status(url: str, cafile: Path, user: str, password: str) -> int | None:
    """HTTP status of GET `url` over verified TLS with basic auth; None while nothing answers."""
    context = ssl.create_default_context(cafile=str(cafile))
    token = b64encode(f"{user}:{password}".encode()).decode()
    request = urllib.request.Request(url, headers={"Authorization": f"Basic {token}"})
    try:
        with urllib.request.urlopen(request, timeout=5, context=context) as response:
            body = json.loads(response.read())
            return response.status if body.get("status") in ("yellow", "green") else None
    except urllib.error.HTTPError as error:
        return error.code
    except (urllib.error.URLError, OSError, ValueError):
        return None


@contextmanager
def throwaway_secure_elasticsearch(services: Settings, pki: Pki, password: str) -> Iterator[SecureNode]:
    """A second Elasticsearch node (the cached integ-test-zip) with security on, HTTPS from `pki`, and
    `password` as the bootstrap password of `elastic`; its directory is removed afterwards."""
    from streams.stack import elastic
    from streams.stack.common import chown_tree, ensure_traversable, find_jdk, is_alive, spawn, tail, terminate, wait_until

    jdk = find_jdk(elastic.NAME, elastic.JAVA_MINIMUM)
    _, es_home = elastic.obtain(services)
    modules = elastic.installed_modules(es_home)
    if "x-pack-security" not in modules:
        raise RuntimeError(f"the cached Elasticsearch has no x-pack-security module ({modules})")
    user = elastic.ensure_service_user(services.es_user)
    root = Path(tempfile.mkdtemp(prefix="eventwire-es-tls-"))
    pid: int | None = None
    try:
        config, data, tmp, logs = root / "config", root / "data", root / "tmp", root / "logs"
        shutil.copytree(es_home / "config", config)
        for directory in (data, tmp, logs, config / "jvm.options.d", config / "certs"):
            directory.mkdir(parents=True, exist_ok=True)
        # Elasticsearch reads TLS files only from inside its config directory.
        for source, name in ((pki.ca_cert, "ca.crt"), (pki.server_cert, "node.crt"), (pki.server_key, "node.key")):
            shutil.copy(source, config / "certs" / name)
        (config / "jvm.options.d" / "heap.options").write_text(elastic.render_jvm_options("512m"))
        http_port, transport_port = free_port(), free_port()
        node_settings = services.with_overrides(es_url=f"https://127.0.0.1:{http_port}")
        (config / "elasticsearch.yml").write_text(
            elastic.render_elasticsearch_yml(
                node_settings, modules=modules, data_dir=data, logs_dir=logs,
                extra={
                    "cluster.name": "eventwire-tls-test",
                    "node.name": "eventwire-tls-1",
                    "transport.port": transport_port,
                    "xpack.security.enabled": True,
                    "xpack.security.http.ssl.enabled": True,
                    "xpack.security.http.ssl.certificate": "certs/node.crt",
                    "xpack.security.http.ssl.key": "certs/node.key",
                    "xpack.security.http.ssl.certificate_authorities": ["certs/ca.crt"],
                    # One node with single-node discovery talks to no peer: the TLS bootstrap check
                    # for the transport layer does not apply, so it stays plain.
                    "xpack.security.transport.ssl.enabled": False,
                },
            )
        )
        env = {
            "PATH": "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin",
            "LANG": "C.UTF-8",
            "HOME": str(root),
            "ES_JAVA_HOME": str(jdk.home),
            "ES_PATH_CONF": str(config),
            "ES_TMPDIR": str(tmp),
        }
        if user is not None:
            chown_tree(root, user.pw_uid, user.pw_gid)
            ensure_traversable(root)
            ensure_traversable(es_home)
        keystore_tool = elastic._command(es_home, user)
        keystore_tool[-1] = str(es_home / "bin" / "elasticsearch-keystore")
        for arguments, stdin in ((["create"], None), (["add", "-x", "bootstrap.password"], password)):
            made = subprocess.run(keystore_tool + arguments, input=stdin, env=env, cwd=root, capture_output=True,
                                  text=True, timeout=120, check=False)
            if made.returncode != 0:
                raise RuntimeError(f"elasticsearch-keystore {arguments[0]} failed: {made.stdout}{made.stderr}")
        server_log = logs / "eventwire-tls-test.log"
        pid = spawn(elastic._command(es_home, user), log_file=root / "console.log", pid_file=root / "es.pid",
                    cwd=root, env=env)
        health = f"{node_settings.es_url}/_cluster/health"
        if not wait_until(lambda: _https_status(health, pki.ca_cert, "elastic", password) == 200, timeout=150,
                          interval=1.0, still_worth_waiting=lambda: is_alive(pid)):
            raise RuntimeError("secured Elasticsearch did not become healthy:\n" + tail(server_log)
                               + "\n" + tail(root / "console.log", 20))
        yield SecureNode(url=node_settings.es_url, password=password, server_log=server_log)
    finally:
        if pid is not None:
            terminate(pid, timeout=30)
        shutil.rmtree(root, ignore_errors=True)


def write_pem(directory: Path, name: str, text: str) -> Path:
    path = directory / name
    path.write_text(text)
    os.chmod(path, 0o600)
    return path
