# SPDX-License-Identifier: GPL-2.0-or-later
"""A STAND-IN for the Kubernetes API server, for the podshark-k8s tests only.

No control plane can be installed here, so this small HTTP server answers
exactly the calls that the real `kubectl` (1.32) makes for podshark-k8s:

  discovery        GET /api, /apis, /api/v1 (legacy discovery documents)
  list pods        GET /api/v1/pods, /api/v1/namespaces/NS/pods with
                   labelSelector (a=b,...) and fieldSelector (spec.nodeName=N)
  get a pod        GET /api/v1/namespaces/NS/pods/NAME
  exec             GET .../pods/NAME/exec over WebSocket, subprotocol
                   v5.channel.k8s.io (channel byte 0 stdin, 1 stdout,
                   2 stderr, 3 status, 255 close-a-channel)

An exec runs the command as the kubelet would run it in the pod's container:
here, in the pod's node (its network namespace, its environment: NODE_NAME
from the downward API and the node's PODSHARK_* settings), as a real process
whose stdin, stdout and stderr are the WebSocket's channels.  Everything
after the API call is real: the node's podshark, its probe, its pods.
"""
import base64
import hashlib
import http.server
import json
import os
import select
import socketserver
import struct
import threading
import urllib.parse

WS_GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11"  # RFC 6455
STDIN, STDOUT, STDERR, STATUS, CLOSE = 0, 1, 2, 3, 255


def pod_object(pod):
    return {"apiVersion": "v1", "kind": "Pod",
            "metadata": {"name": pod["name"], "namespace": pod["namespace"],
                         "labels": pod.get("labels", {}), "uid": pod["name"] + "-uid"},
            "spec": {"nodeName": pod["node"],
                     "containers": [{"name": pod.get("container", "main"), "image": "x"}]},
            "status": {"phase": "Running"}}


def selector_matches(selector, mapping):
    for term in filter(None, (selector or "").split(",")):
        key, _, value = term.partition("=")
        if mapping.get(key.strip()) != value.strip().lstrip("="):
            return False
    return True


class Handler(http.server.BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "podshark-standin-apiserver"

    def log_message(self, fmt, *args):
        self.server.log.append(fmt % args)

    def send_json(self, obj, code=200):
        body = json.dumps(obj).encode()
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_GET(self):
        url = urllib.parse.urlparse(self.path)
        query = urllib.parse.parse_qs(url.query)
        parts = [p for p in url.path.split("/") if p]
        self.server.requests.append(self.path)
        if parts == ["api"]:
            return self.send_json({"kind": "APIVersions", "versions": ["v1"],
                                   "serverAddressByClientCIDRs": []})
        if parts == ["apis"]:
            return self.send_json({"kind": "APIGroupList", "apiVersion": "v1", "groups": []})
        if parts == ["api", "v1"]:
            return self.send_json({
                "kind": "APIResourceList", "groupVersion": "v1", "resources": [
                    {"name": "pods", "singularName": "pod", "namespaced": True, "kind": "Pod",
                     "verbs": ["get", "list"], "shortNames": ["po"]},
                    {"name": "pods/exec", "singularName": "", "namespaced": True,
                     "kind": "PodExecOptions", "verbs": ["create", "get"]}]})
        if parts[:2] == ["api", "v1"]:
            rest = parts[2:]
            namespace = None
            if rest[:1] == ["namespaces"] and len(rest) >= 3:
                namespace, rest = rest[1], rest[2:]
            if rest == ["pods"]:
                return self.list_pods(namespace, query)
            if len(rest) == 2 and rest[0] == "pods":
                pod = self.find(namespace, rest[1])
                return self.send_json(pod_object(pod)) if pod else self.not_found(rest[1])
            if len(rest) == 3 and rest[0] == "pods" and rest[2] == "exec":
                pod = self.find(namespace, rest[1])
                return self.exec(pod, query) if pod else self.not_found(rest[1])
        self.not_found(url.path)

    do_POST = do_GET  # an exec may come as POST; the rest is the same

    def not_found(self, what):
        self.send_json({"kind": "Status", "apiVersion": "v1", "status": "Failure",
                        "message": f"{what} not found", "reason": "NotFound", "code": 404},
                       404)

    def find(self, namespace, name):
        for pod in self.server.pods:
            if pod["name"] == name and pod["namespace"] == namespace:
                return pod
        return None

    def list_pods(self, namespace, query):
        labels = query.get("labelSelector", [""])[0]
        fields = query.get("fieldSelector", [""])[0]
        items = []
        for pod in self.server.pods:
            if namespace and pod["namespace"] != namespace:
                continue
            if not selector_matches(labels, pod.get("labels", {})):
                continue
            if not selector_matches(fields, {"spec.nodeName": pod["node"],
                                             "metadata.name": pod["name"],
                                             "metadata.namespace": pod["namespace"]}):
                continue
            items.append(pod_object(pod))
        self.send_json({"kind": "PodList", "apiVersion": "v1",
                        "metadata": {"resourceVersion": "1"}, "items": items})

    # --- exec over WebSocket ------------------------------------------------------------

    def exec(self, pod, query):
        offered = [p.strip() for p in self.headers.get("Sec-WebSocket-Protocol", "").split(",")]
        if self.headers.get("Upgrade", "").lower() != "websocket" or \
                "v5.channel.k8s.io" not in offered:
            return self.send_json({"kind": "Status", "status": "Failure", "code": 400,
                                   "message": "this stand-in speaks v5.channel.k8s.io only"},
                                  400)
        key = self.headers["Sec-WebSocket-Key"]
        accept = base64.b64encode(hashlib.sha1((key + WS_GUID).encode()).digest()).decode()
        self.send_response(101)
        self.send_header("Upgrade", "websocket")
        self.send_header("Connection", "Upgrade")
        self.send_header("Sec-WebSocket-Accept", accept)
        self.send_header("Sec-WebSocket-Protocol", "v5.channel.k8s.io")
        self.end_headers()
        self.wfile.flush()
        command = query.get("command", [])
        proc = self.server.spawn(pod, command)
        self.server.execs.append(proc)
        self.pump(proc)
        self.close_connection = True

    def send_frame(self, payload, opcode=2):
        header = bytes([0x80 | opcode])
        n = len(payload)
        if n < 126:
            header += bytes([n])
        elif n < 65536:
            header += bytes([126]) + struct.pack("!H", n)
        else:
            header += bytes([127]) + struct.pack("!Q", n)
        self.connection.sendall(header + payload)

    def read_frame(self, buf):
        """(opcode, payload, rest) of the first whole frame in buf, or None."""
        if len(buf) < 2:
            return None
        opcode, n, pos = buf[0] & 0x0F, buf[1] & 0x7F, 2
        if n == 126:
            if len(buf) < 4:
                return None
            n, pos = struct.unpack("!H", buf[2:4])[0], 4
        elif n == 127:
            if len(buf) < 10:
                return None
            n, pos = struct.unpack("!Q", buf[2:10])[0], 10
        masked = buf[1] & 0x80
        mask = buf[pos:pos + 4] if masked else b""
        pos += 4 if masked else 0
        if len(buf) < pos + n:
            return None
        payload = bytes(buf[pos:pos + n])
        if masked:
            payload = bytes(b ^ mask[i % 4] for i, b in enumerate(payload))
        return opcode, payload, buf[pos + n:]

    def pump(self, proc):
        sock = self.connection
        buf = b""
        outs = {proc.stdout.fileno(): STDOUT, proc.stderr.fileno(): STDERR}
        stdin_open = True
        while outs:
            ready, _, _ = select.select([sock, *outs], [], [], 1.0)
            for fd in ready:
                if fd is sock:
                    try:
                        data = sock.recv(65536)
                    except OSError:
                        data = b""
                    if not data:  # the client went away: as the kubelet does, stdin ends
                        if stdin_open:
                            proc.stdin.close()
                            stdin_open = False
                        outs = {}  # nobody to write to
                        break
                    buf += data
                    while (frame := self.read_frame(buf)) is not None:
                        opcode, payload, buf = frame
                        if opcode == 8:  # close
                            outs = {}
                            break
                        if opcode != 2 or not payload:
                            continue
                        if payload[0] == STDIN and stdin_open:
                            try:
                                proc.stdin.write(payload[1:])
                                proc.stdin.flush()
                            except OSError:
                                stdin_open = False
                        elif payload[0] == CLOSE and payload[1:2] == bytes([STDIN]) and stdin_open:
                            proc.stdin.close()
                            stdin_open = False
                else:
                    data = os.read(fd, 65536)
                    if not data:
                        del outs[fd]
                        continue
                    try:
                        self.send_frame(bytes([outs[fd]]) + data)
                    except OSError:
                        outs = {}
                        break
        if stdin_open:
            try:
                proc.stdin.close()
            except OSError:
                pass
        code = proc.wait()
        status = {"metadata": {}, "status": "Success"} if code == 0 else {
            "metadata": {}, "status": "Failure", "reason": "NonZeroExitCode",
            "message": f"command terminated with non-zero exit code: {code}",
            "details": {"causes": [{"reason": "ExitCode", "message": str(code)}]}}
        try:
            self.send_frame(bytes([STATUS]) + json.dumps(status).encode())
            self.send_frame(struct.pack("!H", 1000), opcode=8)
        except OSError:
            pass


class StandinApiServer(socketserver.ThreadingMixIn, http.server.HTTPServer):
    """pods: dicts name, namespace, node, labels; spawn(pod, argv) -> Popen with pipes."""
    daemon_threads = True

    def __init__(self, pods, spawn):
        super().__init__(("127.0.0.1", 0), Handler)
        self.pods, self.spawn = pods, spawn
        self.requests, self.log, self.execs = [], [], []
        self.thread = threading.Thread(target=self.serve_forever, daemon=True)

    @property
    def url(self):
        return f"http://127.0.0.1:{self.server_address[1]}"

    def kubeconfig(self, path, context="standin"):
        with open(path, "w") as f:
            f.write(f"apiVersion: v1\nkind: Config\ncurrent-context: {context}\n"
                    f"clusters:\n- name: standin\n  cluster:\n    server: {self.url}\n"
                    f"contexts:\n- name: {context}\n  context:\n    cluster: standin\n"
                    "    user: tester\nusers:\n- name: tester\n  user:\n    token: t\n")

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.shutdown()
        self.server_close()
        for proc in self.execs:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
