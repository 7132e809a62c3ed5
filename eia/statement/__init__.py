"""The impact statement: content built once, rendered as PDF, Word and Markdown."""
