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
    def _smart_sync_partners(self, partner_ids_sql):
        """Make sure every customer selected by ``partner_ids_sql`` (an SQL query
        returning customer ids) has its one mailing contact, with the customer's
        current name and email. Set-based, for lists of a million customers."""
        self.env["res.partner"].flush_model(["name", "email", "email_normalized"])
        self.flush_model()
        cr = self.env.cr
        cr.execute(SQL("""
            INSERT INTO mailing_contact (name, email, email_normalized, smart_partner_id, message_bounce,
                                         create_uid, write_uid, create_date, write_date)
                 SELECT p.name, p.email, p.email_normalized, p.id, 0, %(uid)s, %(uid)s, %(now)s, %(now)s
                   FROM res_partner p
                  WHERE p.id IN (%(partners)s)
                    AND NOT EXISTS (SELECT 1 FROM mailing_contact c WHERE c.smart_partner_id = p.id)
            ON CONFLICT (smart_partner_id) WHERE smart_partner_id IS NOT NULL DO NOTHING
        """, uid=self.env.uid, now=self.env.cr.now(), partners=partner_ids_sql))
        cr.execute(SQL("""
            UPDATE mailing_contact c
               SET name = p.name, email = p.email, email_normalized = p.email_normalized,
                   write_uid = %(uid)s, write_date = %(now)s
              FROM res_partner p
             WHERE c.smart_partner_id = p.id
               AND p.id IN (%(partners)s)
               AND (c.name IS DISTINCT FROM p.name OR c.email IS DISTINCT FROM p.email
                    OR c.email_normalized IS DISTINCT FROM p.email_normalized)
        """, uid=self.env.uid, now=self.env.cr.now(), partners=partner_ids_sql))
        self.invalidate_model()
