"""Visits paid with a coupon kept a sentence in the language of the counter
("Coupon …: 300 yen off a purchase of 3,000 yen") as their items. They now
keep the coupon, whose note each reader sees in their own language: link the
coupon, and drop the sentence where it is the one the payment wrote (English
or Japanese), keeping any note a user wrote."""
from odoo.tools import SQL


def migrate(cr, version):
    if not version:
        return
    cr.execute(SQL(
        r"""UPDATE smart_visit v
               SET coupon_id = c.id,
                   description = CASE WHEN v.description ~ %(english)s OR v.description ~ %(japanese)s
                                      THEN NULL ELSE v.description END
              FROM valuecard_coupon c
             WHERE c.state = 'redeemed' AND v.coupon_id IS NULL AND v.company_id = c.company_id
               AND v.external_ref = 'valuecard:' || c.redeemed_card_id || ':' || c.redeemed_reference""",
        english=r"^Coupon .*: [0-9,]+ yen off a purchase of [0-9,]+ yen$",
        japanese=r"^クーポン .*: お買い上げ[0-9,]+円から[0-9,]+円引き$"))
