{
    "name": "Benchmark: eWallet payments (ベンチマーク用)",
    "summary": "Odoo's eWallet payment as one method, for the value-card benchmark only (ベンチマーク専用)",
    "version": "19.0.1.0.0",
    "category": "Hidden",
    "license": "LGPL-3",
    "author": "Smart CRM",
    "depends": ["loyalty"],
    "installable": True,
}
