"""Build stage: the full build and the live preview around one list of outputs, their caches, search, publishing."""
