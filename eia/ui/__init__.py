"""The Streamlit face: the only package that imports streamlit. Pages call the services only."""
