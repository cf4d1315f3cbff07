"""Rendering: text, Markdown, HTML and drawings of what the library computes."""
