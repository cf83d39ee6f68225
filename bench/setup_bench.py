#!/usr/bin/env python3
"""Setup time of the GitHub action, binary size and cold start (issue 14, items 5 and 6).

  python3 bench/setup_bench.py [--runs 10] [--source] [--npm] [--binary dist/ecsdeploy-linux-x86_64]

release  scripts/action-setup.sh from its start to a verified, started binary (`--version`),
         on a clean machine each run (empty tool cache), the release served from loopback by
         a local server: SHA256SUMS + BUILD_INFO + the binary, as GitHub serves them. The
         network part on a real runner is the binary's size over its link (printed too).
source   (--source) the build-from-source path without apt (the packages are installed
         here): a fresh build directory, ccache off, cmake + `ninja ecsdeploy` as action.yml
         runs them; wall and CPU seconds.
npm      (--npm) the peer: `npm ci` of bench/setup_peer/ (the runtime dependencies of
         aws-actions/amazon-ecs-deploy-task-definition: @actions/core, @aws-sdk/client-ecs,
         @aws-sdk/client-codedeploy, yaml) from the registry with an empty npm cache, then
         again with a warm cache (--offline).
start    the binary's size and `--version` cold start: median and p90 of 200 spawns, with
         /bin/true as the floor.
Prints figures only; nothing here asserts on time.
"""

import argparse
import hashlib
import http.server
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time

SOURCE = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))


def project_version():
    with open(os.path.join(SOURCE, "CMakeLists.txt")) as f:
        for line in f:
            if line.startswith("project(ecsdeploy VERSION "):
                return line.split()[2]
    raise SystemExit("no project(VERSION)")


def serve(files):
    class Handler(http.server.BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802
            body = files.get(self.path)
            self.send_response(200 if body is not None else 404)
            body = body if body is not None else b""
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args):
            pass

    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    return httpd


def bench_release(binary, runs):
    version = project_version()
    data = open(binary, "rb").read()
    info = ("version=%s\ncommit=%s\n" % (version, "0" * 40)).encode()
    sums = "%s  BUILD_INFO\n%s  ecsdeploy-linux-x86_64\n" % (
        hashlib.sha256(info).hexdigest(), hashlib.sha256(data).hexdigest())
    files = {"/v%s/ecsdeploy-linux-x86_64" % version: data, "/v%s/BUILD_INFO" % version: info,
             "/v%s/SHA256SUMS" % version: sums.encode()}
    httpd = serve(files)
    times = []
    try:
        for _ in range(runs):
            tmp = tempfile.mkdtemp(prefix="setup-bench-")
            out = os.path.join(tmp, "out")
            open(out, "w").close()
            env = {"PATH": os.environ["PATH"], "HOME": tmp, "ACTION_DIR": SOURCE,
                   "INPUT_VERSION": version, "RUNNER_OS": "Linux", "RUNNER_ARCH": "X64",
                   "RUNNER_TEMP": tmp, "RUNNER_TOOL_CACHE": os.path.join(tmp, "tools"),
                   "GITHUB_OUTPUT": out,
                   "ECSDEPLOY_RELEASE_URL": "http://127.0.0.1:%d" % httpd.server_address[1]}
            t0 = time.perf_counter()
            r = subprocess.run(["bash", os.path.join(SOURCE, "scripts", "action-setup.sh")],
                               env=env, capture_output=True, text=True)
            times.append(time.perf_counter() - t0)
            if r.returncode != 0:
                raise SystemExit("setup failed: " + r.stdout + r.stderr)
            shutil.rmtree(tmp)
    finally:
        httpd.shutdown()
        httpd.server_close()
    size_mb = len(data) / 1e6
    print("== release path: action-setup.sh to a verified, started binary (%d runs, loopback)" % runs)
    print("   median %.3f s, min %.3f s, max %.3f s" % (statistics.median(times), min(times),
                                                      max(times)))
    print("   + download of %.1f MB on the runner's link: %.2f s at 100 MB/s, %.2f s at 20 MB/s"
          % (size_mb, size_mb / 100, size_mb / 20))
    return statistics.median(times)


def bench_source():
    build = tempfile.mkdtemp(prefix="setup-bench-source-")
    env = dict(os.environ, CCACHE_DISABLE="1")
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    t0 = time.perf_counter()
    subprocess.run(["cmake", "-S", SOURCE, "-B", build, "-G", "Ninja", "-DCMAKE_BUILD_TYPE=Release",
                    "-DECSDEPLOY_TESTS=OFF"], env=env, check=True, capture_output=True)
    subprocess.run(["ninja", "-C", build, "ecsdeploy"], env=env, check=True, capture_output=True)
    wall = time.perf_counter() - t0
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    shutil.rmtree(build)
    print("== source path: cmake + ninja ecsdeploy, cold (no ccache), apt not included")
    print("   wall %.0f s on %d cores, CPU %.0f s" % (wall, os.cpu_count(), cpu))
    return wall


def bench_npm():
    if not shutil.which("npm"):
        print("== npm ci peer: npm not installed, skipped")
        return None
    results = {}
    work = tempfile.mkdtemp(prefix="setup-bench-npm-")
    cache = os.path.join(work, "cache")
    for label, extra in (("cold npm cache (registry)", []), ("warm npm cache (--offline)",
                                                            ["--offline"])):
        proj = os.path.join(work, label.split()[0])
        shutil.copytree(os.path.join(SOURCE, "bench", "setup_peer"), proj)
        t0 = time.perf_counter()
        r = subprocess.run(["npm", "ci", "--no-audit", "--no-fund", "--silent", "--cache", cache,
                            *extra], cwd=proj, capture_output=True, text=True)
        results[label] = time.perf_counter() - t0
        if r.returncode != 0:
            print("   npm ci failed (%s): %s" % (label, (r.stdout + r.stderr)[-300:]))
            return None
        count = sum(len(f) for _, _, f in os.walk(os.path.join(proj, "node_modules")))
        size = sum(os.path.getsize(os.path.join(d, n)) for d, _, f in
                   os.walk(os.path.join(proj, "node_modules")) for n in f)
    shutil.rmtree(work)
    print("== npm ci peer: bench/setup_peer (%d files, %.1f MB in node_modules)" % (count, size / 1e6))
    for label, t in results.items():
        print("   %s: %.2f s" % (label, t))
    return results["cold npm cache (registry)"]


def spawn_times(argv, n):
    out = []
    for _ in range(n):
        t0 = time.perf_counter()
        subprocess.run(argv, stdout=subprocess.DEVNULL)
        out.append((time.perf_counter() - t0) * 1000)
    out.sort()
    return statistics.median(out), out[int(n * 0.9)]


def bench_start(binary):
    print("== binary and cold start: %s" % os.path.relpath(binary, SOURCE))
    print("   size %.2f MB (stripped)" % (os.path.getsize(binary) / 1e6))
    floor = spawn_times(["/bin/true"], 200)
    mine = spawn_times([binary, "--version"], 200)
    print("   --version: median %.2f ms, p90 %.2f ms (/bin/true: median %.2f ms, p90 %.2f ms)"
          % (mine[0], mine[1], floor[0], floor[1]))


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawTextHelpFormatter)
    p.add_argument("--binary", default=os.path.join(SOURCE, "dist", "ecsdeploy-linux-x86_64"))
    p.add_argument("--runs", type=int, default=10)
    p.add_argument("--source", action="store_true", help="also time a cold build from source")
    p.add_argument("--npm", action="store_true", help="also time the npm ci peer")
    a = p.parse_args()
    if not os.path.exists(a.binary):
        raise SystemExit("%s not built: scripts/release.sh --arch x86_64" % a.binary)
    release = bench_release(os.path.abspath(a.binary), a.runs)
    if a.source:
        source = bench_source()
        print("   release path is %.0fx faster than the cold build (without apt)" % (source / release))
    if a.npm:
        npm = bench_npm()
        if npm:
            print("   release path is %.1fx faster than npm ci with a cold cache" % (npm / release))
    bench_start(os.path.abspath(a.binary))


if __name__ == "__main__":
    sys.exit(main())
