from odoo import api, fields, models
from odoo.tools import SQL


class MailingContact(models.Model):
    _inherit = "mailing.contact"

    smart_partner_id = fields.Many2one("res.partner", string="Customer", index="btree_not_null",
                                       ondelete="cascade", readonly=True,
                                       help="The customer this contact stands for: consent, blacklist and bounces "
                                            "are those of the customer.")

    _smart_partner_unique = models.UniqueIndex("(smart_partner_id) WHERE smart_partner_id IS NOT NULL")

    @api.model
    @api.private
    def _smart_sync_partners(self, partner_query):
        """Make sure every customer of ``partner_query`` (the Query of a customer
        search, ``res.partner._search(domain)``) has its one mailing contact,
        with the customer's current name and email.

        Set-based, for lists of a million customers: the customers are read
        once, beside their contact, into the temporary table
        ``smart_contact_sync (partner_id, contact_id)``; only the missing
        contacts are inserted and only those whose customer changed are
        updated. The table stays until the end of the transaction, for the
        caller to join with (the list refresh diffs its subscriptions with it),
        on ``contact_id`` (a row without one stands for nothing)."""
        # the query may read any field (custom fields, segments on other records)
        self.env.flush_all()
        cr = self.env.cr
        now = cr.now()
        cr.execute(SQL("DROP TABLE IF EXISTS smart_contact_sync"))
        cr.execute(SQL("""
            CREATE TEMPORARY TABLE smart_contact_sync ON COMMIT DROP AS
                 SELECT p.id AS partner_id, c.id AS contact_id,
                        c.id IS NOT NULL AND (c.name IS DISTINCT FROM p.name OR c.email IS DISTINCT FROM p.email
                                              OR c.email_normalized IS DISTINCT FROM p.email_normalized) AS stale
                   FROM (%s) AS p
              LEFT JOIN mailing_contact c ON c.smart_partner_id = p.id
        """, partner_query.select(*(SQL("%s AS %s", SQL.identifier("res_partner", name), SQL.identifier(name))
                                    for name in ("id", "name", "email", "email_normalized")))))
        # analysed at once, so that the statements below look up the few rows they
        # touch by their keys rather than join whole tables
        cr.execute(SQL("ANALYZE smart_contact_sync"))
        # the missing contacts (a contact another transaction created meanwhile is
        # taken over), added to the table as new rows: rewriting a million rows of
        # a first refresh would cost more than the insert itself
        cr.execute(SQL("""
            WITH created AS (
                INSERT INTO mailing_contact (name, email, email_normalized, smart_partner_id, message_bounce,
                                             create_uid, write_uid, create_date, write_date)
                     SELECT p.name, p.email, p.email_normalized, p.id, 0, %(uid)s, %(uid)s, %(now)s, %(now)s
                       FROM smart_contact_sync m
                       JOIN res_partner p ON p.id = m.partner_id
                      WHERE m.contact_id IS NULL
                ON CONFLICT (smart_partner_id) WHERE smart_partner_id IS NOT NULL
                DO UPDATE SET name = EXCLUDED.name, email = EXCLUDED.email,
                              email_normalized = EXCLUDED.email_normalized,
                              write_uid = EXCLUDED.write_uid, write_date = EXCLUDED.write_date
                  RETURNING id, smart_partner_id
            )
            INSERT INTO smart_contact_sync (partner_id, contact_id, stale)
                 SELECT smart_partner_id, id, FALSE FROM created
        """, uid=self.env.uid, now=now))
        created = cr.rowcount
        cr.execute(SQL("""
            UPDATE mailing_contact c
               SET name = p.name, email = p.email, email_normalized = p.email_normalized,
                   write_uid = %(uid)s, write_date = %(now)s
              FROM smart_contact_sync m
              JOIN res_partner p ON p.id = m.partner_id
             WHERE m.stale AND c.id = m.contact_id
        """, uid=self.env.uid, now=now))
        # indexed, so that joins can look members up, whatever the planner believes
        # of a table that just got a million rows
        cr.execute(SQL("CREATE UNIQUE INDEX ON smart_contact_sync (contact_id)"))
        if created:
            cr.execute(SQL("ANALYZE smart_contact_sync"))
        self.invalidate_model()
