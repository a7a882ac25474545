"""Dynamic mailing list refresh over a million customers, and the step-mail
scheduler over 100,000 enrolments.

    ./smartcrm bench mail
    BENCH_CUSTOMERS=100000 BENCH_ENROLMENTS=10000 ./smartcrm bench mail      # quicker run
    BENCH_ONLY=step ./smartcrm bench mail                                    # one part (list or step)

* list refresh: the first refresh of a dynamic list whose filter selects
  BENCH_CUSTOMERS customers (every contact and subscription created), then a
  refresh after 1% of them left the filter and 1% changed their email; the
  Odoo baseline adds the same customers to a mailing list through the ORM
  (``mailing.contact`` create with ``list_ids``, as an import does), timed on
  a sample and scaled to the same number (marked "scaled");
* step-mail scheduler: BENCH_ENROLMENTS customers enrolled and due, then the
  scheduler run until nothing is due (lock, checks, unique send records and
  the mailing's own composer, which renders one email per customer); the
  Odoo baseline sends one mass mailing to the same customers
  (``mailing.mailing.action_send_mail``), the work the scheduler delegates.
  The scheduler's progress is printed every BENCH_PROGRESS (10,000)
  enrolments and its figure before the baseline starts, so that a run
  stopped from outside still shows how far it went.

Goal: the refresh of a million customers under 30 s.
"""
import os
import time

from harness import Timer, ensure_db, odoo_env, report

DB = "smartcrm_bench_mail"
CUSTOMERS = int(os.environ.get("BENCH_CUSTOMERS", 1_000_000))
ENROLMENTS = int(os.environ.get("BENCH_ENROLMENTS", 100_000))
SAMPLE = int(os.environ.get("BENCH_SAMPLE", 10_000))
ONLY = os.environ.get("BENCH_ONLY", "")
PROGRESS = int(os.environ.get("BENCH_PROGRESS", 10_000))  # a line every so many step sends


def insert_customers(env, count, prefix):
    """``count`` customers with an email and a recorded email consent, in SQL."""
    from odoo.tools import SQL  # noqa: PLC0415
    env.cr.execute(SQL("""
        INSERT INTO res_partner (name, complete_name, email, email_normalized, ref, active, type, lang,
                                 smart_consent_email, smart_consent_sms, smart_consent_post, smart_consent_phone,
                                 message_bounce, create_date, write_date, create_uid, write_uid)
             SELECT '顧客 ' || n, '顧客 ' || n, %(prefix)s || n || '@example.jp', %(prefix)s || n || '@example.jp',
                    %(prefix)s || n, TRUE, 'contact', 'ja_JP', 'given', 'none', 'none', 'none', 0,
                    now(), now(), 1, 1
               FROM generate_series(1, %(count)s) AS n
          RETURNING id
    """, prefix=prefix, count=count))
    return [row[0] for row in env.cr.fetchall()]


def bench_list_refresh():
    with odoo_env(DB) as env:
        env.cr.execute("SELECT count(*) FROM res_partner WHERE ref LIKE 'lst-%%'")
        if env.cr.fetchone()[0] < CUSTOMERS:
            env.cr.execute("DELETE FROM res_partner WHERE ref LIKE 'lst-%%'")
            insert_customers(env, CUSTOMERS, "lst-")
        env.cr.execute("ANALYZE res_partner")
    with odoo_env(DB) as env:
        mailing_list = env["mailing.list"].create({
            "name": "ベンチ 動的リスト", "smart_dynamic": True,
            "smart_partner_domain": repr([("ref", "=like", "lst-%")])})
        with Timer() as first:
            mailing_list._smart_refresh()
            env.flush_all()
        env.cr.execute("SELECT count(*) FROM mailing_subscription WHERE list_id = %s", [mailing_list.id])
        members = env.cr.fetchone()[0]
        step = max(CUSTOMERS // 100, 1)
        env.cr.execute("UPDATE res_partner SET ref = 'gone-' || id WHERE ref LIKE 'lst-%%' AND id %% %s = 0",
                       [step])
        env.cr.execute("""UPDATE res_partner SET email = 'new-' || email, email_normalized = 'new-' || email
                           WHERE ref LIKE 'lst-%%' AND id %% %s = 1""", [step])
        env.invalidate_all()
        with Timer() as second:
            mailing_list._smart_refresh()
            env.flush_all()
        env.cr.rollback()
    with odoo_env(DB, commit=False) as env:
        env.cr.execute("SELECT id, name, email FROM res_partner WHERE ref LIKE 'lst-%%' ORDER BY id LIMIT %s",
                       [SAMPLE])
        rows = env.cr.fetchall()
        static = env["mailing.list"].create({"name": "ベンチ 静的リスト"})
        with Timer() as baseline:
            env["mailing.contact"].create([{"name": name, "email": email, "list_ids": [static.id]}
                                           for _id, name, email in rows])
            env.flush_all()
    scaled = baseline.seconds * CUSTOMERS / len(rows)
    report(f"dynamic list refresh, {CUSTOMERS:,} customers ({members:,} members)", [
        ("first refresh (all members added)", first.seconds, scaled, "s"),
        ("refresh after 1% left and 1% changed email", second.seconds, None, "s"),
        (f"(baseline: ORM contacts, {len(rows):,} timed, scaled)", None, baseline.seconds, "s"),
    ])


def remove_step_data(env):
    """What an earlier run left: the mass mailing commits as it sends."""
    env.cr.execute("""
        SELECT array_agg(m.id) FROM mailing_mailing m
         WHERE m.subject = 'ベンチ'
            OR m.id IN (SELECT st.mailing_id FROM smart_step st
                          JOIN smart_step_sequence sq ON sq.id = st.sequence_id WHERE sq.name->>'en_US' = 'ベンチ ステップメール')
    """)
    mailing_ids = env.cr.fetchone()[0] or []
    env.cr.execute("DELETE FROM mail_mail WHERE mailing_id = ANY(%s)", [mailing_ids])
    env.cr.execute("DELETE FROM mailing_trace WHERE mass_mailing_id = ANY(%s)", [mailing_ids])
    env.cr.execute("DELETE FROM smart_step_sequence WHERE name->>'en_US' = 'ベンチ ステップメール'")
    env.cr.execute("DELETE FROM mailing_mailing WHERE id = ANY(%s)", [mailing_ids])
    env.cr.execute("DELETE FROM res_partner WHERE ref LIKE 'stp-%%'")


def bench_step_scheduler():
    with odoo_env(DB) as env:
        remove_step_data(env)
    with odoo_env(DB) as env:
        insert_customers(env, ENROLMENTS, "stp-")
        env.cr.execute("ANALYZE res_partner")
        sequence = env["smart.step.sequence"].create({
            "name": "ベンチ ステップメール", "trigger": "segment",
            "partner_domain": repr([("ref", "=like", "stp-%")]),
            "step_ids": [(0, 0, {"name": "ようこそ", "wait_days": 0}), (0, 0, {"name": "翌週", "wait_days": 7})],
        })
        with Timer() as enrol:
            sequence.action_start()
            env.flush_all()
        done, shown = 0, 0
        with Timer() as run:
            while processed := env["smart.step.enrolment"]._process_due(500):
                env.flush_all()
                done += processed
                if done - shown >= PROGRESS:
                    # a run stopped from outside still says how far it went
                    shown = done
                    print(f"step mail: {done:,} enrolments processed in {time.perf_counter() - run.start:.0f} s, "
                          f"load average {os.getloadavg()[0]:.1f}", flush=True)
        env.cr.execute("SELECT count(*) FROM smart_step_send")
        sent = env.cr.fetchone()[0]
        print(f"step mail: {sent:,} steps sent in {run.seconds:.1f} s ({sent / run.seconds:.1f}/s); "
              f"now the baseline, one mass mailing to the same customers", flush=True)
        mailing = env["mailing.mailing"].create({
            "subject": "ベンチ", "body_html": "<p>ようこそ</p>",
            "mailing_model_id": env["ir.model"]._get_id("res.partner"),
            "mailing_domain": repr([("ref", "=like", "stp-%")])})
        with Timer() as baseline:
            mailing.action_send_mail()
            env.flush_all()
        env.cr.execute("SELECT count(*) FROM mailing_trace WHERE mass_mailing_id = %s", [mailing.id])
        mailed = env.cr.fetchone()[0]
    report(f"step-mail scheduler, {ENROLMENTS:,} enrolments ({sent:,} steps sent, baseline {mailed:,} mails)", [
        ("enrolment of the filter's customers", enrol.seconds, None, "s"),
        ("scheduler run, all due steps / one mass mailing", run.seconds, baseline.seconds, "s"),
        ("mails per second", sent / run.seconds, mailed / baseline.seconds, "/s"),
    ])


if __name__ == "__main__":
    ensure_db(DB, ["crm_smart_mail"])
    print(f"load average at start: {os.getloadavg()[0]:.1f} ({os.cpu_count()} CPUs)", flush=True)
    if ONLY in ("", "list"):
        bench_list_refresh()
    if ONLY in ("", "step"):
        bench_step_scheduler()
    print(f"load average at end: {os.getloadavg()[0]:.1f}")
