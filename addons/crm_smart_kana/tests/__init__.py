from . import test_kana_json2
from . import test_kana_upload
from . import test_partner_kana
from . import test_rpc
from . import test_translations
