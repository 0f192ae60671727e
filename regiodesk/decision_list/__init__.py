"""The decision list (besluitenlijst) of a meeting: what it says, as a PDF, and as public data.

* ``content``: the list as data (``load_content``) and its language-independent ``fingerprint``.
* ``pdf``: the list as a PDF a municipality would publish (the only module that uses reportlab).
* ``publication``: the public (Woo) version as JSON and CSV.
"""
