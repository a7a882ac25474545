from odoo.tests import HttpCase, new_test_user, tagged


@tagged("post_install", "-at_install")
class TestHomeAction(HttpCase):
    """Counter staff land on the counter screen, everyone else where they did."""

    def home_action(self, user):
        self.authenticate(user.login, user.login)
        return self.make_jsonrpc_request("/web/session/get_session_info")["home_action_id"]

    def test_terminal_user_lands_on_the_counter(self):
        counter = self.env.ref("crm_valuecard.action_valuecard_counter")
        cashier = new_test_user(self.env, login="vc_home_cashier", groups="crm_valuecard.group_valuecard_terminal")
        self.assertEqual(cashier._valuecard_home_action(), counter)
        self.assertEqual(self.home_action(cashier), counter.id)
        # a home action of the user's own still wins
        own = self.env.ref("crm_valuecard.valuecard_card_action")
        cashier.write({"action_id": own.id})
        self.assertFalse(cashier._valuecard_home_action())
        self.assertEqual(self.home_action(cashier), own.id)

    def test_other_users_keep_their_landing(self):
        for login, groups in (("vc_home_rep", "crm_smart_base.group_smart_user,crm_valuecard.group_valuecard_terminal"),
                              ("vc_home_manager", "crm_smart_base.group_smart_manager"),
                              ("vc_home_employee", "base.group_user")):
            with self.subTest(login=login):
                user = new_test_user(self.env, login=login, groups=groups)
                self.assertFalse(user._valuecard_home_action())
                self.assertFalse(self.home_action(user))
