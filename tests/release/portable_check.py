#!/usr/bin/env python3
"""Proof that a release binary is portable (run by scripts/release.sh --check, so by
scripts/test.sh for x86_64 and by the release workflow for both architectures).

  portable_check.py --binary dist/ecsdeploy-linux-x86_64 --arch x86_64 \
      [--rootfs DIR --emulator build/emulator/ecs-emulator] [--qemu-root DIR]

1. What the binary needs (objdump -p NEEDED, objdump -T symbol versions, and ldd when it
   can run here) is printed; the check fails if a library appears that is not in
   needed-<arch>.txt, or a symbol needs glibc newer than 2.31.
2. `--version` runs (natively, or under qemu-user with --qemu-root) and names the version,
   the commit and the target.
3. With --rootfs (a `debootstrap --variant=minbase bullseye` tree, nothing else installed):
   inside it (chroot), --version, whoami and a full deploy against the built ecs-emulator;
   and HTTPS: whoami against a local TLS server trusted through AWS_CA_BUNDLE and through
   SSL_CERT_FILE, and refused with one clear line when no CA bundle exists.
"""

import argparse
import http.server
import json
import os
import re
import shutil
import ssl
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
SOURCE = os.path.abspath(os.path.join(HERE, "..", ".."))
SCENARIO = os.path.join(SOURCE, "examples", "scenarios", "demo.json")
KEY_ID = "AKIAEMULATORDEMO0001"
SECRET = "emulator/demo/secret/key/not/a/real/one/0001"
MAX_GLIBC = (2, 31)
VERSION_LINE = re.compile(r"^ecsdeploy (\d+\.\d+\.\d+\S*) \(commit ([0-9a-f]{7,40}|unknown), "
                          r"(\S+-linux-gnu)\)$")

failures = []


def check(ok, what):
    print(("ok   " if ok else "FAIL ") + what, flush=True)
    if not ok:
        failures.append(what)


def run(argv, **kw):
    return subprocess.run(argv, capture_output=True, text=True, timeout=kw.pop("timeout", 120), **kw)


def objdump():
    for tool in ("objdump", "aarch64-linux-gnu-objdump"):
        if shutil.which(tool):
            return tool
    raise SystemExit("portable_check.py: objdump not found (binutils)")


def needs(binary, arch):
    """Step 1: the needed list and the newest glibc symbol version."""
    tool = "aarch64-linux-gnu-objdump" if arch == "aarch64" and shutil.which(
        "aarch64-linux-gnu-objdump") else objdump()
    dynamic = run([tool, "-p", binary]).stdout
    needed = re.findall(r"^\s*NEEDED\s+(\S+)", dynamic, re.M)
    print("== needed (objdump -p):", " ".join(needed))
    with open(os.path.join(HERE, "needed-%s.txt" % arch)) as f:
        allowed = set(f.read().split())
    extra = sorted(set(needed) - allowed)
    check(not extra, "no shared library beyond glibc's: unexpected %s" % (extra or "none"))
    symbols = run([tool, "-T", binary]).stdout
    versions = sorted({tuple(int(x) for x in v.split(".")) for v in
                       re.findall(r"\bGLIBC_(\d+\.\d+(?:\.\d+)?)\b", symbols)})
    newest = versions[-1] if versions else (0, 0)
    print("== glibc symbol versions (objdump -T):", " ".join(".".join(map(str, v)) for v in versions))
    too_new = [l.split()[-1] + " " + l.split()[-2] for l in symbols.splitlines()
               if any("GLIBC_%s" % ".".join(map(str, v)) in l for v in versions if v > MAX_GLIBC)]
    check(newest <= MAX_GLIBC, "no symbol newer than glibc 2.31: newest %s %s"
          % (".".join(map(str, newest)), too_new[:5]))
    check(not re.search(r"\bcurl", symbols + dynamic), "no libcurl reference")
    if arch == os.uname().machine:
        print("== ldd\n" + run(["ldd", binary]).stdout.rstrip())


def version(argv, arch):
    r = run(argv + ["--version"])
    line = r.stdout.strip()
    m = VERSION_LINE.match(line)
    check(r.returncode == 0 and m is not None and m.group(3) == arch + "-linux-gnu",
          "--version: %r (exit %d)%s" % (line, r.returncode, r.stderr.strip()))


class Emulator:
    def __init__(self, path, tmp):
        self.log = os.path.join(tmp, "emulator.log")
        with open(self.log, "w") as log:
            self.proc = subprocess.Popen([path, "--port", "0", "--state", SCENARIO, "--speed", "50"],
                                         stdout=log, stderr=subprocess.STDOUT)
        deadline = time.time() + 20
        while time.time() < deadline:
            with open(self.log) as f:
                m = re.search(r"^listening on (\S+)", f.read(), re.M)
            if m:
                self.endpoint = "http://" + m.group(1)
                return
            time.sleep(0.05)
        self.stop()
        raise SystemExit("ecs-emulator did not start")

    def stop(self):
        self.proc.terminate()
        self.proc.wait(timeout=10)


def chroot_argv(rootfs):
    argv = ["chroot", rootfs]
    return argv if os.geteuid() == 0 else ["sudo", "-n"] + argv


def in_rootfs(rootfs, args, env):
    """Runs /opt/ecsdeploy/ecsdeploy inside the root filesystem with exactly `env`."""
    envs = ["%s=%s" % kv for kv in sorted(env.items())]
    return run(chroot_argv(rootfs) + ["/usr/bin/env", "-i", *envs, "/opt/ecsdeploy/ecsdeploy",
                                      *args], timeout=300)


def base_env(endpoint):
    return {"PATH": "/usr/bin:/bin", "HOME": "/tmp/home", "AWS_REGION": "us-east-1",
            "AWS_ENDPOINT_URL": endpoint, "AWS_EC2_METADATA_DISABLED": "true",
            "AWS_ACCESS_KEY_ID": KEY_ID, "AWS_SECRET_ACCESS_KEY": SECRET}


STS_ANSWER = ("<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
              "<GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/tls</Arn>"
              "<UserId>AIDATLSUSER</UserId><Account>123456789012</Account>"
              "</GetCallerIdentityResult><ResponseMetadata><RequestId>tls-1</RequestId>"
              "</ResponseMetadata></GetCallerIdentityResponse>")


class StsHandler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def do_POST(self):  # noqa: N802 (http.server's naming)
        self.rfile.read(int(self.headers.get("Content-Length", "0")))
        body = STS_ANSWER.encode()
        self.send_response(200)
        self.send_header("Content-Type", "text/xml")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def tls_server(tmp):
    """A TLS endpoint answering STS, with a self-signed certificate for 127.0.0.1."""
    cert, key = os.path.join(tmp, "ca.pem"), os.path.join(tmp, "key.pem")
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "2",
                    "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1",
                    "-keyout", key, "-out", cert], check=True, capture_output=True)
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), StsHandler)
    ctx = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    ctx.load_cert_chain(cert, key)
    server.socket = ctx.wrap_socket(server.socket, server_side=True)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, cert


def rootfs_checks(binary, rootfs, emulator_path):
    """Step 3: a minimal Debian 11 runs the binary: --version, whoami, a deploy, HTTPS."""
    release = open(os.path.join(rootfs, "etc", "debian_version")).read().strip()
    print("== Debian %s root filesystem at %s" % (release, rootfs))
    check(release.startswith("11"), "the root filesystem is Debian 11")
    run_dir = os.path.join(rootfs, "opt", "ecsdeploy")
    work = os.path.join(rootfs, "tmp")
    os.makedirs(run_dir, exist_ok=True)
    os.makedirs(os.path.join(work, "home"), exist_ok=True)
    shutil.copy2(binary, os.path.join(run_dir, "ecsdeploy"))
    r = in_rootfs(rootfs, ["--version"], {"PATH": "/usr/bin:/bin"})
    check(r.returncode == 0 and VERSION_LINE.match(r.stdout.strip()) is not None,
          "Debian 11: --version: %r %s" % (r.stdout.strip(), r.stderr.strip()))
    tmp = tempfile.mkdtemp(prefix="ecsdeploy-portable-")
    emulator = Emulator(emulator_path, tmp)
    try:
        env = base_env(emulator.endpoint)
        r = in_rootfs(rootfs, ["whoami", "--output", "json"], env)
        account = json.loads(r.stdout).get("account") if r.returncode == 0 else None
        check(account == "123456789012", "Debian 11: whoami against ecs-emulator: exit %d %s"
              % (r.returncode, (r.stdout + r.stderr).strip()[-300:]))
        r = in_rootfs(rootfs, ["deploy", "--cluster", "demo", "--service", "web", "--container",
                               "app", "--image-tag", "v1.2.0", "--output", "json"], env)
        outcome = json.loads(r.stdout).get("outcome") if r.stdout.strip().startswith("{") else None
        check(r.returncode == 0 and outcome == "succeeded",
              "Debian 11: deploy against ecs-emulator: exit %d, outcome %s %s"
              % (r.returncode, outcome, r.stderr.strip()[-300:]))
    finally:
        emulator.stop()
    server, cert = tls_server(tmp)
    try:
        shutil.copy2(cert, os.path.join(work, "ca.pem"))
        endpoint = "https://127.0.0.1:%d" % server.server_address[1]
        for name, extra in (("AWS_CA_BUNDLE", {"AWS_CA_BUNDLE": "/tmp/ca.pem"}),
                            ("SSL_CERT_FILE", {"SSL_CERT_FILE": "/tmp/ca.pem"})):
            r = in_rootfs(rootfs, ["whoami", "--output", "json"], {**base_env(endpoint), **extra})
            check(r.returncode == 0 and '"123456789012"' in r.stdout,
                  "Debian 11: HTTPS whoami trusting the CA through %s: exit %d %s"
                  % (name, r.returncode, r.stderr.strip()[-300:]))
        # minbase has no ca-certificates: one line that says so and what to do.
        r = in_rootfs(rootfs, ["whoami"], base_env(endpoint))
        check(r.returncode != 0 and "no CA bundle found" in r.stderr and "AWS_CA_BUNDLE" in r.stderr,
              "Debian 11 without ca-certificates: HTTPS refused naming the fix: %s"
              % r.stderr.strip()[-300:])
        # AWS_CA_BUNDLE wins over SSL_CERT_FILE: a bundle that does not hold the CA fails.
        r = in_rootfs(rootfs, ["whoami"], {**base_env(endpoint), "SSL_CERT_FILE": "/tmp/ca.pem",
                                           "AWS_CA_BUNDLE": "/etc/passwd"})
        check(r.returncode != 0 and "/etc/passwd" in r.stderr,
              "Debian 11: AWS_CA_BUNDLE wins over SSL_CERT_FILE: %s" % r.stderr.strip()[-200:])
    finally:
        server.shutdown()
        shutil.rmtree(tmp, ignore_errors=True)


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--binary", required=True)
    p.add_argument("--arch", required=True, choices=["x86_64", "aarch64"])
    p.add_argument("--rootfs")
    p.add_argument("--emulator")
    p.add_argument("--qemu-root", help="run under qemu-user with this root (the arm64 check)")
    a = p.parse_args()
    binary = os.path.abspath(a.binary)
    needs(binary, a.arch)
    if a.qemu_root:
        version(["qemu-%s-static" % a.arch, "-L", a.qemu_root, binary], a.arch)
    else:
        version([binary], a.arch)
    if a.rootfs:
        rootfs_checks(binary, os.path.abspath(a.rootfs), os.path.abspath(a.emulator))
    print("portable_check: %d failed" % len(failures) if failures else "portable_check: all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
