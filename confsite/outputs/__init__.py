"""What the site is made of, one unit per kind of page and per export.

Each unit plans its outputs from the resolved site and renders one of them; `registry` lists
them once, and `render` is one loop over that list. A new kind of page is a module here and a
line in the registry.
"""
