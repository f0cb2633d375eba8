"""confsite: a static site generator for the microsites of a travelling conference.

The stages, one module each, in the order data flows through them:
load (files -> documents) -> validate (documents -> model) -> resolve (model -> site)
-> render (site -> outputs) -> write (outputs -> output folder).
"""
