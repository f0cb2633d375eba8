"""The site proven in a real browser (issue 6): accessible, valid, fast on a phone.

A package, so that its conftest.py does not shadow tests/conftest.py (imported as `conftest`).
"""
