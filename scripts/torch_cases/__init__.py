"""The models gen_torch.py exports, one module per family, each with a CASES list."""
