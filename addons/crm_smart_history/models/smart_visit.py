from odoo import api, fields, models
from odoo.exceptions import UserError
from odoo.tools import SQL

VISIT_CHANNELS = [("store", "Store"), ("ec", "Online Shop"), ("phone", "Phone"), ("event", "Event")]
VISIT_SOURCES = [("counter", "Counter Entry"), ("valuecard", "Value Card Payment"), ("upload", "Upload"),
                 ("api", "API")]
VISIT_STATES = [("done", "Done"), ("reversed", "Reversed")]
# set by the import, the value-card payments and refunds, never by a user's form
WORKFLOW_FIELDS = ("source", "state", "external_ref")


class SmartVisit(models.Model):
    """A visit of a customer, with what they bought. Visits come from the
    counter (this model's form), value-card payments (the
    crm_valuecard_history bridge) and bulk imports (``import_visits``);
    they feed the RFM scores and lifetime value of the customer."""

    _name = "smart.visit"
    _description = "Customer Visit"
    _order = "date desc, id desc"
    _rec_name = "partner_id"
    _check_company_auto = True

    partner_id = fields.Many2one("res.partner", string="Customer", required=True, index=True,
                                 ondelete="restrict", check_company=True)
    # searched through the unique (company_id, external_ref) index; the other indexes are those a
    # search narrows with: every index more is paid by each imported row
    company_id = fields.Many2one("res.company", required=True, default=lambda self: self.env.company)
    currency_id = fields.Many2one(related="company_id.currency_id")
    date = fields.Datetime(required=True, index=True, default=fields.Datetime.now)
    store = fields.Char(string="Store / Terminal", help="Where the customer came: a store, a register, a site.")
    amount = fields.Monetary(help="What the customer paid on this visit (0 for a visit without a purchase).")
    description = fields.Text(string="Items", help="What was bought, or a free note on the visit.")
    channel = fields.Selection(VISIT_CHANNELS, required=True, default="store")
    source = fields.Selection(VISIT_SOURCES, required=True, default="counter", readonly=True)
    state = fields.Selection(VISIT_STATES, required=True, default="done", readonly=True,
                             help="A visit paid by value card is reversed when the payment is refunded; "
                             "reversed visits do not count in the customer's value.")
    external_ref = fields.Char(
        string="External Reference", readonly=True, copy=False,
        help="Reference of the visit in the system it came from (receipt, order, payment): "
        "the same reference is never recorded twice.")
    user_id = fields.Many2one("res.users", string="Recorded by", default=lambda self: self.env.user,
                              readonly=True)

    _amount_not_negative = models.Constraint(
        "CHECK(amount >= 0)", "The amount of a visit cannot be negative.")
    _external_ref_unique = models.Constraint(
        "UNIQUE(company_id, external_ref)", "A visit with this external reference already exists.")

    @api.model_create_multi
    def create(self, vals_list):
        for vals in vals_list:
            self._check_amount(vals)
            if not self.env.su:
                # counter staff record counter visits; the other sources write through their own paths
                for name in WORKFLOW_FIELDS:
                    vals.pop(name, None)
                vals.pop("user_id", None)
        newcomers = self._smart_partners_without_visit({vals.get("partner_id") for vals in vals_list})
        visits = super().create(vals_list)
        self._smart_announce_first_visits(newcomers)
        return visits

    def write(self, vals):
        self._check_amount(vals)
        if not self.env.su and any(name in vals for name in (*WORKFLOW_FIELDS, "user_id")):
            raise UserError(self.env._("The source, state, reference and author of a visit cannot be changed."))
        return super().write(vals)

    @api.model
    def _check_amount(self, vals):
        amount = vals.get("amount")
        if isinstance(amount, (int, float)) and amount < 0:
            raise UserError(self.env._("The amount of a visit cannot be negative."))

    @api.model
    @api.private
    def _smart_partners_without_visit(self, partner_ids):
        """The ids among ``partner_ids`` of the customers who have never visited
        (no visit at all, in any company): asked before writing visits, in one
        query however many rows an import holds, and only while something (a
        step mail) starts on a first visit."""
        ids = sorted({partner_id for partner_id in partner_ids if isinstance(partner_id, int)})
        if not ids or not self.env["res.partner"]._smart_customer_event_wanted("first_visit"):
            return []
        self.flush_model(["partner_id"])
        # the ids as one array text: PostgreSQL parses one value, not a parameter per customer
        self.env.cr.execute(SQL(
            """SELECT p.id FROM unnest(%s::int4[]) AS p(id)
                WHERE NOT EXISTS (SELECT 1 FROM smart_visit v WHERE v.partner_id = p.id)""",
            "{%s}" % ",".join(map(str, ids))))
        return [row[0] for row in self.env.cr.fetchall()]

    @api.model
    @api.private
    def _smart_announce_first_visits(self, newcomers):
        """Announce the first visit of the customers ``newcomers`` (who had none
        before the caller wrote its visits) who now have one: a replayed or
        skipped row records no visit, so no first visit either."""
        if not newcomers:
            return
        self.flush_model(["partner_id"])
        self.env.cr.execute(SQL(
            "SELECT DISTINCT partner_id FROM smart_visit WHERE partner_id = ANY(%s::int4[])",
            "{%s}" % ",".join(map(str, newcomers))))
        visited = self.env["res.partner"].browse(row[0] for row in self.env.cr.fetchall())
        if visited:
            visited._smart_customer_event("first_visit")

    @api.model
    def _demo_generate(self, partner_ids):
        """A year of visits for the demo customers, each with its own habit
        (regular, new, fading, gone), then their values computed."""
        import datetime  # noqa: PLC0415
        import random  # noqa: PLC0415

        rng = random.Random(20261202)
        now = fields.Datetime.now().replace(minute=0, second=0, microsecond=0)
        places = [("本店", "store"), ("駅前店", "store"), ("オンラインストア", "ec"), ("電話注文", "phone"),
                  ("春の試食会", "event")]
        items = ["季節の和菓子詰め合わせ", "煎茶 100g", "ほうじ茶ラテ", "抹茶ロールケーキ", "贈答用ギフトセット",
                 "どら焼き 5個入り", "玄米茶ティーバッグ"]
        # (first day back, last day back, visits, average yen) per customer, in the order given
        habits = [(360, 2, 40, 3200), (300, 5, 18, 5800), (20, 1, 2, 2400), (365, 200, 14, 4100),
                  (340, 120, 6, 2600), (250, 10, 9, 12000), (365, 290, 3, 1800), (90, 30, 4, 7000)]
        values = []
        for index, partner_id in enumerate(partner_ids):
            first, last, count, average = habits[index % len(habits)]
            for number in range(count):
                days = last + (first - last) * number // max(count - 1, 1)
                place, channel = rng.choice(places)
                date = now - datetime.timedelta(days=days, hours=rng.randint(0, 9))
                amount = max(0, round(rng.gauss(average, average / 3), -1)) if rng.random() > 0.1 else 0
                values.append((partner_id, date, place, amount, "、".join(rng.sample(items, rng.randint(1, 3))),
                               channel, f"DEMO-V-{partner_id}-{number:03d}"))
        self.sudo()._import_write(values, "upload")
        self.env["smart.customer.value"].sudo()._recompute()
