#!/usr/bin/env python3
"""Checks the manifests `helm template` rendered from the poles chart.

        check_rendered.py RENDERED.yaml...
    check_rendered.py --each-must-fail BAD.yaml...   (the checker's own test)

Every pod spec (Deployments, Jobs, ...) must meet the Pod Security Standard
"restricted" profile and the platform's rules: a non-root numeric user,
seccomp RuntimeDefault, no privilege escalation, every capability dropped, a
read-only root filesystem with an emptyDir on /tmp, only restricted volume
types, no host namespaces or ports; requests and limits for CPU and memory;
readiness and liveness probes of long-running containers, the kubelet's
native gRPC probe of the health service: on the gRPC port when it is
plaintext, on the plaintext health-only port (--health-listen, a port named
health) when the container serves TLS, which that probe cannot speak, and
then no --insecure-plaintext; credentials only
through secretKeyRef or Secret volumes, never a literal in an env value, an
argument or a ConfigMap, and no database URL for the gateway, which has no
database role. The migration Job must be a pre-install and
pre-upgrade hook running --migrate-only with the owner URL from a Secret,
and every Service with a gRPC port must be headless.

Exits 1 listing every problem as "file: Kind/name: problem".
"""

import re
import sys

import yaml

POD_KINDS = {"Deployment", "StatefulSet", "DaemonSet", "ReplicaSet", "Job"}
RESTRICTED_VOLUMES = {
        "configMap", "csi", "downwardAPI", "emptyDir", "ephemeral",
        "persistentVolumeClaim", "projected", "secret",
}
# Environment names that carry a credential: they must come from a Secret.
SECRET_NAME = re.compile(r"(URL|SECRET|PASSWORD|PASSWD|TOKEN|KEY|CREDENTIAL)",
                         re.I)
# Values that look like a credential: a URL with a password, a PostgreSQL
# connection string with password=, a long hex or base64 run, a PEM block.
SECRET_VALUE = re.compile(
        r"(://[^/@\s:]+:[^/@\s]+@|password\s*=|\bpostgres(ql)?://"
        r"|\b[0-9a-fA-F]{32,}\b|\b[A-Za-z0-9+/]{40,}={0,2}(?![A-Za-z0-9+/=])"
        r"|-----BEGIN )", re.I)
# Flags whose value is a credential: never on a command line.
SECRET_FLAGS = ("--database-url", "--owner-database-url", "--admin-database-url",
                "--page-token-secret")
# Names the restricted checks accept as harmless (a file path to a key).
SAFE_ENV_VALUE = re.compile(r"^(/[\w./-]*|[\w.-]+\.svc(:\d+)?|dns:///.*)$")


class Checker:
    def __init__(self):
        self.problems = []
        self.pods = 0
        self.containers = 0
        self.hooks = 0

    def fail(self, where, what):
        self.problems.append(f"{where}: {what}")

    def check_doc(self, path, doc):
        kind = doc.get("kind", "?")
        name = doc.get("metadata", {}).get("name", "?")
        where = f"{path}: {kind}/{name}"
        if kind in POD_KINDS:
            template = doc.get("spec", {}).get("template", {})
            self.check_pod(where, kind, template.get("spec", {}))
        if kind == "Job" and "--migrate-only" in _all_args(
                doc["spec"]["template"]["spec"]):
            self.check_migration_job(where, doc)
        if kind == "ConfigMap":
            for key, value in (doc.get("data") or {}).items():
                self.check_literal(where, f"data.{key}", key, str(value))
        if kind == "Service":
            ports = doc.get("spec", {}).get("ports", [])
            grpc = [p for p in ports
                    if p.get("name") == "grpc" or p.get("appProtocol") == "grpc"]
            if grpc and doc["spec"].get("clusterIP") != "None":
                self.fail(where, "a gRPC Service must be headless (clusterIP: None) "
                          "for client-side balancing")
        if kind == "Secret":
            self.fail(where, "the chart must not render a Secret (credentials come "
                      "from existing Secrets named in values)")

    def check_pod(self, where, kind, spec):
        self.pods += 1
        psc = spec.get("securityContext") or {}
        for flag in ("hostNetwork", "hostPID", "hostIPC"):
            if spec.get(flag):
                self.fail(where, f"{flag} is set")
        if psc.get("runAsNonRoot") is not True:
            self.fail(where, "pod securityContext.runAsNonRoot is not true")
        if psc.get("runAsUser", 1) == 0:
            self.fail(where, "pod runs as user 0")
        pod_seccomp = (psc.get("seccompProfile") or {}).get("type")
        volumes = {v.get("name"): v for v in spec.get("volumes") or []}
        for v in volumes.values():
            types = set(v) - {"name"}
            if not types <= RESTRICTED_VOLUMES:
                self.fail(where, f"volume {v.get('name')}: {sorted(types)} is not "
                          "allowed under the restricted profile")
        containers = ((spec.get("initContainers") or []) +
                      (spec.get("containers") or []))
        if not spec.get("containers"):
            self.fail(where, "no containers")
        for c in containers:
            self.containers += 1
            cw = f"{where}: container {c.get('name')}"
            self.check_container_security(cw, c, psc, pod_seccomp)
            self.check_tmp(cw, c, volumes)
            self.check_resources(cw, c)
            self.check_credentials(cw, c, spec)
            if kind != "Job" and c in (spec.get("containers") or []):
                self.check_probes(cw, c)

    def check_container_security(self, cw, c, psc, pod_seccomp):
        sc = c.get("securityContext") or {}
        if sc.get("allowPrivilegeEscalation") is not False:
            self.fail(cw, "allowPrivilegeEscalation is not false")
        if sc.get("privileged"):
            self.fail(cw, "privileged")
        if sc.get("readOnlyRootFilesystem") is not True:
            self.fail(cw, "readOnlyRootFilesystem is not true")
        caps = sc.get("capabilities") or {}
        if "ALL" not in (caps.get("drop") or []):
            self.fail(cw, "capabilities.drop does not hold ALL")
        if caps.get("add"):
            self.fail(cw, f"capabilities.add {caps['add']}")
        if sc.get("runAsNonRoot", psc.get("runAsNonRoot")) is not True:
            self.fail(cw, "runAsNonRoot is not true")
        user = sc.get("runAsUser", psc.get("runAsUser"))
        if not isinstance(user, int) or user == 0:
            self.fail(cw, "no numeric non-root runAsUser (the kubelet cannot "
                      "verify runAsNonRoot on a named user)")
        seccomp = (sc.get("seccompProfile") or {}).get("type", pod_seccomp)
        if seccomp not in ("RuntimeDefault", "Localhost"):
            self.fail(cw, f"seccompProfile is {seccomp!r}, not RuntimeDefault")
        for p in c.get("ports") or []:
            if p.get("hostPort"):
                self.fail(cw, f"hostPort {p['hostPort']}")

    def check_tmp(self, cw, c, volumes):
        mounts = {m.get("mountPath"): m.get("name")
                  for m in c.get("volumeMounts") or []}
        vol = volumes.get(mounts.get("/tmp"))
        if not vol or "emptyDir" not in vol:
            self.fail(cw, "no emptyDir mounted on /tmp (the root filesystem is "
                      "read-only)")

    def check_resources(self, cw, c):
        r = c.get("resources") or {}
        for part in ("requests", "limits"):
            for res in ("cpu", "memory"):
                if not (r.get(part) or {}).get(res):
                    self.fail(cw, f"resources.{part}.{res} is not set")

    def check_probes(self, cw, c):
        ports = {p.get("name"): p.get("containerPort") for p in c.get("ports")
                 or []}
        grpc_port = ports.get("grpc")
        if grpc_port is None:
            self.fail(cw, "no port named grpc")
            return
        args = [str(a) for a in c.get("args") or []]
        tls = any(a.startswith("--tls-cert") for a in args)
        probe_port = grpc_port
        if tls:
            # The kubelet's gRPC probe speaks no TLS: a TLS container serves
            # the health service alone on a plaintext port, and is probed there.
            probe_port = ports.get("health")
            if probe_port is None or probe_port == grpc_port:
                self.fail(cw, "a TLS container needs a port named health (its "
                          "plaintext health-only port) apart from grpc")
                return
            if f"--health-listen=0.0.0.0:{probe_port}" not in args:
                self.fail(cw, f"the health port {probe_port} is not served "
                          f"(--health-listen=0.0.0.0:{probe_port})")
            if "--insecure-plaintext" in args:
                self.fail(cw, "--insecure-plaintext beside TLS: every port but "
                          "the health-only one is TLS")
        for probe in ("readinessProbe", "livenessProbe"):
            p = c.get(probe)
            if not p:
                self.fail(cw, f"no {probe}")
                continue
            got = (p.get("grpc") or {}).get("port")
            if got != probe_port:
                self.fail(cw, f"{probe}: no native grpc probe on port {probe_port} "
                          "(grpc.health.v1" + (", the plaintext health-only port"
                                               if tls else "") + ")")

    def check_credentials(self, cw, c, spec):
        gateway = "poles-gateway" in (c.get("command") or [])
        for e in c.get("env") or []:
            name = e.get("name", "")
            if gateway and name in ("POLES_GATEWAY_DATABASE_URL",
                                    "POLES_DATABASE_URL", "PGSSLROOTCERT"):
                self.fail(cw, f"env {name}: the gateway has no database role")
            if "value" in e:
                self.check_literal(cw, f"env {name}", name, str(e["value"]))
            elif SECRET_NAME.search(name):
                ref = (e.get("valueFrom") or {}).get("secretKeyRef")
                if not ref or not ref.get("name") or not ref.get("key"):
                    self.fail(cw, f"env {name} carries a credential but is not a "
                              "secretKeyRef")
        for ef in c.get("envFrom") or []:
            if "secretRef" not in ef and "configMapRef" not in ef:
                self.fail(cw, f"envFrom {ef}")
        for a in (c.get("command") or []) + (c.get("args") or []):
            a = str(a)
            if a.split("=", 1)[0] in SECRET_FLAGS:
                self.fail(cw, f"argument {a.split('=', 1)[0]} puts a credential on "
                          "the command line")
            elif SECRET_VALUE.search(a):
                self.fail(cw, f"argument looks like a credential: {a[:12]}…")

    def check_literal(self, where, field, name, value):
        if SECRET_VALUE.search(value):
            self.fail(where, f"{field} looks like a literal credential")
        elif (SECRET_NAME.search(name) and value and
              not SAFE_ENV_VALUE.match(value) and not value.isdigit()):
            self.fail(where, f"{field} is named like a credential but holds a "
                      "literal (use a secretKeyRef)")

    def check_migration_job(self, where, doc):
        self.hooks += 1
        ann = doc.get("metadata", {}).get("annotations") or {}
        hooks = {h.strip() for h in ann.get("helm.sh/hook", "").split(",")}
        if not {"pre-install", "pre-upgrade"} <= hooks:
            self.fail(where, "the migration Job is not a pre-install and "
                      f"pre-upgrade hook (helm.sh/hook: {sorted(hooks)})")
        if "helm.sh/hook-delete-policy" not in ann:
            self.fail(where, "no helm.sh/hook-delete-policy (a rerun would clash "
                      "with the last Job)")
        spec = doc["spec"]["template"]["spec"]
        if spec.get("restartPolicy") not in ("Never", "OnFailure"):
            self.fail(where, "restartPolicy must be Never or OnFailure")
        env = {e.get("name"): e for c in spec.get("containers") or []
               for e in c.get("env") or []}
        owner = env.get("POLES_OWNER_DATABASE_URL", {})
        if not (owner.get("valueFrom") or {}).get("secretKeyRef"):
            self.fail(where, "the migration Job does not take the owner URL "
                      "(POLES_OWNER_DATABASE_URL) from a Secret")
        if "POLES_DATABASE_URL" in env:
            self.fail(where, "the migration Job needs the owner role only")


def _all_args(spec):
    return [str(a) for c in spec.get("containers") or []
            for a in (c.get("command") or []) + (c.get("args") or [])]


def check_files(checker, paths):
    for path in paths:
        with open(path, encoding="utf-8") as f:
            docs = [d for d in yaml.safe_load_all(f) if d]
        if not docs:
            checker.fail(path, "nothing rendered")
        for doc in docs:
            checker.check_doc(path, doc)


def main(args):
    if args and args[0] == "--each-must-fail":
        accepted = []
        for path in args[1:]:
            checker = Checker()
            check_files(checker, [path])
            if not checker.problems:
                accepted.append(path)
        for path in accepted:
            print(f"{path}: accepted, but it must be refused")
        print(f"check_rendered: {len(args) - 1 - len(accepted)} of "
              f"{len(args) - 1} bad manifests refused")
        return 1 if accepted or len(args) < 2 else 0
    if not args:
        print(__doc__.strip().splitlines()[2], file=sys.stderr)
        return 2
    checker = Checker()
    check_files(checker, args)
    for p in checker.problems:
        print(p)
    print(f"check_rendered: {checker.pods} pod specs, {checker.containers} "
          f"containers, {checker.hooks} migration hooks, "
          f"{len(checker.problems)} problems")
    return 1 if checker.problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
