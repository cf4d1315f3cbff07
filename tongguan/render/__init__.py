"""The render layer: the library's answers as text, Markdown, HTML and drawings, for the front ends.

It sits above what it renders (explain, planning, audit) and below the front ends (`tongguan.cli`);
one module per kind of answer (e.g. `tongguan.render.explanation`).
"""
