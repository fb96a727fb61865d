"""End-to-end tests: generated clients against a Prism mock server on 127.0.0.1.

A package, so that this folder's conftest does not clash with tests/conftest.py.
"""
