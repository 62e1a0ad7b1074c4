#!/usr/bin/env python3
"""Generate Sources/CapstanAPI/Protobuf/Tables/*.swift: the protobuf message tables that
CapstanAPI's KubeProtobuf decoder uses to turn kubectl's protobuf bodies into JSON.

Source of truth: the Go type metadata inside a real kubectl binary. Every Kubernetes API
struct field carries a tag such as
    json:"replicas,omitempty" protobuf:"varint,1,opt,name=replicas"
and Go's runtime type information keeps the tag, the field's Go type (pointer or not,
slice, map...) and the struct it belongs to. That is exactly what the tables need:
the protobuf field number (same numbers as k8s.io/api's generated.proto), the JSON name,
and whether Go's encoding/json would omit a zero value (a non-pointer scalar with
`omitempty`) or print it (a pointer, or a field without `omitempty`).

    python3 scripts/gen-kube-protobuf-tables.py [--kubectl /path/to/kubectl.1.32]

The default binary is the kubectl 1.32 next to the `kubectl` on PATH (the gcloud
dispatcher keeps kubectl.1.27 ... kubectl.1.33 there). It must be an ELF amd64 Go
binary built with Go 1.21-1.23 (abi.Type layout). Only Python's standard library is used.
To cover another kind, add it to ROOTS and rerun.
"""
import argparse, os, shutil, struct, sys

# (apiVersion, kind, Go package under k8s.io/api, Go type). kubectl sends protobuf for these.
ROOTS = [
    ("v1", "Namespace", "core/v1", "Namespace"),
    ("v1", "ConfigMap", "core/v1", "ConfigMap"),
    ("v1", "Secret", "core/v1", "Secret"),
    ("v1", "ServiceAccount", "core/v1", "ServiceAccount"),
    ("v1", "Service", "core/v1", "Service"),
    ("v1", "ResourceQuota", "core/v1", "ResourceQuota"),
    ("v1", "LimitRange", "core/v1", "LimitRange"),
    ("v1", "Pod", "core/v1", "Pod"),
    ("v1", "PodTemplate", "core/v1", "PodTemplate"),
    ("v1", "ReplicationController", "core/v1", "ReplicationController"),
    ("v1", "PersistentVolumeClaim", "core/v1", "PersistentVolumeClaim"),
    ("v1", "Endpoints", "core/v1", "Endpoints"),
    ("v1", "Binding", "core/v1", "Binding"),
    ("apps/v1", "Deployment", "apps/v1", "Deployment"),
    ("apps/v1", "ReplicaSet", "apps/v1", "ReplicaSet"),
    ("apps/v1", "StatefulSet", "apps/v1", "StatefulSet"),
    ("apps/v1", "DaemonSet", "apps/v1", "DaemonSet"),
    ("batch/v1", "Job", "batch/v1", "Job"),
    ("batch/v1", "CronJob", "batch/v1", "CronJob"),
    ("autoscaling/v1", "HorizontalPodAutoscaler", "autoscaling/v1", "HorizontalPodAutoscaler"),
    ("autoscaling/v1", "Scale", "autoscaling/v1", "Scale"),
    ("autoscaling/v2", "HorizontalPodAutoscaler", "autoscaling/v2", "HorizontalPodAutoscaler"),
    ("policy/v1", "PodDisruptionBudget", "policy/v1", "PodDisruptionBudget"),
    ("policy/v1", "Eviction", "policy/v1", "Eviction"),
    ("scheduling.k8s.io/v1", "PriorityClass", "scheduling/v1", "PriorityClass"),
    ("rbac.authorization.k8s.io/v1", "Role", "rbac/v1", "Role"),
    ("rbac.authorization.k8s.io/v1", "ClusterRole", "rbac/v1", "ClusterRole"),
    ("rbac.authorization.k8s.io/v1", "RoleBinding", "rbac/v1", "RoleBinding"),
    ("rbac.authorization.k8s.io/v1", "ClusterRoleBinding", "rbac/v1", "ClusterRoleBinding"),
    ("networking.k8s.io/v1", "Ingress", "networking/v1", "Ingress"),
    ("networking.k8s.io/v1", "IngressClass", "networking/v1", "IngressClass"),
    ("networking.k8s.io/v1", "NetworkPolicy", "networking/v1", "NetworkPolicy"),
    ("authentication.k8s.io/v1", "TokenRequest", "authentication/v1", "TokenRequest"),
    ("authentication.k8s.io/v1", "SelfSubjectReview", "authentication/v1", "SelfSubjectReview"),
    ("authorization.k8s.io/v1", "SelfSubjectAccessReview", "authorization/v1", "SelfSubjectAccessReview"),
    ("authorization.k8s.io/v1", "SelfSubjectRulesReview", "authorization/v1", "SelfSubjectRulesReview"),
    ("authorization.k8s.io/v1", "SubjectAccessReview", "authorization/v1", "SubjectAccessReview"),
]

API = "k8s.io/api/"
META = "k8s.io/apimachinery/pkg/apis/meta/v1."
# Go types with their own JSON and protobuf encodings -> ProtoKind case.
SPECIAL = {
    META + "Time": ".time",
    META + "MicroTime": ".microTime",
    META + "Duration": ".duration",
    META + "FieldsV1": ".rawJSON",
    "k8s.io/apimachinery/pkg/runtime.RawExtension": ".rawJSON",
    "k8s.io/apimachinery/pkg/api/resource.Quantity": ".quantity",
    "k8s.io/apimachinery/pkg/util/intstr.IntOrString": ".intOrString",
}
SCALARS = {"string": ".string", "bool": ".bool", "int32": ".int32", "int64": ".int64", "float64": ".double"}

# ---------------------------------------------------------------------------------------
# Reading Go's runtime type metadata (Go 1.21-1.23, amd64, little-endian ELF).
KIND = {1: "bool", 2: "int", 3: "int8", 4: "int16", 5: "int32", 6: "int64", 7: "uint", 8: "uint8",
        9: "uint16", 10: "uint32", 11: "uint64", 12: "uintptr", 13: "float32", 14: "float64",
        15: "complex64", 16: "complex128", 17: "array", 18: "chan", 19: "func", 20: "interface",
        21: "map", 22: "ptr", 23: "slice", 24: "string", 25: "struct", 26: "unsafeptr", 0: "invalid"}
# Offset of the uncommonType after each kind's abi.Type-derived struct.
UNCOMMON_AT = {25: 80, 22: 56, 23: 56, 21: 88, 17: 72, 20: 72, 18: 64, 19: 56}


class GoBinary:
    def __init__(self, path):
        self.b = b = open(path, "rb").read()
        if b[:4] != b"\x7fELF" or b[4] != 2 or b[5] != 1:
            sys.exit(f"{path}: not a little-endian ELF64 binary")
        shoff = struct.unpack_from("<Q", b, 0x28)[0]
        shentsize, shnum, shstrndx = struct.unpack_from("<HHH", b, 0x3a)
        raw = [struct.unpack_from("<IIQQQQ", b, shoff + i * shentsize) for i in range(shnum)]
        strtab = raw[shstrndx][4]
        self.sections = {}
        for nm, _typ, _flags, addr, off, size in raw:
            name = b[strtab + nm:b.index(b"\0", strtab + nm)].decode()
            self.sections[name] = (addr, off, size)
        if ".typelink" not in self.sections:
            sys.exit(f"{path}: no .typelink section (not a Go binary?)")
        # moduledata.types starts at .rodata in Go's ELF layout; typelinks are offsets from it.
        self.types = self.sections[".rodata"][0]
        _, tl_off, tl_size = self.sections[".typelink"]
        self.typelinks = struct.unpack_from("<%di" % (tl_size // 4), b, tl_off)
        self.structs = {}
        self._seen = set()

    def off(self, a):
        for addr, off, size in self.sections.values():
            if addr and addr <= a < addr + size:
                return a - addr + off
        raise ValueError(hex(a))

    def u64(self, a): return struct.unpack_from("<Q", self.b, self.off(a))[0]
    def i32(self, a): return struct.unpack_from("<i", self.b, self.off(a))[0]
    def u8(self, a): return self.b[self.off(a)]

    def name(self, a):
        """A runtime name: flags byte, varint length, bytes, then an optional tag the same way."""
        o = self.off(a)
        flags = self.b[o]
        o += 1

        def varint(o):
            r = sh = 0
            while True:
                c = self.b[o]
                o += 1
                r |= (c & 0x7f) << sh
                sh += 7
                if c < 0x80:
                    return r, o
        n, o = varint(o)
        text = self.b[o:o + n].decode()
        o += n
        tag = ""
        if flags & 2:
            n, o = varint(o)
            tag = self.b[o:o + n].decode()
        return text, tag, flags

    def info(self, t):
        kind = self.u8(t + 23) & 0x1f
        tflag = self.u8(t + 20)
        n = self.name(self.types + self.i32(t + 40))[0]
        if tflag & 2:  # TFlagExtraStar
            n = n[1:]
        pkg = ""
        if tflag & 1 and tflag & 4:  # uncommon and named
            pkgoff = self.i32(t + UNCOMMON_AT.get(kind, 48))
            if pkgoff:
                pkg = self.name(self.types + pkgoff)[0]
        return kind, tflag, n, pkg

    def desc(self, t):
        kind, tflag, n, pkg = self.info(t)
        if tflag & 4:
            d = {"k": "named", "name": (pkg + "." + n.split(".", 1)[-1]) if pkg else n, "kind": KIND[kind]}
            if kind in (21, 22, 23):
                d["under"] = self.desc_under(t, kind)
            return d
        return self.desc_under(t, kind)

    def desc_under(self, t, kind):
        if kind in (22, 23):
            return {"k": KIND[kind], "elem": self.desc(self.u64(t + 48))}
        if kind == 21:
            return {"k": "map", "key": self.desc(self.u64(t + 48)), "elem": self.desc(self.u64(t + 56))}
        return {"k": KIND[kind]}

    def load(self):
        stack = [self.types + o for o in self.typelinks]
        while stack:
            t = stack.pop()
            if t in self._seen:
                continue
            self._seen.add(t)
            kind, tflag, n, pkg = self.info(t)
            if kind in (17, 18, 22, 23):
                stack.append(self.u64(t + 48))
            elif kind == 21:
                stack += [self.u64(t + 48), self.u64(t + 56)]
            elif kind == 25:
                fields = []
                fp, fl = self.u64(t + 56), self.u64(t + 64)
                for i in range(fl):
                    f = fp + 24 * i
                    name, tag, flags = self.name(self.u64(f))
                    ft = self.u64(f + 8)
                    stack.append(ft)
                    fields.append({"go": name, "tag": tag, "type": self.desc(ft), "embedded": bool(flags & 8)})
                if tflag & 4 and pkg:
                    self.structs[pkg + "." + n.split(".", 1)[-1]] = fields
        return self.structs


# ---------------------------------------------------------------------------------------
def parse_tag(tag):
    out = {}
    while tag:
        tag = tag.lstrip()
        key, _, rest = tag.partition(":")
        if not rest.startswith('"'):
            break
        end = rest.index('"', 1)
        out[key] = rest[1:end]
        tag = rest[end + 1:]
    return out


def short_pkg(full):
    if full.startswith(API):
        return full[len(API):]
    if full.startswith("k8s.io/apimachinery/pkg/apis/meta/v1"):
        return "meta/v1"
    return full


def namespace(pkg):
    a, b = pkg.split("/")
    return "Proto" + a[0].upper() + a[1:] + b.upper()


def swift_name(go_type):
    """PodSpec -> podSpec, HTTPGetAction -> httpGetAction, CSIVolumeSource -> csiVolumeSource."""
    i = 0
    while i < len(go_type) and go_type[i].isupper():
        i += 1
    if i == 0:
        return go_type
    if i == len(go_type):
        return go_type.lower()
    if i > 1:
        i -= 1
    return go_type[:i].lower() + go_type[i:]


class Generator:
    def __init__(self, structs):
        self.structs = structs
        self.messages = {}  # full Go name -> list of (num, json, kind, presence)
        self.order = []

    def ref(self, full):
        pkg, _, typ = full.rpartition(".")
        return f"{namespace(short_pkg(pkg))}.{swift_name(typ)}"

    @staticmethod
    def local(kind, ns):
        """References within the same namespace need no qualification."""
        return kind.replace(f"({ns}.", "(")

    def kind(self, t, where, in_map=False):
        """ProtoKind for a Go type used as a field (or element/map value)."""
        if t["k"] == "ptr":
            return self.kind(t["elem"], where)
        if t["k"] == "named":
            name = t["name"]
            if name in SPECIAL:
                return SPECIAL[name]
            if t["kind"] == "struct":
                self.need(name)
                return f".message({self.ref(name)})"
            if t["kind"] in SCALARS:
                return SCALARS[t["kind"]]
            if t["kind"] in ("slice", "map", "ptr"):
                if in_map and t["kind"] == "slice" and not is_bytes(t["under"]):
                    # go-to-protobuf wraps a named slice used as a map value in a message
                    # with `repeated items = 1` (e.g. authentication/v1 ExtraValue).
                    return f".list({self.kind(t['under']['elem'], where)})"
                return self.kind(t["under"], where, in_map)
            sys.exit(f"{where}: unsupported Go kind {t}")
        if t["k"] == "slice":
            if is_bytes(t):
                return ".bytes"
            return f".repeated({self.kind(t['elem'], where)})"
        if t["k"] == "map":
            key = t["key"]
            if not (key.get("kind") == "string" or key["k"] == "string"):
                sys.exit(f"{where}: map key must be a string: {key}")
            return f".map({self.kind(t['elem'], where, in_map=True)})"
        sys.exit(f"{where}: unsupported Go type {t}")

    def need(self, full):
        if full in self.messages or full in SPECIAL:
            return
        if full not in self.structs:
            sys.exit(f"{full}: not found in the binary")
        self.messages[full] = None  # placeholder against re-entry
        fields = []
        for f in self.structs[full]:
            tags = parse_tag(f["tag"])
            pb = tags.get("protobuf")
            if not pb or pb == "-":
                continue
            parts = pb.split(",")
            num = int(parts[1])
            jname, _, jopts = tags.get("json", "").partition(",")
            if jname == "-":
                continue
            where = f"{full}.{f['go']}"
            t = f["type"]
            if f["embedded"] and jname == "" and "inline" in jopts:
                if t["k"] != "named" or t["kind"] != "struct":
                    sys.exit(f"{where}: inline field is not a struct")
                self.need(t["name"])
                fields.append((num, "", f".inline({self.ref(t['name'])})", None))
                continue
            if jname == "":
                jname = f["go"]
            kind = self.kind(t, where)
            presence = None
            base = t["kind"] if t["k"] == "named" else t["k"]
            if t["k"] != "ptr" and base in SCALARS and "omitempty" in jopts.split(","):
                presence = ".omitZero"
            if kind == ".bytes" and "omitempty" in jopts.split(","):
                presence = ".omitZero"
            fields.append((num, jname, kind, presence))
        self.messages[full] = sorted(fields)
        self.order.append(full)

    def check_acyclic(self):
        deps = {m: {self.ref_to_full(k) for _, _, k, _ in fs if ".message(" in k or ".inline(" in k}
                for m, fs in self.messages.items()}
        state = {}

        def visit(m, path):
            if state.get(m) == 1:
                sys.exit("message cycle: " + " -> ".join(path + [m]))
            if state.get(m) == 2:
                return
            state[m] = 1
            for d in deps[m]:
                for full in d:
                    visit(full, path + [m])
            state[m] = 2
        for m in self.messages:
            visit(m, [])

    def ref_to_full(self, kind):
        out = set()
        for full in self.messages:
            if self.ref(full) + ")" in kind:
                out.add(full)
        return frozenset(out)


def is_bytes(t):
    return t["k"] == "slice" and t["elem"].get("kind") == "uint8"


# core/v1 is big: split it by topic so each generated file stays readable.
CORE_FILES = [
    ("ProtoCoreV1+Volumes", lambda n: any(s in n for s in ("Volume", "Projection", "KeyToPath", "DownwardAPI",
                                                        "PersistentVolumeClaim", "TypedLocalObjectReference",
                                                        "TypedObjectReference", "ClusterTrustBundle",
                                                        "ModifyVolumeStatus")) and n != "VolumeMount"
                                                        and n != "VolumeDevice" and n != "VolumeMountStatus"),
    ("ProtoCoreV1+Containers", lambda n: n.startswith(("Container", "EphemeralContainer", "Probe", "Lifecycle",
                                                  "Env", "Exec", "HTTP", "TCPSocket", "GRPC", "Sleep",
                                                  "SecurityContext", "Capabilities", "SELinux", "Seccomp",
                                                  "AppArmor", "WindowsSecurity", "Resource", "VolumeMount",
                                                  "VolumeDevice", "ObjectFieldSelector", "ConfigMapKeySelector",
                                                  "SecretKeySelector", "ConfigMapEnvSource", "SecretEnvSource",
                                                  "ContainerResizePolicy"))),
    ("ProtoCoreV1+Pods", lambda n: n.startswith(("Pod", "Affinity", "NodeAffinity", "NodeSelector", "PreferredScheduling",
                                            "WeightedPodAffinityTerm", "Toleration", "TopologySpread", "HostAlias",
                                            "HostIP", "Sysctl", "LabelSelector", "ReplicationController"))),
    ("ProtoCoreV1", lambda n: True),
]


def emit(gen, out_dir, kubectl_version):
    header = ("// Generated by scripts/gen-kube-protobuf-tables.py from the Go type metadata of kubectl "
              f"{kubectl_version};\n// do not edit by hand. Field numbers are those of k8s.io/api's generated.proto.\n")
    files = {}
    for full in sorted(gen.messages):
        pkg, _, typ = full.rpartition(".")
        sp = short_pkg(pkg)
        fname = namespace(sp)
        if sp == "core/v1":
            fname = next(f for f, pred in CORE_FILES if pred(typ))
        files.setdefault(fname, (namespace(sp), []))[1].append((full, sp, typ))
    if os.path.isdir(out_dir):
        shutil.rmtree(out_dir)
    os.makedirs(out_dir)
    for fname, (ns, msgs) in sorted(files.items()):
        lines = [header, f"extension {ns} {{"]
        for full, sp, typ in msgs:
            lines.append(f'    static let {swift_name(typ)} = ProtoMessage("{sp}.{typ}", [')
            for num, jname, kind, presence in gen.messages[full]:
                kind = gen.local(kind, ns)
                args = [str(num), f'"{jname}"' if jname else '""', kind] + ([presence] if presence else [])
                lines.append(f"        ProtoField({', '.join(args)}),")
            lines.append("    ])")
        lines.append("}")
        open(os.path.join(out_dir, fname + ".swift"), "w").write("\n".join(lines) + "\n")
    namespaces = sorted({ns for ns, _ in files.values()})
    reg = [header, "// Message tables for the Kubernetes API types, one namespace per Go package."]
    reg += [f"enum {ns} {{}}" for ns in namespaces]
    reg += ["", "enum ProtoTables {", "    /// Top-level kinds, keyed by \"apiVersion kind\".",
            "    static let kinds: [String: ProtoMessage] = ["]
    for api_version, kind, pkg, typ in ROOTS:
        reg.append(f'        "{api_version} {kind}": {namespace(pkg)}.{swift_name(typ)},')
    reg += ["    ]", "}"]
    open(os.path.join(out_dir, "ProtoTables.swift"), "w").write("\n".join(reg) + "\n")
    for f in sorted(os.listdir(out_dir)):
        n = sum(1 for _ in open(os.path.join(out_dir, f)))
        print(f"{f}: {n} lines", file=sys.stderr)


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    default = os.path.join(os.path.dirname(os.path.realpath(shutil.which("kubectl") or "/")), "kubectl.1.32")
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--kubectl", default=default)
    ap.add_argument("--out", default=os.path.join(here, "..", "Sources", "CapstanAPI", "Protobuf", "Tables"))
    args = ap.parse_args()
    structs = GoBinary(args.kubectl).load()
    gen = Generator(structs)
    for _api_version, _kind, pkg, typ in ROOTS:
        gen.need(API + pkg + "." + typ)
    gen.check_acyclic()
    version = os.popen(f"'{args.kubectl}' version --client 2>/dev/null | head -1").read().split(":")[-1].strip()
    emit(gen, os.path.normpath(args.out), version or os.path.basename(args.kubectl))
    print(f"{len(gen.messages)} messages, {sum(len(f) for f in gen.messages.values())} fields", file=sys.stderr)


if __name__ == "__main__":
    main()
