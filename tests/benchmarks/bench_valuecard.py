"""Value card payments under concurrency, against Odoo's loyalty eWallet, and
the ledger integrity check on a million entries.

    ./smartcrm bench valuecard
    BENCH_SECONDS=10 BENCH_ENTRIES=200000 ./smartcrm bench valuecard      # quicker run

* payments per second with 8 concurrent connections (8 processes, one
  database connection each, every payment in its own transaction retried on
  serialisation failures exactly as Odoo's HTTP layer retries a request), on
  1,000 cards and on one hot card: ``valuecard.card.pay`` against Odoo's own
  eWallet balance update (read the ``loyalty.card`` points, refuse when short,
  ``card.points -= amount`` and a ``loyalty.history`` line, as the point of
  sale does when it confirms an order); anomalies are cards whose final
  balance differs from the opening balance minus the payments that reported
  success (plus, for value cards, any problem check_integrity() finds);
* the integrity check (balances, lots, hash chain) over a ledger of
  1,000,000 entries inserted with COPY, hashes computed by the addon's own
  canonical form.

Goals: value-card payments at least as fast as the eWallet path with zero
anomalies, and the check under 10 s.
"""
import contextlib
import datetime
import io
import logging
import multiprocessing
import os
import random
import time
from collections import defaultdict
from concurrent.futures import ThreadPoolExecutor
from functools import partial

from harness import Timer, _import_odoo, ensure_db, odoo_cmd, odoo_env, report

from tools.smartcrm.serving import odoo_server

DB = "smartcrm_bench_valuecard"
WORKERS = int(os.environ.get("BENCH_WORKERS", 8))
CARDS = int(os.environ.get("BENCH_CARDS", 1000))
SECONDS = float(os.environ.get("BENCH_SECONDS", 20))
ENTRIES = int(os.environ.get("BENCH_ENTRIES", 1_000_000))
HTTP_WORKERS = int(os.environ.get("BENCH_HTTP_WORKERS", 4))
ENTRIES_PER_CARD = 100
OPENING = 100_000          # yen (or eWallet points) on each of the many cards
HOT_OPENING = 10_000_000   # on the hot card


# ---------------------------------------------------------------------------
# set-up
# ---------------------------------------------------------------------------

def setup(env, tag):
    """A value-card program and an eWallet program, each with CARDS cards and one hot card."""
    from odoo import Command  # noqa: PLC0415
    env.company.write({"valuecard_max_balance": 0, "valuecard_max_charge": 0, "valuecard_max_charge_per_day": 0})
    program = env["valuecard.program"].create({"name": f"ベンチ {tag}", "number_prefix": "BN"})
    partner = env["res.partner"].create({"name": "ベンチ 会員"})
    cards = env["valuecard.card"].create([{"program_id": program.id, "partner_id": partner.id}
                                          for _ in range(CARDS + 1)])
    for card in cards[:-1]:
        card.charge(amount=OPENING, reference=f"open-{tag}")
    cards[-1].charge(amount=HOT_OPENING, reference=f"open-{tag}")

    product = env.ref("loyalty.ewallet_product_50")
    ewallet = env["loyalty.program"].create({
        "name": f"eWallet {tag}", "program_type": "ewallet", "trigger": "auto", "applies_on": "future",
        "reward_ids": [Command.create({"reward_type": "discount", "discount_mode": "per_point", "discount": 1})],
        "rule_ids": [Command.create({"reward_point_amount": "1", "reward_point_mode": "money",
                                     "product_ids": product.ids})],
        "trigger_product_ids": product.ids,
    })
    wallets = env["loyalty.card"].create([{"program_id": ewallet.id, "partner_id": partner.id,
                                           "points": OPENING} for _ in range(CARDS)])
    wallets |= env["loyalty.card"].create({"program_id": ewallet.id, "partner_id": partner.id,
                                          "points": HOT_OPENING})
    return cards.ids, wallets.ids


def valuecard_pay(env, card_id, amount, reference):
    env["valuecard.card"].browse(card_id).pay(amount=amount, reference=reference, terminal="bench")


def ewallet_pay(env, card_id, amount, reference):
    """Odoo's eWallet payment: the balance check, the decrement and the history line (bench_ewallet)."""
    env["loyalty.card"].browse(card_id).bench_pay(amount=amount, reference=reference)


OPERATIONS = {"valuecard": valuecard_pay, "ewallet": ewallet_pay}
#: the JSON-2 method of each path, called with ids, amount and reference
METHODS = {"valuecard": "valuecard.card/pay", "ewallet": "loyalty.card/bench_pay"}


def _cpu_seconds(pid):
    """User + system CPU time of process ``pid`` (Linux /proc), in seconds."""
    with open(f"/proc/{pid}/stat") as stat:
        fields_ = stat.read().rsplit(")", 1)[1].split()
    return (int(fields_[11]) + int(fields_[12])) / os.sysconf("SC_CLK_TCK")


# ---------------------------------------------------------------------------
# the concurrent run, in process: one database connection per terminal
# ---------------------------------------------------------------------------

def _worker(kind, tasks, tag, start, deadline_seconds, results):
    odoo, _conf = _import_odoo()
    from odoo import api  # noqa: PLC0415
    from odoo.modules.registry import Registry  # noqa: PLC0415
    from odoo.service.model import retrying  # noqa: PLC0415
    # serialisation failures are expected and retried: no log line for each
    logging.getLogger("odoo.sql_db").setLevel(logging.CRITICAL)
    logging.getLogger("odoo.service.model").setLevel(logging.WARNING)
    registry = Registry(DB)
    operation = OPERATIONS[kind]
    succeeded, refused, spent = 0, 0, defaultdict(int)
    attempts, work, commits = 0, 0.0, 0.0
    with registry.cursor() as cr:
        cr.execute("SELECT pg_backend_pid()")
        backend = cr.fetchone()[0]

    def attempt(env, card_id, amount, reference):
        nonlocal attempts, work
        attempts += 1
        began = time.perf_counter()
        try:
            return operation(env, card_id, amount, reference)
        finally:
            work += time.perf_counter() - began

    start.wait()
    cpu_python = time.process_time()
    cpu_backend = None
    deadline = time.monotonic() + deadline_seconds
    for index, (card_id, amount) in enumerate(tasks):
        if time.monotonic() > deadline:
            break
        cr = registry.cursor()
        try:
            if cpu_backend is None:
                cr.execute("SELECT pg_backend_pid()")
                backend = cr.fetchone()[0]
                cpu_backend = _cpu_seconds(backend)
            env = api.Environment(cr, odoo.SUPERUSER_ID, {})
            # Odoo's retrying commits at its end: time that commit as the terminal waits for it
            commit = cr.commit

            def timed_commit(commit=commit):
                nonlocal commits
                began = time.perf_counter()
                commit()
                commits += time.perf_counter() - began
            cr.commit = timed_commit
            retrying(partial(attempt, env, card_id, amount, f"{tag}-{os.getpid()}-{index}"), env)
        except Exception:  # noqa: BLE001 - refused or given up after retries: the terminal is told
            cr.rollback()
            refused += 1
            continue
        finally:
            cr.close()
        succeeded += 1
        spent[card_id] += amount
    cpu = (time.process_time() - cpu_python, _cpu_seconds(backend) - (cpu_backend or 0))
    results.put((succeeded, refused, dict(spent), attempts, work, commits, cpu))


def balances(kind, card_ids):
    """Current balance of each card: what the next run starts from."""
    with odoo_env(DB, commit=False) as env:
        if kind == "valuecard":
            return {c.id: int(c.balance_paid + c.balance_bonus) for c in env["valuecard.card"].browse(card_ids)}
        return {c.id: c.points for c in env["loyalty.card"].browse(card_ids)}


def _tasks(card_ids, hot, tag, terminals):
    rng = random.Random(tag)
    return [[(card_ids[0] if hot else rng.choice(card_ids), 1 if hot else rng.randint(1, 5) * 100)
             for _ in range(100_000)] for _ in range(terminals)]


def _start_all(target, arg_lists):
    """Fork one process per argument list, release them together, return (outcomes, seconds)."""
    from odoo.sql_db import close_all  # noqa: PLC0415
    close_all()  # no connection may be shared with the children
    ctx = multiprocessing.get_context("fork")
    start, results = ctx.Event(), ctx.Queue()
    procs = [ctx.Process(target=target, args=(*args, start, SECONDS, results)) for args in arg_lists]
    for proc in procs:
        proc.start()
    time.sleep(3)  # every child has its registry or session and is waiting
    began = time.perf_counter()
    start.set()
    outcomes = [results.get() for _ in procs]
    elapsed = time.perf_counter() - began
    for proc in procs:
        proc.join()
    return outcomes, elapsed


def run_concurrent(kind, card_ids, hot, tag, workers=WORKERS):
    """``workers`` processes paying for SECONDS, each on a database connection of its own;
    returns a dict of figures."""
    opening = balances(kind, card_ids)
    outcomes, elapsed = _start_all(_worker, [(kind, tasks, f"{tag}-{n}")
                                             for n, tasks in enumerate(_tasks(card_ids, hot, tag, workers))])
    succeeded = sum(o[0] for o in outcomes)
    refused = sum(o[1] for o in outcomes)
    spent = defaultdict(int)
    for outcome in outcomes:
        for card_id, amount in outcome[2].items():
            spent[card_id] += amount
    attempts = sum(o[3] for o in outcomes)
    done = max(succeeded, 1)
    return {
        "rate": succeeded / elapsed, "done": succeeded, "refused": refused,
        "anomalies": count_anomalies(kind, card_ids, opening, spent),
        "attempts": attempts / max(succeeded + refused, 1),
        "work_ms": 1000 * sum(o[4] for o in outcomes) / max(attempts, 1),
        "commit_ms": 1000 * sum(o[5] for o in outcomes) / done,
        "cpu_python_ms": 1000 * sum(o[6][0] for o in outcomes) / done,
        "cpu_db_ms": 1000 * sum(o[6][1] for o in outcomes) / done,
    }


def count_anomalies(kind, card_ids, opening, spent):
    """Cards whose balance is not the opening balance less the payments reported done,
    or is negative; for value cards also every problem the ledger check finds."""
    after = balances(kind, card_ids)
    wrong = sum(1 for card_id in card_ids
                if after[card_id] != opening[card_id] - spent.get(card_id, 0) or after[card_id] < 0)
    if kind == "valuecard":
        with odoo_env(DB, commit=False) as env:
            wrong += len(env["valuecard.card"].check_integrity(card_ids=card_ids))
    return wrong


# ---------------------------------------------------------------------------
# the concurrent run over HTTP: terminals calling JSON-2 on a server with workers
# ---------------------------------------------------------------------------

def _terminal(kind, url, key, tasks, tag, start, deadline_seconds, results):
    """A counter terminal: one HTTP connection, one payment after the other, no retry
    (an answer other than 200 is counted: 422 refused, anything else given up)."""
    import requests  # noqa: PLC0415
    session = requests.Session()
    headers = {"Authorization": f"bearer {key}", "X-Odoo-Database": DB}
    latencies, refused, failed, spent = [], 0, 0, defaultdict(int)
    start.wait()
    deadline = time.monotonic() + deadline_seconds
    for index, (card_id, amount) in enumerate(tasks):
        if time.monotonic() > deadline:
            break
        body = {"ids": [card_id], "amount": amount, "reference": f"{tag}-{os.getpid()}-{index}"}
        if kind == "valuecard":
            body["terminal"] = "bench"
        began = time.perf_counter()
        res = session.post(f"{url}/json/2/{METHODS[kind]}", json=body, headers=headers, timeout=120)
        latencies.append(time.perf_counter() - began)
        if res.status_code == 200:
            spent[card_id] += amount
        elif res.status_code == 422:
            refused += 1
        else:
            failed += 1
    results.put((latencies, refused, failed, dict(spent)))


def _percentile(values, share):
    ordered = sorted(values)
    return ordered[min(int(share * len(ordered)), len(ordered) - 1)] if ordered else 0.0


class HttpServer:
    """The Odoo server of the HTTP runs (``odoo_server``): its URL, its log, its CPU."""

    def __init__(self, process, url, log_path):
        self.process, self.url, self.log_path = process, url, log_path

    def warm_up(self, key):
        """Requests from many terminals until every worker has loaded its registry."""
        import requests  # noqa: PLC0415

        def call(_n):
            requests.post(f"{self.url}/json/2/valuecard.card/search_count", json={"domain": []}, timeout=300,
                          headers={"Authorization": f"bearer {key}", "X-Odoo-Database": DB})
        for _round in range(3):
            with ThreadPoolExecutor(4 * HTTP_WORKERS) as pool:
                list(pool.map(call, range(8 * HTTP_WORKERS)))

    def retries(self):
        """Serialisation failures Odoo's request retrying has logged so far."""
        with open(self.log_path, errors="replace") as log:
            return sum("tries left" in line or "maximum number of tries" in line for line in log)

    def cpu_seconds(self):
        """CPU time of the server's processes and of the cluster's PostgreSQL backends."""
        total = 0.0
        for pid in [p for p in os.listdir("/proc") if p.isdigit()]:
            with contextlib.suppress(OSError, IndexError, ValueError):
                with open(f"/proc/{pid}/cmdline", "rb") as handle:
                    cmdline = handle.read()
                with open(f"/proc/{pid}/stat") as handle:
                    session = int(handle.read().rsplit(")", 1)[1].split()[3])
                if session == self.process.pid or (cmdline.startswith(b"postgres: ") and DB.encode() in cmdline):
                    total += _cpu_seconds(pid)
        return total


def api_key():
    """An API key of the administrator (a terminal's user)."""
    with odoo_env(DB) as env:
        admin = env.ref("base.user_admin")
        terminal = env.ref("crm_valuecard.group_valuecard_terminal")
        if terminal not in admin.group_ids:
            admin.write({"group_ids": [(4, terminal.id)]})
        expiry = datetime.datetime.now() + datetime.timedelta(days=1)
        return env["res.users.apikeys"].with_user(admin)._generate("rpc", "bench", expiry)


def run_http(server, key, kind, card_ids, hot, tag, terminals):
    """``terminals`` processes paying over JSON-2 for SECONDS; returns a dict of figures."""
    opening = balances(kind, card_ids)
    cpu, retries = server.cpu_seconds(), server.retries()
    outcomes, elapsed = _start_all(_terminal, [(kind, server.url, key, tasks, f"{tag}-{n}")
                                               for n, tasks in enumerate(_tasks(card_ids, hot, tag, terminals))])
    cpu = server.cpu_seconds() - cpu
    time.sleep(1)  # the server's last log lines
    retries = server.retries() - retries
    latencies = [latency for outcome in outcomes for latency in outcome[0]]
    spent = defaultdict(int)
    for outcome in outcomes:
        for card_id, amount in outcome[3].items():
            spent[card_id] += amount
    done = len(latencies) - sum(o[1] + o[2] for o in outcomes)
    return {
        "rate": done / elapsed, "done": done, "refused": sum(o[1] for o in outcomes),
        "failed": sum(o[2] for o in outcomes),
        "anomalies": count_anomalies(kind, card_ids, opening, spent),
        "p50": 1000 * _percentile(latencies, 0.50), "p95": 1000 * _percentile(latencies, 0.95),
        "p99": 1000 * _percentile(latencies, 0.99), "cpu_ms": 1000 * cpu / max(done, 1), "retries": retries,
    }


# ---------------------------------------------------------------------------
# a million-entry ledger for the integrity check
# ---------------------------------------------------------------------------

def _reserve_ids(env, table, count):
    """The first of ``count`` ids taken from the table's sequence."""
    from odoo.tools import SQL  # noqa: PLC0415
    seq = f"{table}_id_seq"
    env.cr.execute(SQL("SELECT nextval(%s)", seq))
    first = env.cr.fetchone()[0]
    env.cr.execute(SQL("SELECT setval(%s, %s)", seq, first + count))
    return first


def _copy(env, table, columns, rows):
    buffer = io.StringIO()
    for row in rows:
        buffer.write("\t".join("\\N" if v is None or v is False else str(v) for v in row) + "\n")
    buffer.seek(0)
    env.cr.copy_from(buffer, table, columns=columns)


def build_ledger(env, entries):
    """``entries`` ledger rows (100 a card: a charge, its bonus, then payments and
    points) with lots and card balances that agree, and valid hash chains."""
    from odoo.tools import SQL  # noqa: PLC0415

    from odoo.addons.crm_valuecard.models.valuecard_entry import entry_hash  # noqa: PLC0415
    cards = max(entries // ENTRIES_PER_CARD, 1)
    program = env["valuecard.program"].create({"name": "ベンチ 台帳", "number_prefix": "BL"})
    company_id, uid = env.company.id, env.uid
    env.cr.execute(SQL(
        """INSERT INTO valuecard_card (number, program_id, company_id, state, issue_date, balance_paid,
                                       balance_bonus, points, create_uid, write_uid, create_date, write_date)
           SELECT 'BL' || %s || lpad(n::text, 9, '0'), %s, %s, 'active', '2025-04-01', 0, 0, 0, %s, %s,
                  now(), now()
             FROM generate_series(1, %s) n RETURNING id""",
        program.id, program.id, company_id, uid, uid, cards))
    card_ids = sorted(r[0] for r in env.cr.fetchall())
    start = datetime.datetime(2025, 4, 1)
    lots_per_card = 2 + len([i for i in range(2, ENTRIES_PER_CARD) if i % 4 == 3])
    lot_id = _reserve_ids(env, "valuecard_lot", cards * lots_per_card)
    entry_id = _reserve_ids(env, "valuecard_entry", cards * ENTRIES_PER_CARD)
    entry_rows, lot_rows, card_rows = [], [], []
    entry_cols = ("id", "card_id", "company_id", "sequence", "date", "kind", "operation", "amount_paid",
                  "amount_bonus", "points", "lot_id", "expiry_date", "reference", "operator_id", "terminal",
                  "balance_paid_after", "balance_bonus_after", "points_after", "prev_hash", "hash",
                  "create_uid", "write_uid", "create_date", "write_date")
    for card_id in card_ids:
        paid_lot, bonus_lot = lot_id, lot_id + 1
        lot_id += 2
        lots = {paid_lot: ["paid", 50_000, 50_000, None], bonus_lot: ["bonus", 5_000, 5_000, "2025-10-01"]}
        balances = {"paid": 0, "bonus": 0, "points": 0}
        prev_hash = ""
        for seq in range(1, ENTRIES_PER_CARD + 1):
            date = (start + datetime.timedelta(hours=7 * seq)).strftime("%Y-%m-%d %H:%M:%S")
            if seq == 1:
                kind, operation, bucket, amount, lot = "charge", "charge:50000", "paid", 50_000, paid_lot
            elif seq == 2:
                kind, operation, bucket, amount, lot = "bonus", "charge:50000", "bonus", 5_000, bonus_lot
            elif seq % 4 == 3:
                kind, operation, bucket, amount, lot = "points_earned", "earn_points:500", "points", 5, lot_id
                lots[lot_id] = ["points", 5, 5, "2026-04-01"]
                lot_id += 1
            else:
                lot = bonus_lot if lots[bonus_lot][2] else paid_lot
                kind, operation, bucket, amount = "payment", "pay:500", lots[lot][0], -500
                lots[lot][2] -= 500
            balances[bucket] += amount
            vals = {
                "card_id": card_id, "company_id": company_id, "sequence": seq, "date": date, "kind": kind,
                "operation": operation, "amount_paid": amount if bucket == "paid" else 0,
                "amount_bonus": amount if bucket == "bonus" else 0, "points": amount if bucket == "points" else 0,
                "lot_id": lot, "expiry_date": lots[lot][3] if amount > 0 else None,
                "reference": f"L{card_id}-{max(seq, 2)}",
                "operator_id": uid, "terminal": "渋谷店", "reason": None,
                "reversed_entry_id": None, "campaign_id": None,
                "balance_paid_after": balances["paid"], "balance_bonus_after": balances["bonus"],
                "points_after": balances["points"], "prev_hash": prev_hash,
            }
            vals["hash"] = prev_hash = entry_hash(vals)
            entry_rows.append((entry_id, *(vals[c] for c in entry_cols[1:20]), uid, uid, date, date))
            if seq == 1 or seq == 2 or kind == "points_earned":
                lots[lot].append(entry_id)
            entry_id += 1
        for lid, (bucket, initial, remaining, expiry, created_by) in lots.items():
            lot_rows.append((lid, card_id, company_id, bucket, created_by, initial, remaining, expiry,
                             uid, uid, "2025-04-01", "2025-04-01"))
        card_rows.append((card_id, balances["paid"], balances["bonus"], balances["points"], ENTRIES_PER_CARD,
                          prev_hash))
    # lots and entries point at each other: lots first without their creating entry
    _copy(env, "valuecard_lot", ("id", "card_id", "company_id", "bucket", "amount_initial", "amount_remaining",
                                 "expiry_date", "create_uid", "write_uid", "create_date", "write_date"),
          [row[:4] + row[5:] for row in lot_rows])
    _copy(env, "valuecard_entry", entry_cols, entry_rows)
    env.cr.execute(SQL("CREATE TEMP TABLE bench_lot (id int, entry_id int)"))
    _copy(env, "bench_lot", ("id", "entry_id"), [(row[0], row[4]) for row in lot_rows])
    env.cr.execute(SQL("UPDATE valuecard_lot l SET entry_id = b.entry_id FROM bench_lot b WHERE b.id = l.id"))
    env.cr.execute(SQL("CREATE TEMP TABLE bench_card (id int, paid int, bonus int, points int, seq int, hash varchar)"))
    _copy(env, "bench_card", ("id", "paid", "bonus", "points", "seq", "hash"), card_rows)
    env.cr.execute(SQL("""UPDATE valuecard_card c SET balance_paid = b.paid, balance_bonus = b.bonus, points = b.points,
                                 ledger_sequence = b.seq, ledger_hash = b.hash FROM bench_card b WHERE b.id = c.id"""))
    env.cr.execute(SQL("ANALYZE valuecard_entry; ANALYZE valuecard_lot; ANALYZE valuecard_card"))
    return len(entry_rows)


def integrity_bench(entries):
    with odoo_env(DB) as env:
        existing = env["valuecard.entry"].search_count([])
        if existing < entries:
            with Timer() as timer:
                inserted = build_ledger(env, entries - existing)
            print(f"inserted a ledger of {inserted:,} entries in {timer.seconds:.1f} s")
    with odoo_env(DB, commit=False) as env:
        total = env["valuecard.entry"].search_count([])
        times = []
        for _ in range(3):
            env.invalidate_all()
            with Timer() as timer:
                problems = env["valuecard.card"].check_integrity()
            times.append(timer.seconds)
        return total, min(times), problems


def _rows(label, ours, base, connections):
    rows = [(f"payments/s, {connections} connections, {label}", ours["rate"], base["rate"], "/s"),
            (f"  payments done in {SECONDS:.0f} s", ours["done"], base["done"], "n"),
            ("  payments refused or given up", ours["refused"], base["refused"], "n"),
            ("  anomalies (balance vs payments done)", ours["anomalies"], base["anomalies"], "n"),
            ("  attempts per payment (serialisation retries)", ours["attempts"], base["attempts"], "n"),
            ("  ms of work per attempt (without back-off)", ours["work_ms"], base["work_ms"], "ms"),
            ("  ms of commit per payment", ours["commit_ms"], base["commit_ms"], "ms"),
            ("  ms of CPU per payment, Python / PostgreSQL", ours["cpu_python_ms"], base["cpu_python_ms"], "ms"),
            ("", ours["cpu_db_ms"], base["cpu_db_ms"], "ms")]
    report(f"Payments, {label}, {connections} connections", rows)
    return rows


def _http_rows(label, ours, base, terminals):
    rows = [(f"payments/s over HTTP, {terminals} terminals, {label}", ours["rate"], base["rate"], "/s"),
            ("  latency p50", ours["p50"], base["p50"], "ms"),
            ("  latency p95", ours["p95"], base["p95"], "ms"),
            ("  latency p99", ours["p99"], base["p99"], "ms"),
            ("  refused (422) / given up (other)", ours["refused"], base["refused"], "n"),
            ("", ours["failed"], base["failed"], "n"),
            ("  anomalies (balance vs payments done)", ours["anomalies"], base["anomalies"], "n"),
            ("  serialisation failures retried by the server", ours["retries"], base["retries"], "n"),
            ("  ms of CPU per payment (server + PostgreSQL)", ours["cpu_ms"], base["cpu_ms"], "ms")]
    report(f"Payments over JSON-2, {label}, {terminals} terminals, {HTTP_WORKERS} workers", rows)
    return rows


def main():
    ensure_db(DB, ["crm_valuecard", "loyalty", "bench_ewallet"])
    tag = time.strftime("%H%M%S")
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)")
    with odoo_env(DB) as env:
        with Timer() as timer:
            card_ids, wallet_ids = setup(env, tag)
        print(f"set up {CARDS:,} value cards and {CARDS:,} eWallets (+1 hot each) in {timer.seconds:.1f} s")
    rows, goals = [], []
    many, hot_card = (card_ids[:-1], wallet_ids[:-1]), (card_ids[-1:], wallet_ids[-1:])
    # in process: one database connection per terminal
    single = [run_concurrent(kind, ids, False, f"{kind}-{tag}-seq", workers=1)
              for kind, ids in zip(("valuecard", "ewallet"), many)]
    rows += _rows(f"{CARDS:,} cards", *single, 1)
    for label, hot, connections in ((f"{CARDS:,} cards", False, WORKERS), ("one hot card", True, WORKERS),
                                    ("one hot card", True, 32)):
        ids = hot_card if hot else many
        ours, base = (run_concurrent(kind, kind_ids, hot, f"{kind}-{tag}-{int(hot)}-{connections}",
                                     workers=connections)
                      for kind, kind_ids in zip(("valuecard", "ewallet"), ids))
        rows += _rows(label, ours, base, connections)
        share = ours["rate"] / single[0]["rate"]
        goal = share >= 0.8 if hot else ours["rate"] >= single[0]["rate"]
        goals.append(f"{label}, {connections} connections: value cards {ours['rate']:.1f}/s = {share:.0%} of one "
                     f"connection, {ours['refused']} refused, {ours['anomalies']} anomalies (eWallet "
                     f"{base['rate']:.1f}/s): "
                     f"{'OK' if goal and not ours['refused'] and not ours['anomalies'] else 'MISSED'}")
    # over HTTP: JSON-2 on a server with HTTP_WORKERS workers
    key = api_key()
    log_path = os.path.join(os.environ.get("TMPDIR", "/tmp"), f"{DB}-server.log")
    with open(log_path, "w") as log, odoo_server(
            odoo_cmd(), DB, log, workers=HTTP_WORKERS,
            extra=("--log-level", "warn", "--log-handler", "odoo.service.model:INFO")) as (process, url):
        server = HttpServer(process, url, log_path)
        server.warm_up(key)
        for label, hot in ((f"{CARDS:,} cards", False), ("one hot card", True)):
            for terminals in (WORKERS, 32):
                ours, base = (run_http(server, key, kind, kind_ids, hot, f"http-{kind}-{tag}-{int(hot)}-{terminals}",
                                       terminals)
                              for kind, kind_ids in zip(("valuecard", "ewallet"), hot_card if hot else many))
                rows += _http_rows(label, ours, base, terminals)
    total, seconds, problems = integrity_bench(ENTRIES)
    rows.append((f"integrity check, {total:,} entries", seconds, None, "s"))
    report("Value card payments (Smart CRM) vs Odoo loyalty eWallet; ledger integrity check", rows)
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
    for goal in goals:
        print(f"goal: {goal}")
    print(f"goal: integrity check over {total:,} entries under 10 s: {seconds:.2f} s, {len(problems)} problems: "
          f"{'OK' if seconds < 10 and not problems else 'MISSED'}")


if __name__ == "__main__":
    main()
