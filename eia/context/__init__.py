"""Context data: the disaggregated figures beside the questions, and what the rules read of them."""
