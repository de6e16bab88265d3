#!/usr/bin/env python3
"""Helpers for scripts/chaos.sh, the fault suite. Standard library only.

Subcommands:
  fake-graph  a stand-in for the WhatsApp Graph API that logs every message it is asked to send
              and reports each back to the service's webhook as "sent", as Meta does
  messages    writes N customer webhooks (one customer, one text message each) as JSON lines
  post        posts those webhooks signed like Meta does: burst or steady rate, retries like Meta,
              can kill -9 the service after N acknowledgements
  drain       waits (bounded) until the service has nothing left to do
  check       compares the database with what the fake received; appends one result row
  record      appends a failed result row (a scenario that could not run to the end)
  table       prints the result rows as a markdown table; exits 1 if any scenario failed
  free-port   prints a loopback TCP port nobody listens on

The database is the source of truth for what the bot decided to send (table outbox); the fake's
log is the truth for what a customer received.
"""

import argparse
import hashlib
import hmac
import http.client
import itertools
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import threading
import time
import urllib.parse
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

SENT_STATUSES = ("sent", "delivered", "read")


# --------------------------------------------------------------------------------------------
# fake-graph
# --------------------------------------------------------------------------------------------

class FakeGraph(ThreadingHTTPServer):
    daemon_threads = True
    # A burst of sends must queue in the kernel, not be refused.
    request_queue_size = 1024
    allow_reuse_address = True


class StatusReporter:
    """Meta's side of delivery reports: for every message accepted, a signed status webhook
    ("sent") goes back to the service, echoing the send's biz_opaque_callback_data. Like Meta,
    a report the service does not take (down, 5xx) is delivered again with backoff, bounded.
    The service relies on these to settle a reply whose sender died before hearing our answer."""

    def __init__(self, urls, secret, delay, record, workers=8, give_up_after=240.0):
        self.urls = [urllib.parse.urlsplit(u) for u in urls]
        self.secret, self.delay, self.record = secret, delay, record
        self.give_up_after = give_up_after
        self.pool = ThreadPoolExecutor(max_workers=workers)
        self.turn = itertools.count()

    def report(self, phone_number_id, to, wamid, callback):
        self.pool.submit(self._deliver, phone_number_id, to, wamid, callback, time.time() + self.delay)

    def _deliver(self, phone_number_id, to, wamid, callback, at):
        status = {"id": wamid, "status": "sent", "timestamp": str(int(at)), "recipient_id": to}
        if callback is not None:
            status["biz_opaque_callback_data"] = callback
        raw = json.dumps({"object": "whatsapp_business_account", "entry": [{"id": "300100200300400", "changes": [{
            "value": {"messaging_product": "whatsapp",
                      "metadata": {"display_phone_number": "622150001234", "phone_number_id": phone_number_id},
                      "statuses": [status]},
            "field": "messages"}]}]}).encode()
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(self.secret, raw)}
        time.sleep(max(0.0, at - time.time()))
        start, code = time.time(), 0
        for attempt in range(60):
            url = self.urls[next(self.turn) % len(self.urls)]
            try:
                conn = http.client.HTTPConnection(url.hostname, url.port, timeout=20)
                conn.request("POST", url.path, body=raw, headers=headers)
                response = conn.getresponse()
                response.read()
                code = response.status
                conn.close()
            except (OSError, http.client.HTTPException):
                code = 0
            if code == 200 or time.time() - start > self.give_up_after:
                break
            time.sleep(min(5.0, 0.25 * 2 ** attempt))
        self.record({"event": "status-report", "t": time.time(), "wamid": wamid, "to": to,
                     "code": code, "tries": attempt + 1})


def make_handler(args, log_file):
    lock = threading.Lock()
    seq = itertools.count(1)
    rng = random.Random(args.seed)

    def record(entry):
        # One line per request, flushed at once: the log survives whatever happens next.
        line = json.dumps(entry, ensure_ascii=False, sort_keys=True)
        with lock:
            log_file.write(line + "\n")
            log_file.flush()

    reporter = None
    if args.webhook:
        reporter = StatusReporter(args.webhook.split(","), args.secret, args.status_delay, record)

    class Handler(BaseHTTPRequestHandler):
        # Keep-alive, as the real API: the service's HTTP client reuses connections.
        protocol_version = "HTTP/1.1"

        def log_message(self, *_):
            pass  # the JSON-lines log is the record; stderr stays quiet

        def read_body(self):
            if "chunked" in self.headers.get("Transfer-Encoding", "").lower():
                chunks = []
                for _ in range(100_000):  # bounded: a body is never this many chunks
                    size = int(self.rfile.readline().split(b";")[0].strip() or b"0", 16)
                    if size == 0:
                        self.rfile.readline()
                        break
                    chunks.append(self.rfile.read(size))
                    self.rfile.readline()
                return b"".join(chunks)
            return self.rfile.read(int(self.headers.get("Content-Length") or 0))

        def answer(self, code, payload):
            data = json.dumps(payload).encode()
            self.send_response(code)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def do_GET(self):
            # Media look-ups and anything else: nothing is here.
            self.answer(404, {"error": {"code": 100, "message": "chaos fake: not found"}})

        def do_POST(self):
            raw = self.read_body()
            if not self.path.rstrip("/").endswith("/messages"):
                return self.answer(404, {"error": {"code": 100, "message": "chaos fake: unknown path"}})
            try:
                body = json.loads(raw)
            except ValueError:
                return self.answer(400, {"error": {"code": 100, "message": "chaos fake: not JSON"}})
            n = next(seq)
            with lock:
                fail = args.fail_rate > 0 and rng.random() < args.fail_rate
            entry = {
                "event": "send",
                "t": time.time(),
                "n": n,
                "path": self.path,
                "to": body.get("to"),
                "type": body.get("type"),
                "text": message_text(body),
                # The whole request, canonical: two identical sends are the same string.
                "body": json.dumps(body, sort_keys=True, ensure_ascii=False),
            }
            if fail:
                entry["status"] = 500
                record(entry)
                time.sleep(args.delay)
                return self.answer(500, {"error": {"code": 131000, "message": "chaos fake: injected failure"}})
            wamid = f"wamid.fake.{n}.{uuid.uuid4().hex[:12]}"
            entry["status"] = 200
            entry["wamid"] = wamid
            # Recorded when it arrives, before the delay: like Meta, the message reaches the
            # customer even if the sender never sees our answer (killed, timed out).
            record(entry)
            try:
                time.sleep(args.delay)
                self.answer(200, {
                    "messaging_product": "whatsapp",
                    "contacts": [{"input": body.get("to"), "wa_id": body.get("to")}],
                    "messages": [{"id": wamid}],
                })
            finally:
                # Reported whether or not the sender heard our answer: it was delivered.
                if reporter:
                    phone_number_id = self.path.strip("/").split("/")[-2]
                    reporter.report(phone_number_id, body.get("to"), wamid, body.get("biz_opaque_callback_data"))

    return Handler


def message_text(body):
    """The human-readable part of a Graph API message body, whatever its type."""
    kind = body.get("type")
    part = body.get(kind) if isinstance(kind, str) else None
    if kind == "text" and isinstance(part, dict):
        return part.get("body")
    if kind == "interactive" and isinstance(part, dict):
        return (part.get("body") or {}).get("text")
    if kind in ("image", "document") and isinstance(part, dict):
        return part.get("caption") or part.get("link")
    if kind == "contacts" and isinstance(part, list) and part:
        return json.dumps(part[0], sort_keys=True)
    return None


def cmd_fake_graph(args):
    log_file = open(args.log, "a", encoding="utf-8")
    server = FakeGraph(("127.0.0.1", args.port), make_handler(args, log_file))
    # SIGTERM from chaos.sh's cleanup ends the server cleanly (the log is flushed per line anyway).
    signal.signal(signal.SIGTERM, lambda *_: threading.Thread(target=server.shutdown).start())
    print(f"fake graph on 127.0.0.1:{args.port}, delay {args.delay}s, fail rate {args.fail_rate}",
          file=sys.stderr, flush=True)
    server.serve_forever(poll_interval=0.2)
    log_file.close()
    # Reports still being re-delivered are abandoned: stopping the fake is like Meta going away.
    os._exit(0)


# --------------------------------------------------------------------------------------------
# messages and post
# --------------------------------------------------------------------------------------------

QUESTIONS = [
    "halo, avanza 2019 masih ada?",
    "selamat siang kak, xpander matic ada?",
    "brio rs 2020 harganya berapa ya",
    "ada mobil matic di bawah 150jt?",
    "innova reborn diesel ready gan?",
    "kalau kredit dp 20% bisa ya?",
    "lokasi showroom dimana kak",
    "ertiga 2018 manual masih ada ga",
]


def cmd_messages(args):
    now = int(time.time())
    for i in range(args.count):
        # Distinct Indonesian numbers per scenario: 62812 + two digits of scenario + six of customer.
        wa_id = f"62812{args.scenario:02d}{i:06d}"
        wamid = f"wamid.chaos{args.scenario}.{i:06d}.{uuid.uuid4().hex[:10]}"
        payload = {
            "object": "whatsapp_business_account",
            "entry": [{
                "id": "300100200300400",
                "changes": [{
                    "value": {
                        "messaging_product": "whatsapp",
                        "metadata": {"display_phone_number": "622150001234",
                                     "phone_number_id": args.phone_number_id},
                        "contacts": [{"profile": {"name": f"Pelanggan {i}"}, "wa_id": wa_id}],
                        "messages": [{
                            "from": wa_id,
                            "id": wamid,
                            # Now: replies are only allowed within 24 hours of the customer's message.
                            "timestamp": str(now),
                            "type": "text",
                            "text": {"body": QUESTIONS[i % len(QUESTIONS)]},
                        }],
                    },
                    "field": "messages",
                }],
            }],
        }
        # The raw body is kept as a string so that a re-post (a Meta retry) is byte-identical.
        print(json.dumps({"index": i, "wa_id": wa_id, "wamid": wamid, "raw": json.dumps(payload)}))


def load_jsonl(path):
    rows = []
    if not path or not os.path.exists(path):
        return rows
    with open(path, encoding="utf-8") as f:
        for line in f:
            line = line.strip()
            if line:
                try:
                    rows.append(json.loads(line))
                except ValueError:
                    pass  # a line cut short by a kill; ignore it
    return rows


def acked_wamids(attempts_path):
    return {a["wamid"] for a in load_jsonl(attempts_path) if a.get("code") == 200}


def sign(secret, raw):
    return "sha256=" + hmac.new(secret.encode(), raw, hashlib.sha256).hexdigest()


def cmd_post(args):
    messages = load_jsonl(args.messages)
    if args.range:
        lo, hi = (int(x) for x in args.range.split(":"))
        messages = messages[lo:hi]
    if args.resend:
        # Meta's view after a crash: what was not acknowledged is delivered again, and some of
        # what was acknowledged is delivered again anyway.
        acked = acked_wamids(args.attempts)
        unacked = [m for m in messages if m["wamid"] not in acked]
        done = sorted((m for m in messages if m["wamid"] in acked), key=lambda m: m["index"])
        again = random.Random(args.seed).sample(done, round(len(done) * args.reack_fraction))
        messages = sorted(unacked + again, key=lambda m: m["index"])
        print(f"re-posting {len(unacked)} unacknowledged + {len(again)} acknowledged webhooks",
              file=sys.stderr, flush=True)

    urls = [urllib.parse.urlsplit(u) for u in args.urls.split(",")]
    local = threading.local()
    lock = threading.Lock()
    out = open(args.attempts, "a", encoding="utf-8")
    state = {"acks": 0, "killed": False, "codes": Counter()}
    started = time.time()
    deadline = started + args.deadline

    def connection(url):
        conns = getattr(local, "conns", None)
        if conns is None:
            conns = local.conns = {}
        if url.netloc not in conns:
            conns[url.netloc] = http.client.HTTPConnection(url.hostname, url.port, timeout=args.timeout)
        return conns[url.netloc]

    def post_once(url, raw):
        headers = {"Content-Type": "application/json", "X-Hub-Signature-256": sign(args.secret, raw)}
        conn = connection(url)
        try:
            conn.request("POST", url.path, body=raw, headers=headers)
            response = conn.getresponse()
            response.read()
            return response.status
        except (OSError, http.client.HTTPException):
            # Refused, reset, timed out: not acknowledged. Start the next try on a fresh connection.
            conn.close()
            local.conns.pop(url.netloc, None)
            return 0

    def deliver(m):
        raw = m["raw"].encode()
        for attempt in range(args.max_attempts):
            url = urls[(m["index"] + attempt) % len(urls)]  # a retry may land on another replica
            code = post_once(url, raw)
            with lock:
                state["codes"][code] += 1
                out.write(json.dumps({"wamid": m["wamid"], "url": url.netloc, "code": code,
                                      "phase": args.phase, "t": time.time()}) + "\n")
                out.flush()
                if code == 200:
                    state["acks"] += 1
                    if args.kill_pid and not state["killed"] and state["acks"] >= args.kill_after:
                        state["killed"] = True
                        try:
                            os.kill(args.kill_pid, signal.SIGKILL)
                            print(f"kill -9 {args.kill_pid} after {state['acks']} acknowledgements",
                                  file=sys.stderr, flush=True)
                        except ProcessLookupError:
                            pass
            if code == 200 or not args.retry or time.time() > deadline:
                return code
            # Meta backs off between deliveries; we do the same, much faster.
            time.sleep(min(args.backoff_max, 0.25 * 2 ** attempt))
        return code

    with ThreadPoolExecutor(max_workers=args.threads) as pool:
        futures = []
        for n, m in enumerate(messages):
            if args.rate:
                # Steady traffic: message n leaves at n / rate seconds.
                wait = started + n / args.rate - time.time()
                if wait > 0:
                    time.sleep(wait)
            futures.append(pool.submit(deliver, m))
        final = Counter(f.result() for f in futures)
    out.close()
    summary = {"phase": args.phase, "webhooks": len(messages), "acknowledged": final.get(200, 0),
               "not_acknowledged": len(messages) - final.get(200, 0),
               "attempts_by_code": {str(k): v for k, v in sorted(state["codes"].items())},
               "seconds": round(time.time() - started, 2)}
    print(json.dumps(summary), flush=True)


# --------------------------------------------------------------------------------------------
# database access: SQLite through the sqlite3 module, PostgreSQL through psql (superuser URL)
# --------------------------------------------------------------------------------------------

class Db:
    def __init__(self, url):
        self.url = url
        self.sqlite = url.startswith("sqlite:")
        if self.sqlite:
            path = url[len("sqlite:"):].split("?", 1)[0]
            self.path = path[2:] if path.startswith("//") else path

    def rows(self, sql):
        if self.sqlite:
            # A fresh connection each time, reads only: we never hold a lock the service waits for.
            conn = sqlite3.connect(self.path, timeout=10)
            try:
                conn.row_factory = sqlite3.Row
                return [dict(r) for r in conn.execute(sql).fetchall()]
            finally:
                conn.close()
        wrapped = f"SELECT coalesce(json_agg(row_to_json(t)), '[]') FROM ({sql}) t"
        out = subprocess.run(["psql", "-X", "-q", "-At", "-v", "ON_ERROR_STOP=1", self.url, "-c", wrapped],
                             capture_output=True, text=True, timeout=60)
        if out.returncode != 0:
            raise RuntimeError(out.stderr.strip() or "psql failed")
        return json.loads(out.stdout)


def pipeline_state(db):
    row = db.rows(
        "SELECT (SELECT COUNT(*) FROM inbox) AS inbox,"
        " (SELECT COUNT(*) FROM inbox WHERE processed_at IS NULL) AS inbox_unprocessed,"
        " (SELECT COUNT(*) FROM outbox) AS outbox,"
        " (SELECT COUNT(*) FROM outbox WHERE status = 'pending') AS outbox_pending,"
        " (SELECT COUNT(*) FROM jobs WHERE status IN ('pending', 'running')) AS jobs_active,"
        " (SELECT COUNT(*) FROM jobs WHERE status IN ('failed', 'dead')) AS jobs_failed")[0]
    return {k: int(v) for k, v in row.items()}


def cmd_drain(args):
    db = Db(args.db)
    since = args.since or time.time()
    stop = time.time() + args.timeout
    state, error, drained = {}, None, False
    while time.time() < stop:
        try:
            state, error = pipeline_state(db), None
            if state["inbox_unprocessed"] == 0 and state["outbox_pending"] == 0 and state["jobs_active"] == 0:
                drained = True
                break
        except Exception as e:  # database restarting, file locked: look again shortly
            error = str(e)
        time.sleep(args.poll)
    seconds = round(time.time() - since, 1)
    if drained and args.settle:
        # A send may still be on the wire from a worker whose lease was taken over; let it land.
        time.sleep(args.settle)
    result = {"drained": drained, "seconds": seconds, "state": state}
    if error:
        result["error"] = error
    if args.out:
        with open(args.out, "w", encoding="utf-8") as f:
            json.dump(result, f)
    print(json.dumps(result), flush=True)


# --------------------------------------------------------------------------------------------
# check, record, table
# --------------------------------------------------------------------------------------------

def bodies_expected(message_json):
    """How many Graph API requests one outbox row becomes (several photos go one by one)."""
    try:
        m = json.loads(message_json)
    except (TypeError, ValueError):
        return 1
    if m.get("type") == "photos":
        return max(1, len(m.get("urls") or []))
    return 1


def append_result(path, row):
    with open(path, "a", encoding="utf-8") as f:
        f.write(json.dumps(row, ensure_ascii=False) + "\n")


def cmd_check(args):
    db = Db(args.db)
    messages = load_jsonl(args.messages)
    attempts = []
    for path in args.attempts:
        attempts += load_jsonl(path)
    fake_log = load_jsonl(args.fake_log)
    fake = [e for e in fake_log if e.get("event", "send") == "send" and e.get("status") == 200]
    reports = [e for e in fake_log if e.get("event") == "status-report"]
    drain = json.load(open(args.drain)) if args.drain and os.path.exists(args.drain) else {}

    inbox = {r["provider_message_id"] for r in db.rows("SELECT provider_message_id FROM inbox")}
    outbox = db.rows("SELECT chat_id, status, provider_message_id, message FROM outbox")

    # The customer side.
    acked = {a["wamid"] for a in attempts if a.get("code") == 200}
    never_stored = [m for m in messages if m["wamid"] not in inbox]
    acked_not_stored = [m for m in never_stored if m["wamid"] in acked]
    received_by = Counter(e["to"] for e in fake)
    no_reply = [m for m in messages if m["wamid"] in inbox and received_by[m["wa_id"]] == 0]

    # The bot's side.
    expected = len(outbox)
    sent = sum(1 for r in outbox if r["status"] in SENT_STATUSES)
    not_sent = Counter(r["status"] for r in outbox if r["status"] not in SENT_STATUSES)
    expected_posts = sum(bodies_expected(r["message"]) for r in outbox)

    # Doubles: the same request (same customer, same content) reached the customer twice.
    copies = Counter((e["to"], e["body"]) for e in fake)
    doubled = {k: n for k, n in copies.items() if n > 1}
    recorded_ids = {r["provider_message_id"] for r in outbox if r["provider_message_id"]}
    # A double whose earlier copy's id the database never learned: sent, then the answer was
    # lost (crash or lease taken over mid-send) and the reply was sent again.
    unrecorded = sum(1 for e in fake if e.get("wamid") not in recorded_ids)

    lost = len(no_reply) + sum(not_sent.values()) + len(never_stored)
    codes = Counter(str(a.get("code")) for a in attempts)
    five_xx = sum(n for c, n in codes.items() if c.startswith("5"))
    failures = list(args.fail or [])
    if drain and not drain.get("drained"):
        failures.append(f"not drained ({drain.get('state')})")
    passed = lost == 0 and not doubled and not failures

    notes = []
    for path in sorted(args.summary or [], key=os.path.getmtime):  # in the order they ran
        try:
            summary = json.load(open(path))
            notes.append(f"{summary['phase']}: {summary['acknowledged']}/{summary['webhooks']} acknowledged")
        except (OSError, ValueError, KeyError):
            notes.append(f"{os.path.basename(path)}: no summary (poster interrupted?)")
    notes += [
        f"fake POSTs {len(fake)} for {expected} outbox rows"
        + (f" ({expected_posts} requests expected: photos go one by one)" if expected_posts != expected else ""),
        f"webhook attempts {len(attempts)} (200: {codes.get('200', 0)}, 5xx: {five_xx}, "
        f"no answer: {codes.get('0', 0)})",
    ]
    if lost:
        notes.append(f"lost = {len(never_stored)} never stored ({len(acked_not_stored)} of them acknowledged)"
                     f" + {sum(not_sent.values())} outbox not sent {dict(not_sent)}"
                     f" + {len(no_reply)} customers without a reply")
    if doubled:
        notes.append(f"{sum(doubled.values()) - len(doubled)} extra copies; {unrecorded} fake ids"
                     f" not recorded in outbox (sent, answer lost, sent again)")
    if reports:
        refused = sum(1 for e in reports if e.get("code") != 200)
        retried = sum(1 for e in reports if e.get("tries", 1) > 1)
        notes.append(f"status reports {len(reports)} ({retried} re-delivered, {refused} never taken)")
    if drain.get("state", {}).get("jobs_failed"):
        notes.append(f"{drain['state']['jobs_failed']} jobs failed/dead")
    notes += list(args.note or []) + failures

    row = {
        "scenario": args.scenario, "backend": args.backend, "messages": len(messages),
        "expected": expected, "sent": sent, "lost": lost, "doubled": len(doubled),
        "drain": drain.get("seconds"), "pass": passed, "notes": notes,
    }
    append_result(args.results, row)
    drain_text = f"{row['drain']} s" if row["drain"] is not None else "-"
    print(f"[{'PASS' if passed else 'FAIL'}] {args.scenario} ({args.backend}): messages {len(messages)},"
          f" replies expected {expected}, sent {sent}, lost {lost}, doubled {len(doubled)},"
          f" drain {drain_text} — " + "; ".join(notes), flush=True)
    if args.verbose and (doubled or no_reply or never_stored):
        for (to, body), n in list(doubled.items())[:5]:
            print(f"    doubled x{n} to {to}: {body[:160]}")
        for m in no_reply[:5]:
            print(f"    no reply for {m['wa_id']} ({m['wamid']})")
        for m in never_stored[:5]:
            print(f"    never stored: {m['wamid']}")


def cmd_record(args):
    row = {"scenario": args.scenario, "backend": args.backend, "messages": None, "expected": None,
           "sent": None, "lost": None, "doubled": None, "drain": None, "pass": False,
           "notes": [args.reason]}
    append_result(args.results, row)
    print(f"[FAIL] {args.scenario} ({args.backend}): {args.reason}", flush=True)


def cmd_table(args):
    rows = load_jsonl(args.results)
    dash = lambda v: "-" if v is None else str(v)
    print("| scenario | backend | messages | replies expected | sent | lost | doubled | drain time | notes |")
    print("|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        drain = "-" if r.get("drain") is None else f"{r['drain']} s"
        notes = ("" if r.get("pass") else "**FAIL** ") + "; ".join(r.get("notes") or [])
        print(f"| {r['scenario']} | {r['backend']} | {dash(r.get('messages'))} | {dash(r.get('expected'))}"
              f" | {dash(r.get('sent'))} | {dash(r.get('lost'))} | {dash(r.get('doubled'))} | {drain}"
              f" | {notes.replace('|', '/')} |")
    failed = [r["scenario"] for r in rows if not r.get("pass")]
    print(f"\n{len(rows) - len(failed)} of {len(rows)} scenarios passed", flush=True)
    sys.exit(1 if failed or not rows else 0)


def cmd_free_port(args):
    # All bound at once, so the ports are distinct; nobody listens on them once we exit.
    socks = []
    try:
        for _ in range(args.count):
            s = socket.socket()
            s.bind(("127.0.0.1", 0))
            socks.append(s)
        print(" ".join(str(s.getsockname()[1]) for s in socks))
    finally:
        for s in socks:
            s.close()


def main():
    p = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = p.add_subparsers(dest="cmd", required=True)

    f = sub.add_parser("fake-graph")
    f.add_argument("--port", type=int, required=True)
    f.add_argument("--delay", type=float, default=0.0, help="seconds before each answer")
    f.add_argument("--fail-rate", type=float, default=0.0, help="share of sends answered 500")
    f.add_argument("--seed", type=int, default=7)
    f.add_argument("--log", required=True, help="JSON lines, one per request")
    f.add_argument("--webhook", help="comma-separated webhook URLs of the service: send status reports there")
    f.add_argument("--secret", default="", help="the app secret that signs status reports")
    f.add_argument("--status-delay", type=float, default=0.5, help="seconds from our answer to its report")
    f.set_defaults(func=cmd_fake_graph)

    m = sub.add_parser("messages")
    m.add_argument("--count", type=int, required=True)
    m.add_argument("--scenario", type=int, required=True, help="0-99, keeps numbers distinct")
    m.add_argument("--phone-number-id", required=True)
    m.set_defaults(func=cmd_messages)

    po = sub.add_parser("post")
    po.add_argument("--urls", required=True, help="comma-separated webhook URLs (replicas)")
    po.add_argument("--secret", required=True)
    po.add_argument("--messages", required=True)
    po.add_argument("--attempts", required=True, help="JSON lines, appended: every attempt and its code")
    po.add_argument("--phase", default="post")
    po.add_argument("--range", help="LO:HI, a slice of the messages")
    po.add_argument("--threads", type=int, default=50)
    po.add_argument("--rate", type=float, default=0.0, help="messages per second (0: burst)")
    po.add_argument("--retry", action="store_true", help="retry each non-200 until 200 (bounded)")
    po.add_argument("--max-attempts", type=int, default=60)
    po.add_argument("--backoff-max", type=float, default=4.0)
    po.add_argument("--deadline", type=float, default=180.0, help="no new retry after this many seconds")
    po.add_argument("--timeout", type=float, default=30.0, help="per request")
    po.add_argument("--kill-pid", type=int, default=0)
    po.add_argument("--kill-after", type=int, default=0, help="kill -9 --kill-pid after this many 200s")
    po.add_argument("--resend", action="store_true",
                    help="post the unacknowledged ones (from --attempts) and --reack-fraction of the others")
    po.add_argument("--reack-fraction", type=float, default=0.2)
    po.add_argument("--seed", type=int, default=11)
    po.set_defaults(func=cmd_post)

    d = sub.add_parser("drain")
    d.add_argument("--db", required=True)
    d.add_argument("--timeout", type=float, default=300.0)
    d.add_argument("--since", type=float, default=0.0, help="epoch seconds the drain time counts from")
    d.add_argument("--poll", type=float, default=0.5)
    d.add_argument("--settle", type=float, default=2.0)
    d.add_argument("--out")
    d.set_defaults(func=cmd_drain)

    c = sub.add_parser("check")
    c.add_argument("--scenario", required=True)
    c.add_argument("--backend", required=True)
    c.add_argument("--db", required=True)
    c.add_argument("--messages", required=True)
    c.add_argument("--attempts", action="append", default=[])
    c.add_argument("--fake-log", required=True)
    c.add_argument("--drain")
    c.add_argument("--results", required=True)
    c.add_argument("--summary", action="append", help="a post summary (JSON) to quote in the notes")
    c.add_argument("--note", action="append")
    c.add_argument("--fail", action="append", help="a reason the scenario failed besides lost/doubled")
    c.add_argument("--verbose", action="store_true")
    c.set_defaults(func=cmd_check)

    r = sub.add_parser("record")
    r.add_argument("--scenario", required=True)
    r.add_argument("--backend", required=True)
    r.add_argument("--reason", required=True)
    r.add_argument("--results", required=True)
    r.set_defaults(func=cmd_record)

    t = sub.add_parser("table")
    t.add_argument("--results", required=True)
    t.set_defaults(func=cmd_table)

    fp = sub.add_parser("free-port")
    fp.add_argument("--count", type=int, default=1)
    fp.set_defaults(func=cmd_free_port)

    args = p.parse_args()
    args.func(args)


if __name__ == "__main__":
    main()
